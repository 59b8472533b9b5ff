/* Progress towards a model's goal (CelModelClass.get_progress): the base
 * class reports none for models without it, and the runner carries a
 * model's progress and its rate in each snapshot. */
#include "cellarium.h"
#include "test-model.h"

/* A model that works towards a goal of `goal` steps, each taking at least a
 * millisecond, and stops there (as a training model stops at its iteration
 * count). */
#define GOAL_TYPE_MODEL (goal_model_get_type ())
G_DECLARE_FINAL_TYPE (GoalModel, goal_model, GOAL, MODEL, CelModel)

struct _GoalModel
{
  CelModel parent_instance;
  guint64  goal;
  guint64  done;
};

G_DEFINE_FINAL_TYPE (GoalModel, goal_model, CEL_TYPE_MODEL)

static void
goal_model_reset (CelModel *model)
{
  GOAL_MODEL (model)->done = 0;
}

static guint64
goal_model_step (CelModel *model, guint64 n, GCancellable *cancellable, GError **error)
{
  GoalModel *self = GOAL_MODEL (model);
  guint64 i;

  for (i = 0; i < n && self->done < self->goal; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      g_usleep (1000);
      self->done++;
    }
  return i;
}

static void
goal_model_get_size (CelModel *model, guint *width, guint *height)
{
  *width = 1;
  *height = 1;
}

static JsonNode *
goal_model_save_state (CelModel *model)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static gboolean
goal_model_load_state (CelModel *model, JsonObject *state, GError **error)
{
  return TRUE;
}

static gboolean
goal_model_get_progress (CelModel *model, guint64 *done, guint64 *goal, const char **what)
{
  GoalModel *self = GOAL_MODEL (model);

  *done = self->done;
  *goal = self->goal;
  *what = "Things";
  return TRUE;
}

static void
goal_model_class_init (GoalModelClass *klass)
{
  CelModelClass *model_class = CEL_MODEL_CLASS (klass);

  model_class->reset = goal_model_reset;
  model_class->step = goal_model_step;
  model_class->get_size = goal_model_get_size;
  model_class->save_state = goal_model_save_state;
  model_class->load_state = goal_model_load_state;
  model_class->get_progress = goal_model_get_progress;
}

static void
goal_model_init (GoalModel *self)
{
}

static CelSnapshot *
wait_applied (CelRunner *runner, guint64 seq)
{
  for (;;)
    {
      CelSnapshot *snap = cel_runner_get_snapshot (runner);
      if (snap && snap->applied_seq >= seq)
        return snap;
      if (snap)
        cel_snapshot_unref (snap);
      g_usleep (1000);
    }
}

static void
test_progress_none (void)
{
  g_autoptr (CelModel) model = g_object_new (TEST_TYPE_MODEL, NULL);
  CelRunner *runner;
  CelSnapshot *snap;
  guint64 done = 1, goal = 1;
  const char *what = "x";

  cel_model_reset (model);
  g_assert_false (cel_model_get_progress (model, &done, &goal, &what));
  g_assert_cmpuint (done, ==, 0);
  g_assert_cmpuint (goal, ==, 0);
  g_assert_null (what);

  runner = cel_runner_new (g_object_ref (model));
  snap = wait_applied (runner, cel_runner_step (runner, 3));
  g_assert_false (snap->has_progress);
  g_assert_cmpfloat (snap->progress_per_second, ==, 0);
  cel_snapshot_unref (snap);
  cel_runner_free (runner);
}

/* 1500 steps of at least 1 ms: long enough for the runner's first rate
 * figure (after one second of running). */
static void
test_progress_runner (void)
{
  GoalModel *model = g_object_new (GOAL_TYPE_MODEL, NULL);
  CelRunner *runner;
  CelSnapshot *snap;
  gboolean saw_rate = FALSE;
  guint64 seq;

  model->goal = 1500;
  cel_model_reset (CEL_MODEL (model));
  runner = cel_runner_new (CEL_MODEL (model));

  snap = wait_applied (runner, cel_runner_step (runner, 0));
  g_assert_true (snap->has_progress);
  g_assert_cmpuint (snap->progress_done, ==, 0);
  g_assert_cmpuint (snap->progress_goal, ==, 1500);
  g_assert_cmpstr (snap->progress_what, ==, "Things");
  cel_snapshot_unref (snap);

  seq = cel_runner_play (runner);
  for (;;)
    {
      snap = wait_applied (runner, seq);
      g_assert_true (snap->has_progress);
      g_assert_cmpuint (snap->progress_done, ==, snap->step);
      if (snap->running && snap->progress_per_second > 0)
        {
          /* Each step sleeps at least 1 ms, so at most 1000 go in a second. */
          g_assert_cmpfloat (snap->progress_per_second, <=, 1000);
          saw_rate = TRUE;
        }
      if (!snap->running && snap->step == 1500)
        break;
      cel_snapshot_unref (snap);
      g_usleep (5000);
    }
  /* The runner stopped at the goal by itself; paused, there is no rate. */
  g_assert_cmpuint (snap->progress_done, ==, 1500);
  g_assert_cmpfloat (snap->progress_per_second, ==, 0);
  g_assert_true (saw_rate);
  cel_snapshot_unref (snap);
  g_assert_null (cel_runner_pop_event (runner));
  cel_runner_free (runner);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/progress/none", test_progress_none);
  g_test_add_func ("/progress/runner", test_progress_runner);
  return g_test_run ();
}
