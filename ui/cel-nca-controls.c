/* cel-nca-controls.c — the neural CA's target menu, thumbnail and brush
 * colour. */
#include "cel-nca-controls.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "models/nca/cel-nca.h"
#include "models/nca/cel-nca-target.h"

/* A target fills the middle of the grid, leaving 2/9 of the smaller side
 * on each side: the paper's 40-cell targets in 72-cell grids. */
#define TARGET_MARGIN_NUMERATOR 2
#define TARGET_MARGIN_DENOMINATOR 9
/* The thumbnail in the menu button, in pixels. */
#define THUMBNAIL_SIZE 24

struct _CelNcaControls
{
  GtkWidget             parent_instance;

  GtkWidget            *menu_button;
  GtkWidget            *thumbnail;
  GtkWidget            *color_button;

  CelCanvas            *canvas;
  CelParamPanel        *panel;
  CelRunner            *runner;
  guint                 generation;   /* bumped per runner: older jobs are dropped */
  guint                 pending;
  gboolean              paint_target;
  float                 creature_value; /* the brush value before painting the target */
  GdkRGBA               color;
  guint                 state_field, target_field;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (CelNcaControls, cel_nca_controls, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAINT_TARGET,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_ERROR,
  SIGNAL_COMMAND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  JOB_SET,    /* compute a target and set it on the model */
  JOB_READ,   /* read the model's target for the thumbnail */
} JobKind;

typedef struct {
  JobKind   kind;
  GWeakRef  controls;
  guint     generation;
  char     *text;       /* JOB_SET from an emoji, or */
  GFile    *file;       /* JOB_SET from a PNG file */
  guint     width, height;
  float    *rgba;       /* premultiplied, width × height × 4 */
  char     *error;      /* set on the runner thread */
} TargetJob;

static void
target_job_free (TargetJob *job)
{
  g_weak_ref_clear (&job->controls);
  g_free (job->text);
  g_clear_object (&job->file);
  g_free (job->rgba);
  g_free (job->error);
  g_free (job);
}

static TargetJob *
target_job_new (CelNcaControls *self, JobKind kind)
{
  TargetJob *job = g_new0 (TargetJob, 1);

  job->kind = kind;
  g_weak_ref_init (&job->controls, self);
  job->generation = self->generation;
  return job;
}

float
cel_nca_controls_color_value (const GdkRGBA *color)
{
  guint32 r = (guint32) lround (CLAMP (color->red, 0, 1) * 255);
  guint32 g = (guint32) lround (CLAMP (color->green, 0, 1) * 255);
  guint32 b = (guint32) lround (CLAMP (color->blue, 0, 1) * 255);

  /* At most 2^24: exact in a float. */
  return (float) ((r << 16 | g << 8 | b) + 1);
}

static void
emit_error (CelNcaControls *self, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

/* The thumbnail ----------------------------------------------------- */

static void
show_thumbnail (CelNcaControls *self, const float *rgba, guint width, guint height)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint8 *pixels;
  gsize n = (gsize) width * height * 4;

  if (rgba == NULL || width == 0 || height == 0)
    {
      gtk_image_clear (GTK_IMAGE (self->thumbnail));
      return;
    }
  pixels = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    pixels[i] = (guint8) lroundf (CLAMP (rgba[i], 0.0f, 1.0f) * 255.0f);
  bytes = g_bytes_new_take (pixels, n);
  texture = gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED,
                                    bytes, (gsize) width * 4);
  gtk_image_set_from_paintable (GTK_IMAGE (self->thumbnail), GDK_PAINTABLE (texture));
}

/* Jobs on the runner thread ------------------------------------------ */

static gboolean
finish_job (gpointer data)
{
  TargetJob *job = data;
  g_autoptr (CelNcaControls) self = g_weak_ref_get (&job->controls);

  if (self != NULL && job->generation == self->generation)
    {
      if (job->kind == JOB_SET)
        self->pending--;
      if (job->error)
        emit_error (self, job->error);
      else
        show_thumbnail (self, job->rgba, job->width, job->height);
    }
  target_job_free (job);
  return G_SOURCE_REMOVE;
}

/* The runner's destroy notify, called whether the call ran or was dropped
 * with the runner: the job goes back to the main thread. */
