/* cel-life.c — the Life model: parameters, painting, views and state
 * around the grid engine (cel-life-engine.c) and the rule parser
 * (cel-life-rule.c). */
#include "models/life/cel-life.h"

#include <math.h>
#include <string.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "cel-parallel.h"
#include "models/life/cel-life-engine.h"
#include "models/life/cel-life-rule.h"

#define DEFAULT_RULE "B3/S23"
#define DEFAULT_SIZE 256
#define MAX_SIZE 65536

struct _CelLife
{
  CelModel         parent_instance;

  /* Parameters. */
  CelLifeRule      rule;        /* without a grid suffix */
  char            *rule_text;   /* canonical */
  guint            width, height;
  CelLifeTopology  topology;
  double           density;

  /* State: NULL until the first reset, or when the grid did not fit. */
  CelLifeGrid     *grid;
  guint            failed_width, failed_height;

  CelFieldInfo     field;
  CelSeries       *population;
  CelSeries       *density_series;
  CelSeries       *activity;
};

G_DEFINE_FINAL_TYPE (CelLife, cel_life, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_RULE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_TOPOLOGY,
  PROP_DENSITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo population_info = {
  "population", N_("Population"), "population", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo density_info = {
  "density", N_("Density"), "density", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo activity_info = {
  "activity", N_("Activity (cells changed)"), "activity", CEL_PLOT_LINE, FALSE
};

GType
cel_life_topology_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_LIFE_TOPOLOGY_TORUS, N_("Torus (edges wrap around)"), "torus" },
    { CEL_LIFE_TOPOLOGY_BOUNDED, N_("Bounded (dead border)"), "bounded" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelLifeTopology", values);
}

/* Rule ------------------------------------------------------------------ */

/* Installs a parsed rule: the suffix, if any, sets the grid parameters; a
 * live grid follows the new rule at once (converting its states when the
 * number of states changes). */
static void
apply_rule (CelLife *self, const CelLifeRule *parsed)
{
  CelLifeRule rule = *parsed;
  g_autofree char *text = NULL;

  if (rule.grid != CEL_LIFE_GRID_NONE)
    g_object_set (self,
                  "width", rule.grid_width,
                  "height", rule.grid_height,
                  "topology", rule.grid == CEL_LIFE_GRID_TORUS ? CEL_LIFE_TOPOLOGY_TORUS
                                                                : CEL_LIFE_TOPOLOGY_BOUNDED,
                  NULL);
  rule.grid = CEL_LIFE_GRID_NONE;
  rule.grid_width = rule.grid_height = 0;
  rule.history = FALSE;
  text = cel_life_rule_to_string (&rule, FALSE);

  if (self->grid && rule.n_states != cel_life_grid_get_n_states (self->grid))
    {
      CelLifeGrid *old = self->grid;
      guint w = cel_life_grid_get_width (old), h = cel_life_grid_get_height (old);
      g_autofree guint8 *row = g_malloc (w);

      self->grid = cel_life_grid_new (w, h, cel_life_grid_is_torus (old),
                                      rule.n_states, rule.birth, rule.survive);
      if (self->grid)
        for (guint y = 0; y < h; y++)
          {
            /* States the new rule lacks become dead cells. */
            cel_life_grid_read_row (old, y, 0, w, row);
            cel_life_grid_write_row (self->grid, y, 0, w, row);
          }
      else
        {
          self->failed_width = w;
          self->failed_height = h;
        }
      cel_life_grid_free (old);
    }
  else if (self->grid)
    cel_life_grid_set_rule (self->grid, rule.birth, rule.survive);

  self->rule = rule;
  self->field.n_states = rule.n_states;
  if (g_strcmp0 (text, self->rule_text) != 0)
    {
      g_free (self->rule_text);
      self->rule_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULE]);
    }
}

/* GObject --------------------------------------------------------------- */

static void
cel_life_finalize (GObject *object)
{
  CelLife *self = CEL_LIFE (object);

  cel_life_grid_free (self->grid);
  g_free (self->rule_text);
  G_OBJECT_CLASS (cel_life_parent_class)->finalize (object);
}

