/* cel-canvas.c — the canvas widget: view, gestures, undo and drawing.
 *
 * The field is drawn by a GtkGLArea child through CelCanvasGl; when GL
 * cannot be had (no context, an old version, GDK_DEBUG=gl-disable) the
 * canvas colours the visible cells itself into a texture at device
 * resolution and appends it 1:1 (GTK 4.8 cannot scale a texture with
 * nearest-neighbour filtering). Grid lines and tool previews are drawn on
 * top by the canvas's own snapshot in both cases, so both paths look alike.
 *
 * The view is a zoom (widget pixels per cell) and the widget position of
 * the grid's corner. Grids larger than one texture are shown through a
 * region of the field that the runner renders on request: the visible
 * cells and a margin around them.
 *
 * The selection tool, the clipboard and drops are in
 * cel-canvas-selection.c; the instance is shared through
 * cel-canvas-private.h.
 */
#include "cel-canvas-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cel-canvas-colors.h"

#define SHADER_PATH "/io/github/cellarium/Cellarium/shaders/"

/* Widget pixels per cell at most (more when the whole grid fits larger). */
#define MAX_ZOOM 128.0
/* Grid lines appear from this many widget pixels per cell on. */
#define GRID_LINES_MIN_ZOOM 8.0
/* Largest field the software path asks for in one piece. */
#define FALLBACK_FIELD_LIMIT 8192
#define HISTORY_LENGTH 200
/* One notch of a mouse wheel, and of the zoom in/out actions. */
#define WHEEL_ZOOM_FACTOR G_SQRT2
#define STEP_ZOOM_FACTOR 2.0
/* Touchpad surface pixels of scrolling that double the zoom (with Ctrl). */
#define TOUCHPAD_ZOOM_PIXELS 200.0
/* How much of the grid stays in view when panning away from it. */
#define PAN_MARGIN 48.0

G_DEFINE_FINAL_TYPE (CelCanvas, cel_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_BRUSH_RADIUS,
  PROP_PAINT_VALUE,
  PROP_DENSITY,
  PROP_COLORMAP,
  PROP_FIELD,
  PROP_ZOOM,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_STATUS,
  PROP_ACCELERATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
cel_canvas_tool_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_TOOL_PENCIL, "CEL_TOOL_PENCIL", "pencil" },
    { CEL_TOOL_ERASER, "CEL_TOOL_ERASER", "eraser" },
    { CEL_TOOL_LINE, "CEL_TOOL_LINE", "line" },
    { CEL_TOOL_RECT, "CEL_TOOL_RECT", "rectangle" },
    { CEL_TOOL_SPRAY, "CEL_TOOL_SPRAY", "spray" },
    { CEL_TOOL_FILL, "CEL_TOOL_FILL", "fill" },
    { CEL_CANVAS_TOOL_SELECT, "CEL_CANVAS_TOOL_SELECT", "select" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("CelCanvasTool"),
                                                      values));
  return type;
}

/* ---- View ------------------------------------------------------------- */

static int
device_scale (CelCanvas *self)
{
  return MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self)), 1);
}

static CelCanvasView
current_view (CelCanvas *self)
{
  CelCanvasView view = { self->zoom, self->origin_x, self->origin_y, device_scale (self) };

  return view;
}

static double
fit_zoom (CelCanvas *self, int width, int height)
{
  int scale = device_scale (self);
  double zoom;

  if (self->grid_width == 0 || self->grid_height == 0 || width <= 0 || height <= 0)
    return 1.0;
  zoom = MIN ((double) width / self->grid_width, (double) height / self->grid_height);
  /* Whole device pixels per cell keep every cell the same size. */
  if (zoom * scale >= 1.0)
    zoom = floor (zoom * scale) / scale;
  return zoom;
}

static void
zoom_limits (CelCanvas *self, double *min_zoom, double *max_zoom)
{
  double fit = fit_zoom (self, gtk_widget_get_width (GTK_WIDGET (self)),
                         gtk_widget_get_height (GTK_WIDGET (self)));

  *min_zoom = MIN (fit * 0.5, 1.0 / device_scale (self));
  *max_zoom = MAX (MAX_ZOOM, fit);
}

/* Keeps part of the grid in view. */
static void
clamp_pan (CelCanvas *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double extent_x = self->grid_width * self->zoom;
  double extent_y = self->grid_height * self->zoom;
  double margin_x = MIN (PAN_MARGIN, MIN (extent_x, width) / 2);
  double margin_y = MIN (PAN_MARGIN, MIN (extent_y, height) / 2);
  int scale = device_scale (self);

  if (width <= 0 || height <= 0)
    return;
  self->origin_x = CLAMP (self->origin_x, margin_x - extent_x, width - margin_x);
  self->origin_y = CLAMP (self->origin_y, margin_y - extent_y, height - margin_y);
  /* On a device pixel edge: at whole device pixels per cell every cell
   * then covers the same pixels, and a cell's centre is a pixel's. */
  self->origin_x = round (self->origin_x * scale) / scale;
  self->origin_y = round (self->origin_y * scale) / scale;
}

static gboolean
cell_under (CelCanvas *self, double wx, double wy, gint64 *cx, gint64 *cy)
{
  CelCanvasView view = current_view (self);

  cel_canvas_view_to_cell (&view, wx, wy, cx, cy);
  return *cx >= 0 && *cy >= 0 && *cx < self->grid_width && *cy < self->grid_height;
}

