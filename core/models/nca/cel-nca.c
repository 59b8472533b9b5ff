/* cel-nca.c — the neural cellular automaton model: parameters, growth,
 * training iterations, painting, views and state around the network
 * (cel-nca-net.c) and its trainer (cel-nca-train.c). See cel-nca.h. */
#include "models/nca/cel-nca.h"

#include <math.h>
#include <string.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-json.h"
#include "models/nca/cel-nca-target.h"
#include "models/nca/cel-nca-train.h"

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

/* A fresh model's target: the lizard of "Growing Neural Cellular Automata"
 * (U+1F98E), padded by 2/9 of the grid as the paper's 40-cell target in its
 * 72-cell grid (and as the window's emoji dialog pads). */
#define DEFAULT_TARGET_EMOJI "\U0001F98E"

/* Undo entries: the layer, then the cell's values. */
#define LAYER_CREATURE 0.0f
#define LAYER_TARGET 1.0f

struct _CelNca
{
  CelModel       parent_instance;

  /* Parameters. */
  guint          channels, hidden;
  gboolean       laplacian;
  guint          width, height;
  gint           boundary;
  double         alive_threshold;
  double         fire_rate;
  gboolean       frozen;
  gint           activity;
  gint           training_mode;
  guint          pool_size, batch, steps_min, steps_max;
  double         learning_rate, learning_rate_final;
  guint          iterations;
  gint           show;
  gint           paint;

  /* State. */
  CelNcaTrainer  trainer;          /* the network, its optimiser, target and pool */
  guint64        weights_seed;     /* the seed the network was initialised from */
  CelNcaWork    *work;             /* one grid */
  float         *grid;             /* the shown grid, cells × channels */
  GArray        *undo_store;       /* of float: entries of 1 + MAX (channels, 4) */
  guint64        undo_base;        /* number of the store's first entry */
  CelSeries     *loss;
  CelSeries     *difference;
};

G_DEFINE_FINAL_TYPE (CelNca, cel_nca, CEL_TYPE_MODEL)

enum {
  PROP_0,
  PROP_CHANNELS,
  PROP_HIDDEN,
  PROP_LAPLACIAN,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_BOUNDARY,
  PROP_ALIVE_THRESHOLD,
  PROP_FIRE_RATE,
  PROP_FROZEN,
  PROP_ACTIVITY,
  PROP_TRAINING_MODE,
  PROP_POOL_SIZE,
  PROP_BATCH,
  PROP_STEPS_MIN,
  PROP_STEPS_MAX,
  PROP_LEARNING_RATE,
  PROP_LEARNING_RATE_FINAL,
  PROP_ITERATIONS,
  PROP_SHOW,
  PROP_PAINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CelSeriesInfo loss_info = {
  "loss", N_("Loss"), "loss", CEL_PLOT_LINE, TRUE
};
static const CelSeriesInfo difference_info = {
  "difference", N_("Difference from the target image"), "difference", CEL_PLOT_LINE, TRUE
};

static const CelFieldInfo field_infos[] = {
  { "state", N_("Creature"), CEL_FIELD_RGBA, 0, 0, 0, NULL },
  { "target", N_("Target image"), CEL_FIELD_RGBA, 0, 0, 0, NULL },
};

GType
cel_nca_boundary_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_NCA_BOUNDARY_ZERO, N_("Zero"), "zero" },
    { CEL_NCA_BOUNDARY_TORUS, N_("Torus"), "torus" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelNcaBoundary", values);
}

GType
cel_nca_activity_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_NCA_ACTIVITY_GROW, N_("Grow"), "grow" },
    { CEL_NCA_ACTIVITY_TRAIN, N_("Train"), "train" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelNcaActivity", values);
}

GType
cel_nca_training_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_NCA_MODE_GROWING, N_("Growing"), "growing" },
    { CEL_NCA_MODE_PERSISTENT, N_("Persistent"), "persistent" },
    { CEL_NCA_MODE_REGENERATING, N_("Regenerating"), "regenerating" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelNcaTrainingMode", values);
}

GType
cel_nca_show_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_NCA_SHOW_GROWTH, N_("Growth from the seed"), "growth" },
    { CEL_NCA_SHOW_POOL, N_("A pool sample"), "pool" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelNcaShow", values);
}

