/* cel-kuramoto.c — the Kuramoto model: parameters, initial conditions,
 * painting, views, state and the r-versus-K sweep around the integrator
 * (cel-kuramoto-engine.c). See cel-kuramoto.h. */
#include "models/kuramoto/cel-kuramoto.h"

#include <math.h>
#include <string.h>

#include "cel-analysis.h"
#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "cel-parallel.h"
#include "models/kuramoto/cel-kuramoto-engine.h"

#define MAX_SIDE 4096
#define MAX_SWEEP_POINTS 400
/* Points of the theory curve drawn by the sweep. */
#define THEORY_POINTS 401

struct _CelKuramoto
{
  CelModel                 parent_instance;

  /* Parameters. */
  CelKuramotoTopology      topology;
  guint                    width, height;
  CelKuramotoBoundary      boundary;
  guint                    oscillators;
  double                   coupling;
  double                   lag;
  CelKuramotoDistribution  distribution;
  double                   frequency_mean;
  double                   frequency_width;
  CelKuramotoSampling      sampling;
  CelKuramotoInitial       initial;
  CelKuramotoMethod        method;
  double                   dt;
  double                   sweep_from, sweep_to;
  guint                    sweep_points;
  double                   sweep_transient, sweep_average;

  /* State, built by reset from the parameters of that moment. */
  gboolean                 lattice;
  guint                    grid_width, grid_height;  /* the canvas */
  CelKuramotoEngine       *engine;
  double                   time;

  CelSeries               *order_series;
};

