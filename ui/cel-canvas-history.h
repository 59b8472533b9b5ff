/* cel-canvas-history.h — undo and redo of paint commands, without GTK.
 *
 * Painting goes to the runner as commands; each command sent with
 * record_undo answers later with an UNDO event carrying the previous values
 * of the cells it changed. The history groups the commands of one gesture
 * (a whole drag) into one entry; an entry can be undone once the undo
 * records of all its commands have arrived. Undoing paints the entry's
 * records back in reverse order (so a cell painted twice in a drag gets its
 * original value last), itself with record_undo; that record becomes the
 * redo entry, and the same way back.
 */
#pragma once

#include "cel-runner.h"

G_BEGIN_DECLS

typedef struct _CelCanvasHistory CelCanvasHistory;

/* Keeps at most max_entries undo entries (the oldest are dropped). */
CelCanvasHistory *cel_canvas_history_new        (guint             max_entries);
void              cel_canvas_history_free       (CelCanvasHistory *history);

/* Drops everything, including a group being recorded. */
void              cel_canvas_history_clear      (CelCanvasHistory *history);

/* A new gesture: opens an entry (and forgets what could be redone). */
void              cel_canvas_history_begin      (CelCanvasHistory *history);
/* A command of the open gesture, or, with no gesture open, an entry of its
 * own (e.g. a pattern placed with record_undo). */
void              cel_canvas_history_add        (CelCanvasHistory *history,
                                                 guint64           seq);
/* Closes the open gesture; an entry without commands disappears. */
void              cel_canvas_history_end        (CelCanvasHistory *history);

/* Hands over the undo record of command seq (the cells are copied).
 * Returns FALSE when seq is not one of the history's commands. */
gboolean          cel_canvas_history_record     (CelCanvasHistory *history,
                                                 guint64           seq,
                                                 const GArray     *undo_cells);

gboolean          cel_canvas_history_can_undo   (CelCanvasHistory *history);
gboolean          cel_canvas_history_can_redo   (CelCanvasHistory *history);

/* Paint the newest entry back through runner; FALSE when there is nothing
 * complete to undo (or redo). */
gboolean          cel_canvas_history_undo       (CelCanvasHistory *history,
                                                 CelRunner        *runner);
gboolean          cel_canvas_history_redo       (CelCanvasHistory *history,
                                                 CelRunner        *runner);

G_END_DECLS
