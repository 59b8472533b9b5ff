#include "test-model.h"

#include "cel-analysis.h"
#include "cel-blob.h"
#include "cel-error.h"
#include "cel-json.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (TestModel, test_model, CEL_TYPE_MODEL)

enum { PROP_0, PROP_WIDTH, PROP_HEIGHT, PROP_INCREMENT, PROP_LABEL, N_PROPS };
static GParamSpec *props[N_PROPS];

static const CelFieldInfo field = { "value", "Value", CEL_FIELD_SCALAR, 0, 0.0f, 100.0f, "viridis" };

static void
test_model_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  TestModel *self = TEST_MODEL (object);

  self->param_sets++;
  switch (id)
    {
    case PROP_WIDTH: self->width = g_value_get_uint (value); break;
    case PROP_HEIGHT: self->height = g_value_get_uint (value); break;
    case PROP_INCREMENT: self->increment = g_value_get_double (value); break;
    case PROP_LABEL: g_free (self->label); self->label = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
test_model_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  TestModel *self = TEST_MODEL (object);

  switch (id)
    {
    case PROP_WIDTH: g_value_set_uint (value, self->width); break;
    case PROP_HEIGHT: g_value_set_uint (value, self->height); break;
    case PROP_INCREMENT: g_value_set_double (value, self->increment); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
test_model_finalize (GObject *object)
{
  TestModel *self = TEST_MODEL (object);

  g_free (self->cells);
  g_free (self->label);
  G_OBJECT_CLASS (test_model_parent_class)->finalize (object);
}

static void
test_model_reset (CelModel *model)
{
  TestModel *self = TEST_MODEL (model);

  self->grid_w = self->width;
  self->grid_h = self->height;
  g_free (self->cells);
  self->cells = g_new0 (float, (gsize) self->grid_w * self->grid_h);
}

static guint64
test_model_step (CelModel *model, guint64 n, GCancellable *cancellable, GError **error)
{
  TestModel *self = TEST_MODEL (model);
  guint64 done;

  for (done = 0; done < n; done++)
    {
      double sum = 0;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      for (gsize i = 0; i < (gsize) self->grid_w * self->grid_h; i++)
        sum += self->cells[i] += (float) self->increment;
      cel_series_append (self->sum, (double) (cel_model_get_step (model) + done + 1), sum);
    }
  return done;
}

static gboolean
test_model_validate (CelModel *model, GParamSpec *pspec, const GValue *value, GError **error)
{
  if (g_strcmp0 (pspec->name, "label") == 0 && g_str_has_prefix (g_value_get_string (value), "bad"))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM, "label: “%s” is bad", g_value_get_string (value));
      return FALSE;
    }
  return TRUE;
}

static void
test_model_get_size (CelModel *model, guint *w, guint *h)
{
  *w = TEST_MODEL (model)->grid_w;
  *h = TEST_MODEL (model)->grid_h;
}

static void
test_model_paint_cells (CelModel *model, const CelCell *cells, gsize n, GArray *undo)
{
  TestModel *self = TEST_MODEL (model);

  for (gsize i = 0; i < n; i++)
    {
      float *c = &self->cells[(gsize) cells[i].y * self->grid_w + cells[i].x];
      if (undo)
        g_array_append_val (undo, ((CelCell) { cells[i].x, cells[i].y, *c }));
      *c = cells[i].value;
    }
}

static guint
test_model_get_n_fields (CelModel *model)
{
  return 1;
}

static const CelFieldInfo *
test_model_get_field_info (CelModel *model, guint index)
{
  return &field;
}

static CelFrame *
test_model_render_field (CelModel *model, guint index, const CelRect *region)
{
  TestModel *self = TEST_MODEL (model);
  CelFrame *frame = cel_frame_new (CEL_FIELD_SCALAR, self->grid_w, self->grid_h);

  memcpy (frame->data, self->cells, sizeof (float) * self->grid_w * self->grid_h);
  frame->vmin = field.vmin;
  frame->vmax = field.vmax;
  return frame;
}

