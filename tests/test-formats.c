/* test-formats.c — RLE and .cells patterns, hostile pattern files, PNG
 * output and colormaps.
 *
 * Known numbers: the populations and bounding boxes of the classic
 * patterns (glider 5 in 3×3, LWSS 9 in 5×4, R-pentomino 5, diehard 7,
 * acorn 7, pulsar 48 in 13×13, pentadecathlon 12, Gosper gun 36 in 36×9),
 * the extended-RLE state letters Golly defines (A = 1 … X = 24, pA = 25,
 * qA = 49, yO = 255), the PNG layout (signature, 13-byte IHDR, CRC-32 of
 * each chunk; the CRC of an empty IEND chunk is 0xae426082) and the
 * published end colours of viridis (#440154, #fde725) and magma (#000004,
 * #fcfdbf).
 */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cel-error.h"
#include "cel-frame.h"
#include "cel-png.h"
#include "formats/cel-pattern.h"

/* ---- Helpers ----------------------------------------------------------- */

static CelPattern *
load_test_pattern (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "patterns", name, NULL);
  g_autoptr(GError) error = NULL;
  CelPattern *pattern = cel_pattern_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pattern);
  return pattern;
}

static CelPattern *
parse_rle_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  CelPattern *pattern = cel_pattern_parse_rle (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (pattern);
  return pattern;
}

static void
assert_patterns_equal (const CelPattern *a, const CelPattern *b)
{
  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  if ((gsize) a->width * a->height > 0)
    g_assert_cmpmem (a->cells, (gsize) a->width * a->height,
                     b->cells, (gsize) b->width * b->height);
  g_assert_cmpstr (a->rule, ==, b->rule);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpuint (a->comments->len, ==, b->comments->len);
  for (guint i = 0; i < a->comments->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->comments, i), ==,
                     g_ptr_array_index (b->comments, i));
}

/* Writes p as RLE, parses it back and checks that nothing changed and that
 * writing again gives the same bytes. Returns the RLE text. */
