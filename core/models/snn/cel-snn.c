/* cel-snn.c — the spiking network model: parameters, connectivity, initial
 * conditions, painting, views and state around the integrator
 * (cel-snn-engine.c). See cel-snn.h. */
#include "models/snn/cel-snn.h"

#include <math.h>
#include <string.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "models/snn/cel-snn-engine.h"

/* Potentials shown on the sheet and accepted from painting, mV. */
#define V_MIN (-80.0)
#define V_MAX (-50.0)
/* Width of a population-rate bin, ms. */
#define RATE_BIN_MS 1.0

struct _CelSnn
{
  CelModel         parent_instance;

  /* Parameters. */
  CelSnnSynapses   synapses;
  guint            n_exc, n_inh;
  double           p;
  double           capacitance, leak;
  double           rest, threshold, reset, refractory;
  double           tau_e, tau_i;
  double           e_exc, e_inh;
  double           w_e, w_i;
  double           j_e, j_i;
  double           bias;
  double           dt;

  /* State, built by reset from the parameters of that moment. */
  CelSnnNet        net;
  guint            columns, rows;
  double           reset_dt;          /* dt of the reset: the time base */
  guint32          bin_steps;         /* steps per rate bin */
  guint32          bin_filled;        /* steps in the current bin */
  guint64          bin_spikes[2];     /* spikes in the current bin: E, I */
  guint64          total_spikes[2];
  guint32         *spikes;            /* scratch, n entries */

  CelSeries       *raster, *rate_e, *rate_i;
};

G_DEFINE_FINAL_TYPE (CelSnn, cel_snn, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_SYNAPSES,
  PROP_N_EXC,
  PROP_N_INH,
  PROP_P,
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
  PROP_DT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo raster_info = {
  "raster", N_("Spikes"), "raster", CEL_PLOT_RASTER, FALSE
};
static const CelSeriesInfo rate_e_info = {
  "rate-e", N_("Excitatory rate (Hz)"), "rates", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo rate_i_info = {
  "rate-i", N_("Inhibitory rate (Hz)"), "rates", CEL_PLOT_LINE, FALSE
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
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("CelSnnSynapses"), values));
  return type;
}

/* Network ------------------------------------------------------------------ */

static void
net_clear (CelSnnNet *net)
{
  g_clear_pointer (&net->v, g_free);
  g_clear_pointer (&net->ge, g_free);
  g_clear_pointer (&net->gi, g_free);
  g_clear_pointer (&net->refractory, g_free);
  g_clear_pointer (&net->last_spike, g_free);
  g_clear_pointer (&net->offsets, g_free);
  g_clear_pointer (&net->targets, g_free);
  net->n = net->n_exc = 0;
}

/* Allocates the per-neuron arrays of an n-neuron network (targets left
 * NULL). */
