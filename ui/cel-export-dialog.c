/* cel-export-dialog.c — the Export Image and Export Animation dialogs.
 *
 * The options page leads to a file chooser (a folder for a sequence) and
 * then to a progress page. The work is done in three places: the runner
 * thread renders the field or copies the model (cel_runner_call), the main
 * thread hands that to a worker, and the worker writes the PNG or records
 * the run (cel_apng_record) while the dialog polls its progress.
 */
#include "cel-export-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cel-apng.h"
#include "cel-window.h"

/* The default scale makes the image about this many pixels across. */
#define DEFAULT_IMAGE_SIDE 512
#define MAX_SCALE 64
#define PROGRESS_INTERVAL_MS 100
#define MAX_FRAMES 100000
#define MAX_STEPS_PER_FRAME 1000000
#define MAX_FRAMES_PER_SECOND 60

struct _CelExportDialog
{
  AdwWindow     parent_instance;

  gboolean      animation;
  CelRunner    *runner;
  guint         field;
  guint         grid_width, grid_height;
  char         *colormap;
  guint         max_scale;        /* 0: the field is too large */

  GtkWidget    *stack;
  GtkWidget    *export_button;
  GtkWidget    *scale_row;
  GtkSpinButton *scale_spin;
  AdwComboRow  *format_row;
  GtkWidget    *frames_row;
  GtkSpinButton *frames_spin;
  GtkSpinButton *steps_spin;
  GtkWidget    *fps_row;
  GtkSpinButton *fps_spin;
  GtkLabel     *progress_label;
  GtkProgressBar *progress_bar;

  GCancellable *cancellable;
  gboolean      busy;
  gboolean      closed;
  gint          progress;         /* frames done, written by the worker */
  guint         progress_timeout;
  CelApngRecording recording;
  char         *path;
};

G_DEFINE_FINAL_TYPE (CelExportDialog, cel_export_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  FORMAT_APNG,
  FORMAT_SEQUENCE,
};

/* ---- Options ------------------------------------------------------------- */

static gboolean
is_sequence (CelExportDialog *self)
{
  return self->animation && adw_combo_row_get_selected (self->format_row) == FORMAT_SEQUENCE;
}

static void
update_summary (CelExportDialog *self)
{
  g_autofree char *size = NULL;
  guint scale = cel_export_dialog_get_scale (self);

  if (self->max_scale == 0)
    size = g_strdup_printf (_("A field of %u × %u cells is too large to export as images"),
                            self->grid_width, self->grid_height);
  else
    /* TRANSLATORS: the size of the exported image. */
    size = g_strdup_printf (_("%u × %u pixels"), self->grid_width * scale, self->grid_height * scale);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), size);

  if (self->animation)
    {
      guint n_frames = (guint) gtk_spin_button_get_value_as_int (self->frames_spin);
      guint64 steps = (guint64) gtk_spin_button_get_value (self->steps_spin);
      guint64 span_steps = (guint64) (n_frames - 1) * steps;
      g_autofree char *span = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "From the current state to %llu step later",
                                                            "From the current state to %llu steps later",
                                                            (gulong) MIN (span_steps, G_MAXULONG)),
                                               (unsigned long long) span_steps);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->frames_row), span);
      gtk_widget_set_sensitive (self->fps_row, !is_sequence (self));
    }
  gtk_widget_set_sensitive (self->export_button, self->max_scale > 0 && !self->busy);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              double               lower,
              double               upper,
              double               value,
              GtkWidget          **row_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1.0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  if (row_out)
    *row_out = row;
  return GTK_SPIN_BUTTON (spin);
}

void
cel_export_dialog_set_scale (CelExportDialog *self, guint scale)
{
  g_return_if_fail (CEL_IS_EXPORT_DIALOG (self));

  gtk_spin_button_set_value (self->scale_spin, scale);
}

guint
cel_export_dialog_get_scale (CelExportDialog *self)
{
  g_return_val_if_fail (CEL_IS_EXPORT_DIALOG (self), 1);

  return (guint) MAX (gtk_spin_button_get_value_as_int (self->scale_spin), 1);
}

guint
cel_export_dialog_get_max_scale (CelExportDialog *self)
{
  g_return_val_if_fail (CEL_IS_EXPORT_DIALOG (self), 0);

  return self->max_scale;
}

