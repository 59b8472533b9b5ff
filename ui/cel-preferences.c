#include "cel-preferences.h"

#include <glib/gi18n.h>

struct _CelPreferences
{
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;

  AdwComboRow    *style_row;
  AdwComboRow    *colormap_row;
  GtkSpinButton  *grid_size_spin;
  AdwActionRow   *threads_row;
  GtkSpinButton  *threads_spin;
  GtkSpinButton  *autosave_spin;
};

G_DEFINE_FINAL_TYPE (CelPreferences, cel_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* The nicks of the ColorScheme enum in the schema, in the order of the
 * style row's items. */
static const char *const style_nicks[] = { "system", "light", "dark", NULL };

/* Binds a string key to a combo row's "selected" through a list of the
 * key's allowed values, the row's items in the same order. */
static gboolean
string_to_selected (GValue *value, GVariant *variant, gpointer data)
{
  const char *const *names = data;
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; names[i]; i++)
    if (g_str_equal (names[i], name))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  /* Not one of ours: GSettings falls back to the schema default. */
  return FALSE;
}

static GVariant *
selected_to_string (const GValue *value, const GVariantType *type, gpointer data)
{
  const char *const *names = data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) names))
    return NULL;
  return g_variant_new_string (names[selected]);
}

static void
bind_combo (CelPreferences *self, const char *key, AdwComboRow *row, const char *const *names)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                string_to_selected, selected_to_string, (gpointer) names, NULL);
}

static void
fill_colormaps (CelPreferences *self)
{
  const char *const *maps = cel_colormap_list ();
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);

  /* Colormap names are proper names (viridis, magma, …), shown capitalised
   * as in the window's colormap menu. */
  for (guint i = 0; maps[i]; i++)
    {
      g_autofree char *label = g_strdup (maps[i]);

      label[0] = g_ascii_toupper (label[0]);
      gtk_string_list_append (list, label);
    }
  adw_combo_row_set_model (self->colormap_row, G_LIST_MODEL (list));
}

static void
bind_spin (CelPreferences *self, const char *key, GtkSpinButton *spin)
{
  g_settings_bind (self->settings, key, gtk_spin_button_get_adjustment (spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
cel_preferences_constructed (GObject *object)
{
  CelPreferences *self = CEL_PREFERENCES (object);
  guint cores = g_get_num_processors ();
  g_autofree char *threads_hint = NULL;

  G_OBJECT_CLASS (cel_preferences_parent_class)->constructed (object);

  bind_combo (self, "color-scheme", self->style_row, style_nicks);
  fill_colormaps (self);
  bind_combo (self, "colormap", self->colormap_row, cel_colormap_list ());
  bind_spin (self, "default-grid-size", self->grid_size_spin);
  bind_spin (self, "compute-threads", self->threads_spin);
  bind_spin (self, "autosave-interval", self->autosave_spin);

  threads_hint = g_strdup_printf (ngettext ("0 runs one thread per processor core: this computer has %u core",
                                            "0 runs one thread per processor core: this computer has %u cores",
                                            cores),
                                  cores);
  adw_action_row_set_subtitle (self->threads_row, threads_hint);
}

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static void
cel_preferences_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CelPreferences *self = CEL_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_preferences_dispose (GObject *object)
{
  CelPreferences *self = CEL_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CEL_TYPE_PREFERENCES);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (cel_preferences_parent_class)->dispose (object);
}

static void
cel_preferences_class_init (CelPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cel_preferences_constructed;
  object_class->set_property = cel_preferences_set_property;
  object_class->dispose = cel_preferences_dispose;

  g_object_class_install_property (object_class, PROP_SETTINGS,
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cellarium/Cellarium/ui/cel-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, CelPreferences, style_row);
  gtk_widget_class_bind_template_child (widget_class, CelPreferences, colormap_row);
  gtk_widget_class_bind_template_child (widget_class, CelPreferences, grid_size_spin);
  gtk_widget_class_bind_template_child (widget_class, CelPreferences, threads_row);
  gtk_widget_class_bind_template_child (widget_class, CelPreferences, threads_spin);
  gtk_widget_class_bind_template_child (widget_class, CelPreferences, autosave_spin);
}

static void
cel_preferences_init (CelPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CelPreferences *
cel_preferences_new (GSettings *settings, GtkWindow *parent)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CEL_TYPE_PREFERENCES,
                       "settings", settings,
                       "transient-for", parent,
                       NULL);
}

gboolean
cel_preferences_apply_grid_size (CelModel *model, guint size, GError **error)
{
  static const char *const names[] = { "width", "height" };
  gboolean changed = FALSE;

  g_return_val_if_fail (CEL_IS_MODEL (model), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GParamSpec *pspec = cel_model_find_param (model, names[i]);
      g_auto (GValue) value = G_VALUE_INIT;
      GParamSpecUInt *range;

      if (pspec == NULL || !G_IS_PARAM_SPEC_UINT (pspec))
        continue;
      range = G_PARAM_SPEC_UINT (pspec);
      g_value_init (&value, G_TYPE_UINT);
      g_value_set_uint (&value, CLAMP (size, range->minimum, range->maximum));
      if (!cel_model_set_param (model, names[i], &value, error))
        return FALSE;
      changed = TRUE;
    }
  if (changed)
    cel_model_reset (model);
  return TRUE;
}
