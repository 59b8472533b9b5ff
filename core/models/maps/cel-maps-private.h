/* cel-maps-private.h — the maps model's instance, shared by the model
 * (cel-maps.c) and its analyses (cel-maps-analysis.c). */
#pragma once

#include "cel-analysis.h"
#include "cel-maps.h"

G_BEGIN_DECLS

/* Points of a single map's orbit kept for the phase-plane view. */
#define CEL_MAPS_PORTRAIT_POINTS 16384
/* Side of the phase-plane view of a single map. */
#define CEL_MAPS_PORTRAIT_SIDE 256
/* The bifurcation diagram view: at most this many columns (parameter
 * values share a column beyond), and its rows. */
#define CEL_MAPS_DIAGRAM_COLUMNS 2048
#define CEL_MAPS_DIAGRAM_ROWS 320

struct _CelMaps
{
  CelModel        parent_instance;

  /* Parameters. */
  CelMapsKind     kind;
  CelMapsTopology topology;
  CelMapsMode     mode;
  guint           nodes, width, height, history, range, probe;
  double          coupling, star_coupling;
  double          a, b, c, k, alpha, mu, sigma, r;
  CelMapsSweep    sweep;
  double          sweep_from, sweep_to;
  guint           sweep_values, transient, samples;
  guint           lyapunov_iterations, test_samples, test_frequencies, entropy_samples;

  /* State, built by reset from the parameters of that moment. */
  CelMapsKind     s_kind;
  CelMapsTopology s_topology;
  CelMapsMode     s_mode;
  guint           n;                 /* nodes */
  guint           s_width, s_height; /* lattice */
  double         *x, *y, *f;
  /* Space-time diagram (ring, star, ring-star): n_rows rows of n floats. */
  guint           n_rows, head, filled;
  float          *rows;
  /* Phase-plane points of a single map: a ring of (x, y) pairs. */
  float          *portrait;
  guint           portrait_head, portrait_filled;
  /* Bifurcation mode: s_values × s_samples recorded x values. */
  CelMapsSweep    s_sweep;
  double          s_from, s_to;
  guint           s_values, s_samples;
  guint           sweep_done;
  float          *diagram;
  guint64         recorded;          /* samples appended to "x" in bifurcation mode */

  CelSeries      *x_series;
  CelSeries      *phase_series;
  CelSeries      *diagram_series;
};

/* The local map and the network as the parameters say now (the network's
 * shape is the state's). */
void    cel_maps_local_params  (CelMaps *self, CelMapsLocal *local);
void    cel_maps_net_params    (CelMaps *self, CelMapsNet *net);
/* The field of local or net that a sweep varies. */
double *cel_maps_sweep_target  (CelMapsLocal *local, CelMapsNet *net, CelMapsSweep sweep);
/* Value j of values from `from` to `to` (both included). */
double  cel_maps_sweep_value   (double from, double to, guint values, guint j);
/* Iterates the state n times without recording (the tangent too when vx is
 * not NULL, renormalised every iteration, adding the log growth to
 * *log_sum); FALSE with an error on divergence. */
gboolean cel_maps_advance      (CelMaps            *self,
                                const CelMapsLocal *local,
                                const CelMapsNet   *net,
                                guint64             n,
                                double             *vx,
                                double             *vy,
                                double             *df,
                                double             *log_sum,
                                GError            **error);

const CelAnalysisInfo *cel_maps_get_analyses (CelModel *model, guint *n_analyses);

G_END_DECLS
