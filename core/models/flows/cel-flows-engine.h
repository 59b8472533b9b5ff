/* cel-flows-engine.h — the vector fields of the chaotic flows, their
 * Jacobians, and the classical fourth-order Runge–Kutta step (internal to
 * core; the model is cel-flows.h).
 *
 *   Lorenz (1963)   ẋ = σ(y − x),  ẏ = x(ρ − z) − y,  ż = xy − βz
 *   Rössler (1976)  ẋ = −y − z,    ẏ = x + a·y,       ż = b + z(x − c)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CEL_FLOWS_LORENZ,
  CEL_FLOWS_ROSSLER,
} CelFlowsSystem;

typedef struct {
  CelFlowsSystem system;
  /* Lorenz: σ, ρ, β; Rössler: a, b, c. */
  double         p[3];
} CelFlowsField;

/* ds/dt at s. */
void cel_flows_derivative  (const CelFlowsField *field,
                            const double         s[3],
                            double               ds[3]);

/* One RK4 step of length dt, in place. */
void cel_flows_rk4         (const CelFlowsField *field,
                            double               dt,
                            double               s[3]);

/* One RK4 step of the state together with a tangent vector v, which obeys
 * the variational equation dv/dt = J(s(t))·v (J the Jacobian), in place. */
void cel_flows_rk4_tangent (const CelFlowsField *field,
                            double               dt,
                            double               s[3],
                            double               v[3]);

G_END_DECLS