static void
set_status (CelCanvas *self, char *status)
{
  if (g_strcmp0 (status, self->status) == 0)
    {
      g_free (status);
      return;
    }
  g_free (self->status);
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
cel_canvas_update_status (CelCanvas *self)
{
  g_autofree char *cell = NULL;
  g_autofree char *selection = cel_canvas_selection_describe (self);
  gint64 cx, cy;

  if (self->pointer_inside && self->grid_width > 0
      && cell_under (self, self->pointer_x, self->pointer_y, &cx, &cy))
    cell = cel_canvas_describe_cell (self->frame, (int) cx, (int) cy);
  if (cell && selection)
    set_status (self, g_strdup_printf ("%s · %s", cell, selection));
  else
    set_status (self, g_strdup (cell ? cell : selection ? selection : ""));
}

static void
send_view (CelCanvas *self)
{
  if (self->runner == NULL)
    return;
  self->view_seq = cel_runner_set_view (self->runner, self->field,
                                        self->region_active ? &self->region : NULL);
}

/* One axis of the region to ask for: the visible cells [v0, v1) with half
 * their extent again on each side, at most limit cells, inside the grid. */
static void
region_axis (gint64 v0, gint64 v1, guint grid, guint limit, int *start, guint *size)
{
  gint64 margin = (v1 - v0) / 2;
  gint64 a = MAX (v0 - margin, 0);
  gint64 b = MIN (v1 + margin, (gint64) grid);

  if (b - a > (gint64) limit)
    {
      a = (v0 + v1) / 2 - limit / 2;
      a = CLAMP (a, 0, (gint64) grid - limit);
      b = a + limit;
    }
  *start = (int) a;
  *size = (guint) MAX (b - a, 0);
}

static gboolean
rect_contains (const CelRect *outer, const CelRect *inner)
{
  return inner->x >= outer->x && inner->y >= outer->y
         && (gint64) inner->x + inner->width <= (gint64) outer->x + outer->width
         && (gint64) inner->y + inner->height <= (gint64) outer->y + outer->height;
}

/* Grids past the texture limit are shown through the region around the
 * visible cells; ask again when the view leaves it, or when it has become
 * much larger than what is seen. */
static void
update_region (CelCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  CelCanvasView view = current_view (self);
  gint64 x0, y0, x1, y1;
  CelRect visible, want;

  if (self->runner == NULL || self->grid_width == 0 || self->grid_height == 0
      || width <= 0 || height <= 0)
    return;

  if (self->grid_width <= self->field_limit && self->grid_height <= self->field_limit)
    {
      if (self->region_active)
        {
          self->region_active = FALSE;
          send_view (self);
        }
      return;
    }

  cel_canvas_view_to_cell (&view, 0, 0, &x0, &y0);
  cel_canvas_view_to_cell (&view, width, height, &x1, &y1);
  x0 = CLAMP (x0, 0, (gint64) self->grid_width);
  y0 = CLAMP (y0, 0, (gint64) self->grid_height);
  x1 = CLAMP (x1 + 1, x0, (gint64) self->grid_width);
  y1 = CLAMP (y1 + 1, y0, (gint64) self->grid_height);
  visible = (CelRect) { (int) x0, (int) y0, (guint) (x1 - x0), (guint) (y1 - y0) };
  region_axis (x0, x1, self->grid_width, self->field_limit, &want.x, &want.width);
  region_axis (y0, y1, self->grid_height, self->field_limit, &want.y, &want.height);

  if (self->region_active && rect_contains (&self->region, &visible)
      && (double) self->region.width * self->region.height
         <= 4.0 * MAX ((double) want.width * want.height, 1.0))
    return;
  self->region_active = TRUE;
  self->region = want;
  send_view (self);
}

static void
queue_field_redraw (CelCanvas *self)
{
  g_clear_object (&self->fallback);
  if (self->gl)
    gtk_gl_area_queue_render (GTK_GL_AREA (self->area));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
view_changed (CelCanvas *self)
{
  queue_field_redraw (self);
  update_region (self);
  cel_canvas_update_status (self);
  if (self->zoom != self->notified_zoom)
    {
      self->notified_zoom = self->zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

static void
apply_fit (CelCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = device_scale (self);

  if (width <= 0 || height <= 0 || self->grid_width == 0 || self->grid_height == 0)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  self->fitted = TRUE;
  self->zoom = fit_zoom (self, width, height);
  /* Cell edges on device pixel edges. */
  self->origin_x = round ((width - self->grid_width * self->zoom) / 2 * scale) / scale;
  self->origin_y = round ((height - self->grid_height * self->zoom) / 2 * scale) / scale;
  view_changed (self);
}

static void
zoom_at (CelCanvas *self, double zoom, double wx, double wy)
{
  double min_zoom, max_zoom;

  if (self->grid_width == 0 || self->grid_height == 0 || !isfinite (zoom))
    return;
  zoom_limits (self, &min_zoom, &max_zoom);
  zoom = CLAMP (zoom, min_zoom, max_zoom);
  /* The point under (wx, wy) stays there. */
  self->origin_x = wx - (wx - self->origin_x) / self->zoom * zoom;
  self->origin_y = wy - (wy - self->origin_y) / self->zoom * zoom;
  self->zoom = zoom;
  self->fitted = FALSE;
  clamp_pan (self);
  view_changed (self);
}

static void
zoom_at_center (CelCanvas *self, double zoom)
{
  zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
cel_canvas_pointer_or_center (CelCanvas *self, double *x, double *y)
{
  if (self->pointer_inside)
    {
      *x = self->pointer_x;
      *y = self->pointer_y;
    }
  else
    {
      *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
}

void
cel_canvas_zoom_to_fit (CelCanvas *self)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  apply_fit (self);
}

void
cel_canvas_zoom_one_to_one (CelCanvas *self)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  zoom_at_center (self, 1.0 / device_scale (self));
}

void
cel_canvas_zoom_in (CelCanvas *self)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  zoom_at_center (self, self->zoom * STEP_ZOOM_FACTOR);
}

void
cel_canvas_zoom_out (CelCanvas *self)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  zoom_at_center (self, self->zoom / STEP_ZOOM_FACTOR);
}

double
cel_canvas_get_zoom (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), 1.0);

  return self->zoom;
}

