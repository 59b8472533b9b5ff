/* cel-canvas-selection.c — the canvas's selection, clipboard and drops.
 *
 * The selection is a rectangle of cells, drawn with a marching dashed
 * outline. Copying takes the selected cells from the newest frame (frames
 * are immutable, so this needs no lock) and asks the runner thread for the
 * model's rule; the RLE text goes to the clipboard back on the main thread.
 * Pasting and dropping parse the pattern in a worker thread and send it to
 * the runner as one placement with undo, which the history tracks as one
 * step.
 */
#include "cel-canvas-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* The outline's dashes, in widget pixels, and how fast they march. */
#define ANTS_DASH 4
#define ANTS_PIXELS_PER_SECOND 12

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
report (CelCanvas *self, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

/* ---- The selection ------------------------------------------------------ */

static void
update_actions (CelCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_grid = self->runner != NULL && self->grid_width > 0 && self->grid_height > 0;

  gtk_widget_action_set_enabled (widget, "canvas.copy", has_grid && self->has_selection);
  gtk_widget_action_set_enabled (widget, "canvas.paste", has_grid);
  gtk_widget_action_set_enabled (widget, "canvas.select-all", has_grid);
  gtk_widget_action_set_enabled (widget, "canvas.clear-selection", self->has_selection);
}

static gboolean
ants_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  CelCanvas *self = CEL_CANVAS (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  guint phase = (guint) ((now * ANTS_PIXELS_PER_SECOND / G_USEC_PER_SEC) % (2 * ANTS_DASH));

  if (phase != self->ants_phase)
    {
      self->ants_phase = phase;
      gtk_widget_queue_draw (widget);
    }
  return G_SOURCE_CONTINUE;
}

/* The outline marches while there is a selection. */
static void
update_ants (CelCanvas *self)
{
  if (self->has_selection && self->ants_tick == 0)
    self->ants_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), ants_tick, NULL, NULL);
  else if (!self->has_selection && self->ants_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->ants_tick);
      self->ants_tick = 0;
    }
}

/* Intersects (x0, y0)–(x1, y1) (exclusive ends) with the grid. */
static gboolean
clip_to_grid (CelCanvas *self, gint64 x0, gint64 y0, gint64 x1, gint64 y1, CelRect *out)
{
  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, (gint64) self->grid_width);
  y1 = MIN (y1, (gint64) self->grid_height);
  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  *out = (CelRect) { (int) x0, (int) y0, (guint) (x1 - x0), (guint) (y1 - y0) };
  return TRUE;
}

