/* cel-maps.c — the neuron-map model (see cel-maps.h). */
#include "cel-maps-private.h"

#include <math.h>
#include <string.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"

#define MAX_HISTORY 4096
#define MAX_SWEEP_VALUES 100000
#define MAX_SAMPLES 1000000

G_DEFINE_FINAL_TYPE (CelMaps, cel_maps, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_MAP,
  PROP_A,
  PROP_B,
  PROP_C,
  PROP_K,
  PROP_ALPHA,
  PROP_MU,
  PROP_SIGMA,
  PROP_R,
  PROP_TOPOLOGY,
  PROP_NODES,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_RANGE,
  PROP_COUPLING,
  PROP_STAR_COUPLING,
  PROP_HISTORY,
  PROP_PROBE,
  PROP_MODE,
  PROP_SWEEP,
  PROP_SWEEP_FROM,
  PROP_SWEEP_TO,
  PROP_SWEEP_VALUES,
  PROP_TRANSIENT,
  PROP_SAMPLES,
  PROP_LYAPUNOV_ITERATIONS,
  PROP_TEST_SAMPLES,
  PROP_TEST_FREQUENCIES,
  PROP_ENTROPY_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo x_info = {
  "x", N_("x of the probe node"), "time", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo phase_info = {
  "phase", N_("Phase portrait (x, y); logistic map (xₙ, xₙ₊₁)"), "phase", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo diagram_info = {
  "diagram", N_("Bifurcation diagram (parameter, x)"), "bifurcation", CEL_PLOT_POINTS, FALSE
};

static const CelFieldInfo state_info = {
  "state", N_("Phase plane, nodes or bifurcation diagram"), CEL_FIELD_SCALAR, 0, 0.0f, 1.0f, "magma"
};

GType
cel_maps_kind_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_MAPS_CHIALVO, N_("Chialvo neuron"), "chialvo" },
    { CEL_MAPS_RULKOV, N_("Rulkov neuron"), "rulkov" },
    { CEL_MAPS_LOGISTIC, N_("Logistic map"), "logistic" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelMapsKind", values);
}

GType
cel_maps_topology_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_MAPS_SINGLE, N_("A single map"), "single" },
    { CEL_MAPS_RING, N_("Ring"), "ring" },
    { CEL_MAPS_STAR, N_("Star"), "star" },
    { CEL_MAPS_RING_STAR, N_("Ring-star"), "ring-star" },
    { CEL_MAPS_LATTICE, N_("Two-dimensional lattice"), "lattice" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelMapsTopology", values);
}

GType
cel_maps_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_MAPS_MODE_RUN, N_("Run: one iteration per step"), "run" },
    { CEL_MAPS_MODE_BIFURCATION, N_("Bifurcation diagram: one parameter value per step"), "bifurcation" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelMapsMode", values);
}

GType
cel_maps_sweep_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_MAPS_SWEEP_A, N_("Chialvo a"), "a" },
    { CEL_MAPS_SWEEP_B, N_("Chialvo b"), "b" },
    { CEL_MAPS_SWEEP_C, N_("Chialvo c"), "c" },
    { CEL_MAPS_SWEEP_K, N_("Chialvo k"), "k" },
    { CEL_MAPS_SWEEP_ALPHA, N_("Rulkov α"), "alpha" },
    { CEL_MAPS_SWEEP_MU, N_("Rulkov μ"), "mu" },
    { CEL_MAPS_SWEEP_SIGMA, N_("Rulkov σ"), "sigma" },
    { CEL_MAPS_SWEEP_R, N_("Logistic r"), "r" },
    { CEL_MAPS_SWEEP_COUPLING, N_("Coupling"), "coupling" },
    { 0, NULL, NULL },
  };

  return cel_param_register_enum (&type, "CelMapsSweep", values);
}

/* Parameters shared with the analyses ------------------------------------ */

void
cel_maps_local_params (CelMaps *self, CelMapsLocal *local)
{
  local->kind = self->s_kind;
  local->a = self->a;
  local->b = self->b;
  local->c = self->c;
  local->k = self->k;
  local->alpha = self->alpha;
  local->mu = self->mu;
  local->sigma = self->sigma;
  local->r = self->r;
}

void
cel_maps_net_params (CelMaps *self, CelMapsNet *net)
{
  net->topology = self->s_topology;
  net->n = self->n;
  net->width = self->s_width;
  net->height = self->s_height;
  net->range = self->range;
  net->coupling = self->coupling;
  net->star_coupling = self->star_coupling;
}

double *
cel_maps_sweep_target (CelMapsLocal *local, CelMapsNet *net, CelMapsSweep sweep)
{
  switch (sweep)
    {
    case CEL_MAPS_SWEEP_A:
      return &local->a;
    case CEL_MAPS_SWEEP_B:
      return &local->b;
    case CEL_MAPS_SWEEP_C:
      return &local->c;
    case CEL_MAPS_SWEEP_K:
      return &local->k;
    case CEL_MAPS_SWEEP_ALPHA:
      return &local->alpha;
    case CEL_MAPS_SWEEP_MU:
      return &local->mu;
    case CEL_MAPS_SWEEP_SIGMA:
      return &local->sigma;
    case CEL_MAPS_SWEEP_R:
      return &local->r;
    case CEL_MAPS_SWEEP_COUPLING:
    default:
      return &net->coupling;
    }
}

double
cel_maps_sweep_value (double from, double to, guint values, guint j)
{
  if (values < 2)
    return from;
  return from + (to - from) * (double) j / (double) (values - 1);
}