gboolean
cel_canvas_cell_to_widget (CelCanvas *self, int cx, int cy, double *wx, double *wy)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  if (cx < 0 || cy < 0 || (guint) cx >= self->grid_width || (guint) cy >= self->grid_height)
    return FALSE;
  if (wx)
    *wx = self->origin_x + (cx + 0.5) * self->zoom;
  if (wy)
    *wy = self->origin_y + (cy + 0.5) * self->zoom;
  return TRUE;
}

gboolean
cel_canvas_widget_to_cell (CelCanvas *self, double wx, double wy, int *cx, int *cy)
{
  gint64 x, y;
  gboolean inside;

  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  inside = cell_under (self, wx, wy, &x, &y);
  if (cx)
    *cx = (int) CLAMP (x, G_MININT, G_MAXINT);
  if (cy)
    *cy = (int) CLAMP (y, G_MININT, G_MAXINT);
  return inside;
}

/* ---- Snapshots and the runner ---------------------------------------- */

/* The runner resets its view on a load, and the window may choose a field
 * itself: follow the field the snapshots show, and ask again for the
 * region when the frames no longer match it (once, in case the model
 * cannot render regions). */
static void
follow_view (CelCanvas *self)
{
  CelSnapshot *snap = self->snapshot;
  CelFrame *frame = self->frame;

  if (self->runner == NULL || snap == NULL || snap->applied_seq < self->view_seq)
    return;
  if (snap->field != self->field)
    {
      self->field = snap->field;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
    }
  if (self->region_active && frame != NULL
      && (frame->x != self->region.x || frame->y != self->region.y
          || frame->width != self->region.width || frame->height != self->region.height))
    {
      if (!self->view_retried)
        {
          self->view_retried = TRUE;
          send_view (self);
        }
    }
  else
    self->view_retried = FALSE;
}

void
cel_canvas_set_snapshot (CelCanvas *self, CelSnapshot *snapshot)
{
  guint grid_width, grid_height;
  CelFrame *frame;

  g_return_if_fail (CEL_IS_CANVAS (self));

  if (snapshot == self->snapshot)
    return;
  if (snapshot)
    cel_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, cel_snapshot_unref);
  self->snapshot = snapshot;

  frame = snapshot ? snapshot->frame : NULL;
  grid_width = snapshot ? snapshot->grid_width : 0;
  grid_height = snapshot ? snapshot->grid_height : 0;
  if (frame != self->frame)
    {
      g_clear_pointer (&self->frame, cel_frame_unref);
      self->frame = frame ? cel_frame_ref (frame) : NULL;
      queue_field_redraw (self);
      cel_canvas_update_status (self);
    }
  if (grid_width != self->grid_width || grid_height != self->grid_height)
    {
      self->grid_width = grid_width;
      self->grid_height = grid_height;
      apply_fit (self);
      cel_canvas_selection_sync (self);
    }
  follow_view (self);
  update_region (self);
}

static void
update_undo_state (CelCanvas *self)
{
  gboolean can_undo = cel_canvas_history_can_undo (self->history);
  gboolean can_redo = cel_canvas_history_can_redo (self->history);

  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

void
cel_canvas_set_runner (CelCanvas *self, CelRunner *runner)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  if (runner == self->runner)
    return;
  gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
  self->drag_mode = CEL_CANVAS_DRAG_NONE;
  self->runner = runner;
  self->runner_serial++;
  self->has_selection = FALSE;
  cel_canvas_selection_sync (self);
  self->view_seq = 0;
  self->region_active = FALSE;
  self->view_retried = FALSE;
  cel_canvas_history_clear (self->history);
  update_undo_state (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cel_canvas_set_field (CelCanvas *self, guint field)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  if (field != self->field)
    {
      self->field = field;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
    }
  send_view (self);
}

guint
cel_canvas_get_field (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), 0);

  return self->field;
}

/* ---- Undo ------------------------------------------------------------ */

void
cel_canvas_push_undo (CelCanvas *self, guint64 seq, GArray *undo_cells)
{
  g_return_if_fail (CEL_IS_CANVAS (self));
  g_return_if_fail (undo_cells != NULL);

  cel_canvas_history_record (self->history, seq, undo_cells);
  update_undo_state (self);
}

void
cel_canvas_track_command (CelCanvas *self, guint64 seq)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  cel_canvas_history_add (self->history, seq);
  update_undo_state (self);
}

gboolean
cel_canvas_undo (CelCanvas *self)
{
  gboolean done;

  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  done = cel_canvas_history_undo (self->history, self->runner);
  update_undo_state (self);
  return done;
}

gboolean
cel_canvas_redo (CelCanvas *self)
{
  gboolean done;

  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  done = cel_canvas_history_redo (self->history, self->runner);
  update_undo_state (self);
  return done;
}

gboolean
cel_canvas_get_can_undo (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  return self->can_undo;
}

gboolean
cel_canvas_get_can_redo (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  return self->can_redo;
}

void
cel_canvas_clear_history (CelCanvas *self)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  cel_canvas_history_clear (self->history);
  /* A drag in progress goes on as a gesture of the new history. */
  if (self->drag_mode == CEL_CANVAS_DRAG_PAINT)
    cel_canvas_history_begin (self->history);
  update_undo_state (self);
}

/* ---- Painting -------------------------------------------------------- */

static gint32
clamp_cell (gint64 c)
{
  return (gint32) CLAMP (c, G_MININT32, G_MAXINT32);
}

static CelStroke *
new_stroke (CelCanvas *self)
{
  return cel_stroke_new (self->tool, self->tool == CEL_TOOL_ERASER ? 0.0f : self->paint_value,
                         self->brush_radius, self->density);
}

