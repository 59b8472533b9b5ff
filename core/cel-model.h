/* cel-model.h — the model contract.
 *
 * Every experiment is a subclass of CelModel registered in cel-registry.c.
 * A model provides:
 *   parameters  GObject properties decorated with cel_param_meta();
 *   reset       (re)build the state from the parameters and the seed;
 *   step        advance n steps, honouring cancellation;
 *   paint       apply brush strokes (cells) and patterns;
 *   views       fields (grids of states, scalars or RGBA) and plot series;
 *   state       save/load everything needed to resume exactly.
 *
 * Threading: a model is not thread safe. One thread owns it (the runner's, or
 * the CLI's); everything else talks to it through CelRunner.
 *
 * Lifecycle: create with cel_model_new(id) (or g_object_new), set parameters,
 * then cel_model_reset(). The base class owns the seed and the random
 * generator (reseeded on every reset, so a reset replays), the step counter
 * and the plot series.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cel-frame.h"
#include "cel-param.h"
#include "cel-rng.h"
#include "cel-series.h"
#include "cel-stroke.h"
#include "formats/cel-pattern.h"

G_BEGIN_DECLS

#define CEL_TYPE_MODEL (cel_model_get_type ())
G_DECLARE_DERIVABLE_TYPE (CelModel, cel_model, CEL, MODEL, GObject)

struct _CelModelClass
{
  GObjectClass parent_class;

  /* Rebuild state from parameters. The base class has already reseeded the
   * generator, zeroed the step counter and cleared the series. Required. */
  void          (*reset)          (CelModel        *self);

  /* Advance up to n steps; return how many were done. Fewer without an
   * error means the model cannot advance further (e.g. a completed sweep;
   * a runner then pauses) or was cancelled. Appends to plot series as it
   * goes. On error (e.g. divergence) set error and return the steps done
   * before it. Required. */
  guint64       (*step)           (CelModel        *self,
                                   guint64          n,
                                   GCancellable    *cancellable,
                                   GError         **error);

  /* Extra validation of a value already of the right type and in range
   * (e.g. rule syntax). Optional. */
  gboolean      (*validate_param) (CelModel        *self,
                                   GParamSpec      *pspec,
                                   const GValue    *value,
                                   GError         **error);

  /* Size of the canvas grid (cells) of the current state. Required. */
  void          (*get_size)       (CelModel        *self,
                                   guint           *width,
                                   guint           *height);

  /* Paint cells of field 0; when undo is non-NULL, append each cell's previous
   * value (CelCell) first, so that painting the undo array back restores it.
   * Optional: models that cannot be painted leave it NULL. */
  void          (*paint_cells)    (CelModel        *self,
                                   const CelCell   *cells,
                                   gsize            n_cells,
                                   GArray          *undo);

  /* The brush was lifted. For models whose brush acts only while it is
   * held (e.g. it injects a stimulus current into the painted cells): stop
   * what the painting since the press started. Such painting changes no
   * state and so appends nothing to undo. Optional. */
  void          (*release_brush)  (CelModel        *self);

  /* Place a pattern with its top-left corner at (x, y) (clipped or wrapped
   * as the topology says). Optional. */
  gboolean      (*place_pattern)  (CelModel        *self,
                                   const CelPattern *pattern,
                                   gint             x,
                                   gint             y,
                                   GArray          *undo,
                                   GError         **error);

  /* The fields the canvas can show; field 0 is the default and the painted one. */
  guint               (*get_n_fields)   (CelModel *self);
  const CelFieldInfo *(*get_field_info) (CelModel *self, guint index);
  /* Render a field, or a region of it (region NULL = whole grid; a region is
   * clipped to the grid). Required when get_n_fields > 0. */
  CelFrame           *(*render_field)   (CelModel *self, guint index, const CelRect *region);

  /* Complete state (beyond parameters, seed, generator, step counter and
   * series, which the base class saves) as a JSON object; and the inverse,
   * which validates everything and names the offending member on error. */
  JsonNode     *(*save_state)     (CelModel        *self);
  gboolean      (*load_state)     (CelModel        *self,
                                   JsonObject      *state,
                                   GError         **error);

  /* The analyses this model offers (cel-analysis.h); a static array. Optional. */
  const struct _CelAnalysisInfo *(*get_analyses) (CelModel *self,
                                                  guint    *n_analyses);

  /* Progress towards a goal the model works to (e.g. training iterations
   * towards an iteration count): how much is done, the goal, and what they
   * count (a static untranslated N_() phrase such as "Training iterations",
   * translated by the reader). FALSE when there is no goal now. Optional. */
  gboolean      (*get_progress)   (CelModel        *self,
                                   guint64         *done,
                                   guint64         *goal,
                                   const char     **what);
};