G_DEFINE_FINAL_TYPE (CelKuramoto, cel_kuramoto, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TOPOLOGY,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_BOUNDARY,
  PROP_OSCILLATORS,
  PROP_COUPLING,
  PROP_LAG,
  PROP_DISTRIBUTION,
  PROP_FREQUENCY_MEAN,
  PROP_FREQUENCY_WIDTH,
  PROP_SAMPLING,
  PROP_INITIAL,
  PROP_METHOD,
  PROP_DT,
  PROP_SWEEP_FROM,
  PROP_SWEEP_TO,
  PROP_SWEEP_POINTS,
  PROP_SWEEP_TRANSIENT,
  PROP_SWEEP_AVERAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo order_info = {
  "order", N_("Order parameter r"), "order", CEL_PLOT_LINE, FALSE
};

static const CelFieldInfo field_infos[] = {
  { "phase", N_("Phase"), CEL_FIELD_SCALAR, 0, 0.0f, (float) (2.0 * G_PI), "twilight" },
  { "local-order", N_("Local order"), CEL_FIELD_SCALAR, 0, 0.0f, 1.0f, NULL },
};

/* Enums ------------------------------------------------------------------ */

#define DEFINE_ENUM(func, name, ...)                                               \
  GType                                                                            \
  func (void)                                                                      \
  {                                                                                \
    static gsize type = 0;                                                         \
    static const GEnumValue values[] = { __VA_ARGS__, { 0, NULL, NULL } };         \
                                                                                   \
    return cel_param_register_enum (&type, name, values);                          \
  }

DEFINE_ENUM (cel_kuramoto_topology_get_type, "CelKuramotoTopology",
             { CEL_KURAMOTO_LATTICE, N_("Lattice (nearest neighbours)"), "lattice" },
             { CEL_KURAMOTO_ALL_TO_ALL, N_("All-to-all (mean field)"), "all-to-all" })
DEFINE_ENUM (cel_kuramoto_boundary_get_type, "CelKuramotoBoundary",
             { CEL_KURAMOTO_BOUNDARY_OPEN, N_("Open (no flux across the edges)"), "open" },
             { CEL_KURAMOTO_BOUNDARY_PERIODIC, N_("Periodic (a torus)"), "periodic" })
DEFINE_ENUM (cel_kuramoto_distribution_get_type, "CelKuramotoDistribution",
             { CEL_KURAMOTO_LORENTZIAN, N_("Lorentzian (Cauchy)"), "lorentzian" },
             { CEL_KURAMOTO_GAUSSIAN, N_("Gaussian"), "gaussian" })
DEFINE_ENUM (cel_kuramoto_sampling_get_type, "CelKuramotoSampling",
             { CEL_KURAMOTO_SAMPLE_RANDOM, N_("Random draws"), "random" },
             { CEL_KURAMOTO_SAMPLE_QUANTILES, N_("Evenly spaced quantiles"), "quantiles" })
DEFINE_ENUM (cel_kuramoto_initial_get_type, "CelKuramotoInitial",
             { CEL_KURAMOTO_INITIAL_RANDOM, N_("Random phases"), "random" },
             { CEL_KURAMOTO_INITIAL_SPIRAL, N_("Spiral (a phase singularity in the middle)"), "spiral" },
             { CEL_KURAMOTO_INITIAL_SYNCHRONISED, N_("Synchronised (all phases 0)"), "synchronised" })
DEFINE_ENUM (cel_kuramoto_method_get_type, "CelKuramotoMethod",
             { CEL_KURAMOTO_RK4, N_("Runge–Kutta, fourth order"), "rk4" },
             { CEL_KURAMOTO_EULER, N_("Euler"), "euler" })

/* Theory ----------------------------------------------------------------- */

double
cel_kuramoto_critical_coupling (CelKuramotoDistribution distribution,
                                double                  width)
{
  /* K_c = 2 / (π g(0)): g(0) = 1/(πγ) for the Lorentzian, 1/(σ√(2π)) for
   * the Gaussian. */
  if (distribution == CEL_KURAMOTO_LORENTZIAN)
    return 2.0 * width;
  return width * sqrt (8.0 / G_PI);
}

/* K ∫_{-π/2}^{π/2} cos²φ g(K r sin φ) dφ for the Gaussian, by Simpson's rule. */
static double
gaussian_self_consistency (double sigma, double coupling, double r)
{
  const guint n = 2000;
  double h = G_PI / n, sum = 0.0;

  for (guint k = 0; k <= n; k++)
    {
      double phi = -G_PI / 2.0 + k * h;
      double c = cos (phi);
      double u = coupling * r * sin (phi) / sigma;
      double f = c * c * exp (-0.5 * u * u) / (sigma * sqrt (2.0 * G_PI));
      double w = (k == 0 || k == n) ? 1.0 : (k % 2 ? 4.0 : 2.0);

      sum += w * f;
    }
  return coupling * sum * h / 3.0;
}

double
cel_kuramoto_theory_order (CelKuramotoDistribution distribution,
                           double                  width,
                           double                  coupling)
{
  double lo = 0.0, hi = 1.0;

  if (width <= 0.0)
    return coupling > 0.0 ? 1.0 : 0.0;
  if (coupling <= cel_kuramoto_critical_coupling (distribution, width))
    return 0.0;
  if (distribution == CEL_KURAMOTO_LORENTZIAN)
    return sqrt (1.0 - 2.0 * width / coupling);

  /* The self-consistency integral falls from K/K_c > 1 at r = 0 to at most
   * 1 at r = 1; its crossing of 1 is the locked state's r. */
  for (guint i = 0; i < 60; i++)
    {
      double mid = 0.5 * (lo + hi);

      if (gaussian_self_consistency (width, coupling, mid) > 1.0)
        lo = mid;
      else
        hi = mid;
    }
  return 0.5 * (lo + hi);
}

/* Initial state ------------------------------------------------------------ */

/* Standard normal quantile: Acklam's rational approximation (relative error
 * about 1e-9), polished by two Halley steps on Φ(x) = p. 0 < p < 1. */
static double
normal_quantile (double p)
{
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  const double p_low = 0.02425;
  double x;

  if (p < p_low || p > 1.0 - p_low)
    {
      double q = sqrt (-2.0 * log (p < p_low ? p : 1.0 - p));

      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
      if (p > 1.0 - p_low)
        x = -x;
    }
  else
    {
      double q = p - 0.5, r = q * q;

      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
          / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
  for (guint i = 0; i < 2; i++)
    {
      double e = 0.5 * erfc (-x / G_SQRT2) - p;
      double u = e * sqrt (2.0 * G_PI) * exp (0.5 * x * x);

      x -= u / (1.0 + 0.5 * x * u);
    }
  return x;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Natural frequencies: all-to-all in ascending order (the canvas shows them
 * so), on the lattice in random places. */
static void
draw_frequencies (CelKuramoto *self, CelRng *rng, double *omega, gsize n)
{
  double gamma = self->frequency_width;

  for (gsize i = 0; i < n; i++)
    {
      double z;

      if (self->sampling == CEL_KURAMOTO_SAMPLE_QUANTILES)
        {
          double p = ((double) i + 0.5) / (double) n;

          z = self->distribution == CEL_KURAMOTO_LORENTZIAN
              ? tan (G_PI * p - G_PI / 2.0) : normal_quantile (p);
        }
      else if (self->distribution == CEL_KURAMOTO_LORENTZIAN)
        {
          double u;

          do
            u = cel_rng_uniform (rng);
          while (u == 0.0);
          z = tan (G_PI * (u - 0.5));
        }
      else
        z = cel_rng_normal (rng);
      omega[i] = self->frequency_mean + gamma * z;
    }

  if (!self->lattice && self->sampling == CEL_KURAMOTO_SAMPLE_RANDOM)
    qsort (omega, n, sizeof (double), compare_doubles);
  else if (self->lattice && self->sampling == CEL_KURAMOTO_SAMPLE_QUANTILES)
    for (gsize i = n; i > 1; i--)
      {
        /* Fisher–Yates: the quantiles in random places. */
        gsize j = cel_rng_below (rng, (guint32) i);
        double t = omega[i - 1];

        omega[i - 1] = omega[j];
        omega[j] = t;
      }
}

static double
wrap_phase (double theta)
{
  return theta - 2.0 * G_PI * floor (theta / (2.0 * G_PI));
}

static void
draw_phases (CelKuramoto *self, CelRng *rng, double *theta, gsize n)
{
  switch (self->initial)
    {
    case CEL_KURAMOTO_INITIAL_RANDOM:
      for (gsize i = 0; i < n; i++)
        theta[i] = 2.0 * G_PI * cel_rng_uniform (rng);
      break;
    case CEL_KURAMOTO_INITIAL_SPIRAL:
      if (self->lattice)
        {
          /* The singularity sits between the middle cells. */
          double cx = 0.5 * (self->grid_width - 1), cy = 0.5 * (self->grid_height - 1);

          for (guint y = 0; y < self->grid_height; y++)
            for (guint x = 0; x < self->grid_width; x++)
              theta[(gsize) y * self->grid_width + x] = wrap_phase (atan2 (y - cy, x - cx));
        }
      else
        for (gsize i = 0; i < n; i++)
          theta[i] = 2.0 * G_PI * (double) i / (double) n;
      break;
    case CEL_KURAMOTO_INITIAL_SYNCHRONISED:
    default:
      memset (theta, 0, n * sizeof (double));
      break;
    }
}

/* Model -------------------------------------------------------------------- */

static gsize
n_oscillators (CelKuramoto *self)
{
  return cel_kuramoto_engine_get_n (self->engine);
}

/* The canvas of an all-to-all network: a square holding N cells. */
static void
square_for (guint n, guint *width, guint *height)
{
  guint side = (guint) ceil (sqrt ((double) n));

  while ((guint64) side * side < n)
    side++;
  *width = side;
  *height = (n + side - 1) / side;
}

static void
set_geometry (CelKuramoto *self)
{
  self->lattice = self->topology == CEL_KURAMOTO_LATTICE;
  if (self->lattice)
    {
      self->grid_width = self->width;
      self->grid_height = self->height;
    }
  else
    square_for (self->oscillators, &self->grid_width, &self->grid_height);
}

static void
cel_kuramoto_reset (CelModel *model)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  CelRng *rng = cel_model_get_rng (model);
  gsize n;
  g_autofree double *omega = NULL;
  g_autofree double *theta = NULL;

  set_geometry (self);
  n = self->lattice ? (gsize) self->width * self->height : self->oscillators;
  omega = g_new (double, n);
  theta = g_new (double, n);
  draw_frequencies (self, rng, omega, n);
  draw_phases (self, rng, theta, n);

  g_clear_pointer (&self->engine, cel_kuramoto_engine_free);
  self->engine = cel_kuramoto_engine_new (self->lattice,
                                          self->lattice ? self->width : (guint) n,
                                          self->lattice ? self->height : 1,
                                          theta, omega, TRUE);
  self->time = 0.0;
}

static guint64
cel_kuramoto_step (CelModel      *model,
                   guint64        n,
                   GCancellable  *cancellable,
                   GError       **error)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  guint64 done;

  for (done = 0; done < n; done++)
    {
      double r;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      cel_kuramoto_engine_step (self->engine, self->method, self->dt, self->coupling, self->lag,
                                self->boundary == CEL_KURAMOTO_BOUNDARY_PERIODIC);
      self->time += self->dt;
      r = cel_kuramoto_engine_order (self->engine, NULL);
      if (!isfinite (r))
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_DIVERGED,
                       _("The phases stopped being finite numbers at t = %g"), self->time);
          break;
        }
      cel_series_append (self->order_series, self->time, r);
    }
  return done;
}