static void
send_stroke (CelCanvas *self, CelStroke *stroke)
{
  guint64 seq = cel_runner_paint (self->runner, stroke, TRUE);

  cel_canvas_history_add (self->history, seq);
  update_undo_state (self);
}

static void
paint_to (CelCanvas *self, gint64 cx, gint64 cy, gboolean first)
{
  CelStroke *stroke;

  if (!first && cx == self->last_cx && cy == self->last_cy)
    return;
  stroke = new_stroke (self);
  if (!first)
    cel_stroke_add_point (stroke, clamp_cell (self->last_cx), clamp_cell (self->last_cy));
  cel_stroke_add_point (stroke, clamp_cell (cx), clamp_cell (cy));
  self->last_cx = cx;
  self->last_cy = cy;
  send_stroke (self, stroke);
}

/* The brush is lifted: a model whose brush acts while held stops. */
static void
end_paint (CelCanvas *self)
{
  cel_canvas_history_end (self->history);
  update_undo_state (self);
  if (self->runner)
    cel_runner_release_brush (self->runner);
}

static gboolean
is_shape_tool (CelTool tool)
{
  return tool == CEL_TOOL_LINE || tool == CEL_TOOL_RECT || tool == CEL_TOOL_FILL;
}

static void
update_cursor (CelCanvas *self)
{
  const char *name = "crosshair";

  if (self->drag_mode == CEL_CANVAS_DRAG_PAN)
    name = "grabbing";
  else if (self->space_down)
    name = "grab";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

/* The gesture, in widget coordinates: what the drag gesture does for its
 * button, and what cel_canvas_begin_gesture() and friends do for the
 * primary one. Returns FALSE when the press does nothing. */
static gboolean
gesture_begin (CelCanvas *self, guint button, double x, double y)
{
  gint64 cx, cy;

  self->drag_x = x;
  self->drag_y = y;
  self->drag_mode = CEL_CANVAS_DRAG_NONE;

  if (button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && self->space_down))
    {
      if (button == GDK_BUTTON_PRIMARY)
        self->space_pans++;
      self->drag_mode = CEL_CANVAS_DRAG_PAN;
      self->pan_origin_x = self->origin_x;
      self->pan_origin_y = self->origin_y;
      update_cursor (self);
      return TRUE;
    }
  if (button != GDK_BUTTON_PRIMARY || self->runner == NULL || self->grid_width == 0)
    return FALSE;

  cell_under (self, x, y, &cx, &cy);
  if (self->tool == CEL_CANVAS_TOOL_SELECT)
    {
      self->drag_mode = CEL_CANVAS_DRAG_SELECT;
      cel_canvas_selection_begin (self, cx, cy);
    }
  else if (is_shape_tool (self->tool))
    {
      self->drag_mode = CEL_CANVAS_DRAG_SHAPE;
      self->shape_x0 = self->shape_x1 = cx;
      self->shape_y0 = self->shape_y1 = cy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else
    {
      self->drag_mode = CEL_CANVAS_DRAG_PAINT;
      cel_canvas_history_begin (self->history);
      paint_to (self, cx, cy, TRUE);
    }
  return TRUE;
}

static void
gesture_update (CelCanvas *self, double x, double y)
{
  gint64 cx, cy;

  if (self->drag_mode == CEL_CANVAS_DRAG_PAN)
    {
      self->origin_x = self->pan_origin_x + (x - self->drag_x);
      self->origin_y = self->pan_origin_y + (y - self->drag_y);
      self->fitted = FALSE;
      clamp_pan (self);
      view_changed (self);
      return;
    }
  if (self->drag_mode == CEL_CANVAS_DRAG_NONE)
    return;

  self->pointer_x = x;
  self->pointer_y = y;
  cell_under (self, x, y, &cx, &cy);
  if (self->drag_mode == CEL_CANVAS_DRAG_PAINT && self->runner)
    paint_to (self, cx, cy, FALSE);
  else if (self->drag_mode == CEL_CANVAS_DRAG_SHAPE)
    {
      self->shape_x1 = cx;
      self->shape_y1 = cy;
    }
  else if (self->drag_mode == CEL_CANVAS_DRAG_SELECT)
    cel_canvas_selection_update (self, cx, cy);
  cel_canvas_update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gesture_end (CelCanvas *self)
{
  CelCanvasDragMode mode = self->drag_mode;

  self->drag_mode = CEL_CANVAS_DRAG_NONE;
  if (mode == CEL_CANVAS_DRAG_PAINT)
    end_paint (self);
  else if (mode == CEL_CANVAS_DRAG_SHAPE && self->runner)
    {
      CelStroke *stroke = new_stroke (self);

      cel_stroke_add_point (stroke, clamp_cell (self->shape_x0), clamp_cell (self->shape_y0));
      cel_stroke_add_point (stroke, clamp_cell (self->shape_x1), clamp_cell (self->shape_y1));
      send_stroke (self, stroke);
    }
  else if (mode == CEL_CANVAS_DRAG_SELECT)
    cel_canvas_selection_end (self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A cancelled drag keeps what was painted (as one undo step) and the
 * selection made so far, and drops an unfinished shape. */
static void
gesture_cancel (CelCanvas *self)
{
  CelCanvasDragMode mode = self->drag_mode;

  self->drag_mode = CEL_CANVAS_DRAG_NONE;
  if (mode == CEL_CANVAS_DRAG_PAINT)
    end_paint (self);
  else if (mode == CEL_CANVAS_DRAG_SELECT)
    cel_canvas_selection_end (self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, CelCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (GTK_GESTURE (gesture),
                         gesture_begin (self, button, x, y) ? GTK_EVENT_SEQUENCE_CLAIMED
                                                            : GTK_EVENT_SEQUENCE_DENIED);
}

/* GTK delivers one motion event per frame and keeps the positions it
 * merged into it as the event's history: a brush follows them too, so that
 * a quick stroke, or one made while frames are slow, leaves no gaps. */
static void
paint_history (CelCanvas *self, GtkGesture *gesture)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  g_autofree GdkTimeCoord *history = NULL;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  guint n = 0;
  double sx, sy;

  if (self->drag_mode != CEL_CANVAS_DRAG_PAINT || event == NULL || native == NULL
      || gdk_event_get_event_type (event) != GDK_MOTION_NOTIFY)
    return;
  history = gdk_event_get_history (event, &n);
  /* History positions are in the surface's coordinates. */
  gtk_native_get_surface_transform (native, &sx, &sy);
  for (guint i = 0; i < n; i++)
    {
      double wx, wy;

      if ((history[i].flags & (GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y)) != (GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y))
        continue;
      if (gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self),
                                            history[i].axes[GDK_AXIS_X] - sx,
                                            history[i].axes[GDK_AXIS_Y] - sy, &wx, &wy))
        gesture_update (self, wx, wy);
    }
}

static void
on_drag_update (GtkGestureDrag *gesture, double offset_x, double offset_y, CelCanvas *self)
{
  paint_history (self, GTK_GESTURE (gesture));
  gesture_update (self, self->drag_x + offset_x, self->drag_y + offset_y);
}

static void
on_drag_end (GtkGestureDrag *gesture, double offset_x, double offset_y, CelCanvas *self)
{
  if (self->drag_mode == CEL_CANVAS_DRAG_NONE)
    return;
  gesture_update (self, self->drag_x + offset_x, self->drag_y + offset_y);
  gesture_end (self);
}

/* drag-end follows a cancel and then finds nothing to do. */
static void
on_drag_cancel (GtkGesture *gesture, GdkEventSequence *sequence, CelCanvas *self)
{
  gesture_cancel (self);
}

void
cel_canvas_begin_gesture (CelCanvas *self, double wx, double wy)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  if (self->drag_mode != CEL_CANVAS_DRAG_NONE)
    gesture_cancel (self);
  gesture_begin (self, GDK_BUTTON_PRIMARY, wx, wy);
}

void
cel_canvas_update_gesture (CelCanvas *self, double wx, double wy)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  gesture_update (self, wx, wy);
}