static void
post_job (gpointer data)
{
  g_idle_add (finish_job, data);
}

static void
job_on_runner (CelModel *model, gpointer data)
{
  TargetJob *job = data;
  g_autoptr (GError) error = NULL;
  const float *target;
  guint width, height;

  if (!CEL_IS_NCA (model))
    {
      job->error = g_strdup (_("The experiment is no longer a neural cellular automaton"));
      return;
    }
  if (job->kind == JOB_SET
      && !cel_nca_set_target (CEL_NCA (model), job->width, job->height, job->rgba, &error))
    {
      job->error = g_strdup (error->message);
      return;
    }
  target = cel_nca_get_target (CEL_NCA (model), &width, &height);
  g_clear_pointer (&job->rgba, g_free);
  job->width = width;
  job->height = height;
  if (target != NULL)
    job->rgba = g_memdup2 (target, (gsize) width * height * 4 * sizeof (float));
}

static void
refresh_thumbnail (CelNcaControls *self)
{
  if (self->runner != NULL)
    cel_runner_call (self->runner, job_on_runner, target_job_new (self, JOB_READ), post_job);
}

void
cel_nca_controls_refresh (CelNcaControls *self)
{
  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    refresh_thumbnail (self);
}

/* Computing targets in a worker thread -------------------------------- */

static void
compute_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  TargetJob *job = data;
  guint margin = MIN (job->width, job->height) * TARGET_MARGIN_NUMERATOR / TARGET_MARGIN_DENOMINATOR;
  GError *error = NULL;

  if (job->file != NULL)
    {
      g_autofree char *path = g_file_get_path (job->file);

      if (path == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("Only local image files can be opened"));
          return;
        }
      job->rgba = cel_nca_target_from_png (path, job->width, job->height, margin, &error);
    }
  else
    job->rgba = cel_nca_target_from_emoji (job->text, job->width, job->height, margin, &error);

  if (job->rgba == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
compute_done (GObject *source, GAsyncResult *result, gpointer data)
{
  CelNcaControls *self = CEL_NCA_CONTROLS (source);
  GTask *task = G_TASK (result);
  TargetJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint64 seq;

  if (job->generation != self->generation)
    {
      target_job_free (job);
      return;
    }
  if (!g_task_propagate_boolean (task, &error) || self->runner == NULL)
    {
      self->pending--;
      if (error != NULL)
        emit_error (self, error->message);
      target_job_free (job);
      return;
    }
  /* The runner takes the job over; post_job brings it back. */
  seq = cel_runner_call (self->runner, job_on_runner, job, post_job);
  g_signal_emit (self, signals[SIGNAL_COMMAND], 0, seq);
}

static void
start_job (CelNcaControls *self, TargetJob *job)
{
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (GTask) task = NULL;

  if (self->runner == NULL || (snap = cel_runner_get_snapshot (self->runner)) == NULL)
    {
      target_job_free (job);
      return;
    }
  job->width = snap->grid_width;
  job->height = snap->grid_height;
  self->pending++;
  task = g_task_new (self, NULL, compute_done, NULL);
  /* compute_done frees the job or hands it to the runner. */
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, compute_in_thread);
}

void
cel_nca_controls_set_emoji (CelNcaControls *self, const char *text)
{
  TargetJob *job;

  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));
  g_return_if_fail (text != NULL);

  job = target_job_new (self, JOB_SET);
  job->text = g_strdup (text);
  start_job (self, job);
}

void
cel_nca_controls_load_image (CelNcaControls *self, GFile *file)
{
  TargetJob *job;

  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));
  g_return_if_fail (G_IS_FILE (file));

  job = target_job_new (self, JOB_SET);
  job->file = g_object_ref (file);
  start_job (self, job);
}

guint
cel_nca_controls_get_pending (CelNcaControls *self)
{
  g_return_val_if_fail (CEL_IS_NCA_CONTROLS (self), 0);
  return self->pending;
}

/* Painting the target ------------------------------------------------- */

