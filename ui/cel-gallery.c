#include "cel-gallery.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cel-thumbnail.h"

#define PRESET_SUFFIX ".cellarium"
/* The thumbnail and its margins. */
#define CARD_MARGIN 12
#define CARD_WIDTH (CEL_GALLERY_THUMBNAIL_WIDTH + 2 * CARD_MARGIN)

typedef enum {
  CARD_MODEL,
  CARD_PRESET,
} CardKind;

typedef struct {
  CardKind  kind;
  char     *id;       /* model id or preset resource path */
  char     *haystack; /* what the search looks through */
} Card;

struct _CelGallery
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkWidget    *search_entry;
  GtkWidget    *models_heading;
  GtkWidget    *models_box;    /* GtkFlowBox */
  GtkWidget    *presets_heading;
  GtkWidget    *presets_box;   /* GtkFlowBox */
  GtkWidget    *no_results;

  GCancellable *cancellable;
  guint         pending;       /* thumbnails still rendering */
};

G_DEFINE_FINAL_TYPE (CelGallery, cel_gallery, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  MODEL_ACTIVATED,
  PRESET_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
card_free (Card *card)
{
  g_free (card->id);
  g_free (card->haystack);
  g_free (card);
}

static Card *
card_of (GtkFlowBoxChild *child)
{
  return g_object_get_data (G_OBJECT (child), "cel-card");
}

/* Thumbnails ------------------------------------------------------------ */

typedef struct {
  CelGallery *gallery;
  GtkPicture *picture;
} ThumbnailRequest;

static void
thumbnail_done (GObject *source, GAsyncResult *result, gpointer data)
{
  ThumbnailRequest *request = data;
  CelGallery *self = request->gallery;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = cel_thumbnail_render_finish (result, &error);

  if (texture != NULL)
    gtk_picture_set_paintable (request->picture, GDK_PAINTABLE (texture));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No thumbnail: %s", error->message);

  if (--self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_unref (request->picture);
  g_object_unref (self);
  g_free (request);
}

static void
start_thumbnail (CelGallery *self, GtkWidget *picture, CelModel *model)
{
  ThumbnailRequest *request = g_new0 (ThumbnailRequest, 1);

  request->gallery = g_object_ref (self);
  request->picture = g_object_ref (GTK_PICTURE (picture));
  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  cel_thumbnail_render_async (model, CEL_GALLERY_THUMBNAIL_STEPS,
                              CEL_GALLERY_THUMBNAIL_WIDTH, CEL_GALLERY_THUMBNAIL_HEIGHT,
                              self->cancellable, thumbnail_done, request);
}

/* Cards ---------------------------------------------------------------- */

/* Labels wrap at the card's width, which the thumbnail sets. */
static GtkWidget *
make_label (const char *text, const char *css_class, int lines)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0f);
  if (lines > 0)
    {
      gtk_label_set_lines (GTK_LABEL (label), lines);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A picture asks for the height matching the width it is offered; in a
 * horizontal box of its own it is offered only its natural width, so it
 * shows the texture at exactly its size and the cells stay crisp. */
static GtkWidget *
make_thumbnail_frame (GtkWidget *picture)
{
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (picture, CEL_GALLERY_THUMBNAIL_WIDTH, CEL_GALLERY_THUMBNAIL_HEIGHT);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thumbnail"), -1);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (frame, CARD_MARGIN);
  gtk_widget_set_margin_start (frame, CARD_MARGIN);
  gtk_widget_set_margin_end (frame, CARD_MARGIN);
  gtk_box_append (GTK_BOX (frame), picture);
  return frame;
}

/* Title, the model a preset runs (tag, may be NULL), and description. */
static GtkWidget *
make_card_text (const char *title, const char *tag, const char *description)
{
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *description_label = make_label (description, "caption", 3);

  gtk_widget_set_margin_start (text, CARD_MARGIN);
  gtk_widget_set_margin_end (text, CARD_MARGIN);
  gtk_widget_set_margin_bottom (text, CARD_MARGIN);
  gtk_widget_set_vexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), make_label (title, "heading", 2));
  if (tag != NULL)
    {
      GtkWidget *tag_label = make_label (tag, "caption-heading", 1);

      gtk_widget_add_css_class (tag_label, "accent");
      gtk_box_append (GTK_BOX (text), tag_label);
    }
  gtk_widget_add_css_class (description_label, "dim-label");
  gtk_box_append (GTK_BOX (text), description_label);
  return text;
}

