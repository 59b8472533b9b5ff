/* cel-snn.c — the spiking network model: parameters, connectivity, initial
 * conditions, painting, views and state around the integrator
 * (cel-snn-engine.c). See cel-snn.h. */
#include "models/snn/cel-snn.h"

#include <math.h>
#include <string.h>

#include "cel-analysis.h"
#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "models/snn/cel-snn-engine.h"
#include "models/snn/cel-snn-plasticity.h"
#include "models/snn/cel-snn-readout.h"
#include "models/snn/cel-snn-stats.h"

/* Potentials accepted from painting (up to threshold), and the field's
 * nominal range, mV. */
#define V_MIN (-80.0)
#define V_MAX (-50.0)
/* How long a neuron shows as spiking on the sheet after it fired, ms: long
 * enough that a frame shown every 1/60 s catches a fair share of spikes. */
#define FLASH_MS 5.0
/* An empty cell of the canvas. */
#define NO_NEURON G_MAXUINT32
/* Distance-dependent connections are drawn out to this many λ, beyond which
 * their probability C e^(−(d/λ)²) is below 1.2e−7 C. */
#define DISTANCE_CUTOFF 4.0
/* Most layers of the grid. */
#define MAX_LAYERS 1000
/* Longest transmission delay, in steps. */
#define MAX_DELAY_STEPS 10000
/* Most pending inputs, delay steps × neurons (16 bytes each). */
#define MAX_PENDING 2e7
/* Initial potential of Izhikevich neurons, mV. */
#define IZHIKEVICH_START (-65.0)
/* Spikes each raster keeps: every one of the most recent (about 0.4 s of
 * the COBA network). */
#define RASTER_CAPACITY 65536
/* Share of the digits that test the readout. */
#define LSM_TEST_FRACTION 0.3
/* Time between points of the ISI CV and branching plots, ms. */
#define STATS_EVERY_MS 10.0
/* The span before and after a spike in which the branching factor counts
 * its ancestors and descendants (NALSM's 4 ms, cel-snn-stats). */
#define BRANCHING_SPAN_MS 4.0
/* Neurons the live branching factor samples, about: every
 * max (1, N / BRANCHING_SAMPLE)-th neuron, which draws nothing from the
 * model's generator (runs and fixed-seed figures stay as they were) and
 * takes E and I neurons in proportion (they are numbered E first). With
 * random synapses the index says nothing else about a neuron; on a sheet
 * whose width the stride divides, it samples whole columns, the left edge
 * among them. In the COBA and CUBA networks
 * (every 8th of 4000) the time averages of σ over the 8 disjoint samples
 * spread by 1.5–2 % (sd) around that of all the neurons. */
#define BRANCHING_SAMPLE 500
/* Width of a population-rate bin, ms. */
#define RATE_BIN_MS 1.0

struct _CelSnn
{
  CelModel         parent_instance;

  /* Parameters. */
  CelSnnSynapses   synapses;
  CelSnnNeuron     neuron[2];         /* excitatory, inhibitory */
  double           izh[2][4];         /* a, b, c, d */
  guint            n_exc, n_inh;
  CelSnnConnectivity connectivity;
  double           p;
  double           lambda;
  double           c_pair[2][2];      /* [source][target], E = 0, I = 1 */
  guint            columns_param, layers_param;
  double           delay;
  double           ext_rate[2], ext_w[2];
  double           capacitance, leak;
  double           rest, threshold, reset, refractory;
  double           tau_e, tau_i;
  double           e_exc, e_inh;
  double           w_e, w_i;
  double           j_e, j_i;
  double           bias;
  CelSnnBrush      brush;
  double           stimulus;
  double           dt;
  double           stats_window;
  double           rate_smoothing;
  CelSnnInput      input;
  double           input_p, input_w, input_rate, presentation;
  gboolean         stdp_ee, stdp_ei, astrocyte;
  double           stdp_a_plus, stdp_a_minus, stdp_tau_plus, stdp_tau_minus, stdp_w_max;
  double           astro_tau, astro_gain;
  guint            lsm_samples;
  double           lsm_ridge;

  /* State, built by reset from the parameters of that moment. */
  CelSnnNet        net;
  guint            columns, rows;     /* the canvas */
  guint            layers, layer_rows;/* its horizontal slices: the layers of the grid */
  guint32         *cell_of;           /* n: the canvas cell of each neuron */
  guint32         *neuron_at;         /* columns × rows: the neuron in each cell, or NO_NEURON */
  double           reset_dt;          /* dt of the reset: the time base */
  double           built_jump[3];     /* weights the synapses were made with: E, I, input */
  guint32          bin_steps;         /* steps per rate bin */
  guint32          bin_filled;        /* steps in the current bin */
  guint64          bin_spikes[2];     /* spikes in the current bin: E, I */
  double           rate_smooth[2];    /* the plotted rates, smoothed: E, I */
  gboolean         rate_primed;       /* rate_smooth holds a value */
  guint64          total_spikes[2];
  guint64          total_events;      /* spikes delivered to a synapse */
  guint32         *spikes;            /* scratch, n entries */
  CelSnnStats     *stats;             /* over the window; NULL: rebuild from the rasters */
  CelSnnDigits    *digits;            /* the images the input shows, or NULL */
  gint             forced_digit;      /* the image shown, or −1: each in turn */
  guint32         *input_spikes;      /* scratch, n_input entries */
  CelSnnStdp      *stdp;              /* NULL while no projection learns */
  CelSnnStdpParams stdp_built;        /* the rule it was made with */
  gboolean         stdp_built_ee, stdp_built_ei;
  double          *counts;            /* when set (the readout analysis), spikes per neuron */
  double           stats_built;       /* the window it was made with */

  CelSeries       *raster[2], *rate_e, *rate_i, *isi_cv, *branching, *depression;
};

G_DEFINE_FINAL_TYPE (CelSnn, cel_snn, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_SYNAPSES,
  PROP_NEURON_E,
  PROP_NEURON_I,
  PROP_IZH_A_E,
  PROP_IZH_B_E,
  PROP_IZH_C_E,
  PROP_IZH_D_E,
  PROP_IZH_A_I,
  PROP_IZH_B_I,
  PROP_IZH_C_I,
  PROP_IZH_D_I,
  PROP_N_EXC,
  PROP_N_INH,
  PROP_CONNECTIVITY,
  PROP_P,
  PROP_LAMBDA,
  PROP_C_EE,
  PROP_C_EI,
  PROP_C_IE,
  PROP_C_II,
  PROP_COLUMNS,
  PROP_LAYERS,
  PROP_DELAY,
  PROP_EXT_RATE_E,
  PROP_EXT_RATE_I,
  PROP_EXT_W_E,
  PROP_EXT_W_I,
  PROP_CAPACITANCE,
  PROP_LEAK,
  PROP_REST,
  PROP_THRESHOLD,
  PROP_RESET,
  PROP_REFRACTORY,
  PROP_TAU_E,
  PROP_TAU_I,
  PROP_E_EXC,
  PROP_E_INH,
  PROP_W_E,
  PROP_W_I,
  PROP_J_E,
  PROP_J_I,
  PROP_BIAS,
  PROP_BRUSH,
  PROP_STIMULUS,
  PROP_DT,
  PROP_STATS_WINDOW,
  PROP_RATE_SMOOTHING,
  PROP_INPUT,
  PROP_INPUT_P,
  PROP_INPUT_W,
  PROP_INPUT_RATE,
  PROP_PRESENTATION,
  PROP_STDP_EE,
  PROP_STDP_EI,
  PROP_STDP_A_PLUS,
  PROP_STDP_A_MINUS,
  PROP_STDP_TAU_PLUS,
  PROP_STDP_TAU_MINUS,
  PROP_STDP_W_MAX,
  PROP_ASTROCYTE,
  PROP_ASTRO_TAU,
  PROP_ASTRO_GAIN,
  PROP_LSM_SAMPLES,
  PROP_LSM_RIDGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo raster_infos[2] = {
  { "raster-e", N_("Excitatory spikes"), "raster", CEL_PLOT_RASTER, FALSE, N_("Spikes") },
  { "raster-i", N_("Inhibitory spikes"), "raster", CEL_PLOT_RASTER, FALSE, N_("Spikes") },
};
static const CelSeriesInfo rate_e_info = {
  "rate-e", N_("Excitatory rate (Hz)"), "rates", CEL_PLOT_LINE, FALSE, N_("Population rates (Hz)")
};
static const CelSeriesInfo rate_i_info = {
  "rate-i", N_("Inhibitory rate (Hz)"), "rates", CEL_PLOT_LINE, FALSE, N_("Population rates (Hz)")
};
static const CelSeriesInfo isi_cv_info = {
  "isi-cv", N_("ISI coefficient of variation"), "isi-cv", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo branching_info = {
  "branching", N_("Branching factor"), "branching", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo depression_info = {
  "depression", N_("STDP depression amplitude"), "plasticity", CEL_PLOT_LINE, FALSE
};

static const CelFieldInfo field_infos[] = {
  { "potential", N_("Membrane potential"), CEL_FIELD_SCALAR, 0, (float) V_MIN, (float) V_MAX, NULL },
};

GType
cel_snn_synapses_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_SNN_COBA, N_("Conductances (COBA)"), "coba" },
    { CEL_SNN_CUBA, N_("Currents (CUBA)"), "cuba" },
    { CEL_SNN_DELTA, N_("Potential jumps (delta)"), "delta" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelSnnSynapses", values);
}

GType
cel_snn_input_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_SNN_INPUT_NONE, N_("None"), "none" },
    { CEL_SNN_INPUT_DIGITS, N_("Handwritten digits"), "digits" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelSnnInput", values);
}

GType
cel_snn_connectivity_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_SNN_RANDOM, N_("Random"), "random" },
    { CEL_SNN_DISTANCE, N_("Distance-dependent"), "distance" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelSnnConnectivity", values);
}

GType
cel_snn_neuron_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_SNN_LIF, N_("Leaky integrate-and-fire"), "lif" },
    { CEL_SNN_IZHIKEVICH, N_("Izhikevich"), "izhikevich" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelSnnNeuron", values);
}

GType
cel_snn_brush_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_SNN_BRUSH_STIMULUS, N_("Drive while held"), "stimulus" },
    { CEL_SNN_BRUSH_POTENTIAL, N_("Set the potential"), "potential" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelSnnBrush", values);
}

/* Network ------------------------------------------------------------------ */

static void
net_clear (CelSnnNet *net)
{
  g_clear_pointer (&net->v, g_free);
  g_clear_pointer (&net->u, g_free);
  g_clear_pointer (&net->ge, g_free);
  g_clear_pointer (&net->gi, g_free);
  g_clear_pointer (&net->refractory, g_free);
  g_clear_pointer (&net->last_spike, g_free);
  g_clear_pointer (&net->offsets, g_free);
  g_clear_pointer (&net->targets, g_free);
  g_clear_pointer (&net->weights, g_free);
  g_clear_pointer (&net->pending_e, g_free);
  g_clear_pointer (&net->pending_i, g_free);
  g_clear_pointer (&net->stimulated, g_free);
  net->n = net->n_exc = net->n_input = 0;
  net->delay = 0;
}

