/* cel-nca-controls.h — the neural cellular automaton's target controls in
 * the canvas tool bar: a "Target" menu (paint the target on the canvas,
 * load it from a PNG image, render it from an emoji) with a thumbnail of
 * the current target, and the colour the brush paints the target with.
 *
 * The controls are visible only while the window shows a neural CA
 * (core/models/nca/cel-nca.h). Targets are computed in a worker thread and
 * set on the model through the runner (cel_runner_call). Errors are
 * reported through the "error" signal (void handler (CelNcaControls *self,
 * const char *message, gpointer data)), translated for the user; every
 * command that changes the experiment is announced through "command" (void
 * handler (CelNcaControls *self, guint64 seq, gpointer data)) with the
 * runner's sequence number.
 *
 * Actions (in the menu): nca.paint-target (boolean state: the brush paints
 * the target, shown on the canvas, rather than the creature),
 * nca.load-image, nca.emoji. */
#pragma once

#include <gtk/gtk.h>

#include "cellarium.h"
#include "cel-canvas.h"
#include "cel-param-panel.h"

G_BEGIN_DECLS

#define CEL_TYPE_NCA_CONTROLS (cel_nca_controls_get_type ())
G_DECLARE_FINAL_TYPE (CelNcaControls, cel_nca_controls, CEL, NCA_CONTROLS, GtkWidget)

/* The emoji offered first: the lizard of "Growing Neural Cellular
 * Automata" (U+1F98E). */
#define CEL_NCA_DEFAULT_EMOJI "\xf0\x9f\xa6\x8e"

GtkWidget *cel_nca_controls_new            (void);
/* The canvas the brush colour and the target view go to, and the panel
 * that shows the "paint" parameter (neither owned). */
void       cel_nca_controls_set_widgets    (CelNcaControls *self,
                                            CelCanvas      *canvas,
                                            CelParamPanel  *panel);
/* The model about to be opened (read before a runner owns it): the
 * controls show themselves for a neural CA and hide otherwise. */
void       cel_nca_controls_set_model      (CelNcaControls *self,
                                            CelModel       *model);
/* The runner of that model (not owned); NULL before it is freed. */
void       cel_nca_controls_set_runner     (CelNcaControls *self,
                                            CelRunner      *runner);
/* Reads the model's target again for the thumbnail (after a reset, which
 * may change the grid). */
void       cel_nca_controls_refresh        (CelNcaControls *self);
/* A parameter changed elsewhere (the panel): follows "paint". */
void       cel_nca_controls_param_changed  (CelNcaControls *self,
                                            const char     *name,
                                            const char     *value);
/* What the menu's actions do, for tests and scripted use: render an emoji
 * or load a PNG file as the target (asynchronously; the "command" signal
 * follows when the target goes to the runner, "error" when it fails). */
void       cel_nca_controls_set_emoji      (CelNcaControls *self,
                                            const char     *text);
void       cel_nca_controls_load_image     (CelNcaControls *self,
                                            GFile          *file);
/* Paint the target (TRUE) or the creature. */
void       cel_nca_controls_set_paint_target (CelNcaControls *self,
                                              gboolean        paint_target);
gboolean   cel_nca_controls_get_paint_target (CelNcaControls *self);
/* The target brush colour (opaque; alpha is ignored) and the stroke value
 * it paints: 0xRRGGBB + 1 (0 paints transparency, as the eraser does). */
void       cel_nca_controls_set_color      (CelNcaControls *self,
                                            const GdkRGBA  *color);
float      cel_nca_controls_color_value    (const GdkRGBA  *color);
/* How many target jobs are in flight (for tests). */
guint      cel_nca_controls_get_pending    (CelNcaControls *self);

G_END_DECLS