static void
cel_kuramoto_get_size (CelModel *model, guint *width, guint *height)
{
  CelKuramoto *self = CEL_KURAMOTO (model);

  *width = self->grid_width;
  *height = self->grid_height;
}

/* Index of the oscillator shown at (x, y), or -1. */
static gssize
cell_index (CelKuramoto *self, gint32 x, gint32 y)
{
  gsize i;

  if (x < 0 || y < 0 || (guint) x >= self->grid_width || (guint) y >= self->grid_height)
    return -1;
  i = (gsize) y * self->grid_width + (guint) x;
  return i < n_oscillators (self) ? (gssize) i : -1;
}

static void
cel_kuramoto_paint_cells (CelModel      *model,
                          const CelCell *cells,
                          gsize          n_cells,
                          GArray        *undo)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  double *theta = cel_kuramoto_engine_theta (self->engine);
  g_autoptr (GHashTable) recorded = undo ? g_hash_table_new (NULL, NULL) : NULL;
  gboolean changed = FALSE;

  for (gsize k = 0; k < n_cells; k++)
    {
      gssize i = cell_index (self, cells[k].x, cells[k].y);

      if (i < 0 || !isfinite (cells[k].value))
        continue;
      /* Only the first touch of a cell records its old phase, so that
       * painting the undo array back in order restores it. */
      if (undo && !g_hash_table_contains (recorded, GSIZE_TO_POINTER ((gsize) i + 1)))
        {
          CelCell previous = { cells[k].x, cells[k].y, (float) theta[i] };

          g_hash_table_add (recorded, GSIZE_TO_POINTER ((gsize) i + 1));
          g_array_append_val (undo, previous);
        }
      theta[i] = wrap_phase (cells[k].value);
      changed = TRUE;
    }
  if (changed)
    cel_kuramoto_engine_sync (self->engine);
}

