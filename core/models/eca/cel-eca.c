/* cel-eca.c — the elementary cellular automaton model (see cel-eca.h). */
#include "cel-eca.h"

#include <string.h>

#include "cel-blob.h"
#include "cel-eca-engine.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"

#define MAX_HISTORY 4096

struct _CelEca
{
  CelModel       parent_instance;

  /* Parameters. */
  guint          rule;
  guint          width;
  guint          history;
  CelEcaBoundary boundary;
  CelEcaInitial  initial;
  double         density;

  /* State, built by reset from the parameters of that moment. */
  guint          n_cells;   /* cells in a row */
  gsize          n_words;   /* 64-bit words in a row */
  guint          n_rows;    /* rows of the space-time diagram */
  gboolean       periodic;
  guint64       *rows;      /* ring of n_rows rows */
  guint          head;      /* ring slot of the current row */
  guint          filled;    /* rows holding data, 1 … n_rows */
  guint64       *damage;    /* the perturbed copy of the current row */
  guint64       *scratch;   /* one spare row */
  CelEcaMeasure *measure;

  CelSeries     *density_series;
  CelSeries     *lz_series;
  CelSeries     *entropy_series;
  CelSeries     *damage_series;
};

G_DEFINE_FINAL_TYPE (CelEca, cel_eca, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_RULE,
  PROP_WIDTH,
  PROP_BOUNDARY,
  PROP_INIT,
  PROP_DENSITY,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo density_info = {
  "density", N_("Density"), "density", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo lz_info = {
  "lz-complexity", N_("Lempel–Ziv complexity"), "complexity", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo entropy_info = {
  "block-entropy", N_("Block entropy (bits per cell)"), "complexity", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo damage_info = {
  "damage", N_("Damage (cells differing from the perturbed copy)"), "damage", CEL_PLOT_LINE, FALSE
};

static const CelFieldInfo spacetime_info = {
  "spacetime", N_("Space-time diagram"), CEL_FIELD_STATES, 2, 0.0f, 1.0f, "greys"
};

GType
cel_eca_boundary_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_ECA_BOUNDARY_PERIODIC, N_("Periodic (a ring)"), "periodic" },
    { CEL_ECA_BOUNDARY_FIXED, N_("Fixed (zeros beyond the edges)"), "fixed" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelEcaBoundary", values);
}

GType
cel_eca_initial_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_ECA_INITIAL_SINGLE, N_("A single cell in the middle"), "single" },
    { CEL_ECA_INITIAL_RANDOM, N_("Random cells"), "random" },
    { CEL_ECA_INITIAL_EMPTY, N_("Empty, to paint on"), "empty" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelEcaInitial", values);
}

/* Rows the diagram keeps: the history parameter, unless a caller bypassed
 * validation with g_object_set and width × history exceeds the cell limit. */
static guint
rows_for (guint width, guint history)
{
  return (guint) MIN ((guint64) history, CEL_ECA_MAX_CELLS / MAX (width, 1));
}

static guint64 *
row_at_age (CelEca *self, guint age)
{
  guint slot = (self->head + self->n_rows - age) % self->n_rows;

  return self->rows + (gsize) slot * self->n_words;
}

static void
free_state (CelEca *self)
{
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->damage, g_free);
  g_clear_pointer (&self->scratch, g_free);
}

/* Replaces the state by zeroed rows of the given shape. */
static void
set_geometry (CelEca *self, guint width, guint n_rows, gboolean periodic)
{
  free_state (self);
  self->n_cells = width;
  self->n_words = cel_eca_n_words (width);
  self->n_rows = n_rows;
  self->periodic = periodic;
  self->rows = g_new0 (guint64, self->n_words * n_rows);
  self->damage = g_new0 (guint64, self->n_words);
  self->scratch = g_new0 (guint64, self->n_words);
  self->head = 0;
  self->filled = 1;
}

static void
cel_eca_reset (CelModel *model)
{
  CelEca *self = CEL_ECA (model);
  guint64 *row;

  set_geometry (self, self->width, rows_for (self->width, self->history),
                self->boundary == CEL_ECA_BOUNDARY_PERIODIC);
  row = row_at_age (self, 0);
  switch (self->initial)
    {
    case CEL_ECA_INITIAL_SINGLE:
      cel_eca_row_set (row, self->n_cells / 2, 1);
      break;
    case CEL_ECA_INITIAL_RANDOM:
      cel_eca_row_fill_random (row, self->n_cells, self->density, cel_model_get_rng (model));
      break;
    case CEL_ECA_INITIAL_EMPTY:
    default:
      break;
    }
  memcpy (self->damage, row, self->n_words * sizeof (guint64));
  cel_eca_row_set (self->damage, self->n_cells / 2,
                   !cel_eca_row_get (row, self->n_cells / 2));
}

static void
advance (CelEca *self)
{
  const guint64 *row = row_at_age (self, 0);
  guint64 *swap;

  if (self->n_rows > 1)
    {
      guint64 *next = row_at_age (self, self->n_rows - 1);

      cel_eca_row_step (row, next, self->n_cells, self->rule, self->periodic);
      self->head = (self->head + 1) % self->n_rows;
      self->filled = MIN (self->filled + 1, self->n_rows);
    }
  else
    {
      cel_eca_row_step (row, self->scratch, self->n_cells, self->rule, self->periodic);
      memcpy (row_at_age (self, 0), self->scratch, self->n_words * sizeof (guint64));
    }

  cel_eca_row_step (self->damage, self->scratch, self->n_cells, self->rule, self->periodic);
  swap = self->damage;
  self->damage = self->scratch;
  self->scratch = swap;
}

static void
record_measures (CelEca *self, guint64 t)
{
  const guint64 *row = row_at_age (self, 0);
  double lz, entropy;
  guint64 ones = cel_eca_row_count (row, self->n_words);
  guint64 distance = cel_eca_row_distance (row, self->damage, self->n_words);

  cel_eca_measure_row (self->measure, row, self->n_cells, &lz, &entropy);
  cel_series_append (self->density_series, (double) t, (double) ones / self->n_cells);
  cel_series_append (self->lz_series, (double) t, lz);
  cel_series_append (self->entropy_series, (double) t, entropy);
  cel_series_append (self->damage_series, (double) t, (double) distance);
}

static guint64
cel_eca_step (CelModel      *model,
              guint64        n,
              GCancellable  *cancellable,
              GError       **error)
{
  CelEca *self = CEL_ECA (model);
  guint64 t = cel_model_get_step (model);
  guint64 done;

  for (done = 0; done < n; done++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      advance (self);
      record_measures (self, t + done + 1);
    }
  return done;
}

static gboolean
cel_eca_validate_param (CelModel      *model,
                        GParamSpec    *pspec,
                        const GValue  *value,
                        GError       **error)
{
  CelEca *self = CEL_ECA (model);
  guint width = self->width, history = self->history;

  if (pspec == properties[PROP_WIDTH])
    width = g_value_get_uint (value);
  else if (pspec == properties[PROP_HISTORY])
    history = g_value_get_uint (value);
  else
    return TRUE;

  if ((guint64) width * history > CEL_ECA_MAX_CELLS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: a space-time diagram of width %u and history %u would hold more than %u "
                     "cells; lower the width or the history"),
                   g_param_spec_get_name (pspec), width, history, (guint) CEL_ECA_MAX_CELLS);
      return FALSE;
    }
  return TRUE;
}

