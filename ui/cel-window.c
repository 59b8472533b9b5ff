#include "cel-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cel-autosave.h"
#include "cel-canvas.h"
#include "cel-gallery.h"
#include "cel-nca-controls.h"
#include "models/nca/cel-nca.h"
#include "cel-param-panel.h"
#include "cel-plot-area.h"
#include "cel-preferences.h"
#include "cel-analysis-dialog.h"
#include "cel-export-dialog.h"

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
  { "select", N_("Select, to Copy as RLE (M)"), "cel-tool-select-symbolic", CEL_CANVAS_TOOL_SELECT },
};

/* Speeds offered in the header bar; 0 runs as fast as possible. */
static const double speeds[] = { 1, 5, 15, 30, 60, 240, 0 };

/* Experiment files: JSON (core/cel-experiment.h) with this extension and
 * MIME type (data/io.github.cellarium.Cellarium.mime.xml). */
#define EXPERIMENT_EXTENSION ".cellarium"
#define EXPERIMENT_MIME_TYPE "application/x-cellarium-experiment"
/* Entries in Open Recent. */
#define RECENT_MAX 10

/* Something to do once the user agreed to lose (or saved) the changes. */
typedef void (*PendingFunc) (CelWindow *self, gpointer data);

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
  GtkLabel        *progress_label;
  GtkProgressBar  *progress_bar;
  GtkDropDown     *speed_dropdown;
  GtkDropDown     *field_dropdown;
  GtkDropDown     *colormap_dropdown;
  GtkMenuButton   *analysis_button;
  CelNcaControls  *nca_controls;
  GStrv            field_colormaps; /* per field: declared colormap or "" */
  gboolean        *field_rgba;      /* per field: shows its own colours */
  GtkSpinButton   *radius_spin;
  GtkSpinButton   *value_spin;
  GtkSpinButton   *density_spin;
  GtkBox          *tool_box;
  GtkPaned        *side_paned;
  GtkPaned        *plot_paned;
  GMenu           *file_section;

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
  gboolean         disposed;
  guint            loading;          /* file loads in flight */
  guint            opened;           /* counts experiments opened */

  /* Unsaved changes. Runner commands are numbered; the experiment is
   * modified when a command that changes it came after the last save (or
   * the opening), when the step counter moved, or when it was restored
   * from an autosave and not saved since. */
  guint64          change_seq;       /* newest command that changed it */
  guint64          clean_seq;        /* the save command (0: opened) */
  guint64          clean_step;       /* step counter when saved or opened */
  guint64          shown_step;       /* newest step seen after clean_seq */
  gboolean         restored;
  gboolean         modified;

  /* Asking before changes are lost. */
  GtkWidget       *confirm_dialog;
  PendingFunc      pending;
  gpointer         pending_data;
  GDestroyNotify   pending_destroy;
  gboolean         close_confirmed;

  /* Autosave (cel-autosave.h). */
  CelAutosaveSlot *autosave;
  guint            autosave_source;
  guint64          autosaved_change_seq;
  guint64          autosaved_step;
  gboolean         autosaved;        /* the two above are valid */
  char            *autosave_error;   /* last error shown, not repeated */

  /* Open Recent. */
  GtkRecentManager *recent;
  GMenu            *recent_menu;
  gboolean          recent_shown;
};

G_DEFINE_FINAL_TYPE (CelWindow, cel_window, ADW_TYPE_APPLICATION_WINDOW)

/* Offered once per process, by the first window of an application. */
static gboolean restore_offered;

void
cel_window_add_toast (CelWindow *self, const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (self->disposed)
    return;
  /* Toast titles are Pango markup; messages such as parse errors quoting
   * "<data>" are not. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_child_error (CelWindow *self, const char *message)
{
  cel_window_add_toast (self, message);
}

static void update_actions (CelWindow *self);

/* The gallery opens with the model used last under the keyboard focus,
 * so Enter continues with it. */
static void
focus_last_model (CelWindow *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-model");

  if (last[0] != '\0')
    cel_gallery_focus_card (self->gallery, last);
}
static void apply_field_colormap (CelWindow *self);

/* Title and subtitle --------------------------------------------------- */

/* The file name, else the experiment's name, else the model's title. */
static char *
dup_display_name (CelWindow *self)
{
  const CelModelInfo *info = self->model_id ? cel_registry_lookup (self->model_id) : NULL;

  if (self->file)
    return g_file_get_basename (self->file);
  /* Presets' names are translated like the gallery shows them. */
  if (self->name)
    return g_strdup (g_dgettext (GETTEXT_PACKAGE, self->name));
  return g_strdup (info ? g_dgettext (GETTEXT_PACKAGE, info->title) : _("Cellarium"));
}

static void
update_title (CelWindow *self)
{
  const CelModelInfo *info = self->model_id ? cel_registry_lookup (self->model_id) : NULL;
  g_autofree char *name = dup_display_name (self);
  g_autofree char *title = NULL;

  /* TRANSLATORS: the title of an experiment with unsaved changes (the
   * dot is GNOME's unsaved-changes mark). */
  title = self->modified ? g_strdup_printf (_("• %s"), name) : g_strdup (name);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title,
                                 info && (self->file || self->name)
                                 ? g_dgettext (GETTEXT_PACKAGE, info->title) : NULL);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Unsaved changes ----------------------------------------------------- */

static void
update_modified (CelWindow *self)
{
  gboolean modified = self->runner != NULL
                      && (self->restored || self->change_seq > self->clean_seq
                          || self->shown_step != self->clean_step);

  if (modified == self->modified)
    return;
  self->modified = modified;
  update_title (self);
}

/* seq: a runner command that changes the experiment. */
static void
note_change (CelWindow *self, guint64 seq)
{
  self->change_seq = MAX (self->change_seq, seq);
  update_modified (self);
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
          /* Painting, undoing, placing a pattern. */
          note_change (self, event->seq);
          cel_canvas_push_undo (self->canvas, event->seq, event->undo);
          break;
        case CEL_RUNNER_EVENT_PARAM:
        case CEL_RUNNER_EVENT_LOADED:
          note_change (self, event->seq);
          break;
        default:
          break;
        }
      cel_runner_event_free (event);
    }
}

