/* test-experiment.c — blobs and experiment files: round trips for the Life
 * and elementary models, atomic saving, and every hostile file in
 * tests/corrupt-experiments/ refused with a message. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cellarium.h"

/* Blobs ------------------------------------------------------------------- */

static void
test_blob_round_trip (void)
{
  const gsize sizes[] = { 0, 1, 7, 1000, 300000 };
  CelRng rng;

  cel_rng_seed (&rng, 42);
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *data = g_malloc (MAX (sizes[i], 1));
      g_autofree char *text = NULL;
      g_autofree guint8 *back = NULL;
      g_autoptr(GError) error = NULL;

      /* Half random bytes, half a run of one value: both code paths of zlib. */
      for (gsize j = 0; j < sizes[i]; j++)
        data[j] = j < sizes[i] / 2 ? (guint8) cel_rng_next (&rng) : 0x5a;
      text = cel_blob_encode (data, sizes[i]);
      g_assert_nonnull (text);
      back = cel_blob_decode (text, sizes[i], "data", &error);
      g_assert_no_error (error);
      g_assert_nonnull (back);
      g_assert_cmpmem (back, sizes[i], data, sizes[i]);
    }
}

static void
assert_blob_error (const char *text,
                   gsize       expected,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *out = cel_blob_decode (text, expected, "cells", &error);

  g_assert_null (out);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "cells: "));
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

/* Base64 of raw bytes, for building broken streams by hand. */
static char *
raw_base64 (const guint8 *bytes,
            gsize         n)
{
  return g_base64_encode (bytes, n);
}

static void
test_blob_bad_text (void)
{
  const guint8 raw[32] = { 0 };
  g_autofree char *good = cel_blob_encode (raw, sizeof raw);
  g_autofree char *not_zlib = raw_base64 (raw, sizeof raw);
  g_autofree char *stray = g_strdup (good);

  assert_blob_error ("", 32, "empty");
  assert_blob_error ("abc", 32, "multiple of 4");
  assert_blob_error ("ab$d", 32, "base64");
  assert_blob_error ("AA=A", 32, "base64");
  assert_blob_error ("A===", 32, "base64");
  assert_blob_error ("AAAA AAA", 32, "base64");
  assert_blob_error (not_zlib, 32, "corrupt");

  /* A stray character inside otherwise good text. */
  stray[4] = '*';
  assert_blob_error (stray, 32, "base64");
}

static void
test_blob_bad_stream (void)
{
  guint8 raw[256];
  g_autofree char *good = NULL;
  g_autofree guint8 *packed = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *trailing = NULL;
  g_autofree guint8 *longer = NULL;
  gsize packed_len;

  for (gsize i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) (i * 37 + 11);
  good = cel_blob_encode (raw, sizeof raw);
  packed = g_base64_decode (good, &packed_len);

  truncated = raw_base64 (packed, packed_len - 5);
  assert_blob_error (truncated, sizeof raw, "truncated");

  longer = g_malloc (packed_len + 3);
  memcpy (longer, packed, packed_len);
  memcpy (longer + packed_len, "xyz", 3);
  trailing = raw_base64 (longer, packed_len + 3);
  assert_blob_error (trailing, sizeof raw, "after the end");

  /* Right stream, wrong size either way. One byte too long is still seen
   * whole (the buffer holds expected + 1); longer ones stop there. */
  assert_blob_error (good, sizeof raw + 1, "decompresses to 256 bytes, expected 257");
  assert_blob_error (good, sizeof raw - 1, "decompresses to 256 bytes, expected 255");
  assert_blob_error (good, 100, "more than the expected 100 bytes");
  assert_blob_error (good, 0, "more than the expected 0 bytes");
}

/* A zlib stream of `n` zero bytes, compressed a chunk at a time so that the
 * test itself never holds the expanded data. */
static char *
make_bomb (gsize n)
{
  g_autoptr(GZlibCompressor) compressor =
    g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (1 << 20);
  guint8 buf[65536];
  gsize fed = 0;
  GConverterResult result;

  do
    {
      gsize chunk = MIN ((gsize) 1 << 20, n - fed);
      gsize bytes_read = 0, bytes_written = 0;
      g_autoptr(GError) error = NULL;

      result = g_converter_convert (G_CONVERTER (compressor), zeros, chunk,
                                    buf, sizeof buf,
                                    fed + chunk == n ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &bytes_read, &bytes_written, &error);
      g_assert_no_error (error);
      fed += bytes_read;
      g_byte_array_append (out, buf, (guint) bytes_written);
    }
  while (result != G_CONVERTER_FINISHED);

  return g_base64_encode (out->data, out->len);
}

