#include "cel-window.h"

#include <glib/gi18n.h>

#include "cel-canvas.h"
#include "cel-gallery.h"
#include "cel-param-panel.h"
#include "cel-plot-area.h"

typedef struct {
  const char *id;
  const char *label;
  const char *icon;
  CelTool     tool;
} ToolInfo;

static const ToolInfo tools[] = {
  { "pencil", N_("Pencil (P)"), "cel-tool-pencil-symbolic", CEL_TOOL_PENCIL },
  { "eraser", N_("Eraser (E)"), "cel-tool-eraser-symbolic", CEL_TOOL_ERASER },
  { "line", N_("Line (L)"), "cel-tool-line-symbolic", CEL_TOOL_LINE },
  { "rectangle", N_("Rectangle (R)"), "cel-tool-rectangle-symbolic", CEL_TOOL_RECT },
  { "spray", N_("Random Spray (S)"), "cel-tool-spray-symbolic", CEL_TOOL_SPRAY },
  { "fill", N_("Random Fill of a Rectangle (F)"), "cel-tool-fill-symbolic", CEL_TOOL_FILL },
};

/* Speeds offered in the header bar; 0 runs as fast as possible. */
static const double speeds[] = { 1, 5, 15, 30, 60, 240, 0 };

struct _CelWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  CelGallery      *gallery;
  CelCanvas       *canvas;
  CelPlotArea     *plot_area;
  CelParamPanel   *param_panel;
  GtkButton       *play_button;
  GtkLabel        *counter_label;
  GtkLabel        *status_label;
  GtkDropDown     *speed_dropdown;
  GtkDropDown     *field_dropdown;
  GtkDropDown     *colormap_dropdown;
  GtkSpinButton   *radius_spin;
  GtkSpinButton   *value_spin;
  GtkSpinButton   *density_spin;
  GtkBox          *tool_box;
  GtkPaned        *side_paned;
  GtkPaned        *plot_paned;

  GSettings       *settings;
  CelRunner       *runner;
  char            *model_id;
  char            *name;
  GFile           *file;
  guint64          shown_generation;
  gboolean         running;
  guint            tick_id;
  GtkWidget       *tool_buttons[G_N_ELEMENTS (tools)];
  GCancellable    *cancellable;
  gboolean         space_pressed;
  guint            space_pans;
};

G_DEFINE_FINAL_TYPE (CelWindow, cel_window, ADW_TYPE_APPLICATION_WINDOW)

