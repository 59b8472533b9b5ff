/* cel-snn-engine.c — one step of the spiking network. See cel-snn-engine.h. */
#include "models/snn/cel-snn-engine.h"

#include <math.h>
#include <string.h>

/* Build the conductance kernel for AVX-512, AVX2 and the baseline, chosen
 * at load time for the CPU at hand (GCC function multiversioning, as
 * cel-life-engine.c). Not under ThreadSanitizer, whose runtime is not set
 * up when the loader runs the version resolver. */
#if defined(__SANITIZE_THREAD__)
#define CEL_SNN_MULTIVERSION
#endif
#if !defined(CEL_SNN_MULTIVERSION) && defined(__x86_64__) && defined(__GNUC__) \
    && defined(__has_attribute)
#if __has_attribute (target_clones)
#define CEL_SNN_MULTIVERSION \
  __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
#endif
#ifndef CEL_SNN_MULTIVERSION
#define CEL_SNN_MULTIVERSION
#endif

/* Neurons updated together: their input is added first, then the membrane
 * decays of the block are computed in one vectorised loop. */
#define BLOCK 256

/* Largest mean drawn in one piece: e^−16 ≈ 1.1e−7 keeps the product of
 * uniforms far from underflow. */
#define POISSON_PIECE 16.0

guint
cel_snn_poisson (CelRng *rng,
                 double  mean)
{
  guint count = 0;

  while (mean > 0.0)
    {
      double piece = MIN (mean, POISSON_PIECE);
      double limit = exp (-piece);
      double product = cel_rng_uniform (rng);

      while (product > limit)
        {
          count++;
          product *= cel_rng_uniform (rng);
        }
      mean -= piece;
    }
  return count;
}

void
cel_snn_net_set_delay (CelSnnNet *net,
                       guint32    delay)
{
  gsize size = (gsize) MAX (delay, 1) * MAX (net->n, 1);

  g_free (net->pending_e);
  g_free (net->pending_i);
  net->delay = MAX (delay, 1);
  net->pending_e = g_new0 (double, size);
  net->pending_i = g_new0 (double, size);
}

/* The synaptic current of an Izhikevich neuron, in the units of its
 * equation. */
static inline double
izhikevich_input (const CelSnnConstants *k, double v, double ge, double gi)
{
  switch (k->kind)
    {
    case CEL_SNN_KIND_COBA:
      return k->bias + ge * (k->e_exc - v) + gi * (k->e_inh - v);
    case CEL_SNN_KIND_CUBA:
      return k->bias + k->leak * (ge + gi);
    case CEL_SNN_KIND_DELTA:
    default:
      return k->bias;
    }
}

/* e^x for x ≤ 0 without a call, so that a loop of them vectorises:
 * x = n ln 2 + r with n = round(x / ln 2) and |r| ≤ ln 2 / 2 (ln 2 split
 * in a high part with trailing zero bits, so that n ln2_hi is exact, and a
 * low part: Cody & Waite), e^r by its Taylor series to r¹³ (truncation
 * error 0.347¹⁴/14! < 5e−18, below half an ulp), and 2^n put in the
 * exponent bits. n is read from the bits of x / ln 2 + 1.5·2⁵², whose
 * rounding to an integer it is. Within a few ulp of exp(); below −700
 * (e^−700 ≈ 1e−304) it returns e^−700. */
static inline double
exp_nonpositive (double x)
{
  const double shift = 0x1.8p52, log2e = 0x1.71547652b82fep0;
  const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
  double t, n, r, p, scale;
  guint64 bits;

  x = x > -700.0 ? x : -700.0;
  t = x * log2e + shift;
  n = t - shift;
  r = (x - n * ln2_hi) - n * ln2_lo;
  p = 1.0 / 6227020800.0;                       /* 1/13! */
  p = 1.0 / 479001600.0 + r * p;                /* 1/12! */
  p = 1.0 / 39916800.0 + r * p;
  p = 1.0 / 3628800.0 + r * p;
  p = 1.0 / 362880.0 + r * p;
  p = 1.0 / 40320.0 + r * p;
  p = 1.0 / 5040.0 + r * p;
  p = 1.0 / 720.0 + r * p;
  p = 1.0 / 120.0 + r * p;
  p = 1.0 / 24.0 + r * p;
  p = 1.0 / 6.0 + r * p;
  p = 0.5 + r * p;
  p = 1.0 + r * p;
  p = 1.0 + r * p;
  /* The low bits of t hold n in two's complement; n + 1023 is in 13 … 1023. */
  memcpy (&bits, &t, sizeof bits);
  bits = (bits + 1023) << 52;
  memcpy (&scale, &bits, sizeof scale);
  return p * scale;
}