static gboolean
diverged (CelMaps *self, GError **error)
{
  g_set_error (error, CEL_ERROR, CEL_ERROR_DIVERGED,
               _("The map diverged (x or y is no longer finite) after %llu steps; reset it, "
                 "or choose parameters or painted values that keep it bounded"),
               (unsigned long long) cel_model_get_step (CEL_MODEL (self)));
  return FALSE;
}

gboolean
cel_maps_advance (CelMaps            *self,
                  const CelMapsLocal *local,
                  const CelMapsNet   *net,
                  guint64             n,
                  double             *vx,
                  double             *vy,
                  double             *df,
                  double             *log_sum,
                  GError            **error)
{
  for (guint64 i = 0; i < n; i++)
    {
      cel_maps_iterate (local, net, self->x, self->y, vx, vy, self->f, df);
      if (vx)
        *log_sum += log (cel_maps_tangent_normalize (vx, vy, net->n));
      /* A bounded check: the whole state every 256 iterations and at the end. */
      if ((i % 256 == 255 || i + 1 == n) && !cel_maps_all_finite (self->x, self->y, net->n))
        return diverged (self, error);
    }
  return TRUE;
}

/* Geometry ----------------------------------------------------------------- */

static gboolean
has_spacetime (CelMapsTopology topology)
{
  return topology == CEL_MAPS_RING || topology == CEL_MAPS_STAR || topology == CEL_MAPS_RING_STAR;
}

static guint
nodes_for (CelMapsTopology topology, guint nodes, guint width, guint height)
{
  switch (topology)
    {
    case CEL_MAPS_SINGLE:
      return 1;
    case CEL_MAPS_LATTICE:
      return width * height;
    default:
      return nodes;
    }
}

/* Rows the space-time diagram keeps: the history parameter, unless a caller
 * bypassed validation and n × history exceeds the limit. */
static guint
rows_for (guint n, guint history)
{
  return (guint) MIN ((guint64) history, CEL_MAPS_MAX_SPACETIME / MAX (n, 1));
}

static guint
samples_for (guint values, guint samples)
{
  return (guint) MAX (1, MIN ((guint64) samples, CEL_MAPS_MAX_DIAGRAM / MAX (values, 1)));
}

static void
free_state (CelMaps *self)
{
  g_clear_pointer (&self->x, g_free);
  g_clear_pointer (&self->y, g_free);
  g_clear_pointer (&self->f, g_free);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->portrait, g_free);
  g_clear_pointer (&self->diagram, g_free);
}

/* Allocates a zeroed state of the shape the parameters say. */
static void
build_state (CelMaps *self)
{
  free_state (self);
  self->s_kind = self->kind;
  self->s_topology = self->topology;
  self->s_mode = self->mode;
  self->s_width = self->topology == CEL_MAPS_LATTICE ? self->width : 0;
  self->s_height = self->topology == CEL_MAPS_LATTICE ? self->height : 0;
  self->n = nodes_for (self->topology, self->nodes, self->width, self->height);
  self->x = g_new0 (double, self->n);
  self->y = g_new0 (double, self->n);
  self->f = g_new0 (double, self->n);

  self->n_rows = has_spacetime (self->topology) ? rows_for (self->n, self->history) : 0;
  self->head = 0;
  self->filled = 0;
  if (self->n_rows > 0)
    self->rows = g_new0 (float, (gsize) self->n * self->n_rows);

  self->portrait_head = 0;
  self->portrait_filled = 0;
  if (self->topology == CEL_MAPS_SINGLE)
    self->portrait = g_new0 (float, 2 * CEL_MAPS_PORTRAIT_POINTS);

  self->s_sweep = self->sweep;
  self->s_from = self->sweep_from;
  self->s_to = self->sweep_to;
  self->s_values = self->sweep_values;
  self->s_samples = samples_for (self->sweep_values, self->samples);
  self->sweep_done = 0;
  self->recorded = 0;
  if (self->mode == CEL_MAPS_MODE_BIFURCATION)
    self->diagram = g_new0 (float, (gsize) self->s_values * self->s_samples);
}

static guint
probe_node (CelMaps *self)
{
  return MIN (self->probe, self->n - 1);
}

static void
push_row (CelMaps *self)
{
  float *row;

  if (self->n_rows == 0)
    return;
  if (self->filled > 0)
    self->head = (self->head + 1) % self->n_rows;
  self->filled = MIN (self->filled + 1, self->n_rows);
  row = self->rows + (gsize) self->head * self->n;
  for (guint i = 0; i < self->n; i++)
    row[i] = (float) self->x[i];
}

/* The probe's point in the phase plane: (x, y), or for the logistic map
 * (previous x, x). */
static void
phase_point (CelMaps *self, double previous, double *px, double *py)
{
  guint p = probe_node (self);

  if (self->s_kind == CEL_MAPS_LOGISTIC)
    {
      *px = previous;
      *py = self->x[p];
    }
  else
    {
      *px = self->x[p];
      *py = self->y[p];
    }
}

static void
push_portrait (CelMaps *self, double px, double py)
{
  if (self->portrait == NULL)
    return;
  self->portrait[2 * self->portrait_head] = (float) px;
  self->portrait[2 * self->portrait_head + 1] = (float) py;
  self->portrait_head = (self->portrait_head + 1) % CEL_MAPS_PORTRAIT_POINTS;
  self->portrait_filled = MIN (self->portrait_filled + 1, CEL_MAPS_PORTRAIT_POINTS);
}