/* "about 3 min", "about 2 h 5 min": a remaining time. */
static char *
format_remaining (double seconds)
{
  guint64 minutes = (guint64) ceil (seconds / 60.0);

  if (seconds < 60)
    return g_strdup (_("less than a minute"));
  if (minutes < 60)
    /* TRANSLATORS: time left until a goal, in minutes */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %llu min", "about %llu min", (gulong) minutes),
                            (unsigned long long) minutes);
  /* TRANSLATORS: time left until a goal, in hours and minutes */
  return g_strdup_printf (_("about %llu h %llu min"),
                          (unsigned long long) (minutes / 60), (unsigned long long) (minutes % 60));
}

/* The model's progress towards its goal (a training run's iterations),
 * its rate and the time left at that rate. */
static void
update_progress (CelWindow *self, CelSnapshot *snap)
{
  g_autofree char *text = NULL;
  const char *what;
  double fraction;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), snap->has_progress);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), snap->has_progress);
  if (!snap->has_progress)
    return;

  what = snap->progress_what ? g_dgettext (GETTEXT_PACKAGE, snap->progress_what) : _("Progress");
  fraction = snap->progress_goal > 0 ? (double) snap->progress_done / (double) snap->progress_goal : 0;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  if (snap->running && snap->progress_per_second > 0 && snap->progress_done < snap->progress_goal)
    {
      g_autofree char *left = format_remaining ((snap->progress_goal - snap->progress_done)
                                                / snap->progress_per_second);

      /* TRANSLATORS: e.g. "Training iterations: 120 of 2000 · 3.2/s · about 10 min left" */
      text = g_strdup_printf (_("%s: %llu of %llu · %.3g/s · %s left"), what,
                              (unsigned long long) snap->progress_done,
                              (unsigned long long) snap->progress_goal,
                              snap->progress_per_second, left);
    }
  else
    /* TRANSLATORS: e.g. "Training iterations: 120 of 2000" */
    text = g_strdup_printf (_("%s: %llu of %llu"), what,
                            (unsigned long long) snap->progress_done,
                            (unsigned long long) snap->progress_goal);
  gtk_label_set_label (self->progress_label, text);
}

static void
update_counters (CelWindow *self, CelSnapshot *snap)
{
  g_autofree char *text = NULL;

  if (snap->running && snap->steps_per_second > 0)
    /* TRANSLATORS: the step counter and the measured speed while running */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Step %llu · %.0f step/s", "Step %llu · %.0f steps/s",
                                         (gulong) MIN (snap->steps_per_second, G_MAXULONG)),
                            (unsigned long long) snap->step, snap->steps_per_second);
  else
    text = g_strdup_printf (_("Step %llu"), (unsigned long long) snap->step);
  gtk_label_set_label (self->counter_label, text);
  update_progress (self, snap);

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
  /* A snapshot from before the last save says nothing about it. */
  if (snap->applied_seq >= self->clean_seq)
    {
      self->shown_step = snap->step;
      update_modified (self);
    }
  cel_canvas_set_snapshot (self->canvas, snap);
  cel_plot_area_set_snapshot (self->plot_area, snap);
  update_counters (self, snap);
  return G_SOURCE_CONTINUE;
}

/* Asking before changes are lost --------------------------------------- */

static void
clear_pending (CelWindow *self)
{
  GDestroyNotify destroy = self->pending_destroy;
  gpointer data = self->pending_data;

  self->pending = NULL;
  self->pending_data = NULL;
  self->pending_destroy = NULL;
  if (destroy)
    destroy (data);
}

static void
run_pending (CelWindow *self)
{
  PendingFunc func = self->pending;
  gpointer data = self->pending_data;
  GDestroyNotify destroy = self->pending_destroy;

  self->pending = NULL;
  self->pending_data = NULL;
  self->pending_destroy = NULL;
  if (func)
    func (self, data);
  if (destroy)
    destroy (data);
}

static void save_current (CelWindow *self);

typedef struct {
  CelWindow *window;
  char      *response;
} ConfirmReply;

static void
confirm_reply_free (ConfirmReply *reply)
{
  g_object_unref (reply->window);
  g_free (reply->response);
  g_free (reply);
}

static gboolean
handle_confirm_reply (gpointer data)
{
  ConfirmReply *reply = data;
  CelWindow *self = reply->window;

  if (self->disposed)
    return G_SOURCE_REMOVE;
  if (g_str_equal (reply->response, "discard"))
    run_pending (self);
  else if (g_str_equal (reply->response, "save"))
    save_current (self);   /* runs the pending action once saved */
  else
    clear_pending (self);
  return G_SOURCE_REMOVE;
}

static void
on_confirm_response (AdwMessageDialog *dialog, const char *response, CelWindow *self)
{
  ConfirmReply *reply = g_new0 (ConfirmReply, 1);

  /* Acted on once the dialog is gone: the action may close this window,
   * which the dialog must not outlive. */
  self->confirm_dialog = NULL;
  reply->window = g_object_ref (self);
  reply->response = g_strdup (response);
  g_idle_add_full (G_PRIORITY_DEFAULT, handle_confirm_reply, reply, (GDestroyNotify) confirm_reply_free);
}

/* Runs func(self, data) now when nothing would be lost; otherwise asks
 * first (Save / Discard / Cancel) and runs it after a successful save or a
 * discard. destroy(data) follows in every case. */