static void
net_alloc (CelSnnNet *net, guint n, guint n_exc)
{
  net_clear (net);
  net->n = n;
  net->n_exc = n_exc;
  net->v = g_new0 (double, MAX (n, 1));
  net->ge = g_new0 (double, MAX (n, 1));
  net->gi = g_new0 (double, MAX (n, 1));
  net->refractory = g_new0 (guint32, MAX (n, 1));
  net->last_spike = g_new (gint64, MAX (n, 1));
  net->offsets = g_new0 (guint32, n + 1);
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

static void
constants (CelSnn *self, CelSnnConstants *k)
{
  gboolean coba = self->synapses == CEL_SNN_COBA;

  *k = (CelSnnConstants) {
    .conductance = coba,
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
    .jump_e = coba ? self->w_e : self->j_e,
    .jump_i = coba ? self->w_i : -self->j_i,
    .refractory_steps = (guint32) lround (self->refractory / self->reset_dt),
  };
}

static void
layout (CelSnn *self)
{
  guint n = self->net.n;

  self->columns = MAX ((guint) ceil (sqrt ((double) n)), 1);
  self->rows = MAX ((n + self->columns - 1) / self->columns, 1);
}

static void
cel_snn_reset (CelModel *model)
{
  CelSnn *self = CEL_SNN (model);
  CelRng *rng = cel_model_get_rng (model);
  guint n = self->n_exc + self->n_inh;

  net_alloc (&self->net, n, self->n_exc);
  connect_random (&self->net, self->p, rng);
  for (guint i = 0; i < n; i++)
    {
      double lo = MIN (self->reset, self->threshold), hi = MAX (self->reset, self->threshold);

      self->net.v[i] = lo + cel_rng_uniform (rng) * (hi - lo);
      if (self->synapses == CEL_SNN_COBA)
        {
          self->net.ge[i] = MAX (4.0 + 1.5 * cel_rng_normal (rng), 0.0);
          self->net.gi[i] = MAX (20.0 + 12.0 * cel_rng_normal (rng), 0.0);
        }
    }
  g_free (self->spikes);
  self->spikes = g_new (guint32, MAX (n, 1));
  self->reset_dt = self->dt;
  self->bin_steps = MAX ((guint32) lround (RATE_BIN_MS / self->dt), 1);
  self->bin_filled = 0;
  self->bin_spikes[0] = self->bin_spikes[1] = 0;
  self->total_spikes[0] = self->total_spikes[1] = 0;
  layout (self);
}

static double
time_of (CelSnn *self, guint64 step)
{
  return (double) step * self->reset_dt;
}

static guint64
cel_snn_step (CelModel      *model,
              guint64        n,
              GCancellable  *cancellable,
              GError       **error)
{
  CelSnn *self = CEL_SNN (model);
  CelSnnConstants k;
  guint64 first = cel_model_get_step (model);
  guint64 done;

  constants (self, &k);
  for (done = 0; done < n; done++)
    {
      guint64 step = first + done + 1;
      double t = time_of (self, step);
      guint n_spikes;

      if (done % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      n_spikes = cel_snn_engine_step (&self->net, &k, (gint64) step, self->spikes);
      for (guint s = 0; s < n_spikes; s++)
        {
          guint32 i = self->spikes[s];
          guint pop = i < self->net.n_exc ? 0 : 1;

          self->bin_spikes[pop]++;
          self->total_spikes[pop]++;
          cel_series_append (self->raster, t, i);
        }
      if (++self->bin_filled == self->bin_steps)
        {
          double width = self->bin_steps * self->reset_dt * 1e-3;  /* s */

          cel_series_append (self->rate_e, t,
                             self->net.n_exc ? self->bin_spikes[0] / (self->net.n_exc * width) : 0.0);
          cel_series_append (self->rate_i, t,
                             self->net.n > self->net.n_exc
                             ? self->bin_spikes[1] / ((self->net.n - self->net.n_exc) * width) : 0.0);
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

  if (pspec == properties[PROP_N_EXC])
    n = (double) g_value_get_uint (value) + self->n_inh;
  else if (pspec == properties[PROP_N_INH])
    n = (double) self->n_exc + g_value_get_uint (value);
  else if (pspec == properties[PROP_P])
    p = g_value_get_double (value);
  else
    return TRUE;
  if (n < 1.0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("%s: the network needs at least one neuron"), pspec->name);
      return FALSE;
    }
  if (n * n * p > CEL_SNN_MAX_SYNAPSES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: about %.3g connections is more than the %.3g allowed"),
                   pspec->name, n * n * p, CEL_SNN_MAX_SYNAPSES);
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

static void
cel_snn_paint_cells (CelModel      *model,
                     const CelCell *cells,
                     gsize          n_cells,
                     GArray        *undo)
{
  CelSnn *self = CEL_SNN (model);
  g_autoptr (GHashTable) recorded = undo ? g_hash_table_new (NULL, NULL) : NULL;

  for (gsize c = 0; c < n_cells; c++)
    {
      gint32 x = cells[c].x, y = cells[c].y;
      gsize i;

      if (x < 0 || y < 0 || (guint) x >= self->columns || (guint) y >= self->rows
          || !isfinite (cells[c].value))
        continue;
      i = (gsize) y * self->columns + (guint) x;
      if (i >= self->net.n)
        continue;
      /* Only the first touch records the old potential, so that painting
       * the undo array back in order restores it. */
      if (undo && !g_hash_table_contains (recorded, GSIZE_TO_POINTER (i + 1)))
        {
          CelCell previous = { x, y, (float) self->net.v[i] };

          g_hash_table_add (recorded, GSIZE_TO_POINTER (i + 1));
          g_array_append_val (undo, previous);
        }
      self->net.v[i] = CLAMP ((double) cells[c].value, V_MIN, self->threshold);
      if (self->net.v[i] >= self->threshold)
        self->net.refractory[i] = 0;
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

static CelFrame *
cel_snn_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelSnn *self = CEL_SNN (model);
  gint64 now = (gint64) cel_model_get_step (model);
  gint64 x0 = 0, y0 = 0, x1 = self->columns, y1 = self->rows;
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
  frame->vmin = (float) V_MIN;
  frame->vmax = (float) V_MAX;
  for (gint64 y = y0; y < y1; y++)
    {
      float *out = (float *) (frame->data + (gsize) (y - y0) * frame->stride);

      for (gint64 x = x0; x < x1; x++)
        {
          gsize i = (gsize) y * self->columns + (gsize) x;

          if (i >= self->net.n)
            out[x - x0] = NAN;
          else if (self->net.last_spike[i] == now && now > 0)
            out[x - x0] = (float) V_MAX;
          else
            out[x - x0] = (float) self->net.v[i];
        }
    }
  return frame;
}

/* State -------------------------------------------------------------------- *
 *
 * { "neurons": N, "excitatory": N_E, "synapses": S, "dt": the reset's dt,
 *   "bin-filled", "bin-spikes-e", "bin-spikes-i", "spikes-e", "spikes-i",
 *   "v", "ge", "gi": N doubles each, "refractory": N uint32,
 *   "last-spike": N int64, "offsets": N + 1 uint32, "targets": S uint32,
 *   all little-endian in cel-blob strings } */

static char *
encode_words (const void *values, gsize n, gsize size)
{
  g_autofree guint8 *le = g_malloc (MAX (n * size, 1));

  for (gsize i = 0; i < n; i++)
    {
      const guint8 *src = (const guint8 *) values + i * size;

      if (size == 8)
        {
          guint64 w;

          memcpy (&w, src, 8);
          w = GUINT64_TO_LE (w);
          memcpy (le + i * 8, &w, 8);
        }
      else
        {
          guint32 w;

          memcpy (&w, src, 4);
          w = GUINT32_TO_LE (w);
          memcpy (le + i * 4, &w, 4);
        }
    }
  return cel_blob_encode (le, n * size);
}

/* Decodes n little-endian words of `size` bytes into a new array. */
static gpointer
decode_words (JsonObject *state, const char *member, gsize n, gsize size, GError **error)
{
  const char *text;
  guint8 *bytes;

  if (!cel_json_get_string (state, member, &text, error))
    return NULL;
  bytes = cel_blob_decode (text, n * size, member, error);
  if (bytes == NULL)
    return NULL;
  for (gsize i = 0; i < n; i++)
    {
      if (size == 8)
        {
          guint64 w;

          memcpy (&w, bytes + i * 8, 8);
          w = GUINT64_FROM_LE (w);
          memcpy (bytes + i * 8, &w, 8);
        }
      else
        {
          guint32 w;

          memcpy (&w, bytes + i * 4, 4);
          w = GUINT32_FROM_LE (w);
          memcpy (bytes + i * 4, &w, 4);
        }
    }
  return bytes;
}

static double *
decode_doubles (JsonObject *state, const char *member, gsize n, GError **error)
{
  double *values = decode_words (state, member, n, sizeof (double), error);

  for (gsize i = 0; values != NULL && i < n; i++)
    if (!isfinite (values[i]))
      {
        g_free (values);
        cel_json_error (error, member, _("holds a value that is not a finite number"));
        return NULL;
      }
  return values;
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_blob (JsonBuilder *b, const char *member, const void *values, gsize n, gsize size)
{
  g_autofree char *text = encode_words (values, n, size);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

static JsonNode *
cel_snn_save_state (CelModel *model)
{
  CelSnn *self = CEL_SNN (model);
  CelSnnNet *net = &self->net;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  gsize s = net->offsets[net->n];

  json_builder_begin_object (b);
  add_int (b, "neurons", net->n);
  add_int (b, "excitatory", net->n_exc);
  add_int (b, "synapses", (gint64) s);
  json_builder_set_member_name (b, "dt");
  json_builder_add_double_value (b, self->reset_dt);
  add_int (b, "bin-filled", self->bin_filled);
  add_int (b, "bin-spikes-e", (gint64) self->bin_spikes[0]);
  add_int (b, "bin-spikes-i", (gint64) self->bin_spikes[1]);
  add_int (b, "spikes-e", (gint64) self->total_spikes[0]);
  add_int (b, "spikes-i", (gint64) self->total_spikes[1]);
  add_blob (b, "v", net->v, net->n, 8);
  add_blob (b, "ge", net->ge, net->n, 8);
  add_blob (b, "gi", net->gi, net->n, 8);
  add_blob (b, "refractory", net->refractory, net->n, 4);
  add_blob (b, "last-spike", net->last_spike, net->n, 8);
  add_blob (b, "offsets", net->offsets, net->n + 1, 4);
  add_blob (b, "targets", net->targets, s, 4);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
cel_snn_load_state (CelModel    *model,
                    JsonObject  *state,
                    GError     **error)
{
  CelSnn *self = CEL_SNN (model);
  gint64 neurons, excitatory, synapses, filled, bin_e, bin_i, total_e, total_i;
  double dt;
  CelSnnNet net = { 0 };

  if (!cel_json_get_int (state, "neurons", 1, 2 * CEL_SNN_MAX_NEURONS, &neurons, error)
      || !cel_json_get_int (state, "excitatory", 0, neurons, &excitatory, error)
      || !cel_json_get_int (state, "synapses", 0, (gint64) CEL_SNN_MAX_SYNAPSES, &synapses, error)
      || !cel_json_get_double (state, "dt", 0.001, 1.0, &dt, error)
      || !cel_json_get_int (state, "bin-filled", 0, G_MAXUINT32, &filled, error)
      || !cel_json_get_int (state, "bin-spikes-e", 0, G_MAXINT64, &bin_e, error)
      || !cel_json_get_int (state, "bin-spikes-i", 0, G_MAXINT64, &bin_i, error)
      || !cel_json_get_int (state, "spikes-e", 0, G_MAXINT64, &total_e, error)
      || !cel_json_get_int (state, "spikes-i", 0, G_MAXINT64, &total_i, error))
    return FALSE;
  if (neurons != (gint64) self->n_exc + self->n_inh)
    return cel_json_error (error, "neurons", _("does not match the parameters"));
  if (excitatory != self->n_exc)
    return cel_json_error (error, "excitatory", _("does not match the parameters"));
  if (filled >= MAX (lround (RATE_BIN_MS / dt), 1))
    return cel_json_error (error, "bin-filled", _("is not less than the steps of a rate bin"));

  net.n = (guint) neurons;
  net.n_exc = (guint) excitatory;
  if ((net.v = decode_doubles (state, "v", net.n, error)) == NULL
      || (net.ge = decode_doubles (state, "ge", net.n, error)) == NULL
      || (net.gi = decode_doubles (state, "gi", net.n, error)) == NULL
      || (net.refractory = decode_words (state, "refractory", net.n, 4, error)) == NULL
      || (net.last_spike = decode_words (state, "last-spike", net.n, 8, error)) == NULL
      || (net.offsets = decode_words (state, "offsets", net.n + 1, 4, error)) == NULL
      || (net.targets = decode_words (state, "targets", (gsize) synapses, 4, error)) == NULL)
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
  if (net.offsets[0] != 0 || net.offsets[net.n] != (guint32) synapses)
    {
      net_clear (&net);
      return cel_json_error (error, "offsets", _("do not span the targets"));
    }
  for (guint i = 0; i < net.n; i++)
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

  net_clear (&self->net);
  self->net = net;
  self->reset_dt = dt;
  self->bin_steps = MAX ((guint32) lround (RATE_BIN_MS / dt), 1);
  self->bin_filled = (guint32) filled;
  self->bin_spikes[0] = (guint64) bin_e;
  self->bin_spikes[1] = (guint64) bin_i;
  self->total_spikes[0] = (guint64) total_e;
  self->total_spikes[1] = (guint64) total_i;
  g_free (self->spikes);
  self->spikes = g_new (guint32, net.n);
  layout (self);
  return TRUE;
}

/* Public ------------------------------------------------------------------- */

guint64
cel_snn_get_spike_count (CelSnn *self, gboolean excitatory)
{
  g_return_val_if_fail (CEL_IS_SNN (self), 0);
  return self->total_spikes[excitatory ? 0 : 1];
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
  G_OBJECT_CLASS (cel_snn_parent_class)->finalize (object);
}

static gpointer
field_of (CelSnn *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_SYNAPSES: return &self->synapses;
    case PROP_N_EXC: return &self->n_exc;
    case PROP_N_INH: return &self->n_inh;
    case PROP_P: return &self->p;
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
    case PROP_DT: return &self->dt;
    default: return NULL;
    }
}

static void
cel_snn_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  gpointer field = field_of (CEL_SNN (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    cel_param_get_member (pspec, field, value);
}

static void
cel_snn_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  gpointer field = field_of (CEL_SNN (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (cel_param_set_member (pspec, field, value))
    g_object_notify_by_pspec (object, pspec);
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
  model_class->get_n_fields = cel_snn_get_n_fields;
  model_class->get_field_info = cel_snn_get_field_info;
  model_class->render_field = cel_snn_render_field;
  model_class->save_state = cel_snn_save_state;
  model_class->load_state = cel_snn_load_state;

  properties[PROP_SYNAPSES] =
    cel_param_enum ("synapses", N_("Synapses"),
                    N_("Conductance-based synapses (COBA), whose effect scales with the distance "
                       "to the reversal potential, or current-based ones (CUBA) that move the "
                       "potential by a fixed amount"),
                    CEL_TYPE_SNN_SYNAPSES, CEL_SNN_COBA, N_("Network"), CEL_PARAM_NEEDS_RESET);
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
  properties[PROP_DT] =
    cel_param_double ("dt", N_("Time step"), N_("Simulated time advanced by one step"),
                      0.001, 1.0, 0.1, N_("Integration"), N_("ms"), CEL_PARAM_NEEDS_RESET);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_snn_init (CelSnn *self)
{
  CelModel *model = CEL_MODEL (self);

  self->synapses = CEL_SNN_COBA;
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
  self->dt = 0.1;

  self->raster = cel_model_add_series (model, &raster_info);
  self->rate_e = cel_model_add_series (model, &rate_e_info);
  self->rate_i = cel_model_add_series (model, &rate_i_info);

  /* A usable state before the first cel_model_reset(). */
  cel_snn_reset (model);
}
