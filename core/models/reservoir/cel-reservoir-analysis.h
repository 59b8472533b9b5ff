/* cel-reservoir-analysis.h — the reservoir's analyses (memory capacity,
 * NARMA-10 and one-step prediction scores), run on a copy of the model
 * through its public API. */
#pragma once

#include "cel-analysis.h"

G_BEGIN_DECLS

const CelAnalysisInfo *cel_reservoir_list_analyses (guint *n_analyses);

G_END_DECLS