GType
cel_nca_paint_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CEL_NCA_PAINT_CREATURE, N_("Creature"), "creature" },
    { CEL_NCA_PAINT_TARGET, N_("Target image"), "target" },
    { 0, NULL, NULL }
  };

  return cel_param_register_enum (&type, "CelNcaPaint", values);
}

/* Network ------------------------------------------------------------------ */

static void
config_from_params (CelNca *self, CelNcaConfig *config)
{
  *config = (CelNcaConfig) {
    .channels = self->channels,
    .hidden = self->hidden,
    .laplacian = self->laplacian,
    .torus = self->boundary == CEL_NCA_BOUNDARY_TORUS,
    .width = self->width,
    .height = self->height,
    .alive_threshold = self->alive_threshold,
    .fire_rate = self->fire_rate,
  };
}

static gboolean
same_architecture (const CelNcaConfig *a, const CelNcaConfig *b)
{
  return a->channels == b->channels && a->hidden == b->hidden && a->laplacian == b->laplacian
         && a->torus == b->torus && a->width == b->width && a->height == b->height;
}

static void
train_config (CelNca *self, CelNcaTrainConfig *tc)
{
  *tc = (CelNcaTrainConfig) {
    .mode = (CelNcaMode) self->training_mode,
    .pool_size = self->pool_size,
    .batch = self->batch,
    .steps_min = self->steps_min,
    .steps_max = self->steps_max,
    .learning_rate = self->learning_rate,
    .learning_rate_final = self->learning_rate_final,
    .decay_iterations = self->iterations,
  };
}

/* The live parameters into the network's configuration. */
static void
apply_live (CelNca *self)
{
  self->trainer.net.config.fire_rate = self->fire_rate;
  self->trainer.net.config.alive_threshold = self->alive_threshold;
}

static gsize
grid_values (CelNca *self)
{
  return cel_nca_config_cells (&self->trainer.net.config) * self->trainer.net.config.channels;
}

static guint
undo_stride (CelNca *self)
{
  return 1 + MAX (self->trainer.net.config.channels, 4);
}

/* Forgets the saved cells; their numbers are not reused, so older undo
 * cells are ignored rather than misapplied. */
static void
clear_undo (CelNca *self)
{
  self->undo_base += self->undo_store->len / undo_stride (self);
  g_array_set_size (self->undo_store, 0);
}

/* Allocates the shown grid and the growth work for the network's size. */
static void
rebuild_grid (CelNca *self)
{
  g_clear_pointer (&self->work, cel_nca_work_free);
  self->work = cel_nca_work_new (&self->trainer.net, 1);
  g_free (self->grid);
  self->grid = g_new (float, grid_values (self));
  cel_nca_seed_grid (&self->trainer.net.config, self->grid);
}

/* Replaces the target with the default lizard at the grid's size. Without
 * the emoji font the target stays transparent (and training has nothing to
 * grow towards until one is painted or loaded). */
static void
default_target (CelNca *self)
{
  const CelNcaConfig *config = &self->trainer.net.config;
  guint padding = MIN (config->width, config->height) * 2 / 9;
  g_autoptr (GError) error = NULL;
  float *target = cel_nca_target_from_emoji (DEFAULT_TARGET_EMOJI, config->width, config->height,
                                             padding, &error);

  if (target == NULL)
    {
      g_debug ("nca: no default target: %s", error->message);
      return;
    }
  g_free (self->trainer.target);
  self->trainer.target = target;
}

static void
cel_nca_reset (CelModel *model)
{
  CelNca *self = CEL_NCA (model);
  CelNcaConfig config;
  guint64 seed = cel_model_get_seed (model);

  clear_undo (self);
  config_from_params (self, &config);
  if (!same_architecture (&config, &self->trainer.net.config) || seed != self->weights_seed)
    {
      gboolean keep_target = config.width == self->trainer.net.config.width
                             && config.height == self->trainer.net.config.height;
      g_autofree float *target = keep_target ? g_steal_pointer (&self->trainer.target) : NULL;
      CelRng init;

      cel_rng_seed (&init, seed);
      cel_nca_trainer_clear (&self->trainer);
      cel_nca_trainer_init (&self->trainer, &config, &init);
      if (target != NULL)
        {
          g_free (self->trainer.target);
          self->trainer.target = g_steal_pointer (&target);
        }
      else
        default_target (self);
      self->weights_seed = seed;
    }
  cel_nca_trainer_clear_pool (&self->trainer);
  apply_live (self);
  rebuild_grid (self);
}

