/* cel-window.h — the laboratory window: gallery, canvas, parameter panel,
 * plots and transport for one experiment at a time. */
#pragma once

#include <adwaita.h>

#include "cellarium.h"

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
/* Loads an experiment file in a worker thread and opens it; errors become
 * toasts. */
void       cel_window_open_file     (CelWindow     *self,
                                     GFile         *file);
void       cel_window_show_gallery  (CelWindow     *self);
void       cel_window_add_toast     (CelWindow     *self,
                                     const char    *message);

/* For tests: the widgets and the runner behind the window. */
CelRunner *cel_window_get_runner    (CelWindow     *self);
GtkWidget *cel_window_get_canvas    (CelWindow     *self);
GtkWidget *cel_window_get_param_panel (CelWindow   *self);
GtkWidget *cel_window_get_plot_area (CelWindow     *self);

G_END_DECLS
