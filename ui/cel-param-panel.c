#include "cel-param-panel.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Spin buttons hold doubles: 64-bit parameters whose range goes beyond the
 * integers a double represents exactly (±2^53) get a text entry instead. */
#define EXACT_DOUBLE_LIMIT 9007199254740992.0
/* Most decimals a spin button shows for a real-valued parameter. */
#define MAX_DIGITS 6
/* Widest spin button, in characters; longer values scroll inside. */
#define MAX_SPIN_CHARS 7

typedef enum {
  EDITOR_SWITCH,
  EDITOR_SPIN,
  EDITOR_COMBO,
  EDITOR_ENTRY,
} EditorKind;

typedef struct {
  CelParamPanel      *panel;
  GParamSpec         *pspec;
  EditorKind          kind;
  GtkWidget          *row;          /* AdwActionRow (an AdwComboRow for enums) */
  GtkWidget          *editor;       /* GtkSwitch, GtkSpinButton, the combo row, GtkEntry */
  GtkEventController *focus;        /* entries: applies the text when focus leaves */
  gboolean            integer;      /* spin buttons: whole numbers only */
  guint               digits;       /* spin buttons: decimals shown at least */
  char               *description;  /* translated */
  char               *value;        /* canonical text of the scratch copy's value */
  char               *reset_value;  /* the value the running model was reset with */
  char               *default_value;
  char               *error;        /* why the shown input was refused, or NULL */
} ParamRow;

struct _CelParamPanel
{
  GtkWidget  parent_instance;

  GtkWidget *page;          /* AdwPreferencesPage, rebuilt for each model */
  GtkWidget *bottom_bar;
  GtkWidget *reset_button;

  CelModel  *model;         /* the scratch copy */
  GPtrArray *rows;          /* ParamRow*, in declaration order */
  gboolean   updating;      /* editors are being set from code: no applying */
};

G_DEFINE_FINAL_TYPE (CelParamPanel, cel_param_panel, GTK_TYPE_WIDGET)

enum {
  PARAM_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Rows ---------------------------------------------------------------- */

static void
param_row_free (ParamRow *row)
{
  g_param_spec_unref (row->pspec);
  g_free (row->description);
  g_free (row->value);
  g_free (row->reset_value);
  g_free (row->default_value);
  g_free (row->error);
  g_free (row);
}

static ParamRow *
find_row (CelParamPanel *self, const char *name)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->pspec->name, name) == 0)
        return row;
    }
  return NULL;
}

static gboolean
row_is_pending (ParamRow *row)
{
  return cel_param_needs_reset (row->pspec) && g_strcmp0 (row->value, row->reset_value) != 0;
}

/* The subtitle carries the description, or the error of refused input, and
 * the "Applies on reset" indicator. Row labels use markup, so everything
 * shown is escaped. */
static void
row_update_subtitle (ParamRow *row)
{
  g_autofree char *description = g_markup_escape_text (row->description, -1);
  g_autofree char *markup = NULL;

  if (row->error != NULL)
    {
      markup = g_markup_escape_text (row->error, -1);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row->row), 0);
    }
  else
    {
      if (row_is_pending (row))
        {
          g_autofree char *pending = g_markup_escape_text (_("Applies on reset"), -1);
          markup = *description != '\0'
                   ? g_strdup_printf ("<b>%s</b>\n%s", pending, description)
                   : g_strdup_printf ("<b>%s</b>", pending);
        }
      else
        markup = g_steal_pointer (&description);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row->row), 3);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), markup);
}

static void
row_set_error (ParamRow *row, const char *message)
{
  char *copy = g_strdup (message);

  g_free (row->error);
  row->error = copy;
  if (message != NULL)
    {
      gtk_widget_add_css_class (row->row, "error");
      if (row->editor != row->row)
        gtk_widget_add_css_class (row->editor, "error");
    }
  else
    {
      gtk_widget_remove_css_class (row->row, "error");
      gtk_widget_remove_css_class (row->editor, "error");
    }
  row_update_subtitle (row);
}

static guint
decimals_needed (double v)
{
  double scaled = v;

  for (guint d = 0; d < MAX_DIGITS; d++, scaled *= 10.0)
    if (fabs (scaled - round (scaled)) <= 1e-9 * MAX (1.0, fabs (scaled)))
      return d;
  return MAX_DIGITS;
}