/* Adds a card; takes ownership of model (NULL: no thumbnail). tag names the
 * model a preset runs (NULL for model cards). */
static void
add_card (CelGallery *self,
          CardKind    kind,
          const char *id,
          const char *title,
          const char *description,
          const char *tag,
          CelModel   *model)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  Card *card = g_new0 (Card, 1);

  card->kind = kind;
  card->id = g_strdup (id);
  card->haystack = g_strjoin (" ", title, description, tag, NULL);
  g_object_set_data_full (G_OBJECT (child), "cel-card", card, (GDestroyNotify) card_free);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_size_request (box, CARD_WIDTH, -1);
  gtk_box_append (GTK_BOX (box), make_thumbnail_frame (picture));
  gtk_box_append (GTK_BOX (box), make_card_text (title, tag, description));

  /* Every card is as wide as its thumbnail and margins, whatever its text;
   * the child hugs the card rather than fill the column, so the focus ring
   * does too. */
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), CARD_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), CARD_WIDTH);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), clamp);
  gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (child, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_flow_box_append (GTK_FLOW_BOX (kind == CARD_MODEL ? self->models_box : self->presets_box),
                       child);
  if (model != NULL)
    start_thumbnail (self, picture, model);
}

static void
add_models (CelGallery *self)
{
  guint n;
  const CelModelInfo *models = cel_registry_list (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      CelModel *model = cel_model_new (models[i].id, &error);

      if (model == NULL)
        g_warning ("Model “%s”: %s", models[i].id, error->message);
      add_card (self, CARD_MODEL, models[i].id,
                g_dgettext (GETTEXT_PACKAGE, models[i].title),
                g_dgettext (GETTEXT_PACKAGE, models[i].description),
                NULL, model);
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
add_preset (CelGallery *self, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  CelExperiment exp = { 0 };
  const CelModelInfo *info;
  const char *model_title, *title, *description;
  gsize size;
  const char *data;

  if (bytes == NULL)
    {
      g_warning ("Preset %s: %s", path, error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (!cel_experiment_load_data (data, size, &exp, &error))
    {
      g_warning ("Preset %s: %s", path, error->message);
      return;
    }

  info = cel_registry_lookup (cel_model_get_id (exp.model));
  model_title = info ? g_dgettext (GETTEXT_PACKAGE, info->title) : cel_model_get_id (exp.model);
  title = exp.name && *exp.name ? g_dgettext (GETTEXT_PACKAGE, exp.name) : strrchr (path, '/') + 1;
  description = exp.notes && *exp.notes ? g_dgettext (GETTEXT_PACKAGE, exp.notes)
                : info ? g_dgettext (GETTEXT_PACKAGE, info->description) : "";
  add_card (self, CARD_PRESET, path, title, description, model_title, g_steal_pointer (&exp.model));
  cel_experiment_clear (&exp);
}

static void
add_presets (CelGallery *self)
{
  g_auto (GStrv) names = g_resources_enumerate_children (CEL_GALLERY_PRESET_PATH,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  if (names == NULL)
    return;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], PRESET_SUFFIX))
      {
        g_autofree char *path = g_strconcat (CEL_GALLERY_PRESET_PATH, names[i], NULL);

        add_preset (self, path);
      }
}

/* Filtering ------------------------------------------------------------ */

static gboolean
card_matches (CelGallery *self, GtkFlowBoxChild *child)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return *query == '\0' || g_str_match_string (query, card_of (child)->haystack, TRUE);
}

static gboolean
filter_card (GtkFlowBoxChild *child, gpointer data)
{
  return card_matches (CEL_GALLERY (data), child);
}

static guint
count_matches (CelGallery *self, GtkWidget *flow_box)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (flow_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (card_matches (self, GTK_FLOW_BOX_CHILD (child)))
      n++;
  return n;
}

static void
update_sections (CelGallery *self)
{
  guint n_models = count_matches (self, self->models_box);
  guint n_presets = count_matches (self, self->presets_box);

  gtk_widget_set_visible (self->models_heading, n_models > 0);
  gtk_widget_set_visible (self->models_box, n_models > 0);
  gtk_widget_set_visible (self->presets_heading, n_presets > 0);
  gtk_widget_set_visible (self->presets_box, n_presets > 0);
  gtk_widget_set_visible (self->no_results, n_models + n_presets == 0);
}

static void
on_search_changed (CelGallery *self)
{
  gtk_flow_box_invalidate_filter (GTK_FLOW_BOX (self->models_box));
  gtk_flow_box_invalidate_filter (GTK_FLOW_BOX (self->presets_box));
  update_sections (self);
}

/* A printable key that nothing else took goes to the search entry. */
static gboolean
on_key_pressed (CelGallery            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (c == 0 || !g_unichar_isgraph (c)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  if (!gtk_event_controller_key_forward (controller,
                                         GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry)))))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (self->search_entry);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  return GDK_EVENT_STOP;
}