static void
test_blob_bomb (void)
{
  /* 256 MiB of zeros compress to about 250 KiB; decoding it into 32 bytes
   * must stop at byte 33 instead of inflating (and allocating) the lot. */
  g_autofree char *bomb = make_bomb ((gsize) 256 << 20);

  g_assert_cmpuint (strlen (bomb), <, 1 << 20);
  assert_blob_error (bomb, 32, "more than the expected 32 bytes");
}

/* Corrupt files ----------------------------------------------------------- */

typedef struct {
  const char *file;
  int         code;      /* CelError code, or -1 for any */
  const char *fragment;  /* the message must contain this */
} CorruptCase;

/* What some files must say; every file in the folder must fail. */
static const CorruptCase corrupt_cases[] = {
  { "empty.json",                 CEL_ERROR_PARSE,         "empty" },
  { "whitespace-only.json",       CEL_ERROR_PARSE,         "no JSON value" },
  { "not-json.json",              CEL_ERROR_PARSE,         "JSON" },
  { "truncated.json",             CEL_ERROR_PARSE,         "JSON" },
  { "trailing-garbage.json",      CEL_ERROR_PARSE,         "JSON" },
  { "array-root.json",            CEL_ERROR_PARSE,         "object" },
  { "string-root.json",           CEL_ERROR_PARSE,         "object" },
  { "missing-format.json",        CEL_ERROR_PARSE,         "format" },
  { "wrong-format.json",          CEL_ERROR_PARSE,         "golly-pattern" },
  { "format-not-string.json",     CEL_ERROR_PARSE,         "format" },
  { "version-999.json",           CEL_ERROR_UNSUPPORTED,   "version 999" },
  { "version-string.json",        CEL_ERROR_PARSE,         "version" },
  { "version-fraction.json",      CEL_ERROR_PARSE,         "version" },
  { "missing-model.json",         CEL_ERROR_PARSE,         "model" },
  { "unknown-model.json",         CEL_ERROR_UNKNOWN_MODEL, "hyperlife" },
  { "model-not-string.json",      CEL_ERROR_PARSE,         "model" },
  { "unknown-member.json",        CEL_ERROR_PARSE,         "paramters" },
  { "name-not-string.json",       CEL_ERROR_PARSE,         "name" },
  { "parameters-not-object.json", CEL_ERROR_PARSE,         "parameters" },
  { "unknown-parameter.json",     CEL_ERROR_INVALID_PARAM, "colour" },
  { "width-negative.json",        CEL_ERROR_INVALID_PARAM, "parameters.width" },
  { "width-1e12.json",            CEL_ERROR_INVALID_PARAM, "parameters.width" },
  { "width-nan.json",             CEL_ERROR_INVALID_PARAM, "parameters.width" },
  { "width-text.json",            CEL_ERROR_INVALID_PARAM, "parameters.width" },
  { "width-null.json",            CEL_ERROR_PARSE,         "parameters.width" },
  { "width-object.json",          CEL_ERROR_PARSE,         "parameters.width" },
  { "rule-number.json",           -1,                      "parameters.rule" },
  { "rule-garbage.json",          -1,                      "parameters.rule" },
  { "topology-sphere.json",       CEL_ERROR_INVALID_PARAM, "parameters.topology" },
  { "density-1.5.json",           CEL_ERROR_INVALID_PARAM, "parameters.density" },
  { "seed-negative.json",         CEL_ERROR_INVALID_PARAM, "parameters.seed" },
  { "eca-rule-256.json",          CEL_ERROR_INVALID_PARAM, "parameters.rule" },
  { "eca-init-bogus.json",        CEL_ERROR_INVALID_PARAM, "parameters.init" },
  { "state-not-object.json",      CEL_ERROR_PARSE,         "state" },
  { "state-rng-wrong-size.json",  CEL_ERROR_PARSE,         "state: rng" },
  { "state-rng-bad-base64.json",  CEL_ERROR_PARSE,         "base64" },
  { "state-rng-not-zlib.json",    CEL_ERROR_PARSE,         "state: rng" },
  { "state-rng-bomb.json",        CEL_ERROR_PARSE,         "more than" },
  { "state-seed-mismatch.json",   CEL_ERROR_PARSE,         "seed" },
  { "state-step-negative.json",   CEL_ERROR_PARSE,         "step" },
  { "state-missing-model.json",   CEL_ERROR_PARSE,         "model" },
  { "life-cells-wrong-size.json", CEL_ERROR_PARSE,       "state: model: cells: the data decompresses to 4 bytes, expected 8" },
  { "life-cells-bomb.json",       CEL_ERROR_PARSE,         "state: model: cells: the data decompresses to more than" },
  { "life-cells-bad-base64.json", CEL_ERROR_PARSE,         "state: model: cells: invalid base64" },
  { "life-cells-not-string.json", CEL_ERROR_PARSE,         "cells" },
  { "life-width-mismatch.json",   CEL_ERROR_PARSE,         "width" },
  { "life-state-huge-grid.json",  CEL_ERROR_PARSE,         "width" },
  { "life-cells-beyond-width.json", CEL_ERROR_PARSE,       "cells" },
  { "deep-nesting.json",          CEL_ERROR_PARSE,         "levels" },
  { "deep-nesting-unclosed.json", CEL_ERROR_PARSE,         "levels" },
  { "nul-byte.json",              CEL_ERROR_PARSE,         "NUL" },
  { "invalid-utf8.json",          CEL_ERROR_PARSE,         "UTF-8" },
  { "utf16.json",                 CEL_ERROR_PARSE,         "" },
};