static void
apply_paint_target (CelNcaControls *self, gboolean paint_target, gboolean send)
{
  paint_target = !!paint_target;
  if (self->paint_target == paint_target)
    return;
  self->paint_target = paint_target;
  gtk_widget_set_visible (self->color_button, paint_target);

  if (self->canvas != NULL)
    {
      if (paint_target)
        {
          self->creature_value = cel_canvas_get_paint_value (self->canvas);
          cel_canvas_set_paint_value (self->canvas, cel_nca_controls_color_value (&self->color));
          cel_canvas_set_field (self->canvas, self->target_field);
        }
      else
        {
          cel_canvas_set_paint_value (self->canvas, self->creature_value);
          cel_canvas_set_field (self->canvas, self->state_field);
        }
    }
  if (!paint_target)
    refresh_thumbnail (self);

  if (send && self->runner != NULL)
    {
      const char *value = paint_target ? "target" : "creature";
      guint64 seq = cel_runner_set_param (self->runner, "paint", value);

      if (self->panel != NULL)
        cel_param_panel_set_value (self->panel, "paint", value);
      g_signal_emit (self, signals[SIGNAL_COMMAND], 0, seq);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PAINT_TARGET]);
}

void
cel_nca_controls_set_paint_target (CelNcaControls *self, gboolean paint_target)
{
  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));
  apply_paint_target (self, paint_target, TRUE);
}

gboolean
cel_nca_controls_get_paint_target (CelNcaControls *self)
{
  g_return_val_if_fail (CEL_IS_NCA_CONTROLS (self), FALSE);
  return self->paint_target;
}

void
cel_nca_controls_set_color (CelNcaControls *self, const GdkRGBA *color)
{
  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));
  g_return_if_fail (color != NULL);

  /* Through the button, so that it shows the colour; on_color_changed
   * does the rest. */
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), color);
}

static void
on_color_changed (CelNcaControls *self)
{
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &self->color);
  if (self->paint_target && self->canvas != NULL)
    cel_canvas_set_paint_value (self->canvas, cel_nca_controls_color_value (&self->color));
}

void
cel_nca_controls_param_changed (CelNcaControls *self, const char *name, const char *value)
{
  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)) && g_strcmp0 (name, "paint") == 0)
    apply_paint_target (self, g_strcmp0 (value, "target") == 0, FALSE);
}

/* Models and runners ------------------------------------------------- */

void
cel_nca_controls_set_widgets (CelNcaControls *self, CelCanvas *canvas, CelParamPanel *panel)
{
  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));

  self->canvas = canvas;
  self->panel = panel;
}

static guint
find_field (CelModel *model, const char *id, guint fallback)
{
  guint n = cel_model_get_n_fields (model);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (cel_model_get_field_info (model, i)->id, id) == 0)
      return i;
  return fallback;
}

void
cel_nca_controls_set_model (CelNcaControls *self, CelModel *model)
{
  gboolean nca;

  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));
  g_return_if_fail (CEL_IS_MODEL (model));

  nca = CEL_IS_NCA (model);
  gtk_widget_set_visible (GTK_WIDGET (self), nca);
  show_thumbnail (self, NULL, 0, 0);
  self->paint_target = FALSE;
  gtk_widget_set_visible (self->color_button, FALSE);
  if (!nca)
    return;

  self->state_field = find_field (model, "state", 0);
  self->target_field = find_field (model, "target", 1);
  {
    g_autofree char *paint = cel_model_get_param_string (model, "paint");

    if (g_strcmp0 (paint, "target") == 0)
      {
        self->paint_target = TRUE;
        gtk_widget_set_visible (self->color_button, TRUE);
        if (self->canvas != NULL)
          {
            self->creature_value = cel_canvas_get_paint_value (self->canvas);
            cel_canvas_set_paint_value (self->canvas, cel_nca_controls_color_value (&self->color));
          }
      }
  }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PAINT_TARGET]);
}

void
cel_nca_controls_set_runner (CelNcaControls *self, CelRunner *runner)
{
  g_return_if_fail (CEL_IS_NCA_CONTROLS (self));

  self->runner = runner;
  self->generation++;
  self->pending = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "nca.load-image", runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "nca.emoji", runner != NULL);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    refresh_thumbnail (self);
}

/* Dialogs ---------------------------------------------------------- */

