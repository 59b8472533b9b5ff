/* The liquid state machine's data and readout: the built-in optdigits copy
 * against the dataset's published class counts and scikit-learn's copy,
 * the ridge readout against scikit-learn's RidgeClassifier on the same
 * split, Poisson encoding rates and Fano factor, the split, errors, and the
 * liquid state machine preset's astrocyte driving the branching factor to
 * 1. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/snn/cel-snn-readout.h"
#include "test-util.h"

/* Helpers ------------------------------------------------------------------ */

static double
result_number (const CelAnalysisResult *result, const char *id)
{
  for (guint i = 0; i < result->numbers->len; i++)
    {
      const CelAnalysisNumber *number = &g_array_index (result->numbers, CelAnalysisNumber, i);

      if (g_str_equal (number->id, id))
        return number->value;
    }
  g_error ("no number %s", id);
}

/* The readout analysis of the model: accuracy and branching factor without
 * plasticity and after the astrocyte's STDP. */
static void
run_readout (CelModel *model, double accuracy[2], double branching[2])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelAnalysisResult) result = cel_model_run_analysis (model, "readout", NULL, NULL,
                                                                 NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  accuracy[0] = result_number (result, "accuracy");
  accuracy[1] = result_number (result, "accuracy-astrocyte");
  branching[0] = result_number (result, "branching");
  branching[1] = result_number (result, "branching-astrocyte");
}

static CelSnnDigits *
load_digits (void)
{
  g_autoptr (GError) error = NULL;
  CelSnnDigits *digits = cel_snn_digits_load (&error);

  g_assert_no_error (error);
  g_assert_nonnull (digits);
  return digits;
}

/* Image i as doubles. */
static void
image (const CelSnnDigits *digits, guint i, double *x)
{
  for (guint k = 0; k < CEL_SNN_DIGITS_PIXELS; k++)
    x[k] = digits->pixels[(gsize) i * CEL_SNN_DIGITS_PIXELS + k];
}

/* A readout fitted on the images order[0 … n_train) with ridge λ. */
static CelSnnReadout *
fit (const CelSnnDigits *digits, const guint *order, guint n_train, double lambda)
{
  g_autoptr (GError) error = NULL;
  CelSnnReadout *readout = cel_snn_readout_new (CEL_SNN_DIGITS_PIXELS, CEL_SNN_DIGITS_CLASSES, &error);
  double x[CEL_SNN_DIGITS_PIXELS];

  g_assert_no_error (error);
  for (guint i = 0; i < n_train; i++)
    {
      image (digits, order[i], x);
      cel_snn_readout_add (readout, x, digits->labels[order[i]]);
    }
  g_assert_true (cel_snn_readout_fit (readout, lambda, &error));
  g_assert_no_error (error);
  g_assert_true (cel_snn_readout_is_fitted (readout));
  return readout;
}

/* How many of the images order[from … to) the readout gets right. */
static guint
correct (const CelSnnReadout *readout, const CelSnnDigits *digits, const guint *order,
         guint from, guint to)
{
  double x[CEL_SNN_DIGITS_PIXELS];
  guint right = 0;

  for (guint i = from; i < to; i++)
    {
      image (digits, order[i], x);
      if (cel_snn_readout_predict (readout, x, NULL) == digits->labels[order[i]])
        right++;
    }
  return right;
}

/* The data ----------------------------------------------------------------- */