/* The phase-plane window shown: the points' range with a margin. */
static void
portrait_window (CelMaps *self, double *x0, double *x1, double *y0, double *y1)
{
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };

  for (guint i = 0; i < self->portrait_filled; i++)
    for (guint d = 0; d < 2; d++)
      {
        double v = self->portrait[2 * i + d];
        if (isfinite (v))
          {
            lo[d] = MIN (lo[d], v);
            hi[d] = MAX (hi[d], v);
          }
      }
  for (guint d = 0; d < 2; d++)
    {
      double span;

      if (!(lo[d] <= hi[d]))
        {
          lo[d] = d == 0 ? self->x[0] : self->y[0];
          hi[d] = lo[d];
        }
      span = hi[d] - lo[d];
      if (span < 1e-9 * MAX (1.0, fabs (lo[d])))
        span = MAX (1.0, fabs (lo[d])) * 0.1;
      lo[d] -= 0.05 * span;
      hi[d] += 0.05 * span;
    }
  *x0 = lo[0];
  *x1 = hi[0];
  *y0 = lo[1];
  *y1 = hi[1];
}

/* Reset ------------------------------------------------------------------ */

static void
cel_maps_reset (CelModel *model)
{
  CelMaps *self = CEL_MAPS (model);
  CelRng *rng = cel_model_get_rng (model);
  double px, py;

  build_state (self);
  for (guint i = 0; i < self->n; i++)
    {
      double u = cel_rng_uniform (rng), v = cel_rng_uniform (rng);

      switch (self->s_kind)
        {
        case CEL_MAPS_CHIALVO:
          self->x[i] = u;
          self->y[i] = 1 + v;
          break;
        case CEL_MAPS_RULKOV:
          self->x[i] = -1.5 + u;
          self->y[i] = -3 + 0.2 * v;
          break;
        case CEL_MAPS_LOGISTIC:
        default:
          self->x[i] = 0.1 + 0.8 * u;
          self->y[i] = 0;
          break;
        }
    }
  push_row (self);
  phase_point (self, self->x[probe_node (self)], &px, &py);
  if (self->s_kind != CEL_MAPS_LOGISTIC)
    push_portrait (self, px, py);
}

/* Step ------------------------------------------------------------------- */

static void
record_iteration (CelMaps *self, double previous, double t)
{
  guint p = probe_node (self);
  double px, py;

  phase_point (self, previous, &px, &py);
  cel_series_append (self->x_series, t, self->x[p]);
  cel_series_append (self->phase_series, px, py);
  push_portrait (self, px, py);
  push_row (self);
}

static guint64
step_run (CelMaps *self, guint64 n, GCancellable *cancellable, GError **error)
{
  guint64 t = cel_model_get_step (CEL_MODEL (self));
  CelMapsLocal local;
  CelMapsNet net;
  guint64 done;

  cel_maps_local_params (self, &local);
  cel_maps_net_params (self, &net);
  for (done = 0; done < n; done++)
    {
      double previous = self->x[probe_node (self)];

      if (g_cancellable_is_cancelled (cancellable))
        break;
      cel_maps_iterate (&local, &net, self->x, self->y, NULL, NULL, self->f, NULL);
      if (!cel_maps_all_finite (self->x, self->y, self->n))
        {
          diverged (self, error);
          break;
        }
      record_iteration (self, previous, (double) (t + done + 1));
    }
  return done;
}

static guint64
step_bifurcation (CelMaps *self, guint64 n, GCancellable *cancellable, GError **error)
{
  CelMapsLocal local;
  CelMapsNet net;
  guint64 done;
  /* The plot gets the first samples of each column, as many as let the
   * whole sweep fit in the series without decimation (consecutive
   * samples, so that a short periodic orbit shows all its branches); the
   * field holds every sample. */
  guint per_column = MAX (1, cel_series_get_capacity (self->diagram_series) / MAX (self->s_values, 1));

  cel_maps_local_params (self, &local);
  cel_maps_net_params (self, &net);
  for (done = 0; done < n; done++)
    {
      guint column = self->sweep_done, p = probe_node (self);
      double value = cel_maps_sweep_value (self->s_from, self->s_to, self->s_values, column);
      float *out;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* The sweep is complete: no further steps (a runner pauses). */
      if (column >= self->s_values)
        break;
      *cel_maps_sweep_target (&local, &net, self->s_sweep) = value;
      if (!cel_maps_advance (self, &local, &net, self->transient, NULL, NULL, NULL, NULL, error))
        break;
      out = self->diagram + (gsize) column * self->s_samples;
      for (guint s = 0; s < self->s_samples; s++)
        {
          double previous = self->x[p];

          cel_maps_iterate (&local, &net, self->x, self->y, NULL, NULL, self->f, NULL);
          if (!isfinite (self->x[p]) || !isfinite (self->y[p]))
            break;
          out[s] = (float) self->x[p];
          if (s < per_column)
            cel_series_append (self->diagram_series, value, self->x[p]);
          record_iteration (self, previous, (double) ++self->recorded);
        }
      if (!cel_maps_all_finite (self->x, self->y, self->n))
        {
          diverged (self, error);
          break;
        }
      self->sweep_done++;
    }
  return done;
}

static guint64
cel_maps_step (CelModel      *model,
               guint64        n,
               GCancellable  *cancellable,
               GError       **error)
{
  CelMaps *self = CEL_MAPS (model);

  if (self->s_mode == CEL_MAPS_MODE_BIFURCATION)
    return step_bifurcation (self, n, cancellable, error);
  return step_run (self, n, cancellable, error);
}

