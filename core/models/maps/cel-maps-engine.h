/* cel-maps-engine.h — iterating neuron maps and their networks, with the
 * tangent map (internal to core; the model is cel-maps.h).
 *
 * Every node holds (x, y). One iteration first applies the local map to
 * each node, f_i = F(x_i, y_i), and then couples the new x values
 * diffusively: x_i ← f_i + Σ_j w_ij (f_j − f_i), y_i ← the local y. The
 * couplings w_ij depend on the topology (cel-maps.h). The logistic map has
 * no y; its y stays 0.
 *
 * The tangent map carries a perturbation (δx, δy) of the whole network
 * through the same iteration, with the local Jacobian taken at the state
 * before the step and the same (linear) coupling.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CEL_MAPS_CHIALVO,
  CEL_MAPS_RULKOV,
  CEL_MAPS_LOGISTIC,
} CelMapsKind;

typedef enum {
  CEL_MAPS_SINGLE,
  CEL_MAPS_RING,
  CEL_MAPS_STAR,
  CEL_MAPS_RING_STAR,
  CEL_MAPS_LATTICE,
} CelMapsTopology;

typedef struct {
  CelMapsKind kind;
  double a, b, c, k;        /* Chialvo */
  double alpha, mu, sigma;  /* Rulkov */
  double r;                 /* logistic */
} CelMapsLocal;

typedef struct {
  CelMapsTopology topology;
  guint  n;                 /* nodes (width × height on the lattice) */
  guint  width, height;     /* lattice */
  guint  range;             /* ring: neighbours on each side (clamped to the ring) */
  double coupling;          /* ring, star, lattice; the ring of a ring-star */
  double star_coupling;     /* ring-star: between the centre and each ring node */
} CelMapsNet;

/* One iteration of the whole network, in place. f is scratch of n values.
 * When vx is not NULL, (vx, vy) is carried through the tangent map (df is
 * then scratch of n values too). */
void     cel_maps_iterate    (const CelMapsLocal *local,
                              const CelMapsNet   *net,
                              double             *x,
                              double             *y,
                              double             *vx,
                              double             *vy,
                              double             *f,
                              double             *df);

/* Euclidean norm of the 2n-vector (vx, vy), and scaling it by 1/norm. */
double   cel_maps_tangent_normalize (double *vx,
                                     double *vy,
                                     guint   n);

/* TRUE when every x and y is finite. */
gboolean cel_maps_all_finite (const double *x,
                              const double *y,
                              guint         n);

G_END_DECLS
