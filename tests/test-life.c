/* test-life.c — the Life model against known results: oscillator periods,
 * spaceship speeds, methuselah lifespans (as Golly reports them), a Gosper
 * gun's output, Brian's Brain as Golly runs it, rule spellings, and the
 * engine against a plain reference implementation. */
#include <string.h>

#include "cel-blob.h"
#include "cel-error.h"
#include "cel-model.h"
#include "cel-parallel.h"
#include "formats/cel-pattern.h"
#include "models/life/cel-life.h"
#include "models/life/cel-life-rule.h"

/* Patterns (standard forms, as in LifeWiki and Golly's collection). */
#define BLINKER        "x = 3, y = 1, rule = B3/S23\n3o!\n"
#define GLIDER         "x = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n"
#define LWSS           "x = 5, y = 4, rule = B3/S23\nbo2bo$o4b$o3bo$4o!\n"
#define PULSAR         "x = 13, y = 13, rule = B3/S23\n" \
                       "2b3o3b3o2$o4bobo4bo$o4bobo4bo$o4bobo4bo$2b3o3b3o2$2b3o3b3o$" \
                       "o4bobo4bo$o4bobo4bo$o4bobo4bo2$2b3o3b3o!\n"
#define PENTADECATHLON "x = 10, y = 3, rule = B3/S23\n2bo4bo2b$2ob4ob2o$2bo4bo!\n"
#define GOSPER_GUN     "x = 36, y = 9, rule = B3/S23\n" \
                       "24bo11b$22bobo11b$12b2o6b2o12b2o$11bo3bo4b2o12b2o$2o8bo5bo3b2o14b$" \
                       "2o8bo3bob2o4bobo11b$10bo5bo7bo11b$11bo3bo20b$12b2o!\n"
#define R_PENTOMINO    "x = 3, y = 3, rule = B3/S23\nb2o$2o$bo!\n"
#define DIEHARD        "x = 8, y = 3, rule = B3/S23\n6bob$2o6b$bo3b3o!\n"
#define ACORN          "x = 7, y = 3, rule = B3/S23\nbo5b$3bo3b$2o2b3o!\n"

/* Helpers ---------------------------------------------------------------- */

static void
set_param (CelModel *model, const char *name, const char *value)
{
  g_autoptr (GError) error = NULL;

  cel_model_set_param_string (model, name, value, &error);
  g_assert_no_error (error);
}

static CelModel *
make_life (const char *rule, guint width, guint height, const char *topology)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *w = g_strdup_printf ("%u", width);
  g_autofree char *h = g_strdup_printf ("%u", height);
  CelModel *model = cel_model_new ("life", &error);

  g_assert_no_error (error);
  set_param (model, "rule", rule);
  set_param (model, "width", w);
  set_param (model, "height", h);
  set_param (model, "topology", topology);
  cel_model_reset (model);
  return model;
}

static CelPattern *
parse (const char *rle)
{
  g_autoptr (GError) error = NULL;
  CelPattern *pattern = cel_pattern_parse_rle (rle, strlen (rle), &error);

  g_assert_no_error (error);
  return pattern;
}

static void
place (CelModel *model, const char *rle, gint x, gint y)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelPattern) pattern = parse (rle);

  g_assert_true (cel_model_place_pattern (model, pattern, x, y, NULL, &error));
  g_assert_no_error (error);
}

static void
step (CelModel *model, guint64 n)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (cel_model_step (model, n, NULL, &error), ==, n);
  g_assert_no_error (error);
}

/* The whole grid, one byte per cell. */
static GBytes *
snapshot (CelModel *model)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);

  g_assert_cmpuint (frame->stride, ==, frame->width);
  return g_bytes_new (frame->data, (gsize) frame->width * frame->height);
}

/* The live part of the grid: its shape as text (cells relative to the
 * bounding box) and the box's top-left corner. */
static char *
shape (CelModel *model, gint *left, gint *top)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
  guint x0 = G_MAXUINT, y0 = G_MAXUINT;
  GString *out = g_string_new (NULL);

  for (guint y = 0; y < frame->height; y++)
    for (guint x = 0; x < frame->width; x++)
      if (frame->data[y * frame->stride + x])
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
        }
  for (guint y = 0; y < frame->height; y++)
    for (guint x = 0; x < frame->width; x++)
      if (frame->data[y * frame->stride + x])
        g_string_append_printf (out, "%u,%u:%u ", x - x0, y - y0, frame->data[y * frame->stride + x]);
  *left = (gint) x0;
  *top = (gint) y0;
  return g_string_free (out, FALSE);
}

static double
last_value (CelModel *model, const char *series)
{
  CelPoint2 p;

  g_assert_true (cel_series_get_last (cel_model_find_series (model, series), &p));
  g_assert_cmpfloat (p.x, ==, (double) cel_model_get_step (model));
  return p.y;
}

static guint64
population (CelModel *model)
{
  return cel_life_get_population (CEL_LIFE (model));
}

/* Smallest p in 1 … max_period after which the grid is as it was. */
static guint
period_of (CelModel *model, guint max_period)
{
  g_autoptr (GBytes) start = snapshot (model);

  for (guint p = 1; p <= max_period; p++)
    {
      g_autoptr (GBytes) now = NULL;

      step (model, 1);
      now = snapshot (model);
      if (g_bytes_equal (start, now))
        return p;
    }
  return 0;
}

/* Rules ------------------------------------------------------------------ */

