/* The Flatpak manifest (flatpak/io.github.cellarium.Cellarium.json), checked
 * without a network: it is valid JSON of the expected shape; the sandbox
 * gets only wayland, fallback-x11, dri and ipc (files come through the
 * portal, never --filesystem); OpenBLAS is built from a checksummed release
 * tarball with runtime CPU dispatch and 32-bit integers; and every
 * dependency('…') in the project's meson files is provided either by the
 * GNOME runtime or by a module of the manifest. */
#include <json-glib/json-glib.h>

#define APP_ID "io.github.cellarium.Cellarium"

/* Libraries the GNOME runtime (org.gnome.Platform 45 and later) ships with
 * their pkg-config files in the SDK, and meson's own built-in dependencies. */
static const char *const runtime_provides[] = {
  "glib-2.0", "gobject-2.0", "gio-2.0", "json-glib-1.0",
  "gtk4", "libadwaita-1", "epoxy", "cairo", "pangocairo",
  "threads",
  NULL
};

/* What each module of the manifest installs for pkg-config: OpenBLAS's
 * `make install` writes openblas.pc, and the module installs flatpak/lapacke.pc
 * for the LAPACKE that OpenBLAS builds into libopenblas. */
static const struct {
  const char *module;
  const char *provides;
} module_provides[] = {
  { "openblas", "openblas" },
  { "openblas", "lapacke" },
};

static char *
source_path (const char *first, ...)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, "..");
  va_start (args, first);
  for (const char *p = first; p; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static JsonObject *
load_manifest (JsonParser *parser)
{
  g_autofree char *path = source_path ("flatpak", APP_ID ".json", NULL);
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static JsonObject *
find_module (JsonObject *manifest, const char *name)
{
  JsonArray *modules = json_object_get_array_member (manifest, "modules");

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      if (g_strcmp0 (json_object_get_string_member (module, "name"), name) == 0)
        return module;
    }
  return NULL;
}

/* The build commands of a module joined by newlines. */
static char *
module_commands (JsonObject *module)
{
  JsonArray *commands = json_object_get_array_member (module, "build-commands");
  g_autoptr (GString) all = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (commands); i++)
    g_string_append_printf (all, "%s\n", json_array_get_string_element (commands, i));
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static void
test_shape (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonObject *app;
  JsonArray *modules;
  const char *version;

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "cellarium");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");

  /* GNOME 45 is the oldest runtime still maintained when this was written;
   * its GTK 4.12 and libadwaita 1.4 are above our minimums (4.8 and 1.2). */
  version = json_object_get_string_member (manifest, "runtime-version");
  g_assert_true (g_ascii_string_to_unsigned (version, 10, 45, 999, NULL, NULL));

  /* The application itself is the last module, built with meson from the
   * repository the manifest sits in. */
  modules = json_object_get_array_member (manifest, "modules");
  app = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (app, "name"), ==, "cellarium");
  g_assert_cmpstr (json_object_get_string_member (app, "buildsystem"), ==, "meson");
}

static void
test_finish_args (void)
{
  static const char *const allowed[] = {
    "--socket=wayland", "--socket=fallback-x11", "--device=dri", "--share=ipc", NULL
  };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *args = json_object_get_array_member (manifest, "finish-args");
  guint found = 0;

  for (guint i = 0; i < json_array_get_length (args); i++)
    {
      const char *arg = json_array_get_string_element (args, i);

      g_assert_false (g_str_has_prefix (arg, "--filesystem"));
      if (!g_strv_contains (allowed, arg))
        g_error ("finish-args grants %s, beyond what the app needs", arg);
      found++;
    }
  g_assert_cmpuint (found, ==, g_strv_length ((char **) allowed));
}

