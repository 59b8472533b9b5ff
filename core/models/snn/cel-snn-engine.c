/* cel-snn-engine.c — one step of the leaky integrate-and-fire network. See
 * cel-snn-engine.h. */
#include "models/snn/cel-snn-engine.h"

#include <math.h>

guint
cel_snn_engine_step (CelSnnNet             *net,
                     const CelSnnConstants *k,
                     gint64                 step,
                     guint32               *spikes)
{
  double decay_e = exp (-k->dt / k->tau_e);
  double decay_i = exp (-k->dt / k->tau_i);
  double tau_m = k->capacitance / k->leak;
  double decay_m = exp (-k->dt / tau_m);
  double drive = k->bias / k->leak;  /* R I, mV */
  guint n_spikes = 0;

  for (guint j = 0; j < net->n; j++)
    {
      double v = net->v[j];
      double ge = net->ge[j], gi = net->gi[j];

      net->ge[j] = ge * decay_e;
      net->gi[j] = gi * decay_i;
      if (net->refractory[j] > 0)
        {
          net->refractory[j]--;
          continue;
        }
      if (v < k->threshold)
        {
          double v_inf, decay;

          if (k->conductance)
            {
              double g = k->leak + ge + gi;

              v_inf = (k->leak * k->rest + ge * k->e_exc + gi * k->e_inh + k->bias) / g;
              decay = exp (-k->dt * g / k->capacitance);
            }
          else
            {
              v_inf = k->rest + ge + gi + drive;
              decay = decay_m;
            }
          v = v_inf + (v - v_inf) * decay;
          net->v[j] = v;
        }
      if (v >= k->threshold)
        spikes[n_spikes++] = j;
    }

  for (guint s = 0; s < n_spikes; s++)
    {
      guint32 i = spikes[s];
      gboolean excitatory = i < net->n_exc;
      double jump = excitatory ? k->jump_e : k->jump_i;
      double *g = excitatory ? net->ge : net->gi;

      net->v[i] = k->reset;
      net->refractory[i] = k->refractory_steps;
      net->last_spike[i] = step;
      for (guint32 e = net->offsets[i]; e < net->offsets[i + 1]; e++)
        g[net->targets[e]] += jump;
    }
  return n_spikes;
}
