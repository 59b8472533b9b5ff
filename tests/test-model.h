/* test-model.h — a minimal model for testing the base class and the runner
 * without depending on a real model family: a grid of floats whose step adds
 * `increment` to every cell; paint sets cells. */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

#define TEST_TYPE_MODEL (test_model_get_type ())
G_DECLARE_FINAL_TYPE (TestModel, test_model, TEST, MODEL, CelModel)

struct _TestModel
{
  CelModel   parent_instance;
  guint      width, height;   /* parameters */
  double     increment;
  char      *label;
  guint      grid_w, grid_h;  /* state */
  float     *cells;
  guint      param_sets;      /* times a parameter was set */
  CelSeries *sum;
};

G_END_DECLS