static guint
enum_index (GParamSpec *pspec, const char *nick)
{
  GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;

  for (guint i = 0; i < klass->n_values; i++)
    if (g_strcmp0 (klass->values[i].value_nick, nick) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Puts value into the editor; the caller has set self->updating. */
static void
row_show_value (ParamRow *row, const char *value)
{
  switch (row->kind)
    {
    case EDITOR_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (row->editor), g_strcmp0 (value, "true") == 0);
      break;
    case EDITOR_SPIN:
      {
        GtkSpinButton *spin = GTK_SPIN_BUTTON (row->editor);
        double v = g_ascii_strtod (value, NULL);

        if (!row->integer)
          gtk_spin_button_set_digits (spin, MAX (row->digits, decimals_needed (v)));
        gtk_spin_button_set_value (spin, v);
      }
      break;
    case EDITOR_COMBO:
      adw_combo_row_set_selected (ADW_COMBO_ROW (row->editor), enum_index (row->pspec, value));
      break;
    case EDITOR_ENTRY:
    default:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->editor)), value) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row->editor), value);
      break;
    }
}

static void
update_reset_button (CelParamPanel *self)
{
  gboolean differs = FALSE;

  for (guint i = 0; self->rows != NULL && i < self->rows->len && !differs; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);

      differs = g_strcmp0 (row->value, row->default_value) != 0;
    }
  gtk_widget_set_sensitive (self->reset_button, differs);
}

/* Applies text to the scratch copy; when valid and different, remembers the
 * canonical value and emits "param-changed". */
static void
row_apply (ParamRow *row, const char *text)
{
  CelParamPanel *self = row->panel;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (self->updating || self->model == NULL)
    return;
  if (!cel_model_set_param_string (self->model, row->pspec->name, text, &error))
    {
      row_set_error (row, error->message);
      return;
    }
  value = cel_model_get_param_string (self->model, row->pspec->name);
  if (row->kind == EDITOR_ENTRY)
    {
      self->updating = TRUE;
      row_show_value (row, value);
      self->updating = FALSE;
    }
  row_set_error (row, NULL);
  if (g_strcmp0 (value, row->value) == 0)
    return;

  g_free (row->value);
  row->value = g_strdup (value);
  row_update_subtitle (row);
  update_reset_button (self);
  name = g_strdup (row->pspec->name);
  g_signal_emit (self, signals[PARAM_CHANGED], 0, name, value);
}

/* Whether the scratch copy would accept text, leaving it unchanged. */
static gboolean
row_validate (ParamRow *row, const char *text, GError **error)
{
  CelModel *model = row->panel->model;
  g_autofree char *current = cel_model_get_param_string (model, row->pspec->name);

  if (!cel_model_set_param_string (model, row->pspec->name, text, error))
    return FALSE;
  /* The current value was accepted before, so putting it back succeeds. */
  cel_model_set_param_string (model, row->pspec->name, current, NULL);
  return TRUE;
}

/* Editor callbacks ------------------------------------------------------ */

static void
on_switch_active (GtkSwitch *sw, GParamSpec *unused, ParamRow *row)
{
  row_apply (row, gtk_switch_get_active (sw) ? "true" : "false");
}

static void
on_spin_value_changed (GtkSpinButton *spin, ParamRow *row)
{
  double v = gtk_spin_button_get_value (spin);
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (row->integer)
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, (gint64) llround (v));
  else
    {
      char format[16];

      g_snprintf (format, sizeof format, "%%.%uf", gtk_spin_button_get_digits (spin));
      g_ascii_formatd (text, sizeof text, format, v);
    }
  row_apply (row, text);
}

static void
on_combo_selected (AdwComboRow *combo, GParamSpec *unused, ParamRow *row)
{
  GEnumClass *klass = G_PARAM_SPEC_ENUM (row->pspec)->enum_class;
  guint index = adw_combo_row_get_selected (combo);

  if (index < klass->n_values)
    row_apply (row, klass->values[index].value_nick);
}

static void
on_entry_changed (GtkEditable *editable, ParamRow *row)
{
  g_autoptr (GError) error = NULL;

  if (row->panel->updating || row->panel->model == NULL)
    return;
  if (row_validate (row, gtk_editable_get_text (editable), &error))
    row_set_error (row, NULL);
  else
    row_set_error (row, error->message);
}

