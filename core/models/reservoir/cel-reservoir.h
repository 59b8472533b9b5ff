/* cel-reservoir.h — an echo state network (model id "reservoir").
 *
 * N units with state x, driven by an input u through random input weights
 * W_in (uniform on [−1, 1], one column for a constant bias input) and
 * coupled by a random recurrent matrix W:
 *
 *   x(t+1) = (1 − a)·x(t) + a·f(ρ·W·x(t) + s·W_in·[1; u(t)])
 *
 * with leak rate a, spectral radius ρ (W is scaled so that its largest
 * eigenvalue modulus, computed with LAPACK's dgeev, is 1), input scaling s
 * and activation f (tanh, the logistic sigmoid, or the identity for a
 * linear reservoir). W is sparse-random (each weight nonzero with
 * probability 1 − sparsity, uniform on [−1, 1]) or a random orthogonal
 * matrix (the Q of a QR factorisation of a Gaussian matrix).
 *
 * Excitatory/inhibitory split (ei-fraction > 0, sparse matrices): the first
 * units are excitatory and the rest inhibitory; weights take the sign of
 * the sending unit (Dale's law), and the inhibitory weights arriving at
 * unit i are multiplied by a gain g_i, initially β·N_E/N_I (β = 1: inhibition
 * balances excitation on average; β > 1 over-inhibited). As in Srinivasan,
 * Plenz & Girvan, "Boosting Reservoir Computing with Brain-inspired
 * Adaptive Dynamics" (2025), each unit can adapt its own E/I balance toward
 * a target firing rate: during the washout,
 *   g_i ← max(0, g_i + η·(rate_i − target_i)),
 * rate_i being the unit's output (mapped to 0 … 1 for tanh), and target_i
 * drawn around the target rate with the given spread (heterogeneous
 * targets). The gains are frozen once training starts.
 *
 * Readout: y = W_out·[1; u; x], fitted by ridge regression,
 *   W_out = (Zᵀ Z / T + λ·I)⁻¹ Zᵀ Y / T
 * (the bias not penalised), through LAPACK's dposv. Zᵀ Z and Zᵀ Y are
 * accumulated during training in blocks (BLAS dsyrk/dgemm).
 *
 * Stepping the model runs a washout (states discarded), a training phase
 * (states collected), fits the readout at the last training step, and then
 * tests for as long as it runs: one step per input sample. In a
 * free-running task the test feeds each prediction back as the next input.
 *
 * Tasks (see cel-reservoir-signal.h for the series): one-step or
 * free-running prediction of Lorenz or Mackey–Glass (τ = 17), NARMA-10,
 * and memory (readouts for every delay 1 … min(2N, 1024) of an i.i.d.
 * input; the plots show the one set by "delay").
 *
 * Analyses (cel-reservoir-analysis.c), each on a copy reset for its task
 * and run for the washout, the training and "analysis-test" test steps:
 * "memory-capacity" (Σ_k r²(k) and the curve r²(k)), "narma10" and
 * "one-step" (test NRMSE of NARMA-10, and of one-step prediction of the
 * task's series, Lorenz or Mackey–Glass).
 *
 * Field: "activation", the units' outputs in a square (row by row; cells
 * past N are undefined). Painting sets the painted units' activation.
 * Plots:
 *   target, output               the target series and the readout
 *                                (Lorenz: x; memory: u(t − delay));
 *   true-attractor,              Lorenz (x, z); Mackey–Glass
 *   predicted-attractor          (x(t − 17), x(t)); NARMA-10 and memory
 *                                (v(t − 1), v(t)): the readout's trajectory
 *                                drawn over the true one;
 *   nrmse                        test NRMSE so far: √(mean squared error /
 *                                variance of the target over training),
 *                                averaged over Lorenz's three components.
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef enum {
  CEL_RESERVOIR_LORENZ_FREE,
  CEL_RESERVOIR_LORENZ,
  CEL_RESERVOIR_MACKEY_GLASS_FREE,
  CEL_RESERVOIR_MACKEY_GLASS,
  CEL_RESERVOIR_NARMA10,
  CEL_RESERVOIR_MEMORY,
} CelReservoirTask;

typedef enum {
  CEL_RESERVOIR_SPARSE,
  CEL_RESERVOIR_ORTHOGONAL,
} CelReservoirMatrix;

typedef enum {
  CEL_RESERVOIR_TANH,
  CEL_RESERVOIR_SIGMOID,
  CEL_RESERVOIR_LINEAR,
} CelReservoirActivation;

typedef enum {
  CEL_RESERVOIR_WASHOUT,
  CEL_RESERVOIR_TRAINING,
  CEL_RESERVOIR_TESTING,
} CelReservoirPhase;

#define CEL_TYPE_RESERVOIR_TASK (cel_reservoir_task_get_type ())
GType cel_reservoir_task_get_type (void);
#define CEL_TYPE_RESERVOIR_MATRIX (cel_reservoir_matrix_get_type ())
GType cel_reservoir_matrix_get_type (void);
#define CEL_TYPE_RESERVOIR_ACTIVATION (cel_reservoir_activation_get_type ())
GType cel_reservoir_activation_get_type (void);

#define CEL_TYPE_RESERVOIR (cel_reservoir_get_type ())
G_DECLARE_FINAL_TYPE (CelReservoir, cel_reservoir, CEL, RESERVOIR, CelModel)

#define CEL_RESERVOIR_MAX_UNITS 2048

CelReservoirPhase cel_reservoir_get_phase   (CelReservoir *self);
/* Test steps run so far. */
guint64           cel_reservoir_get_tested  (CelReservoir *self);
/* NRMSE over the test so far (NaN before the test). */
double            cel_reservoir_get_nrmse   (CelReservoir *self);
/* Memory task: Σ_k r²_k over the test so far, r_k the correlation of
 * output k with u(t − k) (NaN for other tasks or before the test). */
double            cel_reservoir_get_memory_capacity (CelReservoir *self);
/* Memory task: r²_k for k = 1 … n (n ≤ 2N); FALSE for other tasks. */
gboolean          cel_reservoir_get_forgetting_curve (CelReservoir *self,
                                                      double       *r2,
                                                      guint        *n);

G_END_DECLS