/* Allocates the per-neuron arrays of an n-neuron network (targets left
 * NULL). */
static void
net_alloc (CelSnnNet *net, guint n, guint n_exc, guint n_input)
{
  net_clear (net);
  net->n = n;
  net->n_exc = n_exc;
  net->n_input = n_input;
  net->v = g_new0 (double, MAX (n, 1));
  net->u = g_new0 (double, MAX (n, 1));
  net->ge = g_new0 (double, MAX (n, 1));
  net->gi = g_new0 (double, MAX (n, 1));
  net->refractory = g_new0 (guint32, MAX (n, 1));
  net->last_spike = g_new (gint64, MAX (n, 1));
  net->offsets = g_new0 (guint32, n + n_input + 1);
  for (guint i = 0; i < n; i++)
    net->last_spike[i] = -1;
}

/* Targets of every neuron: each j ≠ i independently with probability p,
 * drawn by geometric skips over the candidates. */
static void
connect_random (CelSnnNet *net, double p, CelRng *rng)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = net->n;
  double log_q = p < 1.0 ? log1p (-p) : 0.0;

  for (guint i = 0; i < n; i++)
    {
      net->offsets[i] = targets->len;
      if (p > 0.0 && n > 1)
        {
          /* Candidates are 0 … n − 2, mapped past i. */
          double c = -1.0;

          for (;;)
            {
              if (p >= 1.0)
                c += 1.0;
              else
                c += 1.0 + floor (log (1.0 - cel_rng_uniform (rng)) / log_q);
              if (c >= n - 1)
                break;
              {
                guint32 j = (guint32) c;

                if (j >= i)
                  j++;
                g_array_append_val (targets, j);
              }
            }
        }
    }
  net->offsets[n] = targets->len;
  net->targets = (guint32 *) g_array_free (targets, FALSE);
}

/* Appends the synapses of the input neurons (sources n … n + n_input − 1):
 * each to each network neuron independently with probability p. */
static void
connect_input (CelSnnNet *net, double p, CelRng *rng)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 first = net->offsets[net->n];

  g_array_append_vals (targets, net->targets, first);
  g_free (net->targets);
  for (guint k = 0; k < net->n_input; k++)
    {
      net->offsets[net->n + k] = targets->len;
      for (guint32 j = 0; j < net->n; j++)
        if (cel_rng_uniform (rng) < p)
          g_array_append_val (targets, j);
    }
  net->offsets[net->n + net->n_input] = targets->len;
  net->targets = (guint32 *) g_array_free (targets, FALSE);
}

/* The weight of a synapse from each population, as the parameters say:
 * nS (COBA), or mV with the sign of its effect; the input's excites. */
static void
population_jumps (CelSnn *self, double jump[3])
{
  gboolean coba = self->synapses == CEL_SNN_COBA;

  jump[0] = coba ? self->w_e : self->j_e;
  jump[1] = coba ? self->w_i : -self->j_i;
  jump[2] = self->input_w;
}

/* The sources of population pop (2: the input) are first … last − 1. */
static void
population_range (const CelSnnNet *net, guint pop, guint *first, guint *last)
{
  *first = pop == 0 ? 0 : pop == 1 ? net->n_exc : net->n;
  *last = pop == 0 ? net->n_exc : pop == 1 ? net->n : net->n + net->n_input;
}

/* Gives every synapse its population's weight. */
static void
weights_fill (CelSnn *self)
{
  CelSnnNet *net = &self->net;

  population_jumps (self, self->built_jump);
  for (guint i = 0; i < net->n + net->n_input; i++)
    {
      float w = (float) self->built_jump[i < net->n_exc ? 0 : i < net->n ? 1 : 2];

      for (guint32 e = net->offsets[i]; e < net->offsets[i + 1]; e++)
        net->weights[e] = w;
    }
}

/* Follows a change of a population weight made since the synapses were
 * built: every synapse of that population is scaled by the ratio (so
 * weights that plasticity has spread keep their proportions), or set to
 * the new weight where the old one was 0. */
static void
weights_sync (CelSnn *self)
{
  CelSnnNet *net = &self->net;
  double jump[3];

  population_jumps (self, jump);
  for (guint pop = 0; pop < 3; pop++)
    {
      guint first, last;
      double ratio = self->built_jump[pop] != 0.0 ? jump[pop] / self->built_jump[pop] : 0.0;

      if (jump[pop] == self->built_jump[pop])
        continue;
      population_range (net, pop, &first, &last);
      for (guint32 e = net->offsets[first]; e < net->offsets[last]; e++)
        net->weights[e] = self->built_jump[pop] != 0.0 ? (float) (net->weights[e] * ratio)
                                                       : (float) jump[pop];
      self->built_jump[pop] = jump[pop];
    }
}

static void
constants (CelSnn *self, CelSnnConstants *k)
{
  static const CelSnnKind kinds[] = {
    [CEL_SNN_COBA] = CEL_SNN_KIND_COBA,
    [CEL_SNN_CUBA] = CEL_SNN_KIND_CUBA,
    [CEL_SNN_DELTA] = CEL_SNN_KIND_DELTA,
  };

  *k = (CelSnnConstants) {
    .kind = kinds[self->synapses],
    .dt = self->reset_dt,
    .tau_e = self->tau_e,
    .tau_i = self->tau_i,
    .capacitance = self->capacitance,
    .leak = self->leak,
    .rest = self->rest,
    .threshold = self->threshold,
    .reset = self->reset,
    .e_exc = self->e_exc,
    .e_inh = self->e_inh,
    .bias = self->bias,
    .stim_mean = self->stimulus * self->reset_dt * 1e-3,
    .stim_weight = self->synapses == CEL_SNN_COBA ? self->w_e : self->j_e,
    .refractory_steps = (guint32) lround (self->refractory / self->reset_dt),
  };
  for (guint pop = 0; pop < 2; pop++)
    k->pop[pop] = (CelSnnPopulation) {
      .izhikevich = self->neuron[pop] == CEL_SNN_IZHIKEVICH,
      .a = self->izh[pop][0],
      .b = self->izh[pop][1],
      .c = self->izh[pop][2],
      .d = self->izh[pop][3],
      .ext_mean = self->ext_rate[pop] * self->reset_dt * 1e-3,
      .ext_weight = self->ext_rate[pop] > 0.0 ? self->ext_w[pop] : 0.0,
    };
}

/* Appends the rates of the bin just filled, through the exponential filter
 * r ← a r + (1 − a) x, a = e^(−bin/τ) (the first bin as it is). */
static void
plot_rates (CelSnn *self, double t)
{
  double width = self->bin_steps * self->reset_dt;  /* ms */
  double a = self->rate_smoothing > 0.0 ? exp (-width / self->rate_smoothing) : 0.0;
  guint n_inh = self->net.n - self->net.n_exc;
  double x[2] = {
    self->net.n_exc ? self->bin_spikes[0] / (self->net.n_exc * width * 1e-3) : 0.0,
    n_inh ? self->bin_spikes[1] / (n_inh * width * 1e-3) : 0.0,
  };

  for (guint pop = 0; pop < 2; pop++)
    self->rate_smooth[pop] = self->rate_primed ? a * self->rate_smooth[pop] + (1.0 - a) * x[pop]
                                               : x[pop];
  self->rate_primed = TRUE;
  cel_series_append (self->rate_e, t, self->rate_smooth[0]);
  cel_series_append (self->rate_i, t, self->rate_smooth[1]);
}

/* The transmission delay in whole steps, at least one. */
static guint32
delay_steps (double delay, double dt)
{
  return (guint32) MAX (lround (delay / dt), 1);
}

/* The canvas: `layers` slices of columns × layer_rows cells stacked
 * vertically (columns 0: as square as the neurons allow). */
static void
layout_size (guint n, guint columns, guint layers, guint *out_columns, guint *out_layer_rows)
{
  double per_layer = ceil ((double) MAX (n, 1) / MAX (layers, 1));

  *out_columns = columns > 0 ? columns : MAX ((guint) ceil (sqrt (per_layer)), 1);
  *out_layer_rows = MAX ((guint) ceil (per_layer / *out_columns), 1);
}

/* Sets the canvas from self->columns, layers, layer_rows and cell_of. */
static void
layout_index (CelSnn *self)
{
  gsize cells;

  self->rows = self->layer_rows * self->layers;
  cells = (gsize) self->columns * self->rows;
  g_free (self->neuron_at);
  self->neuron_at = g_new (guint32, cells);
  for (gsize c = 0; c < cells; c++)
    self->neuron_at[c] = NO_NEURON;
  for (guint i = 0; i < self->net.n; i++)
    self->neuron_at[self->cell_of[i]] = i;
}

/* Places the neurons: in index order (excitatory first), or, for
 * distance-dependent connectivity, at random cells so that the inhibitory
 * neurons are spread among the excitatory ones (as in Maass et al. 2002). */
static void
layout (CelSnn *self, CelRng *rng)
{
  guint n = self->net.n;

  self->layers = self->layers_param;
  layout_size (n, self->columns_param, self->layers, &self->columns, &self->layer_rows);
  g_free (self->cell_of);
  self->cell_of = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    self->cell_of[i] = i;
  if (self->connectivity == CEL_SNN_DISTANCE)
    for (guint i = n; i > 1; i--)
      {
        guint j = cel_rng_below (rng, i);
        guint32 t = self->cell_of[i - 1];

        self->cell_of[i - 1] = self->cell_of[j];
        self->cell_of[j] = t;
      }
  layout_index (self);
}

/* Grid coordinates of the neuron in canvas cell c. */
static void
cell_position (CelSnn *self, guint32 c, gint *x, gint *y, gint *z)
{
  guint row = c / self->columns;

  *x = (gint) (c % self->columns);
  *y = (gint) (row % self->layer_rows);
  *z = (gint) (row / self->layer_rows);
}

/* Targets of every neuron: each j ≠ i with probability
 * C[type i][type j] e^(−(d/λ)²), d their distance on the grid, for the
 * cells within DISTANCE_CUTOFF λ. */
static void
connect_distance (CelSnn *self, CelRng *rng)
{
  CelSnnNet *net = &self->net;
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (guint32));
  double cutoff = DISTANCE_CUTOFF * self->lambda;
  gint reach = (gint) floor (cutoff);

  for (guint i = 0; i < net->n; i++)
    {
      guint ti = i < net->n_exc ? 0 : 1;
      gint xi, yi, zi;

      net->offsets[i] = targets->len;
      cell_position (self, self->cell_of[i], &xi, &yi, &zi);
      for (gint z = MAX (zi - reach, 0); z <= MIN (zi + reach, (gint) self->layers - 1); z++)
        for (gint y = MAX (yi - reach, 0); y <= MIN (yi + reach, (gint) self->layer_rows - 1); y++)
          for (gint x = MAX (xi - reach, 0); x <= MIN (xi + reach, (gint) self->columns - 1); x++)
            {
              guint32 c = ((guint32) z * self->layer_rows + (guint32) y) * self->columns + (guint32) x;
              guint32 j = self->neuron_at[c];
              double d2 = (double) (x - xi) * (x - xi) + (double) (y - yi) * (y - yi)
                          + (double) (z - zi) * (z - zi);
              double prob;

              if (j == NO_NEURON || j == i || d2 > cutoff * cutoff)
                continue;
              prob = self->c_pair[ti][j < net->n_exc ? 0 : 1] * exp (-d2 / (self->lambda * self->lambda));
              if (cel_rng_uniform (rng) < prob)
                g_array_append_val (targets, j);
            }
    }
  net->offsets[net->n] = targets->len;
  net->targets = (guint32 *) g_array_free (targets, FALSE);
}