static void
on_entry_activate (GtkEntry *entry, ParamRow *row)
{
  row_apply (row, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_entry_focus_leave (GtkEventControllerFocus *focus, ParamRow *row)
{
  row_apply (row, gtk_editable_get_text (GTK_EDITABLE (row->editor)));
}

/* Building ------------------------------------------------------------- */

/* The range of a parameter a spin button can edit; FALSE for other types. */
static gboolean
spin_range (GParamSpec *pspec, double *lower, double *upper, gboolean *integer)
{
  *integer = TRUE;
  if (G_IS_PARAM_SPEC_INT (pspec))
    {
      *lower = G_PARAM_SPEC_INT (pspec)->minimum;
      *upper = G_PARAM_SPEC_INT (pspec)->maximum;
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      *lower = G_PARAM_SPEC_UINT (pspec)->minimum;
      *upper = G_PARAM_SPEC_UINT (pspec)->maximum;
    }
  else if (G_IS_PARAM_SPEC_INT64 (pspec))
    {
      *lower = (double) G_PARAM_SPEC_INT64 (pspec)->minimum;
      *upper = (double) G_PARAM_SPEC_INT64 (pspec)->maximum;
    }
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      *lower = (double) G_PARAM_SPEC_UINT64 (pspec)->minimum;
      *upper = (double) G_PARAM_SPEC_UINT64 (pspec)->maximum;
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      *lower = G_PARAM_SPEC_DOUBLE (pspec)->minimum;
      *upper = G_PARAM_SPEC_DOUBLE (pspec)->maximum;
      *integer = FALSE;
      return TRUE;
    }
  else
    return FALSE;
  return fabs (*lower) <= EXACT_DOUBLE_LIMIT && fabs (*upper) <= EXACT_DOUBLE_LIMIT;
}

static guint
printed_width (double v, guint digits)
{
  char text[64];

  g_snprintf (text, sizeof text, "%.*f", (int) digits, v);
  return (guint) strlen (text);
}

static GtkWidget *
make_spin (ParamRow *row, double lower, double upper)
{
  double range = upper - lower;
  double step = 1.0;
  guint digits = 0;
  GtkAdjustment *adjustment;
  GtkWidget *spin;

  if (!row->integer)
    {
      /* About a hundred steps across the range, in a power of ten. */
      if (isfinite (range) && range > 0.0 && range < 1e12)
        step = pow (10.0, floor (log10 (range)) - 2.0);
      digits = (guint) CLAMP (-floor (log10 (step)), 0.0, MAX_DIGITS);
      step = pow (10.0, -(double) digits);
    }
  row->digits = digits;

  adjustment = gtk_adjustment_new (lower, lower, upper, step, step * 10.0, 0.0);
  spin = gtk_spin_button_new (adjustment, step, digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin),
                                (int) CLAMP (MAX (printed_width (lower, digits),
                                                  printed_width (upper, digits)),
                                             2, MAX_SPIN_CHARS));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  return spin;
}

static GtkWidget *
make_entry (ParamRow *row)
{
  GtkWidget *entry = gtk_entry_new ();

  if (G_IS_PARAM_SPEC_INT64 (row->pspec) || G_IS_PARAM_SPEC_UINT64 (row->pspec))
    {
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 20);
    }
  else
    {
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 16);
    }
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  return entry;
}

static GtkWidget *
make_combo (ParamRow *row)
{
  GEnumClass *klass = G_PARAM_SPEC_ENUM (row->pspec)->enum_class;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *combo = adw_combo_row_new ();

  for (guint i = 0; i < klass->n_values; i++)
    gtk_string_list_append (names, g_dgettext (GETTEXT_PACKAGE, klass->values[i].value_name));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (names));
  return combo;
}