/* Activation ----------------------------------------------------------- */

static void
on_child_activated (CelGallery *self, GtkFlowBoxChild *child)
{
  Card *card = card_of (child);
  g_autofree char *id = g_strdup (card->id);

  g_signal_emit (self, signals[card->kind == CARD_MODEL ? MODEL_ACTIVATED : PRESET_ACTIVATED], 0, id);
}

static GtkWidget *
find_card (CelGallery *self, const char *id)
{
  GtkWidget *boxes[] = { self->models_box, self->presets_box };

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    for (GtkWidget *child = gtk_widget_get_first_child (boxes[i]);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (g_strcmp0 (card_of (GTK_FLOW_BOX_CHILD (child))->id, id) == 0)
        return child;
  return NULL;
}

gboolean
cel_gallery_activate (CelGallery *self, const char *id_or_path)
{
  GtkWidget *child;

  g_return_val_if_fail (CEL_IS_GALLERY (self), FALSE);
  child = find_card (self, id_or_path);
  if (child == NULL)
    return FALSE;
  on_child_activated (self, GTK_FLOW_BOX_CHILD (child));
  return TRUE;
}

gboolean
cel_gallery_focus_card (CelGallery *self, const char *id_or_path)
{
  GtkWidget *child;

  g_return_val_if_fail (CEL_IS_GALLERY (self), FALSE);
  child = find_card (self, id_or_path);
  if (child == NULL)
    return FALSE;
  return gtk_widget_grab_focus (child);
}

static char **
list_cards (GtkWidget *flow_box)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (flow_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, card_of (GTK_FLOW_BOX_CHILD (child))->id);
  return g_strv_builder_end (builder);
}

char **
cel_gallery_list_models (CelGallery *self)
{
  g_return_val_if_fail (CEL_IS_GALLERY (self), NULL);
  return list_cards (self->models_box);
}

char **
cel_gallery_list_presets (CelGallery *self)
{
  g_return_val_if_fail (CEL_IS_GALLERY (self), NULL);
  return list_cards (self->presets_box);
}

gboolean
cel_gallery_get_loading (CelGallery *self)
{
  g_return_val_if_fail (CEL_IS_GALLERY (self), FALSE);
  return self->pending > 0;
}

/* GObject -------------------------------------------------------------- */

/* Focus goes to a card (the one it was on, else the first shown), so that
 * the keyboard starts there. */
static gboolean
cel_gallery_grab_focus (GtkWidget *widget)
{
  CelGallery *self = CEL_GALLERY (widget);
  GtkWidget *boxes[] = { self->models_box, self->presets_box };

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    if (gtk_widget_get_focus_child (boxes[i]) != NULL)
      return TRUE;
  /* Through the flow box, so that it knows where its cursor is. */
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    if (count_matches (self, boxes[i]) > 0)
      return gtk_widget_child_focus (boxes[i], GTK_DIR_TAB_FORWARD);
  return gtk_widget_grab_focus (self->search_entry);
}

