#include "cel-model.h"

#include <string.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "cel-registry.h"

/* Plot history kept per series; older points are decimated, never grown. */
#define SERIES_CAPACITY 8192

typedef struct
{
  guint64    seed;
  CelRng     rng;
  guint64    step;
  GPtrArray *series;
} CelModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CelModel, cel_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cel_model_finalize (GObject *object)
{
  CelModelPrivate *priv = cel_model_get_instance_private (CEL_MODEL (object));

  g_ptr_array_unref (priv->series);
  G_OBJECT_CLASS (cel_model_parent_class)->finalize (object);
}

static void
cel_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CelModelPrivate *priv = cel_model_get_instance_private (CEL_MODEL (object));

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint64 (value, priv->seed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_model_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CelModelPrivate *priv = cel_model_get_instance_private (CEL_MODEL (object));

  switch (prop_id)
    {
    case PROP_SEED:
      priv->seed = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_model_class_init (CelModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cel_model_finalize;
  object_class->get_property = cel_model_get_property;
  object_class->set_property = cel_model_set_property;

  properties[PROP_SEED] =
    cel_param_meta (g_param_spec_uint64 ("seed", N_("Random seed"),
                                         N_("Seed of the random generator; the same seed replays the same run"),
                                         0, G_MAXUINT64, 1,
                                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY),
                    N_("General"), NULL, CEL_PARAM_NEEDS_RESET);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_model_init (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  priv->seed = 1;
  priv->series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  cel_rng_seed (&priv->rng, priv->seed);
}

CelModel *
cel_model_new (const char *id, GError **error)
{
  const CelModelInfo *info = cel_registry_lookup (id);
  CelModel *model;

  if (info == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (id ? id : "", -1);
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNKNOWN_MODEL,
                   _("There is no model called “%s” (see “cellarium-cli list”)"), shown);
      return NULL;
    }
  model = g_object_new (info->get_type (), NULL);
  cel_model_reset (model);
  return model;
}

const char *
cel_model_get_id (CelModel *self)
{
  guint n;
  const CelModelInfo *models = cel_registry_list (&n);
  GType type = G_OBJECT_TYPE (self);

  for (guint i = 0; i < n; i++)
    if (models[i].get_type () == type)
      return models[i].id;
  return G_OBJECT_TYPE_NAME (self);
}

static guint
type_depth (GType t)
{
  return g_type_depth (t);
}

static int
compare_params (gconstpointer a, gconstpointer b)
{
  GParamSpec *pa = *(GParamSpec **) a, *pb = *(GParamSpec **) b;
  guint da = type_depth (pa->owner_type), db = type_depth (pb->owner_type);

  if (da != db)
    return da < db ? -1 : 1;
  return pa->param_id < pb->param_id ? -1 : (pa->param_id > pb->param_id);
}

GParamSpec **
cel_model_list_params (CelModel *self, guint *n_params)
{
  guint n_all = 0, n = 0;
  g_autofree GParamSpec **all = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n_all);
  GParamSpec **out = g_new0 (GParamSpec *, n_all + 1);

  for (guint i = 0; i < n_all; i++)
    if (cel_param_is_param (all[i]))
      out[n++] = all[i];
  /* Declaration order: base class first, then in installation order. */
  qsort (out, n, sizeof *out, compare_params);
  *n_params = n;
  return out;
}

GParamSpec *
cel_model_find_param (CelModel *self, const char *name)
{
  GParamSpec *pspec;

  if (name == NULL)
    return NULL;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  return pspec && cel_param_is_param (pspec) ? pspec : NULL;
}

static GParamSpec *
find_param_or_error (CelModel *self, const char *name, GError **error)
{
  GParamSpec *pspec = cel_model_find_param (self, name);

  if (pspec == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (name ? name : "", -1);
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The model “%s” has no parameter “%s”"),
                   cel_model_get_id (self), shown);
    }
  return pspec;
}

gboolean
cel_model_set_param (CelModel      *self,
                     const char    *name,
                     const GValue  *value,
                     GError       **error)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);
  GParamSpec *pspec = find_param_or_error (self, name, error);

  if (pspec == NULL || !cel_param_check (pspec, value, error))
    return FALSE;
  if (klass->validate_param && !klass->validate_param (self, pspec, value, error))
    return FALSE;
  g_object_set_property (G_OBJECT (self), name, value);
  return TRUE;
}

gboolean
cel_model_set_param_string (CelModel    *self,
                            const char  *name,
                            const char  *text,
                            GError     **error)
{
  g_auto (GValue) value = G_VALUE_INIT;
  GParamSpec *pspec = find_param_or_error (self, name, error);

  if (pspec == NULL)
    return FALSE;
  if (text == NULL)
    text = "";
  if (!cel_param_parse (pspec, text, &value, error))
    return FALSE;
  return cel_model_set_param (self, name, &value, error);
}

