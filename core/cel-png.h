/* cel-png.h — PNG output without a toolkit (zlib through GIO), and frame
 * colouring through colormaps, shared by the CLI, thumbnails and export. */
#pragma once

#include "cel-frame.h"

G_BEGIN_DECLS

/* Writes an 8-bit RGBA PNG atomically. */
gboolean  cel_png_write_rgba (const char   *path,
                              const guint8 *rgba,
                              guint         width,
                              guint         height,
                              gsize         stride,
                              GError      **error);

/* Building blocks of the writer, shared with cel-apng.c. */

/* CRC-32 as PNG defines it; start with crc = 0. */
guint32   cel_png_crc32        (guint32       crc,
                                const guint8 *data,
                                gsize         length);
/* Appends a chunk: length, type (4 letters), data and CRC. */
void      cel_png_append_chunk (GByteArray   *out,
                                const char   *type,
                                const guint8 *data,
                                gsize         length);
/* The zlib stream of an 8-bit RGBA image's filtered scanlines: the
 * contents of its IDAT (or fdAT) chunks. */
GBytes   *cel_png_deflate_rgba (const guint8 *rgba,
                                guint         width,
                                guint         height,
                                gsize         stride,
                                GError      **error);

/* Colours a frame: STATES through the state palette (0 background, 1 alive,
 * higher states fading), SCALAR through the named colormap, RGBA composited
 * over the background. Each cell becomes scale×scale pixels. Returns RGBA
 * bytes, stride width*scale*4. */
guint8   *cel_frame_to_rgba  (const CelFrame *frame,
                              const char     *colormap,
                              guint           scale);

gboolean  cel_frame_write_png (const CelFrame *frame,
                               const char     *colormap,
                               guint           scale,
                               const char     *path,
                               GError        **error);

/* Colormaps: "viridis", "magma", "greys", "twilight" (cyclic, for phases). */
const char *const *cel_colormap_list (void);
/* 256 RGB triplets; falls back to viridis for unknown names. */
const guint8      *cel_colormap_lut  (const char *name);

G_END_DECLS