/* Creates a model by registry id; NULL with CEL_ERROR_UNKNOWN_MODEL otherwise.
 * The model is reset and ready to step. */
CelModel      *cel_model_new              (const char    *id,
                                           GError       **error);
const char    *cel_model_get_id           (CelModel      *self);

/* Parameters. */
GParamSpec   **cel_model_list_params      (CelModel      *self,
                                           guint         *n_params);
GParamSpec    *cel_model_find_param       (CelModel      *self,
                                           const char    *name);
gboolean       cel_model_set_param        (CelModel      *self,
                                           const char    *name,
                                           const GValue  *value,
                                           GError       **error);
gboolean       cel_model_set_param_string (CelModel      *self,
                                           const char    *name,
                                           const char    *text,
                                           GError       **error);
char          *cel_model_get_param_string (CelModel      *self,
                                           const char    *name);
/* Sets every parameter back to its declared default (does not reset). */
void           cel_model_reset_params     (CelModel      *self);

guint64        cel_model_get_seed         (CelModel      *self);
void           cel_model_set_seed         (CelModel      *self,
                                           guint64        seed);
CelRng        *cel_model_get_rng          (CelModel      *self);

/* Life cycle. */
void           cel_model_reset            (CelModel      *self);
guint64        cel_model_step             (CelModel      *self,
                                           guint64        n,
                                           GCancellable  *cancellable,
                                           GError       **error);
guint64        cel_model_get_step         (CelModel      *self);
void           cel_model_get_size         (CelModel      *self,
                                           guint         *width,
                                           guint         *height);

/* Painting. undo (GArray of CelCell) may be NULL. Returns FALSE if the model
 * cannot be painted. */
gboolean       cel_model_paint            (CelModel        *self,
                                           const CelStroke *stroke,
                                           GArray          *undo);
gboolean       cel_model_paint_cells      (CelModel        *self,
                                           const CelCell   *cells,
                                           gsize            n_cells,
                                           GArray          *undo);
gboolean       cel_model_place_pattern    (CelModel         *self,
                                           const CelPattern *pattern,
                                           gint              x,
                                           gint              y,
                                           GArray           *undo,
                                           GError          **error);
gboolean       cel_model_can_paint        (CelModel        *self);
/* The user lifted the brush (see release_brush); nothing for models
 * whose painting lasts. */
void           cel_model_release_brush    (CelModel        *self);

/* Progress towards the model's goal (see get_progress); FALSE, with done
 * and goal 0 and what NULL, for models without one. */
gboolean       cel_model_get_progress     (CelModel        *self,
                                           guint64         *done,
                                           guint64         *goal,
                                           const char     **what);

/* Views. */
guint               cel_model_get_n_fields   (CelModel *self);
const CelFieldInfo *cel_model_get_field_info (CelModel *self, guint index);
CelFrame           *cel_model_render_field   (CelModel *self, guint index, const CelRect *region);

/* Plot series: subclasses add them in their instance init. */
CelSeries     *cel_model_add_series       (CelModel            *self,
                                           const CelSeriesInfo *info);
GPtrArray     *cel_model_get_series       (CelModel      *self); /* of CelSeries*, owned */
CelSeries     *cel_model_find_series      (CelModel      *self,
                                           const char    *id);

/* State (see cel-experiment.h for the file around it). The object holds
 * "seed", "rng", "step", "series" and the subclass's "model" member. */
JsonNode      *cel_model_save_state       (CelModel      *self);
gboolean       cel_model_load_state       (CelModel      *self,
                                           JsonObject    *state,
                                           GError       **error);

/* An independent copy: same parameters and complete state (through the
 * same JSON as experiment files), for analyses and thumbnails. */
CelModel      *cel_model_copy             (CelModel      *self,
                                           GError       **error);

G_END_DECLS