void
cel_window_add_toast (CelWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_child_error (CelWindow *self, const char *message)
{
  cel_window_add_toast (self, message);
}

static void update_actions (CelWindow *self);

/* Title and subtitle --------------------------------------------------- */

static void
update_title (CelWindow *self)
{
  const CelModelInfo *info = self->model_id ? cel_registry_lookup (self->model_id) : NULL;
  g_autofree char *basename = self->file ? g_file_get_basename (self->file) : NULL;
  const char *title = basename ? basename : self->name ? self->name
                      : info ? g_dgettext (GETTEXT_PACKAGE, info->title) : _("Cellarium");

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title,
                                 info && (basename || self->name)
                                 ? g_dgettext (GETTEXT_PACKAGE, info->title) : NULL);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* The frame tick: pick up the newest snapshot and runner events. -------- */

static void
handle_events (CelWindow *self)
{
  CelRunnerEvent *event;

  while ((event = cel_runner_pop_event (self->runner)))
    {
      switch (event->kind)
        {
        case CEL_RUNNER_EVENT_ERROR:
          cel_window_add_toast (self, event->message);
          break;
        case CEL_RUNNER_EVENT_UNDO:
          cel_canvas_push_undo (self->canvas, event->seq, event->undo);
          break;
        case CEL_RUNNER_EVENT_PARAM:
        case CEL_RUNNER_EVENT_LOADED:
        default:
          break;
        }
      cel_runner_event_free (event);
    }
}

static void
update_counters (CelWindow *self, CelSnapshot *snap)
{
  g_autofree char *text = NULL;

  if (snap->running && snap->steps_per_second > 0)
    text = g_strdup_printf (_("Step %" G_GUINT64_FORMAT " · %.0f steps/s"),
                            snap->step, snap->steps_per_second);
  else
    text = g_strdup_printf (_("Step %" G_GUINT64_FORMAT), snap->step);
  gtk_label_set_label (self->counter_label, text);

  if (snap->running != self->running)
    {
      self->running = snap->running;
      gtk_button_set_icon_name (self->play_button, self->running
                                ? "media-playback-pause-symbolic"
                                : "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                                   self->running ? _("Pause (Space)") : _("Play (Space)"));
    }
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  CelWindow *self = CEL_WINDOW (widget);
  g_autoptr (CelSnapshot) snap = NULL;

  if (self->runner == NULL)
    return G_SOURCE_CONTINUE;
  handle_events (self);
  snap = cel_runner_get_snapshot (self->runner);
  if (snap == NULL || snap->generation == self->shown_generation)
    return G_SOURCE_CONTINUE;
  self->shown_generation = snap->generation;
  cel_canvas_set_snapshot (self->canvas, snap);
  cel_plot_area_set_snapshot (self->plot_area, snap);
  update_counters (self, snap);
  return G_SOURCE_CONTINUE;
}

/* Opening models ----------------------------------------------------- */

static CelModel *
scratch_copy (CelModel *model)
{
  CelModel *copy = g_object_new (G_OBJECT_TYPE (model), NULL);
  guint n;
  g_autofree GParamSpec **params = cel_model_list_params (model, &n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = cel_model_get_param_string (model, params[i]->name);
      cel_model_set_param_string (copy, params[i]->name, value, NULL);
    }
  return copy;
}

static void
fill_field_dropdown (CelWindow *self, CelModel *model)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  guint n = cel_model_get_n_fields (model);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, g_dgettext (GETTEXT_PACKAGE, cel_model_get_field_info (model, i)->label));
  gtk_drop_down_set_model (self->field_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->field_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->field_dropdown), n > 1);
}

static double
current_speed (CelWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);

  return i < G_N_ELEMENTS (speeds) ? speeds[i] : 0;
}

void
cel_window_open_model (CelWindow  *self,
                       CelModel   *model,
                       GFile      *file,
                       const char *name)
{
  g_autoptr (CelModel) scratch = scratch_copy (model);

  g_free (self->model_id);
  self->model_id = g_strdup (cel_model_get_id (model));
  g_free (self->name);
  self->name = g_strdup (name);
  g_set_object (&self->file, file);

  fill_field_dropdown (self, model);
  cel_param_panel_set_model (self->param_panel, scratch);
  cel_plot_area_clear (self->plot_area);
  cel_canvas_set_runner (self->canvas, NULL);
  cel_canvas_clear_history (self->canvas);
  g_clear_pointer (&self->runner, cel_runner_free);

  self->runner = cel_runner_new (model);
  self->shown_generation = 0;
  cel_runner_set_rate (self->runner, current_speed (self));
  cel_canvas_set_runner (self->canvas, self->runner);
  cel_canvas_zoom_to_fit (self->canvas);

  g_settings_set_string (self->settings, "last-model", self->model_id);
  gtk_stack_set_visible_child_name (self->stack, "lab");
  update_title (self);
  update_actions (self);
}

void
cel_window_show_gallery (CelWindow *self)
{
  if (self->runner)
    cel_runner_pause (self->runner);
  gtk_stack_set_visible_child_name (self->stack, "gallery");
}

static void
on_gallery_model_activated (CelWindow *self, const char *model_id)
{
  g_autoptr (GError) error = NULL;
  CelModel *model = cel_model_new (model_id, &error);

  if (model == NULL)
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  cel_window_open_model (self, model, NULL, NULL);
}

static void
on_gallery_preset_activated (CelWindow *self, const char *resource_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_resources_lookup_data (resource_path, 0, &error);
  CelExperiment exp = { 0 };
  gsize size;
  const char *data;

  if (bytes == NULL)
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (!cel_experiment_load_data (data, size, &exp, &error))
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  cel_window_open_model (self, g_steal_pointer (&exp.model), NULL, exp.name);
  cel_experiment_clear (&exp);
}

