/* cel-reservoir-signal.c — Lorenz, Mackey–Glass, NARMA-10 and the memory
 * task's input (see cel-reservoir-signal.h). */
#include "models/reservoir/cel-reservoir-signal.h"

#include <math.h>
#include <string.h>

#include "cel-json.h"
#include "models/reservoir/cel-reservoir-io.h"

#define LORENZ_SIGMA 10.0
#define LORENZ_RHO 28.0
#define LORENZ_BETA (8.0 / 3.0)
#define LORENZ_SUBSTEPS 4
#define LORENZ_SCALE 10.0
#define LORENZ_Z0 25.0
/* Samples discarded after a random start, to land on the attractor. */
#define LORENZ_TRANSIENT 1000

#define MG_BETA 0.2
#define MG_GAMMA 0.1
#define MG_SUBSTEPS 100   /* CEL_MACKEY_GLASS_STEP per sample of one time unit */
#define MG_CENTRE 0.9
#define MG_SCALE 0.25
#define MG_TRANSIENT 500

/* NARMA-10 sequences that stay bounded stay below about 1.3 (the largest
 * value in 620 bounded runs of 100 000 steps was 1.294); one that passes
 * this has started to run away to infinity. */
#define NARMA_RUNAWAY 1.5

/* Lorenz ------------------------------------------------------------------- */

static void
lorenz_derivative (const double *s, double *d)
{
  d[0] = LORENZ_SIGMA * (s[1] - s[0]);
  d[1] = s[0] * (LORENZ_RHO - s[2]) - s[1];
  d[2] = s[0] * s[1] - LORENZ_BETA * s[2];
}