/* For n conductance neurons: the potentials the membrane relaxes to with
 * the synapses frozen, V∞ = (g_L E_L + I + g_e E_e + g_i E_i) / g, and the
 * decays exp(−dt g / C), g = g_L + g_e + g_i (rate = −dt / C). */
CEL_SNN_MULTIVERSION static void
coba_prepare (const double *restrict ge,
              const double *restrict gi,
              double       *restrict v_inf,
              double       *restrict decay,
              guint                  n,
              const CelSnnConstants *k)
{
  const double leak = k->leak, leak_rest = k->leak * k->rest + k->bias;
  const double e_exc = k->e_exc, e_inh = k->e_inh, rate = -k->dt / k->capacitance;

  for (guint j = 0; j < n; j++)
    {
      double g = leak + ge[j] + gi[j];

      v_inf[j] = (leak_rest + ge[j] * e_exc + gi[j] * e_inh) / g;
      decay[j] = exp_nonpositive (rate * g);
    }
}

/* Updates neurons first … last − 1, all of population `pop`, appending
 * those that fire to spikes; `ring`: their input waits in the pending ring
 * (else it was added to g_e, g_i directly). Inlined twice per step so that
 * the population's constants fold into the loop. Block by block, the
 * step's input is added to g_e, g_i, then the conductance neurons' V∞ and
 * decays are computed together, then each neuron is integrated. */
static inline guint
update (CelSnnNet              *net,
        const CelSnnConstants  *k,
        const CelSnnPopulation *pop,
        guint                   first,
        guint                   last,
        double                 *arrive_e,
        double                 *arrive_i,
        gboolean                ring,
        CelRng                 *rng,
        guint32                *spikes,
        guint                   n_spikes)
{
  const CelSnnKind kind = k->kind;
  const gboolean izhikevich = pop->izhikevich;
  const gboolean coba = kind == CEL_SNN_KIND_COBA && !izhikevich;
  const double ext_mean = pop->ext_mean, ext_weight = pop->ext_weight;
  const double a = pop->a, b = pop->b;
  const double dt = k->dt, decay_e = exp (-dt / k->tau_e), decay_i = exp (-dt / k->tau_i);
  const double decay_m = exp (-dt * k->leak / k->capacitance);
  const double rest = k->rest, threshold = k->threshold;
  const double drive = k->bias / k->leak;  /* R I, mV */
  const guint8 *restrict stimulated = net->stimulated;
  double *restrict v_all = net->v, *restrict ge_all = net->ge, *restrict gi_all = net->gi;
  guint32 *restrict refractory = net->refractory;
  double v_infs[BLOCK], decays[BLOCK];

  for (guint start = first; start < last; start += BLOCK)
    {
      guint end = MIN (last - start, BLOCK) + start;

      for (guint j = start; j < end; j++)
        {
          if (ring)
            {
              ge_all[j] += arrive_e[j];
              gi_all[j] += arrive_i[j];
              arrive_e[j] = arrive_i[j] = 0.0;
            }
          if (ext_mean > 0.0)
            ge_all[j] += ext_weight * cel_snn_poisson (rng, ext_mean);
          if (stimulated && stimulated[j])
            ge_all[j] += k->stim_weight * cel_snn_poisson (rng, k->stim_mean);
        }
      if (coba)
        coba_prepare (ge_all + start, gi_all + start, v_infs, decays, end - start, k);

      for (guint j = start; j < end; j++)
        {
          double v = v_all[j];
          double ge = ge_all[j], gi = gi_all[j];
          double jump = 0.0;

          if (kind == CEL_SNN_KIND_DELTA)
            {
              jump = ge + gi;
              ge = gi = 0.0;
            }
          ge_all[j] = ge * decay_e;
          gi_all[j] = gi * decay_i;

          if (izhikevich)
            {
              if (v < CEL_SNN_IZHIKEVICH_PEAK)
                {
                  double u = net->u[j];
                  double input = izhikevich_input (k, v, ge, gi);

                  v_all[j] = v + dt * (0.04 * v * v + 5.0 * v + 140.0 - u + input) + jump;
                  net->u[j] = u + dt * a * (b * v - u);
                  v = v_all[j];
                }
              if (v >= CEL_SNN_IZHIKEVICH_PEAK)
                spikes[n_spikes++] = j;
              continue;
            }
          if (refractory[j] > 0)
            {
              refractory[j]--;
              continue;
            }
          if (v < threshold)
            {
              double v_inf, decay;

              if (coba)
                {
                  v_inf = v_infs[j - start];
                  decay = decays[j - start];
                }
              else
                {
                  v_inf = rest + ge + gi + drive;
                  decay = decay_m;
                }
              v = v_inf + (v - v_inf) * decay + jump;
              v_all[j] = v;
            }
          if (v >= threshold)
            spikes[n_spikes++] = j;
        }
    }
  return n_spikes;
}

