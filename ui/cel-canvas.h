/* cel-canvas.h — the field of a running model: drawn with OpenGL (or a
 * software fallback), zoomed and panned, and painted with brush tools whose
 * strokes go to the runner as commands.
 *
 * The canvas never touches the model. The window hands it the newest
 * snapshot on each frame (cel_canvas_set_snapshot) and forwards the
 * runner's UNDO events (cel_canvas_push_undo); the canvas sends paint and
 * view commands to the runner it was given.
 *
 * A selection tool marks a rectangle of cells. The canvas's actions copy
 * it to the clipboard as RLE text (canvas.copy, Ctrl+C), paste RLE or
 * plaintext patterns from the clipboard (canvas.paste, Ctrl+V), select the
 * whole grid (canvas.select-all, Ctrl+A) and drop the selection
 * (canvas.clear-selection, Escape); pattern files and text dropped on the
 * canvas are placed centred where they fall. Pasted and dropped patterns
 * are one undo step each. What goes wrong is reported through the "error"
 * signal (void handler (CelCanvas *canvas, const char *message, gpointer
 * data)), with a translated message for the user.
 */
#pragma once

#include <gtk/gtk.h>

#include "cellarium.h"

G_BEGIN_DECLS

/* CelTool (core/cel-stroke.h) as a GEnum, for the "tool" property, with
 * the canvas's own tool after core's painting tools. */
#define CEL_TYPE_CANVAS_TOOL (cel_canvas_tool_get_type ())
GType cel_canvas_tool_get_type (void);

/* The selection tool: dragging marks a rectangle of cells; a click
 * without a drag clears the selection. */
#define CEL_CANVAS_TOOL_SELECT ((CelTool) (CEL_TOOL_FILL + 1))

#define CEL_TYPE_CANVAS (cel_canvas_get_type ())
G_DECLARE_FINAL_TYPE (CelCanvas, cel_canvas, CEL, CANVAS, GtkWidget)

GtkWidget   *cel_canvas_new                (void);

/* Not owned; NULL detaches. Changing the runner clears the history. */
void         cel_canvas_set_runner         (CelCanvas   *self,
                                            CelRunner   *runner);
/* The newest snapshot (referenced; NULL clears the picture). Uploads what
 * changed and queues a draw; never waits. */
void         cel_canvas_set_snapshot       (CelCanvas   *self,
                                            CelSnapshot *snapshot);

/* Which field of the model to show (sent to the runner with
 * cel_runner_set_view, together with the visible region on grids too large
 * for one texture). "field" follows the snapshots, so a field chosen by a
 * load or by cel_runner_set_view elsewhere shows up there too. */
void         cel_canvas_set_field          (CelCanvas   *self,
                                            guint        field);
guint        cel_canvas_get_field          (CelCanvas   *self);

/* A name from cel_colormap_list(), for SCALAR fields. */
void         cel_canvas_set_colormap       (CelCanvas   *self,
                                            const char  *name);
const char  *cel_canvas_get_colormap       (CelCanvas   *self);

/* Tools. */
void         cel_canvas_set_tool           (CelCanvas   *self,
                                            CelTool      tool);
CelTool      cel_canvas_get_tool           (CelCanvas   *self);
void         cel_canvas_set_brush_radius   (CelCanvas   *self,
                                            guint        radius);
guint        cel_canvas_get_brush_radius   (CelCanvas   *self);
void         cel_canvas_set_paint_value    (CelCanvas   *self,
                                            float        value);
float        cel_canvas_get_paint_value    (CelCanvas   *self);
void         cel_canvas_set_density        (CelCanvas   *self,
                                            double       density);
double       cel_canvas_get_density        (CelCanvas   *self);

/* The primary-button gesture at widget coordinates, exactly as the drag
 * gesture drives it (the tool, radius, value and density apply; pan with
 * Space held): for tests and scripted input. */
void         cel_canvas_begin_gesture      (CelCanvas   *self,
                                            double       wx,
                                            double       wy);
void         cel_canvas_update_gesture     (CelCanvas   *self,
                                            double       wx,
                                            double       wy);
