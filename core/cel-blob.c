/* cel-blob.c — zlib (through GIO's converters) and base64 for binary data
 * inside JSON.
 *
 * Decoding never trusts the text: the base64 alphabet and padding are checked
 * strictly (g_base64_decode silently skips stray characters), and the
 * decompressed output buffer grows only as data actually arrives, never past
 * expected + 1 bytes, so neither a false size nor a decompression bomb can
 * make us allocate more than the caller asked for.
 */
#include "cel-blob.h"

#include <gio/gio.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

#define CEL_BLOB_CHUNK ((gsize) 64 * 1024)

char *
cel_blob_encode (const void *data,
                 gsize       length)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GByteArray) out = NULL;
  const guint8 *in = data;
  gsize in_pos = 0;
  gsize out_len;
  GConverterResult result;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, -1);
  out = g_byte_array_new ();
  out_len = 0;

  do
    {
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      g_autoptr(GError) error = NULL;

      if (out->len - out_len < CEL_BLOB_CHUNK)
        g_byte_array_set_size (out, out_len + CEL_BLOB_CHUNK);

      result = g_converter_convert (G_CONVERTER (compressor),
                                    in + in_pos, length - in_pos,
                                    out->data + out_len, out->len - out_len,
                                    G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, &error);
      /* Compressing from memory into a growing buffer cannot fail: the
       * only error zlib reports here is "no space", which the chunk rules out. */
      g_assert (result != G_CONVERTER_ERROR);
      in_pos += bytes_read;
      out_len += bytes_written;
    }
  while (result != G_CONVERTER_FINISHED);

  return g_base64_encode (out->data, out_len);
}

static gboolean
cel_blob_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* Strict base64: only the standard alphabet, length a multiple of four, and
 * at most two '=' pads, only at the very end (once a pad is seen, anything
 * but another pad is refused). Returns the offending position, len for a
 * bad length, or -1 when the text is well formed. */
static gssize
cel_blob_check_base64 (const char *text,
                       gsize       len)
{
  gsize pads = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (++pads > 2)
            return (gssize) i;
        }
      else if (pads > 0 || !cel_blob_base64_char (c))
        return (gssize) i;
    }

  if (len % 4 != 0)
    return (gssize) len;

  return -1;
}

guint8 *
cel_blob_decode (const char  *text,
                 gsize        expected,
                 const char  *what,
                 GError     **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autofree guint8 *packed = NULL;
  g_autofree guint8 *out = NULL;
  gsize text_len, packed_len, in_pos, out_len, out_alloc, limit;
  gssize bad;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  text_len = strlen (text);
  bad = cel_blob_check_base64 (text, text_len);
  if (bad >= 0)
    {
      if ((gsize) bad == text_len)
        g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                     _("%s: base64 text has a length (%zu) that is not a multiple of 4"),
                     what, text_len);
      else
        g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                     _("%s: invalid base64 character at offset %zu"),
                     what, (gsize) bad);
      return NULL;
    }

  if (text_len == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("%s: the data is empty"), what);
      return NULL;
    }

  packed = g_base64_decode (text, &packed_len);

  /* expected + 1 so that one byte too many is seen as "too long" without
   * ever reading (or allocating for) the rest of a bomb. */
  limit = expected < G_MAXSIZE ? expected + 1 : expected;
  /* Start from a guess tied to the input size and grow as data arrives. */
  out_alloc = packed_len < G_MAXSIZE / 4 ? MAX (CEL_BLOB_CHUNK, packed_len * 4) : limit;
  out_alloc = MIN (out_alloc, limit);
  out = g_try_malloc (MAX (out_alloc, 1));
  if (out == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("%s: not enough memory for %zu bytes"),
                   what, expected);
      return NULL;
    }

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  in_pos = 0;
  out_len = 0;

  for (;;)
    {
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      g_autoptr(GError) local_error = NULL;
      GConverterResult result;

      if (out_len == out_alloc)
        {
          guint8 *grown;
          gsize new_alloc;

          if (out_alloc == limit)
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                           _("%s: the data decompresses to more than the expected %zu bytes"),
                           what, expected);
              return NULL;
            }
          new_alloc = out_alloc <= limit / 2 ? out_alloc * 2 : limit;
          grown = g_try_realloc (out, new_alloc);
          if (grown == NULL)
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                           _("%s: not enough memory for %zu bytes"),
                           what, expected);
              return NULL;
            }
          out = grown;
          out_alloc = new_alloc;
        }

      result = g_converter_convert (G_CONVERTER (decompressor),
                                    packed + in_pos, packed_len - in_pos,
                                    out + out_len, out_alloc - out_len,
                                    G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, &local_error);
      /* There is always output room here (the buffer grows above), so
       * "need more input" means the stream ends early. */
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                         _("%s: the compressed data is truncated"), what);
          else
            g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                         _("%s: the compressed data is corrupt (%s)"),
                         what, local_error->message);
          return NULL;
        }

      in_pos += bytes_read;
      out_len += bytes_written;

      if (result == G_CONVERTER_FINISHED)
        break;
    }

  if (in_pos != packed_len)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("%s: unexpected data after the end of the compressed stream"),
                   what);
      return NULL;
    }

  if (out_len != expected)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("%s: the data decompresses to %zu bytes, expected %zu"),
                   what, out_len, expected);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Swaps each word of `size` bytes between host and little-endian order
 * (its own inverse), copying from src to dst (which may be src). */
static void
swap_words (guint8 *dst, const guint8 *src, gsize n, gsize size)
{
  g_return_if_fail (size == 4 || size == 8);

  for (gsize i = 0; i < n; i++)
    if (size == 8)
      {
        guint64 w;

        memcpy (&w, src + i * 8, 8);
        w = GUINT64_TO_LE (w);
        memcpy (dst + i * 8, &w, 8);
      }
    else
      {
        guint32 w;

        memcpy (&w, src + i * 4, 4);
        w = GUINT32_TO_LE (w);
        memcpy (dst + i * 4, &w, 4);
      }
}

char *
cel_blob_encode_words (const void *words, gsize n, gsize size)
{
  g_autofree guint8 *le = g_malloc (MAX (n * size, 1));

  swap_words (le, words, n, size);
  return cel_blob_encode (le, n * size);
}

gpointer
cel_blob_decode_words (const char *text, gsize n, gsize size, const char *what, GError **error)
{
  guint8 *bytes = cel_blob_decode (text, n * size, what, error);

  if (bytes != NULL)
    swap_words (bytes, bytes, n, size);
  return bytes;
}