static guint
cel_kuramoto_get_n_fields (CelModel *model)
{
  return G_N_ELEMENTS (field_infos);
}

static const CelFieldInfo *
cel_kuramoto_get_field_info (CelModel *model, guint index)
{
  return &field_infos[MIN (index, G_N_ELEMENTS (field_infos) - 1)];
}

/* |mean of e^(iθ)| over cell (x, y) and its four neighbours (the same
 * neighbours the dynamics uses). */
static float
lattice_local_order (CelKuramoto *self, const double *theta, guint x, guint y)
{
  guint w = self->grid_width, h = self->grid_height;
  gboolean periodic = self->boundary == CEL_KURAMOTO_BOUNDARY_PERIODIC;
  guint xs[5] = { x, x > 0 ? x - 1 : (periodic ? w - 1 : x), x + 1 < w ? x + 1 : (periodic ? 0 : x), x, x };
  guint ys[5] = { y, y, y, y > 0 ? y - 1 : (periodic ? h - 1 : y), y + 1 < h ? y + 1 : (periodic ? 0 : y) };
  double s = 0.0, c = 0.0;

  for (guint k = 0; k < 5; k++)
    {
      double t = theta[(gsize) ys[k] * w + xs[k]];

      s += sin (t);
      c += cos (t);
    }
  return (float) (hypot (s, c) / 5.0);
}

static CelFrame *
cel_kuramoto_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  const CelFieldInfo *info = cel_kuramoto_get_field_info (model, index);
  const double *theta = cel_kuramoto_engine_theta (self->engine);
  gsize n = n_oscillators (self);
  gint64 x0 = 0, y0 = 0, x1 = self->grid_width, y1 = self->grid_height;
  double psi = 0.0;
  CelFrame *frame;

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
  cel_kuramoto_engine_order (self->engine, &psi);

  for (gint64 y = y0; y < y1; y++)
    {
      float *out = (float *) (frame->data + (gsize) (y - y0) * frame->stride);

      for (gint64 x = x0; x < x1; x++)
        {
          gsize i = (gsize) y * self->grid_width + (gsize) x;
          float v;

          if (i >= n)
            v = NAN;
          else if (index == 0)
            v = (float) wrap_phase (theta[i]);
          else if (self->lattice)
            v = lattice_local_order (self, theta, (guint) x, (guint) y);
          else
            v = (float) (0.5 * (1.0 + cos (theta[i] - psi)));
          out[x - x0] = v;
        }
    }
  return frame;
}

/* State -------------------------------------------------------------------- *
 *
 * { "topology": "lattice" | "all-to-all", "width", "height" (the canvas),
 *   "oscillators": N, "time": t,
 *   "theta", "omega": N doubles each, IEEE 754 little-endian (cel-blob) } */