static void
cel_eca_get_size (CelModel *model, guint *width, guint *height)
{
  CelEca *self = CEL_ECA (model);

  *width = self->n_cells;
  *height = self->n_rows;
}

/* Any cell of column x edits cell x of the current row; the damaged copy
 * gets the same edit with the perturbation (their difference) kept. */
static void
cel_eca_paint_cells (CelModel      *model,
                     const CelCell *cells,
                     gsize          n_cells,
                     GArray        *undo)
{
  CelEca *self = CEL_ECA (model);
  guint64 *row = row_at_age (self, 0);
  g_autofree guint64 *recorded = undo ? g_new0 (guint64, self->n_words) : NULL;

  for (gsize i = 0; i < n_cells; i++)
    {
      const CelCell *cell = &cells[i];
      guint x, value, old, difference;

      if (cell->x < 0 || (guint) cell->x >= self->n_cells
          || cell->y < 0 || (guint) cell->y >= self->n_rows)
        continue;
      x = (guint) cell->x;
      value = cell->value >= 0.5f;
      old = cel_eca_row_get (row, x);
      difference = old ^ cel_eca_row_get (self->damage, x);
      /* Only the first touch of a column records its old value, so that
       * painting the undo array back in order restores the row. */
      if (undo && !cel_eca_row_get (recorded, x))
        {
          CelCell previous = { cell->x, cell->y, (float) old };

          cel_eca_row_set (recorded, x, 1);
          g_array_append_val (undo, previous);
        }
      cel_eca_row_set (row, x, value);
      cel_eca_row_set (self->damage, x, value ^ difference);
    }
}

static guint
cel_eca_get_n_fields (CelModel *model)
{
  return 1;
}

static const CelFieldInfo *
cel_eca_get_field_info (CelModel *model, guint index)
{
  return &spacetime_info;
}

