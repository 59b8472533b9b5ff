/* cel-reservoir-io.c — double arrays in saved state (see cel-reservoir-io.h). */
#include "models/reservoir/cel-reservoir-io.h"

#include <math.h>
#include <string.h>

#include "cel-blob.h"
#include "cel-i18n.h"
#include "cel-json.h"

void
cel_reservoir_add_doubles (JsonBuilder  *builder,
                           const char   *member,
                           const double *values,
                           gsize         n)
{
  g_autofree guint64 *le = g_new (guint64, MAX (n, 1));
  g_autofree char *text = NULL;

  for (gsize i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      le[i] = GUINT64_TO_LE (bits);
    }
  text = cel_blob_encode (le, n * sizeof (guint64));
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

gboolean
cel_reservoir_get_doubles (JsonObject  *state,
                           const char  *member,
                           double      *out,
                           gsize        n,
                           GError     **error)
{
  const char *text;
  g_autofree guint8 *bytes = NULL;

  if (!cel_json_get_string (state, member, &text, error))
    return FALSE;
  bytes = cel_blob_decode (text, n * sizeof (guint64), member, error);
  if (bytes == NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, bytes + i * sizeof bits, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&out[i], &bits, sizeof bits);
      if (!isfinite (out[i]))
        return cel_json_error (error, member, _("holds a value that is not a finite number"));
    }
  return TRUE;
}
