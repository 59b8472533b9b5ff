/* cel-flows.c — the chaotic-flow model and its analyses (see cel-flows.h). */
#include "cel-flows.h"

#include <math.h>
#include <string.h>

#include "cel-analysis.h"
#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "models/maps/cel-chaos.h"

#define N_CELLS (CEL_FLOWS_SIDE * CEL_FLOWS_SIDE)
/* The ink weight is folded back into the image beyond this. */
#define WEIGHT_LIMIT 1e20
/* Most cells one step's segment is drawn over. */
#define MAX_SEGMENT_CELLS 512
/* Blocks the exponent's steps are split into for its standard error. */
#define LYAPUNOV_BLOCKS 10
#define CONVERGENCE_POINTS 1000

struct _CelFlows
{
  CelModel        parent_instance;

  /* Parameters. */
  CelFlowsSystem  system;
  CelFlowsProjection projection;
  double          sigma, rho, beta, a, b, c;
  double          dt;
  guint           trajectories, trail;
  double          transient_time, lyapunov_time, sample_interval;
  guint           test_samples, test_frequencies, entropy_samples;

  /* State. */
  CelFlowsSystem  s_system;
  CelFlowsProjection s_projection;
  guint           n;
  double         *s;          /* n × (x, y, z) */
  double          time;
  float          *ink;        /* N_CELLS, in units of `weight` */
  double          weight;
  guint           next;       /* the trajectory a paint restarts next */

  CelSeries      *projection_series;
  CelSeries      *x_series;
};

G_DEFINE_FINAL_TYPE (CelFlows, cel_flows, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_SYSTEM,
  PROP_PROJECTION,
  PROP_SIGMA,
  PROP_RHO,
  PROP_BETA,
  PROP_A,
  PROP_B,
  PROP_C,
  PROP_DT,
  PROP_TRAJECTORIES,
  PROP_TRAIL,
  PROP_TRANSIENT_TIME,
  PROP_LYAPUNOV_TIME,
  PROP_SAMPLE_INTERVAL,
  PROP_TEST_SAMPLES,
  PROP_TEST_FREQUENCIES,
  PROP_ENTROPY_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo projection_info = {
  "projection", N_("Trajectory 0 projected on the chosen plane"), "projection", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo x_info = {
  "x", N_("x of trajectory 0 against time"), "time", CEL_PLOT_LINE, FALSE
};
static const CelFieldInfo trails_info = {
  "trails", N_("Trails (projection)"), CEL_FIELD_SCALAR, 0, 0.0f, 1.0f, "magma"
};

GType
cel_flows_system_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_FLOWS_LORENZ, N_("Lorenz"), "lorenz" },
    { CEL_FLOWS_ROSSLER, N_("Rössler"), "rossler" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelFlowsSystem", values);
}

GType
cel_flows_projection_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_FLOWS_PROJECTION_XZ, N_("x against z"), "xz" },
    { CEL_FLOWS_PROJECTION_XY, N_("x against y"), "xy" },
    { CEL_FLOWS_PROJECTION_YZ, N_("y against z"), "yz" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelFlowsProjection", values);
}

static void
field_params (CelFlows *self, CelFlowsField *field)
{
  field->system = self->s_system;
  if (self->s_system == CEL_FLOWS_LORENZ)
    {
      field->p[0] = self->sigma;
      field->p[1] = self->rho;
      field->p[2] = self->beta;
    }
  else
    {
      field->p[0] = self->a;
      field->p[1] = self->b;
      field->p[2] = self->c;
    }
}

/* The projection plane: the coordinates across (h) and up (v), and the
 * window shown, which holds each attractor at its default parameters. */
