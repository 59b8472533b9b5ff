/* cel-json.h — validating accessors for loading JSON (experiment files and
 * model state). Each names the member and the problem in its error
 * (CEL_ERROR_PARSE), so a message reads "width: expected a whole number". */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Always returns FALSE, so loaders can `return cel_json_error (...)`. */
gboolean cel_json_error      (GError **error, const char *member, const char *problem);

gboolean cel_json_get_int    (JsonObject *obj, const char *member,
                              gint64 min, gint64 max, gint64 *out, GError **error);
gboolean cel_json_get_double (JsonObject *obj, const char *member,
                              double min, double max, double *out, GError **error);
gboolean cel_json_get_bool   (JsonObject *obj, const char *member,
                              gboolean *out, GError **error);
/* The string stays owned by obj. */
gboolean cel_json_get_string (JsonObject *obj, const char *member,
                              const char **out, GError **error);
gboolean cel_json_get_object (JsonObject *obj, const char *member,
                              JsonObject **out, GError **error);
gboolean cel_json_get_array  (JsonObject *obj, const char *member,
                              JsonArray **out, GError **error);
/* A string member holding n little-endian words of `size` bytes in
 * cel-blob form (cel_blob_decode_words): a new array, or NULL with the
 * error. The doubles and floats variants also refuse values that are not
 * finite. */
gpointer cel_json_get_words   (JsonObject *obj, const char *member,
                               gsize n, gsize size, GError **error);
double  *cel_json_get_doubles (JsonObject *obj, const char *member,
                               gsize n, GError **error);
float   *cel_json_get_floats  (JsonObject *obj, const char *member,
                               gsize n, GError **error);

G_END_DECLS
