/* cel-plot.h — one live plot, drawn with Cairo.
 *
 * A CelPlot shows the series of a snapshot whose info->plot equals its plot
 * id, all on shared axes, each drawn by its kind:
 * - CEL_PLOT_LINE: polylines decimated per pixel column; linear or log y
 *   (default: log when any series suggests it); autoscaled; "follow" shows
 *   only the latest stretch of x and scrolls with it.
 * - CEL_PLOT_POINTS: dots, as a fading trail (old faint, new opaque) or,
 *   with "density", shaded by how many points fall on each pixel.
 * - CEL_PLOT_RASTER: events as dashes at (time, neuron index); follows the
 *   latest time by default.
 * Point and raster layers with more than 50 000 points are rasterised on a
 * worker thread; until the image arrives the previous one is shown moved to
 * the new axes.
 *
 * Follow span: "follow-span" x units, or, when 0 (the default), the stretch
 * holding about the last 1000 appended points of a line series (20 000 events
 * of a raster), estimated from each series' average x spacing. Ctrl+scroll
 * over the plot narrows or widens the span.
 *
 * Hovering shows the nearest point's series, x and y. The context menu
 * (right click, Shift+F10 or Menu) offers the toggles and "Export as PNG…"
 * (the plot at twice its size, all points) and "Export Data as CSV…"
 * (all stored points, written by cel_series_write_csv()). Actions: plot.log-y, plot.follow,
 * plot.density (stateful, bound to the properties), plot.export-png,
 * plot.export-csv, plot.menu.
 *
 * Series handed to cel_plot_set_series() must not change afterwards (they
 * are snapshot copies); worker threads read them.
 */
#pragma once

#include <gtk/gtk.h>

#include "cellarium.h"

G_BEGIN_DECLS

#define CEL_TYPE_PLOT (cel_plot_get_type ())

G_DECLARE_FINAL_TYPE (CelPlot, cel_plot, CEL, PLOT, GtkWidget)

GtkWidget   *cel_plot_new             (const char  *plot_id);
const char  *cel_plot_get_plot_id     (CelPlot     *self);

/* series: CelSeries* (e.g. snapshot->series) or NULL for none; keeps
 * references to those drawn here. Redraws only when one of them changed. */
void         cel_plot_set_series      (CelPlot     *self,
                                       GPtrArray   *series);
/* The series currently shown (CelSeries*); owned by the plot. */
GPtrArray   *cel_plot_get_series      (CelPlot     *self);
/* The kind of the first series; CEL_PLOT_LINE when there is none. */
CelPlotKind  cel_plot_get_kind        (CelPlot     *self);

const char  *cel_plot_get_title       (CelPlot     *self);
void         cel_plot_set_title       (CelPlot     *self,
                                       const char  *title);
gboolean     cel_plot_get_log_y       (CelPlot     *self);
void         cel_plot_set_log_y       (CelPlot     *self,
                                       gboolean     log_y);
gboolean     cel_plot_get_follow      (CelPlot     *self);
void         cel_plot_set_follow      (CelPlot     *self,
                                       gboolean     follow);
double       cel_plot_get_follow_span (CelPlot     *self);
void         cel_plot_set_follow_span (CelPlot     *self,
                                       double       span);
gboolean     cel_plot_get_density     (CelPlot     *self);
void         cel_plot_set_density     (CelPlot     *self,
                                       gboolean     density);

/* Renders the plot (width × height, or its current size when 0) at `scale`
 * device pixels per unit, with every point and without the hover readout.
 * The background is opaque, dark or light to match the theme's text colour. */
cairo_surface_t *cel_plot_render      (CelPlot     *self,
                                       int          width,
                                       int          height,
                                       double       scale);
/* The plot at twice its current size (640 × 360 units when unallocated). */
gboolean     cel_plot_export_png      (CelPlot     *self,
                                       const char  *path,
                                       GError     **error);
gboolean     cel_plot_export_csv      (CelPlot     *self,
                                       const char  *path,
                                       GError     **error);

G_END_DECLS