static void
test_corrupt_files (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "corrupt-experiments", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;
  guint n_files = 0;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GError) load_error = NULL;
      CelExperiment exp = { NULL, NULL, NULL };

      g_test_message ("%s", name);
      g_assert_false (cel_experiment_load (path, &exp, &load_error));
      g_assert_nonnull (load_error);
      g_assert_true (load_error->domain == CEL_ERROR);
      g_assert_nonnull (load_error->message);
      g_assert_cmpstr (load_error->message, !=, "");
      g_assert_true (g_utf8_validate (load_error->message, -1, NULL));
      g_assert_null (exp.model);
      g_assert_null (exp.name);
      g_test_message ("  %s", load_error->message);

      for (gsize i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
        {
          if (strcmp (corrupt_cases[i].file, name) != 0)
            continue;
          if (corrupt_cases[i].code >= 0)
            g_assert_error (load_error, CEL_ERROR, corrupt_cases[i].code);
          if (strstr (load_error->message, corrupt_cases[i].fragment) == NULL)
            g_error ("%s: “%s” does not mention “%s”", name, load_error->message,
                     corrupt_cases[i].fragment);
        }
      g_hash_table_add (seen, g_strdup (name));
      n_files++;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    if (!g_hash_table_contains (seen, corrupt_cases[i].file))
      g_error ("%s is missing from %s", corrupt_cases[i].file, dir_path);
  g_assert_cmpuint (n_files, >=, G_N_ELEMENTS (corrupt_cases));
}