static gboolean
cel_maps_validate_param (CelModel      *model,
                         GParamSpec    *pspec,
                         const GValue  *value,
                         GError       **error)
{
  CelMaps *self = CEL_MAPS (model);
  guint nodes = self->nodes, history = self->history;
  guint values = self->sweep_values, samples = self->samples;

  if (pspec == properties[PROP_NODES])
    nodes = g_value_get_uint (value);
  else if (pspec == properties[PROP_HISTORY])
    history = g_value_get_uint (value);
  else if (pspec == properties[PROP_SWEEP_VALUES])
    values = g_value_get_uint (value);
  else if (pspec == properties[PROP_SAMPLES])
    samples = g_value_get_uint (value);
  else
    return TRUE;

  if ((guint64) nodes * history > CEL_MAPS_MAX_SPACETIME)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: a space-time diagram of %u nodes and %u rows would hold more than %llu "
                     "values; lower the nodes or the history"),
                   g_param_spec_get_name (pspec), nodes, history,
                   (unsigned long long) CEL_MAPS_MAX_SPACETIME);
      return FALSE;
    }
  if ((guint64) values * samples > CEL_MAPS_MAX_DIAGRAM)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: a diagram of %u values with %u samples each would hold more than %llu "
                     "points; lower the values or the samples"),
                   g_param_spec_get_name (pspec), values, samples,
                   (unsigned long long) CEL_MAPS_MAX_DIAGRAM);
      return FALSE;
    }
  return TRUE;
}

static void
cel_maps_get_size (CelModel *model, guint *width, guint *height)
{
  CelMaps *self = CEL_MAPS (model);

  if (self->s_mode == CEL_MAPS_MODE_BIFURCATION)
    {
      *width = MIN (self->s_values, CEL_MAPS_DIAGRAM_COLUMNS);
      *height = CEL_MAPS_DIAGRAM_ROWS;
      return;
    }
  switch (self->s_topology)
    {
    case CEL_MAPS_SINGLE:
      *width = CEL_MAPS_PORTRAIT_SIDE;
      *height = CEL_MAPS_PORTRAIT_SIDE;
      break;
    case CEL_MAPS_LATTICE:
      *width = self->s_width;
      *height = self->s_height;
      break;
    default:
      *width = self->n;
      *height = self->n_rows;
      break;
    }
}

/* Views ------------------------------------------------------------------- */

static guint
cel_maps_get_n_fields (CelModel *model)
{
  return 1;
}

static const CelFieldInfo *
cel_maps_get_field_info (CelModel *model, guint index)
{
  return &state_info;
}

/* Colour range of x for each map. */
static void
x_range (CelMapsKind kind, float *lo, float *hi)
{
  switch (kind)
    {
    case CEL_MAPS_CHIALVO:
      *lo = 0.0f;
      *hi = 3.0f;
      break;
    case CEL_MAPS_RULKOV:
      *lo = -2.5f;
      *hi = 1.5f;
      break;
    case CEL_MAPS_LOGISTIC:
    default:
      *lo = 0.0f;
      *hi = 1.0f;
      break;
    }
}

/* Hit counts (gw × gh) → shades: 0 for no hit, else from MIN_SHADE (a
 * single hit stays visible beside dense cells) up to 1 for the densest
 * cell, on a logarithmic scale. */
#define MIN_SHADE 0.25f

static void
counts_to_shade (float *grid, gsize n)
{
  float top = 0;

  for (gsize i = 0; i < n; i++)
    top = MAX (top, grid[i]);
  if (top <= 0)
    return;
  for (gsize i = 0; i < n; i++)
    if (grid[i] > 0)
      grid[i] = top <= 1 ? 1.0f : MIN_SHADE + (1 - MIN_SHADE) * log1pf (grid[i] - 1) / log1pf (top - 1);
}

static void
render_portrait (CelMaps *self, float *grid, guint gw, guint gh)
{
  double x0, x1, y0, y1;

  portrait_window (self, &x0, &x1, &y0, &y1);
  for (guint i = 0; i < self->portrait_filled; i++)
    {
      double px = self->portrait[2 * i], py = self->portrait[2 * i + 1];
      double cx = (px - x0) / (x1 - x0) * gw, cy = (y1 - py) / (y1 - y0) * gh;

      if (cx >= 0 && cx < gw && cy >= 0 && cy < gh)
        grid[(gsize) cy * gw + (gsize) cx] += 1;
    }
  counts_to_shade (grid, (gsize) gw * gh);
}

/* The range of x the diagram shows: that of the values recorded so far
 * (the map's colour range before any). */
static void
diagram_window (CelMaps *self, float *lo, float *hi)
{
  gsize n = (gsize) self->sweep_done * self->s_samples;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (gsize i = 0; i < n; i++)
    if (isfinite (self->diagram[i]))
      {
        *lo = MIN (*lo, self->diagram[i]);
        *hi = MAX (*hi, self->diagram[i]);
      }
  if (!(*lo <= *hi))
    x_range (self->s_kind, lo, hi);
  if (*hi - *lo < 1e-6f * MAX (1.0f, fabsf (*lo)))
    {
      *lo -= 0.5f;
      *hi += 0.5f;
    }
}

static void
render_diagram (CelMaps *self, float *grid, guint gw, guint gh)
{
  float lo, hi;

  diagram_window (self, &lo, &hi);
  for (guint column = 0; column < self->sweep_done; column++)
    {
      guint gx = (guint) ((guint64) column * gw / MAX (self->s_values, 1));
      const float *values = self->diagram + (gsize) column * self->s_samples;

      for (guint s = 0; s < self->s_samples; s++)
        {
          double gy = (hi - values[s]) / (hi - lo) * (gh - 1);

          if (gy >= 0 && gy < gh)
            grid[(gsize) gy * gw + gx] += 1;
        }
    }
  counts_to_shade (grid, (gsize) gw * gh);
}