static void
selection_changed (CelCanvas *self)
{
  update_actions (self);
  update_ants (self);
  cel_canvas_update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cel_canvas_set_selection (CelCanvas *self, const CelRect *rect)
{
  g_return_if_fail (CEL_IS_CANVAS (self));

  self->has_selection = rect != NULL
    && clip_to_grid (self, rect->x, rect->y, (gint64) rect->x + rect->width,
                     (gint64) rect->y + rect->height, &self->selection);
  selection_changed (self);
}

gboolean
cel_canvas_get_selection (CelCanvas *self, CelRect *rect)
{
  g_return_val_if_fail (CEL_IS_CANVAS (self), FALSE);

  if (self->has_selection && rect != NULL)
    *rect = self->selection;
  return self->has_selection;
}

void
cel_canvas_selection_sync (CelCanvas *self)
{
  if (self->has_selection)
    {
      CelRect rect = self->selection;

      self->has_selection = clip_to_grid (self, rect.x, rect.y, (gint64) rect.x + rect.width,
                                          (gint64) rect.y + rect.height, &self->selection);
    }
  selection_changed (self);
}

static void
drag_rect (CelCanvas *self, CelRect *rect)
{
  *rect = (CelRect) { 0, 0, 0, 0 };
  clip_to_grid (self, MIN (self->shape_x0, self->shape_x1), MIN (self->shape_y0, self->shape_y1),
                MAX (self->shape_x0, self->shape_x1) + 1, MAX (self->shape_y0, self->shape_y1) + 1,
                rect);
}

static gint64
clamp_to (gint64 v, guint size)
{
  return CLAMP (v, 0, (gint64) size - 1);
}

void
cel_canvas_selection_begin (CelCanvas *self, gint64 cx, gint64 cy)
{
  self->shape_x0 = self->shape_x1 = clamp_to (cx, self->grid_width);
  self->shape_y0 = self->shape_y1 = clamp_to (cy, self->grid_height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cel_canvas_selection_update (CelCanvas *self, gint64 cx, gint64 cy)
{
  self->shape_x1 = clamp_to (cx, self->grid_width);
  self->shape_y1 = clamp_to (cy, self->grid_height);
}

/* A click without a drag (the same cell) clears the selection. */
void
cel_canvas_selection_end (CelCanvas *self)
{
  CelRect rect;

  if (self->shape_x0 == self->shape_x1 && self->shape_y0 == self->shape_y1)
    {
      cel_canvas_set_selection (self, NULL);
      return;
    }
  drag_rect (self, &rect);
  cel_canvas_set_selection (self, &rect);
}

char *
cel_canvas_selection_describe (CelCanvas *self)
{
  CelRect rect;

  if (self->drag_mode == CEL_CANVAS_DRAG_SELECT)
    drag_rect (self, &rect);
  else if (self->has_selection)
    rect = self->selection;
  else
    return NULL;
  /* TRANSLATORS: the size of the selection in cells, width × height. */
  return g_strdup_printf (_("%u × %u selected"), rect.width, rect.height);
}

void
cel_canvas_selection_snapshot (CelCanvas *self, GtkSnapshot *snapshot, int width, int height)
{
  static const double dashes[] = { ANTS_DASH, ANTS_DASH };
  gboolean dragging = self->drag_mode == CEL_CANVAS_DRAG_SELECT;
  double x, y, w, h;
  CelRect rect;
  cairo_t *cr;

  if (dragging)
    drag_rect (self, &rect);
  else if (self->has_selection)
    rect = self->selection;
  else
    return;

  /* Cell edges, with the line on pixel centres inside them. */
  x = round (self->origin_x + rect.x * self->zoom) + 0.5;
  y = round (self->origin_y + rect.y * self->zoom) + 0.5;
  w = MAX (round (rect.width * self->zoom) - 1.0, 1.0);
  h = MAX (round (rect.height * self->zoom) - 1.0, 1.0);
  cr = cel_canvas_overlay_cairo (snapshot, x - 2, y - 2, w + 4, h + 4, width, height);
  if (cr == NULL)
    return;
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgba (cr, 0.55, 0.75, 1.0, dragging ? 0.2 : 0.12);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.85);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), dragging ? 0.0 : -(double) self->ants_phase);
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 1.0);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* ---- Copy ------------------------------------------------------------- */

typedef struct {
  GWeakRef    canvas;
  CelPattern *pattern;
  char       *rule;
} CopyJob;

static void
copy_job_clear (gpointer data)
{
  CopyJob *job = data;

  g_weak_ref_clear (&job->canvas);
  cel_pattern_free (job->pattern);
  g_free (job->rule);
}

static void
copy_job_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, copy_job_clear);
}

/* Main thread: the RLE text goes to the clipboard. */
static gboolean
copy_finish (gpointer data)
{
  CopyJob *job = data;
  g_autoptr (CelCanvas) self = g_weak_ref_get (&job->canvas);
  g_autofree char *text = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  job->pattern->rule = g_steal_pointer (&job->rule);
  text = cel_pattern_to_rle (job->pattern);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  return G_SOURCE_REMOVE;
}

/* Runner thread: the rule as the model spells it, for models with a rule
 * written as text (Life-like rules). */
static void
copy_read_rule (CelModel *model, gpointer data)
{
  CopyJob *job = data;
  GParamSpec *pspec = cel_model_find_param (model, "rule");

  if (pspec != NULL && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRING)
    job->rule = cel_model_get_param_string (model, "rule");
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, copy_finish,
                              g_atomic_rc_box_acquire (job), copy_job_release);
}

static gboolean
rect_inside_frame (const CelRect *rect, const CelFrame *frame)
{
  return rect->x >= frame->x && rect->y >= frame->y
         && (gint64) rect->x + rect->width <= (gint64) frame->x + frame->width
         && (gint64) rect->y + rect->height <= (gint64) frame->y + frame->height;
}

