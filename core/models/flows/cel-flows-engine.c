/* cel-flows-engine.c — vector fields and RK4 (see cel-flows-engine.h).
 * Built at -O3. */
#include "cel-flows-engine.h"

void
cel_flows_derivative (const CelFlowsField *field,
                      const double         s[3],
                      double               ds[3])
{
  const double *p = field->p;

  if (field->system == CEL_FLOWS_LORENZ)
    {
      ds[0] = p[0] * (s[1] - s[0]);
      ds[1] = s[0] * (p[1] - s[2]) - s[1];
      ds[2] = s[0] * s[1] - p[2] * s[2];
    }
  else
    {
      ds[0] = -s[1] - s[2];
      ds[1] = s[0] + p[0] * s[1];
      ds[2] = p[1] + s[2] * (s[0] - p[2]);
    }
}

/* J(s)·v */
static void
jacobian_times (const CelFlowsField *field,
                const double         s[3],
                const double         v[3],
                double               out[3])
{
  const double *p = field->p;

  if (field->system == CEL_FLOWS_LORENZ)
    {
      out[0] = p[0] * (v[1] - v[0]);
      out[1] = (p[1] - s[2]) * v[0] - v[1] - s[0] * v[2];
      out[2] = s[1] * v[0] + s[0] * v[1] - p[2] * v[2];
    }
  else
    {
      out[0] = -v[1] - v[2];
      out[1] = v[0] + p[0] * v[1];
      out[2] = s[2] * v[0] + (s[0] - p[2]) * v[2];
    }
}

void
cel_flows_rk4 (const CelFlowsField *field,
               double               dt,
               double               s[3])
{
  double k1[3], k2[3], k3[3], k4[3], t[3];

  cel_flows_derivative (field, s, k1);
  for (int i = 0; i < 3; i++)
    t[i] = s[i] + 0.5 * dt * k1[i];
  cel_flows_derivative (field, t, k2);
  for (int i = 0; i < 3; i++)
    t[i] = s[i] + 0.5 * dt * k2[i];
  cel_flows_derivative (field, t, k3);
  for (int i = 0; i < 3; i++)
    t[i] = s[i] + dt * k3[i];
  cel_flows_derivative (field, t, k4);
  for (int i = 0; i < 3; i++)
    s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

void
cel_flows_rk4_tangent (const CelFlowsField *field,
                       double               dt,
                       double               s[3],
                       double               v[3])
{
  double k1[3], k2[3], k3[3], k4[3], l1[3], l2[3], l3[3], l4[3], t[3], w[3];

  cel_flows_derivative (field, s, k1);
  jacobian_times (field, s, v, l1);
  for (int i = 0; i < 3; i++)
    {
      t[i] = s[i] + 0.5 * dt * k1[i];
      w[i] = v[i] + 0.5 * dt * l1[i];
    }
  cel_flows_derivative (field, t, k2);
  jacobian_times (field, t, w, l2);
  for (int i = 0; i < 3; i++)
    {
      t[i] = s[i] + 0.5 * dt * k2[i];
      w[i] = v[i] + 0.5 * dt * l2[i];
    }
  cel_flows_derivative (field, t, k3);
  jacobian_times (field, t, w, l3);
  for (int i = 0; i < 3; i++)
    {
      t[i] = s[i] + dt * k3[i];
      w[i] = v[i] + dt * l3[i];
    }
  cel_flows_derivative (field, t, k4);
  jacobian_times (field, t, w, l4);
  for (int i = 0; i < 3; i++)
    {
      s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      v[i] += dt / 6 * (l1[i] + 2 * l2[i] + 2 * l3[i] + l4[i]);
    }
}