/* Display row y shows the row of age n_rows - 1 - y: the current row is at
 * the bottom, and rows not yet computed are 0. */
static CelFrame *
cel_eca_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelEca *self = CEL_ECA (model);
  gint64 x0 = 0, y0 = 0, x1 = self->n_cells, y1 = self->n_rows;
  CelFrame *frame;

  if (region != NULL)
    {
      x0 = CLAMP ((gint64) region->x, 0, x1);
      y0 = CLAMP ((gint64) region->y, 0, y1);
      x1 = CLAMP ((gint64) region->x + region->width, x0, x1);
      y1 = CLAMP ((gint64) region->y + region->height, y0, y1);
    }

  frame = cel_frame_new (CEL_FIELD_STATES, (guint) (x1 - x0), (guint) (y1 - y0));
  frame->x = (int) x0;
  frame->y = (int) y0;
  frame->n_states = spacetime_info.n_states;
  frame->vmin = spacetime_info.vmin;
  frame->vmax = spacetime_info.vmax;

  for (gint64 y = y0; y < y1; y++)
    {
      guint age = self->n_rows - 1 - (guint) y;
      const guint64 *row;
      guint8 *out = frame->data + (gsize) (y - y0) * frame->stride;

      if (age >= self->filled)
        continue;
      row = row_at_age (self, age);
      for (gint64 x = x0; x < x1; x++)
        out[x - x0] = (guint8) cel_eca_row_get (row, (guint) x);
    }
  return frame;
}

/* State ------------------------------------------------------------------ *
 *
 * { "width": W, "history": H, "filled": F,
 *   "rows": the F rows held, oldest first, each as its 64-bit words in
 *           little-endian byte order (cel-blob),
 *   "damage": the perturbed copy of the current row, the same way } */

static char *
encode_rows (const guint64 *words, gsize n_words)
{
  g_autofree guint64 *le = g_new (guint64, MAX (n_words, 1));

  for (gsize j = 0; j < n_words; j++)
    le[j] = GUINT64_TO_LE (words[j]);
  return cel_blob_encode (le, n_words * sizeof (guint64));
}

static void
decode_row (guint64 *row, const guint8 *bytes, gsize n_words, guint width)
{
  guint last_bit = (width - 1) % 64;

  memcpy (row, bytes, n_words * sizeof (guint64));
  for (gsize j = 0; j < n_words; j++)
    row[j] = GUINT64_FROM_LE (row[j]);
  row[n_words - 1] &= G_MAXUINT64 >> (63 - last_bit);
}

static JsonNode *
cel_eca_save_state (CelModel *model)
{
  CelEca *self = CEL_ECA (model);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree guint64 *ordered = g_new (guint64, self->n_words * self->filled);
  g_autofree char *rows = NULL;
  g_autofree char *damage = encode_rows (self->damage, self->n_words);

  for (guint i = 0; i < self->filled; i++)
    memcpy (ordered + (gsize) i * self->n_words, row_at_age (self, self->filled - 1 - i),
            self->n_words * sizeof (guint64));
  rows = encode_rows (ordered, self->n_words * self->filled);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, self->n_cells);
  json_builder_set_member_name (b, "history");
  json_builder_add_int_value (b, self->n_rows);
  json_builder_set_member_name (b, "filled");
  json_builder_add_int_value (b, self->filled);
  json_builder_set_member_name (b, "rows");
  json_builder_add_string_value (b, rows);
  json_builder_set_member_name (b, "damage");
  json_builder_add_string_value (b, damage);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_eca_load_state (CelModel    *model,
                    JsonObject  *state,
                    GError     **error)
{
  CelEca *self = CEL_ECA (model);
  guint n_rows = rows_for (self->width, self->history);
  gsize n_words = cel_eca_n_words (self->width);
  gint64 width, history, filled;
  const char *rows_text, *damage_text;
  g_autofree guint8 *rows = NULL;
  g_autofree guint8 *damage = NULL;

  if (!cel_json_get_int (state, "width", 1, CEL_ECA_MAX_WIDTH, &width, error))
    return FALSE;
  if (width != self->width)
    return cel_json_error (error, "width", _("does not match the width parameter"));
  if (!cel_json_get_int (state, "history", 1, MAX_HISTORY, &history, error))
    return FALSE;
  if (history != n_rows)
    return cel_json_error (error, "history", _("does not match the history parameter"));
  if (!cel_json_get_int (state, "filled", 1, n_rows, &filled, error)
      || !cel_json_get_string (state, "rows", &rows_text, error)
      || !cel_json_get_string (state, "damage", &damage_text, error))
    return FALSE;

  rows = cel_blob_decode (rows_text, (gsize) filled * n_words * sizeof (guint64), "rows", error);
  if (rows == NULL)
    return FALSE;
  damage = cel_blob_decode (damage_text, n_words * sizeof (guint64), "damage", error);
  if (damage == NULL)
    return FALSE;

  set_geometry (self, self->width, n_rows, self->boundary == CEL_ECA_BOUNDARY_PERIODIC);
  for (guint i = 0; i < (guint) filled; i++)
    decode_row (self->rows + (gsize) i * n_words, rows + (gsize) i * n_words * sizeof (guint64),
                n_words, self->width);
  decode_row (self->damage, damage, n_words, self->width);
  self->filled = (guint) filled;
  self->head = (guint) filled - 1;
  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
cel_eca_finalize (GObject *object)
{
  CelEca *self = CEL_ECA (object);

  free_state (self);
  g_clear_pointer (&self->measure, cel_eca_measure_free);
  G_OBJECT_CLASS (cel_eca_parent_class)->finalize (object);
}

/* Where each property lives, for get and set. */
static gpointer
field_of (CelEca *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_RULE: return &self->rule;
    case PROP_WIDTH: return &self->width;
    case PROP_BOUNDARY: return &self->boundary;
    case PROP_INIT: return &self->initial;
    case PROP_DENSITY: return &self->density;
    case PROP_HISTORY: return &self->history;
    default: return NULL;
    }
}

