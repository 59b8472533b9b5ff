/* cel-reservoir.c — the echo state network model: parameters, the
 * washout/training/test schedule, views and state around the network and
 * readout (cel-reservoir-net.c) and the task signals
 * (cel-reservoir-signal.c). See cel-reservoir.h. */
#include "models/reservoir/cel-reservoir.h"

#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "models/reservoir/cel-reservoir-analysis.h"
#include "models/reservoir/cel-reservoir-io.h"
#include "models/reservoir/cel-reservoir-net.h"
#include "models/reservoir/cel-reservoir-signal.h"

/* Readouts of the memory task: delays 1 … min(2N, this). */
#define MAX_MEMORY_DELAYS 1024
/* Values kept for the delay embeddings of the attractor plot. */
#define EMBEDDING 18
#define MACKEY_GLASS_EMBEDDING CEL_MACKEY_GLASS_TAU
/* Test sums per output: Σy, Σp, Σy², Σp², Σyp. */
#define N_SUMS 5

struct _CelReservoir
{
  CelModel                parent_instance;

  /* Parameters. */
  CelReservoirTask        task;
  guint                   units;
  CelReservoirMatrix      matrix;
  double                  sparsity;
  double                  radius;
  double                  input_scaling;
  double                  leak;
  CelReservoirActivation  activation;
  double                  ei_fraction;
  double                  balance;
  double                  adapt_rate;
  double                  target_rate;
  double                  target_spread;
  guint                   delay;
  guint                   washout;
  guint                   train;
  double                  ridge_log10;
  guint                   analysis_test;

  /* State, built by reset from the parameters of that moment. */
  CelReservoirTask        run_task;
  guint                   run_units;
  guint                   run_washout, run_train;
  gboolean                free_run;
  CelReservoirNet        *net;        /* NULL when building it failed */
  char                   *net_error;
  CelSignal               signal;
  CelReadout             *readout;
  guint                   n_inputs, d, m;
  guint64                 steps;      /* since the reset */
  gboolean                fitted;
  guint64                 tested;
  double                 *input;      /* n_inputs: the true input of the last step */
  double                 *target;     /* m */
  double                 *z;          /* d: features of the last step */
  double                 *prediction; /* m: the readout of the last step */
  double                 *err_sq;     /* m: test Σ (p − y)² */
  double                 *sums;       /* N_SUMS × m */
  double                  true_ring[EMBEDDING], pred_ring[EMBEDDING];
  guint64                 true_count, pred_count;

  CelSeries              *target_series;
  CelSeries              *output_series;
  CelSeries              *true_attractor;
  CelSeries              *predicted_attractor;
  CelSeries              *nrmse_series;
};

