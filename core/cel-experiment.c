/* cel-experiment.c — reading and writing experiment files (see the format in
 * cel-experiment.h). The seed is one of the parameters, so a file saved
 * without its state still replays the same run.
 *
 * Loading trusts nothing: size, NUL bytes, UTF-8 and nesting depth are
 * checked before json-glib sees the text (its parser recurses once per level
 * and would overflow the stack on a few hundred thousand '['), then every
 * member is checked for its type and value.
 */
#include "cel-experiment.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-registry.h"

/* Deepest nesting of arrays and objects accepted; real files use a handful. */
#define CEL_EXPERIMENT_MAX_DEPTH 64

void
cel_experiment_clear (CelExperiment *exp)
{
  g_return_if_fail (exp != NULL);

  g_clear_object (&exp->model);
  g_clear_pointer (&exp->name, g_free);
  g_clear_pointer (&exp->notes, g_free);
}

JsonNode *
cel_experiment_to_json (CelModel   *model,
                        const char *name,
                        const char *notes,
                        gboolean    with_state)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree GParamSpec **params = NULL;
  guint n_params = 0;

  g_return_val_if_fail (CEL_IS_MODEL (model), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, CEL_EXPERIMENT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CEL_EXPERIMENT_VERSION);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, cel_model_get_id (model));

  if (name != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
    }
  if (notes != NULL)
    {
      json_builder_set_member_name (builder, "notes");
      json_builder_add_string_value (builder, notes);
    }

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  params = cel_model_list_params (model, &n_params);
  for (guint i = 0; i < n_params; i++)
    {
      const char *pname = g_param_spec_get_name (params[i]);
      g_autofree char *text = cel_model_get_param_string (model, pname);

      json_builder_set_member_name (builder, pname);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);

  if (with_state)
    {
      json_builder_set_member_name (builder, "state");
      json_builder_add_value (builder, cel_model_save_state (model));
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
cel_experiment_to_data (CelModel   *model,
                        const char *name,
                        const char *notes,
                        gboolean    with_state,
                        gsize      *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (CEL_IS_MODEL (model), NULL);

  root = cel_experiment_to_json (model, name, notes, with_state);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  text = g_string_new (NULL);
  json_generator_to_gstring (generator, text);
  g_string_append_c (text, '\n');

  if (length != NULL)
    *length = text->len;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
cel_experiment_save (CelModel    *model,
                     const char  *name,
                     const char  *notes,
                     gboolean     with_state,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (CEL_IS_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = cel_experiment_to_data (model, name, notes, with_state, &length);

  /* Writes a temporary file beside path, syncs it and renames it over path:
   * the old file stays intact unless the new one is complete. */
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT
                                   | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0666, error);
}

/* Loading. */

static const char *
cel_experiment_node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
    default:
      return _("a number");
    }
}

static void
cel_experiment_type_error (GError     **error,
                           const char  *member,
                           const char  *wanted,
                           JsonNode    *found)
{
  g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
               /* TRANSLATORS: "version: expected an integer, found a string" */
               _("%s: expected %s, found %s"),
               member, wanted, cel_experiment_node_kind (found));
}

static gboolean
cel_experiment_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Refuses text json-glib should not see: NUL bytes, invalid UTF-8, and
 * nesting deeper than CEL_EXPERIMENT_MAX_DEPTH (counted outside strings). */
static gboolean
cel_experiment_precheck (const char  *data,
                         gsize        length,
                         GError     **error)
{
  const char *nul = memchr (data, '\0', length);
  const char *end = NULL;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  if (nul != NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("the file contains a NUL byte at offset %zu"),
                   (gsize) (nul - data));
      return FALSE;
    }

  if (!g_utf8_validate_len (data, length, &end))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("the file is not valid UTF-8 (at offset %zu)"),
                   (gsize) (end - data));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > CEL_EXPERIMENT_MAX_DEPTH)
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                           _("the file nests arrays or objects more than %d levels deep"),
                           CEL_EXPERIMENT_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* The text form of a JSON scalar, as cel_param_parse() reads it. Integral
 * doubles are written without exponent so that 1e12 reads as a (too large)
 * integer rather than as unparsable text; other doubles get the shortest
 * form that reads back exactly. */