static void
assert_load_data_fails (const char *data,
                        gsize       length,
                        int         code,
                        const char *fragment)
{
  g_autoptr(GError) error = NULL;
  CelExperiment exp = { NULL, NULL, NULL };

  g_assert_false (cel_experiment_load_data (data, length, &exp, &error));
  g_assert_error (error, CEL_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  g_assert_null (exp.model);
}

static void
test_deep_nesting (void)
{
  /* json-glib parses recursively: a million levels would overflow the
   * stack, so the depth is refused before it parses. */
  const gsize depth = 1000000;
  g_autoptr(GString) arrays = g_string_sized_new (depth);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(GString) in_string = g_string_new (NULL);

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (arrays, '[');
  assert_load_data_fails (arrays->str, arrays->len, CEL_ERROR_PARSE, "levels");

  for (gsize i = 0; i < depth / 10; i++)
    g_string_append (objects, "{\"a\":");
  assert_load_data_fails (objects->str, objects->len, CEL_ERROR_PARSE, "levels");

  /* Brackets inside strings are text, not nesting: this file is refused for
   * its content (no such parameter), not its depth. */
  g_string_append (in_string, "{\"format\": \"cellarium-experiment\", \"version\": 1, "
                              "\"model\": \"life\", \"parameters\": {\"");
  for (gsize i = 0; i < 1000; i++)
    g_string_append (in_string, "[{\\\"");
  g_string_append (in_string, "\": \"1\"}}");
  assert_load_data_fails (in_string->str, in_string->len, CEL_ERROR_INVALID_PARAM, "parameters.");
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cellarium-XXXXXX", &error);
  g_autofree char *path = NULL;
  CelExperiment exp = { NULL, NULL, NULL };
  int fd;

  g_assert_no_error (error);
  path = g_build_filename (dir, "huge.json", NULL);

  /* A sparse file one byte over the limit: refused from its size, unread. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) CEL_EXPERIMENT_MAX_BYTES + 1), ==, 0);
  close (fd);

  g_assert_false (cel_experiment_load (path, &exp, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
  g_assert_null (exp.model);
  g_clear_error (&error);

  /* A directory and a missing file are errors too, not crashes. */
  g_assert_false (cel_experiment_load (dir, &exp, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (cel_experiment_load (path, &exp, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Round trips ------------------------------------------------------------- */

static void
assert_frames_equal (CelFrame *a,
                     CelFrame *b)
{
  gsize row_bytes;

  g_assert_cmpint (a->format, ==, b->format);
  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  row_bytes = a->width * cel_frame_bytes_per_cell (a->format);
  for (guint y = 0; y < a->height; y++)
    g_assert_cmpmem (a->data + y * a->stride, row_bytes, b->data + y * b->stride, row_bytes);
}

static void
assert_models_equal (CelModel *a,
                     CelModel *b)
{
  g_autofree GParamSpec **params = NULL;
  guint n_params = 0;
  GPtrArray *sa, *sb;

  g_assert_cmpstr (cel_model_get_id (a), ==, cel_model_get_id (b));
  params = cel_model_list_params (a, &n_params);
  for (guint i = 0; i < n_params; i++)
    {
      g_autofree char *va = cel_model_get_param_string (a, params[i]->name);
      g_autofree char *vb = cel_model_get_param_string (b, params[i]->name);

      g_assert_cmpstr (va, ==, vb);
    }

  g_assert_cmpuint (cel_model_get_step (a), ==, cel_model_get_step (b));
  g_assert_cmpuint (cel_model_get_n_fields (a), ==, cel_model_get_n_fields (b));
  for (guint i = 0; i < cel_model_get_n_fields (a); i++)
    {
      g_autoptr(CelFrame) fa = cel_model_render_field (a, i, NULL);
      g_autoptr(CelFrame) fb = cel_model_render_field (b, i, NULL);

      assert_frames_equal (fa, fb);
    }

  sa = cel_model_get_series (a);
  sb = cel_model_get_series (b);
  g_assert_cmpuint (sa->len, ==, sb->len);
  for (guint i = 0; i < sa->len; i++)
    {
      guint na, nb;
      const CelPoint2 *pa = cel_series_get_points (g_ptr_array_index (sa, i), &na);
      const CelPoint2 *pb = cel_series_get_points (g_ptr_array_index (sb, i), &nb);

      g_assert_cmpmem (pa, na * sizeof *pa, pb, nb * sizeof *pb);
    }
}

static CelModel *
make_model (const char        *id,
            const char *const *assignments)
{
  g_autoptr(GError) error = NULL;
  CelModel *model = cel_model_new (id, &error);

  g_assert_no_error (error);
  for (gsize i = 0; assignments[i] != NULL; i += 2)
    {
      cel_model_set_param_string (model, assignments[i], assignments[i + 1], &error);
      g_assert_no_error (error);
    }
  cel_model_reset (model);
  return model;
}

static CelModel *
reload (CelModel *model,
        gboolean  with_state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  CelExperiment exp = { NULL, NULL, NULL };
  gsize length = 0;
  CelModel *copy;

  data = cel_experiment_to_data (model, "round trip", "line 1\nline 2 — ünïcödé",
                                 with_state, &length);
  g_assert_cmpuint (length, ==, strlen (data));
  g_assert_true (cel_experiment_load_data (data, length, &exp, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (exp.name, ==, "round trip");
  g_assert_cmpstr (exp.notes, ==, "line 1\nline 2 — ünïcödé");
  copy = g_steal_pointer (&exp.model);
  cel_experiment_clear (&exp);
  return copy;
}

static void
check_round_trip (const char        *id,
                  const char *const *assignments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CelModel) model = make_model (id, assignments);
  g_autoptr(CelModel) copy = NULL;
  g_autoptr(CelModel) fresh = NULL;
  g_autoptr(CelModel) params_only = NULL;

  /* The parameters really changed from the defaults (else the test proves
   * little): each one set reads back as set. */
  for (gsize i = 0; assignments[i] != NULL; i += 2)
    {
      g_autofree char *value = cel_model_get_param_string (model, assignments[i]);

      g_assert_cmpstr (value, ==, assignments[i + 1]);
    }

  g_assert_cmpuint (cel_model_step (model, 37, NULL, &error), ==, 37);
  g_assert_no_error (error);

  /* With state: the copy is the same now and stays the same as both run. */
  copy = reload (model, TRUE);
  assert_models_equal (model, copy);
  g_assert_cmpuint (cel_model_step (model, 25, NULL, &error), ==, 25);
  g_assert_no_error (error);
  g_assert_cmpuint (cel_model_step (copy, 25, NULL, &error), ==, 25);
  g_assert_no_error (error);
  assert_models_equal (model, copy);

  /* Without state: the parameters (seed included) replay the same run from
   * the start. */
  params_only = reload (model, FALSE);
  fresh = make_model (id, assignments);
  assert_models_equal (params_only, fresh);
  g_assert_cmpuint (cel_model_step (params_only, 62, NULL, &error), ==, 62);
  g_assert_cmpuint (cel_model_step (fresh, 62, NULL, &error), ==, 62);
  assert_models_equal (params_only, fresh);
  assert_models_equal (params_only, model);
}

static void
test_round_trip_life (void)
{
  const char *const assignments[] = {
    "rule", "B36/S23", "width", "48", "height", "40", "topology", "bounded",
    "density", "0.25", "seed", "7", NULL,
  };

  check_round_trip ("life", assignments);
}

static void
test_round_trip_eca (void)
{
  const char *const assignments[] = {
    "rule", "110", "width", "200", "boundary", "fixed", "init", "random",
    "density", "0.375", "history", "64", "seed", "9", NULL,
  };

  check_round_trip ("eca", assignments);
}

static void
test_json_shape (void)
{
  const char *const assignments[] = { "width", "32", "height", "24", NULL };
  g_autoptr(CelModel) model = make_model ("life", assignments);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree GParamSpec **params = NULL;
  g_autofree char *data = NULL;
  JsonObject *root, *parameters;
  guint n_params = 0;
  gsize length = 0;

  for (int with_state = 0; with_state <= 1; with_state++)
    {
      g_clear_pointer (&data, g_free);
      data = cel_experiment_to_data (model, NULL, NULL, with_state, &length);
      g_assert_true (json_parser_load_from_data (parser, data, (gssize) length, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      root = json_node_get_object (json_parser_get_root (parser));

      g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, CEL_EXPERIMENT_FORMAT);
      g_assert_cmpint (json_object_get_int_member (root, "version"), ==, CEL_EXPERIMENT_VERSION);
      g_assert_cmpint (CEL_EXPERIMENT_VERSION, ==, 1);
      g_assert_cmpstr (json_object_get_string_member (root, "model"), ==, "life");
      g_assert_false (json_object_has_member (root, "name"));
      g_assert_cmpint (json_object_has_member (root, "state"), ==, with_state);
      if (with_state)
        g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "state")));

      /* Every declared parameter, as text. */
      parameters = json_object_get_object_member (root, "parameters");
      g_clear_pointer (&params, g_free);
      params = cel_model_list_params (model, &n_params);
      g_assert_cmpuint (json_object_get_size (parameters), ==, n_params);
      for (guint i = 0; i < n_params; i++)
        {
          g_autofree char *value = cel_model_get_param_string (model, params[i]->name);
          JsonNode *node = json_object_get_member (parameters, params[i]->name);

          g_assert_nonnull (node);
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
          g_assert_cmpstr (json_node_get_string (node), ==, value);
        }
      g_assert_cmpstr (json_object_get_string_member (parameters, "width"), ==, "32");
    }
}

static void
test_json_scalars (void)
{
  /* Parameters written as JSON numbers and booleans read as their text. */
  const char *text =
    "{ \"format\": \"cellarium-experiment\", \"version\": 1, \"model\": \"eca\",\n"
    "  \"name\": null,\n"
    "  \"parameters\": { \"rule\": 30, \"width\": 101, \"density\": 0.25, \"seed\": 12 } }";
  g_autoptr(GError) error = NULL;
  CelExperiment exp = { NULL, NULL, NULL };
  g_autofree char *rule = NULL, *width = NULL, *density = NULL, *seed = NULL;
  guint w = 0;

  g_assert_true (cel_experiment_load_data (text, strlen (text), &exp, &error));
  g_assert_no_error (error);
  g_assert_null (exp.name);
  rule = cel_model_get_param_string (exp.model, "rule");
  width = cel_model_get_param_string (exp.model, "width");
  density = cel_model_get_param_string (exp.model, "density");
  seed = cel_model_get_param_string (exp.model, "seed");
  g_assert_cmpstr (rule, ==, "30");
  g_assert_cmpstr (width, ==, "101");
  g_assert_cmpstr (density, ==, "0.25");
  g_assert_cmpstr (seed, ==, "12");
  /* The model was reset from them. */
  cel_model_get_size (exp.model, &w, NULL);
  g_assert_cmpuint (w, ==, 101);
  cel_experiment_clear (&exp);
  g_assert_null (exp.model);
}

/* Saving ------------------------------------------------------------------ */

static guint
count_entries (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_atomic_save (void)
{
  const char *const small[] = { "width", "16", "height", "16", NULL };
  const char *const large[] = { "width", "40", "height", "30", NULL };
  g_autoptr(CelModel) a = make_model ("life", small);
  g_autoptr(CelModel) b = make_model ("life", large);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cellarium-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing_dir = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *subdir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  CelExperiment exp = { NULL, NULL, NULL };

  g_assert_no_error (error);
  path = g_build_filename (dir, "exp.cellarium", NULL);

  /* A new file: only it appears, no temporary file is left. */
  g_assert_true (cel_experiment_save (a, "a", NULL, TRUE, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  expected = cel_experiment_to_data (a, "a", NULL, TRUE, NULL);
  g_assert_cmpstr (contents, ==, expected);

  /* Replacing it. */
  g_assert_true (cel_experiment_save (b, "b", NULL, TRUE, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_true (cel_experiment_load (path, &exp, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (exp.name, ==, "b");
  assert_models_equal (exp.model, b);
  cel_experiment_clear (&exp);

  /* A directory that does not exist: an error, and nothing is created. */
  missing_dir = g_build_filename (dir, "no-such-dir", NULL);
  missing = g_build_filename (missing_dir, "exp.cellarium", NULL);
  g_assert_false (cel_experiment_save (a, NULL, NULL, TRUE, missing, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* A target that cannot be replaced (a non-empty directory): an error, the
   * target untouched and the temporary file cleaned up. */
  subdir = g_build_filename (dir, "taken", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  {
    g_autofree char *inner = g_build_filename (subdir, "keep", NULL);

    g_assert_true (g_file_set_contents (inner, "x", 1, NULL));
    g_assert_false (cel_experiment_save (a, NULL, NULL, TRUE, subdir, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_true (g_file_test (inner, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (count_entries (dir), ==, 2);
    g_assert_cmpint (g_unlink (inner), ==, 0);
  }

  /* And the earlier file is still the complete second save. */
  g_assert_true (cel_experiment_load (path, &exp, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (exp.name, ==, "b");
  cel_experiment_clear (&exp);

  g_assert_cmpint (g_rmdir (subdir), ==, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/blob/round-trip", test_blob_round_trip);
  g_test_add_func ("/blob/bad-text", test_blob_bad_text);
  g_test_add_func ("/blob/bad-stream", test_blob_bad_stream);
  g_test_add_func ("/blob/bomb", test_blob_bomb);
  g_test_add_func ("/experiment/corrupt-files", test_corrupt_files);
  g_test_add_func ("/experiment/deep-nesting", test_deep_nesting);
  g_test_add_func ("/experiment/too-large", test_too_large);
  g_test_add_func ("/experiment/round-trip/life", test_round_trip_life);
  g_test_add_func ("/experiment/round-trip/eca", test_round_trip_eca);
  g_test_add_func ("/experiment/json-shape", test_json_shape);
  g_test_add_func ("/experiment/json-scalars", test_json_scalars);
  g_test_add_func ("/experiment/atomic-save", test_atomic_save);

  return g_test_run ();
}