static char *
assert_rle_round_trip (const CelPattern *p)
{
  g_autoptr(CelPattern) back = NULL;
  g_autofree char *again = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_body = FALSE;
  char *text = cel_pattern_to_rle (p);

  back = parse_rle_ok (text);
  assert_patterns_equal (p, back);
  again = cel_pattern_to_rle (back);
  g_assert_cmpstr (text, ==, again);
  g_assert_true (g_str_has_suffix (text, "!\n"));

  /* Pattern lines (after the header) are at most 70 characters. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (in_body)
        g_assert_cmpuint (strlen (lines[i]), <=, 70);
      else if (lines[i][0] == 'x')
        in_body = TRUE;
    }
  g_assert_true (in_body);
  return text;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cellarium-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- RLE reading ------------------------------------------------------- */

static void
test_rle_glider (void)
{
  g_autoptr(CelPattern) p = load_test_pattern ("glider.rle");
  static const guint8 expected[9] = {
    0, 1, 0,
    0, 0, 1,
    1, 1, 1,
  };

  g_assert_cmpuint (p->width, ==, 3);
  g_assert_cmpuint (p->height, ==, 3);
  g_assert_cmpmem (p->cells, 9, expected, 9);
  g_assert_cmpuint (cel_pattern_population (p), ==, 5);
  g_assert_cmpstr (p->rule, ==, "B3/S23");
  g_assert_cmpstr (p->name, ==, "Glider");
  g_assert_cmpuint (p->comments->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (p->comments, 0), ==, "#O Richard K. Guy");
  g_assert_true (g_str_has_prefix (g_ptr_array_index (p->comments, 1), "The smallest spaceship"));
  g_assert_cmpuint (cel_pattern_get (p, 1, 0), ==, 1);
  g_assert_cmpuint (cel_pattern_get (p, 0, 0), ==, 0);
  /* Outside the pattern everything is dead. */
  g_assert_cmpuint (cel_pattern_get (p, 3, 0), ==, 0);
  g_assert_cmpuint (cel_pattern_get (p, 0, 1000), ==, 0);
}

static void
test_rle_gosper_gun (void)
{
  g_autoptr(CelPattern) p = load_test_pattern ("gosper-gun.rle");

  g_assert_cmpuint (p->width, ==, 36);
  g_assert_cmpuint (p->height, ==, 9);
  g_assert_cmpuint (cel_pattern_population (p), ==, 36);
  /* The two 2×2 blocks at the ends of the gun. */
  g_assert_cmpuint (cel_pattern_get (p, 0, 4), ==, 1);
  g_assert_cmpuint (cel_pattern_get (p, 1, 5), ==, 1);
  g_assert_cmpuint (cel_pattern_get (p, 34, 2), ==, 1);
  g_assert_cmpuint (cel_pattern_get (p, 35, 3), ==, 1);
}

static void
test_rle_known_patterns (void)
{
  static const struct {
    const char *file;
    guint width, height;
    guint64 population;
  } known[] = {
    { "glider.rle",          3,  3,  5 },
    { "lwss.rle",            5,  4,  9 },
    { "r-pentomino.rle",     3,  3,  5 },
    { "diehard.rle",         8,  3,  7 },
    { "acorn.rle",           7,  3,  7 },
    { "pulsar.rle",         13, 13, 48 },
    { "pentadecathlon.rle", 10,  3, 12 },
    { "gosper-gun.rle",     36,  9, 36 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(CelPattern) p = load_test_pattern (known[i].file);

      g_test_message ("%s", known[i].file);
      g_assert_cmpuint (p->width, ==, known[i].width);
      g_assert_cmpuint (p->height, ==, known[i].height);
      g_assert_cmpuint (cel_pattern_population (p), ==, known[i].population);
      g_assert_cmpstr (p->rule, ==, "B3/S23");
    }
}

/* The files in tests/patterns are written in normal form: writing what
 * was read gives back the same bytes. */
static void
test_rle_normalised_files (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "patterns", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *written = NULL;
      g_autoptr(CelPattern) p = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", name);
      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      p = cel_pattern_load (path, &error);
      g_assert_no_error (error);
      if (g_str_has_suffix (name, ".rle"))
        written = assert_rle_round_trip (p);
      else
        written = cel_pattern_to_cells (p);
      g_assert_cmpstr (written, ==, contents);
      count++;
    }
  g_assert_cmpuint (count, >=, 10);
}

/* Free-form input: white space and line breaks anywhere, runs written out,
 * no spaces in the header, CRLF line ends. Its normal form is fixed. */
static void
test_rle_free_form (void)
{
  static const char input[] =
    "#C glider, loosely written\r\n"
    "x=3,y=3,rule=B3/S23\r\n"
    "b o b $ b b\r\n o $\n"
    "o\n o 1o !  trailing text after the end is ignored: x = 9, y = 9";
  static const char expected[] =
    "#C glider, loosely written\n"
    "x = 3, y = 3, rule = B3/S23\n"
    "bo$2bo$3o!\n";
  g_autoptr(CelPattern) p = parse_rle_ok (input);
  g_autoptr(CelPattern) glider = load_test_pattern ("glider.rle");
  g_autofree char *text = cel_pattern_to_rle (p);

  g_assert_cmpmem (p->cells, 9, glider->cells, 9);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_rle_random_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);

  for (guint round = 0; round < 200; round++)
    {
      guint w = g_rand_int_range (rand, 1, 150);
      guint h = g_rand_int_range (rand, 1, 40);
      guint max_state = round % 4 == 0 ? 255 : round % 4 == 1 ? 3 : 1;
      double density = g_rand_double (rand);
      g_autoptr(CelPattern) p = cel_pattern_new (w, h);
      g_autofree char *text = NULL;

      for (guint y = 0; y < h; y++)
        for (guint x = 0; x < w; x++)
          if (g_rand_double (rand) < density)
            cel_pattern_set (p, x, y, (guint8) g_rand_int_range (rand, 1, max_state + 1));
      if (round % 3 != 0)
        p->rule = g_strdup (max_state > 1 ? "/2/3" : "B36/S23");
      if (round % 5 == 0)
        {
          p->name = g_strdup_printf ("Random pattern %u", round);
          g_ptr_array_add (p->comments, g_strdup ("A comment"));
          g_ptr_array_add (p->comments, g_strdup (""));
          g_ptr_array_add (p->comments, g_strdup ("#O Someone"));
        }
      text = assert_rle_round_trip (p);
      g_assert_cmpint (strstr (text, "rule = ") != NULL, ==, p->rule != NULL);
    }
}

static void
test_rle_multistate (void)
{
  g_autoptr(CelPattern) brain = load_test_pattern ("brians-brain-sample.rle");
  g_autoptr(CelPattern) p = cel_pattern_new (6, 1);
  g_autoptr(CelPattern) back = NULL;
  g_autofree char *text = NULL;
  guint counts[3] = { 0, 0, 0 };

  /* Brian's Brain: states 0 (ready), 1 (firing) and 2 (refractory). */
  g_assert_cmpstr (brain->rule, ==, "/2/3");
  for (guint i = 0; i < brain->width * brain->height; i++)
    {
      g_assert_cmpuint (brain->cells[i], <=, 2);
      counts[brain->cells[i]]++;
    }
  g_assert_cmpuint (counts[1], ==, 4);
  g_assert_cmpuint (counts[2], ==, 4);
  g_assert_cmpuint (cel_pattern_get (brain, 0, 0), ==, 2);
  g_assert_cmpuint (cel_pattern_get (brain, 0, 1), ==, 1);
  g_free (assert_rle_round_trip (brain));

  /* Golly's letters: A–X are 1–24, then pA–pX 25–48, qA 49, …, yO 255. */
  cel_pattern_set (p, 0, 0, 24);
  cel_pattern_set (p, 1, 0, 25);
  cel_pattern_set (p, 2, 0, 48);
  cel_pattern_set (p, 3, 0, 49);
  cel_pattern_set (p, 4, 0, 255);
  cel_pattern_set (p, 5, 0, 1);
  p->rule = g_strdup ("/2/255");
  text = assert_rle_round_trip (p);
  g_assert_nonnull (strstr (text, "\nXpApXqAyOA!\n"));

  back = parse_rle_ok ("x = 4, y = 1, rule = /2/3\n.A2pB!\n");
  g_assert_cmpuint (cel_pattern_get (back, 0, 0), ==, 0);
  g_assert_cmpuint (cel_pattern_get (back, 1, 0), ==, 1);
  g_assert_cmpuint (cel_pattern_get (back, 2, 0), ==, 26);
  g_assert_cmpuint (cel_pattern_get (back, 3, 0), ==, 26);
}