/* Where each numeric property lives, for get and set; the rule is text. */
static gpointer
field_of (CelLife *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_WIDTH: return &self->width;
    case PROP_HEIGHT: return &self->height;
    case PROP_TOPOLOGY: return &self->topology;
    case PROP_DENSITY: return &self->density;
    default: return NULL;
    }
}

static void
cel_life_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CelLife *self = CEL_LIFE (object);
  gpointer field = field_of (self, prop_id);

  if (prop_id == PROP_RULE)
    g_value_set_string (value, self->rule_text);
  else if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    cel_param_get_member (pspec, field, value);
}

static void
cel_life_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CelLife *self = CEL_LIFE (object);
  gpointer field = field_of (self, prop_id);

  if (prop_id == PROP_RULE)
    {
      g_autoptr (GError) error = NULL;
      CelLifeRule rule;

      /* cel_model_set_param validates first; this catches direct
       * g_object_set calls with a bad rule. */
      if (!cel_life_rule_parse (g_value_get_string (value) ? g_value_get_string (value) : "",
                                &rule, &error))
        g_warning ("%s", error->message);
      else
        apply_rule (self, &rule);
    }
  else if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (cel_param_set_member (pspec, field, value))
    g_object_notify_by_pspec (object, pspec);
}

/* Model ----------------------------------------------------------------- */

static void
cel_life_reset (CelModel *model)
{
  CelLife *self = CEL_LIFE (model);

  cel_life_grid_free (self->grid);
  self->grid = cel_life_grid_new (self->width, self->height,
                                  self->topology == CEL_LIFE_TOPOLOGY_TORUS,
                                  self->rule.n_states, self->rule.birth, self->rule.survive);
  if (self->grid == NULL)
    {
      self->failed_width = self->width;
      self->failed_height = self->height;
      return;
    }
  if (self->density > 0.0)
    cel_life_grid_fill_random (self->grid, cel_model_get_rng (model), self->density);
}

static gboolean
no_grid_error (CelLife *self, GError **error)
{
  g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
               _("A grid of %u × %u cells does not fit in memory"),
               self->failed_width, self->failed_height);
  return FALSE;
}

static guint64
cel_life_step (CelModel      *model,
               guint64        n,
               GCancellable  *cancellable,
               GError       **error)
{
  CelLife *self = CEL_LIFE (model);
  guint64 first = cel_model_get_step (model);
  double cells;
  guint64 done;

  if (self->grid == NULL)
    {
      no_grid_error (self, error);
      return 0;
    }
  cells = (double) cel_life_grid_get_width (self->grid) * cel_life_grid_get_height (self->grid);
  for (done = 0; done < n; done++)
    {
      CelLifeStepStats stats;
      double x = (double) (first + done + 1);

      if (g_cancellable_is_cancelled (cancellable))
        break;
      cel_life_grid_step (self->grid, &stats);
      cel_series_append (self->population, x, (double) stats.population);
      cel_series_append (self->density_series, x, (double) stats.population / cells);
      cel_series_append (self->activity, x, (double) stats.changed);
    }
  return done;
}