static void
test_openblas (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonObject *module = find_module (manifest, "openblas");
  g_autofree char *commands = NULL;
  g_autofree char *pc_path = source_path ("flatpak", "lapacke.pc", NULL);
  g_autofree char *pc = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *sources;
  JsonObject *archive;
  const char *sha256;

  g_assert_nonnull (module);
  commands = module_commands (module);
  /* Kernels for every CPU, chosen at run time; the default 32-bit LAPACK
   * integers that lapacke.h declares for our calls. */
  g_assert_nonnull (strstr (commands, "DYNAMIC_ARCH=1"));
  g_assert_null (strstr (commands, "INTERFACE64=1"));
  g_assert_nonnull (strstr (commands, "PREFIX=/app install"));
  g_assert_nonnull (strstr (commands, "/app/lib/pkgconfig/lapacke.pc"));

  sources = json_object_get_array_member (module, "sources");
  archive = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (json_object_get_string_member (archive, "type"), ==, "archive");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (archive, "url"),
                                   "https://github.com/OpenMathLib/OpenBLAS/releases/download/"));
  sha256 = json_object_get_string_member (archive, "sha256");
  g_assert_cmpuint (strlen (sha256), ==, 64);
  for (const char *c = sha256; *c; c++)
    g_assert_true (g_ascii_isxdigit (*c) && !g_ascii_isupper (*c));

  /* The pkg-config file the module installs resolves to libopenblas. */
  g_file_get_contents (pc_path, &pc, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (pc, "\nName: LAPACKE\n"));
  g_assert_nonnull (strstr (pc, "\nLibs: -L${libdir} -lopenblas\n"));
}

/* Collects dependency('name') from a meson.build and the meson.build files
 * of the subdir('…') calls in it, as meson itself walks the tree. */
typedef struct {
  GRegex    *dependency;
  GRegex    *subdir;
  GPtrArray *found;
} Scan;

static void
scan_meson (Scan *scan, const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "meson.build", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr (GMatchInfo) match = NULL;

      if (g_str_has_prefix (g_strchug (lines[i]), "#"))
        continue;
      for (g_regex_match (scan->dependency, lines[i], 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        g_ptr_array_add (scan->found, g_match_info_fetch (match, 1));
      g_clear_pointer (&match, g_match_info_unref);
      for (g_regex_match (scan->subdir, lines[i], 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);
          g_autofree char *sub = g_build_filename (dir, name, NULL);
          scan_meson (scan, sub);
        }
    }
}

static void
test_dependencies (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  g_autoptr (GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GRegex) dependency = g_regex_new ("(?<![a-z_])dependency\\s*\\(\\s*'([^']+)'", 0, 0, NULL);
  g_autoptr (GRegex) subdir = g_regex_new ("(?<![a-z_])subdir\\s*\\(\\s*'([^']+)'", 0, 0, NULL);
  g_autofree char *root = source_path (NULL);
  gboolean saw_openblas = FALSE, saw_gtk = FALSE;
  Scan scan = { dependency, subdir, deps };

  scan_meson (&scan, root);
  for (guint i = 0; i < deps->len; i++)
    {
      const char *dep = deps->pdata[i];
      gboolean provided = g_strv_contains (runtime_provides, dep);

      for (guint j = 0; !provided && j < G_N_ELEMENTS (module_provides); j++)
        provided = g_str_equal (module_provides[j].provides, dep) &&
                   find_module (manifest, module_provides[j].module) != NULL;
      if (!provided)
        g_error ("dependency('%s') is neither in the GNOME runtime nor built by a module of "
                 "the Flatpak manifest", dep);
      saw_openblas |= g_str_equal (dep, "openblas");
      saw_gtk |= g_str_equal (dep, "gtk4");
    }
  /* The scan reached the root and the ui/ folder. */
  g_assert_true (saw_openblas);
  g_assert_true (saw_gtk);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flatpak/shape", test_shape);
  g_test_add_func ("/flatpak/finish-args", test_finish_args);
  g_test_add_func ("/flatpak/openblas", test_openblas);
  g_test_add_func ("/flatpak/dependencies", test_dependencies);
  return g_test_run ();
}