static void
test_rle_comments (void)
{
  static const char input[] =
    "#N   Name with spaces  \n"
    "#C First comment\n"
    "#c lower-case comment\n"
    "#C\n"
    "#O Author Person, 1970\n"
    "#CXRLE Pos=-2,-2\n"
    "#C #hash inside a comment\n"
    "#D A line Golly does not define\n"
    "#C bad \xff\xfe bytes\n"
    "#r B36/S23\n"
    "x = 2, y = 1\n"
    "2o!\n"
    "#C after the end: ignored\n";
  static const char expected[] =
    "#N Name with spaces\n"
    "#C First comment\n"
    "#C lower-case comment\n"
    "#C\n"
    "#O Author Person, 1970\n"
    "#CXRLE Pos=-2,-2\n"
    "#C #hash inside a comment\n"
    "#D A line Golly does not define\n";
  g_autoptr(CelPattern) p = parse_rle_ok (input);
  g_autofree char *text = NULL;

  g_assert_cmpstr (p->name, ==, "Name with spaces");
  /* The #r line gives the rule when the header has none. */
  g_assert_cmpstr (p->rule, ==, "B36/S23");
  g_assert_cmpuint (p->comments->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (p->comments, 0), ==, "First comment");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 1), ==, "lower-case comment");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 2), ==, "");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 3), ==, "#O Author Person, 1970");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 4), ==, "#CXRLE Pos=-2,-2");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 5), ==, "#C #hash inside a comment");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 6), ==, "#D A line Golly does not define");
  /* Invalid UTF-8 is replaced, never passed on. */
  for (guint i = 0; i < p->comments->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (p->comments, i), -1, NULL));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (p->comments, 7), "bad "));

  text = assert_rle_round_trip (p);
  g_assert_true (g_str_has_prefix (text, expected));
  g_assert_true (g_str_has_suffix (text, "x = 2, y = 1, rule = B36/S23\n2o!\n"));

  /* A header rule wins over #r. */
  g_clear_pointer (&p, cel_pattern_free);
  p = parse_rle_ok ("#r B36/S23\nx = 1, y = 1, rule = B3/S23\no!\n");
  g_assert_cmpstr (p->rule, ==, "B3/S23");
}

static void
test_rle_tolerance (void)
{
  g_autoptr(CelPattern) p = NULL;
  g_autofree char *text = NULL;

  /* Cells beyond the header's size make the pattern grow (as in Golly). */
  p = parse_rle_ok ("x = 2, y = 1, rule = B3/S23\n4bo$$o!\n");
  g_assert_cmpuint (p->width, ==, 5);
  g_assert_cmpuint (p->height, ==, 3);
  g_assert_cmpuint (cel_pattern_get (p, 4, 0), ==, 1);
  g_assert_cmpuint (cel_pattern_get (p, 0, 2), ==, 1);
  g_clear_pointer (&p, cel_pattern_free);

  /* A header larger than its cells keeps the margin (round trips need
   * it), without a rule the rule stays unset, and a byte order mark is
   * skipped. */
  p = parse_rle_ok ("\xef\xbb\xbfx = 10, y = 7\n$bo!");
  g_assert_cmpuint (p->width, ==, 10);
  g_assert_cmpuint (p->height, ==, 7);
  g_assert_null (p->rule);
  g_assert_cmpuint (cel_pattern_get (p, 1, 1), ==, 1);
  text = assert_rle_round_trip (p);
  g_assert_cmpstr (text, ==, "x = 10, y = 7\n$bo!\n");
  g_clear_pointer (&p, cel_pattern_free);

  /* A header may claim a huge field, but without cells to back it the
   * pattern is only as big as its cells: no 256 MB allocation for a
   * 50-byte file. */
  p = parse_rle_ok ("x = 16384, y = 16384, rule = B3/S23\n2$3bo!\n");
  g_assert_cmpuint (p->width, ==, 4);
  g_assert_cmpuint (p->height, ==, 3);
  g_assert_cmpuint (cel_pattern_population (p), ==, 1);
  g_clear_pointer (&p, cel_pattern_free);

  /* Empty patterns. */
  p = parse_rle_ok ("x = 0, y = 0, rule = B3/S23\n!\n");
  g_assert_cmpuint (p->width, ==, 0);
  g_assert_cmpuint (p->height, ==, 0);
  g_assert_cmpuint (cel_pattern_population (p), ==, 0);
  g_clear_pointer (&text, g_free);
  text = assert_rle_round_trip (p);
  g_assert_cmpstr (text, ==, "x = 0, y = 0, rule = B3/S23\n!\n");
  g_clear_pointer (&p, cel_pattern_free);

  /* Lines break between items, at 70 characters. */
  p = cel_pattern_new (200, 1);
  for (guint x = 0; x < 200; x += 2)
    cel_pattern_set (p, x, 0, 1);
  g_clear_pointer (&text, g_free);
  text = assert_rle_round_trip (p);
  g_assert_cmpstr (text, ==,
                   "x = 200, y = 1\n"
                   "obobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobob\n"
                   "obobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobobob\n"
                   "obobobobobobobobobobobobobobobobobobobobobobobobobobobobobo!\n");
}