/* Arrow keys cross from the models to the presets and back. */
static gboolean
on_keynav_failed (GtkWidget *flow_box, GtkDirectionType direction, CelGallery *self)
{
  GtkWidget *target = NULL;

  if (flow_box == self->models_box && direction == GTK_DIR_DOWN)
    target = self->presets_box;
  else if (flow_box == self->presets_box && direction == GTK_DIR_UP)
    target = self->models_box;
  return target != NULL && count_matches (self, target) > 0
         && gtk_widget_child_focus (target, direction);
}

static GtkWidget *
make_flow_box (CelGallery *self)
{
  GtkWidget *flow_box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow_box), GTK_SELECTION_NONE);
  gtk_flow_box_set_activate_on_single_click (GTK_FLOW_BOX (flow_box), TRUE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow_box), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow_box), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow_box), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow_box), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow_box), 12);
  gtk_widget_set_valign (flow_box, GTK_ALIGN_START);
  gtk_flow_box_set_filter_func (GTK_FLOW_BOX (flow_box), filter_card, self, NULL);
  g_signal_connect_swapped (flow_box, "child-activated", G_CALLBACK (on_child_activated), self);
  g_signal_connect (flow_box, "keynav-failed", G_CALLBACK (on_keynav_failed), self);
  return flow_box;
}

static GtkWidget *
make_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_set_margin_top (label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  return label;
}

static void
cel_gallery_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CelGallery *self = CEL_GALLERY (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_gallery_dispose (GObject *object)
{
  CelGallery *self = CEL_GALLERY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  G_OBJECT_CLASS (cel_gallery_parent_class)->dispose (object);
}

static void
cel_gallery_finalize (GObject *object)
{
  CelGallery *self = CEL_GALLERY (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (cel_gallery_parent_class)->finalize (object);
}

static void
cel_gallery_class_init (CelGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cel_gallery_get_property;
  object_class->dispose = cel_gallery_dispose;
  object_class->finalize = cel_gallery_finalize;
  widget_class->grab_focus = cel_gallery_grab_focus;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MODEL_ACTIVATED] =
    g_signal_new ("model-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PRESET_ACTIVATED] =
    g_signal_new ("preset-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "celgallery");
}

static void
cel_gallery_init (CelGallery *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("New Experiment"));
  GtkWidget *subtitle = gtk_label_new (_("Start a model from scratch, or open a prepared example"));

  self->cancellable = g_cancellable_new ();

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 800);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  gtk_widget_add_css_class (title, "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_justify (GTK_LABEL (subtitle), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), subtitle);

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", _("Search models and presets"), NULL);
  gtk_widget_set_size_request (self->search_entry, 300, -1);
  gtk_widget_set_halign (self->search_entry, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->search_entry, 6);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (box), self->search_entry);

  self->models_heading = make_heading (_("Models"));
  self->models_box = make_flow_box (self);
  self->presets_heading = make_heading (_("Presets"));
  self->presets_box = make_flow_box (self);
  gtk_box_append (GTK_BOX (box), self->models_heading);
  gtk_box_append (GTK_BOX (box), self->models_box);
  gtk_box_append (GTK_BOX (box), self->presets_heading);
  gtk_box_append (GTK_BOX (box), self->presets_box);

  self->no_results = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->no_results), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->no_results), _("No Results Found"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->no_results),
                                   _("Try a different search"));
  gtk_box_append (GTK_BOX (box), self->no_results);

  /* Typing starts a search. Not with the search entry's key capture: it
   * sees keys before the focused card and would take Enter from it. */
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_BUBBLE);
    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  add_models (self);
  add_presets (self);
  update_sections (self);
}

GtkWidget *
cel_gallery_new (void)
{
  return g_object_new (CEL_TYPE_GALLERY, NULL);
}
