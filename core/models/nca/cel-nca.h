/* cel-nca.h — neural cellular automata that grow a target image (model id
 * "nca"), after "Growing Neural Cellular Automata" (Mordvintsev, Randazzo,
 * Niklasson & Levin, Distill 2020). The network and its training are in
 * cel-nca-net.h and cel-nca-train.h.
 *
 * Activities: "grow" — each model step is one CA step of the shown grid
 * (unless "frozen"), and the "difference" series gets the grid's mean
 * square difference from the target over RGBA (the training loss of that
 * one grid) at x = step, so that a cut and its regrowth show; "train" —
 * each model step is one training iteration,
 * the "loss" series gets its batch mean loss at x = iteration, and the model
 * stops (returns fewer steps) at the "iterations" goal.
 *
 * Reset puts the shown grid back to one seed in the centre and empties the
 * pool. It keeps the weights, the Adam moments, the iteration count and the
 * target unless the architecture (channels, hidden, laplacian, width,
 * height, boundary) or the seed differs from the one they were made with:
 * then the network is initialised afresh from the seed (and the target is
 * kept if the grid size is unchanged).
 *
 * A new model's target, and the target after a change of grid size, is the
 * lizard emoji U+1F98E (cel_nca_target_from_emoji) with a padding of 2/9
 * of the grid, rounded down (the paper's 40-cell target in its 72-cell
 * grid), or transparent where the emoji font is missing.
 *
 * Fields: "state" (the shown grid's RGBA) and "target". Painting, with
 * paint = creature: a value > 0 plants a seed (alpha and hidden channels 1)
 * in each painted cell, 0 zeroes the cells; with paint = target: v > 0
 * paints the opaque colour 0xRRGGBB = v − 1, 0 makes cells transparent. The
 * undo cells carry negative values that refer to the cells' saved contents
 * (kept until the next reset or load); painting them restores the cells.
 */
#pragma once

#include "cel-model.h"
#include "models/nca/cel-nca-net.h"

G_BEGIN_DECLS

typedef enum {
  CEL_NCA_BOUNDARY_ZERO,
  CEL_NCA_BOUNDARY_TORUS,
} CelNcaBoundary;

typedef enum {
  CEL_NCA_ACTIVITY_GROW,
  CEL_NCA_ACTIVITY_TRAIN,
} CelNcaActivity;

typedef enum {
  CEL_NCA_SHOW_GROWTH,
  CEL_NCA_SHOW_POOL,
} CelNcaShow;

typedef enum {
  CEL_NCA_PAINT_CREATURE,
  CEL_NCA_PAINT_TARGET,
} CelNcaPaint;

#define CEL_TYPE_NCA_BOUNDARY (cel_nca_boundary_get_type ())
#define CEL_TYPE_NCA_ACTIVITY (cel_nca_activity_get_type ())
#define CEL_TYPE_NCA_TRAINING_MODE (cel_nca_training_mode_get_type ())
#define CEL_TYPE_NCA_SHOW (cel_nca_show_get_type ())
#define CEL_TYPE_NCA_PAINT (cel_nca_paint_get_type ())

GType cel_nca_boundary_get_type (void);
GType cel_nca_activity_get_type (void);
GType cel_nca_training_mode_get_type (void);
GType cel_nca_show_get_type (void);
GType cel_nca_paint_get_type (void);

#define CEL_TYPE_NCA (cel_nca_get_type ())
G_DECLARE_FINAL_TYPE (CelNca, cel_nca, CEL, NCA, CelModel)

/* Largest grid side and network sizes accepted. */
#define CEL_NCA_MAX_SIZE 256u
#define CEL_NCA_MAX_CHANNELS 64u
#define CEL_NCA_MAX_HIDDEN 1024u

/* width × height must be the grid size; rgba_premultiplied holds
 * width × height × 4 floats in [0, 1], premultiplied, row-major. Keeps the
 * weights, empties the pool. */
gboolean     cel_nca_set_target    (CelNca       *self,
                                    guint         width,
                                    guint         height,
                                    const float  *rgba_premultiplied,
                                    GError      **error);
const float *cel_nca_get_target    (CelNca       *self,
                                    guint        *width,
                                    guint        *height);
/* The network (weights and architecture); owned by the model, valid until
 * its next reset or load. */
const CelNcaNet *cel_nca_get_net   (CelNca       *self);
/* Training iterations done (saved in the state). */
guint64      cel_nca_get_iteration (CelNca       *self);

G_END_DECLS