/* ---- Plaintext ---------------------------------------------------------- */

static void
test_cells (void)
{
  static const char loose[] =
    "!Name: Glider, loosely\n"
    "!\n"
    "!A comment\n"
    "\n"
    ".*\n"
    "..O   \r\n"
    "***\n"
    "\n"
    "\n";
  g_autoptr(CelPattern) cells = load_test_pattern ("glider.cells");
  g_autoptr(CelPattern) rle = load_test_pattern ("glider.rle");
  g_autoptr(CelPattern) p = NULL;
  g_autoptr(CelPattern) gaps = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (cells->width, ==, 3);
  g_assert_cmpuint (cells->height, ==, 3);
  g_assert_cmpmem (cells->cells, 9, rle->cells, 9);
  g_assert_cmpstr (cells->name, ==, "Glider");
  g_assert_null (cells->rule);
  g_assert_cmpuint (cells->comments->len, ==, 1);

  /* Trimmed rows are padded, "*" is alive, trailing blank lines drop. */
  p = cel_pattern_parse_cells (loose, strlen (loose), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p->width, ==, 3);
  g_assert_cmpuint (p->height, ==, 3);
  g_assert_cmpmem (p->cells, 9, rle->cells, 9);
  g_assert_cmpstr (p->name, ==, "Glider, loosely");
  g_assert_cmpuint (p->comments->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (p->comments, 0), ==, "");
  g_assert_cmpstr (g_ptr_array_index (p->comments, 1), ==, "A comment");
  text = cel_pattern_to_cells (p);
  g_assert_cmpstr (text, ==, "!Name: Glider, loosely\n!\n!A comment\n.O.\n..O\nOOO\n");

  /* A blank line between rows is an empty row. */
  gaps = cel_pattern_parse_cells ("O\n\nO\n", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gaps->height, ==, 3);
  g_assert_cmpuint (cel_pattern_population (gaps), ==, 2);
}