char *
cel_model_get_param_string (CelModel *self, const char *name)
{
  g_auto (GValue) value = G_VALUE_INIT;
  GParamSpec *pspec = cel_model_find_param (self, name);

  g_return_val_if_fail (pspec != NULL, NULL);
  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (G_OBJECT (self), name, &value);
  return cel_param_to_string (pspec, &value);
}

void
cel_model_reset_params (CelModel *self)
{
  guint n;
  g_autofree GParamSpec **params = cel_model_list_params (self, &n);

  for (guint i = 0; i < n; i++)
    g_object_set_property (G_OBJECT (self), params[i]->name,
                           g_param_spec_get_default_value (params[i]));
}

guint64
cel_model_get_seed (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  return priv->seed;
}

void
cel_model_set_seed (CelModel *self, guint64 seed)
{
  g_object_set (self, "seed", seed, NULL);
}

CelRng *
cel_model_get_rng (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  return &priv->rng;
}

void
cel_model_reset (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  cel_rng_seed (&priv->rng, priv->seed);
  priv->step = 0;
  for (guint i = 0; i < priv->series->len; i++)
    cel_series_clear (g_ptr_array_index (priv->series, i));
  CEL_MODEL_GET_CLASS (self)->reset (self);
}

guint64
cel_model_step (CelModel      *self,
                guint64        n,
                GCancellable  *cancellable,
                GError       **error)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);
  guint64 done = CEL_MODEL_GET_CLASS (self)->step (self, n, cancellable, error);

  priv->step += done;
  return done;
}

guint64
cel_model_get_step (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  return priv->step;
}

void
cel_model_get_size (CelModel *self, guint *width, guint *height)
{
  guint w = 0, h = 0;

  CEL_MODEL_GET_CLASS (self)->get_size (self, &w, &h);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

gboolean
cel_model_get_progress (CelModel     *self,
                        guint64      *done,
                        guint64      *goal,
                        const char  **what)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);
  guint64 d = 0, g = 0;
  const char *w = NULL;
  gboolean has;

  has = klass->get_progress != NULL && klass->get_progress (self, &d, &g, &w);
  if (!has)
    {
      d = 0;
      g = 0;
      w = NULL;
    }
  if (done)
    *done = d;
  if (goal)
    *goal = g;
  if (what)
    *what = w;
  return has;
}

gboolean
cel_model_can_paint (CelModel *self)
{
  return CEL_MODEL_GET_CLASS (self)->paint_cells != NULL;
}

void
cel_model_release_brush (CelModel *self)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);

  if (klass->release_brush)
    klass->release_brush (self);
}

gboolean
cel_model_paint_cells (CelModel      *self,
                       const CelCell *cells,
                       gsize          n_cells,
                       GArray        *undo)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);

  if (klass->paint_cells == NULL)
    return FALSE;
  klass->paint_cells (self, cells, n_cells, undo);
  return TRUE;
}

gboolean
cel_model_paint (CelModel        *self,
                 const CelStroke *stroke,
                 GArray          *undo)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);
  g_autoptr (GArray) cells = NULL;
  guint w, h;

  if (!cel_model_can_paint (self))
    return FALSE;
  cel_model_get_size (self, &w, &h);
  cells = g_array_new (FALSE, FALSE, sizeof (CelCell));
  cel_stroke_rasterize (stroke, w, h, &priv->rng, cells);
  return cel_model_paint_cells (self, (const CelCell *) cells->data, cells->len, undo);
}

gboolean
cel_model_place_pattern (CelModel          *self,
                         const CelPattern  *pattern,
                         gint               x,
                         gint               y,
                         GArray            *undo,
                         GError           **error)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);

  if (klass->place_pattern == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("Patterns cannot be placed in a “%s” model"), cel_model_get_id (self));
      return FALSE;
    }
  return klass->place_pattern (self, pattern, x, y, undo, error);
}

guint
cel_model_get_n_fields (CelModel *self)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);

  return klass->get_n_fields ? klass->get_n_fields (self) : 0;
}

const CelFieldInfo *
cel_model_get_field_info (CelModel *self, guint index)
{
  g_return_val_if_fail (index < cel_model_get_n_fields (self), NULL);
  return CEL_MODEL_GET_CLASS (self)->get_field_info (self, index);
}

CelFrame *
cel_model_render_field (CelModel *self, guint index, const CelRect *region)
{
  g_return_val_if_fail (index < cel_model_get_n_fields (self), NULL);
  return CEL_MODEL_GET_CLASS (self)->render_field (self, index, region);
}

CelSeries *
cel_model_add_series (CelModel *self, const CelSeriesInfo *info)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);
  CelSeries *series = cel_series_new (info, SERIES_CAPACITY);

  g_ptr_array_add (priv->series, series);
  return series;
}

GPtrArray *
cel_model_get_series (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  return priv->series;
}

CelSeries *
cel_model_find_series (CelModel *self, const char *id)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);

  for (guint i = 0; i < priv->series->len; i++)
    {
      CelSeries *s = g_ptr_array_index (priv->series, i);
      if (g_strcmp0 (cel_series_get_info (s)->id, id) == 0)
        return s;
    }
  return NULL;
}

