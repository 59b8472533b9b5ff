/* cel-frame.h — an immutable picture of one model field, for the canvas,
 * PNG export and thumbnails. Frames are reference counted and never change
 * after creation, so the runner can hand them to the UI thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CEL_FIELD_STATES,  /* guint8 per cell: 0 = empty/dead, 1..n_states-1 */
  CEL_FIELD_SCALAR,  /* float per cell, shown through a colormap over [vmin, vmax] */
  CEL_FIELD_RGBA,    /* 4 × guint8 per cell, straight (not premultiplied) alpha */
} CelFieldFormat;

typedef struct {
  const char     *id;        /* "cells", "potential", … */
  const char     *label;     /* translatable (N_()) */
  CelFieldFormat  format;
  guint           n_states;  /* CEL_FIELD_STATES */
  float           vmin, vmax;/* CEL_FIELD_SCALAR */
  const char     *colormap;  /* SCALAR: the colormap this field needs (e.g. a cyclic
                                one for phases), or NULL for the user's default */
} CelFieldInfo;

typedef struct {
  int x, y;
  guint width, height;
} CelRect;

typedef struct {
  CelFieldFormat format;
  guint          width, height;   /* in cells */
  int            x, y;            /* where (0,0) of the frame lies in the model grid */
  guint          n_states;
  float          vmin, vmax;
  gsize          stride;          /* bytes per row */
  guint8        *data;
} CelFrame;

CelFrame *cel_frame_new    (CelFieldFormat format, guint width, guint height);
CelFrame *cel_frame_ref    (CelFrame *frame);
void      cel_frame_unref  (CelFrame *frame);
gsize     cel_frame_bytes_per_cell (CelFieldFormat format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelFrame, cel_frame_unref)

G_END_DECLS
