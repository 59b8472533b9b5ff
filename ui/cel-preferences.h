/* cel-preferences.h — the preferences window: colour scheme, default
 * colormap, compute threads, default grid size and autosave interval, each
 * bound to its key of the io.github.cellarium.Cellarium schema (changes
 * apply at once; there is no Apply button). And the one place that turns
 * the "default-grid-size" preference into a model's parameters.
 */
#pragma once

#include <adwaita.h>

#include "cellarium.h"

G_BEGIN_DECLS

#define CEL_TYPE_PREFERENCES (cel_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CelPreferences, cel_preferences, CEL, PREFERENCES, AdwPreferencesWindow)

/* A preferences window over settings (of schema io.github.cellarium.Cellarium),
 * transient for and modal to parent (which may be NULL). */
CelPreferences *cel_preferences_new             (GSettings  *settings,
                                                 GtkWindow  *parent);

/* Sets the model's unsigned "width" and "height" parameters, those it has,
 * to size (clamped to each parameter's range) and resets the model. Models
 * without either parameter are left as they are. FALSE with the model's
 * error when it rejects the size (e.g. a diagram that would be too large). */
gboolean        cel_preferences_apply_grid_size (CelModel   *model,
                                                 guint       size,
                                                 GError    **error);

G_END_DECLS