static void
test_rule_spellings (void)
{
  static const struct {
    const char *text, *canonical;
    guint n_states;
    guint16 birth, survive;
  } cases[] = {
    { "B3/S23", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    { "b3/s23", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    { "B3S23", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    { "S23/B3", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    { "23/3", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    { " B3/S23 ", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    { "B36/S23", "B36/S23", 2, (1 << 3) | (1 << 6), (1 << 2) | (1 << 3) },
    { "23/36", "B36/S23", 2, (1 << 3) | (1 << 6), (1 << 2) | (1 << 3) },
    { "B013568/S01", "B013568/S01", 2, 0x16b, 0x3 },
    { "B3/S", "B3/S", 2, 1 << 3, 0 },
    /* Generations with two states is Life-like. */
    { "23/3/2", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
    /* Brian's Brain in Golly's, Golly's lettered and LifeWiki's spelling. */
    { "/2/3", "/2/3", 3, 1 << 2, 0 },
    { "B2/S/3", "/2/3", 3, 1 << 2, 0 },
    { "B2/S/C3", "/2/3", 3, 1 << 2, 0 },
    { "g3b2s", "/2/3", 3, 1 << 2, 0 },
    { "345/2/4", "345/2/4", 4, 1 << 2, (1 << 3) | (1 << 4) | (1 << 5) },
    { "B2/S345/C4", "345/2/4", 4, 1 << 2, (1 << 3) | (1 << 4) | (1 << 5) },
    { "3458/37/4", "3458/37/4", 4, (1 << 3) | (1 << 7), (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8) },
    { "/2/256", "/2/256", 256, 1 << 2, 0 },
    /* Golly's annotated Life reads as Life. */
    { "LifeHistory", "B3/S23", 2, 1 << 3, (1 << 2) | (1 << 3) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      CelLifeRule rule;

      g_test_message ("rule %s", cases[i].text);
      g_assert_true (cel_life_rule_parse (cases[i].text, &rule, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (rule.n_states, ==, cases[i].n_states);
      g_assert_cmphex (rule.birth, ==, cases[i].birth);
      g_assert_cmphex (rule.survive, ==, cases[i].survive);
      g_assert_cmpint (rule.grid, ==, CEL_LIFE_GRID_NONE);
      text = cel_life_rule_to_string (&rule, TRUE);
      g_assert_cmpstr (text, ==, cases[i].canonical);
    }
}

static void
test_rule_grid_suffix (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelModel) model = NULL;
  g_autofree char *torus = NULL;
  g_autofree char *plane = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *golly = NULL;
  CelLifeRule r;
  guint w, h;

  g_assert_true (cel_life_rule_parse ("B3/S23:T1024,512", &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.grid, ==, CEL_LIFE_GRID_TORUS);
  g_assert_cmpuint (r.grid_width, ==, 1024);
  g_assert_cmpuint (r.grid_height, ==, 512);
  torus = cel_life_rule_to_string (&r, TRUE);
  g_assert_cmpstr (torus, ==, "B3/S23:T1024,512");

  g_assert_true (cel_life_rule_parse ("/2/3:p30,20", &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.grid, ==, CEL_LIFE_GRID_PLANE);
  plane = cel_life_rule_to_string (&r, TRUE);
  g_assert_cmpstr (plane, ==, "/2/3:P30,20");

  /* Importing a rule with a suffix sets the grid; the rule is kept bare. */
  model = make_life ("B3/S23", 16, 16, "torus");
  set_param (model, "rule", "B36/S23:P40,30");
  rule = cel_model_get_param_string (model, "rule");
  g_assert_cmpstr (rule, ==, "B36/S23");
  cel_model_reset (model);
  cel_model_get_size (model, &w, &h);
  g_assert_cmpuint (w, ==, 40);
  g_assert_cmpuint (h, ==, 30);
  golly = cel_life_get_golly_rule (CEL_LIFE (model));
  g_assert_cmpstr (golly, ==, "B36/S23:P40,30");
}

static void
test_rule_errors (void)
{
  static const struct {
    const char *text;
    gint code;
  } cases[] = {
    { "", CEL_ERROR_PARSE },
    { "B2ae/S12", CEL_ERROR_UNSUPPORTED },
    { "B2-a/S12", CEL_ERROR_UNSUPPORTED },
    { "B3/S23V", CEL_ERROR_UNSUPPORTED },
    { "B2/S34H", CEL_ERROR_UNSUPPORTED },
    { "R2,C0,M1,S34..58,B34..45,NM", CEL_ERROR_UNSUPPORTED },
    { "LifeHistoryX", CEL_ERROR_UNSUPPORTED },
    { "LifeHistory:K40*,20", CEL_ERROR_UNSUPPORTED },
    { "B9/S23", CEL_ERROR_PARSE },
    { "B3/B3/S23", CEL_ERROR_PARSE },
    { "B3", CEL_ERROR_PARSE },
    { "3", CEL_ERROR_PARSE },
    { "1/2/3/4", CEL_ERROR_PARSE },
    { "/2/1", CEL_ERROR_PARSE },
    { "/2/300", CEL_ERROR_UNSUPPORTED },
    { "B3/S23:K40,40*", CEL_ERROR_UNSUPPORTED },
    { "B3/S23:T0,68", CEL_ERROR_UNSUPPORTED },
    { "B3/S23:T30+5,20", CEL_ERROR_UNSUPPORTED },
    { "B3/S23:T30", CEL_ERROR_PARSE },
    { "B3/S23:", CEL_ERROR_PARSE },
    { "B3/S23:T99999,10", CEL_ERROR_UNSUPPORTED },
    { "B3/S2 3", CEL_ERROR_PARSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      CelLifeRule rule;
      g_autofree char *stripped = g_strstrip (g_strdup (cases[i].text));

      g_test_message ("rule %s", cases[i].text);
      g_assert_false (cel_life_rule_parse (cases[i].text, &rule, &error));
      g_assert_error (error, CEL_ERROR, cases[i].code);
      /* The message names the rule. */
      g_assert_nonnull (strstr (error->message, stripped));
    }
}

static void
test_rule_invalid_param (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 16, 16, "torus");
  g_autoptr (GError) error = NULL;
  g_autofree char *rule = NULL;

  g_assert_false (cel_model_set_param_string (model, "rule", "B2ae/S12", &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "B2ae/S12"));
  rule = cel_model_get_param_string (model, "rule");
  g_assert_cmpstr (rule, ==, "B3/S23");
}

/* Oscillators and spaceships ------------------------------------------------ */

static void
test_blinker (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 16, 16, "bounded");

  place (model, BLINKER, 6, 7);
  g_assert_cmpuint (period_of (model, 10), ==, 2);
}

static void
test_pulsar (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 32, 32, "bounded");

  place (model, PULSAR, 9, 9);
  g_assert_cmpuint (population (model), ==, 48);
  g_assert_cmpuint (period_of (model, 20), ==, 3);
}

static void
test_pentadecathlon (void)
{
  /* A 40 × 40 grid leaves it 15 cells of room on every side. */
  g_autoptr (CelModel) model = make_life ("B3/S23", 40, 40, "bounded");

  place (model, PENTADECATHLON, 15, 18);
  g_assert_cmpuint (period_of (model, 30), ==, 15);
}

/* Steps until the shape recurs; returns the period and the displacement. */
static guint
translation_period (CelModel *model, guint max_period, gint *dx, gint *dy)
{
  gint x0, y0;
  g_autofree char *start = shape (model, &x0, &y0);

  for (guint p = 1; p <= max_period; p++)
    {
      gint x, y;
      g_autofree char *now = NULL;

      step (model, 1);
      now = shape (model, &x, &y);
      if (g_str_equal (start, now))
        {
          *dx = x - x0;
          *dy = y - y0;
          return p;
        }
    }
  return 0;
}

static void
test_glider (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 32, 32, "bounded");
  gint dx, dy;

  place (model, GLIDER, 4, 4);
  g_assert_cmpuint (translation_period (model, 8, &dx, &dy), ==, 4);
  g_assert_cmpint (dx, ==, 1);
  g_assert_cmpint (dy, ==, 1);
}

static void
test_lwss (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 48, 24, "bounded");
  gint dx, dy;

  /* c/2: two cells per four generations, here towards the west. */
  place (model, LWSS, 30, 10);
  g_assert_cmpuint (translation_period (model, 8, &dx, &dy), ==, 4);
  g_assert_cmpint (dx, ==, -2);
  g_assert_cmpint (dy, ==, 0);
}

static void
test_torus_wrap (void)
{
  /* Widths on, off and across the 64-cell words and 256-cell vectors. */
  static const guint sizes[] = { 8, 50, 64, 70, 300 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint w = sizes[i];
      g_autoptr (CelModel) model = make_life ("B3/S23", w, w, "torus");
      g_autoptr (GBytes) start = NULL;
      g_autoptr (GBytes) end = NULL;
      g_autoptr (GBytes) before = NULL;

      g_test_message ("torus %u x %u", w, w);
      place (model, GLIDER, (gint) w - 3, 1);
      start = snapshot (model);
      step (model, 4 * (guint64) w - 4);
      before = snapshot (model);
      g_assert_false (g_bytes_equal (start, before));
      step (model, 4);
      end = snapshot (model);
      g_assert_true (g_bytes_equal (start, end));
      g_assert_cmpuint (population (model), ==, 5);
    }
}

/* Connected groups of live cells (8-neighbour) wholly outside a box, and
 * whether each has five cells. */
static guint
count_gliders_outside (CelModel *model, gint bx0, gint by0, gint bx1, gint by1)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
  g_autofree guint8 *seen = g_malloc0 ((gsize) frame->width * frame->height);
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  guint found = 0;

  for (guint start = 0; start < frame->width * frame->height; start++)
    {
      guint n = 0;
      gboolean outside = TRUE;

      if (!frame->data[start] || seen[start])
        continue;
      seen[start] = 1;
      g_array_append_val (stack, start);
      while (stack->len > 0)
        {
          guint c = g_array_index (stack, guint, stack->len - 1);
          gint cx = (gint) (c % frame->width), cy = (gint) (c / frame->width);

          g_array_set_size (stack, stack->len - 1);
          n++;
          if (cx >= bx0 && cx < bx1 && cy >= by0 && cy < by1)
            outside = FALSE;
          for (gint dy = -1; dy <= 1; dy++)
            for (gint dx = -1; dx <= 1; dx++)
              {
                gint nx = cx + dx, ny = cy + dy;
                guint k;

                if (nx < 0 || ny < 0 || nx >= (gint) frame->width || ny >= (gint) frame->height)
                  continue;
                k = (guint) ny * frame->width + (guint) nx;
                if (frame->data[k] && !seen[k])
                  {
                    seen[k] = 1;
                    g_array_append_val (stack, k);
                  }
              }
        }
      if (outside)
        {
          g_assert_cmpuint (n, ==, 5);
          found++;
        }
    }
  return found;
}

static void
test_gosper_gun (void)
{
  /* Gliders leave south-east at c/4: after ten periods the first is 75
   * cells from the gun, well inside a 160 × 160 grid. */
  g_autoptr (CelModel) model = make_life ("B3/S23", 160, 160, "bounded");
  guint64 pop_before;
  const gint gx = 4, gy = 4;

  place (model, GOSPER_GUN, gx, gy);
  g_assert_cmpuint (population (model), ==, 36);
  step (model, 30);
  pop_before = population (model);
  /* The first glider is clear of the gun's 36 × 9 box by generation 30. */
  g_assert_cmpuint (count_gliders_outside (model, gx, gy, gx + 36, gy + 9), ==, 1);
  for (guint k = 2; k <= 10; k++)
    {
      guint64 pop;

      step (model, 30);
      pop = population (model);
      /* One more glider (five cells) per period of 30. */
      g_assert_cmpuint (pop, ==, pop_before + 5);
      g_assert_cmpuint (count_gliders_outside (model, gx, gy, gx + 36, gy + 9), ==, k);
      pop_before = pop;
    }

  /* The gun itself repeats with period 30 and no shorter. */
  {
    g_autoptr (CelModel) gun = make_life ("B3/S23", 160, 160, "bounded");
    g_autoptr (CelFrame) first = NULL;

    place (gun, GOSPER_GUN, gx, gy);
    step (gun, 60);
    first = cel_model_render_field (gun, 0, &(CelRect) { gx, gy, 36, 9 });
    for (guint p = 1; p <= 30; p++)
      {
        g_autoptr (CelFrame) now = NULL;
        gboolean same;

        step (gun, 1);
        now = cel_model_render_field (gun, 0, &(CelRect) { gx, gy, 36, 9 });
        same = memcmp (first->data, now->data, 36 * 9) == 0;
        g_assert_true (same == (p == 30));
      }
  }
}

/* Methuselahs ------------------------------------------------------------------ */

/* Population at each generation is checked through the "population" plot,
 * which must agree with a fresh count. Golly's figures are for the
 * unbounded plane; the grids here are large enough that no escaping glider
 * reaches the border in the generations checked (the test confirms the
 * border stays empty), so the bounded grid gives the same numbers. */
static void
assert_border_empty (CelModel *model)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);

  for (guint x = 0; x < frame->width; x++)
    {
      g_assert_cmpuint (frame->data[x], ==, 0);
      g_assert_cmpuint (frame->data[(gsize) (frame->height - 1) * frame->stride + x], ==, 0);
    }
  for (guint y = 0; y < frame->height; y++)
    {
      g_assert_cmpuint (frame->data[(gsize) y * frame->stride], ==, 0);
      g_assert_cmpuint (frame->data[(gsize) y * frame->stride + frame->width - 1], ==, 0);
    }
}

static void
test_r_pentomino (void)
{
  /* Its escaping gliders move one cell diagonally per four generations, so
   * by generation 1200 none is more than 300 cells beyond where it formed;
   * a 768 × 768 grid with the pentomino in the middle keeps them clear of
   * the border (checked at the end). */
  g_autoptr (CelModel) model = make_life ("B3/S23", 768, 768, "bounded");

  place (model, R_PENTOMINO, 383, 383);
  g_assert_cmpuint (population (model), ==, 5);
  step (model, 1102);
  g_assert_cmpfloat (last_value (model, "population"), ==, 118);
  step (model, 1);
  g_assert_cmpfloat (last_value (model, "population"), ==, 116);
  g_assert_cmpuint (population (model), ==, 116);
  for (guint g = 1104; g <= 1200; g++)
    {
      step (model, 1);
      g_assert_cmpfloat (last_value (model, "population"), ==, 116);
    }
  assert_border_empty (model);
}

static void
test_diehard (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 64, 64, "bounded");

  place (model, DIEHARD, 28, 30);
  step (model, 129);
  g_assert_cmpuint (population (model), ==, 2);
  step (model, 1);
  g_assert_cmpuint (population (model), ==, 0);
  g_assert_cmpfloat (last_value (model, "population"), ==, 0);
}

static void
test_acorn (void)
{
  /* Acorn's escaping gliders move one cell diagonally per four
   * generations: by generation 5300 none is more than 1325 cells beyond
   * where it formed, so a 3072 × 3072 grid with acorn in the middle keeps
   * them clear of the border (checked at the end). */
  g_autoptr (CelModel) model = make_life ("B3/S23", 3072, 3072, "bounded");

  place (model, ACORN, 1533, 1535);
  step (model, 5205);
  g_assert_cmpfloat (last_value (model, "population"), ==, 635);
  step (model, 1);
  g_assert_cmpfloat (last_value (model, "population"), ==, 633);
  step (model, 94);
  g_assert_cmpfloat (last_value (model, "population"), ==, 633);
  g_assert_cmpuint (population (model), ==, 633);
  assert_border_empty (model);
}

/* Generations -------------------------------------------------------------- */

/* Compares the non-zero part of the grid with a pattern, states included. */
static void
assert_shape_is (CelModel *model, const char *rle)
{
  g_autoptr (CelPattern) expected = parse (rle);
  g_autoptr (CelModel) reference = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  gint x, y;

  reference = make_life (expected->rule, expected->width + 2, expected->height + 2, "bounded");
  place (reference, rle, 1, 1);
  want = shape (reference, &x, &y);
  got = shape (model, &x, &y);
  g_assert_cmpstr (got, ==, want);
}

static void
test_brians_brain (void)
{
  g_autoptr (CelModel) model = make_life ("B2/S/C3", 16, 16, "bounded");
  g_autoptr (CelModel) sample = NULL;

  g_assert_cmpuint (cel_life_get_n_states (CEL_LIFE (model)), ==, 3);
  g_assert_cmpuint (cel_model_get_field_info (model, 0)->n_states, ==, 3);

  /* A domino, stepped by hand: nothing survives, so both cells start
   * dying (state 2, "B"), and the four cells beside the pair that see
   * exactly two live cells are born; then the dying cells die, the new
   * ones start dying, and births follow round them. Golly 3.3 agrees. */
  place (model, "x = 2, y = 1, rule = /2/3\n2A!\n", 6, 7);
  step (model, 1);
  assert_shape_is (model, "x = 2, y = 3, rule = /2/3\n2A$2B$2A!\n");
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 6, 7), ==, 2);
  step (model, 1);
  assert_shape_is (model, "x = 4, y = 5, rule = /2/3\n.2A$.2B$A2.A$.2B$.2A!\n");
  g_assert_cmpfloat (last_value (model, "population"), ==, 10);

  /* A small seed that becomes four c/2 spaceships; Golly 3.3 (bgolly -a
   * Generations) gives population 24, 16, 31 at generations 1, 2, 10 and
   * this picture at generation 30. */
  sample = make_life ("/2/3", 128, 128, "bounded");
  place (sample, "x = 6, y = 5, rule = /2/3\nA.AB.A$.AA..A$A..AA$B.A.A.A$.AA.A!\n", 60, 60);
  step (sample, 1);
  g_assert_cmpuint (population (sample), ==, 24);
  step (sample, 1);
  g_assert_cmpuint (population (sample), ==, 16);
  step (sample, 8);
  g_assert_cmpuint (population (sample), ==, 31);
  step (sample, 20);
  assert_shape_is (sample, "x = 47, y = 7, rule = /2/3\n"
                           "4.AB35.BA$2.AB2.AB32.BA.BA$.AB4.AB36.BA$AB43.BA$AB41.BA$2.AB$3.AB!\n");
}

static void
test_b0_rule (void)
{
  /* B0: every dead cell with no live neighbour is born. An empty 20 × 10
   * plane fills at once; with S8 only the cells with eight neighbours,
   * those off the dead border, live on. */
  g_autoptr (CelModel) model = make_life ("B0/S8", 20, 10, "bounded");

  step (model, 1);
  g_assert_cmpuint (population (model), ==, 200);
  step (model, 1);
  g_assert_cmpuint (population (model), ==, 18 * 8);
}

/* The engine against a plain reference ------------------------------------- */

typedef struct {
  guint16 birth, survive;
  guint n_states;
  guint w, h;
  gboolean torus;
  guint8 *cells;
} Reference;

static guint8
ref_get (const Reference *r, gint x, gint y)
{
  if (r->torus)
    {
      x = (x + (gint) r->w) % (gint) r->w;
      y = (y + (gint) r->h) % (gint) r->h;
    }
  else if (x < 0 || y < 0 || x >= (gint) r->w || y >= (gint) r->h)
    return 0;
  return r->cells[(gsize) y * r->w + (guint) x];
}

static void
ref_step (Reference *r)
{
  guint8 *next = g_malloc ((gsize) r->w * r->h);

  for (guint y = 0; y < r->h; y++)
    for (guint x = 0; x < r->w; x++)
      {
        guint n = 0;
        guint8 s = r->cells[(gsize) y * r->w + x], t;

        for (gint dy = -1; dy <= 1; dy++)
          for (gint dx = -1; dx <= 1; dx++)
            if ((dx || dy) && ref_get (r, (gint) x + dx, (gint) y + dy) == 1)
              n++;
        if (s == 0)
          t = (r->birth >> n) & 1;
        else if (s == 1)
          t = (r->survive >> n) & 1 ? 1 : (r->n_states > 2 ? 2 : 0);
        else
          t = s + 1u < r->n_states ? (guint8) (s + 1) : 0;
        next[(gsize) y * r->w + x] = t;
      }
  g_free (r->cells);
  r->cells = next;
}

static void
compare_with_reference (const char *rule_text, guint w, guint h, gboolean torus,
                        double density, guint generations)
{
  g_autoptr (CelModel) model = make_life (rule_text, w, h, torus ? "torus" : "bounded");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) seed = g_array_new (FALSE, FALSE, sizeof (CelCell));
  CelRng rng;
  CelLifeRule rule;
  Reference ref;

  g_test_message ("%s on a %u x %u %s", rule_text, w, h, torus ? "torus" : "plane");
  g_assert_true (cel_life_rule_parse (rule_text, &rule, &error));
  ref.birth = rule.birth;
  ref.survive = rule.survive;
  ref.n_states = rule.n_states;
  ref.w = w;
  ref.h = h;
  ref.torus = torus;
  ref.cells = g_malloc0 ((gsize) w * h);

  /* A soup in the middle of an empty grid, so that quiet tiles appear. */
  cel_rng_seed (&rng, w * 7919u + h);
  for (guint y = h / 4; y < h - h / 4; y++)
    for (guint x = w / 4; x < w - w / 4; x++)
      if (cel_rng_uniform (&rng) < density)
        {
          guint8 s = (guint8) (1 + cel_rng_below (&rng, rule.n_states - 1));
          CelCell c = { (gint32) x, (gint32) y, s };

          g_array_append_val (seed, c);
          ref.cells[(gsize) y * w + x] = s;
        }
  g_assert_true (cel_model_paint_cells (model, (CelCell *) seed->data, seed->len, NULL));

  for (guint g = 1; g <= generations; g++)
    {
      g_autoptr (CelFrame) frame = NULL;
      guint64 pop = 0, changed = 0;
      guint8 *before = g_memdup2 (ref.cells, (gsize) w * h);

      ref_step (&ref);
      step (model, 1);
      frame = cel_model_render_field (model, 0, NULL);
      for (gsize i = 0; i < (gsize) w * h; i++)
        {
          pop += ref.cells[i] != 0;
          changed += ref.cells[i] != before[i];
        }
      g_free (before);
      if (memcmp (frame->data, ref.cells, (gsize) w * h) != 0)
        g_error ("%s on %u × %u differs from the reference at generation %u", rule_text, w, h, g);
      g_assert_cmpfloat (last_value (model, "population"), ==, (double) pop);
      g_assert_cmpfloat (last_value (model, "activity"), ==, (double) changed);
      g_assert_cmpfloat (last_value (model, "density"), ==, (double) pop / ((double) w * h));
      g_assert_cmpuint (population (model), ==, pop);
    }
  g_free (ref.cells);
}

