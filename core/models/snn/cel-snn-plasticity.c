/* cel-snn-plasticity.c — trace-based STDP over compressed rows, with the
 * NALSM astrocyte. See cel-snn-plasticity.h. */
#include "models/snn/cel-snn-plasticity.h"

#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

struct _CelSnnStdp
{
  guint             n;
  CelSnnStdpParams  p;

  /* The plastic synapses out of each neuron (index into the weights, and
   * target) and into each neuron (index and source), as compressed rows. */
  guint32          *out_offsets, *out_syn, *out_target;
  guint32          *in_offsets, *in_syn, *in_source;

  double           *x_pre;    /* presynaptic traces, τ₊ */
  double           *x_post;   /* postsynaptic traces, τ₋ */
  double            astro;    /* astrocyte state A₋ */

  /* Decay factors over the dt they were computed for (0 before the first
   * step). */
  double            dt;
  double            decay_plus, decay_minus, decay_astro;
};

/* The paper's astrocyte counts spikes per millisecond. */
#define ASTRO_COUNT_MS 1.0

static gboolean
check (gboolean ok, const char *name, double value, GError **error)
{
  if (!ok)
    g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                 _("STDP: %s cannot be %g"), name, value);
  return ok;
}

gboolean
cel_snn_stdp_params_validate (const CelSnnStdpParams  *p,
                              GError                 **error)
{
  g_return_val_if_fail (p != NULL, FALSE);

  return check (isfinite (p->a_plus) && p->a_plus >= 0.0, "A₊", p->a_plus, error)
      && check (isfinite (p->a_minus) && p->a_minus >= 0.0, "A₋", p->a_minus, error)
      && check (isfinite (p->tau_plus) && p->tau_plus > 0.0, "τ₊", p->tau_plus, error)
      && check (isfinite (p->tau_minus) && p->tau_minus > 0.0, "τ₋", p->tau_minus, error)
      && check (isfinite (p->w_max) && p->w_max > 0.0, "w_max", p->w_max, error)
      && (!p->astrocyte
          || (check (isfinite (p->tau_astro) && p->tau_astro > 0.0, "τ_astro", p->tau_astro, error)
              && check (isfinite (p->astro_gain), _("the astrocyte gain"), p->astro_gain, error)));
}

CelSnnStdp *
cel_snn_stdp_new (guint                   n,
                  const guint32          *offsets,
                  const guint32          *targets,
                  const guint8           *plastic,
                  const CelSnnStdpParams *params)
{
  CelSnnStdp *stdp;
  guint32 n_plastic = 0;

  g_return_val_if_fail (offsets != NULL && params != NULL, NULL);
  g_return_val_if_fail (cel_snn_stdp_params_validate (params, NULL), NULL);
  for (guint32 s = 0; s < offsets[n]; s++)
    g_return_val_if_fail (targets[s] < n, NULL);

  stdp = g_new0 (CelSnnStdp, 1);
  stdp->n = n;
  stdp->p = *params;
  stdp->astro = params->a_minus;
  stdp->x_pre = g_new0 (double, n);
  stdp->x_post = g_new0 (double, n);
  stdp->out_offsets = g_new0 (guint32, (gsize) n + 1);
  stdp->in_offsets = g_new0 (guint32, (gsize) n + 1);

  /* Count the plastic synapses out of and into each neuron. */
  for (guint i = 0; i < n; i++)
    for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
      if (plastic == NULL || plastic[s])
        {
          stdp->out_offsets[i + 1]++;
          stdp->in_offsets[targets[s] + 1]++;
          n_plastic++;
        }
  for (guint i = 0; i < n; i++)
    {
      stdp->out_offsets[i + 1] += stdp->out_offsets[i];
      stdp->in_offsets[i + 1] += stdp->in_offsets[i];
    }
  stdp->out_syn = g_new (guint32, MAX (n_plastic, 1));
  stdp->out_target = g_new (guint32, MAX (n_plastic, 1));
  stdp->in_syn = g_new (guint32, MAX (n_plastic, 1));
  stdp->in_source = g_new (guint32, MAX (n_plastic, 1));

  /* Fill both indices; sources ascend within each target's row, since
   * sources are visited in order. */
  {
    g_autofree guint32 *fill = g_memdup2 (stdp->in_offsets, (gsize) n * sizeof (guint32));
    guint32 k = 0;

    for (guint i = 0; i < n; i++)
      for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
        if (plastic == NULL || plastic[s])
          {
            guint32 j = targets[s];

            stdp->out_syn[k] = s;
            stdp->out_target[k] = j;
            k++;
            stdp->in_syn[fill[j]] = s;
            stdp->in_source[fill[j]] = i;
            fill[j]++;
          }
  }
  return stdp;
}

