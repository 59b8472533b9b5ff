/* cel-plot-axis.c — nice ticks and their labels. */
#include "cel-plot-axis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Ticks within this fraction of a step of the range ends still count as
 * inside: the range ends are often themselves computed multiples of the
 * step and carry rounding error of a few ulps. */
#define EDGE_TOLERANCE 1e-9

static const char *const superscript_digits[10] = {
  "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹",
};

static void
append_superscript (GString *out, int exponent)
{
  char digits[16];

  if (exponent < 0)
    g_string_append (out, "⁻");
  g_snprintf (digits, sizeof digits, "%d", abs (exponent));
  for (const char *p = digits; *p; p++)
    g_string_append (out, superscript_digits[*p - '0']);
}

static void
append_tick (GArray *ticks, double value, gboolean labelled)
{
  CelPlotTick tick = { value, labelled };

  g_array_append_val (ticks, tick);
}

double
cel_plot_axis_linear_ticks (double  lo,
                            double  hi,
                            guint   max_ticks,
                            GArray *ticks)
{
  static const double multiples[] = { 1.0, 2.0, 5.0 };
  double span = hi - lo;
  double step = 0.0;
  double base;
  gint64 first, last;

  g_array_set_size (ticks, 0);
  if (!isfinite (lo) || !isfinite (hi) || !isfinite (span) || span <= 0.0)
    return 0.0;
  max_ticks = MAX (max_ticks, 2);

  /* Start one decade below the raw step so that the first candidate is
   * certainly small enough, then grow through 1, 2, 5 × 10^k. */
  base = pow (10.0, floor (log10 (span / max_ticks)) - 1.0);
  for (guint k = 0; k < 12 && step == 0.0; k++, base *= 10.0)
    for (guint m = 0; m < G_N_ELEMENTS (multiples); m++)
      {
        double candidate = multiples[m] * base;
        double count = floor (hi / candidate + EDGE_TOLERANCE)
                       - ceil (lo / candidate - EDGE_TOLERANCE) + 1.0;

        if (count <= max_ticks)
          {
            step = candidate;
            break;
          }
      }

  /* A step below the resolution of a double at this magnitude cannot
   * produce distinct ticks. */
  if (step == 0.0 || step < (fabs (lo) + fabs (hi)) * 1e-14)
    return 0.0;
  if (fabs (lo / step) > 4503599627370496.0 || fabs (hi / step) > 4503599627370496.0)
    return 0.0;

  first = (gint64) ceil (lo / step - EDGE_TOLERANCE);
  last = (gint64) floor (hi / step + EDGE_TOLERANCE);
  for (gint64 i = first; i <= last; i++)
    append_tick (ticks, i == 0 ? 0.0 : (double) i * step, TRUE);
  return step;
}

double
cel_plot_axis_log_ticks (double  lo,
                         double  hi,
                         guint   max_ticks,
                         GArray *ticks)
{
  double llo, lhi, decades;
  int d_first, d_last, every, n_labelled;

  g_array_set_size (ticks, 0);
  if (!isfinite (lo) || !isfinite (hi) || lo <= 0.0 || hi <= lo)
    return 0.0;
  llo = log10 (lo);
  lhi = log10 (hi);
  decades = lhi - llo;
  if (decades < 1.0)
    return cel_plot_axis_linear_ticks (lo, hi, max_ticks, ticks);

  max_ticks = MAX (max_ticks, 2);
  d_first = (int) floor (llo);
  d_last = (int) ceil (lhi);
  n_labelled = (int) floor (lhi + EDGE_TOLERANCE) - (int) ceil (llo - EDGE_TOLERANCE) + 1;
  every = MAX (1, (n_labelled + (int) max_ticks - 1) / (int) max_ticks);

  for (int d = d_first; d <= d_last; d++)
    {
      double decade = pow (10.0, d);
      /* Floor division, so that every-k-th labelling is the same for
       * negative exponents. */
      int rem = ((d % every) + every) % every;

      for (int m = 1; m <= 9; m++)
        {
          double value = m * decade;
          gboolean labelled;

          if (value < lo * (1.0 - EDGE_TOLERANCE) || value > hi * (1.0 + EDGE_TOLERANCE))
            continue;
          if (m == 1)
            labelled = rem == 0;
          else if (decades > MIN (6.0, (double) max_ticks))
            continue;
          else
            labelled = decades <= 2.0 && (m == 2 || m == 5);
          append_tick (ticks, value, labelled);
        }
    }
  return 0.0;
}