static void
plane (CelFlowsSystem system, CelFlowsProjection projection,
       guint *h, guint *v, double *x0, double *x1, double *y0, double *y1)
{
  static const double lorenz[3][2] = { { -30, 30 }, { -30, 30 }, { -5, 55 } };
  static const double rossler[3][2] = { { -15, 15 }, { -15, 15 }, { -2, 26 } };
  const double (*window)[2] = system == CEL_FLOWS_LORENZ ? lorenz : rossler;

  switch (projection)
    {
    case CEL_FLOWS_PROJECTION_XY:
      *h = 0;
      *v = 1;
      break;
    case CEL_FLOWS_PROJECTION_YZ:
      *h = 1;
      *v = 2;
      break;
    case CEL_FLOWS_PROJECTION_XZ:
    default:
      *h = 0;
      *v = 2;
      break;
    }
  *x0 = window[*h][0];
  *x1 = window[*h][1];
  *y0 = window[*v][0];
  *y1 = window[*v][1];
}

/* Position of a state in cells (continuous; row 0 at the top). */
static void
to_cells (CelFlows *self, const double *s, double *cx, double *cy)
{
  guint h, v;
  double x0, x1, y0, y1;

  plane (self->s_system, self->s_projection, &h, &v, &x0, &x1, &y0, &y1);
  *cx = (s[h] - x0) / (x1 - x0) * CEL_FLOWS_SIDE;
  *cy = (y1 - s[v]) / (y1 - y0) * CEL_FLOWS_SIDE;
}

static void
free_state (CelFlows *self)
{
  g_clear_pointer (&self->s, g_free);
  g_clear_pointer (&self->ink, g_free);
}

static void
build_state (CelFlows *self)
{
  free_state (self);
  self->s_system = self->system;
  self->s_projection = self->projection;
  self->n = self->trajectories;
  self->s = g_new0 (double, 3 * (gsize) self->n);
  self->ink = g_new0 (float, N_CELLS);
  self->weight = 1;
  self->time = 0;
  self->next = 0;
}

static void
cel_flows_reset (CelModel *model)
{
  CelFlows *self = CEL_FLOWS (model);
  CelRng *rng = cel_model_get_rng (model);
  /* Bounding boxes of the attractors at the default parameters. */
  static const double lorenz_box[3][2] = { { -20, 20 }, { -25, 25 }, { 5, 45 } };
  static const double rossler_box[3][2] = { { -10, 12 }, { -11, 8 }, { 0, 2 } };

  build_state (self);
  for (guint i = 0; i < self->n; i++)
    for (guint d = 0; d < 3; d++)
      {
        const double *box = self->s_system == CEL_FLOWS_LORENZ ? lorenz_box[d] : rossler_box[d];
        self->s[3 * i + d] = box[0] + (box[1] - box[0]) * cel_rng_uniform (rng);
      }
}

/* Draws the segment from one projected position to the next. */
static void
deposit (CelFlows *self, double ax, double ay, double bx, double by)
{
  double length = MAX (fabs (bx - ax), fabs (by - ay));
  guint n = (guint) MIN (ceil (length), MAX_SEGMENT_CELLS);
  float w;

  n = MAX (n, 1);
  w = (float) (self->weight / n);
  for (guint k = 1; k <= n; k++)
    {
      double t = (double) k / n, cx = ax + t * (bx - ax), cy = ay + t * (by - ay);

      if (cx >= 0 && cx < CEL_FLOWS_SIDE && cy >= 0 && cy < CEL_FLOWS_SIDE)
        self->ink[(gsize) cy * CEL_FLOWS_SIDE + (gsize) cx] += w;
    }
}

static gboolean
finite3 (const double *s)
{
  return isfinite (s[0]) && isfinite (s[1]) && isfinite (s[2]);
}