static ParamRow *
param_row_new (CelParamPanel *self, GParamSpec *pspec)
{
  ParamRow *row = g_new0 (ParamRow, 1);
  const char *blurb = g_param_spec_get_blurb (pspec);
  const char *unit = cel_param_get_unit (pspec);
  g_autofree char *title = g_markup_escape_text (g_dgettext (GETTEXT_PACKAGE,
                                                             g_param_spec_get_nick (pspec)), -1);
  double lower, upper;

  row->panel = self;
  row->pspec = g_param_spec_ref (pspec);
  row->description = g_strdup (blurb && *blurb ? g_dgettext (GETTEXT_PACKAGE, blurb) : "");
  row->value = cel_model_get_param_string (self->model, pspec->name);
  row->reset_value = g_strdup (row->value);
  row->default_value = cel_param_to_string (pspec, g_param_spec_get_default_value (pspec));

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      row->kind = EDITOR_COMBO;
      row->row = row->editor = make_combo (row);
    }
  else
    {
      row->row = adw_action_row_new ();
      if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
        {
          row->kind = EDITOR_SWITCH;
          row->editor = gtk_switch_new ();
          gtk_widget_set_valign (row->editor, GTK_ALIGN_CENTER);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->editor);
        }
      else if (spin_range (pspec, &lower, &upper, &row->integer))
        {
          row->kind = EDITOR_SPIN;
          row->editor = make_spin (row, lower, upper);
        }
      else
        {
          row->kind = EDITOR_ENTRY;
          row->editor = make_entry (row);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->editor);
      if (unit != NULL)
        {
          GtkWidget *label = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, unit));

          gtk_widget_add_css_class (label, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), label);
        }
    }

  /* Combo rows turn markup off by default; every row here uses it. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), title);
  if (*row->description != '\0')
    gtk_widget_set_tooltip_text (row->row, row->description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->editor),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_dgettext (GETTEXT_PACKAGE, g_param_spec_get_nick (pspec)),
                                  -1);
  row_show_value (row, row->value);
  row_update_subtitle (row);

  switch (row->kind)
    {
    case EDITOR_SWITCH:
      g_signal_connect (row->editor, "notify::active", G_CALLBACK (on_switch_active), row);
      break;
    case EDITOR_SPIN:
      g_signal_connect (row->editor, "value-changed", G_CALLBACK (on_spin_value_changed), row);
      break;
    case EDITOR_COMBO:
      g_signal_connect (row->editor, "notify::selected", G_CALLBACK (on_combo_selected), row);
      break;
    case EDITOR_ENTRY:
    default:
      g_signal_connect (row->editor, "changed", G_CALLBACK (on_entry_changed), row);
      g_signal_connect (row->editor, "activate", G_CALLBACK (on_entry_activate), row);
      row->focus = gtk_event_controller_focus_new ();
      g_signal_connect (row->focus, "leave", G_CALLBACK (on_entry_focus_leave), row);
      gtk_widget_add_controller (row->editor, row->focus);
      break;
    }
  return row;
}

/* Disconnects the editors and drops the rows and the page. */
static void
clear_rows (CelParamPanel *self)
{
  self->updating = TRUE;
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);

      g_signal_handlers_disconnect_by_data (row->editor, row);
      if (row->focus != NULL)
        g_signal_handlers_disconnect_by_data (row->focus, row);
    }
  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->updating = FALSE;
}

static AdwPreferencesGroup *
group_for (GHashTable *groups, GtkWidget *page, const char *name)
{
  const char *key = name ? name : "";
  AdwPreferencesGroup *group = g_hash_table_lookup (groups, key);

  if (group == NULL)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      if (name != NULL)
        {
          /* Group titles are markup. */
          g_autofree char *title = g_markup_escape_text (g_dgettext (GETTEXT_PACKAGE, name), -1);
          adw_preferences_group_set_title (group, title);
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
      g_hash_table_insert (groups, (gpointer) key, group);
    }
  return group;
}

void
cel_param_panel_set_model (CelParamPanel *self, CelModel *model)
{
  g_autoptr (GHashTable) groups = NULL;
  g_autofree GParamSpec **params = NULL;
  guint n = 0;

  g_return_if_fail (CEL_IS_PARAM_PANEL (self));
  g_return_if_fail (model == NULL || CEL_IS_MODEL (model));

  if (model != NULL)
    g_object_ref (model);
  clear_rows (self);
  g_clear_object (&self->model);
  self->model = model;

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) param_row_free);
  self->page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (self->page, TRUE);
  gtk_widget_insert_before (self->page, GTK_WIDGET (self), self->bottom_bar);

  if (model != NULL)
    {
      groups = g_hash_table_new (g_str_hash, g_str_equal);
      params = cel_model_list_params (model, &n);
      self->updating = TRUE;
      for (guint i = 0; i < n; i++)
        {
          ParamRow *row = param_row_new (self, params[i]);

          g_ptr_array_add (self->rows, row);
          adw_preferences_group_add (group_for (groups, self->page, cel_param_get_group (params[i])),
                                     row->row);
        }
      self->updating = FALSE;
    }
  update_reset_button (self);
}

CelModel *
cel_param_panel_get_model (CelParamPanel *self)
{
  g_return_val_if_fail (CEL_IS_PARAM_PANEL (self), NULL);
  return self->model;
}

void
cel_param_panel_mark_reset (CelParamPanel *self)
{
  g_return_if_fail (CEL_IS_PARAM_PANEL (self));

  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);

      g_free (row->reset_value);
      row->reset_value = g_strdup (row->value);
      row_update_subtitle (row);
    }
}