static void
on_param_changed (CelWindow *self, const char *name, const char *value)
{
  if (self->runner)
    cel_runner_set_param (self->runner, name, value);
}

/* Files ------------------------------------------------------------- */

static void
load_file_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GFile *file = data;
  g_autofree char *path = g_file_get_path (file);
  CelExperiment *exp = g_new0 (CelExperiment, 1);
  GError *error = NULL;

  if (path == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be opened"));
  if (error == NULL && cel_experiment_load (path, exp, &error))
    {
      g_task_return_pointer (task, exp, (GDestroyNotify) cel_experiment_clear);
      return;
    }
  g_free (exp);
  g_task_return_error (task, error);
}

static void
load_file_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CelWindow *self = CEL_WINDOW (source);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  CelExperiment *exp = g_task_propagate_pointer (G_TASK (result), &error);

  if (exp == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cel_window_add_toast (self, message);
      return;
    }
  cel_window_open_model (self, g_steal_pointer (&exp->model), file, exp->name);
  cel_experiment_clear (exp);
  g_free (exp);
}

void
cel_window_open_file (CelWindow *self, GFile *file)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, load_file_done, NULL);

  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_file_thread);
}

typedef struct {
  CelWindow *window;   /* strong ref, released on the main thread */
  GFile     *file;
  char      *name;
  GError    *error;
} SaveJob;

static gboolean
save_finished (gpointer data)
{
  SaveJob *job = data;
  CelWindow *self = job->window;
  g_autofree char *basename = g_file_get_basename (job->file);

  if (job->error)
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), basename, job->error->message);
      cel_window_add_toast (self, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), basename);
      g_set_object (&self->file, job->file);
      update_title (self);
      cel_window_add_toast (self, message);
    }
  g_clear_error (&job->error);
  g_object_unref (job->file);
  g_free (job->name);
  g_object_unref (job->window);
  g_free (job);
  return G_SOURCE_REMOVE;
}

/* Runs on the runner thread, between steps, where the model may be read. */
static void
save_on_runner (CelModel *model, gpointer data)
{
  SaveJob *job = data;
  g_autofree char *path = g_file_get_path (job->file);

  if (path == NULL)
    g_set_error (&job->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be saved"));
  else
    cel_experiment_save (model, job->name, NULL, TRUE, path, &job->error);
  g_idle_add (save_finished, g_steal_pointer (&job));
}

static void
save_to (CelWindow *self, GFile *file)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  job->window = g_object_ref (self);
  job->file = g_object_ref (file);
  job->name = g_strdup (self->name);
  cel_runner_call (self->runner, save_on_runner, job, NULL);
}

typedef void (*ChooserDone) (CelWindow *self, GFile *file);

static void
on_chooser_response (GtkNativeDialog *dialog, int response, gpointer data)
{
  CelWindow *self = g_object_get_data (G_OBJECT (dialog), "cel-window");
  ChooserDone done = (ChooserDone) data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      done (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (; *patterns; patterns++)
    gtk_file_filter_add_pattern (filter, *patterns);
  gtk_file_chooser_add_filter (chooser, filter);
}

static const char *const experiment_patterns[] = { "*.cellarium", "*.json", NULL };
static const char *const pattern_patterns[] = { "*.rle", "*.cells", NULL };
static const char *const png_patterns[] = { "*.png", NULL };
static const char *const csv_patterns[] = { "*.csv", NULL };

static void
run_chooser (CelWindow         *self,
             const char        *title,
             GtkFileChooserAction action,
             const char        *filter_name,
             const char *const *patterns,
             const char        *suggested_name,
             ChooserDone        done)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                 action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save") : _("_Open"),
                                 _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), filter_name, patterns);
  if (suggested_name)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data (G_OBJECT (chooser), "cel-window", self);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), (gpointer) done);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_chosen (CelWindow *self, GFile *file)
{
  cel_window_open_file (self, file);
}

static void
save_as_chosen (CelWindow *self, GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  /* Give the file our extension unless it has one of ours already. */
  if (!g_str_has_suffix (base, ".cellarium") && !g_str_has_suffix (base, ".json"))
    {
      g_autofree char *path = g_strconcat (g_file_peek_path (file), ".cellarium", NULL);
      g_autoptr (GFile) with_ext = g_file_new_for_path (path);
      save_to (self, with_ext);
      return;
    }
  save_to (self, file);
}