void
cel_canvas_copy (CelCanvas *self)
{
  const CelFrame *frame;
  CelPattern *pattern;
  CopyJob *job;
  CelRect rect;

  g_return_if_fail (CEL_IS_CANVAS (self));

  if (self->runner == NULL || !self->has_selection)
    {
      report (self, _("Select the cells to copy first"));
      return;
    }
  frame = self->frame;
  rect = self->selection;
  if (frame == NULL || frame->format != CEL_FIELD_STATES)
    {
      report (self, _("Only a field of cell states can be copied as a pattern"));
      return;
    }
  if (!rect_inside_frame (&rect, frame))
    {
      report (self, _("The selection reaches beyond the part of the grid in memory; zoom out to copy all of it"));
      return;
    }

  pattern = cel_pattern_new (rect.width, rect.height);
  for (guint y = 0; y < rect.height; y++)
    {
      const guint8 *row = frame->data + (gsize) (rect.y - frame->y + y) * frame->stride
                          + (rect.x - frame->x);

      memcpy (pattern->cells + (gsize) y * rect.width, row, rect.width);
    }

  job = g_atomic_rc_box_new0 (CopyJob);
  g_weak_ref_init (&job->canvas, self);
  job->pattern = pattern;
  cel_runner_call (self->runner, copy_read_rule, job, copy_job_release);
}

/* ---- Paste and drop ------------------------------------------------------ */

typedef struct {
  guint    runner_serial;
  gboolean centred;     /* centre the pattern on (x, y), else its corner */
  gint64   x, y;
  GFile   *file;        /* a dropped file … */
  GBytes  *text;        /* … or text */
} PlaceJob;

static void
place_job_free (PlaceJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->text, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlaceJob, place_job_free)

static void
parse_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PlaceJob *job = data;
  GError *error = NULL;
  CelPattern *pattern = NULL;

  if (job->file != NULL)
    {
      g_autofree char *path = g_file_get_path (job->file);

      if (path != NULL)
        pattern = cel_pattern_load (path, &error);
      else
        {
          g_autofree char *uri = g_file_get_uri (job->file);

          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("“%s” is not a local file"), uri);
        }
    }
  else
    {
      gsize length;
      const char *text = g_bytes_get_data (job->text, &length);

      pattern = cel_pattern_parse (text, length, NULL, &error);
    }
  if (pattern)
    g_task_return_pointer (task, pattern, (GDestroyNotify) cel_pattern_free);
  else
    g_task_return_error (task, error);
}

static void
parse_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CelCanvas *self = CEL_CANVAS (source);
  PlaceJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  CelPattern *pattern = g_task_propagate_pointer (G_TASK (result), &error);
  gint64 x, y;
  CelRect placed;

  if (pattern == NULL)
    {
      g_autofree char *message = NULL;

      if (job->file != NULL)
        message = g_strdup_printf (_("Could not place the dropped pattern: %s"), error->message);
      else
        message = g_strdup_printf (_("The text is not a pattern: %s"), error->message);
      report (self, message);
      return;
    }
  /* The experiment changed meanwhile: the placement no longer applies. */
  if (self->runner == NULL || job->runner_serial != self->runner_serial)
    {
      cel_pattern_free (pattern);
      return;
    }

  x = job->x;
  y = job->y;
  if (job->centred)
    {
      x -= pattern->width / 2;
      y -= pattern->height / 2;
    }
  x = CLAMP (x, G_MININT32, G_MAXINT32);
  y = CLAMP (y, G_MININT32, G_MAXINT32);
  if (clip_to_grid (self, x, y, x + pattern->width, y + pattern->height, &placed))
    cel_canvas_set_selection (self, &placed);
  cel_canvas_track_command (self, cel_runner_place_pattern (self->runner, pattern,
                                                            (gint) x, (gint) y, TRUE));
}

static void
start_place (CelCanvas *self, PlaceJob *job)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, parse_done, NULL);

  job->runner_serial = self->runner_serial;
  g_task_set_task_data (task, job, (GDestroyNotify) place_job_free);
  g_task_run_in_thread (task, parse_thread);
}