static void
test_engine_reference (void)
{
  compare_with_reference ("B3/S23", 1, 1, TRUE, 0.5, 4);
  compare_with_reference ("B2/S", 1, 7, FALSE, 0.5, 6);
  compare_with_reference ("B1/S1", 64, 1, TRUE, 0.5, 10);
  compare_with_reference ("B3/S23", 256, 33, TRUE, 0.4, 40);
  compare_with_reference ("/2/3", 1, 1, TRUE, 0.9, 4);
  compare_with_reference ("B3/S23", 3, 5, TRUE, 0.5, 20);
  compare_with_reference ("B3/S23", 63, 40, TRUE, 0.4, 60);
  compare_with_reference ("B3/S23", 65, 33, FALSE, 0.4, 60);
  compare_with_reference ("B3/S23", 300, 70, TRUE, 0.35, 80);
  compare_with_reference ("B3/S23", 520, 100, FALSE, 0.35, 40);
  compare_with_reference ("B36/S23", 130, 90, TRUE, 0.4, 50);
  compare_with_reference ("B013568/S01", 100, 40, FALSE, 0.3, 30);
  compare_with_reference ("B1357/S1357", 257, 37, TRUE, 0.1, 30);
  compare_with_reference ("/2/3", 200, 70, TRUE, 0.3, 60);
  compare_with_reference ("345/2/4", 100, 64, FALSE, 0.3, 60);
  compare_with_reference ("3458/37/4", 64, 64, TRUE, 0.4, 40);
  compare_with_reference ("23/3/9", 90, 50, TRUE, 0.4, 40);
}