void
cel_export_dialog_set_run (CelExportDialog *self,
                           gboolean         sequence,
                           guint            n_frames,
                           guint64          steps_per_frame,
                           guint            frames_per_second)
{
  g_return_if_fail (CEL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (self->animation);

  adw_combo_row_set_selected (self->format_row, sequence ? FORMAT_SEQUENCE : FORMAT_APNG);
  gtk_spin_button_set_value (self->frames_spin, n_frames);
  gtk_spin_button_set_value (self->steps_spin, (double) steps_per_frame);
  gtk_spin_button_set_value (self->fps_spin, frames_per_second);
}

/* ---- Finishing ------------------------------------------------------------ */

static void
stop_progress (CelExportDialog *self)
{
  if (self->progress_timeout)
    {
      g_source_remove (self->progress_timeout);
      self->progress_timeout = 0;
    }
}

/* message NULL: cancelled. */
static void
finish (CelExportDialog *self, gboolean done, const char *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  self->busy = FALSE;
  stop_progress (self);
  if (message != NULL && CEL_IS_WINDOW (parent))
    cel_window_add_toast (CEL_WINDOW (parent), message);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, done, message);
  if (!self->closed)
    gtk_window_close (GTK_WINDOW (self));
}

static void
finish_error (CelExportDialog *self, const GError *error)
{
  g_autofree char *name = g_path_get_basename (self->path);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish (self, FALSE, NULL);
      return;
    }
  message = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);
  finish (self, FALSE, message);
}

/* ---- The worker ------------------------------------------------------------ */

typedef struct {
  CelFrame        *frame;      /* an image … */
  CelModel        *copy;       /* … or a run */
  CelApngRecording recording;
  char            *colormap;
  char            *path;
  gint            *progress;   /* the dialog's, alive as long as the task */
} WorkerJob;

static void
worker_job_free (WorkerJob *job)
{
  g_clear_pointer (&job->frame, cel_frame_unref);
  g_clear_object (&job->copy);
  g_free (job->colormap);
  g_free (job->path);
  g_free (job);
}

static void
on_record_progress (double fraction, gpointer data)
{
  WorkerJob *job = data;

  g_atomic_int_set (job->progress, (gint) lround (fraction * job->recording.n_frames));
}

static void
worker_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  WorkerJob *job = data;
  GError *error = NULL;
  gboolean ok;

  if (job->frame != NULL)
    ok = cel_frame_write_png (job->frame, job->colormap, job->recording.scale, job->path, &error);
  else
    ok = cel_apng_record (job->copy, &job->recording, job->path, on_record_progress, job,
                          cancellable, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
worker_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CelExportDialog *self = CEL_EXPORT_DIALOG (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_path_get_basename (self->path);
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish_error (self, error);
      return;
    }
  if (self->animation && self->recording.sequence)
    message = g_strdup_printf (ngettext ("Exported %u image to “%s”", "Exported %u images to “%s”",
                                         self->recording.n_frames),
                               self->recording.n_frames, name);
  else
    message = g_strdup_printf (_("Exported “%s”"), name);
  finish (self, TRUE, message);
}

static gboolean
update_progress (gpointer data)
{
  CelExportDialog *self = data;
  guint done = (guint) g_atomic_int_get (&self->progress);
  g_autofree char *text = NULL;

  if (!self->animation)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return G_SOURCE_CONTINUE;
    }
  if (done == 0)
    return G_SOURCE_CONTINUE;
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / self->recording.n_frames);
  text = g_strdup_printf (_("Frame %u of %u"), done, self->recording.n_frames);
  gtk_label_set_text (self->progress_label, text);
  return G_SOURCE_CONTINUE;
}

/* ---- The runner's part ------------------------------------------------------ */

typedef struct {
  GWeakRef   dialog;
  gboolean   animation;
  guint      field;
  CelFrame  *frame;
  CelModel  *copy;
  GError    *error;
} RunnerJob;

static void
runner_job_clear (gpointer data)
{
  RunnerJob *job = data;

  g_weak_ref_clear (&job->dialog);
  g_clear_pointer (&job->frame, cel_frame_unref);
  g_clear_object (&job->copy);
  g_clear_error (&job->error);
}

static void
runner_job_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, runner_job_clear);
}

