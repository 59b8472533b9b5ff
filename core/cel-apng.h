/* cel-apng.h — animated PNG (APNG) output, and the recording of a run as
 * an animation or as a numbered sequence of PNG images.
 *
 * An APNG is a PNG whose default image is the animation's first frame
 * (IDAT, preceded by its fcTL), followed by one fcTL and fdAT chunks per
 * further frame; viewers without APNG support show the first frame. Later
 * frames hold only the rectangle of pixels that changed since the frame
 * before (drawn over it: dispose "none", blend "source"), which keeps
 * recordings of sparse automata small.
 */
#pragma once

#include <gio/gio.h>

#include "cel-analysis.h"
#include "cel-model.h"

G_BEGIN_DECLS

/* Largest image, in pixels, that the writer and a recording accept
 * (2^28 pixels: 1 GiB of RGBA per frame). */
#define CEL_APNG_MAX_PIXELS ((guint64) 1 << 28)

typedef struct _CelApngWriter CelApngWriter;

/* Starts an animation of n_frames frames of width × height pixels, each
 * shown delay_num/delay_den seconds, looping forever: writes the
 * signature, IHDR and acTL to stream (not closed by the writer). */
CelApngWriter *cel_apng_writer_new          (GOutputStream  *stream,
                                             guint           width,
                                             guint           height,
                                             guint           n_frames,
                                             guint16         delay_num,
                                             guint16         delay_den,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* The same into a file, written atomically: into a temporary file beside
 * path that cel_apng_writer_finish() renames over it, and that freeing an
 * unfinished writer removes. */
CelApngWriter *cel_apng_writer_new_for_path (const char     *path,
                                             guint           width,
                                             guint           height,
                                             guint           n_frames,
                                             guint16         delay_num,
                                             guint16         delay_den,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* Appends the next frame: width × height straight-alpha RGBA pixels, rows
 * stride bytes apart. */
gboolean       cel_apng_writer_add_frame    (CelApngWriter  *writer,
                                             const guint8   *rgba,
                                             gsize           stride,
                                             GCancellable   *cancellable,
                                             GError        **error);
/* Writes IEND once all n_frames frames are in (an error otherwise) and,
 * for a file, puts it in place. */
gboolean       cel_apng_writer_finish       (CelApngWriter  *writer,
                                             GCancellable   *cancellable,
                                             GError        **error);
void           cel_apng_writer_free         (CelApngWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelApngWriter, cel_apng_writer_free)

/* A recording of a run: frame 0 shows the model as it is, each further
 * frame steps_per_frame steps later. */
typedef struct {
  guint        field;              /* which field of the model to show */
  const char  *colormap;           /* for SCALAR fields (cel_colormap_list) */
  guint        scale;              /* pixels per cell, at least 1 */
  guint        n_frames;           /* at least 1 */
  guint64      steps_per_frame;    /* at least 1 */
  guint        frames_per_second;  /* APNG playback, 1 … 1000 */
  gboolean     sequence;           /* numbered PNG files instead of an APNG */
} CelApngRecording;

/* File name of frame index in a sequence of n_frames frames:
 * "frame-0000.png", with at least four digits and as many as the last
 * index needs. */
char          *cel_apng_sequence_name       (guint           index,
                                             guint           n_frames);

/* Records a run of model (owned by the calling thread, and stepped): into
 * the APNG file path, or, with recording->sequence, into the folder path
 * as cel_apng_sequence_name() files (existing ones are replaced). Reports
 * the fraction done after each frame and honours cancellation between and
 * during steps; on error or cancellation nothing it wrote remains. */
gboolean       cel_apng_record              (CelModel               *model,
                                             const CelApngRecording *recording,
                                             const char             *path,
                                             CelProgressFunc         progress,
                                             gpointer                progress_data,
                                             GCancellable           *cancellable,
                                             GError                **error);

G_END_DECLS
