#include "cel-json.h"

#include <math.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-i18n.h"

gboolean
cel_json_error (GError **error, const char *member, const char *problem)
{
  g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, "%s: %s", member, problem);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *obj, const char *member, GError **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    cel_json_error (error, member, _("missing"));
  return node;
}

gboolean
cel_json_get_int (JsonObject *obj, const char *member,
                  gint64 min, gint64 max, gint64 *out, GError **error)
{
  JsonNode *node = get_member (obj, member, error);
  gint64 v;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return cel_json_error (error, member, _("expected a whole number"));
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("%s: %lld is outside %lld … %lld"),
                   member, (long long) v, (long long) min, (long long) max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
cel_json_get_double (JsonObject *obj, const char *member,
                     double min, double max, double *out, GError **error)
{
  JsonNode *node = get_member (obj, member, error);
  double v;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    return cel_json_error (error, member, _("expected a number"));
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("%s: %g is outside %g … %g"), member, v, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
cel_json_get_bool (JsonObject *obj, const char *member, gboolean *out, GError **error)
{
  JsonNode *node = get_member (obj, member, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return cel_json_error (error, member, _("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
cel_json_get_string (JsonObject *obj, const char *member, const char **out, GError **error)
{
  JsonNode *node = get_member (obj, member, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return cel_json_error (error, member, _("expected text"));
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
cel_json_get_object (JsonObject *obj, const char *member, JsonObject **out, GError **error)
{
  JsonNode *node = get_member (obj, member, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return cel_json_error (error, member, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
cel_json_get_array (JsonObject *obj, const char *member, JsonArray **out, GError **error)
{
  JsonNode *node = get_member (obj, member, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return cel_json_error (error, member, _("expected an array"));
  *out = json_node_get_array (node);
  return TRUE;
}

gpointer
cel_json_get_words (JsonObject *obj, const char *member, gsize n, gsize size, GError **error)
{
  const char *text;

  if (!cel_json_get_string (obj, member, &text, error))
    return NULL;
  return cel_blob_decode_words (text, n, size, member, error);
}

double *
cel_json_get_doubles (JsonObject *obj, const char *member, gsize n, GError **error)
{
  double *values = cel_json_get_words (obj, member, n, sizeof (double), error);

  for (gsize i = 0; values != NULL && i < n; i++)
    if (!isfinite (values[i]))
      {
        g_free (values);
        cel_json_error (error, member, _("holds a value that is not a finite number"));
        return NULL;
      }
  return values;
}

float *
cel_json_get_floats (JsonObject *obj, const char *member, gsize n, GError **error)
{
  float *values = cel_json_get_words (obj, member, n, sizeof (float), error);

  for (gsize i = 0; values != NULL && i < n; i++)
    if (!isfinite (values[i]))
      {
        g_free (values);
        cel_json_error (error, member, _("holds a value that is not a finite number"));
        return NULL;
      }
  return values;
}