static guint64
cel_flows_step (CelModel      *model,
                guint64        n,
                GCancellable  *cancellable,
                GError       **error)
{
  CelFlows *self = CEL_FLOWS (model);
  CelFlowsField field;
  double growth = exp2 (1.0 / self->trail);
  guint h, v;
  double x0, x1, y0, y1;
  guint64 done;

  field_params (self, &field);
  plane (self->s_system, self->s_projection, &h, &v, &x0, &x1, &y0, &y1);
  for (done = 0; done < n; done++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      self->weight *= growth;
      for (guint i = 0; i < self->n; i++)
        {
          double *s = self->s + 3 * (gsize) i, ax, ay, bx, by;

          to_cells (self, s, &ax, &ay);
          cel_flows_rk4 (&field, self->dt, s);
          if (!finite3 (s))
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_DIVERGED,
                           _("Trajectory %u diverged at time %g; lower dt and reset"),
                           i, self->time);
              return done;
            }
          to_cells (self, s, &bx, &by);
          deposit (self, ax, ay, bx, by);
        }
      if (self->weight > WEIGHT_LIMIT)
        {
          for (guint i = 0; i < N_CELLS; i++)
            self->ink[i] = (float) (self->ink[i] / self->weight);
          self->weight = 1;
        }
      self->time += self->dt;
      cel_series_append (self->projection_series, self->s[h], self->s[v]);
      cel_series_append (self->x_series, self->time, self->s[0]);
    }
  return done;
}

static void
cel_flows_get_size (CelModel *model, guint *width, guint *height)
{
  *width = CEL_FLOWS_SIDE;
  *height = CEL_FLOWS_SIDE;
}

static void
cel_flows_paint_cells (CelModel      *model,
                       const CelCell *cells,
                       gsize          n_cells,
                       GArray        *undo)
{
  CelFlows *self = CEL_FLOWS (model);
  guint h, v, other;
  double x0, x1, y0, y1;
  gsize count = MIN (n_cells, (gsize) self->n);

  plane (self->s_system, self->s_projection, &h, &v, &x0, &x1, &y0, &y1);
  other = 3 - h - v;
  for (gsize k = 0; k < count; k++)
    {
      const CelCell *cell = &cells[k * n_cells / count];
      double *s;

      if (cell->x < 0 || cell->x >= CEL_FLOWS_SIDE || cell->y < 0 || cell->y >= CEL_FLOWS_SIDE)
        continue;
      s = self->s + 3 * (gsize) self->next;
      s[h] = x0 + (cell->x + 0.5) / CEL_FLOWS_SIDE * (x1 - x0);
      s[v] = y1 - (cell->y + 0.5) / CEL_FLOWS_SIDE * (y1 - y0);
      s[other] = cell->value;
      self->next = (self->next + 1) % self->n;
    }
}

static guint
cel_flows_get_n_fields (CelModel *model)
{
  return 1;
}

static const CelFieldInfo *
cel_flows_get_field_info (CelModel *model, guint index)
{
  return &trails_info;
}

static CelFrame *
cel_flows_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelFlows *self = CEL_FLOWS (model);
  gint64 x0 = 0, y0 = 0, x1 = CEL_FLOWS_SIDE, y1 = CEL_FLOWS_SIDE;
  double top = 0, scale;
  CelFrame *frame;

  if (region != NULL)
    {
      x0 = CLAMP ((gint64) region->x, 0, x1);
      y0 = CLAMP ((gint64) region->y, 0, y1);
      x1 = CLAMP ((gint64) region->x + region->width, x0, x1);
      y1 = CLAMP ((gint64) region->y + region->height, y0, y1);
    }
  for (guint i = 0; i < N_CELLS; i++)
    top = MAX (top, self->ink[i] / self->weight);
  scale = top > 0 ? 1 / log1p (top) : 0;

  frame = cel_frame_new (CEL_FIELD_SCALAR, (guint) (x1 - x0), (guint) (y1 - y0));
  frame->x = (int) x0;
  frame->y = (int) y0;
  frame->vmin = trails_info.vmin;
  frame->vmax = trails_info.vmax;
  for (gint64 y = y0; y < y1; y++)
    {
      float *out = (float *) (frame->data + (gsize) (y - y0) * frame->stride);

      for (gint64 x = x0; x < x1; x++)
        out[x - x0] = (float) (log1p (self->ink[y * CEL_FLOWS_SIDE + x] / self->weight) * scale);
    }
  return frame;
}