/* Regrows the shown grid from the seed with the current weights, with a
 * generator of its own so that training does not depend on the display. */
static void
regrow (CelNca *self)
{
  CelRng rng;

  cel_rng_seed (&rng, cel_model_get_seed (CEL_MODEL (self)) ^ (self->trainer.iteration * 0x9E3779B97F4A7C15u));
  cel_nca_seed_grid (&self->trainer.net.config, self->grid);
  for (guint t = 0; t < self->steps_max; t++)
    cel_nca_net_step (&self->trainer.net, self->work, 1, self->grid, &rng);
}

/* The growing creature's mean square difference from the target image over
 * the RGBA of every cell: the training loss of this one grid. */
static double
target_difference (CelNca *self)
{
  const CelNcaConfig *config = &self->trainer.net.config;
  gsize cells = cel_nca_config_cells (config);
  double sum = 0.0;

  for (gsize c = 0; c < cells; c++)
    for (guint k = 0; k < 4; k++)
      {
        double d = (double) self->grid[c * config->channels + k] - self->trainer.target[c * 4 + k];

        sum += d * d;
      }
  return sum / (cells * 4.0);
}

static guint64
cel_nca_step (CelModel      *model,
              guint64        n,
              GCancellable  *cancellable,
              GError       **error)
{
  CelNca *self = CEL_NCA (model);
  CelRng *rng = cel_model_get_rng (model);
  guint64 done;

  apply_live (self);
  if (self->activity == CEL_NCA_ACTIVITY_GROW)
    {
      /* A frozen creature cannot advance: no steps, so a runner pauses
       * rather than spinning through empty ones. */
      if (self->frozen)
        return 0;
      for (done = 0; done < n; done++)
        {
          if (done % 16 == 0 && g_cancellable_is_cancelled (cancellable))
            break;
          cel_nca_net_step (&self->trainer.net, self->work, 1, self->grid, rng);
          cel_series_append (self->difference, (double) (cel_model_get_step (model) + done + 1),
                             target_difference (self));
        }
      return done;
    }

  for (done = 0; done < n; done++)
    {
      CelNcaTrainConfig tc;
      double loss;

      if (self->trainer.iteration >= self->iterations || g_cancellable_is_cancelled (cancellable))
        break;
      train_config (self, &tc);
      if (!cel_nca_trainer_iterate (&self->trainer, &tc, rng, &loss, error))
        break;
      cel_series_append (self->loss, (double) self->trainer.iteration, loss);
      if (self->show == CEL_NCA_SHOW_POOL)
        memcpy (self->grid, self->trainer.states, grid_values (self) * sizeof (float));
      else
        regrow (self);
    }
  return done;
}

static gboolean
cel_nca_validate_param (CelModel      *model,
                        GParamSpec    *pspec,
                        const GValue  *value,
                        GError       **error)
{
  CelNca *self = CEL_NCA (model);

  if (pspec == properties[PROP_STEPS_MIN] && g_value_get_uint (value) > self->steps_max)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("steps-min: %u is more than steps-max (%u)"), g_value_get_uint (value),
                   self->steps_max);
      return FALSE;
    }
  if (pspec == properties[PROP_STEPS_MAX] && g_value_get_uint (value) < self->steps_min)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("steps-max: %u is less than steps-min (%u)"), g_value_get_uint (value),
                   self->steps_min);
      return FALSE;
    }
  return TRUE;
}

static void
cel_nca_get_size (CelModel *model, guint *width, guint *height)
{
  CelNca *self = CEL_NCA (model);

  *width = self->trainer.net.config.width;
  *height = self->trainer.net.config.height;
}

/* Painting ---------------------------------------------------------------- */