static PlaceJob *
job_at_point (CelCanvas *self, double wx, double wy)
{
  PlaceJob *job = g_new0 (PlaceJob, 1);
  int cx, cy;

  cel_canvas_widget_to_cell (self, wx, wy, &cx, &cy);
  job->centred = TRUE;
  job->x = clamp_to (cx, self->grid_width);
  job->y = clamp_to (cy, self->grid_height);
  return job;
}

void
cel_canvas_drop_file (CelCanvas *self, GFile *file, double wx, double wy)
{
  PlaceJob *job;

  g_return_if_fail (CEL_IS_CANVAS (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->runner == NULL || self->grid_width == 0)
    return;
  job = job_at_point (self, wx, wy);
  job->file = g_object_ref (file);
  start_place (self, job);
}

void
cel_canvas_drop_text (CelCanvas *self, const char *text, double wx, double wy)
{
  PlaceJob *job;

  g_return_if_fail (CEL_IS_CANVAS (self));
  g_return_if_fail (text != NULL);

  if (self->runner == NULL || self->grid_width == 0)
    return;
  job = job_at_point (self, wx, wy);
  job->text = g_bytes_new (text, strlen (text));
  start_place (self, job);
}

static void
paste_text_ready (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CelCanvas) self = data;
  g_autoptr (GError) error = NULL;
  char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_autoptr (PlaceJob) job = g_object_steal_data (G_OBJECT (self), "cel-paste-job");

  if (job == NULL)
    {
      g_free (text);
      return;
    }
  if (text == NULL)
    {
      report (self, _("The clipboard holds no text to paste as a pattern"));
      return;
    }
  job->text = g_bytes_new_take (text, strlen (text));
  start_place (self, g_steal_pointer (&job));
}

void
cel_canvas_paste (CelCanvas *self)
{
  PlaceJob *job;

  g_return_if_fail (CEL_IS_CANVAS (self));

  if (self->runner == NULL || self->grid_width == 0)
    return;
  if (self->has_selection)
    {
      job = g_new0 (PlaceJob, 1);
      job->x = self->selection.x;
      job->y = self->selection.y;
    }
  else
    {
      double wx, wy;

      cel_canvas_pointer_or_center (self, &wx, &wy);
      job = job_at_point (self, wx, wy);
    }
  /* The newest paste wins over one still reading the clipboard. */
  g_object_set_data_full (G_OBJECT (self), "cel-paste-job", job, (GDestroyNotify) place_job_free);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL,
                                 paste_text_ready, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, CelCanvas *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      gboolean any = files != NULL;

      /* Several files land on the same spot, one after the other. */
      for (GSList *l = files; l != NULL; l = l->next)
        cel_canvas_drop_file (self, l->data, x, y);
      g_slist_free (files);
      return any;
    }
  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      cel_canvas_drop_text (self, g_value_get_string (value), x, y);
      return TRUE;
    }
  return FALSE;
}

/* ---- Actions -------------------------------------------------------------- */

static void
action_copy (GtkWidget *widget, const char *name, GVariant *param)
{
  cel_canvas_copy (CEL_CANVAS (widget));
}

static void
action_paste (GtkWidget *widget, const char *name, GVariant *param)
{
  cel_canvas_paste (CEL_CANVAS (widget));
}

static void
action_select_all (GtkWidget *widget, const char *name, GVariant *param)
{
  CelCanvas *self = CEL_CANVAS (widget);
  CelRect all = { 0, 0, self->grid_width, self->grid_height };

  cel_canvas_set_selection (self, &all);
}

static void
action_clear_selection (GtkWidget *widget, const char *name, GVariant *param)
{
  cel_canvas_set_selection (CEL_CANVAS (widget), NULL);
}

void
cel_canvas_selection_class_init (GtkWidgetClass *widget_class)
{
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "canvas.copy", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "canvas.paste", NULL, action_paste);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, action_select_all);
  gtk_widget_class_install_action (widget_class, "canvas.clear-selection", NULL,
                                   action_clear_selection);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "canvas.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.clear-selection", NULL);
}

void
cel_canvas_selection_init (CelCanvas *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_STRING };

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  update_actions (self);
}