static void
cel_snn_reset (CelModel *model)
{
  CelSnn *self = CEL_SNN (model);
  CelRng *rng = cel_model_get_rng (model);
  guint n = self->n_exc + self->n_inh;

  if (self->input == CEL_SNN_INPUT_DIGITS && self->digits == NULL)
    {
      g_autoptr (GError) error = NULL;

      /* The images are compiled in: only a damaged build lacks them. */
      self->digits = cel_snn_digits_load (&error);
      if (self->digits == NULL)
        g_critical ("snn: %s", error->message);
    }
  net_alloc (&self->net, n, self->n_exc,
             self->input == CEL_SNN_INPUT_DIGITS && self->digits != NULL ? CEL_SNN_DIGITS_PIXELS : 0);
  layout (self, rng);
  if (self->connectivity == CEL_SNN_DISTANCE)
    connect_distance (self, rng);
  else
    connect_random (&self->net, self->p, rng);
  connect_input (&self->net, self->input_p, rng);
  self->net.weights = g_new (float, MAX (self->net.offsets[n + self->net.n_input], 1));
  weights_fill (self);
  cel_snn_net_set_delay (&self->net, delay_steps (self->delay, self->dt));
  for (guint i = 0; i < n; i++)
    {
      double lo = MIN (self->reset, self->threshold), hi = MAX (self->reset, self->threshold);
      guint pop = i < self->n_exc ? 0 : 1;

      if (self->neuron[pop] == CEL_SNN_IZHIKEVICH)
        {
          /* Izhikevich's (2003) initial state: v = −65 mV, u = b v. */
          self->net.v[i] = IZHIKEVICH_START;
          self->net.u[i] = self->izh[pop][1] * IZHIKEVICH_START;
        }
      else
        self->net.v[i] = lo + cel_rng_uniform (rng) * (hi - lo);
      if (self->synapses == CEL_SNN_COBA)
        {
          self->net.ge[i] = MAX (4.0 + 1.5 * cel_rng_normal (rng), 0.0);
          self->net.gi[i] = MAX (20.0 + 12.0 * cel_rng_normal (rng), 0.0);
        }
    }
  g_free (self->spikes);
  self->spikes = g_new (guint32, MAX (n + self->net.n_input, 1));
  g_free (self->input_spikes);
  self->input_spikes = g_new (guint32, MAX (self->net.n_input, 1));
  self->reset_dt = self->dt;
  self->bin_steps = MAX ((guint32) lround (RATE_BIN_MS / self->dt), 1);
  self->bin_filled = 0;
  self->bin_spikes[0] = self->bin_spikes[1] = 0;
  self->rate_primed = FALSE;
  self->total_spikes[0] = self->total_spikes[1] = 0;
  self->total_events = 0;
  g_clear_pointer (&self->stats, cel_snn_stats_free);
  g_clear_pointer (&self->stdp, cel_snn_stdp_free);
}

static double
time_of (CelSnn *self, guint64 step)
{
  return (double) step * self->reset_dt;
}

typedef struct {
  gint64  step;
  guint32 neuron;
} StoredSpike;

static int
compare_spikes (gconstpointer a, gconstpointer b)
{
  const StoredSpike *x = a, *y = b;

  if (x->step != y->step)
    return x->step < y->step ? -1 : 1;
  return x->neuron < y->neuron ? -1 : x->neuron > y->neuron;
}

/* (Re)makes the estimators of the ISI CV and branching factor and feeds
 * them the spikes the rasters hold, so that a loaded state (whose rasters
 * are restored after the model) resumes the same estimates as long as the
 * rasters reach back over the window. */
static void
stats_rebuild (CelSnn *self)
{
  g_autoptr (GArray) stored = g_array_new (FALSE, FALSE, sizeof (StoredSpike));
  g_autoptr (GError) error = NULL;
  guint32 *batch = self->spikes;

  g_clear_pointer (&self->stats, cel_snn_stats_free);
  self->stats = cel_snn_stats_new (MAX (self->net.n, 1), self->reset_dt, self->stats_window,
                                   &error);
  /* The parameters' ranges keep every value valid: 10 to 5000 ms at steps
   * of 1 µs to 1 ms is 10 to 5 · 10⁶ steps, within the estimator's 1 to
   * 10⁷, and 4 ms is 4 to 4000 steps. */
  g_assert_no_error (error);
  /* The live plot samples the neurons, which keeps its cost a few percent
   * of the simulation's (COBA: every 8th neuron); the readout analysis
   * (which forces the digit shown, on its own copy of the model) counts
   * every neuron. */
  if (self->net.n > 0)
    {
      guint stride = self->forced_digit >= 0 ? 1 : MAX (self->net.n / BRANCHING_SAMPLE, 1);

      cel_snn_stats_set_graph (self->stats, self->net.offsets, self->net.targets,
                               BRANCHING_SPAN_MS, stride, &error);
      g_assert_no_error (error);
    }
  self->stats_built = self->stats_window;
  for (guint pop = 0; pop < 2; pop++)
    {
      const CelPoint2 *points;
      guint n_points;

      points = cel_series_get_points (self->raster[pop], &n_points);
      for (guint i = 0; i < n_points; i++)
        {
          StoredSpike spike = { llround (points[i].x / self->reset_dt), (guint32) points[i].y };

          if (spike.step > 0 && points[i].y >= 0 && spike.neuron < self->net.n)
            g_array_append_val (stored, spike);
        }
    }
  g_array_sort (stored, compare_spikes);
  for (guint i = 0; i < stored->len;)
    {
      const StoredSpike *first = &g_array_index (stored, StoredSpike, i);
      guint n = 0;

      while (i < stored->len && g_array_index (stored, StoredSpike, i).step == first->step)
        {
          guint32 neuron = g_array_index (stored, StoredSpike, i).neuron;

          if (n == 0 || batch[n - 1] != neuron)
            batch[n++] = neuron;
          i++;
        }
      cel_snn_stats_add_step (self->stats, first->step, batch, n);
    }
}

static void
stdp_params (CelSnn *self, CelSnnStdpParams *params)
{
  *params = (CelSnnStdpParams) {
    .a_plus = self->stdp_a_plus,
    .a_minus = self->stdp_a_minus,
    .tau_plus = self->stdp_tau_plus,
    .tau_minus = self->stdp_tau_minus,
    .w_max = self->stdp_w_max,
    .astrocyte = self->astrocyte,
    .tau_astro = self->astro_tau,
    .astro_gain = self->astro_gain,
  };
}

static gboolean
same_stdp_params (const CelSnnStdpParams *a, const CelSnnStdpParams *b)
{
  return a->a_plus == b->a_plus && a->a_minus == b->a_minus && a->tau_plus == b->tau_plus
         && a->tau_minus == b->tau_minus && a->w_max == b->w_max && a->astrocyte == b->astrocyte
         && a->tau_astro == b->tau_astro && a->astro_gain == b->astro_gain;
}

/* Makes the plasticity follow the parameters: none while no projection
 * learns; otherwise a rule over the network and its input (the input's
 * synapses stay fixed) whose traces start again whenever the rule or the
 * learning projections change. The weights are kept either way. */
static void
stdp_sync (CelSnn *self)
{
  CelSnnNet *net = &self->net;
  CelSnnStdpParams params;
  g_autofree guint8 *plastic = NULL;

  if (!self->stdp_ee && !self->stdp_ei)
    {
      g_clear_pointer (&self->stdp, cel_snn_stdp_free);
      return;
    }
  stdp_params (self, &params);
  if (self->stdp != NULL && same_stdp_params (&params, &self->stdp_built)
      && self->stdp_built_ee == self->stdp_ee && self->stdp_built_ei == self->stdp_ei)
    return;
  plastic = g_malloc0 (MAX (net->offsets[net->n + net->n_input], 1));
  for (guint i = 0; i < net->n_exc; i++)
    for (guint32 e = net->offsets[i]; e < net->offsets[i + 1]; e++)
      plastic[e] = net->targets[e] < net->n_exc ? self->stdp_ee : self->stdp_ei;
  g_clear_pointer (&self->stdp, cel_snn_stdp_free);
  self->stdp = cel_snn_stdp_new (net->n + net->n_input, net->offsets, net->targets, plastic, &params);
  self->stdp_built = params;
  self->stdp_built_ee = self->stdp_ee;
  self->stdp_built_ei = self->stdp_ei;
}

/* The input neurons that fire in `step`: those of the image shown then
 * (each in turn for the presentation time, or the forced one), as Poisson
 * processes; written to self->input_spikes as sources n + pixel. */
static guint
input_step (CelSnn *self, guint64 step, CelRng *rng)
{
  CelSnnNet *net = &self->net;
  guint64 steps = MAX ((guint64) llround (self->presentation / self->reset_dt), 1);
  guint image = self->forced_digit >= 0 ? (guint) self->forced_digit
                                         : (guint) ((step - 1) / steps % self->digits->n);
  double rates[CEL_SNN_DIGITS_PIXELS];
  guint n;

  cel_snn_digits_rates (self->digits, image, self->input_rate, rates);
  n = cel_snn_poisson_step (rates, net->n_input, self->reset_dt, rng, self->input_spikes);
  for (guint s = 0; s < n; s++)
    self->input_spikes[s] += net->n;
  return n;
}

