/* cel-snn-readout.h — the liquid state machine's data and readout.
 *
 * Data: the 1,797 8×8 handwritten digits of the UCI "Optical Recognition of
 * Handwritten Digits" set (Alpaydin & Kaynak 1998, CC BY 4.0), in the copy
 * scikit-learn ships (digits.csv.gz: one image a line, 64 pixel values
 * 0–16 row by row, then the label 0–9). The file is compiled into the core
 * library as a GResource (data/optdigits/, see its README.md), so the app,
 * the command line and the tests all find it without Python or a path.
 *
 * Encoding: a pixel of value v drives an input neuron as a Poisson process
 * of rate v/16 · max_rate; in a step of dt it fires with probability
 * 1 − e^(−rate·dt), the chance that a Poisson process has an event there.
 *
 * Readout: a one-vs-all linear classifier fitted by ridge regression, as
 * scikit-learn's RidgeClassifier: targets +1 for the sample's class and −1
 * for the others, features and targets centred (the intercept is not
 * penalised), W solving (X_cᵀX_c + λI) W = X_cᵀY_c through LAPACK's
 * Cholesky solver, and the predicted class the one of largest output. */
#pragma once

#include <glib.h>

#include "cel-rng.h"

G_BEGIN_DECLS

#define CEL_SNN_DIGITS_SIZE    8u    /* pixels a side */
#define CEL_SNN_DIGITS_PIXELS  64u
#define CEL_SNN_DIGITS_MAX     16u   /* largest pixel value */
#define CEL_SNN_DIGITS_CLASSES 10u

typedef struct {
  guint   n;        /* images */
  guint8 *pixels;   /* n × 64, row by row, 0–16 */
  guint8 *labels;   /* n, 0–9 */
} CelSnnDigits;

/* The built-in copy: 1,797 images. */
CelSnnDigits *cel_snn_digits_load  (GError     **error);
/* Parses the CSV text (len bytes, not necessarily nul-terminated): lines of
 * 65 integers separated by commas, pixels 0–16 and a label 0–9; blank lines
 * are skipped. The error names the line and the problem. */
CelSnnDigits *cel_snn_digits_parse (const char  *text,
                                    gsize        len,
                                    GError     **error);
void          cel_snn_digits_free  (CelSnnDigits *digits);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSnnDigits, cel_snn_digits_free)

/* The Poisson rates (Hz) of image `index`'s 64 input neurons. */
void          cel_snn_digits_rates (const CelSnnDigits *digits,
                                    guint               index,
                                    double              max_rate,
                                    double             *rates);

/* One step of dt ms of n independent Poisson inputs of rates_hz: writes the
 * indices of those that fire, ascending, to spikes (room for n) and returns
 * how many. */
guint         cel_snn_poisson_step (const double *rates_hz,
                                    guint         n,
                                    double        dt,
                                    CelRng       *rng,
                                    guint32      *spikes);

/* A random train/test split of n samples: fills order with a permutation
 * of 0 … n − 1 (Fisher–Yates from seed) whose first entries, as many as
 * returned, are the training samples and the rest, round (n · test_fraction)
 * of them, the test samples. test_fraction in [0, 1]. */
guint         cel_snn_split        (guint         n,
                                    double        test_fraction,
                                    guint64       seed,
                                    guint        *order);

typedef struct _CelSnnReadout CelSnnReadout;

/* A readout of n_features inputs into n_classes (≥ 2) classes; NULL with
 * the error set for sizes out of range (1 … 20000 features, 2 … 1000
 * classes). */
CelSnnReadout *cel_snn_readout_new      (guint           n_features,
                                         guint           n_classes,
                                         GError        **error);
void           cel_snn_readout_free     (CelSnnReadout  *readout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSnnReadout, cel_snn_readout_free)

guint          cel_snn_readout_get_n_features (const CelSnnReadout *readout);

/* Adds a training sample: n_features values and its class (< n_classes). */
void           cel_snn_readout_add      (CelSnnReadout  *readout,
                                         const double   *x,
                                         guint           label);
/* Fits the weights to the samples added so far with ridge λ ≥ 0; FALSE
 * with the error set when there are fewer than two samples, λ is negative
 * or not finite, a feature is not finite (or its square overflows), or the
 * system is singular (raise λ). Samples can be added and the readout
 * refitted afterwards. */
gboolean       cel_snn_readout_fit      (CelSnnReadout  *readout,
                                         double          lambda,
                                         GError        **error);
gboolean       cel_snn_readout_is_fitted (const CelSnnReadout *readout);
/* The predicted class of x (fitted readouts only); scores (may be NULL,
 * n_classes entries) receives the outputs. */
guint          cel_snn_readout_predict  (const CelSnnReadout *readout,
                                         const double        *x,
                                         double              *scores);
/* The fraction of the n samples (rows of x, n_features each) predicted as
 * their labels; 0 for n = 0. */
double         cel_snn_readout_accuracy (const CelSnnReadout *readout,
                                         const double        *x,
                                         const guint8        *labels,
                                         guint                n);

G_END_DECLS
