/* cel-export-dialog.h — exporting the canvas as a PNG image at a chosen
 * scale, and a run as an animated PNG or a numbered sequence of PNG
 * images, with progress and Cancel.
 *
 * Both take the field the snapshot shows, coloured with colormap. The
 * image is the whole field rendered on the runner thread (not only the
 * part of a huge grid in view); a run is recorded from a copy of the model
 * made on the runner thread, stepped in a worker thread, so the
 * experiment goes on untouched. The dialogs are modal; the runner must
 * outlive them. When done, a dialog closes and emits "finished" (void
 * handler (CelExportDialog *dialog, gboolean done, const char *message,
 * gpointer data): done is FALSE when it failed or was cancelled, message
 * NULL when cancelled); with a CelWindow for parent the message also
 * becomes a toast there.
 */
#pragma once

#include <adwaita.h>

#include "cellarium.h"

G_BEGIN_DECLS

#define CEL_TYPE_EXPORT_DIALOG (cel_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CelExportDialog, cel_export_dialog, CEL, EXPORT_DIALOG, AdwWindow)

/* "Export Image": the scale (pixels per cell), then a PNG file. */
CelExportDialog *cel_export_dialog_export_image (GtkWindow   *parent,
                                                 CelRunner   *runner,
                                                 CelSnapshot *snapshot,
                                                 const char  *colormap);
/* "Export Animation": format (APNG or PNG sequence), frames, steps per
 * frame, frame rate and scale, then a file or a folder. */
CelExportDialog *cel_export_dialog_export_run   (GtkWindow   *parent,
                                                 CelRunner   *runner,
                                                 CelSnapshot *snapshot,
                                                 const char  *colormap);

/* For tests and scripted use: the options, and the export itself to a
 * path (a file, or a folder for a sequence) without the file chooser. */
void             cel_export_dialog_set_scale    (CelExportDialog *self,
                                                 guint            scale);
guint            cel_export_dialog_get_scale    (CelExportDialog *self);
guint            cel_export_dialog_get_max_scale (CelExportDialog *self);
void             cel_export_dialog_set_run      (CelExportDialog *self,
                                                 gboolean         sequence,
                                                 guint            n_frames,
                                                 guint64          steps_per_frame,
                                                 guint            frames_per_second);
void             cel_export_dialog_export_to    (CelExportDialog *self,
                                                 const char      *path);

G_END_DECLS