static void
test_threads_identical (void)
{
  static const char *rules[] = { "B3/S23", "B36/S23", "/2/3" };
  guint saved = cel_parallel_get_threads ();

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr (GBytes) single = NULL;
      g_autoptr (GBytes) multi = NULL;

      for (guint threads = 1; threads <= 2; threads++)
        {
          /* Large enough (380 tiles of 256 × 32 cells, most of them busy)
           * that the engine spreads a generation over the threads. */
          g_autoptr (CelModel) model = make_life (rules[i], 2500, 1200, "torus");

          set_param (model, "density", "0.4");
          cel_model_set_seed (model, 42);
          cel_model_reset (model);
          cel_parallel_set_threads (threads);
          step (model, 100);
          if (threads == 1)
            single = snapshot (model);
          else
            multi = snapshot (model);
        }
      g_assert_true (g_bytes_equal (single, multi));
    }
  cel_parallel_set_threads (saved);
}

/* Painting, state ----------------------------------------------------------- */

static void
test_paint_and_undo (void)
{
  g_autoptr (CelModel) model = make_life ("/2/4", 20, 20, "torus");
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  const CelCell cells[] = {
    { 1, 1, 1.0f }, { 2, 1, 2.4f }, { 3, 1, 2.6f }, { 4, 1, 99.0f }, { 5, 1, -3.0f },
    { -1, 0, 1.0f }, { 20, 0, 1.0f },
  };

  place (model, GLIDER, 0, 0);
  before = snapshot (model);
  g_assert_true (cel_model_paint_cells (model, cells, G_N_ELEMENTS (cells), undo));
  /* Rounded, then clamped to the rule's states; cells off the grid skipped. */
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 1, 1), ==, 1);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 2, 1), ==, 2);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 3, 1), ==, 3);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 4, 1), ==, 3);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 5, 1), ==, 0);
  g_assert_cmpuint (undo->len, ==, 5);
  g_assert_true (cel_model_paint_cells (model, (CelCell *) undo->data, undo->len, NULL));
  after = snapshot (model);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_place_wraps_and_clips (void)
{
  g_autoptr (CelModel) torus = make_life ("B3/S23", 10, 10, "torus");
  g_autoptr (CelModel) plane = make_life ("B3/S23", 10, 10, "bounded");
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  g_autoptr (CelPattern) glider = parse (GLIDER);
  g_autoptr (GError) error = NULL;

  /* Top-left at (8, -1): on the torus the glider wraps round both edges. */
  g_assert_true (cel_model_place_pattern (torus, glider, 8, -1, undo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (population (CEL_MODEL (torus)), ==, 5);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (torus), 9, 9), ==, 1);  /* (1, 0) */
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (torus), 0, 0), ==, 1);  /* (2, 1) */
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (torus), 8, 1), ==, 1);  /* (0, 2) */
  g_assert_cmpuint (undo->len, ==, 5);

  /* On the plane the cells beyond the edges are dropped. */
  g_assert_true (cel_model_place_pattern (plane, glider, 8, -1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (population (CEL_MODEL (plane)), ==, 2);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (plane), 8, 1), ==, 1);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (plane), 9, 1), ==, 1);
}