G_DEFINE_FINAL_TYPE (CelReservoir, cel_reservoir, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TASK,
  PROP_UNITS,
  PROP_MATRIX,
  PROP_SPARSITY,
  PROP_RADIUS,
  PROP_INPUT_SCALING,
  PROP_LEAK,
  PROP_ACTIVATION,
  PROP_EI_FRACTION,
  PROP_BALANCE,
  PROP_ADAPT_RATE,
  PROP_TARGET_RATE,
  PROP_TARGET_SPREAD,
  PROP_DELAY,
  PROP_WASHOUT,
  PROP_TRAIN,
  PROP_RIDGE,
  PROP_ANALYSIS_TEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo target_info = {
  "target", N_("Target"), "signal", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo output_info = {
  "output", N_("Reservoir output"), "signal", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo true_attractor_info = {
  "true-attractor", N_("True attractor"), "attractor", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo predicted_attractor_info = {
  "predicted-attractor", N_("Predicted attractor"), "attractor", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo nrmse_info = {
  "nrmse", N_("Test NRMSE"), "error", CEL_PLOT_LINE, FALSE
};

/* One per activation, for its range. */
static const CelFieldInfo field_infos[] = {
  { "activation", N_("Unit activation"), CEL_FIELD_SCALAR, 0, -1.0f, 1.0f, NULL },
  { "activation", N_("Unit activation"), CEL_FIELD_SCALAR, 0, 0.0f, 1.0f, NULL },
  { "activation", N_("Unit activation"), CEL_FIELD_SCALAR, 0, -1.0f, 1.0f, NULL },
};

/* Enums -------------------------------------------------------------------- */

#define DEFINE_ENUM(func, name, ...)                                               \
  GType                                                                            \
  func (void)                                                                      \
  {                                                                                \
    static gsize type = 0;                                                         \
    static const GEnumValue values[] = { __VA_ARGS__, { 0, NULL, NULL } };         \
                                                                                   \
    return cel_param_register_enum (&type, name, values);                          \
  }

DEFINE_ENUM (cel_reservoir_task_get_type, "CelReservoirTask",
             { CEL_RESERVOIR_LORENZ_FREE, N_("Lorenz, free-running prediction"), "lorenz-free" },
             { CEL_RESERVOIR_LORENZ, N_("Lorenz, one-step prediction"), "lorenz" },
             { CEL_RESERVOIR_MACKEY_GLASS_FREE, N_("Mackey–Glass, free-running prediction"), "mackey-glass-free" },
             { CEL_RESERVOIR_MACKEY_GLASS, N_("Mackey–Glass, one-step prediction"), "mackey-glass" },
             { CEL_RESERVOIR_NARMA10, N_("NARMA-10"), "narma10" },
             { CEL_RESERVOIR_MEMORY, N_("Memory capacity"), "memory" })
DEFINE_ENUM (cel_reservoir_matrix_get_type, "CelReservoirMatrix",
             { CEL_RESERVOIR_SPARSE, N_("Sparse random"), "sparse" },
             { CEL_RESERVOIR_ORTHOGONAL, N_("Random orthogonal"), "orthogonal" })
DEFINE_ENUM (cel_reservoir_activation_get_type, "CelReservoirActivation",
             { CEL_RESERVOIR_TANH, N_("Hyperbolic tangent"), "tanh" },
             { CEL_RESERVOIR_SIGMOID, N_("Logistic sigmoid (rates 0 … 1)"), "sigmoid" },
             { CEL_RESERVOIR_LINEAR, N_("Linear"), "linear" })

/* Tasks ---------------------------------------------------------------------- */

static CelSignalKind
signal_kind (CelReservoirTask task)
{
  switch (task)
    {
    case CEL_RESERVOIR_LORENZ_FREE:
    case CEL_RESERVOIR_LORENZ:
      return CEL_SIGNAL_LORENZ;
    case CEL_RESERVOIR_MACKEY_GLASS_FREE:
    case CEL_RESERVOIR_MACKEY_GLASS:
      return CEL_SIGNAL_MACKEY_GLASS;
    case CEL_RESERVOIR_NARMA10:
      return CEL_SIGNAL_NARMA10;
    case CEL_RESERVOIR_MEMORY:
    default:
      return CEL_SIGNAL_MEMORY;
    }
}

static guint
memory_delays (guint units)
{
  return MIN (2 * units, MAX_MEMORY_DELAYS);
}

/* The output shown in the plots and scored by the NRMSE. */
static guint
shown_output (CelReservoir *self)
{
  return self->run_task == CEL_RESERVOIR_MEMORY ? MIN (self->delay, self->m) - 1 : 0;
}

static guint
embedding_delay (CelReservoir *self)
{
  return signal_kind (self->run_task) == CEL_SIGNAL_MACKEY_GLASS ? MACKEY_GLASS_EMBEDDING : 1;
}

static const char *
task_nick (CelReservoirTask task)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (CEL_TYPE_RESERVOIR_TASK);

  return g_enum_get_value (klass, task)->value_nick;
}

/* Model ---------------------------------------------------------------------- */

static void
free_state (CelReservoir *self)
{
  g_clear_pointer (&self->net, cel_reservoir_net_free);
  g_clear_pointer (&self->net_error, g_free);
  g_clear_pointer (&self->readout, cel_readout_free);
  cel_signal_clear (&self->signal);
  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->z, g_free);
  g_clear_pointer (&self->prediction, g_free);
  g_clear_pointer (&self->err_sq, g_free);
  g_clear_pointer (&self->sums, g_free);
}

static void
cel_reservoir_reset (CelModel *model)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  CelRng *rng = cel_model_get_rng (model);
  CelReservoirNetSpec spec = {
    .matrix = self->matrix,
    .sparsity = self->sparsity,
    .ei_fraction = self->ei_fraction,
    .balance = self->balance,
    .target_rate = self->target_rate,
    .target_spread = self->target_spread,
  };
  g_autoptr (GError) error = NULL;

  free_state (self);
  self->run_task = self->task;
  self->run_units = self->units;
  self->run_washout = self->washout;
  self->run_train = self->train;
  self->free_run = self->task == CEL_RESERVOIR_LORENZ_FREE
                   || self->task == CEL_RESERVOIR_MACKEY_GLASS_FREE;

  cel_signal_init (&self->signal, signal_kind (self->task), memory_delays (self->units), rng);
  self->n_inputs = self->signal.n_inputs;
  self->m = self->signal.n_targets;
  self->d = 1 + self->n_inputs + self->units;

  self->net = cel_reservoir_net_new (self->units, self->n_inputs, &spec, rng, &error);
  if (self->net == NULL)
    self->net_error = g_strdup (error->message);
  self->readout = cel_readout_new (self->d, self->m);
  self->input = g_new0 (double, self->n_inputs);
  self->target = g_new0 (double, self->m);
  self->z = g_new0 (double, self->d);
  self->prediction = g_new0 (double, self->m);
  self->err_sq = g_new0 (double, self->m);
  self->sums = g_new0 (double, (gsize) N_SUMS * self->m);
  self->steps = 0;
  self->fitted = FALSE;
  self->tested = 0;
  self->true_count = self->pred_count = 0;
}

/* Squared correlation of output k with its target over the test so far. */
static double
output_r2 (CelReservoir *self, guint k)
{
  const double *s = self->sums + (gsize) N_SUMS * k;
  double n = (double) self->tested;
  double cov, vy, vp;

  if (self->tested < 2)
    return NAN;
  cov = s[4] / n - s[0] * s[1] / (n * n);
  vy = s[2] / n - s[0] * s[0] / (n * n);
  vp = s[3] / n - s[1] * s[1] / (n * n);
  return vy > 0.0 && vp > 0.0 ? cov * cov / (vy * vp) : 0.0;
}

static double
current_nrmse (CelReservoir *self)
{
  double sum = 0.0;
  guint first, count;

  if (self->tested == 0)
    return NAN;
  /* Lorenz: the mean over its three components; otherwise the shown output. */
  if (signal_kind (self->run_task) == CEL_SIGNAL_LORENZ)
    {
      first = 0;
      count = self->m;
    }
  else
    {
      first = shown_output (self);
      count = 1;
    }
  for (guint k = first; k < first + count; k++)
    sum += self->err_sq[k] / (double) self->tested / cel_readout_target_variance (self->readout, k);
  return sqrt (sum / count);
}

static gboolean
fit (CelReservoir *self, GError **error)
{
  if (!cel_readout_fit (self->readout, pow (10.0, self->ridge_log10), error))
    return FALSE;
  self->fitted = TRUE;
  /* The forecast of the next sample: a free run's first input. */
  cel_readout_predict (self->readout, self->z, self->prediction);
  return TRUE;
}

static void
push_ring (double *ring, guint64 *count, double value)
{
  ring[*count % EMBEDDING] = value;
  (*count)++;
}

/* The attractor point of a ring (delay embedding), FALSE until it has one. */
static gboolean
ring_point (CelReservoir *self, const double *ring, guint64 count, CelPoint2 *p)
{
  guint delay = embedding_delay (self);

  if (count <= delay)
    return FALSE;
  p->x = ring[(count - 1 - delay) % EMBEDDING];
  p->y = ring[(count - 1) % EMBEDDING];
  return TRUE;
}

static void
record (CelReservoir *self, gboolean testing)
{
  CelSignal *signal = &self->signal;
  guint k = shown_output (self);
  double x = (double) self->steps;
  gboolean lorenz = signal->kind == CEL_SIGNAL_LORENZ;
  double shown = cel_signal_to_display (signal, k, self->target[k]);
  CelPoint2 p;

  cel_series_append (self->target_series, x, shown);
  push_ring (self->true_ring, &self->true_count, shown);
  if (lorenz)
    cel_series_append (self->true_attractor, shown, cel_signal_to_display (signal, 2, self->target[2]));
  else if (ring_point (self, self->true_ring, self->true_count, &p))
    cel_series_append (self->true_attractor, p.x, p.y);

  if (!testing)
    return;
  shown = cel_signal_to_display (signal, k, self->prediction[k]);
  cel_series_append (self->output_series, x, shown);
  push_ring (self->pred_ring, &self->pred_count, shown);
  if (lorenz)
    cel_series_append (self->predicted_attractor, shown,
                       cel_signal_to_display (signal, 2, self->prediction[2]));
  else if (ring_point (self, self->pred_ring, self->pred_count, &p))
    cel_series_append (self->predicted_attractor, p.x, p.y);
  cel_series_append (self->nrmse_series, x, current_nrmse (self));
}

static gboolean
diverged (GError **error, const char *what)
{
  g_set_error (error, CEL_ERROR, CEL_ERROR_DIVERGED, "%s", what);
  return FALSE;
}

static gboolean
step_once (CelReservoir *self, GError **error)
{
  CelModel *model = CEL_MODEL (self);
  guint64 training_end = (guint64) self->run_washout + self->run_train;
  gboolean testing = self->steps >= training_end;
  const double *fed;

  /* A fit that failed at the end of training is retried (the ridge may
   * have been raised since). */
  if (testing && !self->fitted && !fit (self, error))
    return FALSE;

  if (!cel_signal_next (&self->signal, cel_model_get_rng (model), self->input, self->target))
    return diverged (error, _("The task’s series stopped being finite numbers"));
  fed = testing && self->free_run ? self->prediction : self->input;
  for (guint k = 0; k < self->n_inputs; k++)
    if (!isfinite (fed[k]))
      return diverged (error, _("The reservoir’s input is not a finite number"));
  if (!cel_reservoir_net_update (self->net, fed, self->radius, self->input_scaling, self->leak,
                                 self->activation))
    return diverged (error, _("The reservoir’s state grew beyond finite numbers; lower the spectral "
                              "radius or use a saturating activation"));

  self->z[0] = 1.0;
  memcpy (self->z + 1, fed, self->n_inputs * sizeof (double));
  memcpy (self->z + 1 + self->n_inputs, self->net->x, self->run_units * sizeof (double));
  self->steps++;

  if (self->steps <= self->run_washout)
    {
      if (self->adapt_rate > 0.0)
        cel_reservoir_net_adapt (self->net, self->adapt_rate, self->activation);
    }
  else if (!testing)
    {
      cel_readout_add (self->readout, self->z, self->target);
      if (self->steps == training_end && !fit (self, error))
        {
          record (self, FALSE);
          return FALSE;
        }
    }
  else
    {
      cel_readout_predict (self->readout, self->z, self->prediction);
      for (guint k = 0; k < self->m; k++)
        {
          double y = self->target[k], p = self->prediction[k], e = p - y;
          double *s = self->sums + (gsize) N_SUMS * k;

          if (!isfinite (p))
            return diverged (error, _("The readout’s output is not a finite number"));
          self->err_sq[k] += e * e;
          s[0] += y;
          s[1] += p;
          s[2] += y * y;
          s[3] += p * p;
          s[4] += y * p;
        }
      self->tested++;
    }
  record (self, testing);
  return TRUE;
}

static guint64
cel_reservoir_step (CelModel      *model,
                    guint64        n,
                    GCancellable  *cancellable,
                    GError       **error)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  guint64 done;

  if (self->net == NULL)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_FAILED, self->net_error);
      return 0;
    }
  for (done = 0; done < n; done++)
    {
      guint64 before = self->steps;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!step_once (self, error))
        return done + (self->steps > before);
    }
  return done;
}