static void
save_undo (CelNca *self, GArray *undo, GHashTable *recorded, gint32 x, gint32 y, float layer)
{
  const CelNcaConfig *config = &self->trainer.net.config;
  gsize i = (gsize) y * config->width + (guint) x;
  guint stride = undo_stride (self), n;
  gpointer key = GSIZE_TO_POINTER ((i << 1 | (layer == LAYER_TARGET)) + 1);
  CelCell previous;
  float entry[1 + MAX (CEL_NCA_MAX_CHANNELS, 4)] = { 0 };

  if (undo == NULL || g_hash_table_contains (recorded, key))
    return;
  g_hash_table_add (recorded, key);
  entry[0] = layer;
  if (layer == LAYER_TARGET)
    memcpy (entry + 1, self->trainer.target + i * 4, 4 * sizeof (float));
  else
    memcpy (entry + 1, self->grid + i * config->channels, config->channels * sizeof (float));
  n = self->undo_base + self->undo_store->len / stride;
  g_array_append_vals (self->undo_store, entry, stride);
  previous = (CelCell) { x, y, -(float) n - 1 };
  g_array_append_val (undo, previous);
}

static void
restore_undo (CelNca *self, gsize i, float value)
{
  const CelNcaConfig *config = &self->trainer.net.config;
  guint stride = undo_stride (self);
  double index = -(double) value - 1 - (double) self->undo_base;
  const float *entry;

  if (index < 0 || index >= (double) (self->undo_store->len / stride) || index != floor (index))
    return;
  entry = &g_array_index (self->undo_store, float, (gsize) index * stride);
  if (entry[0] == LAYER_TARGET)
    memcpy (self->trainer.target + i * 4, entry + 1, 4 * sizeof (float));
  else
    memcpy (self->grid + i * config->channels, entry + 1, config->channels * sizeof (float));
}

static void
cel_nca_paint_cells (CelModel      *model,
                     const CelCell *cells,
                     gsize          n_cells,
                     GArray        *undo)
{
  CelNca *self = CEL_NCA (model);
  const CelNcaConfig *config = &self->trainer.net.config;
  g_autoptr (GHashTable) recorded = undo ? g_hash_table_new (NULL, NULL) : NULL;
  float layer = self->paint == CEL_NCA_PAINT_TARGET ? LAYER_TARGET : LAYER_CREATURE;

  for (gsize c = 0; c < n_cells; c++)
    {
      gint32 x = cells[c].x, y = cells[c].y;
      float v = cells[c].value;
      gsize i;

      if (x < 0 || y < 0 || (guint) x >= config->width || (guint) y >= config->height
          || !isfinite (v))
        continue;
      i = (gsize) y * config->width + (guint) x;
      if (v < 0)
        {
          restore_undo (self, i, v);
          continue;
        }
      save_undo (self, undo, recorded, x, y, layer);
      if (layer == LAYER_TARGET)
        {
          float *t = self->trainer.target + i * 4;

          if (v > 0 && v <= 16777216.0f)
            {
              guint32 rgb = (guint32) v - 1;

              t[0] = ((rgb >> 16) & 0xff) / 255.0f;
              t[1] = ((rgb >> 8) & 0xff) / 255.0f;
              t[2] = (rgb & 0xff) / 255.0f;
              t[3] = 1.0f;
            }
          else if (v == 0)
            memset (t, 0, 4 * sizeof (float));
        }
      else if (v > 0)
        cel_nca_seed (config, self->grid, (guint) x, (guint) y);
      else
        memset (self->grid + i * config->channels, 0, config->channels * sizeof (float));
    }
}

/* Views ---------------------------------------------------------------------- */

static guint
cel_nca_get_n_fields (CelModel *model)
{
  return G_N_ELEMENTS (field_infos);
}

static const CelFieldInfo *
cel_nca_get_field_info (CelModel *model, guint index)
{
  return &field_infos[MIN (index, G_N_ELEMENTS (field_infos) - 1)];
}

static guint8
to_byte (double v)
{
  return (guint8) lround (CLAMP (v, 0.0, 1.0) * 255.0);
}