static void
test_to_pattern (void)
{
  g_autoptr (CelModel) model = make_life ("B2/S/C3", 12, 10, "bounded");
  g_autoptr (CelPattern) pattern = NULL;

  place (model, "x = 3, y = 1, rule = /2/3\nABA!\n", 4, 5);
  pattern = cel_life_to_pattern (CEL_LIFE (model));
  g_assert_cmpuint (pattern->width, ==, 12);
  g_assert_cmpuint (pattern->height, ==, 10);
  /* Golly's own spelling, with the grid, so Golly runs it the same way. */
  g_assert_cmpstr (pattern->rule, ==, "/2/3:P12,10");
  g_assert_cmpuint (cel_pattern_population (pattern), ==, 3);
  g_assert_cmpuint (cel_pattern_get (pattern, 5, 5), ==, 2);
}

static void
test_life_history (void)
{
  g_autoptr (CelModel) model = NULL;
  g_autoptr (CelPattern) pattern = NULL;
  g_autofree char *rule = NULL;
  guint w, h;

  /* A glider in Golly's LifeHistory states: 1, 3 and 5 are live cells,
   * 2, 4 and 6 dead ones (history, marks, boundary). */
  pattern = parse ("x = 4, y = 3, rule = LifeHistory:T31,20\n.A.B$2.CD$EAE.F!\n");
  model = make_life ("B3/S23", 8, 8, "bounded");
  set_param (model, "rule", pattern->rule);
  rule = cel_model_get_param_string (model, "rule");
  g_assert_cmpstr (rule, ==, "B3/S23");
  /* The suffix asks for a 31 × 20 torus. */
  cel_model_reset (model);
  cel_model_get_size (model, &w, &h);
  g_assert_cmpuint (w, ==, 31);
  g_assert_cmpuint (h, ==, 20);
  place (model, "x = 4, y = 3, rule = LifeHistory:T31,20\n.A.B$2.CD$EAE.F!\n", 10, 3);
  g_assert_cmpuint (population (model), ==, 5);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 11, 3), ==, 1);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 12, 3), ==, 0);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 13, 4), ==, 0);
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 10, 5), ==, 1);
}

