#include "cel-application.h"

#include <glib/gi18n.h>

#include "cel-config.h"
#include "cel-parallel.h"
#include "cel-preferences.h"
#include "cel-registry.h"
#include "cel-window.h"

struct _CelApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (CelApplication, cel_application, ADW_TYPE_APPLICATION)

static CelWindow *
get_window (CelApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (cel_window_new (GTK_APPLICATION (self)));
  return CEL_WINDOW (window);
}

static void
cel_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (CEL_APPLICATION (app))));
}

static void
cel_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      CelWindow *window = i == 0 ? get_window (CEL_APPLICATION (app))
                                 : cel_window_new (GTK_APPLICATION (app));
      cel_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
apply_color_scheme (CelApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint i = (guint) g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (i, G_N_ELEMENTS (schemes) - 1)]);
}

static void
apply_threads (CelApplication *self)
{
  cel_parallel_set_threads (g_settings_get_uint (self->settings, "compute-threads"));
}

/* The research the models build on, each with the ids of the models that
 * use it: the About window credits only what the registered models use. */
static const struct {
  const char *credit;
  const char *models[3];
} research[] = {
  { N_("John H. Conway — the Game of Life (1970)"), { "life" } },
  { N_("Brian Silverman — Brian’s Brain"), { "life" } },
  { N_("Andrew Trevorrow, Tom Rokicki and the Golly team — the RLE and plaintext pattern formats"), { "life" } },
  { N_("Stephen Wolfram — elementary cellular automata (1983)"), { "eca" } },
  { N_("Matthew Cook — the universality of rule 110 (2004)"), { "eca" } },
  { N_("Abraham Lempel and Jacob Ziv — the complexity of finite sequences (1976)"), { "eca" } },
  { N_("Dante R. Chialvo — the Chialvo neuron map (1995)"), { "maps" } },
  { N_("Nikolai F. Rulkov — the Rulkov neuron map (2001)"), { "maps" } },
  { N_("Robert M. May — the logistic map (1976)"), { "maps" } },
  { N_("Edward N. Lorenz — the Lorenz system (1963)"), { "flows" } },
  { N_("Otto E. Rössler — the Rössler system (1976)"), { "flows" } },
  { N_("Giancarlo Benettin et al. — computing Lyapunov exponents (1980)"), { "flows" } },
  { N_("Georg A. Gottwald and Ian Melbourne — the 0–1 test for chaos (2004, 2009)"), { "maps", "flows" } },
  { N_("Yoshiki Kuramoto — coupled phase oscillators (1975, 1984)"), { "kuramoto" } },
  { N_("Hidetsugu Sakaguchi and Yoshiki Kuramoto — oscillators with a phase lag (1986)"), { "kuramoto" } },
  { N_("Herbert Jaeger — echo state networks (2001)"), { "reservoir" } },
  { N_("Tim P. Vogels and L. F. Abbott — balanced networks of integrate-and-fire neurons (2005)"), { "snn" } },
  { N_("Keshav Srinivasan, Dietmar Plenz and Michelle Girvan — reservoirs with adaptive excitation–inhibition balance (2025)"), { "reservoir" } },
};

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  CelApplication *self = data;
  const char *developers[] = { _("The Cellarium developers"), NULL };
  g_autoptr (GPtrArray) credits = g_ptr_array_new ();
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  for (guint i = 0; i < G_N_ELEMENTS (research); i++)
    for (guint j = 0; j < G_N_ELEMENTS (research[i].models) && research[i].models[j]; j++)
      if (cel_registry_lookup (research[i].models[j]))
        {
          g_ptr_array_add (credits, (gpointer) _(research[i].credit));
          break;
        }
  g_ptr_array_add (credits, NULL);

  adw_about_window_set_application_name (about, _("Cellarium"));
  adw_about_window_set_application_icon (about, "io.github.cellarium.Cellarium");
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Cellarium developers"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, "https://github.com/cellarium/cellarium");
  adw_about_window_set_issue_url (about, "https://github.com/cellarium/cellarium/issues");
  adw_about_window_set_comments (about, _("A laboratory for self-organising and brain-inspired systems"));
  /* TRANSLATORS: your name (and optionally an e-mail address or a web page,
   * one translator per line), shown in the About window. */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_add_credit_section (about, _("Research"), (const char **) credits->pdata);
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  CelApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (cel_preferences_new (self->settings, parent)));
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (data));

  /* Closing each window saves its size through close-request. */
  for (GList *l = g_list_copy (windows); l; l = g_list_delete_link (l, l))
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
};

static void
cel_application_startup (GApplication *app)
{
  CelApplication *self = CEL_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.import-pattern", { "<Control>i", NULL } },
    { "win.export-image", { "<Control>e", NULL } },
    { "win.export-plot-data", { "<Control><Shift>e", NULL } },
    { "win.export-animation", { "<Control><Alt>e", NULL } },
    { "win.reset", { "<Control>r", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-fit", { "<Control>0", NULL } },
    { "win.zoom-one", { "<Control>1", NULL } },
  };

  G_APPLICATION_CLASS (cel_application_parent_class)->startup (app);

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/cellarium/Cellarium/icons");
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->settings = g_settings_new ("io.github.cellarium.Cellarium");
  g_signal_connect_swapped (self->settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme), self);
  g_signal_connect_swapped (self->settings, "changed::compute-threads", G_CALLBACK (apply_threads), self);
  apply_color_scheme (self);
  apply_threads (self);
}

static void
cel_application_finalize (GObject *object)
{
  g_clear_object (&CEL_APPLICATION (object)->settings);
  G_OBJECT_CLASS (cel_application_parent_class)->finalize (object);
}

static void
cel_application_class_init (CelApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cel_application_finalize;
  app_class->activate = cel_application_activate;
  app_class->open = cel_application_open;
  app_class->startup = cel_application_startup;
}

static void
cel_application_init (CelApplication *self)
{
}

CelApplication *
cel_application_new (void)
{
  return g_object_new (CEL_TYPE_APPLICATION,
                       "application-id", "io.github.cellarium.Cellarium",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/cellarium/Cellarium",
                       NULL);
}
