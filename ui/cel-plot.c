/* cel-plot.c — one live plot, drawn with Cairo. */
#include "cel-plot.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cel-plot-axis.h"
#include "cel-plot-render.h"

/* Point and raster layers above this many points are rasterised on a
 * worker thread (a few milliseconds per 10^5 points; below it the frame
 * budget easily absorbs the work). */
#define ASYNC_THRESHOLD 50000

/* Automatic follow span: about this many of the latest appended points. */
#define FOLLOW_LINE_POINTS   1000
#define FOLLOW_RASTER_EVENTS 20000

#define PAD          8.0
#define TICK_LENGTH  4.0
#define LABEL_GAP    4.0
#define HOVER_RADIUS 24.0
#define LINE_WIDTH   1.5
#define EXPORT_DEFAULT_WIDTH  640
#define EXPORT_DEFAULT_HEIGHT 360

/* GNOME palette entries that read on both light and dark backgrounds. */
static const CelPlotColour palette[] = {
  { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 },  /* blue */
  { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },  /* red */
  { 0x2e / 255.0, 0xc2 / 255.0, 0x7e / 255.0 },  /* green */
  { 0xff / 255.0, 0x78 / 255.0, 0x00 / 255.0 },  /* orange */
  { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 },  /* purple */
  { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 },  /* yellow */
  { 0x98 / 255.0, 0x6a / 255.0, 0x44 / 255.0 },  /* brown */
  { 0xc0 / 255.0, 0x61 / 255.0, 0xcb / 255.0 },  /* light purple */
};

typedef enum {
  EXPORT_PNG,
  EXPORT_CSV,
} ExportFormat;

typedef struct {
  gboolean empty;
  double   xmin, xmax;
  double   ymin, ymax;
  double   ymin_positive;   /* +inf when no y is positive */
} Bounds;

typedef struct {
  CelPlotLayerSpec spec;
  guint64          stamp;
} LayerKey;

typedef struct {
  CelPlotLayerSpec spec;
  GPtrArray       *series;    /* CelSeries*, referenced */
  CelPlotColour   *colours;
  guint64          stamp;
  guint64          epoch;
} LayerJob;

struct _CelPlot
{
  GtkWidget        parent_instance;

  char            *plot_id;
  char            *title;

  GPtrArray       *series;       /* CelSeries* drawn here, referenced */
  CelPlotKind      kind;
  Bounds           bounds;
  guint64          stamp;        /* bumped whenever the data changes */
  guint64          epoch;        /* bumped whenever the set of series changes */

  gboolean         log_y;
  gboolean         follow;
  gboolean         density;
  double           follow_span;

  CelPlotView      last_view;    /* of the last on-screen frame */
  gboolean         have_view;
  gboolean         hovering;
  double           hover_x, hover_y;

  GtkWidget       *popover;

  cairo_surface_t *layer;        /* rasterised points/raster, for layer_key */
  LayerKey         layer_key;
  GCancellable    *cancellable;
  LayerJob        *busy_job;     /* the worker's job, NULL when idle */

  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (CelPlot, cel_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLOT_ID,
  PROP_TITLE,
  PROP_LOG_Y,
  PROP_FOLLOW,
  PROP_FOLLOW_SPAN,
  PROP_DENSITY,
  N_PROPS
};

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
layer_job_free (gpointer data)
{
  LayerJob *job = data;

  g_ptr_array_unref (job->series);
  g_free (job->colours);
  g_free (job);
}

static const char *
series_label (const CelSeries *series)
{
  const CelSeriesInfo *info = cel_series_get_info (series);

  if (info->label != NULL && info->label[0] != '\0')
    return g_dgettext (GETTEXT_PACKAGE, info->label);
  return info->id != NULL ? info->id : "";
}

static const CelPlotColour *
series_colour (guint index)
{
  return &palette[index % G_N_ELEMENTS (palette)];
}

static void
get_foreground (CelPlot *self, GdkRGBA *fg)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
#endif
}

static gboolean
is_dark_text (const GdkRGBA *fg)
{
  return 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue < 0.5;
}

/* An opaque background that suits the text colour: white under dark text,
 * the libadwaita dark view colour under light text. */
static void
get_background (const GdkRGBA *fg, GdkRGBA *bg)
{
  if (is_dark_text (fg))
    *bg = (GdkRGBA) { 1.0, 1.0, 1.0, 1.0 };
  else
    *bg = (GdkRGBA) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1.0 };
}