static void
cel_reservoir_get_size (CelModel *model, guint *width, guint *height)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  guint side = (guint) ceil (sqrt ((double) self->run_units));

  while (side * side < self->run_units)
    side++;
  *width = side;
  *height = (self->run_units + side - 1) / side;
}

static gssize
unit_at (CelReservoir *self, gint32 x, gint32 y)
{
  guint w, h;
  gsize i;

  cel_reservoir_get_size (CEL_MODEL (self), &w, &h);
  if (x < 0 || y < 0 || (guint) x >= w || (guint) y >= h)
    return -1;
  i = (gsize) y * w + (guint) x;
  return i < self->run_units ? (gssize) i : -1;
}

static void
cel_reservoir_paint_cells (CelModel      *model,
                           const CelCell *cells,
                           gsize          n_cells,
                           GArray        *undo)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  const CelFieldInfo *info = &field_infos[self->activation];
  g_autofree guint8 *recorded = NULL;

  if (self->net == NULL)
    return;
  recorded = g_new0 (guint8, self->run_units);
  for (gsize k = 0; k < n_cells; k++)
    {
      gssize i = unit_at (self, cells[k].x, cells[k].y);
      double v = cells[k].value;

      if (i < 0 || !isfinite (v))
        continue;
      /* Only the first touch records, so that painting the undo array
       * back in order restores the state. */
      if (undo && !recorded[i])
        {
          CelCell previous = { cells[k].x, cells[k].y, (float) self->net->x[i] };

          recorded[i] = 1;
          g_array_append_val (undo, previous);
        }
      if (self->activation != CEL_RESERVOIR_LINEAR)
        v = CLAMP (v, info->vmin, info->vmax);
      self->net->x[i] = v;
    }
}