static void
test_digits_load (void)
{
  g_autoptr (CelSnnDigits) digits = load_digits ();
  /* Images per class, 0 to 9, as the UCI description and scikit-learn's
   * load_digits give them. */
  static const guint counts[CEL_SNN_DIGITS_CLASSES] = {
    178, 182, 177, 183, 181, 182, 181, 179, 174, 180,
  };
  /* The last image (a 8), copied from scikit-learn 1.2.1's load_digits. */
  static const guint8 last[CEL_SNN_DIGITS_PIXELS] = {
    0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0,
    0, 0, 15, 15, 8, 15, 0, 0, 0, 0, 5, 16, 16, 10, 0, 0,
    0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6, 4, 16, 6, 0,
    0, 8, 16, 10, 8, 16, 8, 0, 0, 1, 8, 12, 14, 12, 1, 0,
  };
  guint seen[CEL_SNN_DIGITS_CLASSES] = { 0 };
  guint64 sum = 0;

  g_assert_cmpuint (digits->n, ==, 1797);
  for (guint i = 0; i < digits->n; i++)
    {
      g_assert_cmpuint (digits->labels[i], <, CEL_SNN_DIGITS_CLASSES);
      seen[digits->labels[i]]++;
    }
  for (guint k = 0; k < CEL_SNN_DIGITS_CLASSES; k++)
    g_assert_cmpuint (seen[k], ==, counts[k]);
  for (gsize k = 0; k < (gsize) digits->n * CEL_SNN_DIGITS_PIXELS; k++)
    {
      g_assert_cmpuint (digits->pixels[k], <=, CEL_SNN_DIGITS_MAX);
      sum += digits->pixels[k];
    }
  /* numpy: int(load_digits().data.sum()). */
  g_assert_cmpuint (sum, ==, 561718);
  g_assert_cmpmem (digits->pixels + (gsize) 1796 * CEL_SNN_DIGITS_PIXELS, CEL_SNN_DIGITS_PIXELS,
                   last, CEL_SNN_DIGITS_PIXELS);
  g_assert_cmpuint (digits->labels[1796], ==, 8);
}

/* n copies of "0,": the first n pixels of a blank image. */
static char *
zeros (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, "0,");
  return g_string_free (s, FALSE);
}