static CelFrame *
cel_nca_render_field (CelModel *model, guint index, const CelRect *region)
{
  CelNca *self = CEL_NCA (model);
  const CelNcaConfig *config = &self->trainer.net.config;
  gint64 x0 = 0, y0 = 0, x1 = config->width, y1 = config->height;
  const float *values = index == 1 ? self->trainer.target : self->grid;
  guint stride = index == 1 ? 4 : config->channels;
  CelFrame *frame;

  if (region != NULL)
    {
      x0 = CLAMP ((gint64) region->x, 0, x1);
      y0 = CLAMP ((gint64) region->y, 0, y1);
      x1 = CLAMP ((gint64) region->x + region->width, x0, x1);
      y1 = CLAMP ((gint64) region->y + region->height, y0, y1);
    }
  frame = cel_frame_new (CEL_FIELD_RGBA, (guint) (x1 - x0), (guint) (y1 - y0));
  frame->x = (int) x0;
  frame->y = (int) y0;
  for (gint64 y = y0; y < y1; y++)
    {
      guint8 *out = frame->data + (gsize) (y - y0) * frame->stride;

      for (gint64 x = x0; x < x1; x++)
        {
          const float *v = values + ((gsize) y * config->width + (gsize) x) * stride;
          double a = CLAMP ((double) v[3], 0.0, 1.0);
          guint8 *px = out + (x - x0) * 4;

          /* Premultiplied to straight alpha. */
          for (guint ch = 0; ch < 3; ch++)
            px[ch] = a > 0 ? to_byte (CLAMP ((double) v[ch], 0.0, a) / a) : 0;
          px[3] = to_byte (a);
        }
    }
  return frame;
}

static gboolean
cel_nca_get_progress (CelModel     *model,
                      guint64      *done,
                      guint64      *goal,
                      const char  **what)
{
  CelNca *self = CEL_NCA (model);

  if (self->activity != CEL_NCA_ACTIVITY_TRAIN)
    return FALSE;
  *done = self->trainer.iteration;
  *goal = self->iterations;
  *what = N_("Training iterations");
  return TRUE;
}

/* State ------------------------------------------------------------------------ */

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_floats (JsonBuilder *b, const char *member, const float *values, gsize n)
{
  g_autofree char *text = cel_blob_encode_words (values, n, sizeof (float));

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, text);
}

static JsonNode *
cel_nca_save_state (CelModel *model)
{
  CelNca *self = CEL_NCA (model);
  const CelNcaConfig *config = &self->trainer.net.config;
  gsize n = self->trainer.net.n_params;
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "channels", config->channels);
  add_int (b, "hidden", config->hidden);
  add_int (b, "width", config->width);
  add_int (b, "height", config->height);
  json_builder_set_member_name (b, "laplacian");
  json_builder_add_boolean_value (b, config->laplacian);
  json_builder_set_member_name (b, "torus");
  json_builder_add_boolean_value (b, config->torus);
  add_int (b, "iteration", (gint64) self->trainer.iteration);
  add_floats (b, "weights", self->trainer.net.params, n);
  add_floats (b, "adam-m", self->trainer.adam_m, n);
  add_floats (b, "adam-v", self->trainer.adam_v, n);
  add_floats (b, "target", self->trainer.target, cel_nca_config_cells (config) * 4);
  add_floats (b, "grid", self->grid, grid_values (self));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
check_arch (JsonObject *state, const char *member, gint64 expected, GError **error)
{
  gint64 value;

  if (!cel_json_get_int (state, member, 0, G_MAXINT32, &value, error))
    return FALSE;
  if (value != expected)
    return cel_json_error (error, member, _("does not match the parameters"));
  return TRUE;
}

static gboolean
check_flag (JsonObject *state, const char *member, gboolean expected, GError **error)
{
  gboolean value;

  if (!cel_json_get_bool (state, member, &value, error))
    return FALSE;
  if (!value != !expected)
    return cel_json_error (error, member, _("does not match the parameters"));
  return TRUE;
}