static void
cel_eca_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_ECA (object), prop_id), value, pspec);
}

static void
cel_eca_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_ECA (object), prop_id), value, pspec);
}

static void
cel_eca_class_init (CelEcaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);

  object_class->finalize = cel_eca_finalize;
  object_class->get_property = cel_eca_get_property;
  object_class->set_property = cel_eca_set_property;

  model_class->reset = cel_eca_reset;
  model_class->step = cel_eca_step;
  model_class->validate_param = cel_eca_validate_param;
  model_class->get_size = cel_eca_get_size;
  model_class->paint_cells = cel_eca_paint_cells;
  model_class->get_n_fields = cel_eca_get_n_fields;
  model_class->get_field_info = cel_eca_get_field_info;
  model_class->render_field = cel_eca_render_field;
  model_class->save_state = cel_eca_save_state;
  model_class->load_state = cel_eca_load_state;

  properties[PROP_RULE] =
    cel_param_uint ("rule", N_("Rule"),
                    N_("Wolfram’s rule number: bit k is the new value of a cell whose "
                       "neighbourhood (left, centre, right) reads k in binary"),
                    0, 255, 30, N_("Rule"), NULL, CEL_PARAM_NONE);
  properties[PROP_WIDTH] =
    cel_param_uint ("width", N_("Width"), N_("Cells in a row"),
                    1, CEL_ECA_MAX_WIDTH, 256, N_("Space"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_BOUNDARY] =
    cel_param_enum ("boundary", N_("Boundary"),
                    N_("Periodic joins the ends of the row into a ring; fixed "
                       "keeps cells that are always 0 beyond both edges"),
                    CEL_TYPE_ECA_BOUNDARY, CEL_ECA_BOUNDARY_PERIODIC,
                    N_("Space"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_INIT] =
    cel_param_enum ("init", N_("Initial row"),
                    N_("One live cell in the middle, random cells with the given "
                       "density, or an empty row to paint on"),
                    CEL_TYPE_ECA_INITIAL, CEL_ECA_INITIAL_SINGLE,
                    N_("Start"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_DENSITY] =
    cel_param_double ("density", N_("Density"),
                      N_("Probability that a cell of a random initial row is alive"),
                      0.0, 1.0, 0.5, N_("Start"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_HISTORY] =
    cel_param_uint ("history", N_("History"),
                    N_("Rows of the space-time diagram kept, the newest at the bottom"),
                    1, MAX_HISTORY, 256, N_("Space"), N_("rows"), CEL_PARAM_NEEDS_RESET);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_eca_init (CelEca *self)
{
  CelModel *model = CEL_MODEL (self);

  self->rule = 30;
  self->width = 256;
  self->history = 256;
  self->boundary = CEL_ECA_BOUNDARY_PERIODIC;
  self->initial = CEL_ECA_INITIAL_SINGLE;
  self->density = 0.5;
  self->measure = cel_eca_measure_new ();

  self->density_series = cel_model_add_series (model, &density_info);
  self->lz_series = cel_model_add_series (model, &lz_info);
  self->entropy_series = cel_model_add_series (model, &entropy_info);
  self->damage_series = cel_model_add_series (model, &damage_info);

  /* A usable state before the first cel_model_reset(). */
  cel_eca_reset (model);
}
