/* Target images of the neural cellular automaton: PNG files written by
 * core's own writer come back scaled, centred and premultiplied as the
 * arithmetic says; the paper's lizard emoji renders green inside the padding;
 * bad files, sizes and texts give errors. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cellarium.h"
#include "models/nca/cel-nca-target.h"

/* One 8-bit step: the target is computed from 8-bit pixels. */
#define BYTE (1.0 / 255.0)

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cellarium-nca-target-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_png (Fixture *fixture, const char *name, const guint8 *rgba, guint width, guint height)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (cel_png_write_rgba (path, rgba, width, height, (gsize) width * 4, &error));
  g_assert_no_error (error);
  return path;
}

static const float *
cell (const float *target, guint width, guint x, guint y)
{
  return target + ((gsize) y * width + x) * 4;
}

static void
assert_rgba (const float *c, double r, double g, double b, double a, double tolerance)
{
  g_assert_cmpfloat (fabs (c[0] - r), <=, tolerance);
  g_assert_cmpfloat (fabs (c[1] - g), <=, tolerance);
  g_assert_cmpfloat (fabs (c[2] - b), <=, tolerance);
  g_assert_cmpfloat (fabs (c[3] - a), <=, tolerance);
}

/* A 4 × 2 picture, opaque red on the left half and blue at alpha 128 on
 * the right, into a 12 × 12 grid with padding 2: the free area is 8 × 8,
 * so the scale is min(8/4, 8/2) = 2, the picture covers 8 × 4 cells at
 * x 2..9, y 4..7, and everything else is transparent. */