static void
confirm_then (CelWindow     *self,
              PendingFunc    func,
              gpointer       data,
              GDestroyNotify destroy)
{
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (!self->modified)
    {
      func (self, data);
      if (destroy)
        destroy (data);
      return;
    }
  clear_pending (self);
  self->pending = func;
  self->pending_data = data;
  self->pending_destroy = destroy;
  if (self->confirm_dialog)
    {
      gtk_window_present (GTK_WINDOW (self->confirm_dialog));
      return;
    }

  name = dup_display_name (self);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes which are not saved will be permanently lost."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), self);
  self->confirm_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_now (CelWindow *self, gpointer data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Recent files ------------------------------------------------------- */

static void
add_recent (CelWindow *self, GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *exec = g_strdup_printf ("%s %%u", g_get_prgname ());
  GtkRecentData data = {
    .mime_type = (char *) EXPERIMENT_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = exec,
  };

  gtk_recent_manager_add_full (self->recent, uri, &data);
}

static gboolean
is_recent_experiment (GtkRecentInfo *info)
{
  return (g_strcmp0 (gtk_recent_info_get_mime_type (info), EXPERIMENT_MIME_TYPE) == 0
          || g_str_has_suffix (gtk_recent_info_get_uri (info), EXPERIMENT_EXTENSION))
         && gtk_recent_info_is_local (info)
         && gtk_recent_info_exists (info);
}

static int
compare_recent (gconstpointer a, gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a;
  GtkRecentInfo *y = *(GtkRecentInfo **) b;

  /* Newest first. */
  return g_date_time_compare (gtk_recent_info_get_modified (y), gtk_recent_info_get_modified (x));
}

/* The position of win.open in the file section: Open Recent goes after it. */
static int
open_item_position (CelWindow *self)
{
  int n = g_menu_model_get_n_items (G_MENU_MODEL (self->file_section));

  for (int i = 0; i < n; i++)
    {
      g_autofree char *action = NULL;
      if (g_menu_model_get_item_attribute (G_MENU_MODEL (self->file_section), i,
                                           G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_str_equal (action, "win.open"))
        return i;
    }
  return n - 1;
}

static void
rebuild_recent_menu (CelWindow *self)
{
  GList *items = gtk_recent_manager_get_items (self->recent);
  g_autoptr (GPtrArray) chosen = g_ptr_array_new ();

  for (GList *l = items; l; l = l->next)
    if (is_recent_experiment (l->data))
      g_ptr_array_add (chosen, l->data);
  g_ptr_array_sort (chosen, compare_recent);

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < MIN (chosen->len, RECENT_MAX); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (chosen, i);
      /* Menu labels take "_" as a mnemonic mark; a file name means it. */
      g_auto (GStrv) parts = g_strsplit (gtk_recent_info_get_display_name (info), "_", -1);
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  /* The submenu is there only when it has something to offer. */
  if (chosen->len > 0 && !self->recent_shown)
    {
      g_autoptr (GMenuItem) submenu = g_menu_item_new_submenu (_("Open _Recent"), G_MENU_MODEL (self->recent_menu));
      g_menu_insert_item (self->file_section, open_item_position (self) + 1, submenu);
      self->recent_shown = TRUE;
    }
  else if (chosen->len == 0 && self->recent_shown)
    {
      g_menu_remove (self->file_section, open_item_position (self) + 1);
      self->recent_shown = FALSE;
    }
}

/* Autosave -------------------------------------------------------------- */

typedef struct {
  CelWindow       *window;   /* strong ref, released on the main thread */
  CelAutosaveSlot *slot;
  guint            epoch;
  char            *name;
  char            *uri;
  gboolean         written;
  GError          *error;
} AutosaveJob;

static gboolean
autosave_finished (gpointer data)
{
  AutosaveJob *job = data;
  CelWindow *self = job->window;

  if (job->error && g_strcmp0 (self->autosave_error, job->error->message) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep a copy for recovery: %s"),
                                                  job->error->message);
      cel_window_add_toast (self, message);
    }
  if (job->error || job->written)
    {
      g_free (self->autosave_error);
      self->autosave_error = job->error ? g_strdup (job->error->message) : NULL;
    }
  g_clear_error (&job->error);
  cel_autosave_slot_unref (job->slot);
  g_free (job->name);
  g_free (job->uri);
  g_object_unref (job->window);
  g_free (job);
  return G_SOURCE_REMOVE;
}

/* Runs on the runner thread, between steps, where the model may be read. */
static void
autosave_on_runner (CelModel *model, gpointer data)
{
  AutosaveJob *job = data;

  cel_autosave_slot_write (job->slot, job->epoch, model, job->name, job->uri,
                           &job->written, &job->error);
  g_idle_add (autosave_finished, job);
}

/* Sends a copy of the experiment to its autosave slot through the runner;
 * returns the command's sequence number, 0 when there is nothing to keep. */
static guint64
queue_autosave (CelWindow *self)
{
  AutosaveJob *job;

  if (self->runner == NULL || !self->modified)
    return 0;
  if (self->autosave == NULL)
    {
      g_autofree char *dir = cel_autosave_get_default_dir ();
      self->autosave = cel_autosave_slot_new (dir);
    }
  job = g_new0 (AutosaveJob, 1);
  job->window = g_object_ref (self);
  job->slot = cel_autosave_slot_ref (self->autosave);
  job->epoch = cel_autosave_slot_get_epoch (self->autosave);
  job->name = g_strdup (self->name);
  job->uri = self->file ? g_file_get_uri (self->file) : NULL;
  self->autosaved_change_seq = self->change_seq;
  self->autosaved_step = self->shown_step;
  self->autosaved = TRUE;
  return cel_runner_call (self->runner, autosave_on_runner, job, NULL);
}

static gboolean
on_autosave_timeout (gpointer data)
{
  CelWindow *self = data;

  /* Only what changed since the last copy: a paused experiment is not
   * written again and again. */
  if (self->modified
      && (!self->autosaved || self->autosaved_change_seq != self->change_seq
          || self->autosaved_step != self->shown_step))
    queue_autosave (self);
  return G_SOURCE_CONTINUE;
}

static void
restart_autosave_timer (CelWindow *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->autosave_source = g_timeout_add_seconds (MAX (1, g_settings_get_uint (self->settings, "autosave-interval")),
                                                 on_autosave_timeout, self);
}

/* Throws the copy away: the experiment was saved, discarded or replaced. */
static void
discard_autosave (CelWindow *self)
{
  if (self->autosave)
    cel_autosave_slot_discard (self->autosave);
  self->autosaved = FALSE;
  g_clear_pointer (&self->autosave_error, g_free);
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

  g_strfreev (self->field_colormaps);
  g_free (self->field_rgba);
  self->field_colormaps = g_new0 (char *, n + 1);
  self->field_rgba = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const CelFieldInfo *info = cel_model_get_field_info (model, i);
      gtk_string_list_append (list, g_dgettext (GETTEXT_PACKAGE, info->label));
      self->field_colormaps[i] = g_strdup (info->colormap ? info->colormap : "");
      self->field_rgba[i] = info->format == CEL_FIELD_RGBA;
    }
  gtk_drop_down_set_model (self->field_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->field_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->field_dropdown), n > 1);
}