/* State --------------------------------------------------------------- */

static JsonNode *
series_to_json (CelSeries *series)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint n;
  const CelPoint2 *points = cel_series_get_points (series, &n);
  g_autofree char *blob = cel_blob_encode (points, sizeof (CelPoint2) * n);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "stride");
  json_builder_add_int_value (b, (gint64) cel_series_get_stride (series));
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, (gint64) cel_series_get_total (series));
  json_builder_set_member_name (b, "points");
  json_builder_add_string_value (b, blob);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cel_model_save_state (CelModel *self)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *rng = cel_blob_encode (priv->rng.s, sizeof priv->rng.s);
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, priv->seed);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seed");
  json_builder_add_string_value (b, seed);
  json_builder_set_member_name (b, "rng");
  json_builder_add_string_value (b, rng);
  json_builder_set_member_name (b, "step");
  json_builder_add_int_value (b, (gint64) priv->step);
  json_builder_set_member_name (b, "series");
  json_builder_begin_object (b);
  for (guint i = 0; i < priv->series->len; i++)
    {
      CelSeries *s = g_ptr_array_index (priv->series, i);
      json_builder_set_member_name (b, cel_series_get_info (s)->id);
      json_builder_add_value (b, series_to_json (s));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_value (b, CEL_MODEL_GET_CLASS (self)->save_state (self));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
series_from_json (CelSeries *series, JsonObject *obj, GError **error)
{
  gint64 n, stride, total;
  const char *points;
  g_autofree guint8 *data = NULL;

  if (!cel_json_get_int (obj, "n", 0, cel_series_get_capacity (series), &n, error)
      || !cel_json_get_int (obj, "stride", 1, G_MAXINT64, &stride, error)
      || !cel_json_get_int (obj, "total", n, G_MAXINT64, &total, error)
      || !cel_json_get_string (obj, "points", &points, error))
    return FALSE;
  data = cel_blob_decode (points, sizeof (CelPoint2) * (gsize) n, "points", error);
  if (data == NULL)
    return FALSE;
  cel_series_restore (series, (const CelPoint2 *) data, (guint) n, (guint64) stride, (guint64) total);
  return TRUE;
}

gboolean
cel_model_load_state (CelModel    *self,
                      JsonObject  *state,
                      GError     **error)
{
  CelModelPrivate *priv = cel_model_get_instance_private (self);
  const char *seed_text, *rng_text;
  gint64 step;
  guint64 seed;
  char *end = NULL;
  JsonObject *series, *model;
  g_autofree guint8 *rng = NULL;

  if (!cel_json_get_string (state, "seed", &seed_text, error)
      || !cel_json_get_string (state, "rng", &rng_text, error)
      || !cel_json_get_int (state, "step", 0, G_MAXINT64, &step, error)
      || !cel_json_get_object (state, "series", &series, error)
      || !cel_json_get_object (state, "model", &model, error))
    return FALSE;
  seed = g_ascii_strtoull (seed_text, &end, 10);
  if (*seed_text == '\0' || *seed_text == '-' || *end != '\0')
    return cel_json_error (error, "seed", _("not a non-negative whole number"));
  if (seed != priv->seed)
    return cel_json_error (error, "seed", _("does not match the seed parameter"));
  rng = cel_blob_decode (rng_text, sizeof priv->rng.s, "rng", error);
  if (rng == NULL)
    return FALSE;
  if (!CEL_MODEL_GET_CLASS (self)->load_state (self, model, error))
    {
      g_prefix_error (error, "model: ");
      return FALSE;
    }
  for (guint i = 0; i < priv->series->len; i++)
    {
      CelSeries *s = g_ptr_array_index (priv->series, i);
      const char *id = cel_series_get_info (s)->id;
      JsonObject *obj;

      if (!json_object_has_member (series, id))
        {
          cel_series_clear (s);
          continue;
        }
      if (!cel_json_get_object (series, id, &obj, error) || !series_from_json (s, obj, error))
        {
          g_prefix_error (error, "series.%s.", id);
          return FALSE;
        }
    }
  memcpy (priv->rng.s, rng, sizeof priv->rng.s);
  priv->step = (guint64) step;
  return TRUE;
}

CelModel *
cel_model_copy (CelModel *self, GError **error)
{
  g_autoptr (CelModel) copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  g_autoptr (JsonNode) state = NULL;
  guint n;
  g_autofree GParamSpec **params = cel_model_list_params (self, &n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = cel_model_get_param_string (self, params[i]->name);
      if (!cel_model_set_param_string (copy, params[i]->name, value, error))
        return NULL;
    }
  cel_model_reset (copy);
  state = cel_model_save_state (self);
  if (!cel_model_load_state (copy, json_node_get_object (state), error))
    return NULL;
  return g_steal_pointer (&copy);
}