void
cel_param_panel_reset_to_defaults (CelParamPanel *self)
{
  g_autoptr (GPtrArray) changed = NULL;

  g_return_if_fail (CEL_IS_PARAM_PANEL (self));
  if (self->model == NULL)
    return;

  /* All at once on the scratch copy, so that parameters checked against
   * each other never meet a mix of old and default values. */
  cel_model_reset_params (self->model);
  changed = g_ptr_array_new_with_free_func (g_free);
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      ParamRow *row = g_ptr_array_index (self->rows, i);
      char *value = cel_model_get_param_string (self->model, row->pspec->name);

      row_show_value (row, value);
      if (g_strcmp0 (value, row->value) != 0)
        {
          g_ptr_array_add (changed, g_strdup (row->pspec->name));
          g_ptr_array_add (changed, g_strdup (value));
        }
      g_free (row->value);
      row->value = value;
      row_set_error (row, NULL);
    }
  self->updating = FALSE;
  update_reset_button (self);

  /* Emitted last: a handler may rebuild the panel. */
  g_object_ref (self);
  for (guint i = 0; i + 1 < changed->len; i += 2)
    g_signal_emit (self, signals[PARAM_CHANGED], 0,
                   g_ptr_array_index (changed, i), g_ptr_array_index (changed, i + 1));
  g_object_unref (self);
}

void
cel_param_panel_set_value (CelParamPanel *self,
                           const char    *name,
                           const char    *value)
{
  g_autoptr (GError) error = NULL;
  ParamRow *row;

  g_return_if_fail (CEL_IS_PARAM_PANEL (self));
  g_return_if_fail (value != NULL);
  row = find_row (self, name);
  g_return_if_fail (row != NULL);

  if (!cel_model_set_param_string (self->model, name, value, &error))
    {
      row_set_error (row, error->message);
      return;
    }
  g_free (row->value);
  row->value = cel_model_get_param_string (self->model, name);
  self->updating = TRUE;
  row_show_value (row, row->value);
  self->updating = FALSE;
  row_set_error (row, NULL);
  update_reset_button (self);
}

GtkWidget *
cel_param_panel_get_editor (CelParamPanel *self, const char *name)
{
  ParamRow *row;

  g_return_val_if_fail (CEL_IS_PARAM_PANEL (self), NULL);
  row = find_row (self, name);
  return row ? row->editor : NULL;
}

gboolean
cel_param_panel_is_pending (CelParamPanel *self, const char *name)
{
  ParamRow *row;

  g_return_val_if_fail (CEL_IS_PARAM_PANEL (self), FALSE);
  row = find_row (self, name);
  return row != NULL && row_is_pending (row);
}

gboolean
cel_param_panel_has_error (CelParamPanel *self, const char *name)
{
  ParamRow *row;

  g_return_val_if_fail (CEL_IS_PARAM_PANEL (self), FALSE);
  row = find_row (self, name);
  return row != NULL && row->error != NULL;
}

/* GObject --------------------------------------------------------------- */

static void
on_reset_clicked (CelParamPanel *self)
{
  cel_param_panel_reset_to_defaults (self);
}

static void
cel_param_panel_dispose (GObject *object)
{
  CelParamPanel *self = CEL_PARAM_PANEL (object);

  clear_rows (self);
  self->updating = TRUE;
  g_clear_pointer (&self->bottom_bar, gtk_widget_unparent);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (cel_param_panel_parent_class)->dispose (object);
}

static void
cel_param_panel_class_init (CelParamPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cel_param_panel_dispose;

  /**
   * CelParamPanel::param-changed:
   * @name: the parameter
   * @value: its new value as text (cel_param_to_string())
   *
   * A valid value was chosen; the scratch copy already holds it.
   */
  signals[PARAM_CHANGED] =
    g_signal_new ("param-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "celparampanel");
}

static void
cel_param_panel_init (CelParamPanel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->bottom_bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->bottom_bar, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->bottom_bar), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to Defaults"));
  gtk_widget_set_tooltip_text (self->reset_button, _("Set every parameter back to its default value"));
  gtk_widget_set_halign (self->reset_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->reset_button, 6);
  gtk_widget_set_margin_bottom (self->reset_button, 6);
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (on_reset_clicked), self);
  gtk_box_append (GTK_BOX (self->bottom_bar), self->reset_button);

  cel_param_panel_set_model (self, NULL);
}

GtkWidget *
cel_param_panel_new (void)
{
  return g_object_new (CEL_TYPE_PARAM_PANEL, NULL);
}