static void
test_detect (void)
{
  static const char rle[] = "x = 1, y = 1\no!\n";
  static const char cells[] = "O\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CelPattern) a = NULL;
  g_autoptr(CelPattern) b = NULL;
  g_autoptr(CelPattern) c = NULL;

  /* Content decides, whatever the name says. */
  a = cel_pattern_parse (rle, strlen (rle), "pattern.cells", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cel_pattern_population (a), ==, 1);
  b = cel_pattern_parse (cells, strlen (cells), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cel_pattern_population (b), ==, 1);

  /* Life 1.06 and macrocell are named as unsupported. */
  c = cel_pattern_parse ("#Life 1.06\n0 0\n", 15, "x.lif", &error);
  g_assert_null (c);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  c = cel_pattern_parse ("[M2] (golly 3.3)\n", 17, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Garbage: the name picks the parser that reports it. */
  c = cel_pattern_parse ("hello", 5, "x.rle", &error);
  g_assert_null (c);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Line 1"));
  g_clear_error (&error);
  c = cel_pattern_parse ("", 0, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
}

static void
test_save_and_load (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *rle_path = g_build_filename (dir, "gun.RLE", NULL);
  g_autofree char *cells_path = g_build_filename (dir, "gun.cells", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "gun.txt", NULL);
  g_autoptr(CelPattern) gun = load_test_pattern ("gosper-gun.rle");
  g_autoptr(CelPattern) a = NULL;
  g_autoptr(CelPattern) b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cel_pattern_save (gun, rle_path, &error));
  g_assert_no_error (error);
  a = cel_pattern_load (rle_path, &error);
  g_assert_no_error (error);
  assert_patterns_equal (gun, a);

  g_assert_true (cel_pattern_save (gun, cells_path, &error));
  g_assert_no_error (error);
  b = cel_pattern_load (cells_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (b->width, ==, 36);
  g_assert_cmpuint (b->height, ==, 9);
  g_assert_cmpmem (b->cells, 36 * 9, gun->cells, 36 * 9);
  g_assert_cmpstr (b->name, ==, gun->name);

  g_assert_false (cel_pattern_save (gun, bad_path, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  remove_temp_dir (dir);
}

/* A file over 64 MiB is refused before it is read (the file is sparse,
 * so this costs no disk space). */
static void
test_load_too_large (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "huge.rle", NULL);
  g_autoptr(GError) error = NULL;
  CelPattern *p;
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, ((off_t) 64 << 20) + 1), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);

  p = cel_pattern_load (path, &error);
  g_assert_null (p);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  p = cel_pattern_load ("/nonexistent/dir/pattern.rle", &error);
  g_assert_null (p);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  remove_temp_dir (dir);
}

/* ---- Hostile input ------------------------------------------------------ */

static void
test_corrupt_files (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "corrupt-patterns", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      CelPattern *p;

      p = cel_pattern_load (path, &error);
      g_test_message ("%s: %s", name, error != NULL ? error->message : "(loaded)");
      g_assert_null (p);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CEL_ERROR);
      g_assert_true (error->code == CEL_ERROR_PARSE
                     || error->code == CEL_ERROR_TOO_LARGE
                     || error->code == CEL_ERROR_UNSUPPORTED);
      /* The message names the file. */
      g_assert_nonnull (strstr (error->message, name));
      g_clear_error (&error);

      /* Whatever the file is, neither reader crashes on it. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_clear_pointer (&p, cel_pattern_free);
      p = cel_pattern_parse_rle (contents, length, &error);
      g_assert_true ((p == NULL) != (error == NULL));
      g_clear_pointer (&p, cel_pattern_free);
      g_clear_error (&error);
      p = cel_pattern_parse_cells (contents, length, &error);
      g_assert_true ((p == NULL) != (error == NULL));
      g_clear_pointer (&p, cel_pattern_free);
      count++;
    }
  g_assert_cmpuint (count, >=, 12);
}

static void
test_corrupt_messages (void)
{
  static const struct {
    const char *text;
    CelError    code;
    const char *fragment;
  } cases[] = {
    { "#C one\n#C two\nx = 3, y = 3\nbo$2bz$3o!\n", CEL_ERROR_PARSE,     "Line 4" },
    { "x = 3, y = 3\n\n\nbo$2bo$3o\n",              CEL_ERROR_PARSE,     "Line 4" },
    { "x = 3, y = 3\n99999999999o!\n",              CEL_ERROR_TOO_LARGE, "Line 2" },
    { "x = 4000000000, y = 1\no!\n",                CEL_ERROR_TOO_LARGE, "Line 1" },
    { "x = -1, y = 1\no!\n",                        CEL_ERROR_PARSE,     "width" },
    { "x = 1, y = 1\nqZ!\n",                        CEL_ERROR_PARSE,     "“q”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      CelPattern *p = cel_pattern_parse_rle (cases[i].text, strlen (cases[i].text), &error);

      g_assert_null (p);
      g_assert_error (error, CEL_ERROR, (gint) cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

/* ---- Golly's own collection --------------------------------------------- */

/* The header's claimed size, read independently of the parser. */
static guint64
header_cells (const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 w, h;

      if (sscanf (lines[i], "x = %" G_GUINT64_FORMAT ", y = %" G_GUINT64_FORMAT, &w, &h) == 2)
        return w * h;
    }
  return 0;
}

static void
walk_golly (const char *dir, guint *loaded, guint *too_large, GPtrArray *failures)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CelPattern) p = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          walk_golly (path, loaded, too_large, failures);
          continue;
        }
      if (!g_str_has_suffix (name, ".rle") && !g_str_has_suffix (name, ".cells"))
        continue;

      p = cel_pattern_load (path, &error);
      if (p != NULL)
        {
          (*loaded)++;
          continue;
        }
      if (g_error_matches (error, CEL_ERROR, CEL_ERROR_TOO_LARGE))
        {
          g_autofree char *contents = NULL;

          /* Only patterns whose own header claims more cells than a
           * pattern may hold are allowed to be refused. */
          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          if (header_cells (contents) > CEL_PATTERN_MAX_CELLS)
            {
              g_test_message ("too large (accepted): %s", error->message);
              (*too_large)++;
              continue;
            }
        }
      g_ptr_array_add (failures, g_strdup (error->message));
    }
}

