/* The preferences window under Xvfb: every row follows its GSettings key and
 * writes it back, an unknown stored colormap shows the schema default, the
 * threads row names this computer's core count, and the default grid size
 * reaches the width and height of the models that have them. */
#include <adwaita.h>
#include <glib/gi18n.h>

#include "cel-preferences.h"
#include "test-ui-util.h"

/* The preferences row titled title (as written in the .ui file, with its
 * mnemonic underscore). */
static GtkWidget *
find_row (GtkWidget *widget, const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);
      if (found)
        return found;
    }
  return NULL;
}

static GtkSpinButton *
find_spin (GtkWidget *widget)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    return GTK_SPIN_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSpinButton *found = find_spin (child);
      if (found)
        return found;
    }
  return NULL;
}

typedef struct {
  GSettings      *settings;
  CelPreferences *prefs;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->settings = g_settings_new ("io.github.cellarium.Cellarium");
  f->prefs = cel_preferences_new (f->settings, NULL);
  gtk_window_present (GTK_WINDOW (f->prefs));
  test_ui_iterate ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->prefs));
  test_ui_iterate ();
  /* The memory backend is shared by the whole process: put every key back. */
  g_settings_reset (f->settings, "color-scheme");
  g_settings_reset (f->settings, "colormap");
  g_settings_reset (f->settings, "default-grid-size");
  g_settings_reset (f->settings, "compute-threads");
  g_settings_reset (f->settings, "autosave-interval");
  g_object_unref (f->settings);
}

static void
test_style (Fixture *f, gconstpointer data)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_row (GTK_WIDGET (f->prefs), "_Style"));
  g_autoptr (GVariant) nick = NULL;

  /* Items: Follow System, Light, Dark (the schema's ColorScheme nicks). */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  g_settings_set_enum (f->settings, "color-scheme", 2);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);

  adw_combo_row_set_selected (row, 1);
  g_assert_cmpint (g_settings_get_enum (f->settings, "color-scheme"), ==, 1);
  nick = g_settings_get_value (f->settings, "color-scheme");
  g_assert_cmpstr (g_variant_get_string (nick, NULL), ==, "light");
}

static void
test_colormap (Fixture *f, gconstpointer data)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_row (GTK_WIDGET (f->prefs), "Default _Colormap"));
  const char *const *maps = cel_colormap_list ();
  guint n = g_strv_length ((char **) maps);
  g_autofree char *chosen = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, n);
  g_assert_cmpstr (maps[adw_combo_row_get_selected (row)], ==, "viridis");

  g_settings_set_string (f->settings, "colormap", maps[n - 1]);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, n - 1);

  adw_combo_row_set_selected (row, 1);
  chosen = g_settings_get_string (f->settings, "colormap");
  g_assert_cmpstr (chosen, ==, maps[1]);

  /* A name that is no colormap (an edited or older settings database)
   * shows the schema default rather than failing. */
  g_settings_set_string (f->settings, "colormap", "no-such-colormap");
  g_assert_cmpstr (maps[adw_combo_row_get_selected (row)], ==, "viridis");
}

static void
check_spin (Fixture *f, const char *title, const char *key, guint initial, guint from_settings,
            guint from_widget)
{
  GtkWidget *row = find_row (GTK_WIDGET (f->prefs), title);
  GtkSpinButton *spin;

  g_assert_nonnull (row);
  spin = find_spin (row);
  g_assert_nonnull (spin);

  g_assert_cmpuint (gtk_spin_button_get_value_as_int (spin), ==, initial);
  g_settings_set_uint (f->settings, key, from_settings);
  g_assert_cmpuint (gtk_spin_button_get_value_as_int (spin), ==, from_settings);
  gtk_spin_button_set_value (spin, from_widget);
  g_assert_cmpuint (g_settings_get_uint (f->settings, key), ==, from_widget);
}

static void
test_spins (Fixture *f, gconstpointer data)
{
  /* Initial values are the schema defaults. */
  check_spin (f, "Default _Grid Size", "default-grid-size", 256, 512, 1024);
  check_spin (f, "Compute _Threads", "compute-threads", 0, 2, 1);
  check_spin (f, "_Autosave Interval", "autosave-interval", 60, 300, 15);
}

static void
test_spin_range (Fixture *f, gconstpointer data)
{
  GtkSpinButton *spin = find_spin (find_row (GTK_WIDGET (f->prefs), "Default _Grid Size"));

  /* The spin button stops at the schema's range (8 … 16384), so the key is
   * never written out of range. */
  gtk_spin_button_set_value (spin, 1e6);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "default-grid-size"), ==, 16384);
  gtk_spin_button_set_value (spin, 1);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "default-grid-size"), ==, 8);
}

static void
test_threads_hint (Fixture *f, gconstpointer data)
{
  AdwActionRow *row = ADW_ACTION_ROW (find_row (GTK_WIDGET (f->prefs), "Compute _Threads"));
  g_autofree char *cores = g_strdup_printf (" %u ", g_get_num_processors ());

  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), cores));
}

static void
test_grid_size (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelModel) life = cel_model_new ("life", &error);
  g_autoptr (CelModel) eca = cel_model_new ("eca", &error);
  g_autofree char *history = NULL;
  GParamSpecUInt *range;
  guint width, height;

  g_assert_no_error (error);
  g_assert_true (cel_preferences_apply_grid_size (life, 512, &error));
  g_assert_no_error (error);
  cel_model_get_size (life, &width, &height);
  g_assert_cmpuint (width, ==, 512);
  g_assert_cmpuint (height, ==, 512);

  /* Beyond the parameter's range: clamped to its maximum. */
  range = G_PARAM_SPEC_UINT (cel_model_find_param (life, "width"));
  g_assert_true (cel_preferences_apply_grid_size (life, G_MAXUINT, &error));
  cel_model_get_size (life, &width, &height);
  g_assert_cmpuint (width, ==, range->maximum);
  g_assert_cmpuint (height, ==, range->maximum);
  g_assert_true (cel_preferences_apply_grid_size (life, 8, &error));

  /* An elementary automaton has a width but no height: the diagram's rows
   * stay its history (default 256). */
  history = cel_model_get_param_string (eca, "history");
  g_assert_true (cel_preferences_apply_grid_size (eca, 100, &error));
  g_assert_no_error (error);
  cel_model_get_size (eca, &width, &height);
  g_assert_cmpuint (width, ==, 100);
  g_assert_cmpstr (history, ==, "256");
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/preferences/style", Fixture, NULL, fixture_set_up, test_style, fixture_tear_down);
  g_test_add ("/preferences/colormap", Fixture, NULL, fixture_set_up, test_colormap, fixture_tear_down);
  g_test_add ("/preferences/spins", Fixture, NULL, fixture_set_up, test_spins, fixture_tear_down);
  g_test_add ("/preferences/spin-range", Fixture, NULL, fixture_set_up, test_spin_range, fixture_tear_down);
  g_test_add ("/preferences/threads-hint", Fixture, NULL, fixture_set_up, test_threads_hint, fixture_tear_down);
  g_test_add_func ("/preferences/grid-size", test_grid_size);
  return g_test_run ();
}
