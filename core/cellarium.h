/* cellarium.h — the public API of libcellarium-core. */
#pragma once

#include "cel-analysis.h"
#include "cel-apng.h"
#include "cel-blob.h"
#include "cel-error.h"
#include "cel-experiment.h"
#include "cel-frame.h"
#include "cel-model.h"
#include "cel-param.h"
#include "cel-png.h"
#include "cel-registry.h"
#include "cel-rng.h"
#include "cel-runner.h"
#include "cel-series.h"
#include "cel-stroke.h"
#include "formats/cel-pattern.h"