static void
on_chooser_response (GtkNativeDialog *dialog, int response, CelNcaControls *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        cel_nca_controls_load_image (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
action_load_image (GtkWidget *widget, const char *name, GVariant *param)
{
  CelNcaControls *self = CEL_NCA_CONTROLS (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Load Target Image"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Load"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_emoji_response (AdwMessageDialog *dialog, const char *response, CelNcaControls *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "cel-entry");

  if (g_str_equal (response, "set"))
    {
      const char *text = gtk_editable_get_text (entry);

      if (*text == '\0')
        emit_error (self, _("Type or paste an emoji to draw the target from"));
      else
        cel_nca_controls_set_emoji (self, text);
    }
}

static void
action_emoji (GtkWidget *widget, const char *name, GVariant *param)
{
  CelNcaControls *self = CEL_NCA_CONTROLS (widget);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Target from an Emoji"),
                                   _("The emoji is drawn with the Noto Color Emoji font into the middle of the grid. "
                                     "Type or paste one, or pick one with the button in the entry."));
  gtk_editable_set_text (GTK_EDITABLE (entry), CEL_NCA_DEFAULT_EMOJI);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_EMOJI);
  g_object_set (entry, "show-emoji-icon", TRUE, NULL);
  gtk_widget_set_tooltip_text (entry, _("Emoji"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "set", _("_Set Target"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "cel-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_emoji_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* The widget -------------------------------------------------------- */

static void
cel_nca_controls_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CelNcaControls *self = CEL_NCA_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_PAINT_TARGET:
      g_value_set_boolean (value, self->paint_target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_nca_controls_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CelNcaControls *self = CEL_NCA_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_PAINT_TARGET:
      apply_paint_target (self, g_value_get_boolean (value), TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_nca_controls_dispose (GObject *object)
{
  CelNcaControls *self = CEL_NCA_CONTROLS (object);
  GtkWidget *child;

  /* Jobs still in flight find no controls and free themselves. */
  self->generation++;
  self->runner = NULL;
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cel_nca_controls_parent_class)->dispose (object);
}

static void
cel_nca_controls_class_init (CelNcaControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cel_nca_controls_get_property;
  object_class->set_property = cel_nca_controls_set_property;
  object_class->dispose = cel_nca_controls_dispose;

  props[PROP_PAINT_TARGET] =
    g_param_spec_boolean ("paint-target", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_COMMAND] =
    g_signal_new ("command", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_install_property_action (widget_class, "nca.paint-target", "paint-target");
  gtk_widget_class_install_action (widget_class, "nca.load-image", NULL, action_load_image);
  gtk_widget_class_install_action (widget_class, "nca.emoji", NULL, action_emoji);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
cel_nca_controls_init (CelNcaControls *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Target"));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  self->creature_value = 1;
  self->state_field = 0;
  self->target_field = 1;
  /* A green that reads well on the light and dark canvas backgrounds. */
  self->color = (GdkRGBA) { 0.2f, 0.6f, 0.25f, 1.0f };

  g_menu_append (menu, _("_Paint Target on the Canvas"), "nca.paint-target");
  g_menu_append (menu, _("_Load Image…"), "nca.load-image");
  g_menu_append (menu, _("_Emoji…"), "nca.emoji");

  self->thumbnail = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (self->thumbnail), THUMBNAIL_SIZE);
  gtk_box_append (GTK_BOX (box), self->thumbnail);
  gtk_box_append (GTK_BOX (box), label);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->menu_button), box);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->menu_button);
  gtk_widget_set_tooltip_text (self->menu_button,
                               _("The image the neural cellular automaton learns to grow: paint it, load it or draw it from an emoji"));
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  self->color_button = gtk_color_button_new_with_rgba (&self->color);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (self->color_button), FALSE);
  gtk_color_button_set_title (GTK_COLOR_BUTTON (self->color_button), _("Target Colour"));
  gtk_widget_set_tooltip_text (self->color_button,
                               _("Colour the brush paints the target with (the eraser makes it transparent)"));
  gtk_widget_set_visible (self->color_button, FALSE);
  g_signal_connect_swapped (self->color_button, "notify::rgba", G_CALLBACK (on_color_changed), self);
  gtk_widget_set_parent (self->color_button, GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "nca.load-image", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "nca.emoji", FALSE);
}

GtkWidget *
cel_nca_controls_new (void)
{
  return g_object_new (CEL_TYPE_NCA_CONTROLS, NULL);
}