static JsonNode *
cel_kuramoto_save_state (CelModel *model)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  gsize n = n_oscillators (self);
  g_autofree char *theta = cel_blob_encode_words (cel_kuramoto_engine_theta (self->engine), n,
                                                  sizeof (double));
  g_autofree char *omega = cel_blob_encode_words (cel_kuramoto_engine_omega (self->engine), n,
                                                  sizeof (double));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "topology");
  json_builder_add_string_value (b, self->lattice ? "lattice" : "all-to-all");
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, self->grid_width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, self->grid_height);
  json_builder_set_member_name (b, "oscillators");
  json_builder_add_int_value (b, (gint64) n);
  json_builder_set_member_name (b, "time");
  json_builder_add_double_value (b, self->time);
  json_builder_set_member_name (b, "theta");
  json_builder_add_string_value (b, theta);
  json_builder_set_member_name (b, "omega");
  json_builder_add_string_value (b, omega);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_kuramoto_load_state (CelModel    *model,
                         JsonObject  *state,
                         GError     **error)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  const char *topology;
  gint64 width, height, oscillators;
  double time;
  gsize n;
  g_autofree double *theta = NULL;
  g_autofree double *omega = NULL;

  /* Reset has built the geometry from the parameters; the state must
   * match it. */
  if (!cel_json_get_string (state, "topology", &topology, error))
    return FALSE;
  if (g_strcmp0 (topology, self->lattice ? "lattice" : "all-to-all") != 0)
    return cel_json_error (error, "topology", _("does not match the topology parameter"));
  if (!cel_json_get_int (state, "width", 1, MAX_SIDE, &width, error)
      || !cel_json_get_int (state, "height", 1, MAX_SIDE, &height, error)
      || !cel_json_get_int (state, "oscillators", 1, CEL_KURAMOTO_MAX_OSCILLATORS, &oscillators, error))
    return FALSE;
  if (width != self->grid_width)
    return cel_json_error (error, "width", _("does not match the parameters"));
  if (height != self->grid_height)
    return cel_json_error (error, "height", _("does not match the parameters"));
  n = n_oscillators (self);
  if ((gsize) oscillators != n)
    return cel_json_error (error, "oscillators", _("does not match the parameters"));
  if (!cel_json_get_double (state, "time", 0.0, G_MAXDOUBLE, &time, error))
    return FALSE;
  theta = cel_json_get_doubles (state, "theta", n, error);
  if (theta == NULL)
    return FALSE;
  omega = cel_json_get_doubles (state, "omega", n, error);
  if (omega == NULL)
    return FALSE;

  g_clear_pointer (&self->engine, cel_kuramoto_engine_free);
  self->engine = cel_kuramoto_engine_new (self->lattice, self->lattice ? self->grid_width : (guint) n,
                                          self->lattice ? self->grid_height : 1, theta, omega, TRUE);
  self->time = time;
  return TRUE;
}

/* Analysis: r against K ---------------------------------------------------- */

typedef struct {
  const double *theta, *omega;
  gsize         n;
  double        dt, lag;
  CelKuramotoMethod method;
  guint64       transient_steps, average_steps;
  const double *couplings;
  double       *orders;     /* time-averaged r per coupling */
  guint         first;      /* first coupling of this chunk */
  GCancellable *cancellable;
} Sweep;

static void
sweep_task (guint task, guint n_tasks, gpointer data)
{
  Sweep *sweep = data;
  guint k = sweep->first + task;
  g_autoptr (CelKuramotoEngine) engine = cel_kuramoto_engine_new (FALSE, (guint) sweep->n, 1,
                                                                  sweep->theta, sweep->omega, FALSE);
  double sum = 0.0;

  for (guint64 t = 0; t < sweep->transient_steps + sweep->average_steps; t++)
    {
      if (t % 256 == 0 && g_cancellable_is_cancelled (sweep->cancellable))
        return;
      cel_kuramoto_engine_step (engine, sweep->method, sweep->dt, sweep->couplings[k], sweep->lag, FALSE);
      if (t >= sweep->transient_steps)
        sum += cel_kuramoto_engine_order (engine, NULL);
    }
  sweep->orders[k] = sum / (double) sweep->average_steps;
}