static guint
cel_reservoir_get_n_fields (CelModel *model)
{
  return 1;
}

static const CelFieldInfo *
cel_reservoir_get_field_info (CelModel *model, guint index)
{
  return &field_infos[CEL_RESERVOIR (model)->activation];
}

static CelFrame *
cel_reservoir_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  const CelFieldInfo *info = &field_infos[self->activation];
  guint w, h;
  gint64 x0 = 0, y0 = 0, x1, y1;
  CelFrame *frame;

  cel_reservoir_get_size (model, &w, &h);
  x1 = w;
  y1 = h;
  if (region != NULL)
    {
      x0 = CLAMP ((gint64) region->x, 0, x1);
      y0 = CLAMP ((gint64) region->y, 0, y1);
      x1 = CLAMP ((gint64) region->x + region->width, x0, x1);
      y1 = CLAMP ((gint64) region->y + region->height, y0, y1);
    }
  frame = cel_frame_new (CEL_FIELD_SCALAR, (guint) (x1 - x0), (guint) (y1 - y0));
  frame->x = (int) x0;
  frame->y = (int) y0;
  frame->vmin = info->vmin;
  frame->vmax = info->vmax;
  for (gint64 y = y0; y < y1; y++)
    {
      float *out = (float *) (frame->data + (gsize) (y - y0) * frame->stride);

      for (gint64 x = x0; x < x1; x++)
        {
          gsize i = (gsize) y * w + (gsize) x;

          out[x - x0] = self->net != NULL && i < self->run_units ? (float) self->net->x[i] : NAN;
        }
    }
  return frame;
}

/* State ------------------------------------------------------------------------ *
 *
 * { "task": nick, "units": N, "features": d, "outputs": m, "steps": t,
 *   "state": x (N), "gains": g (N, E/I split only), "signal": {…},
 *   "trained": samples in the readout, "fitted": bool,
 *   before the fit: "zz" (d × d), "zy" (d × m), "batch": b,
 *     "batch-z" (b × d), "batch-y" (b × m);
 *   after it: "readout" (d × m);
 *   "y-sum", "y-sq" (m), "features-last" (d), "prediction" (m),
 *   "tested", "errors" (m), "sums" (5 × m),
 *   "true-ring", "predicted-ring" (18), "true-count", "predicted-count" }
 * Arrays are little-endian doubles (cel-blob). */

