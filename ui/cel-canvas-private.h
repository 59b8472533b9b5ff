/* cel-canvas-private.h — the canvas's instance, shared by the files that
 * make it up: cel-canvas.c (view, painting, drawing) and
 * cel-canvas-selection.c (the selection, the clipboard and drops). */
#pragma once

#include "cel-canvas.h"
#include "cel-canvas-gl.h"
#include "cel-canvas-history.h"

G_BEGIN_DECLS

typedef enum {
  CEL_CANVAS_DRAG_NONE,
  CEL_CANVAS_DRAG_PAINT,   /* pencil, eraser, spray: strokes sent as the pointer moves */
  CEL_CANVAS_DRAG_SHAPE,   /* line, rectangle, fill: one stroke on release */
  CEL_CANVAS_DRAG_SELECT,  /* the selection tool: a rectangle of cells */
  CEL_CANVAS_DRAG_PAN,
} CelCanvasDragMode;

struct _CelCanvas
{
  GtkWidget         parent_instance;

  GtkWidget        *area;
  CelCanvasGl      *gl;              /* NULL: the software path */
  guint             field_limit;     /* largest field side shown in one piece */

  CelRunner        *runner;
  guint             runner_serial;   /* counts runner changes */
  CelSnapshot      *snapshot;
  CelFrame         *frame;
  guint             grid_width, grid_height;
  guint             field;
  char             *colormap;

  CelTool           tool;
  guint             brush_radius;
  float             paint_value;
  double            density;

  double            zoom;
  double            origin_x, origin_y;
  double            notified_zoom;
  gboolean          fitted;          /* follows size changes */
  gboolean          fit_pending;     /* fit once the widget has a size */
  int               last_width, last_height;

  gboolean          pointer_inside;
  double            pointer_x, pointer_y;
  gboolean          space_down;
  guint             space_pans;   /* pans started with Space held */

  GtkGesture       *drag;
  CelCanvasDragMode drag_mode;
  double            drag_x, drag_y;
  double            pan_origin_x, pan_origin_y;
  gint64            last_cx, last_cy;
  gint64            shape_x0, shape_y0, shape_x1, shape_y1;
  double            pinch_zoom;

  CelCanvasHistory *history;
  gboolean          can_undo, can_redo;
  char             *status;

  GdkTexture       *fallback;        /* the software rendering of this view */

  guint64           view_seq;        /* last set_view sent */
  gboolean          region_active;
  CelRect           region;
  gboolean          view_retried;

  /* cel-canvas-selection.c */
  gboolean          has_selection;
  CelRect           selection;       /* inside the grid */
  guint             ants_tick;       /* the outline's animation */
  guint             ants_phase;
};

/* cel-canvas.c */
void      cel_canvas_update_status        (CelCanvas   *self);
/* The pointer's position, or the widget's centre when it is elsewhere. */
void      cel_canvas_pointer_or_center    (CelCanvas   *self,
                                           double      *x,
                                           double      *y);
/* A Cairo node over the widget rectangle (x, y, w, h), clipped to the
 * widget's width × height; NULL when nothing of it is visible. */
cairo_t  *cel_canvas_overlay_cairo        (GtkSnapshot *snapshot,
                                           double       x,
                                           double       y,
                                           double       w,
                                           double       h,
                                           int          width,
                                           int          height);

/* cel-canvas-selection.c */
void      cel_canvas_selection_class_init (GtkWidgetClass *widget_class);
void      cel_canvas_selection_init       (CelCanvas   *self);
/* After the runner or the grid changed: keeps the selection inside the
 * grid and the actions' state current. */
void      cel_canvas_selection_sync       (CelCanvas   *self);
/* The selection tool's drag, in cells (clamped to the grid). */
void      cel_canvas_selection_begin      (CelCanvas   *self,
                                           gint64       cx,
                                           gint64       cy);
void      cel_canvas_selection_update     (CelCanvas   *self,
                                           gint64       cx,
                                           gint64       cy);
void      cel_canvas_selection_end        (CelCanvas   *self);
void      cel_canvas_selection_snapshot   (CelCanvas   *self,
                                           GtkSnapshot *snapshot,
                                           int          width,
                                           int          height);
/* "w × h" of the selection being dragged, or NULL. */
char     *cel_canvas_selection_describe   (CelCanvas   *self);

G_END_DECLS