static void
test_golly_collection (void)
{
  static const char *const dirs[] = {
    "/usr/share/golly/Patterns/Life",
    "/usr/share/golly/Patterns/Life-Like",
  };
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  guint loaded = 0, too_large = 0;

  if (!g_file_test (dirs[0], G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Golly's pattern collection is not installed (Debian package golly)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (g_file_test (dirs[i], G_FILE_TEST_IS_DIR))
      walk_golly (dirs[i], &loaded, &too_large, failures);

  g_test_message ("Golly patterns: %u loaded, %u larger than %" G_GUINT64_FORMAT
                  " cells, %u failed", loaded, too_large, CEL_PATTERN_MAX_CELLS,
                  failures->len);
  for (guint i = 0; i < failures->len; i++)
    g_test_message ("failed: %s", (const char *) g_ptr_array_index (failures, i));
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (failures->len, ==, 0);
}

/* ---- PNG ---------------------------------------------------------------- */

/* Bit-at-a-time CRC-32, independent of the table-driven one in cel-png.c. */
static guint32
reference_crc32 (const guint8 *data, gsize length)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static gboolean
same_rgb (const guint8 *a, const guint8 *b)
{
  return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

static guint8
paeth (guint8 a, guint8 b, guint8 c)
{
  int p = (int) a + b - c;
  int pa = ABS (p - a), pb = ABS (p - b), pc = ABS (p - c);

  if (pa <= pb && pa <= pc)
    return a;
  return pb <= pc ? b : c;
}

/* Reads an 8-bit RGBA PNG written by cel_png_write_rgba, checking its
 * structure on the way; returns width × height × 4 bytes. */
static guint8 *
decode_png (const char *path, guint *width, guint *height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guint8 *file = NULL;
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GConverter) inflater = NULL;
  g_autoptr(GInputStream) mem = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *pixels;
  gsize length, pos = 8, row_bytes;
  gboolean seen_iend = FALSE;
  guint chunk = 0;

  g_assert_true (g_file_get_contents (path, (char **) &file, &length, &error));
  g_assert_cmpuint (length, >, 8 + 25 + 12);
  g_assert_cmpmem (file, 8, signature, 8);

  while (pos < length)
    {
      guint32 len, crc;
      const guint8 *type;

      g_assert_false (seen_iend);
      g_assert_cmpuint (pos + 12, <=, length);
      len = read_be32 (file + pos);
      g_assert_cmpuint (pos + 12 + len, <=, length);
      type = file + pos + 4;
      crc = read_be32 (file + pos + 8 + len);
      g_assert_cmphex (crc, ==, reference_crc32 (type, 4 + len));

      if (chunk == 0)
        {
          const guint8 *ihdr = type + 4;

          g_assert_cmpmem (type, 4, "IHDR", 4);
          g_assert_cmpuint (len, ==, 13);
          *width = read_be32 (ihdr);
          *height = read_be32 (ihdr + 4);
          g_assert_cmpuint (ihdr[8], ==, 8);   /* bit depth */
          g_assert_cmpuint (ihdr[9], ==, 6);   /* RGBA */
          g_assert_cmpuint (ihdr[10], ==, 0);  /* deflate */
          g_assert_cmpuint (ihdr[11], ==, 0);  /* adaptive filters */
          g_assert_cmpuint (ihdr[12], ==, 0);  /* no interlace */
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        g_byte_array_append (idat, type + 4, len);
      else
        {
          g_assert_cmpmem (type, 4, "IEND", 4);
          g_assert_cmpuint (len, ==, 0);
          g_assert_cmphex (crc, ==, 0xae426082u);
          seen_iend = TRUE;
        }
      pos += 12 + len;
      chunk++;
    }
  g_assert_true (seen_iend);
  g_assert_cmpuint (idat->len, >, 0);

  inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
  mem = g_memory_input_stream_new_from_data (idat->data, idat->len, NULL);
  in = g_converter_input_stream_new (mem, inflater);
  for (;;)
    {
      guint8 buf[4096];
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        break;
      g_byte_array_append (raw, buf, (guint) n);
    }

  row_bytes = (gsize) *width * 4;
  g_assert_cmpuint (raw->len, ==, (row_bytes + 1) * *height);
  pixels = g_malloc0 (row_bytes * *height);
  for (guint y = 0; y < *height; y++)
    {
      const guint8 *src = raw->data + y * (row_bytes + 1);
      guint8 *dst = pixels + y * row_bytes;
      const guint8 *up = y > 0 ? dst - row_bytes : NULL;

      g_assert_cmpuint (src[0], <=, 4);
      for (gsize i = 0; i < row_bytes; i++)
        {
          guint8 a = i >= 4 ? dst[i - 4] : 0;
          guint8 b = up != NULL ? up[i] : 0;
          guint8 c = up != NULL && i >= 4 ? up[i - 4] : 0;
          guint8 x = src[1 + i];

          switch (src[0])
            {
            case 0: dst[i] = x; break;
            case 1: dst[i] = x + a; break;
            case 2: dst[i] = x + b; break;
            case 3: dst[i] = x + (guint8) (((guint) a + b) / 2); break;
            default: dst[i] = x + paeth (a, b, c); break;
            }
        }
    }
  return pixels;
}

static void
test_png_rgba (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "gradient.png", NULL);
  g_autofree guint8 *image = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GError) error = NULL;
  const guint w = 17, h = 5;
  const gsize stride = w * 4 + 12;   /* rows padded beyond the pixels */
  guint rw = 0, rh = 0;

  image = g_malloc0 (stride * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint8 *px = image + y * stride + x * 4;

        px[0] = (guint8) (x * 15);
        px[1] = (guint8) (y * 60);
        px[2] = (guint8) ((x * y * 37) & 0xff);
        px[3] = (guint8) (255 - x);
      }
  g_assert_true (cel_png_write_rgba (path, image, w, h, stride, &error));
  g_assert_no_error (error);

  pixels = decode_png (path, &rw, &rh);
  g_assert_cmpuint (rw, ==, w);
  g_assert_cmpuint (rh, ==, h);
  for (guint y = 0; y < h; y++)
    g_assert_cmpmem (pixels + y * w * 4, w * 4, image + y * stride, w * 4);

  /* Zero-sized images and unwritable places are errors. */
  g_assert_false (cel_png_write_rgba (path, image, 0, h, stride, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_false (cel_png_write_rgba ("/nonexistent/dir/x.png", image, w, h, stride, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  remove_temp_dir (dir);
}

static void
test_png_frame (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "frame.png", NULL);
  g_autoptr(CelFrame) frame = cel_frame_new (CEL_FIELD_STATES, 3, 2);
  g_autoptr(CelFrame) empty = cel_frame_new (CEL_FIELD_STATES, 0, 0);
  g_autofree guint8 *expected = NULL;
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GError) error = NULL;
  const guint scale = 3;
  guint w = 0, h = 0;

  frame->n_states = 3;
  frame->data[0] = 1;
  frame->data[4] = 2;
  frame->data[5] = 1;
  g_assert_true (cel_frame_write_png (frame, NULL, scale, path, &error));
  g_assert_no_error (error);

  pixels = decode_png (path, &w, &h);
  g_assert_cmpuint (w, ==, 3 * scale);
  g_assert_cmpuint (h, ==, 2 * scale);
  expected = cel_frame_to_rgba (frame, NULL, scale);
  g_assert_cmpmem (pixels, w * h * 4, expected, w * h * 4);

  /* Every cell is a scale × scale block of one colour. */
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        const guint8 *px = pixels + (y * w + x) * 4;
        const guint8 *corner = pixels + ((y / scale * scale) * w + x / scale * scale) * 4;

        g_assert_cmpmem (px, 4, corner, 4);
        g_assert_cmpuint (px[3], ==, 255);
      }
  /* Alive (cell 0,0) differs from dead (cell 1,0) and from state 2. */
  g_assert_false (same_rgb (pixels, pixels + scale * 4));
  g_assert_false (same_rgb (pixels, pixels + (scale * w + scale) * 4));

  g_assert_false (cel_frame_write_png (frame, NULL, 0, path, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_false (cel_frame_write_png (empty, NULL, 1, path, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_assert_null (cel_frame_to_rgba (empty, NULL, 1));

  remove_temp_dir (dir);
}


/* ---- Colours ------------------------------------------------------------ */

static double
luma (const guint8 *rgb)
{
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

static void
test_colormaps (void)
{
  const char *const *names = cel_colormap_list ();
  const guint8 *viridis = cel_colormap_lut ("viridis");
  const guint8 *magma = cel_colormap_lut ("magma");
  const guint8 *greys = cel_colormap_lut ("greys");
  const guint8 *twilight = cel_colormap_lut ("twilight");
  guint n = 0, darkest = 0;

  for (; names[n] != NULL; n++)
    g_assert_nonnull (cel_colormap_lut (names[n]));
  g_assert_cmpuint (n, ==, 4);
  g_assert_true (g_strv_contains (names, "twilight"));

  /* Published 8-bit end colours; ±1 allows for rounding of the published
   * floating-point tables. */
  g_assert_cmpint (ABS (viridis[0] - 68), <=, 1);
  g_assert_cmpint (ABS (viridis[1] - 1), <=, 1);
  g_assert_cmpint (ABS (viridis[2] - 84), <=, 1);
  g_assert_cmpint (ABS (viridis[765] - 253), <=, 1);
  g_assert_cmpint (ABS (viridis[766] - 231), <=, 1);
  g_assert_cmpint (ABS (viridis[767] - 37), <=, 1);
  g_assert_cmpint (ABS (magma[0] - 0), <=, 1);
  g_assert_cmpint (ABS (magma[2] - 4), <=, 1);
  g_assert_cmpint (ABS (magma[765] - 252), <=, 1);
  g_assert_cmpint (ABS (magma[766] - 253), <=, 1);
  g_assert_cmpint (ABS (magma[767] - 191), <=, 1);

  /* viridis and magma rise monotonically in lightness; greys is the
   * identity ramp. Rounding each channel to 8 bits moves the luma of an
   * entry by at most 0.5, hence the tolerance between neighbours. */
  for (guint i = 1; i < 256; i++)
    {
      g_assert_cmpfloat (luma (viridis + 3 * i), >=, luma (viridis + 3 * (i - 1)) - 0.5);
      g_assert_cmpfloat (luma (magma + 3 * i), >=, luma (magma + 3 * (i - 1)) - 0.5);
      g_assert_cmpuint (greys[3 * i], ==, i);
      g_assert_cmpuint (greys[3 * i + 1], ==, i);
      g_assert_cmpuint (greys[3 * i + 2], ==, i);
    }

  /* twilight is cyclic (both ends the same light grey) and darkest in
   * the middle. */
  g_assert_cmpmem (twilight, 3, twilight + 765, 3);
  for (guint i = 1; i < 256; i++)
    if (luma (twilight + 3 * i) < luma (twilight + 3 * darkest))
      darkest = i;
  g_assert_cmpint (ABS ((int) darkest - 128), <=, 8);

  /* Unknown names fall back to viridis. */
  g_assert_true (cel_colormap_lut ("no-such-map") == viridis);
  g_assert_true (cel_colormap_lut (NULL) == viridis);
}

static void
test_frame_colours (void)
{
  g_autoptr(CelFrame) states = cel_frame_new (CEL_FIELD_STATES, 5, 1);
  g_autoptr(CelFrame) scalar = cel_frame_new (CEL_FIELD_SCALAR, 6, 1);
  g_autoptr(CelFrame) rgba = cel_frame_new (CEL_FIELD_RGBA, 2, 1);
  g_autofree guint8 *s = NULL;
  g_autofree guint8 *f = NULL;
  g_autofree guint8 *c = NULL;
  const guint8 *magma = cel_colormap_lut ("magma");
  const float values[6] = { 0.0f, 1.0f, 0.5f, -3.0f, 7.0f, NAN };

  /* Generations with 5 states: dead, alive, and three dying states. */
  states->n_states = 5;
  for (guint i = 0; i < 5; i++)
    states->data[i] = (guint8) i;
  s = cel_frame_to_rgba (states, NULL, 1);
  g_assert_cmpuint (s[0] + s[1] + s[2], <, 120);           /* dark background */
  g_assert_cmpuint (s[4] + s[5] + s[6], >, 600);           /* bright alive */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (s[4 * i + 3], ==, 255);
      for (guint j = 0; j < i; j++)
        g_assert_false (same_rgb (s + 4 * i, s + 4 * j));
    }
  /* The dying states fade: each is darker than the one before. */
  g_assert_cmpfloat (luma (s + 8), >, luma (s + 12));
  g_assert_cmpfloat (luma (s + 12), >, luma (s + 16));

  /* Scalars map [vmin, vmax] onto the colormap, clamping outside. */
  scalar->vmin = 0.0f;
  scalar->vmax = 1.0f;
  memcpy (scalar->data, values, sizeof values);
  f = cel_frame_to_rgba (scalar, "magma", 1);
  g_assert_cmpmem (f, 3, magma, 3);
  g_assert_cmpmem (f + 4, 3, magma + 765, 3);
  g_assert_cmpmem (f + 8, 3, magma + 3 * 128, 3);          /* round (127.5) */
  g_assert_cmpmem (f + 12, 3, magma, 3);
  g_assert_cmpmem (f + 16, 3, magma + 765, 3);
  g_assert_cmpmem (f + 20, 3, s, 3);                       /* NaN: background */

  /* RGBA over the background: opaque stays, transparent is background. */
  memcpy (rgba->data, (const guint8[8]) { 10, 200, 30, 255, 250, 250, 250, 0 }, 8);
  c = cel_frame_to_rgba (rgba, NULL, 2);
  g_assert_cmpmem (c, 4, ((const guint8[4]) { 10, 200, 30, 255 }), 4);
  g_assert_cmpmem (c + 8, 3, s, 3);
  g_assert_cmpmem (c + 16, 16, c, 16);                     /* second pixel row */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/rle/glider", test_rle_glider);
  g_test_add_func ("/formats/rle/gosper-gun", test_rle_gosper_gun);
  g_test_add_func ("/formats/rle/known-patterns", test_rle_known_patterns);
  g_test_add_func ("/formats/rle/normalised-files", test_rle_normalised_files);
  g_test_add_func ("/formats/rle/free-form", test_rle_free_form);
  g_test_add_func ("/formats/rle/random-round-trip", test_rle_random_round_trip);
  g_test_add_func ("/formats/rle/multistate", test_rle_multistate);
  g_test_add_func ("/formats/rle/comments", test_rle_comments);
  g_test_add_func ("/formats/rle/tolerance", test_rle_tolerance);
  g_test_add_func ("/formats/cells", test_cells);
  g_test_add_func ("/formats/detect", test_detect);
  g_test_add_func ("/formats/save-and-load", test_save_and_load);
  g_test_add_func ("/formats/load-too-large", test_load_too_large);
  g_test_add_func ("/formats/corrupt/files", test_corrupt_files);
  g_test_add_func ("/formats/corrupt/messages", test_corrupt_messages);
  g_test_add_func ("/formats/golly-collection", test_golly_collection);
  g_test_add_func ("/formats/png/rgba", test_png_rgba);
  g_test_add_func ("/formats/png/frame", test_png_frame);
  g_test_add_func ("/formats/colormaps", test_colormaps);
  g_test_add_func ("/formats/frame-colours", test_frame_colours);

  return g_test_run ();
}