static gboolean
cel_nca_load_state (CelModel    *model,
                    JsonObject  *state,
                    GError     **error)
{
  CelNca *self = CEL_NCA (model);
  const CelNcaConfig *config = &self->trainer.net.config;
  gsize n = self->trainer.net.n_params, cells = cel_nca_config_cells (config);
  gint64 iteration;
  g_autofree float *weights = NULL;
  g_autofree float *m = NULL;
  g_autofree float *v = NULL;
  g_autofree float *target = NULL;
  g_autofree float *grid = NULL;

  if (!check_arch (state, "channels", config->channels, error)
      || !check_arch (state, "hidden", config->hidden, error)
      || !check_arch (state, "width", config->width, error)
      || !check_arch (state, "height", config->height, error)
      || !check_flag (state, "laplacian", config->laplacian, error)
      || !check_flag (state, "torus", config->torus, error)
      || !cel_json_get_int (state, "iteration", 0, G_MAXINT64, &iteration, error)
      || (weights = cel_json_get_floats (state, "weights", n, error)) == NULL
      || (m = cel_json_get_floats (state, "adam-m", n, error)) == NULL
      || (v = cel_json_get_floats (state, "adam-v", n, error)) == NULL
      || (target = cel_json_get_floats (state, "target", cells * 4, error)) == NULL
      || (grid = cel_json_get_floats (state, "grid", grid_values (self), error)) == NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (v[i] < 0)
      return cel_json_error (error, "adam-v", _("holds a negative value"));

  memcpy (self->trainer.net.params, weights, n * sizeof (float));
  memcpy (self->trainer.adam_m, m, n * sizeof (float));
  memcpy (self->trainer.adam_v, v, n * sizeof (float));
  memcpy (self->trainer.target, target, cells * 4 * sizeof (float));
  memcpy (self->grid, grid, grid_values (self) * sizeof (float));
  self->trainer.iteration = (guint64) iteration;
  self->trainer.has_good = FALSE;
  self->weights_seed = cel_model_get_seed (model);
  cel_nca_trainer_clear_pool (&self->trainer);
  clear_undo (self);
  return TRUE;
}

/* Public ------------------------------------------------------------------- */

gboolean
cel_nca_set_target (CelNca       *self,
                    guint         width,
                    guint         height,
                    const float  *rgba_premultiplied,
                    GError      **error)
{
  const CelNcaConfig *config;
  gsize n;

  g_return_val_if_fail (CEL_IS_NCA (self), FALSE);
  config = &self->trainer.net.config;
  if (width != config->width || height != config->height)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The target is %u×%u cells but the grid is %u×%u"),
                   width, height, config->width, config->height);
      return FALSE;
    }
  n = cel_nca_config_cells (config) * 4;
  for (gsize i = 0; i < n; i++)
    if (!(rgba_premultiplied[i] >= 0.0f && rgba_premultiplied[i] <= 1.0f))
      {
        g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                     _("The target holds a value outside 0 … 1"));
        return FALSE;
      }
  memcpy (self->trainer.target, rgba_premultiplied, n * sizeof (float));
  cel_nca_trainer_clear_pool (&self->trainer);
  return TRUE;
}

const float *
cel_nca_get_target (CelNca *self,
                    guint  *width,
                    guint  *height)
{
  g_return_val_if_fail (CEL_IS_NCA (self), NULL);
  if (width != NULL)
    *width = self->trainer.net.config.width;
  if (height != NULL)
    *height = self->trainer.net.config.height;
  return self->trainer.target;
}

const CelNcaNet *
cel_nca_get_net (CelNca *self)
{
  g_return_val_if_fail (CEL_IS_NCA (self), NULL);
  return &self->trainer.net;
}

guint64
cel_nca_get_iteration (CelNca *self)
{
  g_return_val_if_fail (CEL_IS_NCA (self), 0);
  return self->trainer.iteration;
}

/* GObject ------------------------------------------------------------------ */

static void
cel_nca_finalize (GObject *object)
{
  CelNca *self = CEL_NCA (object);

  cel_nca_trainer_clear (&self->trainer);
  cel_nca_work_free (self->work);
  g_free (self->grid);
  g_array_unref (self->undo_store);
  G_OBJECT_CLASS (cel_nca_parent_class)->finalize (object);
}

static gpointer
field_of (CelNca *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_CHANNELS: return &self->channels;
    case PROP_HIDDEN: return &self->hidden;
    case PROP_LAPLACIAN: return &self->laplacian;
    case PROP_WIDTH: return &self->width;
    case PROP_HEIGHT: return &self->height;
    case PROP_BOUNDARY: return &self->boundary;
    case PROP_ALIVE_THRESHOLD: return &self->alive_threshold;
    case PROP_FIRE_RATE: return &self->fire_rate;
    case PROP_FROZEN: return &self->frozen;
    case PROP_ACTIVITY: return &self->activity;
    case PROP_TRAINING_MODE: return &self->training_mode;
    case PROP_POOL_SIZE: return &self->pool_size;
    case PROP_BATCH: return &self->batch;
    case PROP_STEPS_MIN: return &self->steps_min;
    case PROP_STEPS_MAX: return &self->steps_max;
    case PROP_LEARNING_RATE: return &self->learning_rate;
    case PROP_LEARNING_RATE_FINAL: return &self->learning_rate_final;
    case PROP_ITERATIONS: return &self->iterations;
    case PROP_SHOW: return &self->show;
    case PROP_PAINT: return &self->paint;
    default: return NULL;
    }
}

