/* The runner: commands from other threads are applied in order, none lost,
 * snapshots stay consistent, and shutdown is clean while running flat out. */
#include "cellarium.h"
#include "test-model.h"

/* Waits (without timing anything) until the runner has applied `seq`. A
 * deadlock shows up as the test's meson timeout. */
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
test_runner_basic (void)
{
  CelModel *model = g_object_new (TEST_TYPE_MODEL, NULL);
  CelRunner *runner;
  CelSnapshot *snap;
  CelRunnerEvent *event;
  CelStroke *stroke = cel_stroke_new (CEL_TOOL_PENCIL, 7, 0, 1);
  guint64 seq;

  cel_model_reset (model);
  runner = cel_runner_new (model);

  seq = cel_runner_step (runner, 25);
  snap = wait_applied (runner, seq);
  cel_snapshot_unref (snap);
  /* The step command is applied first, its steps run afterwards: wait for them. */
  for (;;)
    {
      snap = cel_runner_get_snapshot (runner);
      if (snap->step == 25)
        break;
      cel_snapshot_unref (snap);
      g_usleep (1000);
    }
  g_assert_false (snap->running);
  g_assert_nonnull (snap->frame);
  g_assert_cmpuint (snap->frame->width, ==, 16);
  /* Every cell was incremented 25 times. */
  g_assert_cmpfloat (((float *) snap->frame->data)[0], ==, 25);
  g_assert_cmpuint (snap->series->len, ==, 1);
  g_assert_cmpuint (cel_series_get_total (g_ptr_array_index (snap->series, 0)), ==, 25);
  cel_snapshot_unref (snap);

  cel_stroke_add_point (stroke, 1, 1);
  seq = cel_runner_paint (runner, stroke, TRUE);
  snap = wait_applied (runner, seq);
  g_assert_cmpfloat (((float *) snap->frame->data)[16 + 1], ==, 7);
  cel_snapshot_unref (snap);
  event = cel_runner_pop_event (runner);
  g_assert_nonnull (event);
  g_assert_cmpint (event->kind, ==, CEL_RUNNER_EVENT_UNDO);
  g_assert_cmpuint (event->seq, ==, seq);
  g_assert_cmpuint (event->undo->len, ==, 1);
  /* Painting the undo record back restores the cell. */
  seq = cel_runner_paint_cells (runner, g_array_ref (event->undo), FALSE);
  cel_runner_event_free (event);
  snap = wait_applied (runner, seq);
  g_assert_cmpfloat (((float *) snap->frame->data)[16 + 1], ==, 25);
  cel_snapshot_unref (snap);

  seq = cel_runner_set_param (runner, "width", "0");
  snap = wait_applied (runner, seq);
  cel_snapshot_unref (snap);
  event = cel_runner_pop_event (runner);
  g_assert_cmpint (event->kind, ==, CEL_RUNNER_EVENT_ERROR);
  g_assert_nonnull (strstr (event->message, "width"));
  cel_runner_event_free (event);

  seq = cel_runner_set_param (runner, "width", "4");
  cel_runner_reset (runner);
  seq = cel_runner_set_view (runner, 0, NULL);
  snap = wait_applied (runner, seq);
  g_assert_cmpuint (snap->grid_width, ==, 4);
  g_assert_cmpuint (snap->step, ==, 0);
  cel_snapshot_unref (snap);

  cel_runner_free (runner);
}

typedef struct {
  CelRunner *runner;
  guint      n_commands;
  guint      n_params;
  guint      n_paints;
  guint64    last_seq;
  guint      seed;
} Producer;

static gpointer
producer_main (gpointer data)
{
  Producer *p = data;
  GRand *rand = g_rand_new_with_seed (p->seed);

  for (guint i = 0; i < p->n_commands; i++)
    {
      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          p->last_seq = cel_runner_play (p->runner);
          break;
        case 1:
          p->last_seq = cel_runner_pause (p->runner);
          break;
        case 2:
          p->last_seq = cel_runner_step (p->runner, g_rand_int_range (rand, 1, 5));
          break;
        case 3:
          {
            char value[32];
            g_snprintf (value, sizeof value, "%d", g_rand_int_range (rand, -3, 4));
            p->last_seq = cel_runner_set_param (p->runner, "increment", value);
            p->n_params++;
          }
          break;
        case 4:
          {
            CelStroke *s = cel_stroke_new (CEL_TOOL_PENCIL, 1, 1, 1);
            cel_stroke_add_point (s, g_rand_int_range (rand, 0, 16), g_rand_int_range (rand, 0, 8));
            p->last_seq = cel_runner_paint (p->runner, s, TRUE);
            p->n_paints++;
          }
          break;
        case 5:
          p->last_seq = cel_runner_set_rate (p->runner, g_rand_boolean (rand) ? 0 : 5000);
          break;
        case 6:
          p->last_seq = cel_runner_set_view (p->runner, 0, NULL);
          break;
        default:
          {
            CelSnapshot *snap = cel_runner_get_snapshot (p->runner);
            if (snap)
              {
                /* A snapshot is internally consistent: its frame matches its grid size. */
                g_assert_true (snap->frame == NULL || snap->frame->width == snap->grid_width);
                cel_snapshot_unref (snap);
              }
          }
          break;
        }
    }
  g_rand_free (rand);
  return NULL;
}

