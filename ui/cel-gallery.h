/* cel-gallery.h — the start page and "New experiment" page: a card for each
 * registered model and for each preset shipped as a resource under
 * CEL_GALLERY_PRESET_PATH (experiment files, see core/cel-experiment.h, whose
 * "name" and "notes" title and describe the card). Each card shows a
 * thumbnail the model renders itself, in a worker thread. One click (or
 * Enter) on a card opens it; typing filters the cards.
 */
#pragma once

#include <adwaita.h>

#include "cellarium.h"

G_BEGIN_DECLS

#define CEL_GALLERY_PRESET_PATH "/io/github/cellarium/Cellarium/presets/"
/* Steps a model runs before its thumbnail is drawn. */
#define CEL_GALLERY_THUMBNAIL_STEPS 60
#define CEL_GALLERY_THUMBNAIL_WIDTH 160
#define CEL_GALLERY_THUMBNAIL_HEIGHT 120

#define CEL_TYPE_GALLERY (cel_gallery_get_type ())
G_DECLARE_FINAL_TYPE (CelGallery, cel_gallery, CEL, GALLERY, GtkWidget)

/* Signals:
 *   "model-activated"  (const char *model_id)
 *   "preset-activated" (const char *resource_path)
 * Property "loading" (boolean, read-only): thumbnails are still rendering. */

GtkWidget *cel_gallery_new         (void);

/* Cards in display order, for tests: the model ids, then the preset
 * resource paths (sorted by file name). Free with g_strfreev. */
char     **cel_gallery_list_models  (CelGallery *self);
char     **cel_gallery_list_presets (CelGallery *self);
gboolean   cel_gallery_get_loading  (CelGallery *self);

/* Activates a card as a click would: a registered model id or a preset's
 * resource path. FALSE when there is no such card. */
gboolean   cel_gallery_activate     (CelGallery *self,
                                     const char *id_or_path);

/* Moves the keyboard focus to a card (e.g. the model used last), so Enter
 * opens it. FALSE when there is no such card. */
gboolean   cel_gallery_focus_card   (CelGallery *self,
                                     const char *id_or_path);

G_END_DECLS
