/* cel-maps.h — map-based neurons and their networks (model id "maps").
 *
 * Local maps (parameter "map"):
 *   chialvo   x ← x²·e^(y−x) + k,  y ← a·y − b·x + c      (Chialvo 1995)
 *   rulkov    x ← α/(1 + x²) + y,  y ← y − μ(x − σ)       (Rulkov 2001)
 *   logistic  x ← r·x·(1 − x)                              (the reference)
 * Topologies ("topology"): a single map; a ring of "nodes" maps each
 * coupled to "range" neighbours on either side; a star (node 0 the centre);
 * a ring-star (a ring of nodes 1 … n−1, each also coupled to the centre
 * node 0, Muni & Provata 2020); a width × height lattice with periodic
 * edges and its four nearest neighbours. Coupling is diffusive on the new
 * x values (cel-maps-engine.h): ring x_i ← f_i + ε/(2R) Σ_{k≤R}(f_{i±k} − f_i);
 * star x_i ← f_i + ε(f_0 − f_i) and x_0 ← f_0 + ε/(n−1) Σ(f_i − f_0); the
 * ring-star uses "coupling" on its ring and "star-coupling" for the spokes;
 * lattice x ← f + ε/4 Σ_nb (f_nb − f). Every node starts at a random point
 * of the map's usual range (from the model's generator).
 *
 * Modes ("mode"):
 *   run          one step is one iteration of the network;
 *   bifurcation  one step is one value of the swept parameter ("sweep",
 *                "sweep-values" values from "sweep-from" to "sweep-to"):
 *                "transient" iterations are discarded and the next
 *                "samples" values of the probe node's x are recorded (the
 *                field shows them all; the "diagram" series gets the first
 *                of them, as many per value as let the whole sweep fit in
 *                the series undecimated). Each value starts from the state the
 *                previous one ended in. Once every value is done, a step
 *                reports that the sweep is complete (an error that pauses a
 *                runner); a reset starts the sweep again.
 *
 * The field, "state": in run mode, for a single map the density of the
 * last 16384 (x, y) points of its orbit in the phase plane (for the
 * logistic map (x_n, x_{n+1})) on 256 × 256 cells spanning the points'
 * range; for a network the nodes' x: the lattice itself, or for a ring or
 * star a space-time diagram of "history" rows, the newest at the bottom.
 * In bifurcation mode, the diagram so far (one column per parameter value,
 * up to 2048 columns; 320 rows over the range of x recorded), as the
 * logarithm of the hit count.
 *
 * Painting: on a network the painted value becomes the x of the painted
 * nodes (undoable); on a single map the last painted cell becomes the
 * orbit's new (x, y) in the plane shown; on a diagram the last painted
 * row's x becomes the probe node's x, from which the next parameter value
 * starts (to look for coexisting attractors). The last two are not
 * undoable: an orbit has no cell values to paint back.
 *
 * Series: "x" (the probe node's x, one point per iteration; in bifurcation
 * mode x is the running count of recorded samples), "phase" (the probe's
 * (x, y), or (x_n, x_{n+1}) for the logistic map) and "diagram" (parameter
 * value, x).
 *
 * Analyses (parameters in the group "Analysis"): "bifurcation" (the whole
 * sweep at once), "lyapunov" (largest exponent from the tangent map over
 * the full network, renormalised every iteration), "lyapunov-sweep" (the
 * exponent over the sweep), "zero-one" (the 0–1 test on the probe's x) and
 * "sample-entropy" (m = 2, r = 0.2·SD on the probe's x).
 */
#pragma once

#include "cel-model.h"
#include "cel-maps-engine.h"

G_BEGIN_DECLS

typedef enum {
  CEL_MAPS_MODE_RUN,
  CEL_MAPS_MODE_BIFURCATION,
} CelMapsMode;

/* The parameters a sweep can vary. */
typedef enum {
  CEL_MAPS_SWEEP_A,
  CEL_MAPS_SWEEP_B,
  CEL_MAPS_SWEEP_C,
  CEL_MAPS_SWEEP_K,
  CEL_MAPS_SWEEP_ALPHA,
  CEL_MAPS_SWEEP_MU,
  CEL_MAPS_SWEEP_SIGMA,
  CEL_MAPS_SWEEP_R,
  CEL_MAPS_SWEEP_COUPLING,
} CelMapsSweep;

#define CEL_TYPE_MAPS_KIND (cel_maps_kind_get_type ())
GType cel_maps_kind_get_type (void);
#define CEL_TYPE_MAPS_TOPOLOGY (cel_maps_topology_get_type ())
GType cel_maps_topology_get_type (void);
#define CEL_TYPE_MAPS_MODE (cel_maps_mode_get_type ())
GType cel_maps_mode_get_type (void);
#define CEL_TYPE_MAPS_SWEEP (cel_maps_sweep_get_type ())
GType cel_maps_sweep_get_type (void);

#define CEL_TYPE_MAPS (cel_maps_get_type ())
G_DECLARE_FINAL_TYPE (CelMaps, cel_maps, CEL, MAPS, CelModel)

/* Largest ring or star, lattice side, and space-time diagram. */
#define CEL_MAPS_MAX_NODES 65536
#define CEL_MAPS_MAX_SIDE 1024
#define CEL_MAPS_MAX_SPACETIME (G_GUINT64_CONSTANT (1) << 24)
/* Most values a bifurcation diagram holds (sweep-values × samples). */
#define CEL_MAPS_MAX_DIAGRAM (G_GUINT64_CONSTANT (1) << 22)

/* Nodes of the current state. */
guint    cel_maps_get_n_nodes (CelMaps *self);
/* The state of node i (< cel_maps_get_n_nodes). */
void     cel_maps_get_node    (CelMaps *self,
                               guint    i,
                               double  *x,
                               double  *y);
/* Sets the state of node i. */
void     cel_maps_set_node    (CelMaps *self,
                               guint    i,
                               double   x,
                               double   y);
/* Parameter values done so far in bifurcation mode. */
guint    cel_maps_get_sweep_done (CelMaps *self);

G_END_DECLS
