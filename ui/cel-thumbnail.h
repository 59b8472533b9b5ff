/* cel-thumbnail.h — a picture of a model, drawn by the model itself, for
 * the gallery: run a few steps, render field 0, frame the interesting part
 * and colour it into a texture of a fixed size, cells as crisp blocks.
 *
 * A grid of states that is empty (a model that starts blank) is first seeded
 * with a random patch in its middle, painted with the model's own brush and
 * generator, so the picture shows the model at work and is reproducible.
 *
 * Framing: the live cells' bounding box for a field of states, else the
 * whole grid; brought to the texture's aspect (grown when the grid has room
 * and that keeps it at least half full, else cut around its middle) and cut
 * to at most one cell per pixel. The cells are then scaled by nearest
 * neighbour (by an integer factor whenever it is 2 or more) and centred on
 * the field's background colour.
 */
#pragma once

#include <gtk/gtk.h>

#include "cellarium.h"

G_BEGIN_DECLS

/* Steps model (which the calling thread must own) and renders it into a
 * width × height texture (textures are immutable: any thread may make one).
 * Errors: cancellation (G_IO_ERROR_CANCELLED), the model's step error, or
 * CEL_ERROR_UNSUPPORTED for a model without fields. */
GdkTexture *cel_thumbnail_render        (CelModel             *model,
                                         guint                 steps,
                                         guint                 width,
                                         guint                 height,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* The same in a worker thread; takes ownership of model (nothing else may
 * touch it afterwards). */
void        cel_thumbnail_render_async  (CelModel             *model,
                                         guint                 steps,
                                         guint                 width,
                                         guint                 height,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GdkTexture *cel_thumbnail_render_finish (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
