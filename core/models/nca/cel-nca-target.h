/* cel-nca-target.h — target images for the neural cellular automaton.
 *
 * A target is width × height × 4 floats: premultiplied RGBA in [0, 1], row
 * by row. The source picture is scaled (aspect ratio kept, with Cairo's
 * area-averaging filter when it shrinks) to fit inside
 * (width − 2·padding) × (height − 2·padding) cells and centred; every other
 * cell is transparent. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Largest target side, in cells. */
#define CEL_NCA_TARGET_MAX_SIZE 4096u
/* Largest PNG side accepted, in pixels. */
#define CEL_NCA_TARGET_MAX_PNG_SIZE 16384u

/* Loads a PNG file (any colour type; its alpha is kept). Free with g_free(). */
float *cel_nca_target_from_png   (const char  *path,
                                  guint        width,
                                  guint        height,
                                  guint        padding,
                                  GError     **error);

/* Renders text (typically one emoji, e.g. the lizard U+1F98E) with the
 * "Noto Color Emoji" font (Debian: fonts-noto-color-emoji), cropped to its
 * ink. An error when the font is missing or the text draws nothing. */
float *cel_nca_target_from_emoji (const char  *text,
                                  guint        width,
                                  guint        height,
                                  guint        padding,
                                  GError     **error);

G_END_DECLS