static const CelSeriesInfo sweep_measured_info = {
  "order", N_("Order parameter r (simulated)"), "sweep", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo sweep_theory_info = {
  "theory", N_("Mean-field theory"), "sweep", CEL_PLOT_LINE, FALSE
};

static gboolean
run_order_sweep (CelModel          *model,
                 CelAnalysisResult *result,
                 CelProgressFunc    progress,
                 gpointer           progress_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  CelKuramoto *self = CEL_KURAMOTO (model);
  guint n_points = self->sweep_points;
  g_autofree double *couplings = g_new (double, n_points);
  g_autofree double *orders = g_new0 (double, n_points);
  double kc = cel_kuramoto_critical_coupling (self->distribution, self->frequency_width);
  double fit_num = 0.0, fit_den = 0.0, dev = 0.0;
  guint chunk = cel_parallel_get_threads ();
  CelSeries *measured, *theory;
  Sweep sweep;

  if (!(self->sweep_to > self->sweep_from))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("sweep-to: the sweep must end above its start (%g)"), self->sweep_from);
      return FALSE;
    }
  /* The theory is the mean field's: every coupling starts the all-to-all
   * network afresh from the copy's initial condition (its seed, N,
   * frequencies and initial phases), whatever the experiment shows now. */
  self->topology = CEL_KURAMOTO_ALL_TO_ALL;
  cel_model_reset (model);

  for (guint k = 0; k < n_points; k++)
    couplings[k] = self->sweep_from + (self->sweep_to - self->sweep_from) * k / MAX (n_points - 1, 1);
  sweep = (Sweep) {
    .theta = cel_kuramoto_engine_theta (self->engine),
    .omega = cel_kuramoto_engine_omega (self->engine),
    .n = n_oscillators (self),
    .dt = self->dt,
    .lag = self->lag,
    .method = self->method,
    .transient_steps = (guint64) ceil (self->sweep_transient / self->dt),
    .average_steps = MAX ((guint64) ceil (self->sweep_average / self->dt), 1),
    .couplings = couplings,
    .orders = orders,
    .cancellable = cancellable,
  };
  for (guint first = 0; first < n_points; first += chunk)
    {
      sweep.first = first;
      cel_parallel_for (MIN (chunk, n_points - first), sweep_task, &sweep);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (progress)
        progress ((double) MIN (first + chunk, n_points) / n_points, progress_data);
    }

  measured = cel_analysis_result_add_series (result, &sweep_measured_info, n_points);
  theory = cel_analysis_result_add_series (result, &sweep_theory_info, THEORY_POINTS);
  for (guint k = 0; k < n_points; k++)
    {
      double expected = cel_kuramoto_theory_order (self->distribution, self->frequency_width, couplings[k]);

      cel_series_append (measured, couplings[k], orders[k]);
      dev += (orders[k] - expected) * (orders[k] - expected);
      /* Lorentzian: 1 − r² = K_c/K above threshold; least squares in 1/K
       * over the clearly locked points. */
      if (orders[k] >= 0.3 && couplings[k] > 0.0)
        {
          fit_num += (1.0 - orders[k] * orders[k]) / couplings[k];
          fit_den += 1.0 / (couplings[k] * couplings[k]);
        }
    }
  for (guint k = 0; k < THEORY_POINTS; k++)
    {
      double K = self->sweep_from + (self->sweep_to - self->sweep_from) * k / (THEORY_POINTS - 1);

      cel_series_append (theory, K, cel_kuramoto_theory_order (self->distribution, self->frequency_width, K));
    }

  cel_analysis_result_add_number (result, "critical-coupling-theory", _("Critical coupling K_c (theory)"),
                                  kc, NAN, NULL);
  if (self->distribution == CEL_KURAMOTO_LORENTZIAN && fit_den > 0.0)
    cel_analysis_result_add_number (result, "critical-coupling-fit",
                                    _("Critical coupling fitted to 1 − r² = K_c/K"),
                                    fit_num / fit_den, NAN, NULL);
  cel_analysis_result_add_number (result, "rms-deviation", _("RMS deviation of r from theory"),
                                  sqrt (dev / n_points), NAN, NULL);
  result->summary = self->lag == 0.0
    ? g_strdup_printf (_("%u couplings from %g to %g with %zu oscillators; "
                         "theory puts the critical coupling at %.4g."),
                       n_points, self->sweep_from, self->sweep_to, n_oscillators (self), kc)
    : g_strdup_printf (_("%u couplings from %g to %g with %zu oscillators; the theory curve "
                         "(critical coupling %.4g) is Kuramoto’s for no phase lag, and the "
                         "lag here is %g."),
                       n_points, self->sweep_from, self->sweep_to, n_oscillators (self), kc,
                       self->lag);
  return TRUE;
}

static const CelAnalysisInfo analyses[] = {
  { "order-sweep", N_("Order parameter against coupling"),
    N_("Time-averaged r of the all-to-all network over a range of K, drawn with the mean-field theory"),
    run_order_sweep },
};

static const CelAnalysisInfo *
cel_kuramoto_get_analyses (CelModel *model, guint *n_analyses)
{
  *n_analyses = G_N_ELEMENTS (analyses);
  return analyses;
}

/* Public ------------------------------------------------------------------- */

double
cel_kuramoto_get_order (CelKuramoto *self, double *psi)
{
  g_return_val_if_fail (CEL_IS_KURAMOTO (self), NAN);
  return cel_kuramoto_engine_order (self->engine, psi);
}

double
cel_kuramoto_get_time (CelKuramoto *self)
{
  g_return_val_if_fail (CEL_IS_KURAMOTO (self), NAN);
  return self->time;
}

/* GObject ------------------------------------------------------------------ */

static void
cel_kuramoto_finalize (GObject *object)
{
  CelKuramoto *self = CEL_KURAMOTO (object);

  g_clear_pointer (&self->engine, cel_kuramoto_engine_free);
  G_OBJECT_CLASS (cel_kuramoto_parent_class)->finalize (object);
}