static guint64
cel_snn_step (CelModel      *model,
              guint64        n,
              GCancellable  *cancellable,
              GError       **error)
{
  CelSnn *self = CEL_SNN (model);
  CelRng *rng = cel_model_get_rng (model);
  CelSnnConstants k;
  guint64 first = cel_model_get_step (model);
  guint64 stats_every = MAX ((guint64) llround (STATS_EVERY_MS / self->reset_dt), 1);
  guint64 done;

  constants (self, &k);
  weights_sync (self);
  stdp_sync (self);
  if (self->stats == NULL || self->stats_built != self->stats_window)
    stats_rebuild (self);
  for (done = 0; done < n; done++)
    {
      guint64 step = first + done + 1;
      double t = time_of (self, step);
      guint n_spikes;

      if (done % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      n_spikes = cel_snn_engine_step (&self->net, &k, (gint64) step, rng, self->spikes);
      for (guint s = 0; s < n_spikes; s++)
        {
          guint32 i = self->spikes[s];
          guint pop = i < self->net.n_exc ? 0 : 1;

          self->bin_spikes[pop]++;
          self->total_spikes[pop]++;
          if (self->counts != NULL)
            self->counts[i]++;
          self->total_events += self->net.offsets[i + 1] - self->net.offsets[i];
          cel_series_append (self->raster[pop], t, i);
        }
      if (n_spikes > 0)
        cel_snn_stats_add_step (self->stats, (gint64) step, self->spikes, n_spikes);
      if (step % stats_every == 0)
        {
          double cv, sigma;

          if (cel_snn_stats_isi_cv (self->stats, &cv, NULL))
            cel_series_append (self->isi_cv, t, cv);
          if (cel_snn_stats_descendants (self->stats, &sigma, NULL))
            cel_series_append (self->branching, t, sigma);
          if (self->stdp != NULL)
            cel_series_append (self->depression, t, cel_snn_stdp_get_a_minus (self->stdp));
        }
      if (self->net.n_input > 0)
        {
          guint n_input = input_step (self, step, rng);

          cel_snn_engine_deliver (&self->net, &k, (gint64) step, self->input_spikes, n_input);
          for (guint s = 0; s < n_input; s++)
            {
              guint32 i = self->input_spikes[s];

              self->total_events += self->net.offsets[i + 1] - self->net.offsets[i];
              self->spikes[n_spikes + s] = i;
            }
          if (self->stdp != NULL)
            cel_snn_stdp_step (self->stdp, self->net.weights, self->spikes, n_spikes + n_input,
                               n_input, self->net.n_input, self->reset_dt);
        }
      else if (self->stdp != NULL)
        cel_snn_stdp_step (self->stdp, self->net.weights, self->spikes, n_spikes, 0, 0,
                           self->reset_dt);
      if (++self->bin_filled == self->bin_steps)
        {
          plot_rates (self, t);
          self->bin_filled = 0;
          self->bin_spikes[0] = self->bin_spikes[1] = 0;
        }
    }
  return done;
}

static gboolean
cel_snn_validate_param (CelModel      *model,
                        GParamSpec    *pspec,
                        const GValue  *value,
                        GError       **error)
{
  CelSnn *self = CEL_SNN (model);
  double n = (double) self->n_exc + self->n_inh, p = self->p;
  double delay = self->delay, dt = self->dt, lambda = self->lambda, synapses;
  guint layers = self->layers_param, columns = self->columns_param, layer_rows;
  CelSnnConnectivity connectivity = self->connectivity;

  if (pspec == properties[PROP_CONNECTIVITY])
    connectivity = g_value_get_enum (value);
  else if (pspec == properties[PROP_LAMBDA])
    lambda = g_value_get_double (value);
  else if (pspec == properties[PROP_LAYERS])
    layers = g_value_get_uint (value);
  else if (pspec == properties[PROP_COLUMNS])
    columns = g_value_get_uint (value);
  else if (pspec == properties[PROP_N_EXC])
    n = (double) g_value_get_uint (value) + self->n_inh;
  else if (pspec == properties[PROP_N_INH])
    n = (double) self->n_exc + g_value_get_uint (value);
  else if (pspec == properties[PROP_P])
    p = g_value_get_double (value);
  else if (pspec == properties[PROP_DELAY])
    delay = g_value_get_double (value);
  else if (pspec == properties[PROP_DT])
    dt = g_value_get_double (value);
  else
    return TRUE;
  if (delay / dt > MAX_DELAY_STEPS || (double) delay_steps (delay, dt) * n > MAX_PENDING)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: a delay of %.4g ms at steps of %.4g ms for %.0f neurons needs too "
                     "much memory"), pspec->name, delay, dt, n);
      return FALSE;
    }
  if (n < 1.0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("%s: the network needs at least one neuron"), pspec->name);
      return FALSE;
    }
  layout_size ((guint) n, columns, layers, &columns, &layer_rows);
  if ((double) columns * layer_rows * layers > 4.0 * n + 4.0 * columns)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("%s: a grid of %u columns and %u layers leaves most cells empty"),
                   pspec->name, columns, layers);
      return FALSE;
    }
  if (connectivity == CEL_SNN_DISTANCE)
    {
      /* At most every cell within the cut-off, one synapse each. */
      double side = 2.0 * floor (DISTANCE_CUTOFF * lambda) + 1.0;

      synapses = n * MIN (n, side * side * MIN (side, layers));
    }
  else
    synapses = n * n * p;
  if (synapses > CEL_SNN_MAX_SYNAPSES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: about %.3g connections is more than the %.3g allowed"),
                   pspec->name, synapses, CEL_SNN_MAX_SYNAPSES);
      return FALSE;
    }
  return TRUE;
}

static void
cel_snn_get_size (CelModel *model, guint *width, guint *height)
{
  CelSnn *self = CEL_SNN (model);

  *width = self->columns;
  *height = self->rows;
}

/* The neuron painted in a cell of the canvas, or NO_NEURON. */
static guint32
neuron_under (CelSnn *self, const CelCell *cell)
{
  if (cell->x < 0 || cell->y < 0 || (guint) cell->x >= self->columns
      || (guint) cell->y >= self->rows || !isfinite (cell->value))
    return NO_NEURON;
  return self->neuron_at[(gsize) cell->y * self->columns + (guint) cell->x];
}

/* The driving brush: a non-zero value switches the drive on for the
 * painted neurons, zero (the eraser) off. Nothing to undo. */
static void
paint_stimulus (CelSnn *self, const CelCell *cells, gsize n_cells)
{
  for (gsize c = 0; c < n_cells; c++)
    {
      guint32 i = neuron_under (self, &cells[c]);

      if (i == NO_NEURON)
        continue;
      if (self->net.stimulated == NULL)
        self->net.stimulated = g_new0 (guint8, MAX (self->net.n, 1));
      self->net.stimulated[i] = cells[c].value != 0.0f;
    }
}

static void
cel_snn_release_brush (CelModel *model)
{
  CelSnn *self = CEL_SNN (model);

  g_clear_pointer (&self->net.stimulated, g_free);
}

static void
cel_snn_paint_cells (CelModel      *model,
                     const CelCell *cells,
                     gsize          n_cells,
                     GArray        *undo)
{
  CelSnn *self = CEL_SNN (model);
  g_autoptr (GHashTable) recorded = NULL;

  if (self->brush == CEL_SNN_BRUSH_STIMULUS)
    {
      paint_stimulus (self, cells, n_cells);
      return;
    }
  recorded = undo ? g_hash_table_new (NULL, NULL) : NULL;
  for (gsize c = 0; c < n_cells; c++)
    {
      guint32 i = neuron_under (self, &cells[c]);

      if (i == NO_NEURON)
        continue;
      /* Only the first touch records the old potential, so that painting
       * the undo array back in order restores it. */
      if (undo && !g_hash_table_contains (recorded, GSIZE_TO_POINTER (i + 1)))
        {
          CelCell previous = { cells[c].x, cells[c].y, (float) self->net.v[i] };

          g_hash_table_add (recorded, GSIZE_TO_POINTER (i + 1));
          g_array_append_val (undo, previous);
        }
      self->net.v[i] = CLAMP ((double) cells[c].value, V_MIN, self->threshold);
      if (self->net.v[i] >= self->threshold)
        {
          self->net.refractory[i] = 0;
          /* An Izhikevich neuron fires at its own cut-off. */
          if (self->neuron[i < self->net.n_exc ? 0 : 1] == CEL_SNN_IZHIKEVICH)
            self->net.v[i] = CEL_SNN_IZHIKEVICH_PEAK;
        }
    }
}

static guint
cel_snn_get_n_fields (CelModel *model)
{
  return G_N_ELEMENTS (field_infos);
}

static const CelFieldInfo *
cel_snn_get_field_info (CelModel *model, guint index)
{
  return &field_infos[0];
}

/* The sheet's colour scale: from as far below the lower of rest and reset
 * as threshold is above it, up to a spike's flash, a quarter of that range
 * above threshold, so that spikes stand out above every potential below
 * threshold (Izhikevich neurons: from V_MIN, flashing at their cut-off). */
static void
sheet_scale (CelSnn *self, double *low, double *flash)
{
  double floor_v = MIN (self->rest, self->reset);
  double span = MAX (self->threshold - floor_v, 1.0);

  *low = floor_v - span;
  *flash = self->threshold + 0.25 * (self->threshold - *low);
  if (self->neuron[0] == CEL_SNN_IZHIKEVICH || self->neuron[1] == CEL_SNN_IZHIKEVICH)
    {
      *low = MIN (*low, V_MIN);
      *flash = MAX (*flash, CEL_SNN_IZHIKEVICH_PEAK);
    }
}

static CelFrame *
cel_snn_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelSnn *self = CEL_SNN (model);
  gint64 now = (gint64) cel_model_get_step (model);
  gint64 x0 = 0, y0 = 0, x1 = self->columns, y1 = self->rows;
  gint64 flash_steps = MAX (lround (FLASH_MS / self->reset_dt), 1);
  double low, flash;
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
  sheet_scale (self, &low, &flash);
  frame->vmin = (float) low;
  frame->vmax = (float) flash;
  for (gint64 y = y0; y < y1; y++)
    {
      float *out = (float *) (frame->data + (gsize) (y - y0) * frame->stride);

      for (gint64 x = x0; x < x1; x++)
        {
          guint32 i = self->neuron_at[(gsize) y * self->columns + (gsize) x];

          if (i == NO_NEURON)
            out[x - x0] = NAN;
          else if (self->net.last_spike[i] >= 0 && now - self->net.last_spike[i] < flash_steps)
            out[x - x0] = (float) flash;
          else
            out[x - x0] = (float) self->net.v[i];
        }
    }
  return frame;
}