/* Removes trailing zeros after the decimal separator (either locale's). */
static void
trim_zeros (char *buf)
{
  char *p = buf + strlen (buf);

  if (strpbrk (buf, ".,") == NULL)
    return;
  while (p > buf && p[-1] == '0')
    *--p = '\0';
  if (p > buf && (p[-1] == '.' || p[-1] == ','))
    *--p = '\0';
}

static void
append_scientific (GString *out, double abs_value, int decimals, gboolean trim)
{
  int exponent = (int) floor (log10 (abs_value));
  double mantissa = abs_value / pow (10.0, exponent);
  char buf[64];

  /* Rounding may carry the mantissa to 10 (9.9996 → "10.00"). */
  if (round (mantissa * pow (10.0, decimals)) >= 10.0 * pow (10.0, decimals))
    {
      exponent++;
      mantissa /= 10.0;
    }
  g_snprintf (buf, sizeof buf, "%.*f", decimals, mantissa);
  if (trim)
    trim_zeros (buf);
  g_string_append_printf (out, "%s×10", buf);
  append_superscript (out, exponent);
}

char *
cel_plot_axis_format (double value,
                      double step,
                      double lo,
                      double hi)
{
  GString *out;
  double abs_value = fabs (value);
  double magnitude = MAX (fabs (lo), fabs (hi));

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  if (abs_value == 0.0 || (step > 0.0 && abs_value < step * 1e-6))
    return g_strdup ("0");

  out = g_string_new (value < 0 ? "−" : "");
  if (step <= 0.0)
    {
      int exponent = (int) floor (log10 (abs_value) + EDGE_TOLERANCE);
      double mantissa = abs_value / pow (10.0, exponent);

      if (lo >= 0.01 * (1.0 - EDGE_TOLERANCE) && hi < 1e5)
        g_string_append_printf (out, "%.*f", MAX (0, -exponent), abs_value);
      else
        {
          if (fabs (mantissa - 1.0) > 1e-6)
            g_string_append_printf (out, "%.0f×", mantissa);
          g_string_append (out, "10");
          append_superscript (out, exponent);
        }
    }
  else if ((magnitude >= 1e6 && step >= magnitude * 1e-3) || magnitude < 1e-4)
    {
      int exponent = (int) floor (log10 (abs_value) + EDGE_TOLERANCE);
      int step_exponent = (int) floor (log10 (step) + EDGE_TOLERANCE);

      append_scientific (out, abs_value, CLAMP (exponent - step_exponent, 0, 6), FALSE);
    }
  else
    {
      int decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step) - EDGE_TOLERANCE);

      g_string_append_printf (out, "%.*f", CLAMP (decimals, 0, 12), abs_value);
    }
  return g_string_free (out, FALSE);
}

char *
cel_plot_axis_format_value (double value)
{
  double abs_value = fabs (value);
  GString *out;

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");
  if (abs_value == 0.0)
    return g_strdup ("0");

  out = g_string_new (value < 0 ? "−" : "");
  if (abs_value >= 1e6 || abs_value < 1e-4)
    append_scientific (out, abs_value, 5, TRUE);
  else
    {
      char buf[64];

      g_snprintf (buf, sizeof buf, "%.*f", MAX (0, 5 - (int) floor (log10 (abs_value))), abs_value);
      trim_zeros (buf);
      g_string_append (out, buf);
    }
  return g_string_free (out, FALSE);
}