void
cel_canvas_end_gesture (CelCanvas *self)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  gesture_end (self);
}

/* ---- Pointer, wheel, pinch, keys -------------------------------------- */

static gboolean
shows_brush (CelCanvas *self)
{
  return self->pointer_inside && !self->space_down && self->drag_mode != CEL_CANVAS_DRAG_PAN
         && self->drag_mode != CEL_CANVAS_DRAG_SHAPE && !is_shape_tool (self->tool)
         && self->tool != CEL_CANVAS_TOOL_SELECT
         && self->runner != NULL && self->grid_width > 0;
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CelCanvas *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  cel_canvas_update_status (self);
  if (shows_brush (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller, CelCanvas *self)
{
  self->pointer_inside = FALSE;
  cel_canvas_update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, CelCanvas *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x, y;

  cel_canvas_pointer_or_center (self, &x, &y);
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    {
      if (dy == 0)
        return FALSE;
      zoom_at (self, self->zoom * pow (WHEEL_ZOOM_FACTOR, -dy), x, y);
    }
  else if (state & GDK_CONTROL_MASK)
    zoom_at (self, self->zoom * exp2 (-dy / TOUCHPAD_ZOOM_PIXELS), x, y);
  else
    {
      /* Two fingers on a touchpad move the field like a sheet of paper. */
      self->origin_x -= dx;
      self->origin_y -= dy;
      self->fitted = FALSE;
      clamp_pan (self);
      view_changed (self);
    }
  return TRUE;
}

static void
on_pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, CelCanvas *self)
{
  self->pinch_zoom = self->zoom;
}

static void
on_pinch_scale (GtkGestureZoom *gesture, double scale, CelCanvas *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    cel_canvas_pointer_or_center (self, &x, &y);
  zoom_at (self, self->pinch_zoom * scale, x, y);
}

/* Space is tracked, not consumed: the window plays and pauses on a Space
 * tap, and leaves it alone when the Space was held to pan (see
 * cel_canvas_get_space_pans). */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CelCanvas             *self)
{
  if (keyval == GDK_KEY_space && !self->space_down)
    {
      self->space_down = TRUE;
      update_cursor (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return FALSE;
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 CelCanvas             *self)
{
  if (keyval == GDK_KEY_space && self->space_down)
    {
      self->space_down = FALSE;
      update_cursor (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_focus_leave (GtkEventControllerFocus *controller, CelCanvas *self)
{
  self->space_down = FALSE;
  update_cursor (self);
}

/* ---- GL --------------------------------------------------------------- */

static void
gl_unavailable (CelCanvas *self, const char *why)
{
  g_debug ("Canvas without OpenGL, drawing in software: %s", why);
  self->field_limit = FALLBACK_FIELD_LIMIT;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCELERATED]);
  queue_field_redraw (self);
  update_region (self);
}

static GBytes *
lookup_shader (const char *name)
{
  g_autofree char *path = g_strconcat (SHADER_PATH, name, NULL);
  g_autoptr (GError) error = NULL;
  GBytes *bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  if (bytes == NULL)
    g_warning ("The canvas shader %s is missing: %s", path, error->message);
  return bytes;
}

/* GtkGLArea of GTK 4.8 asks for desktop OpenGL only; the shaders run on
 * OpenGL ES 3 as well, so allow both. */
static GdkGLContext *
on_area_create_context (GtkGLArea *area, CelCanvas *self)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (GTK_WIDGET (area)));
  g_autoptr (GError) error = NULL;
  GdkGLContext *context = gdk_surface_create_gl_context (surface, &error);

  if (context == NULL)
    {
      gtk_gl_area_set_error (area, error);
      return NULL;
    }
  gdk_gl_context_set_allowed_apis (context, GDK_GL_API_GL | GDK_GL_API_GLES);
  if (!gdk_gl_context_realize (context, &error))
    {
      gtk_gl_area_set_error (area, error);
      g_object_unref (context);
      return NULL;
    }
  return context;
}

static void
on_area_realize (GtkGLArea *area, CelCanvas *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) vertex = NULL;
  g_autoptr (GBytes) fragment = NULL;
  GdkGLContext *context;
  gboolean use_es;
  int major = 0, minor = 0;

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    {
      gl_unavailable (self, gtk_gl_area_get_error (area)->message);
      return;
    }
  context = gtk_gl_area_get_context (area);
  use_es = gdk_gl_context_get_api (context) == GDK_GL_API_GLES;
  gdk_gl_context_get_version (context, &major, &minor);
  if (use_es ? major < 3 : (major < 3 || (major == 3 && minor < 2)))
    {
      g_autofree char *why = g_strdup_printf ("%s %d.%d is too old", use_es ? "OpenGL ES" : "OpenGL",
                                              major, minor);
      gl_unavailable (self, why);
      return;
    }

  vertex = lookup_shader ("canvas.vert.glsl");
  fragment = lookup_shader ("canvas.frag.glsl");
  if (vertex == NULL || fragment == NULL)
    {
      gl_unavailable (self, "no shaders");
      return;
    }
  self->gl = cel_canvas_gl_new (g_bytes_get_data (vertex, NULL), g_bytes_get_data (fragment, NULL),
                                use_es, &error);
  if (self->gl == NULL)
    {
      g_warning ("%s", error->message);
      gl_unavailable (self, error->message);
      return;
    }
  self->field_limit = cel_canvas_gl_get_max_texture_size (self->gl);
  g_debug ("Canvas drawn with %s %d.%d, textures up to %u", use_es ? "OpenGL ES" : "OpenGL",
           major, minor, self->field_limit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCELERATED]);
  queue_field_redraw (self);
  update_region (self);
}