/* State -------------------------------------------------------------------- *
 *
 * { "neurons": N, "excitatory": N_E, "synapses": S, "dt": the reset's dt,
 *   "columns", "layers", "layer-rows": the canvas, "cells": N uint32, the
 *   canvas cell of each neuron,
 *   "delay": D steps, "weight-e", "weight-i", "weight-input": the weights the
 *   synapses were built with,
 *   "bin-filled", "bin-spikes-e", "bin-spikes-i", "spikes-e", "spikes-i",
 *   "events": spikes delivered to synapses, once a rate was plotted
 *   "rate-e", "rate-i": the smoothed rates (Hz),
 *   "v", "u", "ge", "gi": N doubles each, "refractory": N uint32,
 *   "last-spike": N int64, "offsets": N + 1 uint32, "targets": S uint32,
 *   "weights": S float32, "pending-e", "pending-i": D × N doubles,
 *   "inputs": N_in input neurons, sources N … N + N_in − 1 of the offsets;
 *   while plasticity is on, "stdp-pre", "stdp-post": its traces, N + N_in
 *   doubles each, and "astrocyte",
 *   all little-endian in cel-blob strings } */

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_blob (JsonBuilder *b, const char *member, const void *values, gsize n, gsize size)
{
  g_autofree char *text = cel_blob_encode_words (values, n, size);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

static JsonNode *
cel_snn_save_state (CelModel *model)
{
  CelSnn *self = CEL_SNN (model);
  CelSnnNet *net = &self->net;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint sources = net->n + net->n_input;
  gsize s = net->offsets[sources];

  json_builder_begin_object (b);
  add_int (b, "neurons", net->n);
  add_int (b, "excitatory", net->n_exc);
  add_int (b, "inputs", net->n_input);
  add_int (b, "synapses", (gint64) s);
  json_builder_set_member_name (b, "dt");
  json_builder_add_double_value (b, self->reset_dt);
  add_int (b, "delay", net->delay);
  add_int (b, "columns", self->columns);
  add_int (b, "layers", self->layers);
  add_int (b, "layer-rows", self->layer_rows);
  add_blob (b, "cells", self->cell_of, net->n, 4);
  json_builder_set_member_name (b, "weight-e");
  json_builder_add_double_value (b, self->built_jump[0]);
  json_builder_set_member_name (b, "weight-i");
  json_builder_add_double_value (b, self->built_jump[1]);
  json_builder_set_member_name (b, "weight-input");
  json_builder_add_double_value (b, self->built_jump[2]);
  add_int (b, "bin-filled", self->bin_filled);
  add_int (b, "bin-spikes-e", (gint64) self->bin_spikes[0]);
  add_int (b, "bin-spikes-i", (gint64) self->bin_spikes[1]);
  if (self->rate_primed)
    {
      json_builder_set_member_name (b, "rate-e");
      json_builder_add_double_value (b, self->rate_smooth[0]);
      json_builder_set_member_name (b, "rate-i");
      json_builder_add_double_value (b, self->rate_smooth[1]);
    }
  add_int (b, "spikes-e", (gint64) self->total_spikes[0]);
  add_int (b, "spikes-i", (gint64) self->total_spikes[1]);
  add_int (b, "events", (gint64) self->total_events);
  add_blob (b, "v", net->v, net->n, 8);
  add_blob (b, "u", net->u, net->n, 8);
  add_blob (b, "ge", net->ge, net->n, 8);
  add_blob (b, "gi", net->gi, net->n, 8);
  add_blob (b, "refractory", net->refractory, net->n, 4);
  add_blob (b, "last-spike", net->last_spike, net->n, 8);
  add_blob (b, "offsets", net->offsets, sources + 1, 4);
  add_blob (b, "targets", net->targets, s, 4);
  add_blob (b, "weights", net->weights, s, 4);
  add_blob (b, "pending-e", net->pending_e, (gsize) net->delay * net->n, 8);
  add_blob (b, "pending-i", net->pending_i, (gsize) net->delay * net->n, 8);
  if (self->stdp != NULL)
    {
      const double *x_pre, *x_post;
      double astrocyte;

      cel_snn_stdp_get_state (self->stdp, &x_pre, &x_post, &astrocyte);
      add_blob (b, "stdp-pre", x_pre, sources, 8);
      add_blob (b, "stdp-post", x_post, sources, 8);
      json_builder_set_member_name (b, "astrocyte");
      json_builder_add_double_value (b, astrocyte);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_snn_load_state (CelModel    *model,
                    JsonObject  *state,
                    GError     **error)
{
  CelSnn *self = CEL_SNN (model);
  gint64 neurons, excitatory, inputs, synapses, delay, filled, bin_e, bin_i, total_e, total_i;
  gint64 columns, layers, layer_rows, events;
  g_autofree guint32 *cells = NULL;
  g_autofree guint8 *taken = NULL;
  double dt, built_e, built_i, built_input, astrocyte = 0.0, rates[2] = { 0.0, 0.0 };
  gboolean primed;
  g_autofree double *stdp_pre = NULL;
  g_autofree double *stdp_post = NULL;
  CelSnnNet net = { 0 };

  if (!cel_json_get_int (state, "neurons", 1, 2 * CEL_SNN_MAX_NEURONS, &neurons, error)
      || !cel_json_get_int (state, "excitatory", 0, neurons, &excitatory, error)
      || !cel_json_get_int (state, "inputs", 0, CEL_SNN_DIGITS_PIXELS, &inputs, error)
      || !cel_json_get_int (state, "synapses", 0, (gint64) CEL_SNN_MAX_SYNAPSES, &synapses, error)
      || !cel_json_get_double (state, "dt", 0.001, 1.0, &dt, error)
      || !cel_json_get_int (state, "delay", 1, MAX_DELAY_STEPS, &delay, error)
      || !cel_json_get_int (state, "columns", 1, 2 * CEL_SNN_MAX_NEURONS, &columns, error)
      || !cel_json_get_int (state, "layers", 1, MAX_LAYERS, &layers, error)
      || !cel_json_get_int (state, "layer-rows", 1, 2 * CEL_SNN_MAX_NEURONS, &layer_rows, error)
      || !cel_json_get_double (state, "weight-e", -1000.0, 1000.0, &built_e, error)
      || !cel_json_get_double (state, "weight-i", -1000.0, 1000.0, &built_i, error)
      || !cel_json_get_double (state, "weight-input", -1000.0, 1000.0, &built_input, error)
      || !cel_json_get_int (state, "bin-filled", 0, G_MAXUINT32, &filled, error)
      || !cel_json_get_int (state, "bin-spikes-e", 0, G_MAXINT64, &bin_e, error)
      || !cel_json_get_int (state, "bin-spikes-i", 0, G_MAXINT64, &bin_i, error)
      || !cel_json_get_int (state, "spikes-e", 0, G_MAXINT64, &total_e, error)
      || !cel_json_get_int (state, "spikes-i", 0, G_MAXINT64, &total_i, error)
      || !cel_json_get_int (state, "events", 0, G_MAXINT64, &events, error))
    return FALSE;
  primed = json_object_has_member (state, "rate-e");
  if (primed
      && (!cel_json_get_double (state, "rate-e", 0.0, 1e7, &rates[0], error)
          || !cel_json_get_double (state, "rate-i", 0.0, 1e7, &rates[1], error)))
    return FALSE;
  if (neurons != (gint64) self->n_exc + self->n_inh)
    return cel_json_error (error, "neurons", _("does not match the parameters"));
  if (excitatory != self->n_exc)
    return cel_json_error (error, "excitatory", _("does not match the parameters"));
  if (inputs != (self->input == CEL_SNN_INPUT_DIGITS && self->digits != NULL ? CEL_SNN_DIGITS_PIXELS : 0))
    return cel_json_error (error, "inputs", _("does not match the parameters"));
  if (filled >= MAX (lround (RATE_BIN_MS / dt), 1))
    return cel_json_error (error, "bin-filled", _("is not less than the steps of a rate bin"));
  if (columns * layer_rows * layers < neurons || columns * layer_rows * layers > 4 * neurons + 4 * columns)
    return cel_json_error (error, "layer-rows", _("does not fit the neurons"));
  cells = cel_json_get_words (state, "cells", (gsize) neurons, 4, error);
  if (cells == NULL)
    return FALSE;
  taken = g_malloc0 ((gsize) (columns * layer_rows * layers));
  for (gint64 i = 0; i < neurons; i++)
    {
      if (cells[i] >= columns * layer_rows * layers || taken[cells[i]])
        return cel_json_error (error, "cells", _("do not give each neuron a cell of its own"));
      taken[cells[i]] = 1;
    }

  net.n = (guint) neurons;
  net.n_exc = (guint) excitatory;
  net.n_input = (guint) inputs;
  net.delay = (guint32) delay;
  if ((net.v = cel_json_get_doubles (state, "v", net.n, error)) == NULL
      || (net.u = cel_json_get_doubles (state, "u", net.n, error)) == NULL
      || (net.ge = cel_json_get_doubles (state, "ge", net.n, error)) == NULL
      || (net.gi = cel_json_get_doubles (state, "gi", net.n, error)) == NULL
      || (net.refractory = cel_json_get_words (state, "refractory", net.n, 4, error)) == NULL
      || (net.last_spike = cel_json_get_words (state, "last-spike", net.n, 8, error)) == NULL
      || (net.offsets = cel_json_get_words (state, "offsets", net.n + net.n_input + 1, 4,
                                            error)) == NULL
      || (net.targets = cel_json_get_words (state, "targets", (gsize) synapses, 4, error)) == NULL
      || (net.weights = cel_json_get_words (state, "weights", (gsize) synapses, 4, error)) == NULL
      || (net.pending_e = cel_json_get_doubles (state, "pending-e", (gsize) net.delay * net.n,
                                                error)) == NULL
      || (net.pending_i = cel_json_get_doubles (state, "pending-i", (gsize) net.delay * net.n,
                                                error)) == NULL)
    {
      net_clear (&net);
      return FALSE;
    }
  for (guint i = 0; i < net.n; i++)
    if (net.last_spike[i] < -1)
      {
        net_clear (&net);
        return cel_json_error (error, "last-spike", _("holds a negative step"));
      }
  if (net.offsets[0] != 0 || net.offsets[net.n + net.n_input] != (guint32) synapses)
    {
      net_clear (&net);
      return cel_json_error (error, "offsets", _("do not span the targets"));
    }
  for (guint i = 0; i < net.n + net.n_input; i++)
    if (net.offsets[i] > net.offsets[i + 1])
      {
        net_clear (&net);
        return cel_json_error (error, "offsets", _("are not in ascending order"));
      }
  for (gsize e = 0; e < (gsize) synapses; e++)
    if (net.targets[e] >= net.n)
      {
        net_clear (&net);
        return cel_json_error (error, "targets", _("name a neuron outside the network"));
      }
  for (gsize e = 0; e < (gsize) synapses; e++)
    if (!isfinite (net.weights[e]))
      {
        net_clear (&net);
        return cel_json_error (error, "weights", _("holds a value that is not a finite number"));
      }
  if (json_object_has_member (state, "stdp-pre"))
    {
      gsize sources = net.n + net.n_input;

      if ((stdp_pre = cel_json_get_doubles (state, "stdp-pre", sources, error)) == NULL
          || (stdp_post = cel_json_get_doubles (state, "stdp-post", sources, error)) == NULL
          || !cel_json_get_double (state, "astrocyte", -1e12, 1e12, &astrocyte, error))
        {
          net_clear (&net);
          return FALSE;
        }
      for (gsize i = 0; i < sources; i++)
        if (stdp_pre[i] < 0.0 || stdp_post[i] < 0.0)
          {
            net_clear (&net);
            return cel_json_error (error, stdp_pre[i] < 0.0 ? "stdp-pre" : "stdp-post",
                                   _("holds a negative trace"));
          }
    }

  net_clear (&self->net);
  self->net = net;
  self->reset_dt = dt;
  self->built_jump[0] = built_e;
  self->built_jump[1] = built_i;
  self->built_jump[2] = built_input;
  self->bin_steps = MAX ((guint32) lround (RATE_BIN_MS / dt), 1);
  self->bin_filled = (guint32) filled;
  self->bin_spikes[0] = (guint64) bin_e;
  self->bin_spikes[1] = (guint64) bin_i;
  self->rate_smooth[0] = rates[0];
  self->rate_smooth[1] = rates[1];
  self->rate_primed = primed;
  self->total_spikes[0] = (guint64) total_e;
  self->total_spikes[1] = (guint64) total_i;
  self->total_events = (guint64) events;
  g_free (self->spikes);
  self->spikes = g_new (guint32, net.n + net.n_input);
  g_free (self->input_spikes);
  self->input_spikes = g_new (guint32, MAX (net.n_input, 1));
  g_clear_pointer (&self->stats, cel_snn_stats_free);
  g_clear_pointer (&self->stdp, cel_snn_stdp_free);
  stdp_sync (self);
  if (self->stdp != NULL && stdp_pre != NULL)
    cel_snn_stdp_set_state (self->stdp, stdp_pre, stdp_post, astrocyte, NULL);
  self->columns = (guint) columns;
  self->layers = (guint) layers;
  self->layer_rows = (guint) layer_rows;
  g_free (self->cell_of);
  self->cell_of = g_steal_pointer (&cells);
  layout_index (self);
  return TRUE;
}

/* Readout analysis --------------------------------------------------------- *
 *
 * The liquid state machine (Maass et al. 2002) on the digits: each image is
 * shown for the presentation time while the network runs on, and the spike
 * count of every network neuron over that time is the image's feature
 * vector; a ridge readout (cel-snn-readout) learns the labels of 70 % of
 * the images and is scored on the rest. Done twice on the same network
 * (same seed): once as it is, once after the training images were shown
 * with STDP on the E → E synapses and the astrocyte (NALSM, Ivanov &
 * Michmizos 2021), then frozen. The branching factor each reaches is the
 * mean over the presentations of the windowed estimate of descendants per
 * ancestor through the synapses (NALSM's measure, cel-snn-stats), the one
 * their astrocyte drives towards 1. */

typedef struct {
  CelProgressFunc progress;
  gpointer        progress_data;
  guint           done, total;
} LsmProgress;

/* Shows image `image` for the presentation time; adds each neuron's spikes
 * to counts (may be NULL) and the branching estimate to *branching
 * (counting in *n_branching). */
static gboolean
lsm_present (CelSnn        *self,
             guint          image,
             double        *counts,
             double        *branching,
             guint         *n_branching,
             LsmProgress   *report,
             GCancellable  *cancellable,
             GError       **error)
{
  CelModel *model = CEL_MODEL (self);
  guint64 steps = MAX ((guint64) llround (self->presentation / self->dt), 1);
  double sigma;

  self->forced_digit = (gint) image;
  self->counts = counts;
  cel_model_step (model, steps, cancellable, error);
  self->counts = NULL;
  if ((error != NULL && *error != NULL) || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (cel_snn_stats_descendants (self->stats, &sigma, NULL))
    {
      *branching += sigma;
      (*n_branching)++;
    }
  report->done++;
  if (report->progress != NULL)
    report->progress ((double) report->done / report->total, report->progress_data);
  return TRUE;
}

/* One run of the machine: the accuracy on the test images (and its binomial
 * standard error) and the mean branching factor. */
static gboolean
lsm_score (CelSnn        *self,
           gboolean       plastic,
           const guint   *order,
           guint          n_train,
           guint          n_samples,
           double        *accuracy,
           double        *accuracy_se,
           double        *branching,
           LsmProgress   *report,
           GCancellable  *cancellable,
           GError       **error)
{
  CelModel *model = CEL_MODEL (self);
  guint n = self->n_exc + self->n_inh, n_test = n_samples - n_train, n_branching = 0;
  g_autofree double *features = g_new0 (double, (gsize) n_samples * n);
  g_autofree guint8 *labels = g_new (guint8, MAX (n_test, 1));
  g_autoptr (CelSnnReadout) readout = NULL;
  double sum_branching = 0.0, ignored = 0.0;
  guint ignored_n = 0;

  self->stdp_ee = plastic;
  self->stdp_ei = FALSE;
  self->astrocyte = plastic;
  cel_model_reset (model);
  if (plastic)
    {
      for (guint s = 0; s < n_train; s++)
        if (!lsm_present (self, order[s], NULL, &ignored, &ignored_n, report, cancellable, error))
          return FALSE;
      self->stdp_ee = FALSE;
    }
  for (guint s = 0; s < n_samples; s++)
    if (!lsm_present (self, order[s], features + (gsize) s * n, &sum_branching, &n_branching,
                      report, cancellable, error))
      return FALSE;

  readout = cel_snn_readout_new (MAX (n, 1), CEL_SNN_DIGITS_CLASSES, error);
  if (readout == NULL)
    return FALSE;
  for (guint s = 0; s < n_train; s++)
    cel_snn_readout_add (readout, features + (gsize) s * n, self->digits->labels[order[s]]);
  if (!cel_snn_readout_fit (readout, self->lsm_ridge, error))
    return FALSE;
  for (guint s = 0; s < n_test; s++)
    labels[s] = self->digits->labels[order[n_train + s]];
  *accuracy = cel_snn_readout_accuracy (readout, features + (gsize) n_train * n, labels, n_test);
  *accuracy_se = n_test > 0 ? sqrt (*accuracy * (1.0 - *accuracy) / n_test) : NAN;
  *branching = n_branching > 0 ? sum_branching / n_branching : NAN;
  return TRUE;
}

static gboolean
run_readout (CelModel          *copy,
             CelAnalysisResult *result,
             CelProgressFunc    progress,
             gpointer           progress_data,
             GCancellable      *cancellable,
             GError           **error)
{
  CelSnn *self = CEL_SNN (copy);
  double accuracy[2], accuracy_se[2], branching[2];
  g_autofree guint *order = NULL;
  LsmProgress report = { progress, progress_data, 0, 0 };
  guint n_samples, n_train;

  if (self->input != CEL_SNN_INPUT_DIGITS || self->digits == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("input: the readout analysis needs the digits as input"));
      return FALSE;
    }
  n_samples = MIN (self->lsm_samples, self->digits->n);
  order = g_new (guint, n_samples);
  n_train = cel_snn_split (n_samples, LSM_TEST_FRACTION, cel_model_get_seed (copy), order);
  if (n_train < 2 || n_train == n_samples)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("lsm-samples: %u digits are too few to train and test a readout"), n_samples);
      return FALSE;
    }
  report.total = 2 * n_samples + n_train;
  for (guint plastic = 0; plastic < 2; plastic++)
    if (!lsm_score (self, plastic, order, n_train, n_samples, &accuracy[plastic],
                    &accuracy_se[plastic], &branching[plastic], &report, cancellable, error))
      return FALSE;

  cel_analysis_result_add_number (result, "accuracy", _("Test accuracy"), accuracy[0],
                                  accuracy_se[0], NULL);
  cel_analysis_result_add_number (result, "accuracy-astrocyte",
                                  _("Test accuracy after astrocyte-modulated STDP"),
                                  accuracy[1], accuracy_se[1], NULL);
  cel_analysis_result_add_number (result, "branching", _("Branching factor"), branching[0],
                                  NAN, NULL);
  cel_analysis_result_add_number (result, "branching-astrocyte",
                                  _("Branching factor after astrocyte-modulated STDP"),
                                  branching[1], NAN, NULL);
  result->summary = g_strdup_printf (_("%u digits, %u for testing: accuracy %.1f %% (σ %.2f); "
                                       "after astrocyte-modulated STDP %.1f %% (σ %.2f)"),
                                     n_samples, n_samples - n_train, 100.0 * accuracy[0],
                                     branching[0], 100.0 * accuracy[1], branching[1]);
  return TRUE;
}

static const CelAnalysisInfo analyses[] = {
  { "readout", N_("Digit readout"),
    N_("Accuracy of a ridge readout of the network’s spike counts on handwritten digits, "
       "without and with astrocyte-modulated STDP"),
    run_readout },
};

static const CelAnalysisInfo *
cel_snn_get_analyses (CelModel *model, guint *n_analyses)
{
  *n_analyses = G_N_ELEMENTS (analyses);
  return analyses;
}

/* Public ------------------------------------------------------------------- */

guint64
cel_snn_get_spike_count (CelSnn *self, gboolean excitatory)
{
  g_return_val_if_fail (CEL_IS_SNN (self), 0);
  return self->total_spikes[excitatory ? 0 : 1];
}

guint64
cel_snn_get_synaptic_events (CelSnn *self)
{
  g_return_val_if_fail (CEL_IS_SNN (self), 0);
  return self->total_events;
}

double
cel_snn_get_time (CelSnn *self)
{
  g_return_val_if_fail (CEL_IS_SNN (self), NAN);
  return time_of (self, cel_model_get_step (CEL_MODEL (self)));
}

/* GObject ------------------------------------------------------------------ */

static void
cel_snn_finalize (GObject *object)
{
  CelSnn *self = CEL_SNN (object);

  net_clear (&self->net);
  g_free (self->spikes);
  g_free (self->cell_of);
  g_free (self->neuron_at);
  g_clear_pointer (&self->stats, cel_snn_stats_free);
  g_clear_pointer (&self->stdp, cel_snn_stdp_free);
  g_clear_pointer (&self->digits, cel_snn_digits_free);
  g_free (self->input_spikes);
  G_OBJECT_CLASS (cel_snn_parent_class)->finalize (object);
}

static gpointer
field_of (CelSnn *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_SYNAPSES: return &self->synapses;
    case PROP_NEURON_E: return &self->neuron[0];
    case PROP_NEURON_I: return &self->neuron[1];
    case PROP_IZH_A_E: case PROP_IZH_B_E: case PROP_IZH_C_E: case PROP_IZH_D_E:
      return &self->izh[0][prop_id - PROP_IZH_A_E];
    case PROP_IZH_A_I: case PROP_IZH_B_I: case PROP_IZH_C_I: case PROP_IZH_D_I:
      return &self->izh[1][prop_id - PROP_IZH_A_I];
    case PROP_N_EXC: return &self->n_exc;
    case PROP_N_INH: return &self->n_inh;
    case PROP_CONNECTIVITY: return &self->connectivity;
    case PROP_P: return &self->p;
    case PROP_LAMBDA: return &self->lambda;
    case PROP_C_EE: return &self->c_pair[0][0];
    case PROP_C_EI: return &self->c_pair[0][1];
    case PROP_C_IE: return &self->c_pair[1][0];
    case PROP_C_II: return &self->c_pair[1][1];
    case PROP_COLUMNS: return &self->columns_param;
    case PROP_LAYERS: return &self->layers_param;
    case PROP_DELAY: return &self->delay;
    case PROP_EXT_RATE_E: return &self->ext_rate[0];
    case PROP_EXT_RATE_I: return &self->ext_rate[1];
    case PROP_EXT_W_E: return &self->ext_w[0];
    case PROP_EXT_W_I: return &self->ext_w[1];
    case PROP_CAPACITANCE: return &self->capacitance;
    case PROP_LEAK: return &self->leak;
    case PROP_REST: return &self->rest;
    case PROP_THRESHOLD: return &self->threshold;
    case PROP_RESET: return &self->reset;
    case PROP_REFRACTORY: return &self->refractory;
    case PROP_TAU_E: return &self->tau_e;
    case PROP_TAU_I: return &self->tau_i;
    case PROP_E_EXC: return &self->e_exc;
    case PROP_E_INH: return &self->e_inh;
    case PROP_W_E: return &self->w_e;
    case PROP_W_I: return &self->w_i;
    case PROP_J_E: return &self->j_e;
    case PROP_J_I: return &self->j_i;
    case PROP_BIAS: return &self->bias;
    case PROP_BRUSH: return &self->brush;
    case PROP_STIMULUS: return &self->stimulus;
    case PROP_DT: return &self->dt;
    case PROP_STATS_WINDOW: return &self->stats_window;
    case PROP_RATE_SMOOTHING: return &self->rate_smoothing;
    case PROP_INPUT: return &self->input;
    case PROP_INPUT_P: return &self->input_p;
    case PROP_INPUT_W: return &self->input_w;
    case PROP_INPUT_RATE: return &self->input_rate;
    case PROP_PRESENTATION: return &self->presentation;
    case PROP_STDP_EE: return &self->stdp_ee;
    case PROP_STDP_EI: return &self->stdp_ei;
    case PROP_STDP_A_PLUS: return &self->stdp_a_plus;
    case PROP_STDP_A_MINUS: return &self->stdp_a_minus;
    case PROP_STDP_TAU_PLUS: return &self->stdp_tau_plus;
    case PROP_STDP_TAU_MINUS: return &self->stdp_tau_minus;
    case PROP_STDP_W_MAX: return &self->stdp_w_max;
    case PROP_ASTROCYTE: return &self->astrocyte;
    case PROP_ASTRO_TAU: return &self->astro_tau;
    case PROP_ASTRO_GAIN: return &self->astro_gain;
    case PROP_LSM_SAMPLES: return &self->lsm_samples;
    case PROP_LSM_RIDGE: return &self->lsm_ridge;
    default: return NULL;
    }
}