/* State -------------------------------------------------------------------- *
 *
 * { "trajectories": n, "states": the n (x, y, z) (doubles),
 *   "clock": [time, ink weight] (doubles), "ink": the trails image (floats),
 *   "next": the trajectory a paint restarts next }
 * Arrays are little-endian IEEE 754 in cel-blob form. */

static JsonNode *
cel_flows_save_state (CelModel *model)
{
  CelFlows *self = CEL_FLOWS (model);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  double clock[2] = { self->time, self->weight };
  g_autofree char *states = cel_blob_encode_words (self->s, 3 * (gsize) self->n, 8);
  g_autofree char *clock_text = cel_blob_encode_words (clock, 2, 8);
  g_autofree char *ink = cel_blob_encode_words (self->ink, N_CELLS, 4);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "trajectories");
  json_builder_add_int_value (b, self->n);
  json_builder_set_member_name (b, "states");
  json_builder_add_string_value (b, states);
  json_builder_set_member_name (b, "clock");
  json_builder_add_string_value (b, clock_text);
  json_builder_set_member_name (b, "ink");
  json_builder_add_string_value (b, ink);
  json_builder_set_member_name (b, "next");
  json_builder_add_int_value (b, self->next);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_flows_load_state (CelModel    *model,
                      JsonObject  *state,
                      GError     **error)
{
  CelFlows *self = CEL_FLOWS (model);
  gint64 n, next;
  g_autofree double *states = NULL;
  g_autofree double *clock = NULL;
  g_autofree float *ink = NULL;

  if (!cel_json_get_int (state, "trajectories", 1, CEL_FLOWS_MAX_TRAJECTORIES, &n, error))
    return FALSE;
  if (n != self->trajectories)
    return cel_json_error (error, "trajectories", _("does not match the trajectories parameter"));
  if (!cel_json_get_int (state, "next", 0, n - 1, &next, error)
      || (states = cel_json_get_words (state, "states", 3 * (gsize) n, 8, error)) == NULL
      || (clock = cel_json_get_words (state, "clock", 2, 8, error)) == NULL
      || (ink = cel_json_get_words (state, "ink", N_CELLS, 4, error)) == NULL)
    return FALSE;
  for (gsize i = 0; i < 3 * (gsize) n; i++)
    if (!isfinite (states[i]))
      return cel_json_error (error, "states", _("holds a value that is not finite"));
  if (!isfinite (clock[0]) || clock[0] < 0 || !isfinite (clock[1]) || clock[1] < 1 || clock[1] > WEIGHT_LIMIT * 2)
    return cel_json_error (error, "clock", _("holds a time or ink weight out of range"));
  for (guint i = 0; i < N_CELLS; i++)
    if (!isfinite (ink[i]) || ink[i] < 0)
      return cel_json_error (error, "ink", _("holds a value that is negative or not finite"));

  build_state (self);
  memcpy (self->s, states, 3 * (gsize) n * sizeof (double));
  memcpy (self->ink, ink, N_CELLS * sizeof (float));
  self->time = clock[0];
  self->weight = clock[1];
  self->next = (guint) next;
  return TRUE;
}

/* Analyses ----------------------------------------------------------------- */