/* Main thread: hand the frame or the copy to a worker. */
static gboolean
runner_job_done (gpointer data)
{
  RunnerJob *job = data;
  g_autoptr (CelExportDialog) self = g_weak_ref_get (&job->dialog);
  g_autoptr (GTask) task = NULL;
  WorkerJob *work;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (job->error != NULL)
    {
      finish_error (self, job->error);
      return G_SOURCE_REMOVE;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      finish (self, FALSE, NULL);
      return G_SOURCE_REMOVE;
    }

  work = g_new0 (WorkerJob, 1);
  work->frame = g_steal_pointer (&job->frame);
  work->copy = g_steal_pointer (&job->copy);
  work->recording = self->recording;
  work->colormap = g_strdup (self->colormap);
  work->recording.colormap = work->colormap;
  work->path = g_strdup (self->path);
  work->progress = &self->progress;
  task = g_task_new (self, self->cancellable, worker_done, NULL);
  g_task_set_task_data (task, work, (GDestroyNotify) worker_job_free);
  g_task_run_in_thread (task, worker_thread);
  return G_SOURCE_REMOVE;
}

/* Runner thread: the whole field, or a copy of the model. */
static void
runner_job_run (CelModel *model, gpointer data)
{
  RunnerJob *job = data;

  if (job->animation)
    job->copy = cel_model_copy (model, &job->error);
  else if (job->field < cel_model_get_n_fields (model))
    job->frame = cel_model_render_field (model, job->field, NULL);
  if (!job->animation && job->frame == NULL)
    g_set_error (&job->error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                 _("The model has no field to export"));
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, runner_job_done,
                              g_atomic_rc_box_acquire (job), runner_job_release);
}

void
cel_export_dialog_export_to (CelExportDialog *self, const char *path)
{
  RunnerJob *job;

  g_return_if_fail (CEL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->busy || self->max_scale == 0)
    return;
  self->busy = TRUE;
  g_free (self->path);
  self->path = g_strdup (path);
  self->recording = (CelApngRecording) {
    .field = self->field,
    .colormap = self->colormap,
    .scale = cel_export_dialog_get_scale (self),
    .n_frames = 1,
    .steps_per_frame = 1,
    .frames_per_second = 1,
  };
  if (self->animation)
    {
      self->recording.n_frames = (guint) gtk_spin_button_get_value_as_int (self->frames_spin);
      self->recording.steps_per_frame = (guint64) gtk_spin_button_get_value (self->steps_spin);
      self->recording.frames_per_second = (guint) gtk_spin_button_get_value_as_int (self->fps_spin);
      self->recording.sequence = is_sequence (self);
    }
  g_atomic_int_set (&self->progress, 0);

  gtk_label_set_text (self->progress_label,
                      self->animation ? _("Copying the experiment…") : _("Writing the image…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "progress");
  update_summary (self);
  self->progress_timeout = g_timeout_add (PROGRESS_INTERVAL_MS, update_progress, self);

  job = g_atomic_rc_box_new0 (RunnerJob);
  g_weak_ref_init (&job->dialog, self);
  job->animation = self->animation;
  job->field = self->field;
  cel_runner_call (self->runner, runner_job_run, job, runner_job_release);
}

/* ---- The file chooser ------------------------------------------------------- */

static void
on_chooser_response (GtkNativeDialog *chooser, int response, CelExportDialog *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = g_strdup_printf (_("Could not export “%s”: only local files can be written"),
                                                  name);
      finish (self, FALSE, message);
      return;
    }
  cel_export_dialog_export_to (self, path);
}

static void
on_export_clicked (CelExportDialog *self)
{
  gboolean folder = is_sequence (self);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (folder ? _("Export Into Folder") : self->animation ? _("Export Animation")
                                                                                   : _("Export Image"),
                                 GTK_WINDOW (self),
                                 folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                        : GTK_FILE_CHOOSER_ACTION_SAVE,
                                 folder ? _("_Select") : _("_Export"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folder)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, self->animation ? _("Animated PNG images") : _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      gtk_file_filter_add_pattern (filter, "*.png");
      if (self->animation)
        {
          gtk_file_filter_add_mime_type (filter, "image/apng");
          gtk_file_filter_add_pattern (filter, "*.apng");
        }
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                         self->animation ? _("run.png") : _("canvas.png"));
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Construction ------------------------------------------------------------ */

static gboolean
on_close_request (GtkWindow *window)
{
  CelExportDialog *self = CEL_EXPORT_DIALOG (window);

  /* Closing while busy cancels; "finished" follows. */
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  return FALSE;
}

static void
build (CelExportDialog *self, const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *progress = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  guint default_scale;

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_add_css_class (self->export_button, "suggested-action");
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         self->animation
                                         ? _("Recorded from a copy of the experiment as it is now; the experiment itself stays where it is.")
                                         : _("The whole field as it is now; at one pixel per cell the image has the grid’s own resolution."));
  if (self->animation)
    {
      g_autoptr (GtkStringList) formats = gtk_string_list_new (NULL);

      gtk_string_list_append (formats, _("Animated PNG"));
      gtk_string_list_append (formats, _("Numbered PNG images"));
      self->format_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->format_row), _("Format"));
      adw_combo_row_set_model (self->format_row, G_LIST_MODEL (formats));
      g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (update_summary), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->format_row));
      self->frames_spin = add_spin_row (ADW_PREFERENCES_GROUP (group), _("_Frames"),
                                        2, MAX_FRAMES, 100, &self->frames_row);
      self->steps_spin = add_spin_row (ADW_PREFERENCES_GROUP (group), _("_Steps per frame"),
                                       1, MAX_STEPS_PER_FRAME, 1, NULL);
      self->fps_spin = add_spin_row (ADW_PREFERENCES_GROUP (group), _("Frames per _second"),
                                     1, MAX_FRAMES_PER_SECOND, 15, &self->fps_row);
      g_signal_connect_swapped (self->frames_spin, "value-changed", G_CALLBACK (update_summary), self);
      g_signal_connect_swapped (self->steps_spin, "value-changed", G_CALLBACK (update_summary), self);
    }
  default_scale = CLAMP ((DEFAULT_IMAGE_SIDE + MAX (self->grid_width, self->grid_height) - 1)
                         / MAX (MAX (self->grid_width, self->grid_height), 1),
                         1, MAX (self->max_scale, 1));
  self->scale_spin = add_spin_row (ADW_PREFERENCES_GROUP (group), _("_Pixels per cell"),
                                   1, MAX (self->max_scale, 1), default_scale, &self->scale_row);
  g_signal_connect_swapped (self->scale_spin, "value-changed", G_CALLBACK (update_summary), self);

  gtk_widget_set_margin_start (progress, 24);
  gtk_widget_set_margin_end (progress, 24);
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_box_append (GTK_BOX (progress), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (progress), GTK_WIDGET (self->progress_bar));

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), page, "options");
  gtk_stack_add_named (GTK_STACK (self->stack), progress, "progress");
  gtk_box_append (GTK_BOX (box), self->stack);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 440, self->animation ? 440 : 240);
  update_summary (self);
}