/* The analyses the model offers, in the header bar's Analyses menu;
 * hidden for models without any. Read before the runner owns the model. */
static void
fill_analyses (CelWindow *self, CelModel *model)
{
  g_autoptr (GMenuModel) menu = cel_analysis_menu_for_model (model);

  gtk_menu_button_set_menu_model (self->analysis_button, menu);
  gtk_widget_set_visible (GTK_WIDGET (self->analysis_button), g_menu_model_get_n_items (menu) > 0);
}

static void
action_analysis (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner)
    cel_analysis_dialog_run (GTK_WINDOW (self), self->runner, g_variant_get_string (param, NULL));
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
  apply_field_colormap (self);
  fill_analyses (self, model);
  cel_param_panel_set_model (self->param_panel, scratch);
  cel_plot_area_clear (self->plot_area);
  cel_canvas_set_runner (self->canvas, NULL);
  cel_nca_controls_set_runner (self->nca_controls, NULL);
  cel_nca_controls_set_model (self->nca_controls, model);
  cel_canvas_clear_history (self->canvas);
  /* Freeing the runner completes its queued autosaves, so the discard
   * that follows is the last word on the old experiment's copy. */
  g_clear_pointer (&self->runner, cel_runner_free);
  discard_autosave (self);

  /* Opened means unmodified; the runner's commands count from 1. */
  self->opened++;
  self->change_seq = 0;
  self->clean_seq = 0;
  self->clean_step = cel_model_get_step (model);
  self->shown_step = self->clean_step;
  self->restored = FALSE;

  self->runner = cel_runner_new (model);
  self->shown_generation = 0;
  cel_runner_set_rate (self->runner, current_speed (self));
  cel_canvas_set_runner (self->canvas, self->runner);
  cel_nca_controls_set_runner (self->nca_controls, self->runner);
  cel_canvas_zoom_to_fit (self->canvas);

  g_settings_set_string (self->settings, "last-model", self->model_id);
  gtk_stack_set_visible_child_name (self->stack, "lab");
  self->modified = FALSE;
  update_title (self);
  update_actions (self);
}

void
cel_window_show_gallery (CelWindow *self)
{
  if (self->runner)
    cel_runner_pause (self->runner);
  gtk_stack_set_visible_child_name (self->stack, "gallery");
  focus_last_model (self);
}

static void
open_model_id (CelWindow *self, gpointer data)
{
  g_autoptr (GError) error = NULL;
  CelModel *model = cel_model_new (data, &error);

  /* A neural CA's grid is its target plus padding, sized for training (72
   * cells, as in the paper): the preferred size of other grids would make
   * it slow to train. */
  if (model != NULL && !CEL_IS_NCA (model)
      && !cel_preferences_apply_grid_size (model, g_settings_get_uint (self->settings, "default-grid-size"), &error))
    g_clear_object (&model);
  if (model == NULL)
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  cel_window_open_model (self, model, NULL, NULL);
}

static void
on_gallery_model_activated (CelWindow *self, const char *model_id)
{
  confirm_then (self, open_model_id, g_strdup (model_id), g_free);
}

static void
open_preset (CelWindow *self, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_resources_lookup_data (data, 0, &error);
  CelExperiment exp = { 0 };
  gsize size;
  const char *contents;

  if (bytes == NULL)
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  contents = g_bytes_get_data (bytes, &size);
  if (!cel_experiment_load_data (contents, size, &exp, &error))
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  cel_window_open_model (self, g_steal_pointer (&exp.model), NULL, exp.name);
  cel_experiment_clear (&exp);
}

static void
on_gallery_preset_activated (CelWindow *self, const char *resource_path)
{
  confirm_then (self, open_preset, g_strdup (resource_path), g_free);
}

static void
on_param_changed (CelWindow *self, const char *name, const char *value)
{
  if (self->runner)
    note_change (self, cel_runner_set_param (self->runner, name, value));
  cel_nca_controls_param_changed (self->nca_controls, name, value);
}

/* A command of the neural CA's target controls changed the experiment. */
static void
on_nca_command (CelWindow *self, guint64 seq)
{
  note_change (self, seq);
}

/* Patterns ---------------------------------------------------------- */

/* A new Life grid for a pattern, with room around it (twice its size, at
 * least 128 × 128), the pattern in the middle and its rule. Any thread. */