/* Runs before the area drops its context, so the GL objects can go. */
static void
on_area_unrealize (GtkGLArea *area, CelCanvas *self)
{
  if (self->gl == NULL)
    return;
  gtk_gl_area_make_current (area);
  g_clear_pointer (&self->gl, cel_canvas_gl_free);
}

static gboolean
on_area_render (GtkGLArea *area, GdkGLContext *context, CelCanvas *self)
{
  CelCanvasView view = current_view (self);

  if (self->gl == NULL)
    return FALSE;
  cel_canvas_gl_render (self->gl, self->frame, self->colormap,
                        self->grid_width, self->grid_height, &view,
                        gtk_widget_get_width (GTK_WIDGET (area)) * view.scale,
                        gtk_widget_get_height (GTK_WIDGET (area)) * view.scale);
  return TRUE;
}

gboolean
cel_canvas_get_accelerated (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  return self->gl != NULL;
}

static void
on_scale_factor (CelCanvas *self)
{
  clamp_pan (self);
  view_changed (self);
}

/* ---- Drawing ---------------------------------------------------------- */

static void
snapshot_fallback (CelCanvas *self, GtkSnapshot *snapshot, int width, int height)
{
  if (self->fallback == NULL)
    {
      CelCanvasView view = current_view (self);
      guint pw = (guint) width * view.scale, ph = (guint) height * view.scale;
      guint8 *rgba = cel_canvas_render_view (self->frame, self->colormap,
                                             self->grid_width, self->grid_height,
                                             &view, pw, ph);
      g_autoptr (GBytes) bytes = g_bytes_new_take (rgba, (gsize) pw * ph * 4);

      self->fallback = gdk_memory_texture_new ((int) pw, (int) ph, GDK_MEMORY_R8G8B8A8,
                                               bytes, (gsize) pw * 4);
    }
  gtk_snapshot_append_texture (snapshot, self->fallback,
                               &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* One device pixel wide lines on cell edges, over the visible grid. */
static void
snapshot_grid_lines (CelCanvas *self, GtkSnapshot *snapshot, int width, int height)
{
  static const GdkRGBA color = { 0.5f, 0.5f, 0.5f, 0.35f };
  int scale = device_scale (self);
  double line = 1.0 / scale;
  double x0 = MAX (self->origin_x, 0), x1 = MIN (self->origin_x + self->grid_width * self->zoom, width);
  double y0 = MAX (self->origin_y, 0), y1 = MIN (self->origin_y + self->grid_height * self->zoom, height);
  gint64 first, last;

  if (self->zoom < GRID_LINES_MIN_ZOOM || x1 <= x0 || y1 <= y0)
    return;

  first = (gint64) ceil ((x0 - self->origin_x) / self->zoom);
  last = (gint64) floor ((x1 - self->origin_x) / self->zoom);
  for (gint64 i = first; i <= last; i++)
    {
      double x = round ((self->origin_x + i * self->zoom) * scale) / scale;

      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y0, line, y1 - y0));
    }
  first = (gint64) ceil ((y0 - self->origin_y) / self->zoom);
  last = (gint64) floor ((y1 - self->origin_y) / self->zoom);
  for (gint64 j = first; j <= last; j++)
    {
      double y = round ((self->origin_y + j * self->zoom) * scale) / scale;

      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x0, y, x1 - x0, line));
    }
}

/* A Cairo node over just the given widget rectangle (clipped to the widget). */
cairo_t *
cel_canvas_overlay_cairo (GtkSnapshot *snapshot, double x, double y, double w, double h,
                          int width, int height)
{
  double x0 = floor (MAX (x, 0)), y0 = floor (MAX (y, 0));
  double x1 = ceil (MIN (x + w, width)), y1 = ceil (MIN (y + h, height));

  if (x1 <= x0 || y1 <= y0)
    return NULL;
  return gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
}