static void
cel_nca_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  cel_param_get_property (object, prop_id, field_of (CEL_NCA (object), prop_id), value, pspec);
}

static void
cel_nca_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  cel_param_set_property (object, prop_id, field_of (CEL_NCA (object), prop_id), value, pspec);
}

static GParamSpec *
param_boolean (const char *name, const char *label, const char *blurb, gboolean value,
               const char *group, CelParamFlags flags)
{
  return cel_param_meta (g_param_spec_boolean (name, label, blurb, value, PARAM_FLAGS),
                         group, NULL, flags);
}

static void
cel_nca_class_init (CelNcaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);

  object_class->finalize = cel_nca_finalize;
  object_class->get_property = cel_nca_get_property;
  object_class->set_property = cel_nca_set_property;

  model_class->reset = cel_nca_reset;
  model_class->step = cel_nca_step;
  model_class->validate_param = cel_nca_validate_param;
  model_class->get_size = cel_nca_get_size;
  model_class->paint_cells = cel_nca_paint_cells;
  model_class->get_n_fields = cel_nca_get_n_fields;
  model_class->get_field_info = cel_nca_get_field_info;
  model_class->render_field = cel_nca_render_field;
  model_class->get_progress = cel_nca_get_progress;
  model_class->save_state = cel_nca_save_state;
  model_class->load_state = cel_nca_load_state;

  properties[PROP_CHANNELS] =
    cel_param_uint ("channels", N_("Channels"),
                    N_("State channels per cell: RGBA and the hidden ones"),
                    CEL_NCA_MIN_CHANNELS, CEL_NCA_MAX_CHANNELS, 16, N_("Architecture"), NULL,
                    CEL_PARAM_NEEDS_RESET);
  properties[PROP_HIDDEN] =
    cel_param_uint ("hidden", N_("Hidden units"), N_("Width of the hidden layer of the cell network"),
                    1, CEL_NCA_MAX_HIDDEN, 128, N_("Architecture"), NULL, CEL_PARAM_NEEDS_RESET);
  properties[PROP_LAPLACIAN] =
    param_boolean ("laplacian", N_("Laplacian"),
                   N_("Cells also perceive the Laplacian of each channel, besides its Sobel gradients"),
                   FALSE, N_("Architecture"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_WIDTH] =
    cel_param_uint ("width", N_("Width"), N_("Grid width: the target plus padding"),
                    8, CEL_NCA_MAX_SIZE, 72, N_("Architecture"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_HEIGHT] =
    cel_param_uint ("height", N_("Height"), N_("Grid height: the target plus padding"),
                    8, CEL_NCA_MAX_SIZE, 72, N_("Architecture"), N_("cells"), CEL_PARAM_NEEDS_RESET);
  properties[PROP_BOUNDARY] =
    cel_param_enum ("boundary", N_("Boundary"),
                    N_("Cells beyond the edge read as empty, or the grid wraps round as a torus"),
                    CEL_TYPE_NCA_BOUNDARY, CEL_NCA_BOUNDARY_ZERO, N_("Architecture"),
                    CEL_PARAM_NEEDS_RESET);
  properties[PROP_ALIVE_THRESHOLD] =
    cel_param_double ("alive-threshold", N_("Alive threshold"),
                      N_("A cell lives while the largest alpha in its 3×3 neighbourhood exceeds this"),
                      0.0, 1.0, 0.1, N_("Architecture"), NULL, CEL_PARAM_NONE);
  properties[PROP_FIRE_RATE] =
    cel_param_double ("fire-rate", N_("Fire rate"),
                      N_("Probability that a cell updates in a step"),
                      0.0, 1.0, 0.5, N_("Growth"), NULL, CEL_PARAM_NONE);
  properties[PROP_FROZEN] =
    param_boolean ("frozen", N_("Frozen"), N_("Hold the creature still: no updates while set, and running pauses"),
                   FALSE, N_("Growth"), CEL_PARAM_NONE);
  properties[PROP_ACTIVITY] =
    cel_param_enum ("activity", N_("Activity"),
                    N_("Grow the creature a step at a time, or train the network an iteration at a time"),
                    CEL_TYPE_NCA_ACTIVITY, CEL_NCA_ACTIVITY_GROW, N_("Growth"), CEL_PARAM_NONE);
  properties[PROP_TRAINING_MODE] =
    cel_param_enum ("training-mode", N_("Training mode"),
                    N_("Grow from the seed every time, keep a pool of grown samples, or also damage "
                       "them so the creature learns to regenerate"),
                    CEL_TYPE_NCA_TRAINING_MODE, CEL_NCA_MODE_REGENERATING, N_("Training"),
                    CEL_PARAM_NONE);
  properties[PROP_POOL_SIZE] =
    cel_param_uint ("pool-size", N_("Pool size"), N_("Grown samples kept to train from"),
                    1, 8192, 1024, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_BATCH] =
    cel_param_uint ("batch", N_("Batch"), N_("Samples grown in each training iteration"),
                    1, 64, 8, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_STEPS_MIN] =
    cel_param_uint ("steps-min", N_("Fewest steps"),
                    N_("Each iteration grows its samples a random number of steps from here…"),
                    1, 1000, 64, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_STEPS_MAX] =
    cel_param_uint ("steps-max", N_("Most steps"), N_("…to here"),
                    1, 1000, 96, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_LEARNING_RATE] =
    cel_param_double ("learning-rate", N_("Learning rate"), N_("Adam’s step size at the start"),
                      1e-6, 1.0, 2e-3, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_LEARNING_RATE_FINAL] =
    cel_param_double ("learning-rate-final", N_("Final learning rate"),
                      N_("The step size decays geometrically to this at the iteration goal"),
                      1e-7, 1.0, 2e-4, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_ITERATIONS] =
    cel_param_uint ("iterations", N_("Iterations"), N_("Training stops after this many iterations"),
                    1, 10000000, 2000, N_("Training"), NULL, CEL_PARAM_NONE);
  properties[PROP_SHOW] =
    cel_param_enum ("show", N_("Show"),
                    N_("While training, show the creature regrown from the seed, or a sample of the batch"),
                    CEL_TYPE_NCA_SHOW, CEL_NCA_SHOW_GROWTH, N_("Display"), CEL_PARAM_NONE);
  properties[PROP_PAINT] =
    cel_param_enum ("paint", N_("Brush paints"),
                    N_("The brush plants seeds and cuts the creature, or paints the target"),
                    CEL_TYPE_NCA_PAINT, CEL_NCA_PAINT_CREATURE, N_("Display"), CEL_PARAM_NONE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cel_nca_init (CelNca *self)
{
  CelModel *model = CEL_MODEL (self);
  CelNcaConfig config;
  CelRng init;

  self->channels = 16;
  self->hidden = 128;
  self->laplacian = FALSE;
  self->width = self->height = 72;
  self->boundary = CEL_NCA_BOUNDARY_ZERO;
  self->alive_threshold = 0.1;
  self->fire_rate = 0.5;
  self->frozen = FALSE;
  self->activity = CEL_NCA_ACTIVITY_GROW;
  self->training_mode = CEL_NCA_MODE_REGENERATING;
  self->pool_size = 1024;
  self->batch = 8;
  self->steps_min = 64;
  self->steps_max = 96;
  self->learning_rate = 2e-3;
  self->learning_rate_final = 2e-4;
  self->iterations = 2000;
  self->show = CEL_NCA_SHOW_GROWTH;
  self->paint = CEL_NCA_PAINT_CREATURE;
  self->undo_store = g_array_new (FALSE, FALSE, sizeof (float));

  self->loss = cel_model_add_series (model, &loss_info);
  self->difference = cel_model_add_series (model, &difference_info);

  /* A usable state before the first cel_model_reset(). */
  self->weights_seed = cel_model_get_seed (model);
  config_from_params (self, &config);
  cel_rng_seed (&init, self->weights_seed);
  cel_nca_trainer_init (&self->trainer, &config, &init);
  default_target (self);
  rebuild_grid (self);
}