static void
test_random_soup (void)
{
  g_autoptr (CelModel) a = make_life ("B3/S23", 256, 200, "torus");
  g_autoptr (CelModel) b = make_life ("B3/S23", 256, 200, "torus");
  g_autoptr (GBytes) sa = NULL;
  g_autoptr (GBytes) sb = NULL;
  guint64 pop;

  set_param (a, "density", "0.5");
  set_param (b, "density", "0.5");
  cel_model_set_seed (a, 7);
  cel_model_set_seed (b, 7);
  cel_model_reset (a);
  cel_model_reset (b);
  sa = snapshot (a);
  sb = snapshot (b);
  g_assert_true (g_bytes_equal (sa, sb));
  /* 51200 cells at one half: the count is binomial with standard deviation
   * 113; six deviations either way would be a broken generator. */
  pop = population (a);
  g_assert_cmpuint (pop, >, 25600 - 680);
  g_assert_cmpuint (pop, <, 25600 + 680);
}

static void
state_round_trip (const char *rule, const char *topology)
{
  g_autoptr (CelModel) a = make_life (rule, 203, 77, topology);
  g_autoptr (CelModel) b = make_life (rule, 203, 77, topology);
  g_autoptr (JsonNode) state = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sa = NULL;
  g_autoptr (GBytes) sb = NULL;

  set_param (a, "density", "0.3");
  cel_model_reset (a);
  step (a, 25);
  state = cel_model_save_state (a);
  g_assert_true (cel_model_load_state (b, json_node_get_object (state), &error));
  g_assert_no_error (error);
  sa = snapshot (a);
  sb = snapshot (b);
  g_assert_true (g_bytes_equal (sa, sb));
  g_assert_cmpuint (cel_model_get_step (b), ==, 25);

  /* And they go on identically. */
  step (a, 30);
  step (b, 30);
  g_clear_pointer (&sa, g_bytes_unref);
  g_clear_pointer (&sb, g_bytes_unref);
  sa = snapshot (a);
  sb = snapshot (b);
  g_assert_true (g_bytes_equal (sa, sb));
}

