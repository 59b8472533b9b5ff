#include "cel-frame.h"

gsize
cel_frame_bytes_per_cell (CelFieldFormat format)
{
  switch (format)
    {
    case CEL_FIELD_STATES:
      return 1;
    case CEL_FIELD_SCALAR:
      return sizeof (float);
    case CEL_FIELD_RGBA:
      return 4;
    default:
      g_return_val_if_reached (1);
    }
}

CelFrame *
cel_frame_new (CelFieldFormat format, guint width, guint height)
{
  CelFrame *frame = g_atomic_rc_box_new0 (CelFrame);

  frame->format = format;
  frame->width = width;
  frame->height = height;
  frame->stride = (gsize) width * cel_frame_bytes_per_cell (format);
  frame->data = g_malloc0_n (MAX (height, 1), MAX (frame->stride, 1));
  return frame;
}

CelFrame *
cel_frame_ref (CelFrame *frame)
{
  return g_atomic_rc_box_acquire (frame);
}

static void
frame_clear (gpointer data)
{
  CelFrame *frame = data;

  g_free (frame->data);
}

void
cel_frame_unref (CelFrame *frame)
{
  g_atomic_rc_box_release_full (frame, frame_clear);
}