static gboolean
cel_life_validate_param (CelModel      *model,
                         GParamSpec    *pspec,
                         const GValue  *value,
                         GError       **error)
{
  if (pspec == properties[PROP_RULE])
    {
      g_autoptr (GError) local = NULL;
      CelLifeRule rule;

      if (!cel_life_rule_parse (g_value_get_string (value) ? g_value_get_string (value) : "",
                                &rule, &local))
        {
          g_set_error_literal (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM, local->message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
cel_life_get_size (CelModel *model, guint *width, guint *height)
{
  CelLife *self = CEL_LIFE (model);

  *width = self->grid ? cel_life_grid_get_width (self->grid) : 0;
  *height = self->grid ? cel_life_grid_get_height (self->grid) : 0;
}

static void
cel_life_paint_cells (CelModel      *model,
                      const CelCell *cells,
                      gsize          n_cells,
                      GArray        *undo)
{
  CelLife *self = CEL_LIFE (model);
  guint w, h, top;

  if (self->grid == NULL)
    return;
  w = cel_life_grid_get_width (self->grid);
  h = cel_life_grid_get_height (self->grid);
  top = cel_life_grid_get_n_states (self->grid) - 1;
  for (gsize i = 0; i < n_cells; i++)
    {
      const CelCell *c = &cells[i];
      float v = c->value;
      guint8 state;

      if (c->x < 0 || c->y < 0 || (guint) c->x >= w || (guint) c->y >= h || isnan (v))
        continue;
      v = roundf (v);
      state = v <= 0.0f ? 0 : v >= (float) top ? (guint8) top : (guint8) v;
      if (undo)
        {
          CelCell old = { c->x, c->y, cel_life_grid_get (self->grid, (guint) c->x, (guint) c->y) };

          g_array_append_val (undo, old);
        }
      cel_life_grid_set (self->grid, (guint) c->x, (guint) c->y, state);
    }
}

/* Wraps (torus) or rejects (bounded) a coordinate; FALSE when outside. */
static gboolean
place_coord (gint64 v, guint size, gboolean torus, guint *out)
{
  if (torus)
    {
      v %= (gint64) size;
      *out = (guint) (v < 0 ? v + size : v);
      return TRUE;
    }
  if (v < 0 || v >= (gint64) size)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
cel_life_place_pattern (CelModel          *model,
                        const CelPattern  *pattern,
                        gint               x,
                        gint               y,
                        GArray            *undo,
                        GError           **error)
{
  CelLife *self = CEL_LIFE (model);
  CelLifeRule pattern_rule;
  gboolean history;
  guint w, h, top;
  gboolean torus;

  if (self->grid == NULL)
    return no_grid_error (self, error);
  if (pattern == NULL || (pattern->cells == NULL && pattern->width > 0 && pattern->height > 0))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM, _("The pattern has no cells"));
      return FALSE;
    }
  w = cel_life_grid_get_width (self->grid);
  h = cel_life_grid_get_height (self->grid);
  torus = cel_life_grid_is_torus (self->grid);
  top = cel_life_grid_get_n_states (self->grid) - 1;
  /* In LifeHistory patterns the odd states are the live cells. */
  history = pattern->rule && cel_life_rule_parse (pattern->rule, &pattern_rule, NULL)
            && pattern_rule.history;

  /* Only the pattern's non-zero cells are written (Golly's "Or" paste);
   * states beyond the rule's become its last state. */
  for (guint py = 0; py < pattern->height; py++)
    {
      guint gy;

      if (!place_coord ((gint64) y + py, h, torus, &gy))
        continue;
      for (guint px = 0; px < pattern->width; px++)
        {
          guint8 state = pattern->cells[(gsize) py * pattern->width + px];
          guint gx;

          if (history)
            state &= 1;
          if (state == 0 || !place_coord ((gint64) x + px, w, torus, &gx))
            continue;
          if (undo)
            {
              CelCell old = { (gint32) gx, (gint32) gy, cel_life_grid_get (self->grid, gx, gy) };

              g_array_append_val (undo, old);
            }
          cel_life_grid_set (self->grid, gx, gy, MIN (state, top));
        }
    }
  return TRUE;
}

static guint
cel_life_get_n_fields (CelModel *model)
{
  return 1;
}

static const CelFieldInfo *
cel_life_get_field_info (CelModel *model, guint index)
{
  CelLife *self = CEL_LIFE (model);

  return &self->field;
}

static CelFrame *
cel_life_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelLife *self = CEL_LIFE (model);
  guint w = 0, h = 0;
  gint64 x0 = 0, y0 = 0, x1, y1;
  CelFrame *frame;

  cel_life_get_size (model, &w, &h);
  x1 = w;
  y1 = h;
  if (region)
    {
      x0 = CLAMP ((gint64) region->x, 0, (gint64) w);
      y0 = CLAMP ((gint64) region->y, 0, (gint64) h);
      x1 = CLAMP ((gint64) region->x + region->width, x0, (gint64) w);
      y1 = CLAMP ((gint64) region->y + region->height, y0, (gint64) h);
    }
  frame = cel_frame_new (CEL_FIELD_STATES, (guint) (x1 - x0), (guint) (y1 - y0));
  frame->x = (int) x0;
  frame->y = (int) y0;
  frame->n_states = self->field.n_states;
  for (gint64 y = y0; y < y1; y++)
    cel_life_grid_read_row (self->grid, (guint) y, (guint) x0, (guint) (x1 - x0),
                            frame->data + (gsize) (y - y0) * frame->stride);
  return frame;
}

/* State ----------------------------------------------------------------- */

static gsize
packed_size (guint w, guint h, guint n_states)
{
  return n_states == 2 ? (gsize) ((w + 7) / 8) * h : (gsize) w * h;
}

static JsonNode *
cel_life_save_state (CelModel *model)
{
  CelLife *self = CEL_LIFE (model);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint w = 0, h = 0, n_states = self->rule.n_states;
  g_autofree guint8 *packed = NULL;
  g_autofree guint8 *row = NULL;
  g_autofree char *blob = NULL;
  gsize row_bytes;

  cel_life_get_size (model, &w, &h);
  row_bytes = n_states == 2 ? (w + 7) / 8 : w;
  packed = g_malloc0 (MAX (packed_size (w, h, n_states), 1));
  row = g_malloc (MAX (w, 1));
  for (guint y = 0; y < h; y++)
    {
      guint8 *out = packed + (gsize) y * row_bytes;

      if (n_states > 2)
        {
          cel_life_grid_read_row (self->grid, y, 0, w, out);
          continue;
        }
      /* Two states: bit x % 8 of byte x / 8 is cell x. */
      cel_life_grid_read_row (self->grid, y, 0, w, row);
      for (guint x = 0; x < w; x++)
        out[x / 8] |= (guint8) (row[x] << (x % 8));
    }
  blob = cel_blob_encode (packed, packed_size (w, h, n_states));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, w);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, h);
  json_builder_set_member_name (b, "states");
  json_builder_add_int_value (b, n_states);
  json_builder_set_member_name (b, "cells");
  json_builder_add_string_value (b, blob);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_life_load_state (CelModel    *model,
                     JsonObject  *state,
                     GError     **error)
{
  CelLife *self = CEL_LIFE (model);
  gboolean torus = self->topology == CEL_LIFE_TOPOLOGY_TORUS;
  gint64 w, h, n_states;
  const char *text;
  g_autofree guint8 *packed = NULL;
  g_autofree guint8 *row = NULL;
  gsize row_bytes;

  if (!cel_json_get_int (state, "width", 1, MAX_SIZE, &w, error)
      || !cel_json_get_int (state, "height", 1, MAX_SIZE, &h, error)
      || !cel_json_get_int (state, "states", 2, CEL_LIFE_RULE_MAX_STATES, &n_states, error)
      || !cel_json_get_string (state, "cells", &text, error))
    return FALSE;
  if ((guint) w != self->width)
    return cel_json_error (error, "width", _("does not match the width parameter"));
  if ((guint) h != self->height)
    return cel_json_error (error, "height", _("does not match the height parameter"));
  if ((guint) n_states != self->rule.n_states)
    return cel_json_error (error, "states", _("does not match the number of states of the rule"));

  packed = cel_blob_decode (text, packed_size (self->width, self->height, self->rule.n_states),
                            "cells", error);
  if (packed == NULL)
    return FALSE;
  row_bytes = n_states == 2 ? (self->width + 7) / 8 : self->width;
  for (guint y = 0; y < self->height; y++)
    {
      const guint8 *in = packed + (gsize) y * row_bytes;

      if (n_states == 2 && self->width % 8 != 0 && (in[row_bytes - 1] >> (self->width % 8)) != 0)
        {
          g_autofree char *problem = g_strdup_printf (_("row %u has cells beyond the grid width"), y);
          return cel_json_error (error, "cells", problem);
        }
      if (n_states > 2)
        for (guint x = 0; x < self->width; x++)
          if (in[x] >= n_states)
            {
              g_autofree char *problem =
                g_strdup_printf (_("the cell at (%u, %u) has state %u, but the rule has only %u states"),
                                 x, y, in[x], (guint) n_states);
              return cel_json_error (error, "cells", problem);
            }
    }

  if (self->grid == NULL
      || cel_life_grid_get_width (self->grid) != self->width
      || cel_life_grid_get_height (self->grid) != self->height
      || cel_life_grid_is_torus (self->grid) != torus)
    {
      cel_life_grid_free (self->grid);
      self->grid = cel_life_grid_new (self->width, self->height, torus, self->rule.n_states,
                                      self->rule.birth, self->rule.survive);
      if (self->grid == NULL)
        {
          self->failed_width = self->width;
          self->failed_height = self->height;
          g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                       _("cells: a grid of %u × %u cells does not fit in memory"),
                       self->width, self->height);
          return FALSE;
        }
    }

  row = g_malloc (self->width);
  for (guint y = 0; y < self->height; y++)
    {
      const guint8 *in = packed + (gsize) y * row_bytes;

      if (n_states == 2)
        for (guint x = 0; x < self->width; x++)
          row[x] = (in[x / 8] >> (x % 8)) & 1;
      cel_life_grid_write_row (self->grid, y, 0, self->width, n_states == 2 ? row : in);
    }
  return TRUE;
}