static char *
cel_experiment_scalar_text (JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
    default:
      break;
    }

  {
    double v = json_node_get_double (node);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (v == floor (v) && fabs (v) < 9.0e18)
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) v);

    for (int precision = 1; precision <= 17; precision++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%dg", precision);
        g_ascii_formatd (buf, sizeof buf, format, v);
        if (g_ascii_strtod (buf, NULL) == v)
          break;
      }
    return g_strdup (buf);
  }
}

static gboolean
cel_experiment_get_optional_string (JsonObject  *root,
                                    const char  *member,
                                    char       **out,
                                    GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!cel_experiment_is_string (node))
    {
      cel_experiment_type_error (error, member, _("a string"), node);
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
cel_experiment_apply_parameters (CelModel    *model,
                                 JsonNode    *node,
                                 GError     **error)
{
  JsonObject *params;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      cel_experiment_type_error (error, "parameters", _("an object"), node);
      return FALSE;
    }

  params = json_node_get_object (node);
  json_object_iter_init (&iter, params);
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *path = g_strconcat ("parameters.", member, NULL);
      g_autofree char *text = NULL;

      if (cel_model_find_param (model, member) == NULL)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("%s: model “%s” has no parameter “%s”"),
                       path, cel_model_get_id (model), member);
          return FALSE;
        }

      if (!JSON_NODE_HOLDS_VALUE (value))
        {
          cel_experiment_type_error (error, path,
                                     _("a string, number or boolean"), value);
          return FALSE;
        }

      text = cel_experiment_scalar_text (value);
      if (!cel_model_set_param_string (model, member, text, error))
        {
          g_autofree char *named = g_strconcat (member, ":", NULL);

          /* Parameter errors usually start with the parameter's name:
           * turn "width: …" into "parameters.width: …". */
          if (error != NULL && g_str_has_prefix ((*error)->message, named))
            g_prefix_error (error, "parameters.");
          else
            g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
cel_experiment_load_data (const char     *data,
                          gsize           length,
                          CelExperiment  *exp,
                          GError        **error)
{
  static const char *const known_members[] = {
    "format", "version", "model", "name", "notes", "parameters", "state",
  };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(CelModel) model = NULL;
  g_autofree char *name = NULL;
  g_autofree char *notes = NULL;
  JsonNode *root_node;
  JsonObject *root;
  JsonNode *node;
  JsonObjectIter iter;
  const char *member;
  gint64 version;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (exp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length > CEL_EXPERIMENT_MAX_BYTES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("the experiment is %zu bytes, more than the %zu accepted"),
                   length, CEL_EXPERIMENT_MAX_BYTES);
      return FALSE;
    }

  if (length == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, _("the file is empty"));
      return FALSE;
    }

  if (!cel_experiment_precheck (data, length, error))
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &json_error))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("not valid JSON: %s"), json_error->message);
      return FALSE;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("the file holds no JSON value"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("the file must hold a JSON object, not %s"),
                   cel_experiment_node_kind (root_node));
      return FALSE;
    }
  root = json_node_get_object (root_node);

  /* format */
  node = json_object_get_member (root, "format");
  if (node == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("format: missing; this is not a Cellarium experiment"));
      return FALSE;
    }
  if (!cel_experiment_is_string (node))
    {
      cel_experiment_type_error (error, "format", _("a string"), node);
      return FALSE;
    }
  if (g_strcmp0 (json_node_get_string (node), CEL_EXPERIMENT_FORMAT) != 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("format: “%s” is not “%s”; this is not a Cellarium experiment"),
                   json_node_get_string (node), CEL_EXPERIMENT_FORMAT);
      return FALSE;
    }

  /* version */
  node = json_object_get_member (root, "version");
  if (node == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, _("version: missing"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      cel_experiment_type_error (error, "version", _("an integer"), node);
      return FALSE;
    }
  version = json_node_get_int (node);
  if (version != CEL_EXPERIMENT_VERSION)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("version: version %lld is not supported (this build reads version %d)"),
                   (long long) version, CEL_EXPERIMENT_VERSION);
      return FALSE;
    }

  /* Members nobody knows are more likely typos than extensions: refuse them. */
  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      gboolean known = FALSE;

      for (gsize i = 0; i < G_N_ELEMENTS (known_members); i++)
        known = known || strcmp (member, known_members[i]) == 0;
      if (!known)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                       _("%s: unknown member"), member);
          return FALSE;
        }
    }

  /* model */
  node = json_object_get_member (root, "model");
  if (node == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, _("model: missing"));
      return FALSE;
    }
  if (!cel_experiment_is_string (node))
    {
      cel_experiment_type_error (error, "model", _("a string"), node);
      return FALSE;
    }
  if (cel_registry_lookup (json_node_get_string (node)) == NULL)
    {
      const char *id = json_node_get_string (node);
      g_autofree char *shown = g_utf8_strlen (id, -1) > 64 ? g_utf8_substring (id, 0, 64)
                                                          : g_strdup (id);

      g_set_error (error, CEL_ERROR, CEL_ERROR_UNKNOWN_MODEL,
                   _("model: there is no model called “%s”"), shown);
      return FALSE;
    }
  model = cel_model_new (json_node_get_string (node), error);
  if (model == NULL)
    {
      g_prefix_error (error, "model: ");
      return FALSE;
    }

  if (!cel_experiment_get_optional_string (root, "name", &name, error)
      || !cel_experiment_get_optional_string (root, "notes", &notes, error))
    return FALSE;

  node = json_object_get_member (root, "parameters");
  if (node != NULL && !cel_experiment_apply_parameters (model, node, error))
    return FALSE;

  cel_model_reset (model);

  node = json_object_get_member (root, "state");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          cel_experiment_type_error (error, "state", _("an object"), node);
          return FALSE;
        }
      if (!cel_model_load_state (model, json_node_get_object (node), error))
        {
          g_prefix_error (error, "state: ");
          return FALSE;
        }
    }

  cel_experiment_clear (exp);
  exp->model = g_steal_pointer (&model);
  exp->name = g_steal_pointer (&name);
  exp->notes = g_steal_pointer (&notes);

  return TRUE;
}

