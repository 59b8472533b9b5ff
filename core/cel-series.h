/* cel-series.h — bounded plot data.
 *
 * A CelSeries is a ring-like buffer of (x, y) points that never grows past
 * its capacity: when it fills, every other stored point is dropped and the
 * series thereafter keeps one point in `stride` (doubling each time), so a run
 * of any length stays bounded while the whole history stays represented at
 * decreasing resolution. The most recent point is always available exactly.
 *
 * The same type carries the three plot kinds: line series (x = step),
 * 2-D point sets (trajectories, attractors) and event rasters (x = time,
 * y = neuron index).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CEL_PLOT_LINE,
  CEL_PLOT_POINTS,
  CEL_PLOT_RASTER,
} CelPlotKind;

typedef struct {
  const char  *id;       /* "population"; also the CSV column name */
  const char  *label;    /* translatable (N_()) */
  const char  *plot;     /* id of the plot it is drawn in: series sharing it share axes */
  CelPlotKind  kind;
  gboolean     log_y;    /* suggested y axis */
  const char  *plot_title; /* translatable title of its plot when the plot
                              holds several series; NULL: the label */
} CelSeriesInfo;

/* The untranslated title of the plot the series is drawn in: its plot_title,
 * else its label, else its plot id. */
const char          *cel_series_info_plot_title (const CelSeriesInfo *info);

typedef struct {
  double x, y;
} CelPoint2;

typedef struct _CelSeries CelSeries;

CelSeries           *cel_series_new        (const CelSeriesInfo *info, guint capacity);
CelSeries           *cel_series_ref        (CelSeries *series);
void                 cel_series_unref      (CelSeries *series);
/* A deep copy, for publishing an immutable snapshot. */
CelSeries           *cel_series_copy       (const CelSeries *series);
const CelSeriesInfo *cel_series_get_info   (const CelSeries *series);

/* Makes the series a sliding window instead of a decimating one, with room
 * for `capacity` points, and clears it: when it fills, the older half of
 * its points is dropped, so it always holds, undecimated, between the
 * capacity/2 and capacity most recent points (e.g. every recent spike of a
 * raster). */
void                 cel_series_set_window (CelSeries *series, guint capacity);
/* Whether the series is a sliding window (it then holds the latest points
 * appended, all of them, rather than every stride-th). */
gboolean             cel_series_is_window  (const CelSeries *series);
void                 cel_series_append     (CelSeries *series, double x, double y);
void                 cel_series_clear      (CelSeries *series);

/* Stored points, oldest first; valid until the next append or clear. */
const CelPoint2     *cel_series_get_points (const CelSeries *series, guint *n_points);
/* Points ever appended (stored or decimated away) since the last clear. */
guint64              cel_series_get_total  (const CelSeries *series);
/* The most recently appended point; FALSE when empty. */
gboolean             cel_series_get_last   (const CelSeries *series, CelPoint2 *out);
guint                cel_series_get_capacity (const CelSeries *series);
/* Restores a saved series (points oldest first, at most the capacity; the
 * stride they were kept at; the total appended). The last point becomes the
 * last stored one. */
void                 cel_series_restore    (CelSeries       *series,
                                            const CelPoint2 *points,
                                            guint            n_points,
                                            guint64          stride,
                                            guint64          total);
guint64              cel_series_get_stride (const CelSeries *series);
/* Bumped on every change; lets publishers skip unchanged series. */
guint64              cel_series_get_version (const CelSeries *series);

/* Writes series (a GPtrArray of CelSeries*) as CSV, atomically. When every
 * series holds the same x values the table is wide ("x,<id>,<id>…"),
 * otherwise long ("series,x,y"). Numbers use the C locale, full precision. */
gboolean             cel_series_write_csv  (GPtrArray       *series,
                                            const char      *path,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSeries, cel_series_unref)

G_END_DECLS
