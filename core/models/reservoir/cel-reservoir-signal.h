/* cel-reservoir-signal.h — the series the reservoir is trained on.
 *
 * Each step a signal yields the input u(t) the reservoir receives (in
 * normalised units) and the target the readout should produce from the
 * state after it: the next sample for the prediction tasks, the NARMA-10
 * output, or past inputs for the memory task. Every random draw comes
 * from the generator passed in (the model's).
 *
 *   Lorenz        σ = 10, ρ = 28, β = 8/3, sampled every 0.02 time units
 *                 (RK4 with four substeps of 0.005). Input and target: the
 *                 state (x/10, y/10, (z − 25)/10).
 *   Mackey–Glass  dx/dt = β·x(t−τ)/(1 + x(t−τ)^n) − γ·x(t) with β = 0.2,
 *                 γ = 0.1, n = 10, τ = 17, integrated by RK4 with a step of
 *                 0.01 (the delayed value at a half step interpolated
 *                 linearly) and sampled every time unit. Input and target:
 *                 (x − 0.9)/0.25.
 *   NARMA-10      u(t) uniform on [0, 0.5];
 *                 y(t+1) = 0.3·y(t) + 0.05·y(t)·Σ_{i=0..9} y(t−i)
 *                          + 1.5·u(t−9)·u(t) + 0.1;
 *                 input u(t), target y(t+1). Driven this way the system
 *                 occasionally runs away to infinity (in about a third of
 *                 runs of 100 000 steps); when y passes 1.5, which bounded
 *                 sequences never reach, the histories are cleared and a
 *                 fresh sequence starts, as benchmarks regenerate
 *                 diverging sequences.
 *   Memory        u(t) uniform on [−0.5, 0.5], independent; the targets are
 *                 u(t−1) … u(t−K), one per readout output.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cel-rng.h"

G_BEGIN_DECLS

typedef enum {
  CEL_SIGNAL_LORENZ,
  CEL_SIGNAL_MACKEY_GLASS,
  CEL_SIGNAL_NARMA10,
  CEL_SIGNAL_MEMORY,
} CelSignalKind;

#define CEL_LORENZ_SAMPLE_DT 0.02
#define CEL_MACKEY_GLASS_TAU 17
#define CEL_MACKEY_GLASS_STEP 0.01
/* Ring of the Mackey–Glass history: τ/h values plus the current one. */
#define CEL_MACKEY_GLASS_HISTORY 1701
#define CEL_NARMA_ORDER 10

typedef struct {
  CelSignalKind kind;
  guint         n_inputs;       /* dimensions of u */
  guint         n_targets;      /* dimensions of the target */
  guint         memory_delays;  /* K of the memory task */

  double        lorenz[3];
  double       *mackey_glass;   /* ring of CEL_MACKEY_GLASS_HISTORY values */
  guint         mg_head;        /* slot of the current value */
  double        narma_y[CEL_NARMA_ORDER];  /* y(t), y(t−1), … */
  double        narma_u[CEL_NARMA_ORDER];  /* u(t−1), … u(t−10) */
  double       *memory;         /* u(t−1) … u(t−K) */
} CelSignal;

/* Starts a signal: random initial conditions and a discarded transient
 * for the flows, empty histories for NARMA-10 and the memory task. */
void      cel_signal_init      (CelSignal     *signal,
                                CelSignalKind  kind,
                                guint          memory_delays,
                                CelRng        *rng);
void      cel_signal_clear     (CelSignal     *signal);

/* Advances one sample: writes the current input (n_inputs values) and the
 * target (n_targets values). Returns FALSE when the series stopped being
 * finite. */
gboolean  cel_signal_next      (CelSignal     *signal,
                                CelRng        *rng,
                                double        *input,
                                double        *target);

/* From normalised units back to the series' own (Lorenz x, y, z; the
 * Mackey–Glass x); other signals are shown as they are. */
double    cel_signal_to_display (const CelSignal *signal,
                                 guint            component,
                                 double           value);

/* The variable part of the state as a JSON object, and back (the kind and
 * K come from the parameters; errors name the member). */
JsonNode *cel_signal_save      (const CelSignal *signal);
gboolean  cel_signal_load      (CelSignal       *signal,
                                JsonObject      *state,
                                GError         **error);

G_END_DECLS