/* Where each property lives, for get and set. */
static gpointer
field_of (CelKuramoto *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_TOPOLOGY: return &self->topology;
    case PROP_WIDTH: return &self->width;
    case PROP_HEIGHT: return &self->height;
    case PROP_BOUNDARY: return &self->boundary;
    case PROP_OSCILLATORS: return &self->oscillators;
    case PROP_COUPLING: return &self->coupling;
    case PROP_LAG: return &self->lag;
    case PROP_DISTRIBUTION: return &self->distribution;
    case PROP_FREQUENCY_MEAN: return &self->frequency_mean;
    case PROP_FREQUENCY_WIDTH: return &self->frequency_width;
    case PROP_SAMPLING: return &self->sampling;
    case PROP_INITIAL: return &self->initial;
    case PROP_METHOD: return &self->method;
    case PROP_DT: return &self->dt;
    case PROP_SWEEP_FROM: return &self->sweep_from;
    case PROP_SWEEP_TO: return &self->sweep_to;
    case PROP_SWEEP_POINTS: return &self->sweep_points;
    case PROP_SWEEP_TRANSIENT: return &self->sweep_transient;
    case PROP_SWEEP_AVERAGE: return &self->sweep_average;
    default: return NULL;
    }
}

static void
cel_kuramoto_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_KURAMOTO (object), prop_id), value, pspec);
}

static void
cel_kuramoto_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_KURAMOTO (object), prop_id), value, pspec);
}

