/* cel-reservoir-net.h — the reservoir's units and weights, and the ridge
 * readout (see cel-reservoir.h for the equations). Matrices are row-major
 * arrays of doubles; products go through CBLAS, factorisations through
 * LAPACKE. */
#pragma once

#include <glib.h>

#include "cel-rng.h"
#include "models/reservoir/cel-reservoir.h"

G_BEGIN_DECLS

typedef struct {
  guint     n;            /* units */
  guint     n_inputs;     /* u's dimension; W_in has 1 + n_inputs columns */
  guint     n_exc;        /* excitatory units (the first ones); n without a split */
  gboolean  split;        /* Dale's law with adaptive inhibitory gains */
  double   *w;            /* n × n, scaled to spectral radius 1 (at the initial gains) */
  double   *w_in;         /* n × (1 + n_inputs) */
  double   *gain;         /* n: inhibitory gains (split only) */
  double   *target;       /* n: target rates (split only) */
  double   *x;            /* n: the state */
  double   *h, *hi;       /* scratch */
} CelReservoirNet;

typedef struct {
  CelReservoirMatrix matrix;
  double             sparsity;
  double             ei_fraction;
  double             balance;
  double             target_rate;
  double             target_spread;
} CelReservoirNetSpec;

/* Draws the weights (and targets) from rng. Fails only when LAPACK does. */
CelReservoirNet *cel_reservoir_net_new    (guint                      n,
                                           guint                      n_inputs,
                                           const CelReservoirNetSpec *spec,
                                           CelRng                    *rng,
                                           GError                   **error);
void             cel_reservoir_net_free   (CelReservoirNet *net);

/* x ← (1 − a)·x + a·f(ρ·W·x + s·W_in·[1; u]). FALSE when the state is no
 * longer finite. */
gboolean         cel_reservoir_net_update (CelReservoirNet        *net,
                                           const double           *u,
                                           double                  radius,
                                           double                  input_scaling,
                                           double                  leak,
                                           CelReservoirActivation  activation);
/* One step of the E/I balance rule with rate η. */
void             cel_reservoir_net_adapt  (CelReservoirNet        *net,
                                           double                  eta,
                                           CelReservoirActivation  activation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelReservoirNet, cel_reservoir_net_free)

/* Ridge regression accumulated over training samples z (d features) with
 * targets y (m outputs). */
typedef struct {
  guint    d, m;
  guint64  count;       /* samples added */
  double  *zz;          /* d × d, upper triangle: Σ z zᵀ (flushed samples) */
  double  *zy;          /* d × m: Σ z yᵀ */
  double  *batch_z;     /* CEL_READOUT_BATCH × d, not yet in zz */
  double  *batch_y;     /* CEL_READOUT_BATCH × m */
  guint    batch_n;
  double  *y_sum;       /* m: Σ y, for the targets' variance */
  double  *y_sq;        /* m: Σ y² */
  double  *w_out;       /* d × m once fitted, else NULL */
} CelReadout;

#define CEL_READOUT_BATCH 64

CelReadout *cel_readout_new     (guint d, guint m);
void        cel_readout_free    (CelReadout *readout);
void        cel_readout_add     (CelReadout *readout, const double *z, const double *y);
/* Solves (Σ z zᵀ/T + λ·I') W = Σ z yᵀ/T, I' without the bias (feature 0).
 * Keeps the sums, so a failed fit can be retried with another λ. */
gboolean    cel_readout_fit     (CelReadout *readout, double lambda, GError **error);
/* out (m) = W_outᵀ z. */
void        cel_readout_predict (CelReadout *readout, const double *z, double *out);
/* Variance of target k over the samples added. */
double      cel_readout_target_variance (CelReadout *readout, guint k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelReadout, cel_readout_free)

G_END_DECLS