static CelModel *
life_model_for_pattern (const CelPattern *pattern, GError **error)
{
  g_autoptr (CelModel) model = cel_model_new ("life", error);
  guint width = MAX (128, pattern->width * 2);
  guint height = MAX (128, pattern->height * 2);
  g_autofree char *w = g_strdup_printf ("%u", width);
  g_autofree char *h = g_strdup_printf ("%u", height);

  if (model == NULL
      || (pattern->rule && !cel_model_set_param_string (model, "rule", pattern->rule, error))
      || !cel_model_set_param_string (model, "width", w, error)
      || !cel_model_set_param_string (model, "height", h, error))
    return NULL;
  cel_model_reset (model);
  if (!cel_model_place_pattern (model, pattern,
                                (gint) (width - pattern->width) / 2,
                                (gint) (height - pattern->height) / 2,
                                NULL, error))
    return NULL;
  return g_steal_pointer (&model);
}

static gboolean
is_pattern_name (const char *basename)
{
  g_autofree char *lower = g_ascii_strdown (basename, -1);

  return g_str_has_suffix (lower, ".rle") || g_str_has_suffix (lower, ".cells");
}

static gboolean
is_experiment_name (const char *basename)
{
  g_autofree char *lower = g_ascii_strdown (basename, -1);

  return g_str_has_suffix (lower, EXPERIMENT_EXTENSION) || g_str_has_suffix (lower, ".json");
}

/* For a file whose name says neither: experiment files are JSON objects,
 * patterns never start with "{". */
static gboolean
looks_like_json (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, error);
  char head[256];
  gsize n = 0;

  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isspace (head[i]))
      return head[i] == '{';
  return FALSE;
}

/* Files ------------------------------------------------------------- */

typedef struct {
  GFile           *file;      /* what to read */
  gboolean         restore;   /* an autosave copy: */
  CelAutosaveSlot *slot;      /*   its slot, adopted */
  GFile           *origin;    /*   the file it came from, or NULL */
  char            *title;     /* the name to show in messages */
  /* Results. */
  CelExperiment    exp;
  gboolean         pattern;   /* exp holds a Life grid made for a pattern */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_object_unref (job->file);
  g_clear_object (&job->origin);
  cel_autosave_slot_unref (job->slot);
  g_free (job->title);
  cel_experiment_clear (&job->exp);
  g_free (job);
}

static void
load_file_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LoadJob *job = data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autofree char *basename = g_file_get_basename (job->file);
  GError *error = NULL;
  gboolean experiment;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be opened"));
      return;
    }

  if (job->restore || is_experiment_name (basename))
    experiment = TRUE;
  else if (is_pattern_name (basename))
    experiment = FALSE;
  else
    {
      experiment = looks_like_json (path, &error);
      if (error)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (experiment)
    {
      if (!cel_experiment_load (path, &job->exp, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      g_autoptr (CelPattern) pattern = cel_pattern_load (path, &error);

      if (pattern)
        job->exp.model = life_model_for_pattern (pattern, &error);
      if (job->exp.model == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      job->exp.name = g_strdup (pattern->name ? pattern->name : basename);
      job->pattern = TRUE;
    }
  g_task_return_boolean (task, TRUE);
}

static void
load_file_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CelWindow *self = CEL_WINDOW (source);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->loading--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (job->restore ? _("Could not restore “%s”: %s")
                                                               : _("Could not open “%s”: %s"),
                                                  job->title, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* An autosave copy that cannot be read would only be offered again. */
      if (job->restore)
        cel_autosave_slot_discard (job->slot);
      cel_window_add_toast (self, message);
      return;
    }

  if (job->restore)
    {
      cel_window_open_model (self, g_steal_pointer (&job->exp.model), job->origin, job->exp.name);
      /* The copy now belongs to this window and stays until saved or
       * discarded. */
      cel_autosave_slot_unref (self->autosave);
      self->autosave = g_steal_pointer (&job->slot);
      self->restored = TRUE;
      update_modified (self);
    }
  else if (job->pattern)
    cel_window_open_model (self, g_steal_pointer (&job->exp.model), NULL, job->exp.name);
  else
    {
      cel_window_open_model (self, g_steal_pointer (&job->exp.model), job->file, job->exp.name);
      add_recent (self, job->file);
    }
}

static void
start_load (CelWindow *self, LoadJob *job)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, load_file_done, NULL);

  self->loading++;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_file_thread);
}

static void
load_file_now (CelWindow *self, gpointer data)
{
  LoadJob *job = g_new0 (LoadJob, 1);

  job->file = g_object_ref (data);
  job->title = g_file_get_basename (job->file);
  start_load (self, job);
}

void
cel_window_open_file (CelWindow *self, GFile *file)
{
  g_return_if_fail (CEL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  confirm_then (self, load_file_now, g_object_ref (file), g_object_unref);
}

void
cel_window_restore_autosave (CelWindow *self, const CelAutosaveOrphan *orphan)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  LoadJob *job;

  g_return_if_fail (CEL_IS_WINDOW (self));
  g_return_if_fail (orphan != NULL);

  job = g_new0 (LoadJob, 1);
  job->restore = TRUE;
  job->file = g_file_new_for_path (orphan->path);
  job->origin = orphan->uri ? g_file_new_for_uri (orphan->uri) : NULL;
  job->title = orphan->name ? g_strdup (orphan->name)
               : job->origin ? g_file_get_basename (job->origin)
               : g_strdup (_("Unsaved experiment"));
  dir = g_path_get_dirname (orphan->path);
  job->slot = cel_autosave_slot_adopt (dir, orphan->id, &error);
  if (job->slot == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not restore “%s”: %s"), job->title, error->message);
      cel_window_add_toast (self, message);
      load_job_free (job);
      return;
    }
  start_load (self, job);
}