static void
test_state_round_trip (void)
{
  state_round_trip ("B3/S23", "torus");
  state_round_trip ("B36/S23", "bounded");
  state_round_trip ("345/2/4", "torus");
}

static void
expect_load_error (CelModel *model, JsonNode *state, const char *member, const char *json_value,
                   const char *needle)
{
  g_autofree char *text = json_to_string (state, FALSE);
  g_autoptr (JsonNode) copy = json_from_string (text, NULL);
  JsonObject *model_obj = json_object_get_object_member (json_node_get_object (copy), "model");
  g_autoptr (JsonNode) value = json_from_string (json_value, NULL);
  g_autoptr (GError) error = NULL;

  json_object_set_member (model_obj, member, g_steal_pointer (&value));
  g_assert_false (cel_model_load_state (model, json_node_get_object (copy), &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_state_errors (void)
{
  g_autoptr (CelModel) model = make_life ("/2/3", 20, 10, "torus");
  g_autoptr (JsonNode) state = NULL;
  g_autofree char *bytes_blob = NULL;
  g_autofree char *short_blob = NULL;
  g_autofree char *json_blob = NULL;
  guint8 cells[200] = { 0 };

  state = cel_model_save_state (model);
  expect_load_error (model, state, "width", "21", "width");
  expect_load_error (model, state, "height", "\"ten\"", "height");
  expect_load_error (model, state, "states", "2", "states");
  expect_load_error (model, state, "cells", "\"not base64!\"", "cells");
  short_blob = cel_blob_encode (cells, 199);
  json_blob = g_strdup_printf ("\"%s\"", short_blob);
  expect_load_error (model, state, "cells", json_blob, "cells");
  /* A state the rule lacks. */
  cells[45] = 3;
  bytes_blob = cel_blob_encode (cells, sizeof cells);
  g_free (json_blob);
  json_blob = g_strdup_printf ("\"%s\"", bytes_blob);
  expect_load_error (model, state, "cells", json_blob, "(5, 2)");
}

static void
test_rule_change_live (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 32, 32, "torus");

  place (model, GLIDER, 10, 10);
  set_param (model, "rule", "B2/S/C3");
  g_assert_cmpuint (cel_life_get_n_states (CEL_LIFE (model)), ==, 3);
  g_assert_cmpuint (population (model), ==, 5);
  step (model, 1);
  /* Under Brian's Brain the five cells all start dying. */
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 11, 10), ==, 2);
  set_param (model, "rule", "B3/S23");
  /* Dying cells have no place in a two-state rule. */
  g_assert_cmpuint (cel_life_get_cell (CEL_LIFE (model), 11, 10), ==, 0);
}