void         cel_canvas_end_gesture        (CelCanvas   *self);

/* Undo/redo of painting. push_undo hands over the record of a
 * CEL_RUNNER_EVENT_UNDO (copied; records of commands the canvas did not
 * send or track are ignored). track_command makes a command sent by
 * someone else with record_undo (e.g. a pattern placement) one undo step. */
void         cel_canvas_push_undo          (CelCanvas   *self,
                                            guint64      seq,
                                            GArray      *undo_cells);
void         cel_canvas_track_command      (CelCanvas   *self,
                                            guint64      seq);
gboolean     cel_canvas_undo               (CelCanvas   *self);
gboolean     cel_canvas_redo               (CelCanvas   *self);
gboolean     cel_canvas_get_can_undo       (CelCanvas   *self);
gboolean     cel_canvas_get_can_redo       (CelCanvas   *self);
void         cel_canvas_clear_history      (CelCanvas   *self);

/* The view. Zoom is in widget pixels per cell. */
void         cel_canvas_zoom_to_fit        (CelCanvas   *self);
void         cel_canvas_zoom_one_to_one    (CelCanvas   *self);
void         cel_canvas_zoom_in            (CelCanvas   *self);
void         cel_canvas_zoom_out           (CelCanvas   *self);
double       cel_canvas_get_zoom           (CelCanvas   *self);

/* "(x, y) value" of the cell under the pointer, or "". */
const char  *cel_canvas_get_status         (CelCanvas   *self);

/* Counts pans made by dragging with Space held; the window compares it
 * across a Space press and release to tell a tap (play/pause) from a pan. */
guint        cel_canvas_get_space_pans     (CelCanvas   *self);

/* Whether the field is drawn with OpenGL (FALSE: the software fallback). */
gboolean     cel_canvas_get_accelerated    (CelCanvas   *self);

/* Widget coordinates of a cell's centre; FALSE when the cell is off the
 * grid (or there is none). */
gboolean     cel_canvas_cell_to_widget     (CelCanvas   *self,
                                            int          cx,
                                            int          cy,
                                            double      *wx,
                                            double      *wy);
/* The cell under a widget point; FALSE when it is off the grid (cx and cy
 * are set all the same). */
gboolean     cel_canvas_widget_to_cell     (CelCanvas   *self,
                                            double       wx,
                                            double       wy,
                                            int         *cx,
                                            int         *cy);

/* The selection, in cells of the grid; FALSE when there is none. */
gboolean     cel_canvas_get_selection      (CelCanvas   *self,
                                            CelRect     *rect);
/* Clipped to the grid; NULL, or nothing left of it, clears it. */
void         cel_canvas_set_selection      (CelCanvas   *self,
                                            const CelRect *rect);

/* Copies the selected cells of the field shown (a field of states, as the
 * current frame holds them) to the clipboard as RLE with the model's
 * "rule", read on the runner thread; the clipboard is set a moment later. */
void         cel_canvas_copy               (CelCanvas   *self);
/* Reads RLE or plaintext from the clipboard and places it: at the
 * selection's top-left corner when there is a selection, else centred on
 * the cell under the pointer (or in the middle of the view). The pasted
 * rectangle becomes the selection. Only the cells are placed, in the
 * model's own rule, whatever rule the text names. */
void         cel_canvas_paste              (CelCanvas   *self);
/* What a drop does: places a pattern file (.rle, .cells) or pattern text
 * centred on the cell under the widget point (wx, wy), in a worker
 * thread. */
void         cel_canvas_drop_file          (CelCanvas   *self,
                                            GFile       *file,
                                            double       wx,
                                            double       wy);
void         cel_canvas_drop_text          (CelCanvas   *self,
                                            const char  *text,
                                            double       wx,
                                            double       wy);

/* The canvas as it is drawn now (field, grid lines and overlays), rendered
 * through the widget's own renderer at one pixel per widget pixel; NULL
 * when the widget is not realized or has no size. */
GdkTexture  *cel_canvas_render_texture     (CelCanvas   *self);

G_END_DECLS