static void
import_chosen (CelWindow *self, GFile *file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  CelPattern *pattern = path ? cel_pattern_load (path, &error) : NULL;
  g_autoptr (CelSnapshot) snap = NULL;

  if (pattern == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Could not import “%s”: %s"), name,
                                                  error ? error->message : _("not a local file"));
      cel_window_add_toast (self, message);
      return;
    }

  snap = self->runner ? cel_runner_get_snapshot (self->runner) : NULL;
  if (snap == NULL || g_strcmp0 (self->model_id, "life") != 0
      || pattern->width > snap->grid_width || pattern->height > snap->grid_height)
    {
      /* A new Life grid with room around the pattern. */
      g_autoptr (CelModel) model = cel_model_new ("life", NULL);
      g_autofree char *w = g_strdup_printf ("%u", MAX (128, pattern->width * 2));
      g_autofree char *h = g_strdup_printf ("%u", MAX (128, pattern->height * 2));

      if ((pattern->rule && !cel_model_set_param_string (model, "rule", pattern->rule, &error))
          || !cel_model_set_param_string (model, "width", w, &error)
          || !cel_model_set_param_string (model, "height", h, &error))
        {
          cel_window_add_toast (self, error->message);
          cel_pattern_free (pattern);
          return;
        }
      cel_model_reset (model);
      if (!cel_model_place_pattern (model, pattern,
                                    (gint) (MAX (128, pattern->width * 2) - pattern->width) / 2,
                                    (gint) (MAX (128, pattern->height * 2) - pattern->height) / 2,
                                    NULL, &error))
        {
          cel_window_add_toast (self, error->message);
          cel_pattern_free (pattern);
          return;
        }
      cel_window_open_model (self, g_steal_pointer (&model), NULL, pattern->name);
      cel_pattern_free (pattern);
      return;
    }

  if (pattern->rule)
    {
      cel_runner_set_param (self->runner, "rule", pattern->rule);
      cel_param_panel_set_value (self->param_panel, "rule", pattern->rule);
    }
  cel_canvas_track_command (self->canvas,
                            cel_runner_place_pattern (self->runner, pattern,
                                                      (gint) (snap->grid_width - pattern->width) / 2,
                                                      (gint) (snap->grid_height - pattern->height) / 2,
                                                      TRUE));
}

typedef struct {
  CelFrame  *frame;
  char      *colormap;
  GPtrArray *series;
  char      *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->frame, cel_frame_unref);
  g_clear_pointer (&job->series, g_ptr_array_unref);
  g_free (job->colormap);
  g_free (job->path);
  g_free (job);
}