/* Class ----------------------------------------------------------------- */

static void
cel_life_class_init (CelLifeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cel_life_finalize;
  object_class->get_property = cel_life_get_property;
  object_class->set_property = cel_life_set_property;

  model_class->reset = cel_life_reset;
  model_class->step = cel_life_step;
  model_class->validate_param = cel_life_validate_param;
  model_class->get_size = cel_life_get_size;
  model_class->paint_cells = cel_life_paint_cells;
  model_class->place_pattern = cel_life_place_pattern;
  model_class->get_n_fields = cel_life_get_n_fields;
  model_class->get_field_info = cel_life_get_field_info;
  model_class->render_field = cel_life_render_field;
  model_class->save_state = cel_life_save_state;
  model_class->load_state = cel_life_load_state;

  properties[PROP_RULE] =
    cel_param_meta (g_param_spec_string ("rule", N_("Rule"),
                                         N_("Birth and survival neighbour counts, as in B3/S23 (Conway’s Life), B36/S23 or 23/3; Generations rules as /2/3, B2/S/3 or B2/S/C3. Golly’s “:T<w>,<h>” or “:P<w>,<h>” suffix also sets the grid"),
                                         DEFAULT_RULE, flags),
                    N_("Rule"), NULL, CEL_PARAM_NONE);
  properties[PROP_WIDTH] =
    cel_param_uint ("width", N_("Width"),
                    N_("Width of the grid"),
                    1, MAX_SIZE, DEFAULT_SIZE, N_("Grid"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_HEIGHT] =
    cel_param_uint ("height", N_("Height"),
                    N_("Height of the grid"),
                    1, MAX_SIZE, DEFAULT_SIZE, N_("Grid"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_TOPOLOGY] =
    cel_param_enum ("topology", N_("Topology"),
                    N_("Whether the edges wrap around (torus) or the grid ends in a border of dead cells (bounded)"),
                    CEL_TYPE_LIFE_TOPOLOGY, CEL_LIFE_TOPOLOGY_TORUS,
                    N_("Grid"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_DENSITY] =
    cel_param_double ("density", N_("Initial density"),
                      N_("Fraction of cells alive in the random soup laid down at reset; 0 starts from an empty grid"),
                      0.0, 1.0, 0.0, N_("Initial state"), NULL, CEL_PARAM_NEEDS_RESET);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_life_init (CelLife *self)
{
  CelModel *model = CEL_MODEL (self);

  /* DEFAULT_RULE, B3/S23. */
  self->rule.birth = 1 << 3;
  self->rule.survive = (1 << 2) | (1 << 3);
  self->rule.n_states = 2;
  self->rule.grid = CEL_LIFE_GRID_NONE;
  self->rule_text = g_strdup (DEFAULT_RULE);
  self->width = DEFAULT_SIZE;
  self->height = DEFAULT_SIZE;
  self->topology = CEL_LIFE_TOPOLOGY_TORUS;
  self->density = 0.0;

  self->field.id = "cells";
  self->field.label = N_("Cells");
  self->field.format = CEL_FIELD_STATES;
  self->field.n_states = self->rule.n_states;
  self->field.colormap = "greys";

  self->population = cel_model_add_series (model, &population_info);
  self->density_series = cel_model_add_series (model, &density_info);
  self->activity = cel_model_add_series (model, &activity_info);
}

/* Public ---------------------------------------------------------------- */

guint8
cel_life_get_cell (CelLife *self, guint x, guint y)
{
  g_return_val_if_fail (CEL_IS_LIFE (self), 0);

  if (self->grid == NULL
      || x >= cel_life_grid_get_width (self->grid) || y >= cel_life_grid_get_height (self->grid))
    return 0;
  return cel_life_grid_get (self->grid, x, y);
}

guint64
cel_life_get_population (CelLife *self)
{
  g_return_val_if_fail (CEL_IS_LIFE (self), 0);

  return self->grid ? cel_life_grid_population (self->grid) : 0;
}

guint
cel_life_get_n_states (CelLife *self)
{
  g_return_val_if_fail (CEL_IS_LIFE (self), 2);

  return self->rule.n_states;
}

char *
cel_life_get_golly_rule (CelLife *self)
{
  CelLifeRule rule;
  guint w = 0, h = 0;

  g_return_val_if_fail (CEL_IS_LIFE (self), NULL);

  rule = self->rule;
  cel_life_get_size (CEL_MODEL (self), &w, &h);
  if (self->grid)
    {
      rule.grid = cel_life_grid_is_torus (self->grid) ? CEL_LIFE_GRID_TORUS : CEL_LIFE_GRID_PLANE;
      rule.grid_width = w;
      rule.grid_height = h;
    }
  return cel_life_rule_to_string (&rule, TRUE);
}

CelPattern *
cel_life_to_pattern (CelLife *self)
{
  CelPattern *pattern;
  guint w, h;

  g_return_val_if_fail (CEL_IS_LIFE (self), NULL);

  if (self->grid == NULL)
    return NULL;
  w = cel_life_grid_get_width (self->grid);
  h = cel_life_grid_get_height (self->grid);
  pattern = cel_pattern_new (w, h);
  for (guint y = 0; y < h; y++)
    cel_life_grid_read_row (self->grid, y, 0, w, pattern->cells + (gsize) y * w);
  pattern->rule = cel_life_get_golly_rule (self);
  return pattern;
}

gboolean
cel_life_bench (guint     width,
                guint     height,
                guint     generations,
                double    density,
                guint64   seed,
                guint     threads,
                double   *seconds,
                GError  **error)
{
  g_autoptr (CelModel) model = g_object_new (CEL_TYPE_LIFE, NULL);
  g_auto (GValue) w = G_VALUE_INIT;
  g_auto (GValue) h = G_VALUE_INIT;
  g_auto (GValue) d = G_VALUE_INIT;
  guint previous = cel_parallel_get_threads ();
  gint64 start, stop;
  guint64 done;

  g_value_set_uint (g_value_init (&w, G_TYPE_UINT), width);
  g_value_set_uint (g_value_init (&h, G_TYPE_UINT), height);
  g_value_set_double (g_value_init (&d, G_TYPE_DOUBLE), density);
  if (!cel_model_set_param (model, "width", &w, error)
      || !cel_model_set_param (model, "height", &h, error)
      || !cel_model_set_param (model, "density", &d, error))
    return FALSE;
  cel_model_set_seed (model, seed);
  cel_model_reset (model);

  if (threads > 0)
    cel_parallel_set_threads (threads);
  start = g_get_monotonic_time ();
  done = cel_model_step (model, generations, NULL, error);
  stop = g_get_monotonic_time ();
  if (threads > 0)
    cel_parallel_set_threads (previous);
  if (done < generations)
    return FALSE;
  if (seconds)
    *seconds = (double) (stop - start) / G_USEC_PER_SEC;
  return TRUE;
}