static void
stroke_outline (cairo_t *cr)
{
  cairo_set_line_width (cr, 3.0);
  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.6);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgba (cr, 0.55, 0.75, 1.0, 1.0);
  cairo_stroke (cr);
}

static void
snapshot_shape (CelCanvas *self, GtkSnapshot *snapshot, int width, int height)
{
  double z = self->zoom;
  double ax = self->origin_x + (self->shape_x0 + 0.5) * z, ay = self->origin_y + (self->shape_y0 + 0.5) * z;
  double bx = self->origin_x + (self->shape_x1 + 0.5) * z, by = self->origin_y + (self->shape_y1 + 0.5) * z;
  double half = self->tool == CEL_TOOL_LINE ? (self->brush_radius + 0.5) * z : 0.5 * z;
  double left = MIN (ax, bx) - half, top = MIN (ay, by) - half;
  double w = fabs (bx - ax) + 2 * half, h = fabs (by - ay) + 2 * half;
  cairo_t *cr = cel_canvas_overlay_cairo (snapshot, left - 4, top - 4, w + 8, h + 8, width, height);

  if (cr == NULL)
    return;
  if (self->tool == CEL_TOOL_LINE)
    {
      cairo_set_line_cap (cr, self->brush_radius > 0 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_SQUARE);
      cairo_move_to (cr, ax, ay);
      cairo_line_to (cr, bx, by);
      cairo_set_line_width (cr, MAX (2 * half, 1.0));
      cairo_set_source_rgba (cr, 0.55, 0.75, 1.0, 0.45);
      cairo_stroke (cr);
    }
  else
    {
      cairo_rectangle (cr, left, top, w, h);
      cairo_set_source_rgba (cr, 0.55, 0.75, 1.0, 0.2);
      cairo_fill_preserve (cr);
      stroke_outline (cr);
    }
  cairo_destroy (cr);
}

/* The brush's reach around the cell under the pointer. */
static void
snapshot_brush (CelCanvas *self, GtkSnapshot *snapshot, int width, int height)
{
  gint64 cx, cy;
  double x, y, r;
  cairo_t *cr;

  cell_under (self, self->pointer_x, self->pointer_y, &cx, &cy);
  r = (self->brush_radius + 0.5) * self->zoom;
  if (r < 3.0)
    return;
  x = self->origin_x + (cx + 0.5) * self->zoom;
  y = self->origin_y + (cy + 0.5) * self->zoom;
  cr = cel_canvas_overlay_cairo (snapshot, x - r - 3, y - r - 3, 2 * r + 6, 2 * r + 6, width, height);
  if (cr == NULL)
    return;
  if (self->brush_radius == 0)
    cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
  else
    cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  stroke_outline (cr);
  cairo_destroy (cr);
}

static void
cel_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CelCanvas *self = CEL_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;
  if (self->gl != NULL)
    gtk_widget_snapshot_child (widget, self->area, snapshot);
  else
    snapshot_fallback (self, snapshot, width, height);

  snapshot_grid_lines (self, snapshot, width, height);
  cel_canvas_selection_snapshot (self, snapshot, width, height);
  if (self->drag_mode == CEL_CANVAS_DRAG_SHAPE)
    snapshot_shape (self, snapshot, width, height);
  else if (shows_brush (self))
    snapshot_brush (self, snapshot, width, height);
}

GdkTexture *
cel_canvas_render_texture (CelCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkNative *native;
  GskRenderer *renderer;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GdkTexture *texture;

  g_return_val_if_fail (CEL_IS_CANVAS (self), NULL);

  native = gtk_widget_get_native (widget);
  renderer = native ? gtk_native_get_renderer (native) : NULL;
  if (!gtk_widget_get_realized (widget) || renderer == NULL || width <= 0 || height <= 0)
    return NULL;

  /* The same drawing as on screen, through the window's renderer. */
  snapshot = gtk_snapshot_new ();
  cel_canvas_snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

/* ---- Layout ----------------------------------------------------------- */

static void
cel_canvas_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  CelCanvas *self = CEL_CANVAS (widget);
  int child_min = 0, child_nat = 0;

  gtk_widget_measure (self->area, orientation, for_size, &child_min, &child_nat, NULL, NULL);
  *minimum = MAX (child_min, 64);
  *natural = MAX (child_nat, 480);
}

static void
cel_canvas_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CelCanvas *self = CEL_CANVAS (widget);
  gboolean resized = width != self->last_width || height != self->last_height;

  gtk_widget_allocate (self->area, width, height, -1, NULL);
  if (self->fit_pending || (self->fitted && resized))
    apply_fit (self);
  else if (resized)
    {
      /* Keep what was at the centre at the centre. */
      self->origin_x += (width - self->last_width) / 2.0;
      self->origin_y += (height - self->last_height) / 2.0;
      clamp_pan (self);
      view_changed (self);
    }
  self->last_width = width;
  self->last_height = height;
}

/* ---- Properties -------------------------------------------------------- */

void
cel_canvas_set_colormap (CelCanvas *self, const char *name)
{
  const char *const *names = cel_colormap_list ();
  const char *chosen = names[0];

  g_return_if_fail (CEL_IS_CANVAS (self));

  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], name) == 0)
      chosen = names[i];
  if (g_strcmp0 (chosen, self->colormap) == 0)
    return;
  g_free (self->colormap);
  self->colormap = g_strdup (chosen);
  queue_field_redraw (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORMAP]);
}

const char *
cel_canvas_get_colormap (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), NULL);

  return self->colormap;
}

void
cel_canvas_set_tool (CelCanvas *self, CelTool tool)
{
  g_return_if_fail (CEL_IS_CANVAS (self));
  g_return_if_fail (tool <= CEL_CANVAS_TOOL_SELECT);

  if (tool == self->tool)
    return;
  self->tool = tool;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

CelTool
cel_canvas_get_tool (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), CEL_TOOL_PENCIL);

  return self->tool;
}