static JsonNode *
cel_reservoir_save_state (CelModel *model)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  CelReadout *r = self->readout;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "task");
  json_builder_add_string_value (b, task_nick (self->run_task));
  json_builder_set_member_name (b, "units");
  json_builder_add_int_value (b, self->run_units);
  json_builder_set_member_name (b, "features");
  json_builder_add_int_value (b, self->d);
  json_builder_set_member_name (b, "outputs");
  json_builder_add_int_value (b, self->m);
  json_builder_set_member_name (b, "steps");
  json_builder_add_int_value (b, (gint64) self->steps);
  if (self->net != NULL)
    {
      cel_reservoir_add_doubles (b, "state", self->net->x, self->run_units);
      if (self->net->split)
        cel_reservoir_add_doubles (b, "gains", self->net->gain, self->run_units);
    }
  json_builder_set_member_name (b, "signal");
  json_builder_add_value (b, cel_signal_save (&self->signal));
  json_builder_set_member_name (b, "trained");
  json_builder_add_int_value (b, (gint64) r->count);
  json_builder_set_member_name (b, "fitted");
  json_builder_add_boolean_value (b, self->fitted);
  if (self->fitted)
    cel_reservoir_add_doubles (b, "readout", r->w_out, (gsize) self->d * self->m);
  else
    {
      cel_reservoir_add_doubles (b, "zz", r->zz, (gsize) self->d * self->d);
      cel_reservoir_add_doubles (b, "zy", r->zy, (gsize) self->d * self->m);
      json_builder_set_member_name (b, "batch");
      json_builder_add_int_value (b, r->batch_n);
      cel_reservoir_add_doubles (b, "batch-z", r->batch_z, (gsize) r->batch_n * self->d);
      cel_reservoir_add_doubles (b, "batch-y", r->batch_y, (gsize) r->batch_n * self->m);
    }
  cel_reservoir_add_doubles (b, "y-sum", r->y_sum, self->m);
  cel_reservoir_add_doubles (b, "y-sq", r->y_sq, self->m);
  cel_reservoir_add_doubles (b, "features-last", self->z, self->d);
  cel_reservoir_add_doubles (b, "prediction", self->prediction, self->m);
  json_builder_set_member_name (b, "tested");
  json_builder_add_int_value (b, (gint64) self->tested);
  cel_reservoir_add_doubles (b, "errors", self->err_sq, self->m);
  cel_reservoir_add_doubles (b, "sums", self->sums, (gsize) N_SUMS * self->m);
  cel_reservoir_add_doubles (b, "true-ring", self->true_ring, EMBEDDING);
  cel_reservoir_add_doubles (b, "predicted-ring", self->pred_ring, EMBEDDING);
  json_builder_set_member_name (b, "true-count");
  json_builder_add_int_value (b, (gint64) self->true_count);
  json_builder_set_member_name (b, "predicted-count");
  json_builder_add_int_value (b, (gint64) self->pred_count);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
expect_int (JsonObject *state, const char *member, gint64 expected, GError **error)
{
  gint64 v;

  if (!cel_json_get_int (state, member, 0, G_MAXINT64, &v, error))
    return FALSE;
  if (v != expected)
    return cel_json_error (error, member, _("does not match the parameters"));
  return TRUE;
}

/* Reads everything into fresh structures first, so that a failed load
 * leaves the model as it was. */