typedef struct {
  CelWindow *window;   /* strong ref, released on the main thread */
  guint      opened;   /* the experiment saved (CelWindow.opened) */
  GFile     *file;
  char      *name;
  guint64    seq;      /* the save command */
  guint64    step;     /* the step counter saved */
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
      if (job->opened == self->opened)
        clear_pending (self);
    }
  else if (job->opened != self->opened)
    {
      /* Saved, but the window shows another experiment by now. */
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), basename);
      cel_window_add_toast (self, message);
    }
  else if (!self->disposed)
    {
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), basename);
      g_set_object (&self->file, job->file);
      self->clean_seq = job->seq;
      self->clean_step = job->step;
      self->restored = FALSE;
      discard_autosave (self);
      update_modified (self);
      update_title (self);
      add_recent (self, job->file);
      cel_window_add_toast (self, message);
      run_pending (self);
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

  job->step = cel_model_get_step (model);
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
  job->opened = self->opened;
  job->file = g_object_ref (file);
  job->name = g_strdup (self->name);
  /* The job reads seq only on the main thread, in save_finished, which
   * cannot run before this returns. */
  job->seq = cel_runner_call (self->runner, save_on_runner, job, NULL);
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
  else
    clear_pending (self);   /* a Save As asked for by the close dialog */
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *mime_type, const char *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  if (mime_type)
    gtk_file_filter_add_mime_type (filter, mime_type);
  for (; *patterns; patterns++)
    gtk_file_filter_add_pattern (filter, *patterns);
  gtk_file_chooser_add_filter (chooser, filter);
}

static const char *const experiment_patterns[] = { "*" EXPERIMENT_EXTENSION, "*.json", NULL };
static const char *const pattern_patterns[] = { "*.rle", "*.cells", NULL };
static const char *const csv_patterns[] = { "*.csv", NULL };

static void
run_chooser (CelWindow         *self,
             const char        *title,
             GtkFileChooserAction action,
             const char        *filter_name,
             const char        *mime_type,
             const char *const *patterns,
             const char        *suggested_name,
             ChooserDone        done)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                 action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save") : _("_Open"),
                                 _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), filter_name, mime_type, patterns);
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
  if (!is_experiment_name (base))
    {
      g_autofree char *path = g_strconcat (g_file_peek_path (file), EXPERIMENT_EXTENSION, NULL);
      g_autoptr (GFile) with_ext = g_file_new_for_path (path);
      save_to (self, with_ext);
      return;
    }
  save_to (self, file);
}

static void
save_as (CelWindow *self)
{
  g_autofree char *suggested = NULL;

  if (self->runner == NULL)
    {
      clear_pending (self);
      return;
    }
  suggested = self->name ? g_strconcat (self->name, EXPERIMENT_EXTENSION, NULL)
                         : g_strdup (_("Experiment.cellarium"));
  /* A name is no path: keep slashes out of the suggestion. */
  g_strdelimit (suggested, "/", '-');
  run_chooser (self, _("Save Experiment"), GTK_FILE_CHOOSER_ACTION_SAVE,
               _("Cellarium experiments"), EXPERIMENT_MIME_TYPE, experiment_patterns,
               suggested, save_as_chosen);
}

/* Save, or Save As when the experiment has no file yet. */
static void
save_current (CelWindow *self)
{
  if (self->runner == NULL)
    clear_pending (self);
  else if (self->file)
    save_to (self, self->file);
  else
    save_as (self);
}

static void
open_pattern_model (CelWindow *self, gpointer data)
{
  CelPattern *pattern = data;
  g_autoptr (GError) error = NULL;
  CelModel *model = life_model_for_pattern (pattern, &error);

  if (model == NULL)
    {
      cel_window_add_toast (self, error->message);
      return;
    }
  cel_window_open_model (self, model, NULL, pattern->name);
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
      /* It does not fit here: a new Life grid around it. */
      confirm_then (self, open_pattern_model, pattern, (GDestroyNotify) cel_pattern_free);
      return;
    }

  if (pattern->rule)
    {
      note_change (self, cel_runner_set_param (self->runner, "rule", pattern->rule));
      cel_param_panel_set_value (self->param_panel, "rule", pattern->rule);
    }
  cel_canvas_track_command (self->canvas,
                            cel_runner_place_pattern (self->runner, pattern,
                                                      (gint) (snap->grid_width - pattern->width) / 2,
                                                      (gint) (snap->grid_height - pattern->height) / 2,
                                                      TRUE));
}

typedef struct {
  GPtrArray *series;
  char      *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->series, g_ptr_array_unref);
  g_free (job->path);
  g_free (job);
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

/* Plot data of the newest snapshot, written in a worker thread. */
static void
export_plot_chosen (CelWindow *self, GFile *file)
{
  g_autoptr (CelSnapshot) snap = cel_runner_get_snapshot (self->runner);
  g_autoptr (GTask) task = NULL;
  ExportJob *job;

  if (snap == NULL)
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
  job->series = g_ptr_array_ref (snap->series);
  task = g_task_new (self, self->cancellable, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_plot_thread);
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
               _("Cellarium experiments"), EXPERIMENT_MIME_TYPE, experiment_patterns, NULL, open_chosen);
}

static void
action_open_recent (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  cel_window_open_file (CEL_WINDOW (widget), file);
}

static void
action_save_as (GtkWidget *widget, const char *name, GVariant *param)
{
  save_as (CEL_WINDOW (widget));
}

static void
action_save (GtkWidget *widget, const char *name, GVariant *param)
{
  save_current (CEL_WINDOW (widget));
}