static const CelSeriesInfo convergence_info = {
  "lyapunov-estimate", N_("Running estimate of the largest exponent"), "lyapunov", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo k_info = {
  "k", N_("0–1 test: K for each frequency c"), "zero-one", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo pq_info = {
  "pq", N_("0–1 test: translation variables (p, q) at the first c"), "zero-one-pq", CEL_PLOT_POINTS, FALSE
};

static void
report (CelProgressFunc progress, gpointer data, double fraction)
{
  if (progress)
    progress (CLAMP (fraction, 0.0, 1.0), data);
}

static guint64
steps_for (CelFlows *self, double time)
{
  return (guint64) llround (time / self->dt);
}

/* Integrates trajectory 0 for n steps (with the tangent v when not NULL,
 * renormalised every step, adding the log growth to *log_sum). */
static gboolean
integrate (CelFlows      *self,
           guint64        n,
           double        *v,
           double        *log_sum,
           GCancellable  *cancellable,
           GError       **error)
{
  CelFlowsField field;
  double *s = self->s;

  field_params (self, &field);
  for (guint64 i = 0; i < n; i++)
    {
      if (i % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (v == NULL)
        cel_flows_rk4 (&field, self->dt, s);
      else
        {
          double norm;

          cel_flows_rk4_tangent (&field, self->dt, s, v);
          norm = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
          *log_sum += log (norm);
          v[0] /= norm;
          v[1] /= norm;
          v[2] /= norm;
        }
      if (!finite3 (s) || (v != NULL && !finite3 (v)))
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_DIVERGED,
                       _("The trajectory diverged; lower dt"));
          return FALSE;
        }
    }
  return TRUE;
}

/* x of trajectory 0, sampled every sample-interval after the transient. */
static double *
sample_x (CelFlows *self, guint n, GCancellable *cancellable, GError **error)
{
  guint64 every = MAX (steps_for (self, self->sample_interval), 1);
  g_autofree double *out = g_new (double, n);

  if (!integrate (self, steps_for (self, self->transient_time), NULL, NULL, cancellable, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      if (!integrate (self, every, NULL, NULL, cancellable, error))
        return NULL;
      out[i] = self->s[0];
    }
  return g_steal_pointer (&out);
}

static gboolean
run_lyapunov (CelModel          *copy,
              CelAnalysisResult *result,
              CelProgressFunc    progress,
              gpointer           progress_data,
              GCancellable      *cancellable,
              GError           **error)
{
  CelFlows *self = CEL_FLOWS (copy);
  guint64 total = MAX (steps_for (self, self->lyapunov_time), LYAPUNOV_BLOCKS);
  guint64 block = total / LYAPUNOV_BLOCKS, every = MAX (total / CONVERGENCE_POINTS, 1), done = 0;
  double v[3], blocks[LYAPUNOV_BLOCKS] = { 0 }, sum = 0, norm, lambda, mean, err;
  CelRng *rng = cel_model_get_rng (copy);
  CelSeries *convergence = cel_analysis_result_add_series (result, &convergence_info, CONVERGENCE_POINTS + 1);

  if (!integrate (self, steps_for (self, self->transient_time), NULL, NULL, cancellable, error))
    return FALSE;
  for (guint d = 0; d < 3; d++)
    v[d] = cel_rng_normal (rng);
  norm = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  for (guint d = 0; d < 3; d++)
    v[d] /= norm;

  /* Blocks of `block` steps, the last one taking what the division leaves
   * over; chunks never straddle two blocks. */
  while (done < total)
    {
      guint index = (guint) MIN (done / block, LYAPUNOV_BLOCKS - 1);
      guint64 block_end = index + 1 < LYAPUNOV_BLOCKS ? (index + 1) * block : total;
      guint64 chunk = MIN (every, block_end - done);
      double log_sum = 0;

      if (!integrate (self, chunk, v, &log_sum, cancellable, error))
        return FALSE;
      sum += log_sum;
      blocks[index] += log_sum;
      done += chunk;
      cel_series_append (convergence, done * self->dt, sum / (done * self->dt));
      report (progress, progress_data, (double) done / total);
    }
  for (guint i = 0; i < LYAPUNOV_BLOCKS; i++)
    blocks[i] /= self->dt * (i + 1 < LYAPUNOV_BLOCKS ? block : total - block * (LYAPUNOV_BLOCKS - 1));
  cel_chaos_mean_error (blocks, LYAPUNOV_BLOCKS, &mean, &err);
  lambda = sum / (total * self->dt);
  cel_analysis_result_add_number (result, "lyapunov", _("Largest Lyapunov exponent"),
                                  lambda, err, _("per time unit"));
  result->summary = g_strdup_printf (_("λ₁ = %.4g ± %.2g per time unit over %g time units (dt = %g)"),
                                     lambda, err, total * self->dt, self->dt);
  return TRUE;
}

static gboolean
run_zero_one (CelModel          *copy,
              CelAnalysisResult *result,
              CelProgressFunc    progress,
              gpointer           progress_data,
              GCancellable      *cancellable,
              GError           **error)
{
  CelFlows *self = CEL_FLOWS (copy);
  guint n = self->test_samples, n_c = self->test_frequencies;
  g_autofree double *phi = sample_x (self, n, cancellable, error);
  g_autofree double *c = g_new (double, n_c);
  g_autofree double *k = g_new (double, n_c);
  g_autofree double *p = g_new (double, n);
  g_autofree double *q = g_new (double, n);
  CelSeries *k_series, *pq_series;
  double median;

  if (phi == NULL)
    return FALSE;
  report (progress, progress_data, 0.1);
  median = cel_chaos_zero_one (phi, n, n_c, cel_model_get_rng (copy), c, k, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (isnan (median))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("The 0–1 test needs a series that varies; x is constant"));
      return FALSE;
    }
  k_series = cel_analysis_result_add_series (result, &k_info, n_c);
  for (guint i = 0; i < n_c; i++)
    cel_series_append (k_series, c[i], k[i]);
  pq_series = cel_analysis_result_add_series (result, &pq_info, n);
  cel_chaos_translation (phi, n, c[0], p, q);
  for (guint i = 0; i < n; i++)
    cel_series_append (pq_series, p[i], q[i]);
  cel_analysis_result_add_number (result, "k", _("0–1 test K (median over c)"), median, NAN, NULL);
  result->summary = g_strdup_printf (_("K = %.3f (near 1: chaos; near 0: regular), %u samples every %g, %u frequencies"),
                                     median, n, self->sample_interval, n_c);
  report (progress, progress_data, 1.0);
  return TRUE;
}

static gboolean
run_sample_entropy (CelModel          *copy,
                    CelAnalysisResult *result,
                    CelProgressFunc    progress,
                    gpointer           progress_data,
                    GCancellable      *cancellable,
                    GError           **error)
{
  CelFlows *self = CEL_FLOWS (copy);
  guint n = self->entropy_samples;
  g_autofree double *u = sample_x (self, n, cancellable, error);
  double entropy;

  if (u == NULL)
    return FALSE;
  report (progress, progress_data, 0.2);
  entropy = cel_chaos_sample_entropy (u, n, 2, 0.2, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  cel_analysis_result_add_number (result, "sample-entropy", _("Sample entropy (m = 2, r = 0.2·SD)"),
                                  entropy, NAN, NULL);
  result->summary = g_strdup_printf (_("SampEn = %.4f over %u samples every %g"),
                                     entropy, n, self->sample_interval);
  report (progress, progress_data, 1.0);
  return TRUE;
}

static const CelAnalysisInfo analyses[] = {
  { "lyapunov", N_("Largest Lyapunov exponent"),
    N_("Benettin’s method: a perturbation integrated with the variational equation and renormalised every step"),
    run_lyapunov },
  { "zero-one", N_("0–1 test for chaos"),
    N_("Gottwald and Melbourne’s test on sampled x: K near 1 for chaos, near 0 for regular motion"),
    run_zero_one },
  { "sample-entropy", N_("Sample entropy"),
    N_("Richman and Moorman’s sample entropy of sampled x with m = 2 and r = 0.2 standard deviations"),
    run_sample_entropy },
};

static const CelAnalysisInfo *
cel_flows_get_analyses (CelModel *model, guint *n_analyses)
{
  *n_analyses = G_N_ELEMENTS (analyses);
  return analyses;
}

/* Public accessors ---------------------------------------------------------- */

guint
cel_flows_get_n_trajectories (CelFlows *self)
{
  g_return_val_if_fail (CEL_IS_FLOWS (self), 0);
  return self->n;
}

void
cel_flows_get_state (CelFlows *self, guint i, double s[3])
{
  g_return_if_fail (CEL_IS_FLOWS (self) && i < self->n);
  memcpy (s, self->s + 3 * (gsize) i, 3 * sizeof (double));
}

void
cel_flows_set_state (CelFlows *self, guint i, const double s[3])
{
  g_return_if_fail (CEL_IS_FLOWS (self) && i < self->n);
  memcpy (self->s + 3 * (gsize) i, s, 3 * sizeof (double));
}

double
cel_flows_get_time (CelFlows *self)
{
  g_return_val_if_fail (CEL_IS_FLOWS (self), 0);
  return self->time;
}

/* GObject ------------------------------------------------------------------- */

static void
cel_flows_finalize (GObject *object)
{
  free_state (CEL_FLOWS (object));
  G_OBJECT_CLASS (cel_flows_parent_class)->finalize (object);
}

static gpointer
field_of (CelFlows *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_SYSTEM: return &self->system;
    case PROP_PROJECTION: return &self->projection;
    case PROP_SIGMA: return &self->sigma;
    case PROP_RHO: return &self->rho;
    case PROP_BETA: return &self->beta;
    case PROP_A: return &self->a;
    case PROP_B: return &self->b;
    case PROP_C: return &self->c;
    case PROP_DT: return &self->dt;
    case PROP_TRAJECTORIES: return &self->trajectories;
    case PROP_TRAIL: return &self->trail;
    case PROP_TRANSIENT_TIME: return &self->transient_time;
    case PROP_LYAPUNOV_TIME: return &self->lyapunov_time;
    case PROP_SAMPLE_INTERVAL: return &self->sample_interval;
    case PROP_TEST_SAMPLES: return &self->test_samples;
    case PROP_TEST_FREQUENCIES: return &self->test_frequencies;
    case PROP_ENTROPY_SAMPLES: return &self->entropy_samples;
    default: return NULL;
    }
}

static void
cel_flows_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_FLOWS (object), prop_id), value, pspec);
}