static void
lorenz_sample (double *s)
{
  const double h = CEL_LORENZ_SAMPLE_DT / LORENZ_SUBSTEPS;

  for (guint k = 0; k < LORENZ_SUBSTEPS; k++)
    {
      double k1[3], k2[3], k3[3], k4[3], t[3];

      lorenz_derivative (s, k1);
      for (guint i = 0; i < 3; i++)
        t[i] = s[i] + 0.5 * h * k1[i];
      lorenz_derivative (t, k2);
      for (guint i = 0; i < 3; i++)
        t[i] = s[i] + 0.5 * h * k2[i];
      lorenz_derivative (t, k3);
      for (guint i = 0; i < 3; i++)
        t[i] = s[i] + h * k3[i];
      lorenz_derivative (t, k4);
      for (guint i = 0; i < 3; i++)
        s[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
}

static void
lorenz_normalise (const double *s, double *out)
{
  out[0] = s[0] / LORENZ_SCALE;
  out[1] = s[1] / LORENZ_SCALE;
  out[2] = (s[2] - LORENZ_Z0) / LORENZ_SCALE;
}

/* Mackey–Glass --------------------------------------------------------------- */

static inline double
mg_derivative (double x, double delayed)
{
  double d2 = delayed * delayed, d4 = d2 * d2, d8 = d4 * d4;

  return MG_BETA * delayed / (1.0 + d8 * d2) - MG_GAMMA * x;
}

/* One sample (one time unit) of the delay equation. The ring holds
 * x(t − τ) … x(t) at spacing h; x(t − τ) sits just after the current slot. */
static void
mg_sample (CelSignal *signal)
{
  const double h = CEL_MACKEY_GLASS_STEP;
  double *ring = signal->mackey_glass;

  for (guint k = 0; k < MG_SUBSTEPS; k++)
    {
      guint head = signal->mg_head;
      double x = ring[head];
      double d0 = ring[(head + 1) % CEL_MACKEY_GLASS_HISTORY];
      double d1 = ring[(head + 2) % CEL_MACKEY_GLASS_HISTORY];
      double dm = 0.5 * (d0 + d1);
      double k1 = mg_derivative (x, d0);
      double k2 = mg_derivative (x + 0.5 * h * k1, dm);
      double k3 = mg_derivative (x + 0.5 * h * k2, dm);
      double k4 = mg_derivative (x + h * k3, d1);

      /* The new value replaces x(t − τ), which no later step needs. */
      signal->mg_head = (head + 1) % CEL_MACKEY_GLASS_HISTORY;
      ring[signal->mg_head] = x + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    }
}

static double
mg_current (const CelSignal *signal)
{
  return (signal->mackey_glass[signal->mg_head] - MG_CENTRE) / MG_SCALE;
}

/* Signals ---------------------------------------------------------------------- */

void
cel_signal_init (CelSignal     *signal,
                 CelSignalKind  kind,
                 guint          memory_delays,
                 CelRng        *rng)
{
  cel_signal_clear (signal);
  signal->kind = kind;
  switch (kind)
    {
    case CEL_SIGNAL_LORENZ:
      signal->n_inputs = signal->n_targets = 3;
      signal->lorenz[0] = 20.0 * cel_rng_uniform (rng) - 10.0;
      signal->lorenz[1] = 20.0 * cel_rng_uniform (rng) - 10.0;
      signal->lorenz[2] = 10.0 + 30.0 * cel_rng_uniform (rng);
      for (guint i = 0; i < LORENZ_TRANSIENT; i++)
        lorenz_sample (signal->lorenz);
      break;
    case CEL_SIGNAL_MACKEY_GLASS:
      {
        double start = 1.1 + 0.2 * cel_rng_uniform (rng);

        signal->n_inputs = signal->n_targets = 1;
        signal->mackey_glass = g_new (double, CEL_MACKEY_GLASS_HISTORY);
        for (guint i = 0; i < CEL_MACKEY_GLASS_HISTORY; i++)
          signal->mackey_glass[i] = start;
        signal->mg_head = 0;
        for (guint i = 0; i < MG_TRANSIENT; i++)
          mg_sample (signal);
      }
      break;
    case CEL_SIGNAL_NARMA10:
      signal->n_inputs = signal->n_targets = 1;
      break;
    case CEL_SIGNAL_MEMORY:
    default:
      signal->n_inputs = 1;
      signal->memory_delays = signal->n_targets = MAX (memory_delays, 1);
      signal->memory = g_new0 (double, signal->memory_delays);
      break;
    }
}

void
cel_signal_clear (CelSignal *signal)
{
  g_clear_pointer (&signal->mackey_glass, g_free);
  g_clear_pointer (&signal->memory, g_free);
  memset (signal, 0, sizeof *signal);
}

gboolean
cel_signal_next (CelSignal *signal,
                 CelRng    *rng,
                 double    *input,
                 double    *target)
{
  switch (signal->kind)
    {
    case CEL_SIGNAL_LORENZ:
      lorenz_normalise (signal->lorenz, input);
      lorenz_sample (signal->lorenz);
      lorenz_normalise (signal->lorenz, target);
      return isfinite (target[0]) && isfinite (target[1]) && isfinite (target[2]);
    case CEL_SIGNAL_MACKEY_GLASS:
      input[0] = mg_current (signal);
      mg_sample (signal);
      target[0] = mg_current (signal);
      return isfinite (target[0]);
    case CEL_SIGNAL_NARMA10:
      {
        double u = 0.5 * cel_rng_uniform (rng);
        double *y = signal->narma_y, *past = signal->narma_u;
        double sum = 0.0, next;

        for (guint i = 0; i < CEL_NARMA_ORDER; i++)
          sum += y[i];
        next = 0.3 * y[0] + 0.05 * y[0] * sum + 1.5 * past[CEL_NARMA_ORDER - 2] * u + 0.1;
        if (!(next <= NARMA_RUNAWAY))
          {
            /* The sequence is running away: start a fresh one. */
            memset (y, 0, sizeof signal->narma_y);
            memset (past, 0, sizeof signal->narma_u);
            next = 0.1;
          }
        memmove (y + 1, y, (CEL_NARMA_ORDER - 1) * sizeof (double));
        y[0] = next;
        memmove (past + 1, past, (CEL_NARMA_ORDER - 1) * sizeof (double));
        past[0] = u;
        input[0] = u;
        target[0] = next;
        return isfinite (next);
      }
    case CEL_SIGNAL_MEMORY:
    default:
      {
        double u = cel_rng_uniform (rng) - 0.5;

        memcpy (target, signal->memory, signal->memory_delays * sizeof (double));
        memmove (signal->memory + 1, signal->memory, (signal->memory_delays - 1) * sizeof (double));
        signal->memory[0] = u;
        input[0] = u;
        return TRUE;
      }
    }
}

double
cel_signal_to_display (const CelSignal *signal,
                       guint            component,
                       double           value)
{
  switch (signal->kind)
    {
    case CEL_SIGNAL_LORENZ:
      return value * LORENZ_SCALE + (component == 2 ? LORENZ_Z0 : 0.0);
    case CEL_SIGNAL_MACKEY_GLASS:
      return value * MG_SCALE + MG_CENTRE;
    case CEL_SIGNAL_NARMA10:
    case CEL_SIGNAL_MEMORY:
    default:
      return value;
    }
}

/* State: { "lorenz": [3 doubles] } or { "history": ring, "head": slot }
 * or { "y", "u": 10 doubles each } or { "memory": K doubles }. */
JsonNode *
cel_signal_save (const CelSignal *signal)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  switch (signal->kind)
    {
    case CEL_SIGNAL_LORENZ:
      cel_reservoir_add_doubles (b, "lorenz", signal->lorenz, 3);
      break;
    case CEL_SIGNAL_MACKEY_GLASS:
      cel_reservoir_add_doubles (b, "history", signal->mackey_glass, CEL_MACKEY_GLASS_HISTORY);
      json_builder_set_member_name (b, "head");
      json_builder_add_int_value (b, signal->mg_head);
      break;
    case CEL_SIGNAL_NARMA10:
      cel_reservoir_add_doubles (b, "y", signal->narma_y, CEL_NARMA_ORDER);
      cel_reservoir_add_doubles (b, "u", signal->narma_u, CEL_NARMA_ORDER);
      break;
    case CEL_SIGNAL_MEMORY:
    default:
      cel_reservoir_add_doubles (b, "memory", signal->memory, signal->memory_delays);
      break;
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
cel_signal_load (CelSignal   *signal,
                 JsonObject  *state,
                 GError     **error)
{
  switch (signal->kind)
    {
    case CEL_SIGNAL_LORENZ:
      return cel_reservoir_get_doubles (state, "lorenz", signal->lorenz, 3, error);
    case CEL_SIGNAL_MACKEY_GLASS:
      {
        gint64 head;

        if (!cel_json_get_int (state, "head", 0, CEL_MACKEY_GLASS_HISTORY - 1, &head, error))
          return FALSE;
        if (!cel_reservoir_get_doubles (state, "history", signal->mackey_glass,
                                        CEL_MACKEY_GLASS_HISTORY, error))
          return FALSE;
        signal->mg_head = (guint) head;
        return TRUE;
      }
    case CEL_SIGNAL_NARMA10:
      return cel_reservoir_get_doubles (state, "y", signal->narma_y, CEL_NARMA_ORDER, error)
             && cel_reservoir_get_doubles (state, "u", signal->narma_u, CEL_NARMA_ORDER, error);
    case CEL_SIGNAL_MEMORY:
    default:
      return cel_reservoir_get_doubles (state, "memory", signal->memory, signal->memory_delays, error);
    }
}