static void
test_region_render (void)
{
  g_autoptr (CelModel) model = make_life ("B3/S23", 100, 50, "torus");
  g_autoptr (CelFrame) frame = NULL;
  g_autoptr (CelFrame) empty = NULL;

  place (model, GLIDER, 95, 45);
  frame = cel_model_render_field (model, 0, &(CelRect) { 90, 40, 30, 30 });
  g_assert_cmpint (frame->x, ==, 90);
  g_assert_cmpint (frame->y, ==, 40);
  g_assert_cmpuint (frame->width, ==, 10);
  g_assert_cmpuint (frame->height, ==, 10);
  g_assert_cmpuint (frame->n_states, ==, 2);
  g_assert_cmpuint (frame->data[5 * frame->stride + 6], ==, 1);   /* (96, 45) */
  g_assert_cmpuint (frame->data[7 * frame->stride + 5], ==, 1);   /* (95, 47) */
  empty = cel_model_render_field (model, 0, &(CelRect) { -40, 10, 20, 5 });
  g_assert_cmpuint (empty->width, ==, 0);
}

static void
test_bench (void)
{
  g_autoptr (GError) error = NULL;
  double seconds = -1;

  g_assert_true (cel_life_bench (128, 64, 10, 0.5, 1, 0, &seconds, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_false (cel_life_bench (0, 64, 10, 0.5, 1, 0, &seconds, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/life/rule/spellings", test_rule_spellings);
  g_test_add_func ("/life/rule/grid-suffix", test_rule_grid_suffix);
  g_test_add_func ("/life/rule/errors", test_rule_errors);
  g_test_add_func ("/life/rule/invalid-param", test_rule_invalid_param);
  g_test_add_func ("/life/rule/change-live", test_rule_change_live);
  g_test_add_func ("/life/blinker", test_blinker);
  g_test_add_func ("/life/pulsar", test_pulsar);
  g_test_add_func ("/life/pentadecathlon", test_pentadecathlon);
  g_test_add_func ("/life/glider", test_glider);
  g_test_add_func ("/life/lwss", test_lwss);
  g_test_add_func ("/life/torus-wrap", test_torus_wrap);
  g_test_add_func ("/life/gosper-gun", test_gosper_gun);
  g_test_add_func ("/life/r-pentomino", test_r_pentomino);
  g_test_add_func ("/life/diehard", test_diehard);
  g_test_add_func ("/life/acorn", test_acorn);
  g_test_add_func ("/life/brians-brain", test_brians_brain);
  g_test_add_func ("/life/b0", test_b0_rule);
  g_test_add_func ("/life/engine-reference", test_engine_reference);
  g_test_add_func ("/life/threads-identical", test_threads_identical);
  g_test_add_func ("/life/paint-undo", test_paint_and_undo);
  g_test_add_func ("/life/place-pattern", test_place_wraps_and_clips);
  g_test_add_func ("/life/to-pattern", test_to_pattern);
  g_test_add_func ("/life/life-history", test_life_history);
  g_test_add_func ("/life/random-soup", test_random_soup);
  g_test_add_func ("/life/state/round-trip", test_state_round_trip);
  g_test_add_func ("/life/state/errors", test_state_errors);
  g_test_add_func ("/life/render-region", test_region_render);
  g_test_add_func ("/life/bench", test_bench);

  return g_test_run ();
}