static void
render_state (CelMaps *self, float *grid, guint gw, guint gh)
{
  if (self->s_topology == CEL_MAPS_SINGLE)
    render_portrait (self, grid, gw, gh);
  else if (self->s_topology == CEL_MAPS_LATTICE)
    for (gsize i = 0; i < (gsize) gw * gh; i++)
      grid[i] = (float) self->x[i];
  else
    /* Display row y shows the row of age gh − 1 − y; rows not yet
     * computed stay at the bottom of the colour range. */
    for (guint y = 0; y < gh; y++)
      {
        guint age = gh - 1 - y;
        float lo, hi;

        x_range (self->s_kind, &lo, &hi);
        if (age >= self->filled)
          {
            for (guint i = 0; i < gw; i++)
              grid[(gsize) y * gw + i] = lo;
            continue;
          }
        memcpy (grid + (gsize) y * gw,
                self->rows + (gsize) ((self->head + self->n_rows - age) % self->n_rows) * self->n,
                gw * sizeof (float));
      }
}

static CelFrame *
cel_maps_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelMaps *self = CEL_MAPS (model);
  guint gw, gh;
  gint64 x0 = 0, y0 = 0, x1, y1;
  g_autofree float *grid = NULL;
  CelFrame *frame;

  cel_maps_get_size (model, &gw, &gh);
  x1 = gw;
  y1 = gh;
  if (region != NULL)
    {
      x0 = CLAMP ((gint64) region->x, 0, x1);
      y0 = CLAMP ((gint64) region->y, 0, y1);
      x1 = CLAMP ((gint64) region->x + region->width, x0, x1);
      y1 = CLAMP ((gint64) region->y + region->height, y0, y1);
    }

  grid = g_new0 (float, (gsize) gw * gh);
  frame = cel_frame_new (CEL_FIELD_SCALAR, (guint) (x1 - x0), (guint) (y1 - y0));
  frame->x = (int) x0;
  frame->y = (int) y0;
  frame->vmin = 0.0f;
  frame->vmax = 1.0f;
  if (self->s_mode == CEL_MAPS_MODE_BIFURCATION)
    render_diagram (self, grid, gw, gh);
  else
    {
      render_state (self, grid, gw, gh);
      if (self->s_topology != CEL_MAPS_SINGLE)
        x_range (self->s_kind, &frame->vmin, &frame->vmax);
    }
  for (gint64 y = y0; y < y1; y++)
    memcpy (frame->data + (gsize) (y - y0) * frame->stride, grid + (gsize) y * gw + x0,
            (gsize) (x1 - x0) * sizeof (float));
  return frame;
}

/* Painting ---------------------------------------------------------------- */

static void
cel_maps_paint_cells (CelModel      *model,
                      const CelCell *cells,
                      gsize          n_cells,
                      GArray        *undo)
{
  CelMaps *self = CEL_MAPS (model);
  guint gw, gh;
  g_autofree guint8 *recorded = NULL;

  cel_maps_get_size (model, &gw, &gh);
  if (self->s_mode == CEL_MAPS_MODE_BIFURCATION)
    {
      float lo, hi;
      const CelCell *cell;

      if (n_cells == 0)
        return;
      cell = &cells[n_cells - 1];
      if (cell->y < 0 || (guint) cell->y >= gh)
        return;
      diagram_window (self, &lo, &hi);
      self->x[probe_node (self)] = hi - (cell->y + 0.5) / gh * (hi - lo);
      return;
    }
  if (self->s_topology == CEL_MAPS_SINGLE)
    {
      double x0, x1, y0, y1;
      const CelCell *cell;

      if (n_cells == 0)
        return;
      cell = &cells[n_cells - 1];
      if (cell->x < 0 || (guint) cell->x >= gw || cell->y < 0 || (guint) cell->y >= gh)
        return;
      portrait_window (self, &x0, &x1, &y0, &y1);
      self->x[0] = x0 + (cell->x + 0.5) / gw * (x1 - x0);
      if (self->s_kind != CEL_MAPS_LOGISTIC)
        self->y[0] = y1 - (cell->y + 0.5) / gh * (y1 - y0);
      return;
    }

  recorded = g_new0 (guint8, self->n);
  for (gsize i = 0; i < n_cells; i++)
    {
      const CelCell *cell = &cells[i];
      guint node;

      if (cell->x < 0 || (guint) cell->x >= gw || cell->y < 0 || (guint) cell->y >= gh)
        continue;
      node = self->s_topology == CEL_MAPS_LATTICE
        ? (guint) cell->y * self->s_width + (guint) cell->x : (guint) cell->x;
      if (undo && !recorded[node])
        {
          CelCell previous = { cell->x, cell->y, (float) self->x[node] };

          recorded[node] = 1;
          g_array_append_val (undo, previous);
        }
      self->x[node] = cell->value;
      if (self->rows != NULL && self->filled > 0)
        self->rows[(gsize) self->head * self->n + node] = cell->value;
    }
}

/* State ------------------------------------------------------------------- *
 *
 * { "nodes": n, "x", "y": the nodes' state (doubles),
 *   "filled", "rows": the space-time rows held, oldest first (floats),
 *   "portrait": the phase-plane points held, oldest first ((x, y) floats),
 *   "sweep-done", "recorded", "diagram": the values recorded so far (floats) }
 * Arrays are little-endian IEEE 754 in cel-blob form. */

static void
add_blob (JsonBuilder *b, const char *member, char *blob)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, blob);
  g_free (blob);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static JsonNode *