/* Reads at most the size fstat() reported, after checking it against the
 * limit, so an enormous (or growing) file is never read in. */
static char *
cel_experiment_read_file (const char  *path,
                          gsize       *length,
                          GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *data = NULL;
  struct stat st;
  gsize size, done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("could not open “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("could not read “%s”: %s"), display, g_strerror (saved));
      close (fd);
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("“%s” is not a regular file"), display);
      close (fd);
      return NULL;
    }

  if ((guint64) st.st_size > CEL_EXPERIMENT_MAX_BYTES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("“%s” is %llu bytes, more than the %zu accepted"),
                   display, (unsigned long long) st.st_size, CEL_EXPERIMENT_MAX_BYTES);
      close (fd);
      return NULL;
    }

  size = (gsize) st.st_size;
  data = g_try_malloc (size + 1);
  if (data == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("not enough memory to read “%s”"), display);
      close (fd);
      return NULL;
    }

  while (done < size)
    {
      gssize n = read (fd, data + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("could not read “%s”: %s"), display, g_strerror (saved));
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  data[done] = '\0';
  *length = done;
  return g_steal_pointer (&data);
}

gboolean
cel_experiment_load (const char     *path,
                     CelExperiment  *exp,
                     GError        **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (exp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = cel_experiment_read_file (path, &length, error);
  if (data == NULL)
    return FALSE;

  if (!cel_experiment_load_data (data, length, exp, error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_prefix_error (error, "%s: ", display);
      return FALSE;
    }

  return TRUE;
}