static void
action_import (GtkWidget *widget, const char *name, GVariant *param)
{
  run_chooser (CEL_WINDOW (widget), _("Import Pattern"), GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Life patterns (RLE, plaintext)"), NULL, pattern_patterns, NULL, import_chosen);
}

static void
action_export_image (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);
  g_autoptr (CelSnapshot) snap = self->runner ? cel_runner_get_snapshot (self->runner) : NULL;

  if (snap == NULL || snap->frame == NULL)
    {
      cel_window_add_toast (self, _("There is nothing to export yet"));
      return;
    }
  if (g_str_equal (name, "win.export-image"))
    cel_export_dialog_export_image (GTK_WINDOW (self), self->runner, snap,
                                    cel_canvas_get_colormap (self->canvas));
  else
    cel_export_dialog_export_run (GTK_WINDOW (self), self->runner, snap,
                                  cel_canvas_get_colormap (self->canvas));
}

static void
action_export_plot (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner)
    run_chooser (self, _("Export Plot Data"), GTK_FILE_CHOOSER_ACTION_SAVE,
                 _("CSV tables"), "text/csv", csv_patterns, _("plots.csv"), export_plot_chosen);
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

  /* Steps show up as a moved step counter (see update_modified). */
  if (self->runner)
    cel_runner_step (self->runner, param ? g_variant_get_uint64 (param) : 1);
}

static void
action_reset (GtkWidget *widget, const char *name, GVariant *param)
{
  CelWindow *self = CEL_WINDOW (widget);

  if (self->runner == NULL)
    return;
  note_change (self, cel_runner_reset (self->runner));
  cel_param_panel_mark_reset (self->param_panel);
  cel_nca_controls_refresh (self->nca_controls);
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
    cel_canvas_set_colormap (self->canvas, maps[i]);
}

/* A field shows in the colormap it declares (phases need a cyclic one);
 * fields that declare none use the default from Preferences. The dropdown
 * changes the colormap of this window only. */
static void
apply_field_colormap (CelWindow *self)
{
  const char *const *maps = cel_colormap_list ();
  guint field = gtk_drop_down_get_selected (self->field_dropdown);
  g_autofree char *fallback = g_settings_get_string (self->settings, "colormap");
  const char *name = fallback;

  if (self->field_colormaps && field < g_strv_length (self->field_colormaps)
      && self->field_colormaps[field][0] != '\0')
    name = self->field_colormaps[field];
  for (guint i = 0; maps[i]; i++)
    if (g_str_equal (maps[i], name))
      gtk_drop_down_set_selected (self->colormap_dropdown, i);
  cel_canvas_set_colormap (self->canvas, name);
  /* A field of colours (a neural CA's RGBA) has no use for a colormap. */
  gtk_widget_set_visible (GTK_WIDGET (self->colormap_dropdown),
                          !(self->field_colormaps && field < g_strv_length (self->field_colormaps)
                            && self->field_rgba[field]));
}

static void
on_colormap_setting (CelWindow *self)
{
  apply_field_colormap (self);
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
  g_signal_connect_swapped (self->settings, "changed::colormap", G_CALLBACK (on_colormap_setting), self);
}

static void
on_field_selected (CelWindow *self)
{
  cel_canvas_set_field (self->canvas, gtk_drop_down_get_selected (self->field_dropdown));
  apply_field_colormap (self);
}

/* The field shown changed elsewhere (a load, the target controls). */
static void
on_canvas_field (CelWindow *self)
{
  guint field = cel_canvas_get_field (self->canvas);
  GListModel *fields = gtk_drop_down_get_model (self->field_dropdown);

  if (fields != NULL && field < g_list_model_get_n_items (fields)
      && field != gtk_drop_down_get_selected (self->field_dropdown))
    gtk_drop_down_set_selected (self->field_dropdown, field);
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
    "win.save", "win.save-as", "win.export-image", "win.export-animation", "win.export-plot-data", "win.play",
    "win.step", "win.step-n", "win.reset", "win.zoom-in", "win.zoom-out", "win.zoom-fit",
    "win.zoom-one",
  };
  gboolean lab = self->runner != NULL
                 && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "lab") == 0;

  for (guint i = 0; i < G_N_ELEMENTS (needs_model); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), needs_model[i], lab);
}

/* Window life cycle ---------------------------------------------------- */

/* Restoring after a crash ------------------------------------------- */

static void
on_restore_response (AdwMessageDialog *dialog, const char *response, CelWindow *self)
{
  GPtrArray *orphans = g_object_get_data (G_OBJECT (dialog), "cel-orphans");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (g_str_equal (response, "restore"))
    {
      for (guint i = 0; i < orphans->len; i++)
        {
          /* The first into this window when it is still empty. */
          CelWindow *target = (i == 0 && self->runner == NULL && self->loading == 0)
                              ? self : cel_window_new (app);
          cel_window_restore_autosave (target, g_ptr_array_index (orphans, i));
          gtk_window_present (GTK_WINDOW (target));
        }
    }
  else if (g_str_equal (response, "discard"))
    {
      for (guint i = 0; i < orphans->len; i++)
        {
          CelAutosaveOrphan *orphan = g_ptr_array_index (orphans, i);
          g_autofree char *dir = g_path_get_dirname (orphan->path);
          g_autoptr (GError) error = NULL;

          if (!cel_autosave_delete_orphan (dir, orphan->id, &error))
            cel_window_add_toast (self, error->message);
        }
    }
  /* Closed otherwise (Escape): asked again at the next start. */
}

static char *
orphan_title (const CelAutosaveOrphan *orphan)
{
  const CelModelInfo *info = orphan->model_id ? cel_registry_lookup (orphan->model_id) : NULL;

  if (orphan->name)
    return g_strdup (orphan->name);
  if (orphan->uri)
    {
      g_autoptr (GFile) file = g_file_new_for_uri (orphan->uri);
      return g_file_get_basename (file);
    }
  return g_strdup (info ? g_dgettext (GETTEXT_PACKAGE, info->title) : _("Unsaved experiment"));
}