static void
cel_snn_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_SNN (object), prop_id), value, pspec);
}

static void
cel_snn_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_SNN (object), prop_id), value, pspec);
}

static void
cel_snn_class_init (CelSnnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);

  object_class->finalize = cel_snn_finalize;
  object_class->get_property = cel_snn_get_property;
  object_class->set_property = cel_snn_set_property;

  model_class->reset = cel_snn_reset;
  model_class->step = cel_snn_step;
  model_class->validate_param = cel_snn_validate_param;
  model_class->get_size = cel_snn_get_size;
  model_class->paint_cells = cel_snn_paint_cells;
  model_class->release_brush = cel_snn_release_brush;
  model_class->get_n_fields = cel_snn_get_n_fields;
  model_class->get_field_info = cel_snn_get_field_info;
  model_class->render_field = cel_snn_render_field;
  model_class->save_state = cel_snn_save_state;
  model_class->load_state = cel_snn_load_state;
  model_class->get_analyses = cel_snn_get_analyses;

  properties[PROP_SYNAPSES] =
    cel_param_enum ("synapses", N_("Synapses"),
                    N_("Conductance-based synapses (COBA), whose effect scales with the distance "
                       "to the reversal potential, or current-based ones (CUBA) that move the "
                       "potential by a fixed amount"),
                    CEL_TYPE_SNN_SYNAPSES, CEL_SNN_COBA, N_("Network"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_NEURON_E] =
    cel_param_enum ("neuron-e", N_("Excitatory neurons’ model"),
                    N_("Leaky integrate-and-fire, or Izhikevich’s two-variable model with the "
                       "parameters a, b, c, d below"),
                    CEL_TYPE_SNN_NEURON, CEL_SNN_LIF, N_("Neurons"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_NEURON_I] =
    cel_param_enum ("neuron-i", N_("Inhibitory neurons’ model"),
                    N_("Leaky integrate-and-fire, or Izhikevich’s two-variable model with the "
                       "parameters a, b, c, d below"),
                    CEL_TYPE_SNN_NEURON, CEL_SNN_LIF, N_("Neurons"), CEL_PARAM_NEEDS_RESET);
  {
    static const char *names[2][4] = {
      { "izh-a-e", "izh-b-e", "izh-c-e", "izh-d-e" },
      { "izh-a-i", "izh-b-i", "izh-c-i", "izh-d-i" },
    };
    static const char *labels[2][4] = {
      { N_("Excitatory Izhikevich a"), N_("Excitatory Izhikevich b"),
        N_("Excitatory Izhikevich c"), N_("Excitatory Izhikevich d") },
      { N_("Inhibitory Izhikevich a"), N_("Inhibitory Izhikevich b"),
        N_("Inhibitory Izhikevich c"), N_("Inhibitory Izhikevich d") },
    };
    static const char *blurbs[4] = {
      N_("Rate of the recovery variable u (regular spiking 0.02, fast spiking 0.1)"),
      N_("Sensitivity of u to the potential (0.2 for the cortical types; 0.25 for low-threshold spiking)"),
      N_("Potential after a spike (regular −65 mV, intrinsically bursting −55 mV, chattering −50 mV)"),
      N_("Rise of u after a spike (regular 8, bursting 4, chattering and fast spiking 2)"),
    };
    static const double ranges[4][2] = { { 0.0, 1.0 }, { -1.0, 1.0 }, { -100.0, 0.0 }, { -50.0, 50.0 } };
    static const guint ids[2][4] = {
      { PROP_IZH_A_E, PROP_IZH_B_E, PROP_IZH_C_E, PROP_IZH_D_E },
      { PROP_IZH_A_I, PROP_IZH_B_I, PROP_IZH_C_I, PROP_IZH_D_I },
    };
    /* Regular spiking for E, fast spiking for I (Izhikevich 2003). */
    static const double defaults[2][4] = { { 0.02, 0.2, -65.0, 8.0 }, { 0.1, 0.2, -65.0, 2.0 } };

    for (guint pop = 0; pop < 2; pop++)
      for (guint q = 0; q < 4; q++)
        properties[ids[pop][q]] =
          cel_param_double (names[pop][q], labels[pop][q], blurbs[q], ranges[q][0], ranges[q][1],
                            defaults[pop][q], N_("Neurons"), q == 2 ? N_("mV") : NULL,
                            CEL_PARAM_NONE);
  }
  properties[PROP_N_EXC] =
    cel_param_uint ("n-exc", N_("Excitatory neurons"), N_("Number of excitatory neurons N_E"),
                    0, CEL_SNN_MAX_NEURONS, 3200, N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_N_INH] =
    cel_param_uint ("n-inh", N_("Inhibitory neurons"), N_("Number of inhibitory neurons N_I"),
                    0, CEL_SNN_MAX_NEURONS, 800, N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_P] =
    cel_param_double ("p", N_("Connection probability"),
                      N_("Probability that a neuron connects to another"),
                      0.0, 1.0, 0.02, N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_CONNECTIVITY] =
    cel_param_enum ("connectivity", N_("Connectivity"),
                    N_("Random with probability p, or distance-dependent with probability "
                       "C e^(−(d/λ)²) for neurons d apart on the grid (Maass et al. 2002)"),
                    CEL_TYPE_SNN_CONNECTIVITY, CEL_SNN_RANDOM, N_("Network"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_LAMBDA] =
    cel_param_double ("lambda", N_("Connection length λ"),
                      N_("Distance over which distance-dependent connections thin out, in grid "
                         "spacings"),
                      0.1, 100.0, 2.0, N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  {
    static const char *names[4] = { "c-ee", "c-ei", "c-ie", "c-ii" };
    static const char *labels[4] = { N_("C from E to E"), N_("C from E to I"), N_("C from I to E"),
                                     N_("C from I to I") };
    static const double defaults[4] = { 0.3, 0.2, 0.4, 0.1 };

    for (guint q = 0; q < 4; q++)
      properties[PROP_C_EE + q] =
        cel_param_double (names[q], labels[q],
                          N_("Probability of a distance-dependent connection between neighbours "
                             "at distance 0 (Maass et al. 2002: 0.3, 0.2, 0.4, 0.1)"),
                          0.0, 1.0, defaults[q], N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  }
  properties[PROP_COLUMNS] =
    cel_param_uint ("columns", N_("Grid columns"),
                    N_("Width of the grid the neurons lie on; 0 makes each layer about square"),
                    0, 2 * CEL_SNN_MAX_NEURONS, 0, N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_LAYERS] =
    cel_param_uint ("layers", N_("Grid layers"),
                    N_("Depth of the grid: 1 is a sheet; the canvas shows the layers one below "
                       "the other"),
                    1, MAX_LAYERS, 1, N_("Network"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_DELAY] =
    cel_param_double ("delay", N_("Delay"),
                      N_("Time from a spike to its effect on the targets, rounded to whole steps "
                         "(at least one)"),
                      0.0, 100.0, 0.1, N_("Synapses"), N_("ms"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_CAPACITANCE] =
    cel_param_double ("capacitance", N_("Capacitance C"), N_("Membrane capacitance"),
                      1.0, 10000.0, 200.0, N_("Membrane"), N_("pF"), CEL_PARAM_NONE);
  properties[PROP_LEAK] =
    cel_param_double ("leak", N_("Leak conductance g_L"),
                      N_("Membrane leak conductance; τ_m = C/g_L"),
                      0.1, 1000.0, 10.0, N_("Membrane"), N_("nS"), CEL_PARAM_NONE);
  properties[PROP_REST] =
    cel_param_double ("rest", N_("Resting potential E_L"),
                      N_("Potential the membrane relaxes to without input"),
                      -100.0, 0.0, -60.0, N_("Membrane"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_THRESHOLD] =
    cel_param_double ("threshold", N_("Threshold V_t"), N_("A neuron fires when its potential reaches it"),
                      -100.0, 0.0, -50.0, N_("Membrane"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_RESET] =
    cel_param_double ("reset", N_("Reset V_r"), N_("Potential after a spike"),
                      -100.0, 0.0, -60.0, N_("Membrane"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_REFRACTORY] =
    cel_param_double ("refractory", N_("Refractory period"),
                      N_("Time a neuron is held at the reset potential after a spike"),
                      0.0, 100.0, 5.0, N_("Membrane"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_TAU_E] =
    cel_param_double ("tau-e", N_("Excitatory time constant τ_e"),
                      N_("Decay time of the excitatory synaptic variable"),
                      0.01, 1000.0, 5.0, N_("Synapses"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_TAU_I] =
    cel_param_double ("tau-i", N_("Inhibitory time constant τ_i"),
                      N_("Decay time of the inhibitory synaptic variable"),
                      0.01, 1000.0, 10.0, N_("Synapses"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_E_EXC] =
    cel_param_double ("e-exc", N_("Excitatory reversal E_e"),
                      N_("Reversal potential of excitatory conductances (COBA)"),
                      -100.0, 100.0, 0.0, N_("Synapses"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_E_INH] =
    cel_param_double ("e-inh", N_("Inhibitory reversal E_i"),
                      N_("Reversal potential of inhibitory conductances (COBA)"),
                      -100.0, 100.0, -80.0, N_("Synapses"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_W_E] =
    cel_param_double ("w-e", N_("Excitatory weight w_e"),
                      N_("Conductance an excitatory spike adds to its targets (COBA)"),
                      0.0, 1000.0, 6.0, N_("Synapses"), N_("nS"), CEL_PARAM_NONE);
  properties[PROP_W_I] =
    cel_param_double ("w-i", N_("Inhibitory weight w_i"),
                      N_("Conductance an inhibitory spike adds to its targets (COBA)"),
                      0.0, 1000.0, 67.0, N_("Synapses"), N_("nS"), CEL_PARAM_NONE);
  properties[PROP_J_E] =
    cel_param_double ("j-e", N_("Excitatory jump j_e"),
                      N_("Rise of the target’s potential drive per excitatory spike (CUBA)"),
                      0.0, 100.0, 1.62, N_("Synapses"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_J_I] =
    cel_param_double ("j-i", N_("Inhibitory jump j_i"),
                      N_("Fall of the target’s potential drive per inhibitory spike (CUBA)"),
                      0.0, 100.0, 9.0, N_("Synapses"), N_("mV"), CEL_PARAM_NONE);
  properties[PROP_BIAS] =
    cel_param_double ("bias", N_("Bias current I"),
                      N_("Constant current injected into every neuron"),
                      -10000.0, 10000.0, 0.0, N_("Input"), N_("pA"), CEL_PARAM_NONE);
  properties[PROP_BRUSH] =
    cel_param_enum ("brush", N_("Brush"),
                    N_("What painting the sheet does: drive the painted neurons with Poisson "
                       "input at the stimulus rate for as long as the mouse button is held, or "
                       "set their membrane potential to the brush value"),
                    CEL_TYPE_SNN_BRUSH, CEL_SNN_BRUSH_STIMULUS, N_("Input"), CEL_PARAM_NONE);
  properties[PROP_STIMULUS] =
    cel_param_double ("stimulus", N_("Stimulus rate"),
                      N_("Rate of the Poisson events the driving brush sends each painted neuron, "
                         "through synapses of the excitatory weight"),
                      0.0, 1e6, 10000.0, N_("Input"), N_("Hz"), CEL_PARAM_NONE);
  properties[PROP_EXT_RATE_E] =
    cel_param_double ("ext-rate-e", N_("External rate into E"),
                      N_("Rate of the independent Poisson events each excitatory neuron receives"),
                      0.0, 1e6, 0.0, N_("Input"), N_("Hz"), CEL_PARAM_NONE);
  properties[PROP_EXT_RATE_I] =
    cel_param_double ("ext-rate-i", N_("External rate into I"),
                      N_("Rate of the independent Poisson events each inhibitory neuron receives"),
                      0.0, 1e6, 0.0, N_("Input"), N_("Hz"), CEL_PARAM_NONE);
  properties[PROP_EXT_W_E] =
    cel_param_double ("ext-w-e", N_("External weight into E"),
                      N_("Effect of one external event on an excitatory neuron, in the unit of "
                         "the synapses (nS for COBA, mV otherwise)"),
                      0.0, 1000.0, 1.0, N_("Input"), NULL, CEL_PARAM_NONE);
  properties[PROP_EXT_W_I] =
    cel_param_double ("ext-w-i", N_("External weight into I"),
                      N_("Effect of one external event on an inhibitory neuron, in the unit of "
                         "the synapses (nS for COBA, mV otherwise)"),
                      0.0, 1000.0, 1.0, N_("Input"), NULL, CEL_PARAM_NONE);
  properties[PROP_DT] =
    cel_param_double ("dt", N_("Time step"), N_("Simulated time advanced by one step"),
                      0.001, 1.0, 0.1, N_("Integration"), N_("ms"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_STATS_WINDOW] =
    cel_param_double ("stats-window", N_("Statistics window"),
                      N_("Recent time over which the ISI coefficient of variation and the "
                         "branching factor are estimated"),
                      10.0, 5000.0, 500.0, N_("Statistics"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_RATE_SMOOTHING] =
    cel_param_double ("rate-smoothing", N_("Rate smoothing"),
                      N_("Time constant of the exponential filter through which the population "
                         "rates are plotted; 0 plots each millisecond’s count as it is"),
                      0.0, 1000.0, 5.0, N_("Statistics"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_INPUT] =
    cel_param_enum ("input", N_("Input"),
                    N_("An input population of 64 Poisson neurons showing the 8 × 8 handwritten "
                       "digits (UCI optdigits) one after another, each pixel firing at a rate "
                       "proportional to its ink"),
                    CEL_TYPE_SNN_INPUT, CEL_SNN_INPUT_NONE, N_("Input"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_INPUT_P] =
    cel_param_double ("input-p", N_("Input connection probability"),
                      N_("Probability that an input neuron connects to a network neuron"),
                      0.0, 1.0, 0.1, N_("Input"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_INPUT_W] =
    cel_param_double ("input-w", N_("Input weight"),
                      N_("Effect of an input spike on its targets, in the unit of the synapses "
                         "(nS for COBA, mV otherwise)"),
                      0.0, 1000.0, 1.0, N_("Input"), NULL, CEL_PARAM_NONE);
  properties[PROP_INPUT_RATE] =
    cel_param_double ("input-rate", N_("Input rate"),
                      N_("Firing rate of an input neuron for a pixel of full ink"),
                      0.0, 10000.0, 100.0, N_("Input"), N_("Hz"), CEL_PARAM_NONE);
  properties[PROP_PRESENTATION] =
    cel_param_double ("presentation", N_("Presentation time"),
                      N_("How long each digit is shown"),
                      1.0, 10000.0, 50.0, N_("Input"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_STDP_EE] =
    cel_param_meta (g_param_spec_boolean ("stdp-ee", N_("STDP from E to E"),
                                          N_("Spike-timing-dependent plasticity on the synapses "
                                             "between excitatory neurons"),
                                          FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                          | G_PARAM_EXPLICIT_NOTIFY),
                    N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_STDP_EI] =
    cel_param_meta (g_param_spec_boolean ("stdp-ei", N_("STDP from E to I"),
                                          N_("Spike-timing-dependent plasticity on the synapses "
                                             "from excitatory to inhibitory neurons"),
                                          FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                          | G_PARAM_EXPLICIT_NOTIFY),
                    N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_STDP_A_PLUS] =
    cel_param_double ("stdp-a-plus", N_("Potentiation A₊"),
                      N_("Weight gained by a pre-before-post pair at zero delay, as a fraction "
                         "of the largest weight"),
                      0.0, 1.0, 0.01, N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_STDP_A_MINUS] =
    cel_param_double ("stdp-a-minus", N_("Depression A₋"),
                      N_("Weight lost by a post-before-pre pair at zero delay, as a fraction of "
                         "the largest weight; with the astrocyte, its bias"),
                      0.0, 1.0, 0.0105, N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_STDP_TAU_PLUS] =
    cel_param_double ("stdp-tau-plus", N_("Potentiation window τ₊"),
                      N_("Decay time of the presynaptic trace"),
                      0.1, 1000.0, 20.0, N_("Plasticity"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_STDP_TAU_MINUS] =
    cel_param_double ("stdp-tau-minus", N_("Depression window τ₋"),
                      N_("Decay time of the postsynaptic trace"),
                      0.1, 1000.0, 20.0, N_("Plasticity"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_STDP_W_MAX] =
    cel_param_double ("stdp-w-max", N_("Largest weight"),
                      N_("Learning synapses stay between 0 and this weight (nS for COBA, mV "
                         "otherwise)"),
                      0.001, 1000.0, 12.0, N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_ASTROCYTE] =
    cel_param_meta (g_param_spec_boolean ("astrocyte", N_("Astrocyte"),
                                          N_("An astrocyte integrates the network’s spikes minus "
                                             "the input’s and sets the depression (NALSM, Ivanov "
                                             "& Michmizos 2021)"),
                                          FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                          | G_PARAM_EXPLICIT_NOTIFY),
                    N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_ASTRO_TAU] =
    cel_param_double ("astro-tau", N_("Astrocyte time constant"),
                      N_("Time over which the astrocyte integrates activity"),
                      0.1, 100000.0, 100.0, N_("Plasticity"), N_("ms"), CEL_PARAM_NONE);
  properties[PROP_ASTRO_GAIN] =
    cel_param_double ("astro-gain", N_("Astrocyte gain"),
                      N_("Change of the depression per network spike in excess of the input’s"),
                      -1.0, 1.0, 1e-5, N_("Plasticity"), NULL, CEL_PARAM_NONE);
  properties[PROP_LSM_SAMPLES] =
    cel_param_uint ("lsm-samples", N_("Digits"),
                    N_("How many of the 1,797 digits the readout analysis shows the network "
                       "(the first ones; 30 % of them test the readout)"),
                    20, 1797, 1797, N_("Analysis"), NULL, CEL_PARAM_NONE);
  properties[PROP_LSM_RIDGE] =
    cel_param_double ("lsm-ridge", N_("Ridge"),
                      N_("Regularisation λ of the readout’s ridge regression"),
                      0.0, 1e9, 1.0, N_("Analysis"), NULL, CEL_PARAM_NONE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_snn_init (CelSnn *self)
{
  CelModel *model = CEL_MODEL (self);

  self->synapses = CEL_SNN_COBA;
  self->neuron[0] = self->neuron[1] = CEL_SNN_LIF;
  memcpy (self->izh, (double[2][4]) { { 0.02, 0.2, -65.0, 8.0 }, { 0.1, 0.2, -65.0, 2.0 } },
          sizeof self->izh);
  self->delay = 0.1;
  self->connectivity = CEL_SNN_RANDOM;
  self->lambda = 2.0;
  memcpy (self->c_pair, (double[2][2]) { { 0.3, 0.2 }, { 0.4, 0.1 } }, sizeof self->c_pair);
  self->columns_param = 0;
  self->layers_param = 1;
  self->ext_rate[0] = self->ext_rate[1] = 0.0;
  self->ext_w[0] = self->ext_w[1] = 1.0;
  self->n_exc = 3200;
  self->n_inh = 800;
  self->p = 0.02;
  self->capacitance = 200.0;
  self->leak = 10.0;
  self->rest = -60.0;
  self->threshold = -50.0;
  self->reset = -60.0;
  self->refractory = 5.0;
  self->tau_e = 5.0;
  self->tau_i = 10.0;
  self->e_exc = 0.0;
  self->e_inh = -80.0;
  self->w_e = 6.0;
  self->w_i = 67.0;
  self->j_e = 1.62;
  self->j_i = 9.0;
  self->bias = 0.0;
  self->brush = CEL_SNN_BRUSH_STIMULUS;
  self->stimulus = 10000.0;
  self->dt = 0.1;
  self->stats_window = 500.0;
  self->rate_smoothing = 5.0;
  self->input = CEL_SNN_INPUT_NONE;
  self->input_p = 0.1;
  self->input_w = 1.0;
  self->input_rate = 100.0;
  self->presentation = 50.0;
  self->stdp_ee = self->stdp_ei = self->astrocyte = FALSE;
  self->stdp_a_plus = 0.01;
  self->stdp_a_minus = 0.0105;
  self->stdp_tau_plus = self->stdp_tau_minus = 20.0;
  self->stdp_w_max = 12.0;
  self->astro_tau = 100.0;
  self->astro_gain = 1e-5;
  self->lsm_samples = 1797;
  self->lsm_ridge = 1.0;
  self->forced_digit = -1;

  for (guint pop = 0; pop < 2; pop++)
    {
      self->raster[pop] = cel_model_add_series (model, &raster_infos[pop]);
      cel_series_set_window (self->raster[pop], RASTER_CAPACITY);
    }
  self->rate_e = cel_model_add_series (model, &rate_e_info);
  self->rate_i = cel_model_add_series (model, &rate_i_info);
  self->isi_cv = cel_model_add_series (model, &isi_cv_info);
  self->branching = cel_model_add_series (model, &branching_info);
  self->depression = cel_model_add_series (model, &depression_info);

  /* A usable state before the first cel_model_reset(). */
  cel_snn_reset (model);
}