static void
test_png_enlarge (Fixture *fixture, gconstpointer data)
{
  guint8 rgba[2 * 4 * 4];
  g_autofree char *path = NULL;
  g_autofree float *target = NULL;
  g_autoptr (GError) error = NULL;
  double alpha_sum = 0;

  for (guint i = 0; i < 8; i++)
    {
      gboolean left = (i % 4) < 2;
      guint8 *p = rgba + i * 4;

      p[0] = left ? 255 : 0;
      p[1] = 0;
      p[2] = left ? 0 : 255;
      p[3] = left ? 255 : 128;
    }
  path = write_png (fixture, "two-colours.png", rgba, 4, 2);
  target = cel_nca_target_from_png (path, 12, 12, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (target);

  for (guint y = 0; y < 12; y++)
    for (guint x = 0; x < 12; x++)
      {
        const float *c = cell (target, 12, x, y);

        alpha_sum += c[3];
        if (x < 2 || x >= 10 || y < 4 || y >= 8)
          assert_rgba (c, 0, 0, 0, 0, 0);
      }

  /* Cells whose interpolation reaches only one source colour: columns 2–4
   * are red, 7–9 are blue premultiplied by 128/255 (within one 8-bit
   * step, Cairo's premultiplication rounds). */
  for (guint y = 4; y < 8; y++)
    {
      for (guint x = 2; x <= 4; x++)
        assert_rgba (cell (target, 12, x, y), 1, 0, 0, 1, BYTE);
      for (guint x = 7; x <= 9; x++)
        assert_rgba (cell (target, 12, x, y), 0, 0, 128 * BYTE, 128 * BYTE, BYTE);
    }

  /* Scaling by 2 in each direction spreads each pixel's alpha over four
   * cells: 4 × (4 × 1 + 4 × 128/255) = 24.03; rounding each of the 32 cells
   * to 8 bits moves the sum by at most 32/255 / 2. */
  g_assert_cmpfloat_with_epsilon (alpha_sum, 4 * (4 + 4 * 128 * BYTE), 16 * BYTE);
}

/* A 64 × 32 picture of one-pixel stripes, opaque white and opaque black in
 * turn, into a 16 × 16 grid without padding: the scale is 1/4, so the
 * picture covers 16 × 8 cells at rows 4..11, and each cell averages two
 * white and two black columns to a grey of 0.5 (nearest-pixel sampling
 * would give pure black or white). */
static void
test_png_shrink (Fixture *fixture, gconstpointer data)
{
  g_autofree guint8 *rgba = g_new (guint8, 64 * 32 * 4);
  g_autofree char *path = NULL;
  g_autofree float *target = NULL;
  g_autoptr (GError) error = NULL;

  for (guint y = 0; y < 32; y++)
    for (guint x = 0; x < 64; x++)
      {
        guint8 *p = rgba + (y * 64 + x) * 4;
        guint8 v = x % 2 == 0 ? 255 : 0;

        p[0] = p[1] = p[2] = v;
        p[3] = 255;
      }
  path = write_png (fixture, "stripes.png", rgba, 64, 32);
  target = cel_nca_target_from_png (path, 16, 16, 0, &error);
  g_assert_no_error (error);

  for (guint y = 0; y < 16; y++)
    for (guint x = 0; x < 16; x++)
      {
        const float *c = cell (target, 16, x, y);

        if (y < 4 || y >= 12)
          assert_rgba (c, 0, 0, 0, 0, 0);
        else
          /* 0.5 is 127.5/255: an 8-bit result is 127 or 128, within one
           * step of it; the filter's kernel may reach a little further
           * than the four columns, which the stripes average out. */
          assert_rgba (c, 0.5, 0.5, 0.5, 1, 1.5 * BYTE);
      }
}

static void
test_png_errors (Fixture *fixture, gconstpointer data)
{
  static const guint8 pixel[4] = { 10, 20, 30, 255 };
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.png", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "text.png", NULL);
  g_autofree char *truncated = g_build_filename (fixture->dir, "truncated.png", NULL);
  g_autofree char *huge = g_build_filename (fixture->dir, "huge.png", NULL);
  g_autofree char *good = write_png (fixture, "good.png", pixel, 1, 1);
  g_autofree char *contents = NULL;
  gsize length;
  GError *error = NULL;

  g_assert_null (cel_nca_target_from_png (missing, 8, 8, 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "hello, this is not a picture\n", -1, NULL));
  g_assert_null (cel_nca_target_from_png (text, 8, 8, 1, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "not a PNG"));
  g_clear_error (&error);

  /* The signature and header of a good file, then nothing. */
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 40);
  g_assert_true (g_file_set_contents (truncated, contents, 40, NULL));
  g_assert_null (cel_nca_target_from_png (truncated, 8, 8, 1, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_clear_error (&error);

  /* A header that claims 100000 × 1 pixels is refused before reading. */
  contents[16] = 0x00;
  contents[17] = 0x01;
  contents[18] = 0x86;
  contents[19] = 0xa0;
  g_assert_true (g_file_set_contents (huge, contents, length, NULL));
  g_assert_null (cel_nca_target_from_png (huge, 8, 8, 1, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_null (cel_nca_target_from_png (good, 0, 8, 0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_null (cel_nca_target_from_png (good, 8, 8, 4, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
}

/* The lizard of "Growing Neural Cellular Automata" (U+1F98E) with the
 * paper's sizes: 40 cells plus 16 of padding on each side, a 72 × 72 grid. */
static void
test_emoji_lizard (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree float *target = cel_nca_target_from_emoji ("\xf0\x9f\xa6\x8e", 72, 72, 16, &error);
  guint min_x = G_MAXUINT, max_x = 0, min_y = G_MAXUINT, max_y = 0;
  double r = 0, g = 0, b = 0;
  guint opaque = 0;

  g_assert_no_error (error);
  g_assert_nonnull (target);

  for (guint y = 0; y < 72; y++)
    for (guint x = 0; x < 72; x++)
      {
        const float *c = cell (target, 72, x, y);

        if (c[3] > 0)
          {
            min_x = MIN (min_x, x);
            max_x = MAX (max_x, x);
            min_y = MIN (min_y, y);
            max_y = MAX (max_y, y);
          }
        if (c[3] > 0.5)
          {
            r += c[0] / c[3];
            g += c[1] / c[3];
            b += c[2] / c[3];
            opaque++;
          }
      }

  /* Nothing in the padding. */
  g_assert_cmpuint (min_x, >=, 16);
  g_assert_cmpuint (min_y, >=, 16);
  g_assert_cmpuint (max_x, <=, 55);
  g_assert_cmpuint (max_y, <=, 55);
  /* Cropped to its ink and scaled to fit: it spans the whole 40 cells in
   * its longer direction (the outermost cells may be too faint to count,
   * hence 38). */
  g_assert_cmpuint (MAX (max_x - min_x, max_y - min_y) + 1, >=, 38);
  /* A real drawing, not a dot: at least a tenth of the 40 × 40 area is
   * mostly opaque. */
  g_assert_cmpuint (opaque, >=, 160);
  /* Noto's lizard is green. */
  g_assert_cmpfloat (g, >, r);
  g_assert_cmpfloat (g, >, b);
}

static void
test_emoji_errors (void)
{
  GError *error = NULL;

  g_assert_null (cel_nca_target_from_emoji ("", 16, 16, 2, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);

  g_assert_null (cel_nca_target_from_emoji ("   ", 16, 16, 2, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);

  g_assert_null (cel_nca_target_from_emoji ("\xff\xfe", 16, 16, 2, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);

  g_assert_null (cel_nca_target_from_emoji ("\xf0\x9f\xa6\x8e", 16, 16, 8, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
}

/* Without the font (fontconfig pointed at a configuration with no font
 * directories, in a child process) the error names the package. */
static void
test_emoji_no_font (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *config = g_build_filename (fixture->dir, "fonts.conf", NULL);
      g_autoptr (GError) error = NULL;

      g_assert_true (g_file_set_contents (config,
                                          "<?xml version=\"1.0\"?>\n"
                                          "<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                                          "<fontconfig></fontconfig>\n", -1, NULL));
      g_setenv ("FONTCONFIG_FILE", config, TRUE);
      g_assert_null (cel_nca_target_from_emoji ("\xf0\x9f\xa6\x8e", 16, 16, 2, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, "fonts-noto-color-emoji"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/nca-target/png/enlarge", Fixture, NULL, fixture_set_up, test_png_enlarge, fixture_tear_down);
  g_test_add ("/nca-target/png/shrink", Fixture, NULL, fixture_set_up, test_png_shrink, fixture_tear_down);
  g_test_add ("/nca-target/png/errors", Fixture, NULL, fixture_set_up, test_png_errors, fixture_tear_down);
  g_test_add_func ("/nca-target/emoji/lizard", test_emoji_lizard);
  g_test_add_func ("/nca-target/emoji/errors", test_emoji_errors);
  g_test_add ("/nca-target/emoji/no-font", Fixture, NULL, fixture_set_up, test_emoji_no_font, fixture_tear_down);
  return g_test_run ();
}