static gboolean
offer_restore (gpointer data)
{
  CelWindow *self = data;
  g_autofree char *dir = cel_autosave_get_default_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) orphans = cel_autosave_list_orphans (dir, &error);
  g_autoptr (GString) body = NULL;
  GtkWidget *dialog;

  if (self->disposed)
    return G_SOURCE_REMOVE;
  if (orphans == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not look for unsaved experiments: %s"), error->message);
      cel_window_add_toast (self, message);
      return G_SOURCE_REMOVE;
    }
  if (orphans->len == 0)
    return G_SOURCE_REMOVE;

  body = g_string_new (NULL);
  g_string_assign (body, g_dngettext (GETTEXT_PACKAGE,
                                      "Cellarium stopped before this experiment was saved:",
                                      "Cellarium stopped before these experiments were saved:",
                                      orphans->len));
  for (guint i = 0; i < orphans->len; i++)
    {
      g_autofree char *title = orphan_title (g_ptr_array_index (orphans, i));
      g_string_append_printf (body, "\n%s", title);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore Unsaved Experiments?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  g_object_set_data_full (G_OBJECT (dialog), "cel-orphans", g_steal_pointer (&orphans),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return G_SOURCE_REMOVE;
}

/* Window life cycle ---------------------------------------------------- */

static void
cel_window_map (GtkWidget *widget)
{
  CelWindow *self = CEL_WINDOW (widget);

  GTK_WIDGET_CLASS (cel_window_parent_class)->map (widget);
  /* The application's first window looks for experiments a crash left
   * behind (windows without an application, as in tests, do not). */
  if (!restore_offered && gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      restore_offered = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, offer_restore, g_object_ref (self), g_object_unref);
    }
}

static gboolean
cel_window_close_request (GtkWindow *window)
{
  CelWindow *self = CEL_WINDOW (window);
  int width, height;

  if (self->modified && !self->close_confirmed)
    {
      confirm_then (self, close_now, NULL, NULL);
      return TRUE;
    }
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

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  clear_pending (self);
  if (self->confirm_dialog)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirm_dialog)));
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->recent)
    g_signal_handlers_disconnect_by_data (self->recent, self);
  if (self->canvas)
    cel_canvas_set_runner (self->canvas, NULL);
  if (self->nca_controls)
    cel_nca_controls_set_runner (self->nca_controls, NULL);
  /* Queued autosaves complete before the runner goes; then the copy goes:
   * a window that closes normally leaves nothing to restore. */
  g_clear_pointer (&self->runner, cel_runner_free);
  if (self->autosave)
    cel_autosave_slot_discard (self->autosave);
  g_clear_pointer (&self->autosave, cel_autosave_slot_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CEL_TYPE_WINDOW);
  G_OBJECT_CLASS (cel_window_parent_class)->dispose (object);
}

static void
cel_window_finalize (GObject *object)
{
  CelWindow *self = CEL_WINDOW (object);

  g_clear_object (&self->settings);
  g_strfreev (self->field_colormaps);
  g_free (self->field_rgba);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recent_menu);
  g_free (self->autosave_error);
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
  widget_class->map = cel_window_map;

  g_type_ensure (CEL_TYPE_CANVAS);
  g_type_ensure (CEL_TYPE_GALLERY);
  g_type_ensure (CEL_TYPE_NCA_CONTROLS);
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
  gtk_widget_class_bind_template_child (widget_class, CelWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, colormap_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, analysis_button);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, nca_controls);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, value_spin);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, density_spin);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, tool_box);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, side_paned);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, plot_paned);
  gtk_widget_class_bind_template_child (widget_class, CelWindow, file_section);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_model_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_preset_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_param_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_child_error);
  gtk_widget_class_bind_template_callback (widget_class, on_nca_command);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.import-pattern", NULL, action_import);
  gtk_widget_class_install_action (widget_class, "win.export-image", NULL, action_export_image);
  gtk_widget_class_install_action (widget_class, "win.export-animation", NULL, action_export_image);
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
  gtk_widget_class_install_action (widget_class, "win.analysis", "s", action_analysis);

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
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "win.tool", "s", "select");
  /* Closing asks first when there are unsaved changes (close_request). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
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
  g_signal_connect_swapped (self->canvas, "notify::field", G_CALLBACK (on_canvas_field), self);
  cel_nca_controls_set_widgets (self->nca_controls, self->canvas, self->param_panel);
  /* While the brush paints a neural CA's target, its colour is the value. */
  g_object_bind_property (self->nca_controls, "paint-target", self->value_spin, "sensitive",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_signal_connect_swapped (self->canvas, "notify::status", G_CALLBACK (on_canvas_status), self);
  g_signal_connect_swapped (self->canvas, "notify::can-undo", G_CALLBACK (on_undo_state), self);
  g_signal_connect_swapped (self->canvas, "notify::can-redo", G_CALLBACK (on_undo_state), self);
  on_undo_state (self);

  g_signal_connect_swapped (self->settings, "changed::autosave-interval", G_CALLBACK (restart_autosave_timer), self);
  restart_autosave_timer (self);

  self->recent = gtk_recent_manager_get_default ();
  self->recent_menu = g_menu_new ();
  g_signal_connect_swapped (self->recent, "changed", G_CALLBACK (rebuild_recent_menu), self);
  rebuild_recent_menu (self);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (key, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (update_actions), self);
  gtk_stack_set_visible_child_name (self->stack, "gallery");
  focus_last_model (self);
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

GFile *
cel_window_get_file (CelWindow *self)
{
  return self->file;
}

gboolean
cel_window_get_modified (CelWindow *self)
{
  return self->modified;
}

guint64
cel_window_autosave_now (CelWindow *self)
{
  return queue_autosave (self);
}

const char *
cel_window_get_autosave_path (CelWindow *self)
{
  return self->autosave ? cel_autosave_slot_get_path (self->autosave) : NULL;
}
