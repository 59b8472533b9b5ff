#include "cel-application.h"

#include <glib/gi18n.h>

#include "cel-config.h"
#include "cel-parallel.h"
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

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  CelApplication *self = data;
  static const char *developers[] = { N_("The Cellarium developers"), NULL };
  static const char *research[] = {
    "John H. Conway — Game of Life",
    "Stephen Wolfram — elementary cellular automata",
    "Andrew Trevorrow, Tom Rokicki et al. — Golly and its pattern formats",
    NULL
  };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Cellarium"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), "io.github.cellarium.Cellarium");
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Cellarium developers"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("A laboratory for self-organising and brain-inspired systems"));
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about), _("Research"), research);
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (about));
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
    { "win.new", { "<Control>n", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.import-pattern", { "<Control>i", NULL } },
    { "win.export-image", { "<Control>e", NULL } },
    { "win.export-plot-data", { "<Control><Shift>e", NULL } },
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