cel_maps_save_state (CelModel *model)
{
  CelMaps *self = CEL_MAPS (model);
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "nodes", self->n);
  add_blob (b, "x", cel_blob_encode_words (self->x, self->n, sizeof (double)));
  add_blob (b, "y", cel_blob_encode_words (self->y, self->n, sizeof (double)));
  if (self->rows != NULL)
    {
      g_autofree float *ordered = g_new (float, (gsize) self->n * MAX (self->filled, 1));

      for (guint i = 0; i < self->filled; i++)
        {
          guint slot = (self->head + self->n_rows - (self->filled - 1 - i)) % self->n_rows;
          memcpy (ordered + (gsize) i * self->n, self->rows + (gsize) slot * self->n,
                  self->n * sizeof (float));
        }
      add_int (b, "filled", self->filled);
      add_blob (b, "rows",
                cel_blob_encode_words (ordered, (gsize) self->n * self->filled, sizeof (float)));
    }
  if (self->portrait != NULL)
    {
      g_autofree float *ordered = g_new (float, 2 * MAX (self->portrait_filled, 1));
      guint first = (self->portrait_head + CEL_MAPS_PORTRAIT_POINTS - self->portrait_filled)
                    % CEL_MAPS_PORTRAIT_POINTS;

      for (guint i = 0; i < self->portrait_filled; i++)
        {
          guint slot = (first + i) % CEL_MAPS_PORTRAIT_POINTS;
          ordered[2 * i] = self->portrait[2 * slot];
          ordered[2 * i + 1] = self->portrait[2 * slot + 1];
        }
      add_int (b, "portrait-points", self->portrait_filled);
      add_blob (b, "portrait",
                cel_blob_encode_words (ordered, 2 * (gsize) self->portrait_filled, sizeof (float)));
    }
  if (self->diagram != NULL)
    {
      add_int (b, "sweep-done", self->sweep_done);
      add_int (b, "recorded", (gint64) self->recorded);
      add_blob (b, "diagram", cel_blob_encode_words (self->diagram,
                                                     (gsize) self->sweep_done * self->s_samples,
                                                     sizeof (float)));
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_maps_load_state (CelModel    *model,
                     JsonObject  *state,
                     GError     **error)
{
  CelMaps *self = CEL_MAPS (model);
  guint n = nodes_for (self->topology, self->nodes, self->width, self->height);
  guint n_rows = has_spacetime (self->topology) ? rows_for (n, self->history) : 0;
  guint n_samples = samples_for (self->sweep_values, self->samples);
  gint64 nodes, filled = 0, portrait_points = 0, sweep_done = 0, recorded = 0;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree float *rows = NULL;
  g_autofree float *portrait = NULL;
  g_autofree float *diagram = NULL;

  if (!cel_json_get_int (state, "nodes", 1, G_MAXUINT32, &nodes, error))
    return FALSE;
  if (nodes != n)
    return cel_json_error (error, "nodes", _("does not match the network the parameters describe"));
  if ((x = cel_json_get_words (state, "x", n, sizeof (double), error)) == NULL
      || (y = cel_json_get_words (state, "y", n, sizeof (double), error)) == NULL)
    return FALSE;
  if (n_rows > 0
      && (!cel_json_get_int (state, "filled", 1, n_rows, &filled, error)
          || (rows = cel_json_get_words (state, "rows", (gsize) n * filled, sizeof (float),
                                         error)) == NULL))
    return FALSE;
  if (self->topology == CEL_MAPS_SINGLE
      && (!cel_json_get_int (state, "portrait-points", 0, CEL_MAPS_PORTRAIT_POINTS,
                             &portrait_points, error)
          || (portrait = cel_json_get_words (state, "portrait", 2 * (gsize) portrait_points,
                                             sizeof (float), error)) == NULL))
    return FALSE;
  if (self->mode == CEL_MAPS_MODE_BIFURCATION
      && (!cel_json_get_int (state, "sweep-done", 0, self->sweep_values, &sweep_done, error)
          || !cel_json_get_int (state, "recorded", 0, G_MAXINT64, &recorded, error)
          || (diagram = cel_json_get_words (state, "diagram", (gsize) sweep_done * n_samples,
                                            sizeof (float), error)) == NULL))
    return FALSE;

  build_state (self);
  memcpy (self->x, x, n * sizeof (double));
  memcpy (self->y, y, n * sizeof (double));
  if (rows != NULL)
    {
      memcpy (self->rows, rows, (gsize) n * filled * sizeof (float));
      self->filled = (guint) filled;
      self->head = (guint) filled - 1;
    }
  if (portrait != NULL)
    {
      memcpy (self->portrait, portrait, 2 * (gsize) portrait_points * sizeof (float));
      self->portrait_filled = (guint) portrait_points;
      self->portrait_head = (guint) portrait_points % CEL_MAPS_PORTRAIT_POINTS;
    }
  if (diagram != NULL)
    {
      memcpy (self->diagram, diagram, (gsize) sweep_done * n_samples * sizeof (float));
      self->sweep_done = (guint) sweep_done;
      self->recorded = (guint64) recorded;
    }
  return TRUE;
}

/* Public accessors --------------------------------------------------------- */

guint
cel_maps_get_n_nodes (CelMaps *self)
{
  g_return_val_if_fail (CEL_IS_MAPS (self), 0);
  return self->n;
}

void
cel_maps_get_node (CelMaps *self, guint i, double *x, double *y)
{
  g_return_if_fail (CEL_IS_MAPS (self) && i < self->n);
  *x = self->x[i];
  *y = self->y[i];
}

void
cel_maps_set_node (CelMaps *self, guint i, double x, double y)
{
  g_return_if_fail (CEL_IS_MAPS (self) && i < self->n);
  self->x[i] = x;
  self->y[i] = y;
}

guint
cel_maps_get_sweep_done (CelMaps *self)
{
  g_return_val_if_fail (CEL_IS_MAPS (self), 0);
  return self->sweep_done;
}

/* GObject ----------------------------------------------------------------- */

static void
cel_maps_finalize (GObject *object)
{
  free_state (CEL_MAPS (object));
  G_OBJECT_CLASS (cel_maps_parent_class)->finalize (object);
}

/* Where each property lives: a pointer to its field. */
static gpointer
field_of (CelMaps *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_MAP: return &self->kind;
    case PROP_A: return &self->a;
    case PROP_B: return &self->b;
    case PROP_C: return &self->c;
    case PROP_K: return &self->k;
    case PROP_ALPHA: return &self->alpha;
    case PROP_MU: return &self->mu;
    case PROP_SIGMA: return &self->sigma;
    case PROP_R: return &self->r;
    case PROP_TOPOLOGY: return &self->topology;
    case PROP_NODES: return &self->nodes;
    case PROP_WIDTH: return &self->width;
    case PROP_HEIGHT: return &self->height;
    case PROP_RANGE: return &self->range;
    case PROP_COUPLING: return &self->coupling;
    case PROP_STAR_COUPLING: return &self->star_coupling;
    case PROP_HISTORY: return &self->history;
    case PROP_PROBE: return &self->probe;
    case PROP_MODE: return &self->mode;
    case PROP_SWEEP: return &self->sweep;
    case PROP_SWEEP_FROM: return &self->sweep_from;
    case PROP_SWEEP_TO: return &self->sweep_to;
    case PROP_SWEEP_VALUES: return &self->sweep_values;
    case PROP_TRANSIENT: return &self->transient;
    case PROP_SAMPLES: return &self->samples;
    case PROP_LYAPUNOV_ITERATIONS: return &self->lyapunov_iterations;
    case PROP_TEST_SAMPLES: return &self->test_samples;
    case PROP_TEST_FREQUENCIES: return &self->test_frequencies;
    case PROP_ENTROPY_SAMPLES: return &self->entropy_samples;
    default: return NULL;
    }
}