static void
test_digits_parse (void)
{
  g_autofree char *z62 = zeros (62);
  g_autofree char *z63 = zeros (63);
  const struct {
    char *text;
    const char *problem;
  } bad[] = {
    { g_strdup (""), "no images" },
    { g_strdup ("\n  \n"), "no images" },
    { g_strdup ("1,2,3\n"), "3 values" },
    { g_strconcat (z63, "17,3\n", NULL), "pixel 64" },
    { g_strconcat (z63, "0,10\n", NULL), "label" },
    { g_strconcat (z63, "0,1,1\n", NULL), "more than 65" },
    { g_strconcat (z63, "0,1x\n", NULL), "after the label" },
    { g_strconcat (z63, "0,5\n0,-1\n", NULL), "line 2: value 2" },
    { g_strconcat (z63, "0,99999999999999999999999\n", NULL), "label" },
  };
  /* Spaces, a CRLF line end, a blank line and no final newline are fine. */
  g_autofree char *good = g_strconcat ("16, ", z62, "7 ,9\r\n\n", z63, "0,0", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CelSnnDigits) digits = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CelSnnDigits) none = cel_snn_digits_parse (bad[i].text, strlen (bad[i].text), &error);

      g_assert_null (none);
      g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
      if (strstr (error->message, bad[i].problem) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, bad[i].problem);
      g_clear_error (&error);
      g_free (bad[i].text);
    }

  digits = cel_snn_digits_parse (good, strlen (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (digits->n, ==, 2);
  g_assert_cmpuint (digits->pixels[0], ==, 16);
  g_assert_cmpuint (digits->pixels[63], ==, 7);
  g_assert_cmpuint (digits->labels[0], ==, 9);
  g_assert_cmpuint (digits->pixels[64], ==, 0);
  g_assert_cmpuint (digits->labels[1], ==, 0);
  g_clear_pointer (&digits, cel_snn_digits_free);

  /* The length bounds the text: two bytes short, the second line loses its
   * label. */
  digits = cel_snn_digits_parse (good, strlen (good) - 2, &error);
  g_assert_null (digits);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 3: 64 values"));
}

/* The readout -------------------------------------------------------------- */

/* scikit-learn 1.2.1, RidgeClassifier(alpha=1.0) fitted on the first 898
 * images (the split of its "Recognizing hand-written digits" example,
 * test_size=0.5 without shuffling) and tested on the other 899: 790 right.
 * Its intercept_ and coef_[3, 0:12] are copied below. The readout solves
 * the same centred ridge problem, so it must agree to the solver's
 * rounding: the system X_cᵀX_c + I has a condition number below 10⁶ (its
 * eigenvalues lie between 1 and the pixel scatter, about 10⁶), so the
 * weights agree to far better than the 10⁻⁸ asked; and the smallest gap
 * between the two best scores of a test image is 1.5·10⁻³ in
 * scikit-learn's fit, so no prediction can flip. */
static void
test_ridge_matches_sklearn (void)
{
  g_autoptr (CelSnnDigits) digits = load_digits ();
  g_autoptr (CelSnnReadout) readout = NULL;
  static const double intercept[CEL_SNN_DIGITS_CLASSES] = {
    -0.512137365333, -1.283877337812, -0.554892912784, -0.689954345368, -0.517389458383,
    -0.757695849753, -0.883999037363, -0.86147244236, -1.179762552729, -0.758818698116,
  };
  static const double coef3[12] = {
    0.0, -0.000949747589, -0.006972485611, 0.003180493178, 0.018960348642, -0.007772088501,
    -0.007471813506, 0.006522638836, -0.1563620377, 0.015518511213, 0.000347063584,
    0.006715153307,
  };
  double x[CEL_SNN_DIGITS_PIXELS] = { 0 };
  double at0[CEL_SNN_DIGITS_CLASSES], s[CEL_SNN_DIGITS_CLASSES];
  guint order[1797];

  for (guint i = 0; i < digits->n; i++)
    order[i] = i;
  readout = fit (digits, order, 898, 1.0);
  g_assert_cmpuint (correct (readout, digits, order, 898, digits->n), ==, 790);

  /* At x = 0 the outputs are the intercepts; one pixel at 1 adds its row
   * of weights. */
  cel_snn_readout_predict (readout, x, at0);
  for (guint k = 0; k < CEL_SNN_DIGITS_CLASSES; k++)
    g_assert_cmpfloat_with_epsilon (at0[k], intercept[k], 1e-8);
  for (guint j = 0; j < G_N_ELEMENTS (coef3); j++)
    {
      x[j] = 1.0;
      cel_snn_readout_predict (readout, x, s);
      x[j] = 0.0;
      g_assert_cmpfloat_with_epsilon (s[3] - at0[3], coef3[j], 1e-8);
    }
}

/* On random 75/25 splits, scikit-learn's RidgeClassifier(alpha=1.0) gets
 * 0.932 on average (0.913 to 0.956 over train_test_split's random_state
 * 0 … 19; the spread between splits has sd ≈ 0.011). The mean over five of
 * our splits has sd ≈ 0.011/√5 ≈ 0.005: it must lie in 0.932 ± 0.02, four
 * sd, and every split in the range of twenty splits widened by 0.01. */
static void
test_ridge_random_splits (void)
{
  g_autoptr (CelSnnDigits) digits = load_digits ();
  guint order[1797];
  double mean = 0.0;

  for (guint seed = 1; seed <= 5; seed++)
    {
      g_autoptr (CelSnnReadout) readout = NULL;
      guint n_train = cel_snn_split (digits->n, 0.25, seed, order);
      double accuracy;

      g_assert_cmpuint (n_train, ==, 1797 - 449);
      readout = fit (digits, order, n_train, 1.0);
      accuracy = (double) correct (readout, digits, order, n_train, digits->n) / (digits->n - n_train);
      g_test_message ("split %u: accuracy %.4f", seed, accuracy);
      g_assert_cmpfloat (accuracy, >, 0.903);
      g_assert_cmpfloat (accuracy, <, 0.966);
      mean += accuracy / 5;
    }
  g_assert_cmpfloat (fabs (mean - 0.932), <, 0.02);
}

/* cel_snn_readout_accuracy agrees with counting predictions one by one. */
static void
test_readout_accuracy (void)
{
  g_autoptr (CelSnnDigits) digits = load_digits ();
  g_autoptr (CelSnnReadout) readout = NULL;
  g_autofree double *x = g_new (double, (gsize) 899 * CEL_SNN_DIGITS_PIXELS);
  guint order[1797];

  for (guint i = 0; i < digits->n; i++)
    order[i] = i;
  readout = fit (digits, order, 898, 1.0);
  for (guint i = 0; i < 899; i++)
    image (digits, 898 + i, x + (gsize) i * CEL_SNN_DIGITS_PIXELS);
  g_assert_cmpfloat (cel_snn_readout_accuracy (readout, x, digits->labels + 898, 899), ==,
                     790.0 / 899.0);
  g_assert_cmpfloat (cel_snn_readout_accuracy (readout, x, digits->labels + 898, 0), ==, 0.0);
  g_assert_cmpuint (cel_snn_readout_get_n_features (readout), ==, CEL_SNN_DIGITS_PIXELS);
}

static void
test_readout_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelSnnReadout) readout = NULL;
  g_autoptr (CelSnnDigits) digits = load_digits ();
  double x[CEL_SNN_DIGITS_PIXELS];

  g_assert_null (cel_snn_readout_new (0, 10, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_null (cel_snn_readout_new (64, 1, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_null (cel_snn_readout_new (20001, 10, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);

  readout = cel_snn_readout_new (CEL_SNN_DIGITS_PIXELS, CEL_SNN_DIGITS_CLASSES, &error);
  g_assert_no_error (error);
  g_assert_false (cel_snn_readout_is_fitted (readout));
  image (digits, 0, x);
  cel_snn_readout_add (readout, x, digits->labels[0]);
  g_assert_false (cel_snn_readout_fit (readout, 1.0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_FAILED);
  g_clear_error (&error);

  for (guint i = 1; i < 300; i++)
    {
      image (digits, i, x);
      cel_snn_readout_add (readout, x, digits->labels[i]);
    }
  g_assert_false (cel_snn_readout_fit (readout, -1.0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_false (cel_snn_readout_fit (readout, NAN, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  /* Pixel 0 is blank in every image: without a ridge the system is
   * singular, and the error says to raise λ. */
  g_assert_false (cel_snn_readout_fit (readout, 0.0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "λ"));
  g_assert_false (cel_snn_readout_is_fitted (readout));
  g_clear_error (&error);
  g_assert_true (cel_snn_readout_fit (readout, 1.0, &error));
  g_assert_no_error (error);

  /* A feature that is not finite (or overflows its square) is named. */
  x[5] = NAN;
  cel_snn_readout_add (readout, x, 0);
  g_assert_false (cel_snn_readout_fit (readout, 1.0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "feature 6"));
  g_clear_error (&error);
  g_clear_pointer (&readout, cel_snn_readout_free);
  readout = cel_snn_readout_new (2, 2, &error);
  x[0] = 1e200;
  x[1] = 0.0;
  cel_snn_readout_add (readout, x, 0);
  cel_snn_readout_add (readout, x, 1);
  g_assert_false (cel_snn_readout_fit (readout, 1.0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "feature 1"));
}

/* Encoding ----------------------------------------------------------------- */

/* Inputs at 0, 20, 40 … 140 Hz for 200 s in steps of 0.1 ms: the count of
 * input k is binomial with p = 1 − e^(−r dt), so its mean is within 5 sd
 * of N p; the Fano factor of its counts in 100 ms windows (2000 of them)
 * is 1 − p ≈ 1 with a sampling sd of about √(2/2000) ≈ 0.032, asserted
 * within 0.15 (≈ 5 sd). A silent input never fires. */
static void
test_poisson (void)
{
  enum { N_IN = 8, WINDOW = 1000, N_WIN = 2000 };
  const double dt = 0.1;
  double rates[N_IN];
  guint32 spikes[N_IN];
  guint64 total[N_IN] = { 0 };
  double sum[N_IN] = { 0 }, sq[N_IN] = { 0 };
  CelRng rng;

  for (guint k = 0; k < N_IN; k++)
    rates[k] = 20.0 * k;
  cel_rng_seed (&rng, 7);
  for (guint w = 0; w < N_WIN; w++)
    {
      guint count[N_IN] = { 0 };

      for (guint s = 0; s < WINDOW; s++)
        {
          guint fired = cel_snn_poisson_step (rates, N_IN, dt, &rng, spikes);

          for (guint i = 0; i < fired; i++)
            {
              if (i > 0)
                g_assert_cmpuint (spikes[i], >, spikes[i - 1]);
              count[spikes[i]]++;
            }
        }
      for (guint k = 0; k < N_IN; k++)
        {
          total[k] += count[k];
          sum[k] += count[k];
          sq[k] += (double) count[k] * count[k];
        }
    }
  g_assert_cmpuint (total[0], ==, 0);
  for (guint k = 1; k < N_IN; k++)
    {
      double steps = (double) WINDOW * N_WIN;
      double p = -expm1 (-rates[k] * dt * 1e-3);
      double mean = sum[k] / N_WIN;
      double var = sq[k] / N_WIN - mean * mean;

      g_assert_cmpfloat (fabs ((double) total[k] - steps * p), <, 5.0 * sqrt (steps * p * (1 - p)));
      g_assert_cmpfloat (fabs (var / mean - 1.0), <, 0.15);
    }
}

static void
test_digits_rates (void)
{
  g_autoptr (CelSnnDigits) digits = load_digits ();
  double rates[CEL_SNN_DIGITS_PIXELS];

  cel_snn_digits_rates (digits, 1796, 80.0, rates);
  /* Pixels 2 and 10 of the last image are 10 and 16: 50 and 80 Hz. */
  g_assert_cmpfloat (rates[0], ==, 0.0);
  g_assert_cmpfloat (rates[2], ==, 50.0);
  g_assert_cmpfloat (rates[10], ==, 80.0);
}

static void
test_split (void)
{
  guint order[101], again[101];
  gboolean seen[101] = { FALSE };
  gboolean moved = FALSE;

  g_assert_cmpuint (cel_snn_split (101, 0.3, 42, order), ==, 101 - 30);
  for (guint i = 0; i < 101; i++)
    {
      g_assert_cmpuint (order[i], <, 101);
      g_assert_false (seen[order[i]]);
      seen[order[i]] = TRUE;
      moved |= order[i] != i;
    }
  g_assert_true (moved);
  g_assert_cmpuint (cel_snn_split (101, 0.3, 42, again), ==, 71);
  g_assert_cmpmem (order, sizeof order, again, sizeof again);
  g_assert_cmpuint (cel_snn_split (101, 0.0, 1, order), ==, 101);
  g_assert_cmpuint (cel_snn_split (101, 1.0, 1, order), ==, 0);
}

/* The astrocyte ------------------------------------------------------------ */

/* The "Liquid state machine reading digits" preset on its first 300 digits
 * (210 train the STDP and the readout, 90 test it). NALSM's claim (Ivanov &
 * Michmizos 2021) is that the astrocyte drives the liquid to a branching
 * factor of 1, measured as they do (descendant spikes per ancestor spike
 * within 4 ms through the synapses). Measured here: 0.731 as built, 1.015
 * after the astrocyte's STDP (0.751 and 0.969 with seed 2; 0.733 and 1.051
 * on all 1,797 digits; from a network built too strong, j_e 6 mV, 1.23
 * falls to 1.10). So |σ − 1| ≤ 0.1 after the astrocyte, and as built σ
 * must lie outside that band, below 0.9. The same STDP with the
 * astrocyte's gain at 0, a fixed A₋ = 0.004 (its bias), reads 1.48: the
 * synapses run up to w_max; it must lie above 1.1, so the regulation, not
 * the rule alone, brings σ to 1. Accuracy: 85.6 % without plasticity,
 * 88.9 % after the astrocyte; with 90 test images one binomial standard
 * error is about 3.5 %, so the astrocyte's must be no more than that below
 * the other, and both far above chance (10 %). */
static void
test_astrocyte_branching (void)
{
  g_autoptr (CelModel) model = test_load_preset ("snn-lsm-digits");
  double accuracy[2], branching[2];

  test_set_param (model, "lsm-samples", "300");
  run_readout (model, accuracy, branching);
  g_test_message ("accuracy %.3f, after the astrocyte %.3f; σ %.3f, after the astrocyte %.3f",
                  accuracy[0], accuracy[1], branching[0], branching[1]);
  g_assert_cmpfloat (fabs (branching[1] - 1.0), <=, 0.1);
  g_assert_cmpfloat (branching[0], <, 0.9);
  g_assert_cmpfloat (accuracy[0], >=, 0.8);
  g_assert_cmpfloat (accuracy[1], >=, accuracy[0] - 0.035);

  test_set_param (model, "astro-gain", "0");
  run_readout (model, accuracy, branching);
  g_test_message ("fixed A₋ = 0.004: σ %.3f", branching[1]);
  g_assert_cmpfloat (branching[1], >, 1.1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snn-readout/digits/load", test_digits_load);
  g_test_add_func ("/snn-readout/digits/parse", test_digits_parse);
  g_test_add_func ("/snn-readout/digits/rates", test_digits_rates);
  g_test_add_func ("/snn-readout/ridge/sklearn", test_ridge_matches_sklearn);
  g_test_add_func ("/snn-readout/ridge/random-splits", test_ridge_random_splits);
  g_test_add_func ("/snn-readout/ridge/accuracy", test_readout_accuracy);
  g_test_add_func ("/snn-readout/ridge/errors", test_readout_errors);
  g_test_add_func ("/snn-readout/poisson", test_poisson);
  g_test_add_func ("/snn-readout/split", test_split);
  g_test_add_func ("/snn-readout/astrocyte/branching", test_astrocyte_branching);
  return g_test_run ();
}
