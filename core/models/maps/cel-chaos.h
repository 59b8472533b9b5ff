/* cel-chaos.h — measures of chaos on time series, shared by the "maps" and
 * "flows" models (internal to core).
 *
 * The 0–1 test for chaos follows Gottwald and Melbourne, "On the
 * implementation of the 0–1 test for chaos", SIAM J. Appl. Dyn. Syst. 8, 129
 * (2009): for each frequency c the translation variables
 *   p_c(n) = Σ_{j≤n} φ(j) cos(jc),  q_c(n) = Σ_{j≤n} φ(j) sin(jc)
 * give the mean square displacement M_c(n) (averaged over the N − n
 * available starting points, n ≤ n_cut = N/10), from which the oscillatory
 * term V_osc(c, n) = (Eφ)² (1 − cos nc)/(1 − cos c) is subtracted (their
 * "modified mean square displacement" D_c). K_c is the correlation
 * coefficient of n and D_c(n); K is the median of K_c over frequencies drawn
 * uniformly from (π/5, 4π/5). K is close to 1 for chaotic data and close to
 * 0 for regular (periodic or quasi-periodic) data.
 *
 * Sample entropy follows Richman and Moorman, Am. J. Physiol. 278, H2039
 * (2000): with templates of length m and m + 1 taken at the same N − m
 * starting points, B counts pairs of distinct length-m templates within r of
 * each other (largest coordinate difference) and A the pairs that still
 * match at length m + 1; SampEn = −ln(A/B).
 */
#pragma once

#include <gio/gio.h>

#include "cel-rng.h"

G_BEGIN_DECLS

/* The 0–1 test. phi holds n_samples ≥ 20 observations; n_c ≥ 1 frequencies
 * are drawn from rng. k_values (may be NULL) receives the K_c of each
 * frequency, c_values (may be NULL) the frequencies, in the order drawn.
 * Returns the median K, or NaN when cancelled or when the data are constant
 * (no correlation is defined). */
double   cel_chaos_zero_one      (const double *phi,
                                  gsize         n_samples,
                                  guint         n_c,
                                  CelRng       *rng,
                                  double       *c_values,
                                  double       *k_values,
                                  GCancellable *cancellable);

/* The translation variables p_c, q_c for one frequency (n_samples values
 * each), for plotting: a bounded p–q path means regular data, a Brownian
 * one chaos. */
void     cel_chaos_translation   (const double *phi,
                                  gsize         n_samples,
                                  double        c,
                                  double       *p,
                                  double       *q);

/* Sample entropy with template length m and tolerance r_factor times the
 * standard deviation of the series. Returns +infinity when no template
 * pair matches at length m + 1 (the estimate is undefined), NaN when
 * cancelled or when fewer than m + 2 samples are given. */
double   cel_chaos_sample_entropy (const double *u,
                                   gsize         n_samples,
                                   guint         m,
                                   double        r_factor,
                                   GCancellable *cancellable);

/* Mean and standard error of the mean of n values (error NaN for n < 2). */
void     cel_chaos_mean_error    (const double *values,
                                  guint         n,
                                  double       *mean,
                                  double       *error);

G_END_DECLS