static void
export_image_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (cel_frame_write_png (job->frame, job->colormap, 1, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_plot_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (cel_series_write_csv (job->series, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CelWindow *self = CEL_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_path_get_basename (job->path);
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Exported “%s”"), base);
  else
    message = g_strdup_printf (_("Could not export “%s”: %s"), base, error->message);
  cel_window_add_toast (self, message);
}

static void
start_export (CelWindow *self, GFile *file, gboolean image)
{
  g_autoptr (CelSnapshot) snap = cel_runner_get_snapshot (self->runner);
  g_autoptr (GTask) task = NULL;
  ExportJob *job;

  if (snap == NULL || (image && snap->frame == NULL))
    {
      cel_window_add_toast (self, _("There is nothing to export yet"));
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->path = g_file_get_path (file);
  if (job->path == NULL)
    {
      export_job_free (job);
      cel_window_add_toast (self, _("Only local files can be written"));
      return;
    }
  job->frame = snap->frame ? cel_frame_ref (snap->frame) : NULL;
  job->series = g_ptr_array_ref (snap->series);
  job->colormap = g_settings_get_string (self->settings, "colormap");
  task = g_task_new (self, self->cancellable, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, image ? export_image_thread : export_plot_thread);
}

static void
export_image_chosen (CelWindow *self, GFile *file)
{
  start_export (self, file, TRUE);
}

static void
export_plot_chosen (CelWindow *self, GFile *file)
{
  start_export (self, file, FALSE);
}

/* Actions ---------------------------------------------------------- */

static void
action_new (GtkWidget *widget, const char *name, GVariant *param)
{
  cel_window_show_gallery (CEL_WINDOW (widget));
}

static void
action_open (GtkWidget *widget, const char *name, GVariant *param)
{
  run_chooser (CEL_WINDOW (widget), _("Open Experiment"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Cellarium experiments"), experiment_patterns, NULL, open_chosen);
}

static void
action_save_as (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner == NULL)
    return;
  run_chooser (self, _("Save Experiment"), GTK_FILE_CHOOSER_ACTION_SAVE,
               _("Cellarium experiments"), experiment_patterns,
               _("Experiment.cellarium"), save_as_chosen);
}

static void
action_save (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner == NULL)
    return;
  if (self->file)
    save_to (self, self->file);
  else
    action_save_as (widget, name, param);
}

static void
action_import (GtkWidget *widget, const char *name, GVariant *param)
{
  run_chooser (CEL_WINDOW (widget), _("Import Pattern"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Life patterns (RLE, plaintext)"), pattern_patterns, NULL, import_chosen);
}

static void
action_export_image (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner)
    run_chooser (self, _("Export Image"), GTK_FILE_CHOOSER_ACTION_SAVE,
                 _("PNG images"), png_patterns, _("canvas.png"), export_image_chosen);
}

static void
action_export_plot (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner)
    run_chooser (self, _("Export Plot Data"), GTK_FILE_CHOOSER_ACTION_SAVE,
                 _("CSV tables"), csv_patterns, _("plots.csv"), export_plot_chosen);
}

static void
action_play (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner == NULL)
    return;
  if (self->running)
    cel_runner_pause (self->runner);
  else
    cel_runner_play (self->runner);
  /* Reflect the request at once; the next snapshot confirms it. */
  self->running = !self->running;
  gtk_button_set_icon_name (self->play_button, self->running
                            ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
}

static void
action_step (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner)
    cel_runner_step (self->runner, param ? g_variant_get_uint64 (param) : 1);
}

static void
action_reset (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner == NULL)
    return;
  cel_runner_reset (self->runner);
  cel_param_panel_mark_reset (self->param_panel);
  cel_canvas_clear_history (self->canvas);
  cel_plot_area_clear (self->plot_area);
}

static void
action_zoom (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (g_str_equal (name, "win.zoom-in"))
    cel_canvas_zoom_in (self->canvas);
  else if (g_str_equal (name, "win.zoom-out"))
    cel_canvas_zoom_out (self->canvas);
  else if (g_str_equal (name, "win.zoom-fit"))
    cel_canvas_zoom_to_fit (self->canvas);
  else
    cel_canvas_zoom_one_to_one (self->canvas);
}

static void
action_undo (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (g_str_equal (name, "win.undo"))
    cel_canvas_undo (self->canvas);
  else
    cel_canvas_redo (self->canvas);
}

static void
action_tool (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    if (g_str_equal (tools[i].id, id))
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->tool_buttons[i]), TRUE);
}

/* Widgets wiring ---------------------------------------------------- */

static void
on_tool_toggled (GtkToggleButton *button, CelWindow *self)
{
  if (gtk_toggle_button_get_active (button))
    cel_canvas_set_tool (self->canvas, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cel-tool")));
}

static void
build_tools (CelWindow *self)
{
  GtkToggleButton *group = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      gtk_button_set_icon_name (GTK_BUTTON (button), tools[i].icon);
      gtk_widget_set_tooltip_text (button, _(tools[i].label));
      g_object_set_data (G_OBJECT (button), "cel-tool", GINT_TO_POINTER (tools[i].tool));
      if (group)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (on_tool_toggled), self);
      gtk_box_append (self->tool_box, button);
      self->tool_buttons[i] = button;
    }
  gtk_toggle_button_set_active (group, TRUE);
}

static void
on_speed_selected (CelWindow *self)
{
  double speed = current_speed (self);

  g_settings_set_double (self->settings, "steps-per-second", speed);
  if (self->runner)
    cel_runner_set_rate (self->runner, speed);
}