static void
set_source (cairo_t *cr, const GdkRGBA *rgba, double alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

static void
set_source_colour (cairo_t *cr, const CelPlotColour *colour)
{
  cairo_set_source_rgb (cr, colour->red, colour->green, colour->blue);
}

static gboolean
is_line_series (const CelSeries *series)
{
  return cel_series_get_info (series)->kind == CEL_PLOT_LINE;
}

/* ---------------------------------------------------------------------- */
/* Data bounds and ranges                                                  */

static void
compute_bounds (CelPlot *self)
{
  Bounds b = { TRUE, INFINITY, -INFINITY, INFINITY, -INFINITY, INFINITY };

  for (guint s = 0; s < self->series->len; s++)
    {
      CelPlotPoints points;
      guint n;

      cel_plot_points_init (&points, g_ptr_array_index (self->series, s));
      n = cel_plot_points_len (&points);
      for (guint i = 0; i < n; i++)
        {
          CelPoint2 p = cel_plot_points_get (&points, i);

          if (!isfinite (p.x) || !isfinite (p.y))
            continue;
          b.empty = FALSE;
          b.xmin = MIN (b.xmin, p.x);
          b.xmax = MAX (b.xmax, p.x);
          b.ymin = MIN (b.ymin, p.y);
          b.ymax = MAX (b.ymax, p.y);
          if (p.y > 0.0)
            b.ymin_positive = MIN (b.ymin_positive, p.y);
        }
    }
  self->bounds = b;
}

/* The x extent of roughly the latest FOLLOW_* appended points (all rasters'
 * events together), from each series' average x spacing per append (0 when
 * it cannot be estimated). */
static double
automatic_follow_span (CelPlot *self)
{
  double span = 0.0, events_per_x = 0.0;

  for (guint s = 0; s < self->series->len; s++)
    {
      CelSeries *series = g_ptr_array_index (self->series, s);
      CelPlotKind kind = cel_series_get_info (series)->kind;
      guint64 total = cel_series_get_total (series);
      CelPlotPoints points;
      guint n;
      double dx;

      if (kind == CEL_PLOT_POINTS)
        continue;
      cel_plot_points_init (&points, series);
      n = cel_plot_points_len (&points);
      if (n < 2 || total < 2)
        continue;
      /* A decimating series spreads its stored points over every append;
       * a sliding window holds only the latest ones. */
      dx = (cel_plot_points_get (&points, n - 1).x - cel_plot_points_get (&points, 0).x)
           / (double) ((cel_series_is_window (series) ? n : total) - 1);
      if (!(isfinite (dx) && dx > 0.0))
        continue;
      if (kind == CEL_PLOT_RASTER)
        events_per_x += 1.0 / dx;
      else
        span = MAX (span, dx * FOLLOW_LINE_POINTS);
    }
  /* Rasters sharing a plot (excitatory and inhibitory spikes) share the
   * event budget. */
  if (events_per_x > 0.0)
    span = MAX (span, FOLLOW_RASTER_EVENTS / events_per_x);
  return span;
}

static gboolean
view_log_y (CelPlot *self)
{
  return self->log_y && self->kind != CEL_PLOT_RASTER;
}

/* Fills the data window of `view`; FALSE when there is nothing to show. */
static gboolean
compute_ranges (CelPlot *self, CelPlotView *view)
{
  const Bounds *b = &self->bounds;
  double x0, x1, y0, y1, ypos;
  gboolean narrowed = FALSE;
  gboolean log_y = view_log_y (self);

  if (b->empty)
    return FALSE;

  x0 = b->xmin;
  x1 = b->xmax;
  if (self->follow && self->kind != CEL_PLOT_POINTS)
    {
      double span = self->follow_span > 0.0 ? self->follow_span : automatic_follow_span (self);

      if (span > 0.0 && span < x1 - x0)
        {
          x0 = x1 - span;
          narrowed = TRUE;
        }
    }
  if (!(x1 > x0))
    {
      double d = x0 != 0.0 ? fabs (x0) * 0.05 : 0.5;

      x0 -= d;
      x1 += d;
    }

  y0 = b->ymin;
  y1 = b->ymax;
  ypos = b->ymin_positive;
  if (narrowed && self->kind == CEL_PLOT_LINE)
    {
      /* Autoscale y to what the follow window shows. */
      y0 = ypos = INFINITY;
      y1 = -INFINITY;
      for (guint s = 0; s < self->series->len; s++)
        {
          CelPlotPoints points;
          guint n;

          cel_plot_points_init (&points, g_ptr_array_index (self->series, s));
          n = cel_plot_points_len (&points);
          for (guint i = 0; i < n; i++)
            {
              CelPoint2 p = cel_plot_points_get (&points, i);

              if (!(p.x >= x0 && p.x <= x1) || !isfinite (p.y))
                continue;
              y0 = MIN (y0, p.y);
              y1 = MAX (y1, p.y);
              if (p.y > 0.0)
                ypos = MIN (ypos, p.y);
            }
        }
      if (y0 > y1)
        {
          y0 = b->ymin;
          y1 = b->ymax;
          ypos = b->ymin_positive;
        }
    }

  if (self->kind == CEL_PLOT_RASTER)
    {
      /* Whole neuron rows, each centred on its index. */
      y0 -= 0.5;
      y1 += 0.5;
    }
  else if (log_y)
    {
      double l0, l1, pad;

      if (!isfinite (ypos))
        {
          y0 = 1.0;
          y1 = 10.0;
        }
      else
        {
          y0 = ypos;
          y1 = MAX (y1, ypos);
        }
      l0 = log10 (y0);
      l1 = log10 (y1);
      if (l1 - l0 < 1e-9)
        {
          l0 -= 0.5;
          l1 += 0.5;
        }
      /* 5 % headroom at both ends, in decades. */
      pad = (l1 - l0) * 0.05;
      y0 = pow (10.0, l0 - pad);
      y1 = pow (10.0, l1 + pad);
    }
  else
    {
      if (y1 - y0 <= fabs (y1) * 1e-12)
        {
          double d = y0 != 0.0 ? fabs (y0) * 0.1 : 1.0;

          y0 -= d;
          y1 += d;
        }
      else
        {
          double pad = (y1 - y0) * 0.05;

          /* Headroom, but never across zero for one-signed data. */
          y0 = y0 >= 0.0 ? MAX (0.0, y0 - pad) : y0 - pad;
          y1 = y1 <= 0.0 ? MIN (0.0, y1 + pad) : y1 + pad;
        }
    }

  view->x0 = x0;
  view->x1 = x1;
  view->y0 = y0;
  view->y1 = y1;
  view->log_y = log_y;
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Text                                                                    */

typedef struct {
  PangoFontDescription *title_font;
  PangoFontDescription *small_font;
  PangoFontDescription *body_font;
} Fonts;

static void
fonts_init (CelPlot *self, Fonts *fonts)
{
  const PangoFontDescription *base =
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  int size = pango_font_description_get_size (base);

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  fonts->body_font = pango_font_description_copy (base);
  fonts->title_font = pango_font_description_copy (base);
  pango_font_description_set_weight (fonts->title_font, PANGO_WEIGHT_BOLD);
  fonts->small_font = pango_font_description_copy (base);
  /* Tick labels a little smaller than body text, as in most chart styles. */
  if (pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (fonts->small_font, size * 0.85);
  else
    pango_font_description_set_size (fonts->small_font, (int) (size * 0.85));
}

static void
fonts_clear (Fonts *fonts)
{
  pango_font_description_free (fonts->title_font);
  pango_font_description_free (fonts->small_font);
  pango_font_description_free (fonts->body_font);
}

static PangoLayout *
make_layout (CelPlot                    *self,
             const char                 *text,
             const PangoFontDescription *font)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_font_description (layout, font);
  return layout;
}

static void
show_layout (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* ---------------------------------------------------------------------- */
/* Header: title and legend                                                */

static gboolean
legend_wanted (CelPlot *self)
{
  if (self->series->len > 1)
    return TRUE;
  if (self->series->len == 1)
    return g_strcmp0 (series_label (g_ptr_array_index (self->series, 0)),
                      cel_plot_get_title (self)) != 0;
  return FALSE;
}

/* Lays out (and, with draw, draws) the title followed by the legend items,
 * wrapping items onto further lines. Returns the header's height. */
static double
header (CelPlot       *self,
        cairo_t       *cr,
        const Fonts   *fonts,
        const GdkRGBA *fg,
        double         width,
        gboolean       draw)
{
  g_autoptr (PangoLayout) title = make_layout (self, cel_plot_get_title (self), fonts->title_font);
  int tw, th;
  double x, y = PAD / 2.0, line_height;

  pango_layout_get_pixel_size (title, &tw, &th);
  line_height = th;
  if (draw)
    {
      set_source (cr, fg, 1.0);
      show_layout (cr, title, PAD, y);
    }
  x = PAD + tw + 2.0 * PAD;

  if (legend_wanted (self))
    for (guint s = 0; s < self->series->len; s++)
      {
        CelSeries *series = g_ptr_array_index (self->series, s);
        g_autoptr (PangoLayout) label = make_layout (self, series_label (series), fonts->body_font);
        const double swatch = 14.0;
        int lw, lh;
        double item;

        pango_layout_get_pixel_size (label, &lw, &lh);
        item = swatch + 4.0 + lw;
        if (x + item > width - PAD && x > PAD)
          {
            x = PAD;
            y += line_height + 2.0;
          }
        if (draw)
          {
            set_source_colour (cr, series_colour (s));
            if (is_line_series (series))
              cairo_rectangle (cr, x, y + lh / 2.0 - 1.5, swatch, 3.0);
            else
              cairo_rectangle (cr, x + 3.0, y + lh / 2.0 - 4.0, 8.0, 8.0);
            cairo_fill (cr);
            set_source (cr, fg, 0.85);
            show_layout (cr, label, x + swatch + 4.0, y + (line_height - lh) / 2.0);
          }
        x += item + 2.0 * PAD;
      }

  return y + line_height + PAD / 2.0;
}

/* ---------------------------------------------------------------------- */
/* Axes                                                                    */

typedef struct {
  GArray *xticks, *yticks;   /* CelPlotTick */
  double  xstep, ystep;
} Axes;

static void
label_size (CelPlot     *self,
            const Fonts *fonts,
            double       value,
            double       step,
            double       lo,
            double       hi,
            int         *w,
            int         *h)
{
  g_autofree char *text = cel_plot_axis_format (value, step, lo, hi);
  g_autoptr (PangoLayout) layout = make_layout (self, text, fonts->small_font);

  pango_layout_get_pixel_size (layout, w, h);
}

static double
widest_label (CelPlot     *self,
              const Fonts *fonts,
              GArray      *ticks,
              double       step,
              double       lo,
              double       hi,
              guint       *n_labelled)
{
  double widest = 0.0;

  *n_labelled = 0;
  for (guint i = 0; i < ticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (ticks, CelPlotTick, i);
      int w, h;

      if (!tick->labelled)
        continue;
      (*n_labelled)++;
      label_size (self, fonts, tick->value, step, lo, hi, &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

/* Places the plot rectangle inside [0, width] × [top, height] and picks
 * ticks whose labels fit without overlapping. */
static void
layout_axes (CelPlot     *self,
             const Fonts *fonts,
             double       width,
             double       height,
             double       top,
             CelPlotView *view,
             Axes        *axes)
{
  int label_w, label_h;
  double bottom, left, plot_w, plot_h, widest;
  guint max_ticks, n_labelled;

  label_size (self, fonts, 0.0, 1.0, 0.0, 1.0, &label_w, &label_h);
  /* Room for the top tick label, which is centred on the top edge. */
  top = round (top + label_h / 2.0);
  bottom = height - PAD / 2.0 - label_h - LABEL_GAP - TICK_LENGTH;
  plot_h = MAX (bottom - top, 1.0);

  /* Labelled y ticks at least two label heights apart. */
  max_ticks = MAX (2, (guint) (plot_h / (label_h * 1.8)));
  if (view->log_y)
    axes->ystep = cel_plot_axis_log_ticks (view->y0, view->y1, max_ticks, axes->yticks);
  else
    axes->ystep = cel_plot_axis_linear_ticks (view->y0, view->y1, max_ticks, axes->yticks);
  widest = widest_label (self, fonts, axes->yticks, axes->ystep, view->y0, view->y1, &n_labelled);

  left = round (PAD + widest + LABEL_GAP + TICK_LENGTH);
  plot_w = MAX (width - left - 1.5 * PAD, 1.0);

  /* x labels: start from one per 70 units, then shrink the count until the
   * widest label plus a gap fits between neighbours. */
  max_ticks = MAX (2, (guint) (plot_w / 70.0));
  for (guint attempt = 0; attempt < 6; attempt++)
    {
      double needed;

      axes->xstep = cel_plot_axis_linear_ticks (view->x0, view->x1, max_ticks, axes->xticks);
      widest = widest_label (self, fonts, axes->xticks, axes->xstep, view->x0, view->x1, &n_labelled);
      needed = n_labelled * (widest + 2.0 * PAD);
      if (needed <= plot_w || max_ticks <= 2)
        break;
      max_ticks = MAX (2, MIN (max_ticks - 1, (guint) (plot_w / (widest + 2.0 * PAD))));
    }

  view->left = left;
  view->top = top;
  view->width = round (plot_w);
  view->height = round (plot_h);
}

static void
draw_axes (CelPlot           *self,
           cairo_t           *cr,
           const Fonts       *fonts,
           const GdkRGBA     *fg,
           const CelPlotView *view,
           const Axes        *axes,
           double             width,
           double             height)
{
  double right = view->left + view->width;
  double bottom = view->top + view->height;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);

  /* Grid lines on pixel centres. */
  for (guint i = 0; i < axes->yticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (axes->yticks, CelPlotTick, i);
      double y = round (cel_plot_view_py (view, tick->value)) + 0.5;

      set_source (cr, fg, tick->labelled ? 0.12 : 0.06);
      cairo_move_to (cr, view->left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < axes->xticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (axes->xticks, CelPlotTick, i);
      double x = round (cel_plot_view_px (view, tick->value)) + 0.5;

      set_source (cr, fg, 0.12);
      cairo_move_to (cr, x, view->top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }

  /* Axis lines and tick marks. */
  set_source (cr, fg, 0.5);
  cairo_move_to (cr, view->left - 0.5, view->top);
  cairo_line_to (cr, view->left - 0.5, bottom + 0.5);
  cairo_line_to (cr, right, bottom + 0.5);
  cairo_stroke (cr);
  for (guint i = 0; i < axes->yticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (axes->yticks, CelPlotTick, i);
      double y = round (cel_plot_view_py (view, tick->value)) + 0.5;

      cairo_move_to (cr, view->left - 0.5, y);
      cairo_line_to (cr, view->left - 0.5 - (tick->labelled ? TICK_LENGTH : TICK_LENGTH / 2.0), y);
    }
  for (guint i = 0; i < axes->xticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (axes->xticks, CelPlotTick, i);
      double x = round (cel_plot_view_px (view, tick->value)) + 0.5;

      cairo_move_to (cr, x, bottom + 0.5);
      cairo_line_to (cr, x, bottom + 0.5 + TICK_LENGTH);
    }
  cairo_stroke (cr);

  /* Labels, kept inside the widget. */
  set_source (cr, fg, 0.8);
  for (guint i = 0; i < axes->yticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (axes->yticks, CelPlotTick, i);
      g_autofree char *text = NULL;
      g_autoptr (PangoLayout) layout = NULL;
      int w, h;
      double y;

      if (!tick->labelled)
        continue;
      text = cel_plot_axis_format (tick->value, axes->ystep, view->y0, view->y1);
      layout = make_layout (self, text, fonts->small_font);
      pango_layout_get_pixel_size (layout, &w, &h);
      y = CLAMP (cel_plot_view_py (view, tick->value) - h / 2.0, 0.0, height - h);
      show_layout (cr, layout, view->left - TICK_LENGTH - LABEL_GAP - w, y);
    }
  for (guint i = 0; i < axes->xticks->len; i++)
    {
      const CelPlotTick *tick = &g_array_index (axes->xticks, CelPlotTick, i);
      g_autofree char *text = NULL;
      g_autoptr (PangoLayout) layout = NULL;
      int w, h;
      double x;

      if (!tick->labelled)
        continue;
      text = cel_plot_axis_format (tick->value, axes->xstep, view->x0, view->x1);
      layout = make_layout (self, text, fonts->small_font);
      pango_layout_get_pixel_size (layout, &w, &h);
      x = CLAMP (cel_plot_view_px (view, tick->value) - w / 2.0, 0.0, width - w);
      show_layout (cr, layout, x, bottom + TICK_LENGTH + LABEL_GAP);
    }
  cairo_restore (cr);
}

/* ---------------------------------------------------------------------- */
/* Point and raster layers                                                 */

static CelPlotLayerMode
layer_mode (CelPlot *self)
{
  if (self->kind == CEL_PLOT_RASTER)
    return CEL_PLOT_LAYER_RASTER;
  return self->density ? CEL_PLOT_LAYER_DENSITY : CEL_PLOT_LAYER_TRAIL;
}

/* The non-line series and their colours (by position in the plot). */
/* Index of the first point at or after x in a series whose x never
 * decreases (a raster's spike times). */
static guint
first_at_or_after (const CelPlotPoints *points, double x)
{
  guint lo = 0, hi = cel_plot_points_len (points);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (cel_plot_points_get (points, mid).x < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The series drawn into the layer, their colours, and how many of their
 * points the view shows: all of a point set's, only the events within the
 * view's time span of a raster's (so that a following raster of a long run
 * stays cheap enough to draw at once). */
static GPtrArray *
layer_series (CelPlot           *self,
              const CelPlotView *view,
              CelPlotColour    **colours,
              guint64           *n_points)
{
  GPtrArray *series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);

  *colours = g_new (CelPlotColour, MAX (self->series->len, 1));
  *n_points = 0;
  for (guint s = 0; s < self->series->len; s++)
    {
      CelSeries *one = g_ptr_array_index (self->series, s);
      CelPlotPoints points;

      if (is_line_series (one))
        continue;
      cel_plot_points_init (&points, one);
      if (cel_series_get_info (one)->kind == CEL_PLOT_RASTER)
        *n_points += first_at_or_after (&points, nextafter (view->x1, INFINITY))
                     - first_at_or_after (&points, view->x0);
      else
        *n_points += cel_plot_points_len (&points);
      (*colours)[series->len] = *series_colour (s);
      g_ptr_array_add (series, cel_series_ref (one));
    }
  return series;
}

static gboolean
layer_spec_equal (const CelPlotLayerSpec *a, const CelPlotLayerSpec *b)
{
  return a->view.x0 == b->view.x0 && a->view.x1 == b->view.x1
         && a->view.y0 == b->view.y0 && a->view.y1 == b->view.y1
         && a->view.log_y == b->view.log_y
         && a->view.width == b->view.width && a->view.height == b->view.height
         && a->scale == b->scale && a->mode == b->mode;
}

static void
layer_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LayerJob *job = task_data;
  cairo_surface_t *surface = cel_plot_render_layer (&job->spec, job->series, job->colours, cancellable);

  if (surface == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Rendering was cancelled"));
  else
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static void
layer_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CelPlot *self = CEL_PLOT (source);
  LayerJob *job = g_task_get_task_data (G_TASK (result));
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self->busy_job == job)
    self->busy_job = NULL;
  if (surface == NULL)
    return;
  /* Results rendered for a set of series that has since been replaced, or
   * for older data than the layer shown, are stale; anything newer than the
   * shown layer is worth showing, even if the data moved on meanwhile. */
  if (job->epoch != self->epoch
      || (self->layer != NULL && job->stamp < self->layer_key.stamp))
    {
      cairo_surface_destroy (surface);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  g_clear_pointer (&self->layer, cairo_surface_destroy);
  self->layer = surface;
  self->layer_key.spec = job->spec;
  self->layer_key.stamp = job->stamp;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_layer_job (CelPlot                *self,
                 const CelPlotLayerSpec *spec,
                 GPtrArray              *series,
                 CelPlotColour          *colours)
{
  g_autoptr (GTask) task = NULL;
  LayerJob *job = g_new0 (LayerJob, 1);

  job->spec = *spec;
  job->series = g_ptr_array_ref (series);
  job->colours = g_memdup2 (colours, sizeof (CelPlotColour) * MAX (series->len, 1));
  job->stamp = self->stamp;
  job->epoch = self->epoch;

  task = g_task_new (self, self->cancellable, layer_done, NULL);
  g_task_set_source_tag (task, start_layer_job);
  g_task_set_task_data (task, job, layer_job_free);
  self->busy_job = job;
  g_task_run_in_thread (task, layer_thread);
}

static void
cancel_layer (CelPlot *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy_job = NULL;
  g_clear_pointer (&self->layer, cairo_surface_destroy);
}

/* Paints `layer`, rendered for `from`, into `to`'s rectangle: an affine map
 * when both share the y scale type, so a stale image still lines up. */
static void
paint_layer (cairo_t                *cr,
             cairo_surface_t        *layer,
             const CelPlotLayerSpec *from,
             const CelPlotView      *to)
{
  const CelPlotView *f = &from->view;
  double fy0 = f->log_y ? log10 (f->y0) : f->y0;
  double fy1 = f->log_y ? log10 (f->y1) : f->y1;
  double ty0 = to->log_y ? log10 (to->y0) : to->y0;
  double ty1 = to->log_y ? log10 (to->y1) : to->y1;
  double sx, sy, ox, oy;

  if (f->log_y != to->log_y)
    return;
  sx = (f->x1 - f->x0) / f->width * to->width / (to->x1 - to->x0);
  sy = (fy1 - fy0) / f->height * to->height / (ty1 - ty0);
  ox = to->left + (f->x0 - to->x0) / (to->x1 - to->x0) * to->width;
  oy = to->top + (ty1 - fy1) / (ty1 - ty0) * to->height;
  if (!isfinite (sx) || !isfinite (sy) || !isfinite (ox) || !isfinite (oy) || sx <= 0.0 || sy <= 0.0)
    return;

  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, sx, sy);
  cairo_set_source_surface (cr, layer, 0.0, 0.0);
  if (sx == 1.0 && sy == 1.0)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_layer (CelPlot           *self,
            cairo_t           *cr,
            const CelPlotView *view,
            double             scale,
            gboolean           for_export)
{
  g_autofree CelPlotColour *colours = NULL;
  g_autoptr (GPtrArray) series = NULL;
  CelPlotLayerSpec spec = { *view, scale, layer_mode (self) };
  guint64 n_points;

  series = layer_series (self, view, &colours, &n_points);
  if (series->len == 0)
    return;
  spec.view.left = spec.view.top = 0.0;

  if (for_export)
    {
      cairo_surface_t *image = cel_plot_render_layer (&spec, series, colours, NULL);

      paint_layer (cr, image, &spec, view);
      cairo_surface_destroy (image);
      return;
    }

  if (self->layer == NULL || self->layer_key.stamp != self->stamp
      || !layer_spec_equal (&self->layer_key.spec, &spec))
    {
      if (n_points <= ASYNC_THRESHOLD)
        {
          g_clear_pointer (&self->layer, cairo_surface_destroy);
          self->layer = cel_plot_render_layer (&spec, series, colours, NULL);
          self->layer_key.spec = spec;
          self->layer_key.stamp = self->stamp;
        }
      else if (self->busy_job == NULL)
        start_layer_job (self, &spec, series, colours);
    }
  if (self->layer != NULL)
    paint_layer (cr, self->layer, &self->layer_key.spec, view);
}

static void
draw_lines (CelPlot           *self,
            cairo_t           *cr,
            const CelPlotView *view,
            double             scale)
{
  cairo_save (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  for (guint s = 0; s < self->series->len; s++)
    {
      CelSeries *series = g_ptr_array_index (self->series, s);
      CelPlotPoints points;

      if (!is_line_series (series))
        continue;
      cel_plot_points_init (&points, series);
      cairo_new_path (cr);
      set_source_colour (cr, series_colour (s));
      if (cel_plot_render_line (cr, view, &points, scale, LINE_WIDTH) == CEL_PLOT_LINE_STROKE)
        cairo_stroke (cr);
      else
        cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* ---------------------------------------------------------------------- */
/* Hover readout                                                           */

typedef struct {
  gboolean  found;
  guint     series;
  CelPoint2 point;
  double    px, py;
} Hit;

static Hit
find_nearest (CelPlot *self, const CelPlotView *view, double hx, double hy)
{
  Hit hit = { FALSE };
  double best = HOVER_RADIUS * HOVER_RADIUS;

  for (guint s = 0; s < self->series->len; s++)
    {
      CelPlotPoints points;
      guint n;

      cel_plot_points_init (&points, g_ptr_array_index (self->series, s));
      n = cel_plot_points_len (&points);
      for (guint i = 0; i < n; i++)
        {
          CelPoint2 p = cel_plot_points_get (&points, i);
          double px, py, d;

          if (!(p.x >= view->x0 && p.x <= view->x1))
            continue;
          px = cel_plot_view_px (view, p.x);
          py = cel_plot_view_py (view, p.y);
          if (isnan (py) || py < view->top || py > view->top + view->height)
            continue;
          d = (px - hx) * (px - hx) + (py - hy) * (py - hy);
          if (d <= best)
            {
              best = d;
              hit = (Hit) { TRUE, s, p, px, py };
            }
        }
    }
  return hit;
}

static void
draw_hover (CelPlot           *self,
            cairo_t           *cr,
            const Fonts       *fonts,
            const GdkRGBA     *fg,
            const CelPlotView *view,
            double             width,
            double             height)
{
  Hit hit = find_nearest (self, view, self->hover_x, self->hover_y);
  g_autofree char *xs = NULL;
  g_autofree char *ys = NULL;
  g_autofree char *values = NULL;
  g_autofree char *markup = NULL;
  g_autoptr (PangoLayout) layout = NULL;
  GdkRGBA bg;
  int w, h;
  double bx, by, bw, bh;

  if (!hit.found)
    return;

  cairo_save (cr);
  cairo_arc (cr, hit.px, hit.py, 4.0, 0.0, 2.0 * G_PI);
  set_source_colour (cr, series_colour (hit.series));
  cairo_fill_preserve (cr);
  set_source (cr, fg, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  xs = cel_plot_axis_format_value (hit.point.x);
  ys = cel_plot_axis_format_value (hit.point.y);
  /* TRANSLATORS: the coordinates of the data point under the pointer. */
  values = g_strdup_printf (_("x = %s, y = %s"), xs, ys);
  markup = g_markup_printf_escaped ("<b>%s</b>\n%s",
                                    series_label (g_ptr_array_index (self->series, hit.series)),
                                    values);
  layout = make_layout (self, NULL, fonts->body_font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);

  bw = w + 2.0 * PAD;
  bh = h + PAD;
  bx = self->hover_x + 14.0;
  by = self->hover_y + 14.0;
  if (bx + bw > width)
    bx = self->hover_x - 14.0 - bw;
  if (by + bh > height)
    by = self->hover_y - 14.0 - bh;
  bx = round (MAX (bx, 0.0));
  by = round (MAX (by, 0.0));

  get_background (fg, &bg);
  cairo_new_sub_path (cr);
  cairo_arc (cr, bx + bw - 6.0, by + 6.0, 6.0, -G_PI / 2.0, 0.0);
  cairo_arc (cr, bx + bw - 6.0, by + bh - 6.0, 6.0, 0.0, G_PI / 2.0);
  cairo_arc (cr, bx + 6.0, by + bh - 6.0, 6.0, G_PI / 2.0, G_PI);
  cairo_arc (cr, bx + 6.0, by + 6.0, 6.0, G_PI, 1.5 * G_PI);
  cairo_close_path (cr);
  set_source (cr, &bg, 0.94);
  cairo_fill_preserve (cr);
  set_source (cr, fg, 0.25);
  cairo_stroke (cr);
  set_source (cr, fg, 1.0);
  show_layout (cr, layout, bx + PAD, by + PAD / 2.0);
  cairo_restore (cr);
}

/* ---------------------------------------------------------------------- */
/* The whole plot                                                          */

static void
draw_plot (CelPlot *self,
           cairo_t *cr,
           double   width,
           double   height,
           double   scale,
           gboolean for_export)
{
  Fonts fonts;
  GdkRGBA fg;
  CelPlotView view = { 0 };
  Axes axes;
  double top;

  get_foreground (self, &fg);
  fonts_init (self, &fonts);
  top = header (self, cr, &fonts, &fg, width, TRUE);

  if (!compute_ranges (self, &view))
    {
      g_autoptr (PangoLayout) layout = make_layout (self, _("No data yet"), fonts.body_font);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      set_source (cr, &fg, 0.5);
      show_layout (cr, layout, round ((width - w) / 2.0), round (MAX (top, (height - h) / 2.0)));
      if (!for_export)
        self->have_view = FALSE;
      fonts_clear (&fonts);
      return;
    }

  axes.xticks = g_array_new (FALSE, FALSE, sizeof (CelPlotTick));
  axes.yticks = g_array_new (FALSE, FALSE, sizeof (CelPlotTick));
  layout_axes (self, &fonts, width, height, top, &view, &axes);
  draw_axes (self, cr, &fonts, &fg, &view, &axes, width, height);

  cairo_save (cr);
  cairo_rectangle (cr, view.left, view.top, view.width, view.height);
  cairo_clip (cr);
  draw_layer (self, cr, &view, scale, for_export);
  draw_lines (self, cr, &view, scale);
  cairo_restore (cr);

  if (!for_export)
    {
      self->last_view = view;
      self->have_view = TRUE;
      if (self->hovering)
        draw_hover (self, cr, &fonts, &fg, &view, width, height);
    }

  g_array_unref (axes.xticks);
  g_array_unref (axes.yticks);
  fonts_clear (&fonts);
}

/* ---------------------------------------------------------------------- */
/* Series                                                                  */

static gboolean
same_content (CelSeries *a, CelSeries *b)
{
  CelPoint2 la = { 0 }, lb = { 0 };
  guint na, nb;

  if (a == b)
    return TRUE;
  cel_series_get_points (a, &na);
  cel_series_get_points (b, &nb);
  return cel_series_get_version (a) == cel_series_get_version (b)
         && cel_series_get_total (a) == cel_series_get_total (b)
         && na == nb
         && cel_series_get_last (a, &la) == cel_series_get_last (b, &lb)
         && memcmp (&la, &lb, sizeof la) == 0;
}

static gboolean
same_identity (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const CelSeriesInfo *ia = cel_series_get_info (g_ptr_array_index (a, i));
      const CelSeriesInfo *ib = cel_series_get_info (g_ptr_array_index (b, i));

      if (g_strcmp0 (ia->id, ib->id) != 0 || ia->kind != ib->kind)
        return FALSE;
    }
  return TRUE;
}

static void
rebuild_menu (CelPlot *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) view = g_menu_new ();
  g_autoptr (GMenu) export = g_menu_new ();

  if (self->kind != CEL_PLOT_RASTER)
    g_menu_append (view, _("_Logarithmic Scale"), "plot.log-y");
  if (self->kind != CEL_PLOT_POINTS)
    g_menu_append (view, _("_Follow Latest"), "plot.follow");
  if (self->kind == CEL_PLOT_POINTS)
    g_menu_append (view, _("_Density"), "plot.density");
  g_menu_append (export, _("Export as _PNG…"), "plot.export-png");
  g_menu_append (export, _("Export Data as _CSV…"), "plot.export-csv");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (export));
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), G_MENU_MODEL (menu));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.log-y", self->kind != CEL_PLOT_RASTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.follow", self->kind != CEL_PLOT_POINTS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.density", self->kind == CEL_PLOT_POINTS);
}

/* Defaults for a new set of series: log y when any series suggests it,
 * following for rasters, trails for point sets, automatic span. */
static void
apply_defaults (CelPlot *self)
{
  gboolean log_y = FALSE;

  for (guint s = 0; s < self->series->len; s++)
    log_y = log_y || cel_series_get_info (g_ptr_array_index (self->series, s))->log_y;
  g_object_freeze_notify (G_OBJECT (self));
  cel_plot_set_log_y (self, log_y);
  cel_plot_set_follow (self, self->kind == CEL_PLOT_RASTER);
  cel_plot_set_follow_span (self, 0.0);
  cel_plot_set_density (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cel_plot_set_series (CelPlot   *self,
                     GPtrArray *series)
{
  GPtrArray *mine;
  gboolean changed = FALSE;

  g_return_if_fail (CEL_IS_PLOT (self));

  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  for (guint i = 0; series != NULL && i < series->len; i++)
    {
      CelSeries *one = g_ptr_array_index (series, i);

      if (g_strcmp0 (cel_series_get_info (one)->plot, self->plot_id) == 0)
        g_ptr_array_add (mine, cel_series_ref (one));
    }

  if (same_identity (mine, self->series))
    {
      for (guint i = 0; i < mine->len && !changed; i++)
        changed = !same_content (g_ptr_array_index (mine, i), g_ptr_array_index (self->series, i));
      g_ptr_array_unref (self->series);
      self->series = mine;
    }
  else
    {
      changed = TRUE;
      g_ptr_array_unref (self->series);
      self->series = mine;
      self->epoch++;
      cancel_layer (self);
      self->kind = mine->len > 0 ? cel_series_get_info (g_ptr_array_index (mine, 0))->kind : CEL_PLOT_LINE;
      apply_defaults (self);
      rebuild_menu (self);
    }

  if (changed)
    {
      self->stamp++;
      compute_bounds (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

GPtrArray *
cel_plot_get_series (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), NULL);

  return self->series;
}

CelPlotKind
cel_plot_get_kind (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), CEL_PLOT_LINE);

  return self->kind;
}

/* ---------------------------------------------------------------------- */
/* Export                                                                  */

cairo_surface_t *
cel_plot_render (CelPlot *self,
                 int      width,
                 int      height,
                 double   scale)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkRGBA fg, bg;

  g_return_val_if_fail (CEL_IS_PLOT (self), NULL);
  g_return_val_if_fail (scale > 0.0, NULL);

  if (width <= 0 || height <= 0)
    {
      width = gtk_widget_get_width (GTK_WIDGET (self));
      height = gtk_widget_get_height (GTK_WIDGET (self));
    }
  if (width <= 0 || height <= 0)
    {
      width = EXPORT_DEFAULT_WIDTH;
      height = EXPORT_DEFAULT_HEIGHT;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (width * scale),
                                        (int) ceil (height * scale));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  get_foreground (self, &fg);
  get_background (&fg, &bg);
  gdk_cairo_set_source_rgba (cr, &bg);
  cairo_paint (cr);
  draw_plot (self, cr, width, height, scale, TRUE);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Encodes the image in memory, then writes it atomically (a temporary file
 * in the same folder, renamed over the target). */
static gboolean
write_png (cairo_surface_t  *surface,
           const char       *path,
           GError          **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("Could not encode the PNG image: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_file_set_contents_full (path, (const char *) bytes->data, (gssize) bytes->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}

gboolean
cel_plot_export_png (CelPlot     *self,
                     const char  *path,
                     GError     **error)
{
  cairo_surface_t *surface;
  gboolean ok;

  g_return_val_if_fail (CEL_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cel_plot_render (self, 0, 0, 2.0);
  ok = write_png (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
cel_plot_export_csv (CelPlot     *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return cel_series_write_csv (self->series, path, error);
}

static void
report_error (CelPlot *self, const char *message)
{
  g_autofree char *text = g_strdup_printf (_("Could not export the plot: %s"), message);

  g_signal_emit (self, signals[SIGNAL_ERROR], 0, text);
}

/* Closes an open chooser without running its response handler. */
static void
close_chooser (CelPlot *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  CelPlot *self = CEL_PLOT (user_data);
  ExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cel-export-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr (GError) error = NULL;

      if (path == NULL)
        report_error (self, _("the chosen location is not a local file"));
      else if (format == EXPORT_PNG ? !cel_plot_export_png (self, path, &error)
                                    : !cel_plot_export_csv (self, path, &error))
        report_error (self, error->message);
    }

  close_chooser (self);
}

static void
export_with_chooser (CelPlot *self, ExportFormat format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  close_chooser (self);

  chooser = gtk_file_chooser_native_new (format == EXPORT_PNG ? _("Export Plot as PNG")
                                                               : _("Export Plot Data as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"),
                                         _("_Cancel"));
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);

  if (format == EXPORT_PNG)
    {
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      gtk_file_filter_add_suffix (filter, "png");
      name = g_strdup_printf ("%s.png", self->plot_id);
    }
  else
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
      gtk_file_filter_add_suffix (filter, "csv");
      name = g_strdup_printf ("%s.csv", self->plot_id);
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "cel-export-format", GINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (export_response), self);
  gtk_native_dialog_show (self->chooser);
}

static void
export_png_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export_with_chooser (CEL_PLOT (widget), EXPORT_PNG);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export_with_chooser (CEL_PLOT (widget), EXPORT_CSV);
}

static void
popup_menu_at (CelPlot *self, double x, double y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  popup_menu_at (CEL_PLOT (widget),
                 gtk_widget_get_width (widget) / 2.0,
                 gtk_widget_get_height (widget) / 2.0);
}

/* ---------------------------------------------------------------------- */
/* Input                                                                   */

static void
click_pressed (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               CelPlot         *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static void
motion (GtkEventControllerMotion *controller,
        double                    x,
        double                    y,
        CelPlot                  *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave (GtkEventControllerMotion *controller,
       CelPlot                  *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Ctrl+scroll changes the follow span by 25 % per wheel step. */
static gboolean
scroll (GtkEventControllerScroll *controller,
        double                    dx,
        double                    dy,
        CelPlot                  *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double span;

  if (!(state & GDK_CONTROL_MASK) || !self->follow || self->kind == CEL_PLOT_POINTS
      || !self->have_view || dy == 0.0)
    return FALSE;
  span = (self->last_view.x1 - self->last_view.x0) * pow (1.25, dy);
  if (isfinite (span) && span > 0.0)
    cel_plot_set_follow_span (self, span);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* GtkWidget                                                               */

static void
cel_plot_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 220;
    }
}

static void
cel_plot_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  CelPlot *self = CEL_PLOT (widget);

  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
cel_plot_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  CelPlot *self = CEL_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_plot (self, cr, width, height, gtk_widget_get_scale_factor (widget), FALSE);
  cairo_destroy (cr);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                 */

GtkWidget *
cel_plot_new (const char *plot_id)
{
  g_return_val_if_fail (plot_id != NULL, NULL);

  return g_object_new (CEL_TYPE_PLOT, "plot-id", plot_id, NULL);
}

const char *
cel_plot_get_plot_id (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), NULL);

  return self->plot_id;
}

const char *
cel_plot_get_title (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), NULL);

  if (self->title != NULL)
    return self->title;
  return self->plot_id != NULL ? self->plot_id : "";
}

void
cel_plot_set_title (CelPlot    *self,
                    const char *title)
{
  g_return_if_fail (CEL_IS_PLOT (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, cel_plot_get_title (self),
                                      -1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

/* Sets one of the display toggles; redraws and notifies when it changed. */
static void
set_display_flag (CelPlot *self, gboolean *flag, gboolean value, guint prop)
{
  value = !!value;
  if (*flag == value)
    return;
  *flag = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

gboolean
cel_plot_get_log_y (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), FALSE);

  return self->log_y;
}

void
cel_plot_set_log_y (CelPlot  *self,
                    gboolean  log_y)
{
  g_return_if_fail (CEL_IS_PLOT (self));

  set_display_flag (self, &self->log_y, log_y, PROP_LOG_Y);
}

gboolean
cel_plot_get_follow (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), FALSE);

  return self->follow;
}

void
cel_plot_set_follow (CelPlot  *self,
                     gboolean  follow)
{
  g_return_if_fail (CEL_IS_PLOT (self));

  set_display_flag (self, &self->follow, follow, PROP_FOLLOW);
}

double
cel_plot_get_follow_span (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), 0.0);

  return self->follow_span;
}

void
cel_plot_set_follow_span (CelPlot *self,
                          double   span)
{
  g_return_if_fail (CEL_IS_PLOT (self));

  if (!isfinite (span) || span < 0.0)
    span = 0.0;
  if (self->follow_span == span)
    return;
  self->follow_span = span;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_SPAN]);
}

gboolean
cel_plot_get_density (CelPlot *self)
{
  g_return_val_if_fail (CEL_IS_PLOT (self), FALSE);

  return self->density;
}

void
cel_plot_set_density (CelPlot  *self,
                      gboolean  density)
{
  g_return_if_fail (CEL_IS_PLOT (self));

  set_display_flag (self, &self->density, density, PROP_DENSITY);
}

static void
cel_plot_dispose (GObject *object)
{
  CelPlot *self = CEL_PLOT (object);

  g_cancellable_cancel (self->cancellable);
  close_chooser (self);
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->layer, cairo_surface_destroy);

  G_OBJECT_CLASS (cel_plot_parent_class)->dispose (object);
}

static void
cel_plot_finalize (GObject *object)
{
  CelPlot *self = CEL_PLOT (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->series);
  g_free (self->plot_id);
  g_free (self->title);

  G_OBJECT_CLASS (cel_plot_parent_class)->finalize (object);
}

static void
cel_plot_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CelPlot *self = CEL_PLOT (object);

  switch (prop_id)
    {
    case PROP_PLOT_ID:
      g_value_set_string (value, self->plot_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, cel_plot_get_title (self));
      break;
    case PROP_LOG_Y:
      g_value_set_boolean (value, self->log_y);
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    case PROP_FOLLOW_SPAN:
      g_value_set_double (value, self->follow_span);
      break;
    case PROP_DENSITY:
      g_value_set_boolean (value, self->density);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_plot_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CelPlot *self = CEL_PLOT (object);

  switch (prop_id)
    {
    case PROP_PLOT_ID:
      g_free (self->plot_id);
      self->plot_id = g_value_dup_string (value);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, cel_plot_get_title (self),
                                      -1);
      break;
    case PROP_TITLE:
      cel_plot_set_title (self, g_value_get_string (value));
      break;
    case PROP_LOG_Y:
      cel_plot_set_log_y (self, g_value_get_boolean (value));
      break;
    case PROP_FOLLOW:
      cel_plot_set_follow (self, g_value_get_boolean (value));
      break;
    case PROP_FOLLOW_SPAN:
      cel_plot_set_follow_span (self, g_value_get_double (value));
      break;
    case PROP_DENSITY:
      cel_plot_set_density (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_plot_class_init (CelPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cel_plot_dispose;
  object_class->finalize = cel_plot_finalize;
  object_class->get_property = cel_plot_get_property;
  object_class->set_property = cel_plot_set_property;

  widget_class->measure = cel_plot_measure;
  widget_class->size_allocate = cel_plot_size_allocate;
  widget_class->snapshot = cel_plot_snapshot;

  properties[PROP_PLOT_ID] =
    g_param_spec_string ("plot-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_SPAN] =
    g_param_spec_double ("follow-span", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DENSITY] =
    g_param_spec_boolean ("density", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CelPlot::error:
   * @message: what went wrong, ready to show
   *
   * An export failed.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_property_action (widget_class, "plot.log-y", "log-y");
  gtk_widget_class_install_property_action (widget_class, "plot.follow", "follow");
  gtk_widget_class_install_property_action (widget_class, "plot.density", "density");
  gtk_widget_class_install_action (widget_class, "plot.export-png", NULL, export_png_action);
  gtk_widget_class_install_action (widget_class, "plot.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "plot.menu", NULL, menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "plot.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "plot.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cel_plot_init (CelPlot *self)
{
  GtkGesture *click;
  GtkEventController *controller;

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  self->kind = CEL_PLOT_LINE;
  self->cancellable = g_cancellable_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->popover = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  rebuild_menu (self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
