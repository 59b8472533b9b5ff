/* cel-flows.h — classic chaotic flows (model id "flows").
 *
 * The Lorenz (σ = 10, ρ = 28, β = 8/3) and Rössler (a = b = 0.2, c = 5.7)
 * systems (cel-flows-engine.h), integrated with the classical fourth-order
 * Runge–Kutta method at a fixed, user-set step "dt". "trajectories"
 * trajectories run at once; each starts at a random point of the
 * attractor's bounding box (from the model's generator). One step is one
 * RK4 step of every trajectory.
 *
 * Field 0, "trails": a 256 × 256 long-exposure image of the trajectories
 * projected on the x–z plane (Lorenz, x ∈ [−30, 30], z ∈ [−5, 55]) or the
 * x–y plane (Rössler, x and y ∈ [−15, 15]): each step draws the segment
 * every trajectory moved along, and older ink fades with a half-life of
 * "trail" steps. Shown as log(1 + ink)/log(1 + most ink).
 *
 * Painting sets new starting points: painted cells (at most one per
 * trajectory, spread evenly over the stroke) restart trajectories, the
 * oldest restarted first, at the cell's position in the projection plane,
 * with the painted value as the third coordinate (y for Lorenz, z for
 * Rössler). A restart cannot be undone: a trajectory has no cell value to
 * paint back.
 *
 * Series: "projection" (trajectory 0 in the projection plane) and "x"
 * (trajectory 0's x against time).
 *
 * Analyses, on trajectory 0 after "transient-time" (parameters in the
 * group "Analysis"): "lyapunov" (Benettin's method: the variational
 * equation integrated with the state, renormalised every step, over
 * "lyapunov-time"), "zero-one" (the 0–1 test for chaos on x sampled every
 * "sample-interval") and "sample-entropy" (m = 2, r = 0.2·SD, same
 * sampling).
 */
#pragma once

#include "cel-model.h"
#include "cel-flows-engine.h"

G_BEGIN_DECLS

#define CEL_TYPE_FLOWS_SYSTEM (cel_flows_system_get_type ())
GType cel_flows_system_get_type (void);

/* The plane the trails and the projection plot show. */
typedef enum {
  CEL_FLOWS_PROJECTION_XZ,
  CEL_FLOWS_PROJECTION_XY,
  CEL_FLOWS_PROJECTION_YZ,
} CelFlowsProjection;

#define CEL_TYPE_FLOWS_PROJECTION (cel_flows_projection_get_type ())
GType cel_flows_projection_get_type (void);

#define CEL_TYPE_FLOWS (cel_flows_get_type ())
G_DECLARE_FINAL_TYPE (CelFlows, cel_flows, CEL, FLOWS, CelModel)

#define CEL_FLOWS_MAX_TRAJECTORIES 4096
/* Side of the trails image. */
#define CEL_FLOWS_SIDE 256

guint    cel_flows_get_n_trajectories (CelFlows *self);
/* The state (x, y, z) of trajectory i. */
void     cel_flows_get_state          (CelFlows *self,
                                       guint     i,
                                       double    s[3]);
void     cel_flows_set_state          (CelFlows *self,
                                       guint     i,
                                       const double s[3]);
/* Time integrated since the reset. */
double   cel_flows_get_time           (CelFlows *self);

G_END_DECLS
