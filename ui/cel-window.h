/* cel-window.h — the laboratory window: gallery, canvas, parameter panel,
 * plots and transport for one experiment at a time. */
#pragma once

#include <adwaita.h>

#include "cellarium.h"
#include "cel-autosave.h"

G_BEGIN_DECLS

#define CEL_TYPE_WINDOW (cel_window_get_type ())
G_DECLARE_FINAL_TYPE (CelWindow, cel_window, CEL, WINDOW, AdwApplicationWindow)

CelWindow *cel_window_new           (GtkApplication *application);

/* Opens a model in the lab view; takes ownership. The model is reset (or
 * loaded) and not running. file may be NULL. */
void       cel_window_open_model    (CelWindow     *self,
                                     CelModel      *model,
                                     GFile         *file,
                                     const char    *name);
/* Opens a file in a worker thread: an experiment (.cellarium, .json), or a
 * Life pattern (.rle, .cells) as a new Life experiment sized to it; other
 * names are told apart by content (experiments are JSON objects). When the
 * experiment shown has unsaved changes, asks first (Save / Discard /
 * Cancel). Errors become toasts. */
void       cel_window_open_file     (CelWindow     *self,
                                     GFile         *file);
/* Opens an autosave copy left by a crash (cel_autosave_list_orphans), in
 * place of what the window shows: the window adopts the copy's slot, shows
 * the original file's or experiment's name and counts as unsaved until it
 * is saved. */
void       cel_window_restore_autosave (CelWindow  *self,
                                     const CelAutosaveOrphan *orphan);
void       cel_window_show_gallery  (CelWindow     *self);
void       cel_window_add_toast     (CelWindow     *self,
                                     const char    *message);

/* The experiment's file; NULL when it has none (not owned). */
GFile     *cel_window_get_file      (CelWindow     *self);
/* Whether the experiment changed since it was opened or saved: painted,
 * stepped or run, reset, a parameter changed, a pattern placed. Closing
 * or replacing it asks first; the title carries a "•". */
gboolean   cel_window_get_modified  (CelWindow     *self);

/* For tests: the widgets and the runner behind the window. */
CelRunner *cel_window_get_runner    (CelWindow     *self);
GtkWidget *cel_window_get_canvas    (CelWindow     *self);
GtkWidget *cel_window_get_param_panel (CelWindow   *self);
GtkWidget *cel_window_get_plot_area (CelWindow     *self);
/* Queues an autosave of a modified experiment now (otherwise every
 * "autosave-interval" seconds); returns the runner command's sequence
 * number, 0 when there is nothing to keep. */
guint64    cel_window_autosave_now  (CelWindow     *self);
/* Where the autosave copy is written; NULL before the first autosave. */
const char *cel_window_get_autosave_path (CelWindow *self);

G_END_DECLS