static CelExportDialog *
dialog_new (GtkWindow   *parent,
            gboolean     animation,
            CelRunner   *runner,
            CelSnapshot *snapshot,
            const char  *colormap,
            const char  *title)
{
  CelExportDialog *self = g_object_new (CEL_TYPE_EXPORT_DIALOG, NULL);
  guint64 cells = (guint64) snapshot->grid_width * snapshot->grid_height;

  self->animation = animation;
  self->runner = runner;
  self->field = snapshot->field;
  self->grid_width = snapshot->grid_width;
  self->grid_height = snapshot->grid_height;
  self->colormap = g_strdup (colormap);
  self->max_scale = cells == 0 || cells > CEL_APNG_MAX_PIXELS
                    ? 0 : (guint) MIN (MAX_SCALE, floor (sqrt ((double) CEL_APNG_MAX_PIXELS / cells)));
  build (self, title);
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

CelExportDialog *
cel_export_dialog_export_image (GtkWindow   *parent,
                                CelRunner   *runner,
                                CelSnapshot *snapshot,
                                const char  *colormap)
{
  g_return_val_if_fail (runner != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  return dialog_new (parent, FALSE, runner, snapshot, colormap, _("Export Image"));
}

CelExportDialog *
cel_export_dialog_export_run (GtkWindow   *parent,
                              CelRunner   *runner,
                              CelSnapshot *snapshot,
                              const char  *colormap)
{
  g_return_val_if_fail (runner != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  return dialog_new (parent, TRUE, runner, snapshot, colormap, _("Export Animation"));
}

static void
cel_export_dialog_dispose (GObject *object)
{
  CelExportDialog *self = CEL_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  stop_progress (self);

  G_OBJECT_CLASS (cel_export_dialog_parent_class)->dispose (object);
}

static void
cel_export_dialog_finalize (GObject *object)
{
  CelExportDialog *self = CEL_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->colormap);
  g_free (self->path);

  G_OBJECT_CLASS (cel_export_dialog_parent_class)->finalize (object);
}

static void
cel_export_dialog_class_init (CelExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cel_export_dialog_dispose;
  object_class->finalize = cel_export_dialog_finalize;
  window_class->close_request = on_close_request;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cel_export_dialog_init (CelExportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), FALSE);
}