static JsonNode *
test_model_save_state (CelModel *model)
{
  TestModel *self = TEST_MODEL (model);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *blob = cel_blob_encode (self->cells, sizeof (float) * self->grid_w * self->grid_h);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cells");
  json_builder_add_string_value (b, blob);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
test_model_load_state (CelModel *model, JsonObject *state, GError **error)
{
  TestModel *self = TEST_MODEL (model);
  const char *text;
  guint8 *data;

  if (!cel_json_get_string (state, "cells", &text, error))
    return FALSE;
  data = cel_blob_decode (text, sizeof (float) * self->grid_w * self->grid_h, "cells", error);
  if (data == NULL)
    return FALSE;
  g_free (self->cells);
  self->cells = (float *) data;
  return TRUE;
}

/* Steps the copy ten times and reports the mean cell value, with a
 * series of the mean after each step. */
static gboolean
run_mean (CelModel *copy, CelAnalysisResult *result, CelProgressFunc progress,
          gpointer progress_data, GCancellable *cancellable, GError **error)
{
  static const CelSeriesInfo info = { "mean", "Mean", "mean", CEL_PLOT_LINE, FALSE };
  TestModel *self = TEST_MODEL (copy);
  CelSeries *series = cel_analysis_result_add_series (result, &info, 10);
  gsize n = (gsize) self->grid_w * self->grid_h;
  double mean = 0;

  for (int i = 0; i < 10; i++)
    {
      if (cel_model_step (copy, 1, cancellable, error) != 1)
        return FALSE;
      mean = 0;
      for (gsize c = 0; c < n; c++)
        mean += self->cells[c];
      mean /= (double) n;
      cel_series_append (series, i + 1, mean);
      if (progress)
        progress ((i + 1) / 10.0, progress_data);
    }
  cel_analysis_result_add_number (result, "mean", "Mean", mean, 0, NULL);
  return TRUE;
}

static const CelAnalysisInfo analyses[] = {
  { "mean", "Mean after ten steps", "Steps a copy ten times", run_mean },
};

static const CelAnalysisInfo *
test_model_get_analyses (CelModel *model, guint *n)
{
  *n = G_N_ELEMENTS (analyses);
  return analyses;
}

static void
test_model_class_init (TestModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->set_property = test_model_set_property;
  object_class->get_property = test_model_get_property;
  object_class->finalize = test_model_finalize;
  model_class->reset = test_model_reset;
  model_class->step = test_model_step;
  model_class->validate_param = test_model_validate;
  model_class->get_size = test_model_get_size;
  model_class->paint_cells = test_model_paint_cells;
  model_class->get_n_fields = test_model_get_n_fields;
  model_class->get_field_info = test_model_get_field_info;
  model_class->render_field = test_model_render_field;
  model_class->save_state = test_model_save_state;
  model_class->load_state = test_model_load_state;
  model_class->get_analyses = test_model_get_analyses;

  props[PROP_WIDTH] = cel_param_meta (g_param_spec_uint ("width", "Width", "Grid width", 1, 4096, 16, f),
                                      "Grid", "cells", CEL_PARAM_NEEDS_RESET);
  props[PROP_HEIGHT] = cel_param_meta (g_param_spec_uint ("height", "Height", "Grid height", 1, 4096, 8, f),
                                       "Grid", "cells", CEL_PARAM_NEEDS_RESET);
  props[PROP_INCREMENT] = cel_param_meta (g_param_spec_double ("increment", "Increment", "Added per step",
                                                               -10, 10, 1, f),
                                          "Dynamics", NULL, CEL_PARAM_NONE);
  props[PROP_LABEL] = cel_param_meta (g_param_spec_string ("label", "Label", "Free text", "x", f),
                                      "Dynamics", NULL, CEL_PARAM_NONE);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
test_model_init (TestModel *self)
{
  static const CelSeriesInfo sum = { "sum", "Sum", "sum", CEL_PLOT_LINE, FALSE };

  self->width = 16;
  self->height = 8;
  self->increment = 1;
  self->label = g_strdup ("x");
  self->sum = cel_model_add_series (CEL_MODEL (self), &sum);
}