static void
cel_flows_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_FLOWS (object), prop_id), value, pspec);
}

static void
cel_flows_class_init (CelFlowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);
  const CelParamFlags live = CEL_PARAM_NONE, reset = CEL_PARAM_NEEDS_RESET;

  object_class->finalize = cel_flows_finalize;
  object_class->get_property = cel_flows_get_property;
  object_class->set_property = cel_flows_set_property;

  model_class->reset = cel_flows_reset;
  model_class->step = cel_flows_step;
  model_class->get_size = cel_flows_get_size;
  model_class->paint_cells = cel_flows_paint_cells;
  model_class->get_n_fields = cel_flows_get_n_fields;
  model_class->get_field_info = cel_flows_get_field_info;
  model_class->render_field = cel_flows_render_field;
  model_class->save_state = cel_flows_save_state;
  model_class->load_state = cel_flows_load_state;
  model_class->get_analyses = cel_flows_get_analyses;

  properties[PROP_SYSTEM] =
    cel_param_enum ("system", N_("System"), N_("The Lorenz or the Rössler equations"),
                    CEL_TYPE_FLOWS_SYSTEM, CEL_FLOWS_LORENZ, N_("System"), reset);
  properties[PROP_PROJECTION] =
    cel_param_enum ("projection", N_("Projection"),
                    N_("The two coordinates the trails and the projection plot show; painting sets them, and the painted value sets the third"),
                    CEL_TYPE_FLOWS_PROJECTION, CEL_FLOWS_PROJECTION_XZ, N_("View"), reset);
  properties[PROP_SIGMA] =
    cel_param_double ("sigma", N_("Lorenz σ"), N_("Prandtl number (ẋ = σ(y − x))"),
                      0, 100, 10, N_("Lorenz"), NULL, live);
  properties[PROP_RHO] =
    cel_param_double ("rho", N_("Lorenz ρ"), N_("Rayleigh number (ẏ = x(ρ − z) − y)"),
                      0, 500, 28, N_("Lorenz"), NULL, live);
  properties[PROP_BETA] =
    cel_param_double ("beta", N_("Lorenz β"), N_("Geometric factor (ż = xy − βz)"),
                      0, 100, 8.0 / 3.0, N_("Lorenz"), NULL, live);
  properties[PROP_A] =
    cel_param_double ("a", N_("Rössler a"), N_("ẏ = x + a·y"), -2, 2, 0.2, N_("Rössler"), NULL, live);
  properties[PROP_B] =
    cel_param_double ("b", N_("Rössler b"), N_("ż = b + z(x − c)"), -10, 10, 0.2, N_("Rössler"), NULL, live);
  properties[PROP_C] =
    cel_param_double ("c", N_("Rössler c"), N_("ż = b + z(x − c)"), -50, 50, 5.7, N_("Rössler"), NULL, live);
  properties[PROP_DT] =
    cel_param_double ("dt", N_("Time step"), N_("Fixed step of the fourth-order Runge–Kutta integration"),
                      1e-6, 0.1, 0.01, N_("Integration"), N_("time units"), live);
  properties[PROP_TRAJECTORIES] =
    cel_param_uint ("trajectories", N_("Trajectories"), N_("Trajectories integrated at once, from random or painted starts"),
                    1, CEL_FLOWS_MAX_TRAJECTORIES, 8, N_("Integration"), NULL, reset);
  properties[PROP_TRAIL] =
    cel_param_uint ("trail", N_("Trail half-life"), N_("Steps after which the ink of the trails has faded to half"),
                    1, 10000000, 3000, N_("View"), N_("steps"), live);
  properties[PROP_TRANSIENT_TIME] =
    cel_param_double ("transient-time", N_("Transient"), N_("Time integrated and discarded before an analysis"),
                      0, 100000, 50, N_("Analysis"), N_("time units"), live);
  properties[PROP_LYAPUNOV_TIME] =
    cel_param_double ("lyapunov-time", N_("Exponent time"), N_("Time over which the largest Lyapunov exponent is averaged"),
                      1, 1000000, 1000, N_("Analysis"), N_("time units"), live);
  properties[PROP_SAMPLE_INTERVAL] =
    cel_param_double ("sample-interval", N_("Sample interval"), N_("Time between the samples of x that the 0–1 test and the sample entropy use"),
                      1e-4, 100, 0.5, N_("Analysis"), N_("time units"), live);
  properties[PROP_TEST_SAMPLES] =
    cel_param_uint ("test-samples", N_("0–1 test samples"), N_("Length of the series of the 0–1 test for chaos"),
                    100, 100000, 5000, N_("Analysis"), NULL, live);
  properties[PROP_TEST_FREQUENCIES] =
    cel_param_uint ("test-frequencies", N_("0–1 test frequencies"), N_("Frequencies c whose median K the 0–1 test reports"),
                    1, 1000, 100, N_("Analysis"), NULL, live);
  properties[PROP_ENTROPY_SAMPLES] =
    cel_param_uint ("entropy-samples", N_("Entropy samples"), N_("Length of the series of the sample entropy"),
                    100, 50000, 2000, N_("Analysis"), NULL, live);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_flows_init (CelFlows *self)
{
  CelModel *model = CEL_MODEL (self);

  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto (GValue) value = G_VALUE_INIT;

      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (properties[i]));
      g_param_value_set_default (properties[i], &value);
      g_object_set_property (G_OBJECT (self), properties[i]->name, &value);
    }
  self->projection_series = cel_model_add_series (model, &projection_info);
  self->x_series = cel_model_add_series (model, &x_info);

  /* A usable state before the first cel_model_reset(). */
  cel_flows_reset (model);
}
