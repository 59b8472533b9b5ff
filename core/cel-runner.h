/* cel-runner.h — one background thread that owns one model.
 *
 * Commands (play, pause, step n, reset, set parameter, paint, release the
 * brush, place pattern, load, set rate, set view, stop) go into a queue and
 * are applied between steps, in order. The runner publishes immutable snapshots (a frame of the
 * viewed field, the plot series, counters) with an increasing generation
 * number; readers take a reference to the newest with cel_runner_get_snapshot()
 * and never wait for the model. Errors and paint undo records come back as
 * events through cel_runner_pop_event().
 *
 * Every command gets a sequence number (returned by the push functions);
 * snapshot->applied_seq says how many have been applied.
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef struct _CelRunner CelRunner;

typedef struct {
  gint        ref_count;
  guint64     generation;
  guint64     applied_seq;   /* last command applied */
  guint64     step;
  gboolean    running;
  double      steps_per_second;  /* measured over the last second or so */
  guint       field;         /* which field `frame` shows */
  CelFrame   *frame;         /* may be NULL for models without fields */
  guint       grid_width, grid_height;
  GPtrArray  *series;        /* CelSeries* copies, immutable */
  /* The model's progress towards its goal (cel_model_get_progress), and
   * its rate while running (measured over the last 10–20 s; 0 while paused
   * and during the first second). */
  gboolean    has_progress;
  guint64     progress_done, progress_goal;
  const char *progress_what; /* untranslated N_() phrase */
  double      progress_per_second;
} CelSnapshot;

CelSnapshot *cel_snapshot_ref   (CelSnapshot *snapshot);
void         cel_snapshot_unref (CelSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSnapshot, cel_snapshot_unref)

typedef enum {
  CEL_RUNNER_EVENT_ERROR,      /* message: what went wrong; the model is paused */
  CEL_RUNNER_EVENT_UNDO,       /* undo: CelCell array restoring the painted cells */
  CEL_RUNNER_EVENT_PARAM,      /* param_name changed (applied or pending reset) */
  CEL_RUNNER_EVENT_LOADED,     /* a load command replaced the model */
} CelRunnerEventKind;

typedef struct {
  CelRunnerEventKind kind;
  guint64            seq;       /* command that caused it */
  char              *message;   /* ERROR */
  GArray            *undo;      /* UNDO */
  char              *param_name;/* PARAM */
} CelRunnerEvent;

void cel_runner_event_free (CelRunnerEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelRunnerEvent, cel_runner_event_free)

/* Takes ownership of model; starts paused. */
CelRunner   *cel_runner_new            (CelModel *model);
/* Stops the thread (waits for the current step chunk) and frees. */
void         cel_runner_free           (CelRunner *runner);

CelSnapshot *cel_runner_get_snapshot   (CelRunner *runner);
/* NULL when there is none. */
CelRunnerEvent *cel_runner_pop_event   (CelRunner *runner);
/* Called (from the runner thread) after each publish; e.g. to wake a UI. */
void         cel_runner_set_notify     (CelRunner *runner,
                                        GSourceFunc func,
                                        gpointer    data);

guint64 cel_runner_play           (CelRunner *runner);
guint64 cel_runner_pause          (CelRunner *runner);
guint64 cel_runner_step           (CelRunner *runner, guint64 n);
guint64 cel_runner_reset          (CelRunner *runner);
guint64 cel_runner_set_param      (CelRunner *runner, const char *name, const char *value);
/* Takes ownership of stroke; with record_undo an UNDO event follows. */
guint64 cel_runner_paint          (CelRunner *runner, CelStroke *stroke, gboolean record_undo);
/* Paints exact cells (e.g. an undo array); takes ownership of cells. */
guint64 cel_runner_paint_cells    (CelRunner *runner, GArray *cells, gboolean record_undo);
/* The user lifted the brush: ends a held brush's action (see
 * cel_model_release_brush). */
guint64 cel_runner_release_brush  (CelRunner *runner);
/* Takes ownership of pattern. */
guint64 cel_runner_place_pattern  (CelRunner *runner, CelPattern *pattern, gint x, gint y, gboolean record_undo);
/* Replaces the model (e.g. an opened file); takes ownership. */
guint64 cel_runner_load           (CelRunner *runner, CelModel *model);
/* steps_per_second <= 0: as fast as possible. */
guint64 cel_runner_set_rate       (CelRunner *runner, double steps_per_second);
/* Which field the snapshots render, and optionally only a region of it. */
guint64 cel_runner_set_view       (CelRunner *runner, guint field, const CelRect *region);
/* Runs func(model, data) on the runner thread between steps (e.g. to save
 * the experiment); destroy(data) afterwards. */
guint64 cel_runner_call           (CelRunner *runner,
                                   void     (*func) (CelModel *model, gpointer data),
                                   gpointer   data,
                                   GDestroyNotify destroy);

G_END_DECLS