static void
cel_maps_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_MAPS (object), prop_id), value, pspec);
}

static void
cel_maps_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_MAPS (object), prop_id), value, pspec);
}

static void
cel_maps_class_init (CelMapsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);
  const CelParamFlags live = CEL_PARAM_NONE, reset = CEL_PARAM_NEEDS_RESET;

  object_class->finalize = cel_maps_finalize;
  object_class->get_property = cel_maps_get_property;
  object_class->set_property = cel_maps_set_property;

  model_class->reset = cel_maps_reset;
  model_class->step = cel_maps_step;
  model_class->validate_param = cel_maps_validate_param;
  model_class->get_size = cel_maps_get_size;
  model_class->paint_cells = cel_maps_paint_cells;
  model_class->get_n_fields = cel_maps_get_n_fields;
  model_class->get_field_info = cel_maps_get_field_info;
  model_class->render_field = cel_maps_render_field;
  model_class->save_state = cel_maps_save_state;
  model_class->load_state = cel_maps_load_state;
  model_class->get_analyses = cel_maps_get_analyses;

  properties[PROP_MAP] =
    cel_param_enum ("map", N_("Map"), N_("The local map of every node"),
                    CEL_TYPE_MAPS_KIND, CEL_MAPS_CHIALVO, N_("Map"), reset);
  properties[PROP_A] =
    cel_param_double ("a", N_("Chialvo a"), N_("Recovery time constant of the Chialvo map (y ← a·y − b·x + c)"),
                      -10, 10, 0.89, N_("Chialvo"), NULL, live);
  properties[PROP_B] =
    cel_param_double ("b", N_("Chialvo b"), N_("Activation dependence of the recovery (y ← a·y − b·x + c)"),
                      -10, 10, 0.6, N_("Chialvo"), NULL, live);
  properties[PROP_C] =
    cel_param_double ("c", N_("Chialvo c"), N_("Offset of the recovery (y ← a·y − b·x + c)"),
                      -10, 10, 0.28, N_("Chialvo"), NULL, live);
  properties[PROP_K] =
    cel_param_double ("k", N_("Chialvo k"), N_("Time-independent additive perturbation (x ← x²·e^(y−x) + k)"),
                      -10, 10, 0.03, N_("Chialvo"), NULL, live);
  properties[PROP_ALPHA] =
    cel_param_double ("alpha", N_("Rulkov α"), N_("Nonlinearity of the Rulkov map (x ← α/(1 + x²) + y)"),
                      0, 10, 4.1, N_("Rulkov"), NULL, live);
  properties[PROP_MU] =
    cel_param_double ("mu", N_("Rulkov μ"), N_("Rate of the slow variable (y ← y − μ(x − σ))"),
                      0, 1, 0.001, N_("Rulkov"), NULL, live);
  properties[PROP_SIGMA] =
    cel_param_double ("sigma", N_("Rulkov σ"), N_("External drive of the slow variable (y ← y − μ(x − σ))"),
                      -5, 5, -1.0, N_("Rulkov"), NULL, live);
  properties[PROP_R] =
    cel_param_double ("r", N_("Logistic r"), N_("Growth rate of the logistic map (x ← r·x·(1 − x))"),
                      0, 4, 3.9, N_("Logistic"), NULL, live);
  properties[PROP_TOPOLOGY] =
    cel_param_enum ("topology", N_("Topology"), N_("A single map, or how the maps of a network are coupled"),
                    CEL_TYPE_MAPS_TOPOLOGY, CEL_MAPS_SINGLE, N_("Network"), reset);
  properties[PROP_NODES] =
    cel_param_uint ("nodes", N_("Nodes"), N_("Maps in a ring, star or ring-star (node 0 is the centre of a star)"),
                    2, CEL_MAPS_MAX_NODES, 100, N_("Network"), N_("maps"), reset);
  properties[PROP_WIDTH] =
    cel_param_uint ("width", N_("Lattice width"), N_("Columns of the lattice"),
                    1, CEL_MAPS_MAX_SIDE, 128, N_("Network"), N_("maps"), reset);
  properties[PROP_HEIGHT] =
    cel_param_uint ("height", N_("Lattice height"), N_("Rows of the lattice"),
                    1, CEL_MAPS_MAX_SIDE, 128, N_("Network"), N_("maps"), reset);
  properties[PROP_RANGE] =
    cel_param_uint ("range", N_("Ring range"), N_("Neighbours on each side that a node of a ring is coupled to"),
                    1, CEL_MAPS_MAX_NODES / 2, 1, N_("Network"), N_("nodes"), live);
  properties[PROP_COUPLING] =
    cel_param_double ("coupling", N_("Coupling"), N_("Diffusive coupling strength ε of the ring, star or lattice"),
                      0, 1, 0.1, N_("Network"), NULL, live);
  properties[PROP_STAR_COUPLING] =
    cel_param_double ("star-coupling", N_("Star coupling"),
                      N_("Coupling between the centre and each node of a ring-star"),
                      0, 1, 0.1, N_("Network"), NULL, live);
  properties[PROP_HISTORY] =
    cel_param_uint ("history", N_("History"), N_("Rows of the space-time diagram of a ring or star"),
                    1, MAX_HISTORY, 256, N_("Network"), N_("rows"), reset);
  properties[PROP_PROBE] =
    cel_param_uint ("probe", N_("Probe node"), N_("The node whose x and y are plotted and analysed"),
                    0, CEL_MAPS_MAX_SIDE * CEL_MAPS_MAX_SIDE - 1, 0, N_("Network"), NULL, live);
  properties[PROP_MODE] =
    cel_param_enum ("mode", N_("Mode"), N_("Iterate the maps, or draw a bifurcation diagram one parameter value per step"),
                    CEL_TYPE_MAPS_MODE, CEL_MAPS_MODE_RUN, N_("Sweep"), reset);
  properties[PROP_SWEEP] =
    cel_param_enum ("sweep", N_("Swept parameter"), N_("The parameter a bifurcation diagram or exponent curve varies"),
                    CEL_TYPE_MAPS_SWEEP, CEL_MAPS_SWEEP_B, N_("Sweep"), reset);
  properties[PROP_SWEEP_FROM] =
    cel_param_double ("sweep-from", N_("Sweep from"), N_("First value of the swept parameter"),
                      -100, 100, 0.0, N_("Sweep"), NULL, reset);
  properties[PROP_SWEEP_TO] =
    cel_param_double ("sweep-to", N_("Sweep to"), N_("Last value of the swept parameter"),
                      -100, 100, 1.0, N_("Sweep"), NULL, reset);
  properties[PROP_SWEEP_VALUES] =
    cel_param_uint ("sweep-values", N_("Sweep values"), N_("Parameter values of the sweep, evenly spaced"),
                    1, MAX_SWEEP_VALUES, 500, N_("Sweep"), NULL, reset);
  properties[PROP_TRANSIENT] =
    cel_param_uint ("transient", N_("Transient"), N_("Iterations discarded before recording, at each value of a sweep and before each analysis"),
                    0, 10000000, 1000, N_("Sweep"), N_("iterations"), live);
  properties[PROP_SAMPLES] =
    cel_param_uint ("samples", N_("Samples per value"), N_("Iterations recorded at each value of a sweep (the points of a diagram column, the iterations of an exponent)"),
                    1, MAX_SAMPLES, 200, N_("Sweep"), N_("iterations"), reset);
  properties[PROP_LYAPUNOV_ITERATIONS] =
    cel_param_uint ("lyapunov-iterations", N_("Exponent iterations"), N_("Iterations averaged for the largest Lyapunov exponent"),
                    100, 100000000, 100000, N_("Analysis"), N_("iterations"), live);
  properties[PROP_TEST_SAMPLES] =
    cel_param_uint ("test-samples", N_("0–1 test samples"), N_("Length of the series of the 0–1 test for chaos"),
                    100, 100000, 10000, N_("Analysis"), N_("iterations"), live);
  properties[PROP_TEST_FREQUENCIES] =
    cel_param_uint ("test-frequencies", N_("0–1 test frequencies"), N_("Frequencies c whose median K the 0–1 test reports"),
                    1, 1000, 100, N_("Analysis"), NULL, live);
  properties[PROP_ENTROPY_SAMPLES] =
    cel_param_uint ("entropy-samples", N_("Entropy samples"), N_("Length of the series of the sample entropy"),
                    100, 50000, 2000, N_("Analysis"), N_("iterations"), live);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_maps_init (CelMaps *self)
{
  CelModel *model = CEL_MODEL (self);

  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto (GValue) value = G_VALUE_INIT;

      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (properties[i]));
      g_param_value_set_default (properties[i], &value);
      g_object_set_property (G_OBJECT (self), properties[i]->name, &value);
    }

  self->x_series = cel_model_add_series (model, &x_info);
  self->phase_series = cel_model_add_series (model, &phase_info);
  self->diagram_series = cel_model_add_series (model, &diagram_info);

  /* A usable state before the first cel_model_reset(). */
  cel_maps_reset (model);
}