static void
cel_kuramoto_class_init (CelKuramotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);

  object_class->finalize = cel_kuramoto_finalize;
  object_class->get_property = cel_kuramoto_get_property;
  object_class->set_property = cel_kuramoto_set_property;

  model_class->reset = cel_kuramoto_reset;
  model_class->step = cel_kuramoto_step;
  model_class->get_size = cel_kuramoto_get_size;
  model_class->paint_cells = cel_kuramoto_paint_cells;
  model_class->get_n_fields = cel_kuramoto_get_n_fields;
  model_class->get_field_info = cel_kuramoto_get_field_info;
  model_class->render_field = cel_kuramoto_render_field;
  model_class->save_state = cel_kuramoto_save_state;
  model_class->load_state = cel_kuramoto_load_state;
  model_class->get_analyses = cel_kuramoto_get_analyses;

  properties[PROP_TOPOLOGY] =
    cel_param_enum ("topology", N_("Topology"),
                    N_("A lattice of nearest neighbours shown cell by cell, or all "
                       "oscillators coupled to all through the mean field"),
                    CEL_TYPE_KURAMOTO_TOPOLOGY, CEL_KURAMOTO_LATTICE,
                    N_("Network"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_WIDTH] =
    cel_param_uint ("width", N_("Width"), N_("Width of the lattice"),
                    2, MAX_SIDE, 256, N_("Network"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_HEIGHT] =
    cel_param_uint ("height", N_("Height"), N_("Height of the lattice"),
                    2, MAX_SIDE, 256, N_("Network"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_BOUNDARY] =
    cel_param_enum ("boundary", N_("Edges"),
                    N_("Open edges couple a border cell to itself in place of the "
                       "missing neighbour; periodic edges join the lattice into a torus"),
                    CEL_TYPE_KURAMOTO_BOUNDARY, CEL_KURAMOTO_BOUNDARY_OPEN,
                    N_("Network"), CEL_PARAM_NONE);
  properties[PROP_OSCILLATORS] =
    cel_param_uint ("oscillators", N_("Oscillators"),
                    N_("Number of oscillators of the all-to-all network"),
                    2, CEL_KURAMOTO_MAX_OSCILLATORS, 2000,
                    N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_COUPLING] =
    cel_param_double ("coupling", N_("Coupling K"),
                      N_("Strength of the pull towards the partners’ phases"),
                      0.0, 100.0, 1.0, N_("Dynamics"), NULL, CEL_PARAM_NONE);
  properties[PROP_LAG] =
    cel_param_double ("lag", N_("Phase lag α"),
                      N_("Sakaguchi’s phase lag: a nonzero lag makes phase singularities "
                         "on the lattice emit spiral waves"),
                      -G_PI, G_PI, 0.0, N_("Dynamics"), N_("rad"), CEL_PARAM_NONE);
  properties[PROP_DISTRIBUTION] =
    cel_param_enum ("distribution", N_("Frequency distribution"),
                    N_("Distribution of the natural frequencies around their mean"),
                    CEL_TYPE_KURAMOTO_DISTRIBUTION, CEL_KURAMOTO_LORENTZIAN,
                    N_("Frequencies"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_FREQUENCY_MEAN] =
    cel_param_double ("frequency-mean", N_("Mean frequency ω₀"),
                      N_("Centre of the natural frequency distribution"),
                      -100.0, 100.0, 0.0,
                      N_("Frequencies"), N_("rad per time unit"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_FREQUENCY_WIDTH] =
    cel_param_double ("frequency-width", N_("Frequency spread γ"),
                      N_("Half-width of the Lorentzian or standard deviation of the "
                         "Gaussian; 0 makes all oscillators identical"),
                      0.0, 100.0, 0.1,
                      N_("Frequencies"), N_("rad per time unit"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_SAMPLING] =
    cel_param_enum ("sampling", N_("Sampling"),
                    N_("Draw the frequencies at random, or place them at evenly spaced "
                       "quantiles of the distribution (less sample noise)"),
                    CEL_TYPE_KURAMOTO_SAMPLING, CEL_KURAMOTO_SAMPLE_RANDOM,
                    N_("Frequencies"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_INITIAL] =
    cel_param_enum ("init", N_("Initial phases"),
                    N_("Random phases; a spiral, θ = atan2(y − c_y, x − c_x) around the "
                       "middle of the lattice (all-to-all: phases spread evenly); or "
                       "all phases 0"),
                    CEL_TYPE_KURAMOTO_INITIAL, CEL_KURAMOTO_INITIAL_RANDOM,
                    N_("Start"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_METHOD] =
    cel_param_enum ("method", N_("Integrator"),
                    N_("Fourth-order Runge–Kutta, or Euler’s method (cheaper; needs a "
                       "smaller step)"),
                    CEL_TYPE_KURAMOTO_METHOD, CEL_KURAMOTO_RK4, N_("Integration"), CEL_PARAM_NONE);
  properties[PROP_DT] =
    cel_param_double ("dt", N_("Time step"),
                      N_("Time advanced by one step"),
                      0.001, 0.5, 0.1, N_("Integration"), NULL, CEL_PARAM_NONE);
  properties[PROP_SWEEP_FROM] =
    cel_param_double ("sweep-from", N_("Sweep: first K"),
                      N_("Smallest coupling of the r-against-K sweep"),
                      0.0, 100.0, 0.0, N_("Analysis"), NULL, CEL_PARAM_NONE);
  properties[PROP_SWEEP_TO] =
    cel_param_double ("sweep-to", N_("Sweep: last K"),
                      N_("Largest coupling of the r-against-K sweep"),
                      0.0, 100.0, 1.0, N_("Analysis"), NULL, CEL_PARAM_NONE);
  properties[PROP_SWEEP_POINTS] =
    cel_param_uint ("sweep-points", N_("Sweep: couplings"),
                    N_("Number of evenly spaced couplings the sweep runs"),
                    2, MAX_SWEEP_POINTS, 21, N_("Analysis"), NULL, CEL_PARAM_NONE);
  properties[PROP_SWEEP_TRANSIENT] =
    cel_param_double ("sweep-transient", N_("Sweep: transient"),
                      N_("Time run at each coupling before r is averaged"),
                      0.0, 10000.0, 100.0, N_("Analysis"), N_("time units"), CEL_PARAM_NONE);
  properties[PROP_SWEEP_AVERAGE] =
    cel_param_double ("sweep-average", N_("Sweep: averaging time"),
                      N_("Time over which r is averaged at each coupling"),
                      0.1, 10000.0, 100.0, N_("Analysis"), N_("time units"), CEL_PARAM_NONE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_kuramoto_init (CelKuramoto *self)
{
  CelModel *model = CEL_MODEL (self);

  self->topology = CEL_KURAMOTO_LATTICE;
  self->width = 256;
  self->height = 256;
  self->boundary = CEL_KURAMOTO_BOUNDARY_OPEN;
  self->oscillators = 2000;
  self->coupling = 1.0;
  self->lag = 0.0;
  self->distribution = CEL_KURAMOTO_LORENTZIAN;
  self->frequency_mean = 0.0;
  self->frequency_width = 0.1;
  self->sampling = CEL_KURAMOTO_SAMPLE_RANDOM;
  self->initial = CEL_KURAMOTO_INITIAL_RANDOM;
  self->method = CEL_KURAMOTO_RK4;
  self->dt = 0.1;
  self->sweep_from = 0.0;
  self->sweep_to = 1.0;
  self->sweep_points = 21;
  self->sweep_transient = 100.0;
  self->sweep_average = 100.0;

  self->order_series = cel_model_add_series (model, &order_info);

  /* A usable state before the first cel_model_reset(). */
  cel_kuramoto_reset (model);
}