static void
build_speeds (CelWindow *self)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  double saved = g_settings_get_double (self->settings, "steps-per-second");
  guint selected = G_N_ELEMENTS (speeds) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      g_autofree char *label = speeds[i] > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f step/s", "%.0f steps/s", (gulong) speeds[i]), speeds[i])
        : g_strdup (_("As fast as possible"));
      gtk_string_list_append (list, label);
      if (speeds[i] == saved)
        selected = i;
    }
  gtk_drop_down_set_model (self->speed_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->speed_dropdown, selected);
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected", G_CALLBACK (on_speed_selected), self);
}

static void
on_colormap_selected (CelWindow *self)
{
  const char *const *maps = cel_colormap_list ();
  guint i = gtk_drop_down_get_selected (self->colormap_dropdown);

  if (i < g_strv_length ((char **) maps))
    {
      cel_canvas_set_colormap (self->canvas, maps[i]);
      g_settings_set_string (self->settings, "colormap", maps[i]);
    }
}

static void
build_colormaps (CelWindow *self)
{
  const char *const *maps = cel_colormap_list ();
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *saved = g_settings_get_string (self->settings, "colormap");

  for (guint i = 0; maps[i]; i++)
    {
      g_autofree char *label = g_strdup (maps[i]);
      label[0] = g_ascii_toupper (label[0]);
      gtk_string_list_append (list, label);
    }
  gtk_drop_down_set_model (self->colormap_dropdown, G_LIST_MODEL (list));
  for (guint i = 0; maps[i]; i++)
    if (g_str_equal (maps[i], saved))
      gtk_drop_down_set_selected (self->colormap_dropdown, i);
  cel_canvas_set_colormap (self->canvas, saved);
  g_signal_connect_swapped (self->colormap_dropdown, "notify::selected", G_CALLBACK (on_colormap_selected), self);
}

static void
on_field_selected (CelWindow *self)
{
  cel_canvas_set_field (self->canvas, gtk_drop_down_get_selected (self->field_dropdown));
}

static void
on_canvas_status (CelWindow *self)
{
  g_autofree char *status = NULL;

  g_object_get (self->canvas, "status", &status, NULL);
  gtk_label_set_label (self->status_label, status ? status : "");
}

static void
on_undo_state (CelWindow *self)
{
  gboolean can_undo, can_redo;

  g_object_get (self->canvas, "can-undo", &can_undo, "can-redo", &can_redo, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);
}

/* Space plays and pauses when tapped; held down over the canvas it pans
 * instead. The window looks at Space before the focused widget (capture
 * phase), so a focused button does not swallow it; a focused text field
 * keeps it, so typing a space never toggles the run. */
static gboolean
space_is_ours (CelWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return self->runner != NULL
         && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "lab") == 0
         && !(focus && GTK_IS_EDITABLE (focus));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CelWindow             *self)
{
  GtkWidget *focus;

  if (keyval != GDK_KEY_space || (state & gtk_accelerator_get_default_mod_mask ()) != 0
      || !space_is_ours (self))
    return FALSE;
  if (!self->space_pressed)
    {
      self->space_pressed = TRUE;
      self->space_pans = cel_canvas_get_space_pans (self->canvas);
    }
  /* The canvas needs to see Space to pan; nothing else may act on it. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  return !(focus && (focus == GTK_WIDGET (self->canvas)
                     || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->canvas))));
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 CelWindow             *self)
{
  if (keyval != GDK_KEY_space || !self->space_pressed)
    return;
  self->space_pressed = FALSE;
  if (cel_canvas_get_space_pans (self->canvas) == self->space_pans)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.play", NULL);
}

static void
update_actions (CelWindow *self)
{
  static const char *const needs_model[] = {
    "win.save", "win.save-as", "win.export-image", "win.export-plot-data", "win.play",
    "win.step", "win.step-n", "win.reset", "win.zoom-in", "win.zoom-out", "win.zoom-fit",
    "win.zoom-one",
  };
  gboolean lab = self->runner != NULL
                 && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "lab") == 0;

  for (guint i = 0; i < G_N_ELEMENTS (needs_model); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), needs_model[i], lab);
}

/* Window life cycle ---------------------------------------------------- */

static gboolean
cel_window_close_request (GtkWindow *window)
{
  CelWindow *self = CEL_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  return GTK_WINDOW_CLASS (cel_window_parent_class)->close_request (window);
}

static void
cel_window_dispose (GObject *object)
{
  CelWindow *self = CEL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->canvas)
    cel_canvas_set_runner (self->canvas, NULL);
  g_clear_pointer (&self->runner, cel_runner_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CEL_TYPE_WINDOW);
  G_OBJECT_CLASS (cel_window_parent_class)->dispose (object);
}

