/* cel-blob.h — compact binary blobs inside JSON: zlib-compressed, then
 * base64. Used for grids and weight arrays in experiment files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *cel_blob_encode (const void *data, gsize length);
/* Decodes into exactly `expected` bytes; anything else (bad base64, bad
 * zlib stream, too short, too long — a decompression bomb stops at
 * expected + 1) is CEL_ERROR_PARSE naming `what`. */
guint8  *cel_blob_decode (const char *text, gsize expected, const char *what, GError **error);

/* Arrays of n words of `size` bytes (4: float, guint32; 8: double,
 * gint64…), stored little-endian: encoded from host order, and decoded
 * (errors as cel_blob_decode) into a new array in host order. */
char    *cel_blob_encode_words (const void *words, gsize n, gsize size);
gpointer cel_blob_decode_words (const char *text, gsize n, gsize size, const char *what,
                                GError **error);

G_END_DECLS