static gboolean
cel_reservoir_load_state (CelModel    *model,
                          JsonObject  *state,
                          GError     **error)
{
  CelReservoir *self = CEL_RESERVOIR (model);
  guint d = self->d, m = self->m, n = self->run_units;
  const char *task;
  gint64 steps, trained, tested, batch = 0, true_count, pred_count;
  gboolean fitted;
  JsonObject *signal_state;
  CelSignal signal = { 0 };
  CelRng scratch_rng;
  g_autoptr (CelReadout) readout = cel_readout_new (d, m);
  g_autofree double *x = g_new (double, n);
  g_autofree double *gains = NULL;
  g_autofree double *z = g_new (double, d);
  g_autofree double *prediction = g_new (double, m);
  g_autofree double *err_sq = g_new (double, m);
  g_autofree double *sums = g_new (double, (gsize) N_SUMS * m);
  double true_ring[EMBEDDING], pred_ring[EMBEDDING];
  guint64 max_trained;

  if (self->net == NULL)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_FAILED, self->net_error);
      return FALSE;
    }
  if (!cel_json_get_string (state, "task", &task, error))
    return FALSE;
  if (g_strcmp0 (task, task_nick (self->run_task)) != 0)
    return cel_json_error (error, "task", _("does not match the task parameter"));
  if (!expect_int (state, "units", n, error)
      || !expect_int (state, "features", d, error)
      || !expect_int (state, "outputs", m, error)
      || !cel_json_get_int (state, "steps", 0, G_MAXINT64, &steps, error)
      || !cel_reservoir_get_doubles (state, "state", x, n, error))
    return FALSE;
  if (self->net->split)
    {
      gains = g_new (double, n);
      if (!cel_reservoir_get_doubles (state, "gains", gains, n, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (gains[i] < 0.0)
          return cel_json_error (error, "gains", _("holds a negative gain"));
    }

  max_trained = MIN ((guint64) steps > self->run_washout ? (guint64) steps - self->run_washout : 0,
                     (guint64) self->run_train);
  if (!cel_json_get_int (state, "trained", 0, (gint64) max_trained, &trained, error)
      || !cel_json_get_bool (state, "fitted", &fitted, error))
    return FALSE;
  if (fitted && (guint64) trained != self->run_train)
    return cel_json_error (error, "fitted", _("is true before the training has ended"));
  readout->count = (guint64) trained;
  if (fitted)
    {
      readout->w_out = g_new (double, (gsize) d * m);
      if (!cel_reservoir_get_doubles (state, "readout", readout->w_out, (gsize) d * m, error))
        return FALSE;
    }
  else
    {
      if (!cel_reservoir_get_doubles (state, "zz", readout->zz, (gsize) d * d, error)
          || !cel_reservoir_get_doubles (state, "zy", readout->zy, (gsize) d * m, error)
          || !cel_json_get_int (state, "batch", 0, MIN (trained, CEL_READOUT_BATCH - 1), &batch, error)
          || !cel_reservoir_get_doubles (state, "batch-z", readout->batch_z, (gsize) batch * d, error)
          || !cel_reservoir_get_doubles (state, "batch-y", readout->batch_y, (gsize) batch * m, error))
        return FALSE;
      readout->batch_n = (guint) batch;
    }
  if (!cel_reservoir_get_doubles (state, "y-sum", readout->y_sum, m, error)
      || !cel_reservoir_get_doubles (state, "y-sq", readout->y_sq, m, error)
      || !cel_reservoir_get_doubles (state, "features-last", z, d, error)
      || !cel_reservoir_get_doubles (state, "prediction", prediction, m, error)
      || !cel_json_get_int (state, "tested", 0, steps, &tested, error)
      || !cel_reservoir_get_doubles (state, "errors", err_sq, m, error)
      || !cel_reservoir_get_doubles (state, "sums", sums, (gsize) N_SUMS * m, error)
      || !cel_reservoir_get_doubles (state, "true-ring", true_ring, EMBEDDING, error)
      || !cel_reservoir_get_doubles (state, "predicted-ring", pred_ring, EMBEDDING, error)
      || !cel_json_get_int (state, "true-count", 0, steps, &true_count, error)
      || !cel_json_get_int (state, "predicted-count", 0, tested, &pred_count, error)
      || !cel_json_get_object (state, "signal", &signal_state, error))
    return FALSE;

  /* A signal of the same kind and size, then its saved values. */
  cel_rng_seed (&scratch_rng, 0);
  cel_signal_init (&signal, self->signal.kind, self->signal.memory_delays, &scratch_rng);
  if (!cel_signal_load (&signal, signal_state, error))
    {
      cel_signal_clear (&signal);
      g_prefix_error (error, "signal.");
      return FALSE;
    }

  cel_signal_clear (&self->signal);
  self->signal = signal;
  memcpy (self->net->x, x, n * sizeof (double));
  if (gains != NULL)
    memcpy (self->net->gain, gains, n * sizeof (double));
  cel_readout_free (self->readout);
  self->readout = g_steal_pointer (&readout);
  g_free (self->z);
  self->z = g_steal_pointer (&z);
  g_free (self->prediction);
  self->prediction = g_steal_pointer (&prediction);
  g_free (self->err_sq);
  self->err_sq = g_steal_pointer (&err_sq);
  g_free (self->sums);
  self->sums = g_steal_pointer (&sums);
  memcpy (self->true_ring, true_ring, sizeof true_ring);
  memcpy (self->pred_ring, pred_ring, sizeof pred_ring);
  self->steps = (guint64) steps;
  self->fitted = fitted;
  self->tested = (guint64) tested;
  self->true_count = (guint64) true_count;
  self->pred_count = (guint64) pred_count;
  return TRUE;
}

static const CelAnalysisInfo *
cel_reservoir_get_analyses (CelModel *model, guint *n_analyses)
{
  return cel_reservoir_list_analyses (n_analyses);
}

/* Public ---------------------------------------------------------------------- */

CelReservoirPhase
cel_reservoir_get_phase (CelReservoir *self)
{
  g_return_val_if_fail (CEL_IS_RESERVOIR (self), CEL_RESERVOIR_WASHOUT);

  if (self->steps < self->run_washout)
    return CEL_RESERVOIR_WASHOUT;
  if (self->steps < (guint64) self->run_washout + self->run_train)
    return CEL_RESERVOIR_TRAINING;
  return CEL_RESERVOIR_TESTING;
}

guint64
cel_reservoir_get_tested (CelReservoir *self)
{
  g_return_val_if_fail (CEL_IS_RESERVOIR (self), 0);
  return self->tested;
}

double
cel_reservoir_get_nrmse (CelReservoir *self)
{
  g_return_val_if_fail (CEL_IS_RESERVOIR (self), NAN);
  return current_nrmse (self);
}

double
cel_reservoir_get_memory_capacity (CelReservoir *self)
{
  double sum = 0.0;

  g_return_val_if_fail (CEL_IS_RESERVOIR (self), NAN);
  if (self->run_task != CEL_RESERVOIR_MEMORY || self->tested < 2)
    return NAN;
  for (guint k = 0; k < self->m; k++)
    sum += output_r2 (self, k);
  return sum;
}

gboolean
cel_reservoir_get_forgetting_curve (CelReservoir *self,
                                    double       *r2,
                                    guint        *n)
{
  g_return_val_if_fail (CEL_IS_RESERVOIR (self), FALSE);
  if (self->run_task != CEL_RESERVOIR_MEMORY)
    return FALSE;
  for (guint k = 0; k < self->m; k++)
    r2[k] = output_r2 (self, k);
  *n = self->m;
  return TRUE;
}

/* GObject --------------------------------------------------------------------- */

static void
cel_reservoir_finalize (GObject *object)
{
  free_state (CEL_RESERVOIR (object));
  G_OBJECT_CLASS (cel_reservoir_parent_class)->finalize (object);
}

static gpointer
field_of (CelReservoir *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_TASK: return &self->task;
    case PROP_UNITS: return &self->units;
    case PROP_MATRIX: return &self->matrix;
    case PROP_SPARSITY: return &self->sparsity;
    case PROP_RADIUS: return &self->radius;
    case PROP_INPUT_SCALING: return &self->input_scaling;
    case PROP_LEAK: return &self->leak;
    case PROP_ACTIVATION: return &self->activation;
    case PROP_EI_FRACTION: return &self->ei_fraction;
    case PROP_BALANCE: return &self->balance;
    case PROP_ADAPT_RATE: return &self->adapt_rate;
    case PROP_TARGET_RATE: return &self->target_rate;
    case PROP_TARGET_SPREAD: return &self->target_spread;
    case PROP_DELAY: return &self->delay;
    case PROP_WASHOUT: return &self->washout;
    case PROP_TRAIN: return &self->train;
    case PROP_RIDGE: return &self->ridge_log10;
    case PROP_ANALYSIS_TEST: return &self->analysis_test;
    default: return NULL;
    }
}