static void
cel_window_finalize (GObject *object)
{
  CelWindow *self = CEL_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_free (self->model_id);
  g_free (self->name);
  G_OBJECT_CLASS (cel_window_parent_class)->finalize (object);
}

static void
cel_window_class_init (CelWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cel_window_dispose;
  object_class->finalize = cel_window_finalize;
  window_class->close_request = cel_window_close_request;

  g_type_ensure (CEL_TYPE_CANVAS);
  g_type_ensure (CEL_TYPE_GALLERY);
  g_type_ensure (CEL_TYPE_PARAM_PANEL);
  g_type_ensure (CEL_TYPE_PLOT_AREA);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cellarium/Cellarium/ui/cel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CelWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, plot_area);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, param_panel);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, counter_label);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, colormap_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, value_spin);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, density_spin);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, tool_box);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, side_paned);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, plot_paned);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_model_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_preset_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_param_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_child_error);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.import-pattern", NULL, action_import);
  gtk_widget_class_install_action (widget_class, "win.export-image", NULL, action_export_image);
  gtk_widget_class_install_action (widget_class, "win.export-plot-data", NULL, action_export_plot);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, action_play);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, action_step);
  gtk_widget_class_install_action (widget_class, "win.step-n", "t", action_step);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, action_reset);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-one", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.tool", "s", action_tool);

  /* Plain keys are bindings on the window, handled after the focused widget
   * had its chance, so Right or letters still work in text entries. Space
   * is handled in on_key_pressed/on_key_released. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.tool", "s", "pencil");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "win.tool", "s", "eraser");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "win.tool", "s", "line");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.tool", "s", "rectangle");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.tool", "s", "spray");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "win.tool", "s", "fill");
}

static void
cel_window_init (CelWindow *self)
{
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.cellarium.Cellarium");
  self->cancellable = g_cancellable_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "side-pane-position", self->side_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "plot-pane-position", self->plot_paned, "position", G_SETTINGS_BIND_DEFAULT);

  build_tools (self);
  build_speeds (self);
  build_colormaps (self);
  g_object_bind_property (self->radius_spin, "value", self->canvas, "brush-radius", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->value_spin, "value", self->canvas, "paint-value", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->density_spin, "value", self->canvas, "density", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->field_dropdown, "notify::selected", G_CALLBACK (on_field_selected), self);
  g_signal_connect_swapped (self->canvas, "notify::status", G_CALLBACK (on_canvas_status), self);
  g_signal_connect_swapped (self->canvas, "notify::can-undo", G_CALLBACK (on_undo_state), self);
  g_signal_connect_swapped (self->canvas, "notify::can-redo", G_CALLBACK (on_undo_state), self);
  on_undo_state (self);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (key, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (update_actions), self);
  gtk_stack_set_visible_child_name (self->stack, "gallery");
  update_title (self);
  update_actions (self);
}

CelWindow *
cel_window_new (GtkApplication *application)
{
  return g_object_new (CEL_TYPE_WINDOW, "application", application, NULL);
}

CelRunner *
cel_window_get_runner (CelWindow *self)
{
  return self->runner;
}

GtkWidget *
cel_window_get_canvas (CelWindow *self)
{
  return GTK_WIDGET (self->canvas);
}

GtkWidget *
cel_window_get_param_panel (CelWindow *self)
{
  return GTK_WIDGET (self->param_panel);
}

GtkWidget *
cel_window_get_plot_area (CelWindow *self)
{
  return GTK_WIDGET (self->plot_area);
}