/* Input reaches the neurons through the pending ring, except with a one-step
 * delay and current or conductance synapses, where it can go straight into
 * g_e, g_i after they decayed: the same sums, without the ring. */
static gboolean
uses_ring (const CelSnnNet *net, const CelSnnConstants *k)
{
  return net->delay > 1 || k->kind == CEL_SNN_KIND_DELTA;
}

void
cel_snn_engine_deliver (CelSnnNet             *net,
                        const CelSnnConstants *k,
                        gint64                 step,
                        const guint32         *sources,
                        guint                  n_sources)
{
  gsize slot = (gsize) (step % net->delay) * net->n;
  double *g = uses_ring (net, k) ? net->pending_e + slot : net->ge;

  for (guint s = 0; s < n_sources; s++)
    {
      guint32 i = sources[s];

      for (guint32 e = net->offsets[i]; e < net->offsets[i + 1]; e++)
        g[net->targets[e]] += net->weights[e];
    }
}

guint
cel_snn_engine_step (CelSnnNet             *net,
                     const CelSnnConstants *k,
                     gint64                 step,
                     CelRng                *rng,
                     guint32               *spikes)
{
  gboolean ring = uses_ring (net, k);
  gsize slot = (gsize) (step % net->delay) * net->n;
  double *arrive_e = ring ? net->pending_e + slot : net->ge;
  double *arrive_i = ring ? net->pending_i + slot : net->gi;
  guint n_spikes = 0;

  for (guint p = 0; p < 2; p++)
    {
      guint first = p == 0 ? 0 : net->n_exc, last = p == 0 ? net->n_exc : net->n;

      if (ring)
        n_spikes = update (net, k, &k->pop[p], first, last, arrive_e, arrive_i, TRUE, rng, spikes,
                           n_spikes);
      else
        n_spikes = update (net, k, &k->pop[p], first, last, NULL, NULL, FALSE, rng, spikes,
                           n_spikes);
    }

  for (guint s = 0; s < n_spikes; s++)
    {
      guint32 i = spikes[s];
      gboolean excitatory = i < net->n_exc;
      const CelSnnPopulation *pop = &k->pop[excitatory ? 0 : 1];
      double *g = excitatory ? arrive_e : arrive_i;
      const guint32 *targets = net->targets;
      const float *weights = net->weights;

      if (pop->izhikevich)
        {
          net->v[i] = pop->c;
          net->u[i] += pop->d;
        }
      else
        {
          net->v[i] = k->reset;
          net->refractory[i] = k->refractory_steps;
        }
      net->last_spike[i] = step;
      /* Ring: slot (step + D) mod D is this step's own, already emptied. */
      for (guint32 e = net->offsets[i]; e < net->offsets[i + 1]; e++)
        g[targets[e]] += weights[e];
    }
  return n_spikes;
}