static void
cel_reservoir_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_RESERVOIR (object), prop_id), value, pspec);
}

static void
cel_reservoir_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_RESERVOIR (object), prop_id), value, pspec);
}

static void
cel_reservoir_class_init (CelReservoirClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);

  object_class->finalize = cel_reservoir_finalize;
  object_class->get_property = cel_reservoir_get_property;
  object_class->set_property = cel_reservoir_set_property;

  model_class->reset = cel_reservoir_reset;
  model_class->step = cel_reservoir_step;
  model_class->get_size = cel_reservoir_get_size;
  model_class->paint_cells = cel_reservoir_paint_cells;
  model_class->get_n_fields = cel_reservoir_get_n_fields;
  model_class->get_field_info = cel_reservoir_get_field_info;
  model_class->render_field = cel_reservoir_render_field;
  model_class->save_state = cel_reservoir_save_state;
  model_class->load_state = cel_reservoir_load_state;
  model_class->get_analyses = cel_reservoir_get_analyses;

  properties[PROP_TASK] =
    cel_param_enum ("task", N_("Task"),
                    N_("What the readout learns: to predict Lorenz or Mackey–Glass one "
                       "step ahead or running freely on its own predictions, NARMA-10, "
                       "or to recall past inputs (memory capacity)"),
                    CEL_TYPE_RESERVOIR_TASK, CEL_RESERVOIR_LORENZ_FREE,
                    N_("Task"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_UNITS] =
    cel_param_uint ("units", N_("Units"), N_("Number of reservoir units N"),
                    4, CEL_RESERVOIR_MAX_UNITS, 400, N_("Reservoir"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_MATRIX] =
    cel_param_enum ("matrix", N_("Recurrent weights"),
                    N_("A sparse random matrix, or a random orthogonal one (dense; "
                       "ignores sparsity and the E/I split)"),
                    CEL_TYPE_RESERVOIR_MATRIX, CEL_RESERVOIR_SPARSE,
                    N_("Reservoir"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_SPARSITY] =
    cel_param_double ("sparsity", N_("Sparsity"),
                      N_("Fraction of the recurrent weights that are zero"),
                      0.0, 0.999, 0.9, N_("Reservoir"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_RADIUS] =
    cel_param_double ("spectral-radius", N_("Spectral radius ρ"),
                      N_("Largest eigenvalue modulus of the recurrent weights (the E/I "
                         "gains at their initial values)"),
                      0.0, 5.0, 0.9, N_("Reservoir"), NULL, CEL_PARAM_NONE);
  properties[PROP_INPUT_SCALING] =
    cel_param_double ("input-scaling", N_("Input scaling"),
                      N_("Factor on the input and bias weights"),
                      0.0, 10.0, 0.3, N_("Reservoir"), NULL, CEL_PARAM_NONE);
  properties[PROP_LEAK] =
    cel_param_double ("leak-rate", N_("Leak rate"),
                      N_("How far a unit moves toward its new activation each step; 1 "
                         "replaces it"),
                      0.001, 1.0, 1.0, N_("Reservoir"), NULL, CEL_PARAM_NONE);
  properties[PROP_ACTIVATION] =
    cel_param_enum ("activation", N_("Activation"),
                    N_("The units’ response function"),
                    CEL_TYPE_RESERVOIR_ACTIVATION, CEL_RESERVOIR_TANH,
                    N_("Reservoir"), CEL_PARAM_NONE);
  properties[PROP_EI_FRACTION] =
    cel_param_double ("ei-fraction", N_("Excitatory fraction"),
                      N_("Fraction of excitatory units under Dale’s law; 0 gives "
                         "weights of either sign without the split"),
                      0.0, 0.95, 0.0, N_("Excitation and inhibition"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_BALANCE] =
    cel_param_double ("balance", N_("Inhibition balance β"),
                      N_("Initial inhibitory gain relative to the balanced one: 1 "
                         "balanced, above 1 over-inhibited"),
                      0.0, 10.0, 1.0, N_("Excitation and inhibition"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_ADAPT_RATE] =
    cel_param_double ("adapt-rate", N_("Adaptation rate η"),
                      N_("Rate at which each unit adjusts its inhibitory gain toward "
                         "its target firing rate during the washout; 0 disables it"),
                      0.0, 1.0, 0.0, N_("Excitation and inhibition"), NULL, CEL_PARAM_NONE);
  properties[PROP_TARGET_RATE] =
    cel_param_double ("target-rate", N_("Target rate"),
                      N_("Mean target firing rate of the adaptation"),
                      0.01, 0.99, 0.2,
                      N_("Excitation and inhibition"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_TARGET_SPREAD] =
    cel_param_double ("target-spread", N_("Target spread"),
                      N_("Standard deviation of the units’ target rates around the "
                         "mean (heterogeneous targets)"),
                      0.0, 0.5, 0.0, N_("Excitation and inhibition"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_DELAY] =
    cel_param_uint ("delay", N_("Shown delay"),
                    N_("Memory task: the delay k whose recall u(t − k) the plots show "
                       "and the NRMSE scores"),
                    1, MAX_MEMORY_DELAYS, 10, N_("Task"), N_("steps"), CEL_PARAM_NONE);
  properties[PROP_WASHOUT] =
    cel_param_uint ("washout", N_("Washout"),
                    N_("Steps run before training, to forget the initial state"),
                    0, 1000000, 100, N_("Training"), N_("steps"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_TRAIN] =
    cel_param_uint ("train", N_("Training length"),
                    N_("Steps whose states train the readout; the test follows"),
                    10, 10000000, 4000, N_("Training"), N_("steps"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_RIDGE] =
    cel_param_double ("ridge", N_("Ridge (log₁₀ λ)"),
                      N_("Regularisation of the readout, as a power of ten; used when "
                         "the readout is fitted at the end of training"),
                      -12.0, 2.0, -8.0, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_ANALYSIS_TEST] =
    cel_param_uint ("analysis-test", N_("Test length"),
                    N_("Test steps the analyses score after the washout and training"),
                    100, 10000000, 2000, N_("Analysis"), N_("steps"), CEL_PARAM_NONE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_reservoir_init (CelReservoir *self)
{
  CelModel *model = CEL_MODEL (self);

  self->task = CEL_RESERVOIR_LORENZ_FREE;
  self->units = 400;
  self->matrix = CEL_RESERVOIR_SPARSE;
  self->sparsity = 0.9;
  self->radius = 0.9;
  self->input_scaling = 0.3;
  self->leak = 1.0;
  self->activation = CEL_RESERVOIR_TANH;
  self->ei_fraction = 0.0;
  self->balance = 1.0;
  self->adapt_rate = 0.0;
  self->target_rate = 0.2;
  self->target_spread = 0.0;
  self->delay = 10;
  self->washout = 100;
  self->train = 4000;
  self->ridge_log10 = -8.0;
  self->analysis_test = 2000;

  /* The attractor plot first: the plot area shows it on top. */
  self->true_attractor = cel_model_add_series (model, &true_attractor_info);
  self->predicted_attractor = cel_model_add_series (model, &predicted_attractor_info);
  self->target_series = cel_model_add_series (model, &target_info);
  self->output_series = cel_model_add_series (model, &output_info);
  self->nrmse_series = cel_model_add_series (model, &nrmse_info);

  /* A usable state before the first cel_model_reset(). */
  cel_reservoir_reset (model);
}
