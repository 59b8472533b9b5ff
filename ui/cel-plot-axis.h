/* cel-plot-axis.h — tick positions and tick labels for plot axes.
 *
 * Linear axes get "nice" steps (1, 2 or 5 × 10^k); logarithmic axes get
 * decades, with 2 and 5 labelled as well when the range spans two decades
 * or less, and unlabelled minor ticks at 2…9 × 10^k when it spans up to six
 * decades and no more than the number of labels asked for.
 * No toolkit here: only GLib, so the numbers can be tested headless.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double   value;
  gboolean labelled;   /* a major tick, drawn with its label */
} CelPlotTick;

/* Fills `ticks` (a GArray of CelPlotTick, cleared first) with the multiples
 * of the smallest nice step that puts at most max_ticks ticks in [lo, hi].
 * Returns the step, or 0 when the range is empty or not finite. */
double  cel_plot_axis_linear_ticks (double  lo,
                                    double  hi,
                                    guint   max_ticks,
                                    GArray *ticks);

/* Ticks for a logarithmic axis over [lo, hi], 0 < lo < hi. When the range
 * is narrower than one decade it falls back to linear ticks (and returns
 * their step); otherwise it returns 0 and labels decades, every k-th decade
 * when more than max_ticks would be labelled. */
double  cel_plot_axis_log_ticks    (double  lo,
                                    double  hi,
                                    guint   max_ticks,
                                    GArray *ticks);

/* The label of a tick on an axis showing [lo, hi]. `step` is the linear
 * step the tick belongs to and decides the decimals. Pass 0 for the ticks
 * of a log axis: they read 0.01, 0.1, 1, 10, … 10000, or, on an axis that
 * reaches below 0.01 or to 10^5 and beyond, 10ⁿ and m×10ⁿ throughout.
 * Linear labels switch to m×10ⁿ when the axis reaches 10^6 in magnitude
 * with steps of at least a thousandth of that, or stays below 10^-4; a
 * narrow window far from zero keeps plain decimals (1000000000.01). Negative
 * numbers use the minus sign U+2212. */
char   *cel_plot_axis_format       (double  value,
                                    double  step,
                                    double  lo,
                                    double  hi);

/* A value for a readout (hover): up to 6 significant digits. */
char   *cel_plot_axis_format_value (double  value);

G_END_DECLS
