/* cel-kuramoto.h — Kuramoto phase oscillators (model id "kuramoto").
 *
 * Each oscillator i has a phase θ_i and a natural frequency ω_i and obeys
 * the Kuramoto–Sakaguchi equation
 *
 *   dθ_i/dt = ω_i + K · mean over its partners j of sin(θ_j − θ_i − α)
 *
 * with coupling K and phase lag α (α = 0 is Kuramoto's original model).
 * Two topologies:
 *
 *   all-to-all  N oscillators, every one a partner of every other. The mean
 *               over partners is the mean field r·e^(iψ) = (1/N) Σ e^(iθ_j),
 *               so a step costs O(N): dθ_i/dt = ω_i + K·r·sin(ψ − θ_i − α).
 *               The canvas shows the oscillators in a square, in order of
 *               natural frequency (lowest at the top left), so the locked
 *               group appears as one band of colour in the middle.
 *   lattice     a width × height grid, each cell coupled to its four nearest
 *               neighbours. With open (no-flux) edges a missing neighbour is
 *               replaced by the cell itself; periodic edges join the grid
 *               into a torus. With α ≠ 0 a phase singularity turns into a
 *               rotating spiral wave.
 *
 * Natural frequencies: ω_0 plus a Lorentzian (Cauchy, half-width γ) or
 * Gaussian (standard deviation γ) deviation, drawn at random or placed at
 * the distribution's quantiles (ω_i = ω_0 + γ·tan(π(i − ½)/N − π/2) for the
 * Lorentzian), which removes sample-to-sample noise.
 *
 * Integration: fourth-order Runge–Kutta or Euler with a fixed step dt; the
 * lattice is split into row bands over the compute pool (cel_parallel_for).
 * Phases are kept in [0, 2π).
 *
 * Fields: "phase" (SCALAR over [0, 2π], the cyclic "twilight" colormap) and
 * "local-order" (on the lattice |mean of e^(iθ)| over a cell and its four
 * neighbours, which drops to 0 at a phase singularity; all-to-all
 * (1 + cos(θ_i − ψ))/2, the oscillator's alignment with the mean field).
 * Plot: "order", the order parameter r(t) against time.
 *
 * Analysis "order-sweep": for "sweep-points" couplings evenly spaced from
 * "sweep-from" to "sweep-to", the all-to-all network (N = "oscillators",
 * the model's frequencies and initial phases) runs "sweep-transient" time
 * units, then r is averaged over "sweep-average". The simulated curve and
 * the mean-field theory share one plot; the numbers are K_c from theory,
 * for the Lorentzian K_c fitted to 1 − r² = K_c/K over the points with
 * r ≥ 0.3, and the RMS deviation from theory. The theory assumes α = 0.
 *
 * Painting sets phases: the painted value is the phase in radians, taken
 * modulo 2π, so painting 0 next to 2.1 next to 4.2 around a point seeds a
 * spiral. Non-finite values are ignored.
 *
 * Mean-field theory (Kuramoto 1975, α = 0, N → ∞): for a Lorentzian of
 * half-width γ the incoherent state r = 0 is stable below K_c = 2γ and the
 * locked state has r = √(1 − 2γ/K) above it. For a Gaussian of standard
 * deviation σ, K_c = 2/(π·g(0)) = σ·√(8/π) and r solves the self-consistency
 * equation r = K·r ∫ cos²φ · g(K·r·sin φ) dφ over −π/2 … π/2.
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef enum {
  CEL_KURAMOTO_LATTICE,
  CEL_KURAMOTO_ALL_TO_ALL,
} CelKuramotoTopology;

typedef enum {
  CEL_KURAMOTO_BOUNDARY_OPEN,
  CEL_KURAMOTO_BOUNDARY_PERIODIC,
} CelKuramotoBoundary;

typedef enum {
  CEL_KURAMOTO_LORENTZIAN,
  CEL_KURAMOTO_GAUSSIAN,
} CelKuramotoDistribution;

typedef enum {
  CEL_KURAMOTO_SAMPLE_RANDOM,
  CEL_KURAMOTO_SAMPLE_QUANTILES,
} CelKuramotoSampling;

typedef enum {
  CEL_KURAMOTO_INITIAL_RANDOM,
  CEL_KURAMOTO_INITIAL_SPIRAL,
  CEL_KURAMOTO_INITIAL_SYNCHRONISED,
} CelKuramotoInitial;

typedef enum {
  CEL_KURAMOTO_RK4,
  CEL_KURAMOTO_EULER,
} CelKuramotoMethod;

#define CEL_TYPE_KURAMOTO_TOPOLOGY (cel_kuramoto_topology_get_type ())
GType cel_kuramoto_topology_get_type (void);
#define CEL_TYPE_KURAMOTO_BOUNDARY (cel_kuramoto_boundary_get_type ())
GType cel_kuramoto_boundary_get_type (void);
#define CEL_TYPE_KURAMOTO_DISTRIBUTION (cel_kuramoto_distribution_get_type ())
GType cel_kuramoto_distribution_get_type (void);
#define CEL_TYPE_KURAMOTO_SAMPLING (cel_kuramoto_sampling_get_type ())
GType cel_kuramoto_sampling_get_type (void);
#define CEL_TYPE_KURAMOTO_INITIAL (cel_kuramoto_initial_get_type ())
GType cel_kuramoto_initial_get_type (void);
#define CEL_TYPE_KURAMOTO_METHOD (cel_kuramoto_method_get_type ())
GType cel_kuramoto_method_get_type (void);

#define CEL_TYPE_KURAMOTO (cel_kuramoto_get_type ())
G_DECLARE_FINAL_TYPE (CelKuramoto, cel_kuramoto, CEL, KURAMOTO, CelModel)

/* Most oscillators of either topology. */
#define CEL_KURAMOTO_MAX_OSCILLATORS (1u << 24)

/* The mean-field critical coupling K_c for a frequency distribution of
 * width γ (Lorentzian half-width or Gaussian standard deviation). */
double   cel_kuramoto_critical_coupling (CelKuramotoDistribution distribution,
                                         double                  width);
/* The stationary order parameter of the infinite all-to-all network with
 * α = 0 at coupling K: 0 below K_c, √(1 − 2γ/K) above it for the
 * Lorentzian, the root of the self-consistency equation for the Gaussian. */
double   cel_kuramoto_theory_order      (CelKuramotoDistribution distribution,
                                         double                  width,
                                         double                  coupling);

/* The order parameter r of the current state, and the mean phase ψ
 * (psi may be NULL). */
double   cel_kuramoto_get_order         (CelKuramoto *self,
                                         double      *psi);
/* Simulated time since the reset. */
double   cel_kuramoto_get_time          (CelKuramoto *self);

G_END_DECLS
