/* cel-param-panel.h — the parameter panel, generated from a model type's
 * parameter declarations (see core/cel-param.h).
 *
 * The panel works on a private scratch copy of the model (never the running
 * one): it validates every edit there and emits "param-changed" with the
 * value's canonical text only for valid changes; the window forwards those
 * to the runner. Invalid input shows its error on the row and applies
 * nothing. Rows of parameters that take effect at the next reset say
 * "Applies on reset" while their value differs from the one the running
 * model was reset with.
 *
 * Editors: switches for booleans, spin buttons for numbers (with the unit
 * beside them), combo rows for enums, and text entries for strings and for
 * 64-bit integers too wide for a spin button (such as the seed); entries are
 * validated as you type and applied on Enter or when they lose focus.
 */
#pragma once

#include <adwaita.h>

#include "cellarium.h"

G_BEGIN_DECLS

#define CEL_TYPE_PARAM_PANEL (cel_param_panel_get_type ())
G_DECLARE_FINAL_TYPE (CelParamPanel, cel_param_panel, CEL, PARAM_PANEL, GtkWidget)

GtkWidget *cel_param_panel_new               (void);

/* Builds the rows for model, a scratch copy the panel keeps a reference to
 * and edits. Its current values count as the values of the last reset.
 * NULL empties the panel. */
void       cel_param_panel_set_model         (CelParamPanel *self,
                                              CelModel      *model);
CelModel  *cel_param_panel_get_model         (CelParamPanel *self);

/* After the running model was reset: no parameter is pending any more. */
void       cel_param_panel_mark_reset        (CelParamPanel *self);

/* Sets every parameter to its default; emits "param-changed" for each one
 * that changed, in declaration order. */
void       cel_param_panel_reset_to_defaults (CelParamPanel *self);

/* Shows a value set elsewhere (a loaded file, an undo) without emitting.
 * An invalid value is refused and its error shown on the row. */
void       cel_param_panel_set_value         (CelParamPanel *self,
                                              const char    *name,
                                              const char    *value);

/* For tests: the editor of a parameter (GtkSwitch, GtkSpinButton,
 * AdwComboRow or GtkEntry), or NULL; and whether its row says "Applies on
 * reset" / shows an error. */
GtkWidget *cel_param_panel_get_editor        (CelParamPanel *self,
                                              const char    *name);
gboolean   cel_param_panel_is_pending        (CelParamPanel *self,
                                              const char    *name);
gboolean   cel_param_panel_has_error         (CelParamPanel *self,
                                              const char    *name);

G_END_DECLS