void
cel_canvas_set_brush_radius (CelCanvas *self, guint radius)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  radius = MIN (radius, 1024);
  if (radius == self->brush_radius)
    return;
  self->brush_radius = radius;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRUSH_RADIUS]);
}

guint
cel_canvas_get_brush_radius (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), 0);

  return self->brush_radius;
}

void
cel_canvas_set_paint_value (CelCanvas *self, float value)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  if (!isfinite (value) || value == self->paint_value)
    return;
  self->paint_value = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINT_VALUE]);
}

float
cel_canvas_get_paint_value (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), 0.0f);

  return self->paint_value;
}

void
cel_canvas_set_density (CelCanvas *self, double density)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  if (isnan (density))
    return;
  density = CLAMP (density, 0.0, 1.0);
  if (density == self->density)
    return;
  self->density = density;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DENSITY]);
}

double
cel_canvas_get_density (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), 0.0);

  return self->density;
}

const char *
cel_canvas_get_status (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), NULL);

  return self->status;
}

static void
cel_canvas_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CelCanvas *self = CEL_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_BRUSH_RADIUS:
      g_value_set_uint (value, self->brush_radius);
      break;
    case PROP_PAINT_VALUE:
      g_value_set_float (value, self->paint_value);
      break;
    case PROP_DENSITY:
      g_value_set_double (value, self->density);
      break;
    case PROP_COLORMAP:
      g_value_set_string (value, self->colormap);
      break;
    case PROP_FIELD:
      g_value_set_uint (value, self->field);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ACCELERATED:
      g_value_set_boolean (value, self->gl != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_canvas_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CelCanvas *self = CEL_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      cel_canvas_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_BRUSH_RADIUS:
      cel_canvas_set_brush_radius (self, g_value_get_uint (value));
      break;
    case PROP_PAINT_VALUE:
      cel_canvas_set_paint_value (self, g_value_get_float (value));
      break;
    case PROP_DENSITY:
      cel_canvas_set_density (self, g_value_get_double (value));
      break;
    case PROP_COLORMAP:
      cel_canvas_set_colormap (self, g_value_get_string (value));
      break;
    case PROP_FIELD:
      cel_canvas_set_field (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- Life cycle --------------------------------------------------------- */

static void
cel_canvas_dispose (GObject *object)
{
  CelCanvas *self = CEL_CANVAS (object);

  self->runner = NULL;
  g_clear_pointer (&self->area, gtk_widget_unparent);
  g_clear_pointer (&self->snapshot, cel_snapshot_unref);
  g_clear_pointer (&self->frame, cel_frame_unref);
  g_clear_object (&self->fallback);

  G_OBJECT_CLASS (cel_canvas_parent_class)->dispose (object);
}

static void
cel_canvas_finalize (GObject *object)
{
  CelCanvas *self = CEL_CANVAS (object);

  cel_canvas_history_free (self->history);
  g_free (self->colormap);
  g_free (self->status);

  G_OBJECT_CLASS (cel_canvas_parent_class)->finalize (object);
}

static void
cel_canvas_class_init (CelCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cel_canvas_dispose;
  object_class->finalize = cel_canvas_finalize;
  object_class->get_property = cel_canvas_get_property;
  object_class->set_property = cel_canvas_set_property;

  widget_class->measure = cel_canvas_measure;
  widget_class->size_allocate = cel_canvas_size_allocate;
  widget_class->snapshot = cel_canvas_snapshot;

  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, CEL_TYPE_CANVAS_TOOL, CEL_TOOL_PENCIL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRUSH_RADIUS] =
    g_param_spec_uint ("brush-radius", NULL, NULL, 0, 1024, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAINT_VALUE] =
    g_param_spec_float ("paint-value", NULL, NULL, -G_MAXFLOAT, G_MAXFLOAT, 1.0f,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DENSITY] =
    g_param_spec_double ("density", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLORMAP] =
    g_param_spec_string ("colormap", NULL, NULL, "viridis",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_uint ("field", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0.0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCELERATED] =
    g_param_spec_boolean ("accelerated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "celcanvas");
  cel_canvas_selection_class_init (widget_class);
}

static void
cel_canvas_init (CelCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->colormap = g_strdup ("viridis");
  self->tool = CEL_TOOL_PENCIL;
  self->paint_value = 1.0f;
  self->density = 0.5;
  self->zoom = self->notified_zoom = 1.0;
  self->fit_pending = TRUE;
  self->field_limit = FALLBACK_FIELD_LIMIT;
  self->history = cel_canvas_history_new (HISTORY_LENGTH);
  self->status = g_strdup ("");

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (widget, "crosshair");
  g_signal_connect_swapped (widget, "notify::scale-factor", G_CALLBACK (on_scale_factor), self);

  self->area = gtk_gl_area_new ();
  gtk_widget_set_can_target (self->area, FALSE);
  gtk_widget_set_parent (self->area, widget);
  g_signal_connect (self->area, "create-context", G_CALLBACK (on_area_create_context), self);
  g_signal_connect_after (self->area, "realize", G_CALLBACK (on_area_realize), self);
  g_signal_connect (self->area, "unrealize", G_CALLBACK (on_area_unrealize), self);
  g_signal_connect (self->area, "render", G_CALLBACK (on_area_render), self);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
  self->drag = gesture;

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_pinch_scale), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (widget, controller);

  cel_canvas_selection_init (self);
}

GtkWidget *
cel_canvas_new (void)
{
  return g_object_new (CEL_TYPE_CANVAS, NULL);
}

guint
cel_canvas_get_space_pans (CelCanvas *self)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), 0);
  return self->space_pans;
}
