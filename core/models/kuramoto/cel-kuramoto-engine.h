/* cel-kuramoto-engine.h — the integrator behind the Kuramoto model: flat
 * arrays of phases and frequencies, advanced by Euler or RK4 steps.
 *
 * Every stage needs sin θ and cos θ of all oscillators: each pass computes
 * the derivative of its band of cells from the current sines and cosines,
 * writes the next stage's phases and immediately their sines and cosines
 * into a second pair of arrays (neighbours still read the first pair), and
 * sums them per band for the mean field. A band's sums are added in a fixed
 * order, so results do not depend on the number of threads.
 *
 * The coupling sums use sin(θ_j − θ_i − α) = cos α·(s_j c_i − c_j s_i)
 * − sin α·(c_j c_i + s_j s_i), so a cell needs one sincos per stage, not one
 * per neighbour. */
#pragma once

#include <glib.h>

#include "cel-kuramoto.h"

G_BEGIN_DECLS

typedef struct _CelKuramotoEngine CelKuramotoEngine;

/* All-to-all when lattice is FALSE (width = N, height = 1). parallel:
 * spread bands over cel_parallel_for (FALSE when called from inside a
 * parallel task). theta and omega (n each) are copied. */
CelKuramotoEngine *cel_kuramoto_engine_new     (gboolean       lattice,
                                                guint          width,
                                                guint          height,
                                                const double  *theta,
                                                const double  *omega,
                                                gboolean       parallel);
void               cel_kuramoto_engine_free    (CelKuramotoEngine *engine);

gsize              cel_kuramoto_engine_get_n   (CelKuramotoEngine *engine);
/* The phases (in [0, 2π)) and natural frequencies; writable. After changing
 * phases call cel_kuramoto_engine_sync. */
double            *cel_kuramoto_engine_theta   (CelKuramotoEngine *engine);
const double      *cel_kuramoto_engine_omega   (CelKuramotoEngine *engine);
/* Recomputes the sines, cosines and sums from the phases. */
void               cel_kuramoto_engine_sync    (CelKuramotoEngine *engine);

/* One step of dt. periodic applies to the lattice only. */
void               cel_kuramoto_engine_step    (CelKuramotoEngine *engine,
                                                CelKuramotoMethod  method,
                                                double             dt,
                                                double             coupling,
                                                double             lag,
                                                gboolean           periodic);
/* r and ψ of the current phases; r is NaN if a phase is not finite. */
double             cel_kuramoto_engine_order   (CelKuramotoEngine *engine,
                                                double            *psi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelKuramotoEngine, cel_kuramoto_engine_free)

G_END_DECLS