static void
test_runner_hammer (void)
{
  CelModel *model = g_object_new (TEST_TYPE_MODEL, NULL);
  TestModel *tm = TEST_MODEL (model);
  CelRunner *runner;
  Producer producers[3];
  GThread *threads[3];
  CelSnapshot *snap;
  CelRunnerEvent *event;
  guint params = 0, paints = 0, n_param_events = 0, n_undo_events = 0, errors = 0;
  guint64 last = 0, seq, generation = 0;
  guint base_sets;

  cel_model_reset (model);
  runner = cel_runner_new (model);
  base_sets = tm->param_sets;

  for (guint i = 0; i < G_N_ELEMENTS (producers); i++)
    {
      producers[i] = (Producer) { runner, 4000, 0, 0, 0, 17 + i };
      threads[i] = g_thread_new ("producer", producer_main, &producers[i]);
    }
  /* A reader on this thread meanwhile: generations only increase. */
  for (int i = 0; i < 200; i++)
    {
      snap = cel_runner_get_snapshot (runner);
      if (snap)
        {
          g_assert_cmpuint (snap->generation, >=, generation);
          generation = snap->generation;
          cel_snapshot_unref (snap);
        }
      g_usleep (200);
    }
  for (guint i = 0; i < G_N_ELEMENTS (producers); i++)
    {
      g_thread_join (threads[i]);
      params += producers[i].n_params;
      paints += producers[i].n_paints;
      last = MAX (last, producers[i].last_seq);
    }

  seq = cel_runner_pause (runner);
  g_assert_cmpuint (seq, >, last);
  snap = wait_applied (runner, seq);
  /* Sequence numbers are dense: every command pushed was applied. */
  g_assert_cmpuint (snap->applied_seq, ==, seq);
  cel_snapshot_unref (snap);

  while ((event = cel_runner_pop_event (runner)))
    {
      if (event->kind == CEL_RUNNER_EVENT_PARAM)
        n_param_events++;
      else if (event->kind == CEL_RUNNER_EVENT_UNDO)
        n_undo_events++;
      else if (event->kind == CEL_RUNNER_EVENT_ERROR)
        errors++;
      cel_runner_event_free (event);
    }
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (n_param_events, ==, params);
  g_assert_cmpuint (n_undo_events, ==, paints);
  /* The model itself saw every parameter change (read after the runner
   * applied everything; the pause above is a synchronisation point). */
  g_assert_cmpuint (tm->param_sets - base_sets, ==, params);

  /* Shut down while running flat out. */
  cel_runner_set_rate (runner, 0);
  cel_runner_play (runner);
  g_usleep (20000);
  cel_runner_free (runner);
}

/* A model that cannot go further (a completed bifurcation sweep returns
 * fewer steps without an error) pauses the runner instead of spinning. */
static void
test_runner_pauses_when_model_finishes (void)
{
  g_autoptr (GError) error = NULL;
  CelModel *model = cel_model_new ("maps", &error);
  CelRunner *runner;
  CelSnapshot *snap;
  guint64 seq;

  g_assert_no_error (error);
  g_assert_true (cel_model_set_param_string (model, "map", "logistic", &error));
  g_assert_true (cel_model_set_param_string (model, "mode", "bifurcation", &error));
  g_assert_true (cel_model_set_param_string (model, "sweep-values", "3", &error));
  cel_model_reset (model);
  runner = cel_runner_new (model);

  seq = cel_runner_play (runner);
  /* Wait until the runner has stopped by itself after the third value. */
  for (;;)
    {
      snap = wait_applied (runner, seq);
      if (!snap->running && snap->step == 3)
        break;
      cel_snapshot_unref (snap);
      g_usleep (1000);
    }
  g_assert_cmpuint (snap->step, ==, 3);
  cel_snapshot_unref (snap);
  /* And it did not report the end as an error. */
  g_assert_null (cel_runner_pop_event (runner));
  cel_runner_free (runner);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runner/basic", test_runner_basic);
  g_test_add_func ("/runner/hammer", test_runner_hammer);
  g_test_add_func ("/runner/pauses-when-model-finishes", test_runner_pauses_when_model_finishes);
  return g_test_run ();
}