void
cel_snn_stdp_free (CelSnnStdp *stdp)
{
  if (stdp == NULL)
    return;
  g_free (stdp->out_offsets);
  g_free (stdp->out_syn);
  g_free (stdp->out_target);
  g_free (stdp->in_offsets);
  g_free (stdp->in_syn);
  g_free (stdp->in_source);
  g_free (stdp->x_pre);
  g_free (stdp->x_post);
  g_free (stdp);
}

void
cel_snn_stdp_reset (CelSnnStdp *stdp)
{
  memset (stdp->x_pre, 0, stdp->n * sizeof (double));
  memset (stdp->x_post, 0, stdp->n * sizeof (double));
  stdp->astro = stdp->p.a_minus;
}

double
cel_snn_stdp_get_astrocyte (const CelSnnStdp *stdp)
{
  return stdp->astro;
}

double
cel_snn_stdp_get_a_minus (const CelSnnStdp *stdp)
{
  if (!stdp->p.astrocyte)
    return stdp->p.a_minus;
  return MAX (0.0, stdp->astro);
}

void
cel_snn_stdp_step (CelSnnStdp    *stdp,
                   float         *weights,
                   const guint32 *spikes,
                   guint          n_spikes,
                   guint          n_input_spikes,
                   guint          n_input_total,
                   double         dt)
{
  const CelSnnStdpParams *p = &stdp->p;
  double depress, potentiate;

  g_return_if_fail (n_input_spikes <= n_spikes && n_input_spikes <= n_input_total);
  g_return_if_fail (dt > 0.0);

  if (dt != stdp->dt)
    {
      stdp->dt = dt;
      stdp->decay_plus = exp (-dt / p->tau_plus);
      stdp->decay_minus = exp (-dt / p->tau_minus);
      stdp->decay_astro = p->astrocyte ? exp (-dt / p->tau_astro) : 0.0;
    }

  /* Exact decay of the traces over the step. */
  for (guint i = 0; i < stdp->n; i++)
    {
      stdp->x_pre[i] *= stdp->decay_plus;
      stdp->x_post[i] *= stdp->decay_minus;
    }

  /* The astrocyte: exact relaxation towards the bias, plus the step's
   * liquid minus input spikes. */
  if (p->astrocyte)
    stdp->astro = p->a_minus + (stdp->astro - p->a_minus) * stdp->decay_astro
                  + p->astro_gain * ASTRO_COUNT_MS / p->tau_astro
                    * ((double) (n_spikes - n_input_spikes) - (double) n_input_spikes);

  depress = cel_snn_stdp_get_a_minus (stdp) * p->w_max;
  potentiate = p->a_plus * p->w_max;

  /* A presynaptic spike depresses by the target's postsynaptic trace. */
  if (depress > 0.0)
    for (guint k = 0; k < n_spikes; k++)
      {
        guint32 i = spikes[k];

        for (guint32 e = stdp->out_offsets[i]; e < stdp->out_offsets[i + 1]; e++)
          {
            double w = weights[stdp->out_syn[e]] - depress * stdp->x_post[stdp->out_target[e]];

            weights[stdp->out_syn[e]] = (float) MAX (w, 0.0);
          }
      }

  /* A postsynaptic spike potentiates by the source's presynaptic trace. */
  if (potentiate > 0.0)
    for (guint k = 0; k < n_spikes; k++)
      {
        guint32 j = spikes[k];

        for (guint32 e = stdp->in_offsets[j]; e < stdp->in_offsets[j + 1]; e++)
          {
            double w = weights[stdp->in_syn[e]] + potentiate * stdp->x_pre[stdp->in_source[e]];

            weights[stdp->in_syn[e]] = (float) MIN (w, p->w_max);
          }
      }

  for (guint k = 0; k < n_spikes; k++)
    {
      stdp->x_pre[spikes[k]] += 1.0;
      stdp->x_post[spikes[k]] += 1.0;
    }
}

void
cel_snn_stdp_get_state (const CelSnnStdp  *stdp,
                        const double     **x_pre,
                        const double     **x_post,
                        double            *astrocyte)
{
  *x_pre = stdp->x_pre;
  *x_post = stdp->x_post;
  *astrocyte = stdp->astro;
}

gboolean
cel_snn_stdp_set_state (CelSnnStdp    *stdp,
                        const double  *x_pre,
                        const double  *x_post,
                        double         astrocyte,
                        GError       **error)
{
  for (guint i = 0; i < stdp->n; i++)
    if (!isfinite (x_pre[i]) || x_pre[i] < 0.0 || !isfinite (x_post[i]) || x_post[i] < 0.0)
      {
        g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                     _("STDP: the traces of neuron %u are not finite and non-negative"), i);
        return FALSE;
      }
  if (!isfinite (astrocyte))
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_PARSE,
                           _("STDP: the astrocyte's state is not finite"));
      return FALSE;
    }
  memcpy (stdp->x_pre, x_pre, stdp->n * sizeof (double));
  memcpy (stdp->x_post, x_post, stdp->n * sizeof (double));
  stdp->astro = astrocyte;
  return TRUE;
}
