#include "cel-runner.h"

#include <math.h>
#include <pthread.h>
#include <time.h>

#include "cel-i18n.h"

/* Longest a chunk of steps may take before commands are looked at again. */
#define CHUNK_SECONDS (1.0 / 120.0)
/* Snapshots while running are published at most this often. */
#define PUBLISH_INTERVAL_US (G_USEC_PER_SEC / 60)
/* The model's progress per second is measured over one to two of these. */
#define PROGRESS_WINDOW_US (10 * G_USEC_PER_SEC)

typedef enum {
  CMD_PLAY,
  CMD_PAUSE,
  CMD_STEP,
  CMD_RESET,
  CMD_SET_PARAM,
  CMD_PAINT,
  CMD_PAINT_CELLS,
  CMD_RELEASE_BRUSH,
  CMD_PLACE_PATTERN,
  CMD_LOAD,
  CMD_SET_RATE,
  CMD_SET_VIEW,
  CMD_CALL,
  CMD_STOP,
} CommandKind;

typedef struct {
  CommandKind    kind;
  guint64        seq;
  guint64        n;
  double         rate;
  char          *name;
  char          *value;
  CelStroke     *stroke;
  GArray        *cells;
  CelPattern    *pattern;
  gint           x, y;
  gboolean       record_undo;
  CelModel      *model;
  guint          field;
  gboolean       has_region;
  CelRect        region;
  void         (*func) (CelModel *, gpointer);
  gpointer       data;
  GDestroyNotify destroy;
} Command;

/* Locks are POSIX ones rather than GMutex so that ThreadSanitizer, which
 * intercepts pthreads but cannot see inside GLib's futex-based locks,
 * checks the runner's synchronisation. */
struct _CelRunner
{
  GThread        *thread;
  pthread_mutex_t queue_lock; /* guards commands and next_seq */
  pthread_cond_t  queue_cond;
  GQueue          commands;
  guint64         next_seq;

  pthread_mutex_t lock;       /* guards snapshot, events, notify */
  CelSnapshot  *snapshot;
  GQueue        events;
  GSourceFunc   notify;
  gpointer      notify_data;

  GCancellable *cancellable; /* cancelled to interrupt a step on shutdown */

  /* Owned by the runner thread. */
  CelModel     *model;
  gboolean      running;
  guint64       pending_steps;
  double        rate;
  guint         field;
  gboolean      has_region;
  CelRect       region;
  guint64       applied_seq;
  guint64       generation;
  gboolean      dirty;       /* model changed since the last frame */
  double        seconds_per_step;
  gint64        last_publish;
  gint64        rate_time;   /* steps/s measured between these marks */
  guint64       rate_step;
  double        measured_rate;
  /* The model's progress per second, measured from mark 0; mark 1 is taken
   * PROGRESS_WINDOW_US later and replaces mark 0 after as long again, so
   * the figure covers the last one to two windows. */
  gint64        progress_time[2];
  guint64       progress_done[2];
  double        progress_rate;
  GPtrArray    *published;   /* last published series copies */
  CelFrame     *frame;
};

static void
command_free (Command *cmd)
{
  g_free (cmd->name);
  g_free (cmd->value);
  cel_stroke_free (cmd->stroke);
  g_clear_pointer (&cmd->cells, g_array_unref);
  cel_pattern_free (cmd->pattern);
  g_clear_object (&cmd->model);
  if (cmd->destroy)
    cmd->destroy (cmd->data);
  g_free (cmd);
}

CelSnapshot *
cel_snapshot_ref (CelSnapshot *snapshot)
{
  g_atomic_int_inc (&snapshot->ref_count);
  return snapshot;
}

void
cel_snapshot_unref (CelSnapshot *snapshot)
{
  if (!g_atomic_int_dec_and_test (&snapshot->ref_count))
    return;
  g_clear_pointer (&snapshot->frame, cel_frame_unref);
  g_ptr_array_unref (snapshot->series);
  g_free (snapshot);
}

void
cel_runner_event_free (CelRunnerEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->message);
  g_clear_pointer (&event->undo, g_array_unref);
  g_free (event->param_name);
  g_free (event);
}

static void
push_event (CelRunner *self, CelRunnerEvent *event)
{
  pthread_mutex_lock (&self->lock);
  g_queue_push_tail (&self->events, event);
  pthread_mutex_unlock (&self->lock);
}

static void
push_error (CelRunner *self, guint64 seq, const char *message)
{
  CelRunnerEvent *event = g_new0 (CelRunnerEvent, 1);

  event->kind = CEL_RUNNER_EVENT_ERROR;
  event->seq = seq;
  event->message = g_strdup (message);
  push_event (self, event);
}

static void
measure_progress (CelRunner *self,
                  gint64     now,
                  guint64    done)
{
  if (!self->running)
    {
      self->progress_time[0] = 0;
      self->progress_rate = 0;
      return;
    }
  if (self->progress_time[0] == 0 || done < self->progress_done[1])
    {
      self->progress_time[0] = self->progress_time[1] = now;
      self->progress_done[0] = self->progress_done[1] = done;
      self->progress_rate = 0;
      return;
    }
  if (now - self->progress_time[1] >= PROGRESS_WINDOW_US)
    {
      self->progress_time[0] = self->progress_time[1];
      self->progress_done[0] = self->progress_done[1];
      self->progress_time[1] = now;
      self->progress_done[1] = done;
    }
  if (now - self->progress_time[0] >= G_USEC_PER_SEC)
    self->progress_rate = (double) (done - self->progress_done[0]) * G_USEC_PER_SEC
                          / (double) (now - self->progress_time[0]);
}

static void
publish (CelRunner *self)
{
  CelSnapshot *snap = g_new0 (CelSnapshot, 1);
  GPtrArray *series = cel_model_get_series (self->model);
  gint64 now = g_get_monotonic_time ();
  guint64 step = cel_model_get_step (self->model);
  CelSnapshot *old;
  GSourceFunc notify;
  gpointer notify_data;

  if (self->dirty || self->frame == NULL)
    {
      g_clear_pointer (&self->frame, cel_frame_unref);
      if (self->field < cel_model_get_n_fields (self->model))
        self->frame = cel_model_render_field (self->model, self->field,
                                              self->has_region ? &self->region : NULL);
      self->dirty = FALSE;
    }

  /* Reuse the copy of a series that has not changed since the last publish. */
  if (self->published == NULL || self->published->len != series->len)
    {
      g_clear_pointer (&self->published, g_ptr_array_unref);
      self->published = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
      for (guint i = 0; i < series->len; i++)
        g_ptr_array_add (self->published, cel_series_copy (g_ptr_array_index (series, i)));
    }
  else
    for (guint i = 0; i < series->len; i++)
      {
        CelSeries *live = g_ptr_array_index (series, i);
        CelSeries *copy = g_ptr_array_index (self->published, i);
        if (cel_series_get_version (live) != cel_series_get_version (copy))
          {
            g_ptr_array_index (self->published, i) = cel_series_copy (live);
            cel_series_unref (copy);
          }
      }

  if (!self->running || self->rate_time == 0 || step < self->rate_step)
    {
      self->rate_time = now;
      self->rate_step = step;
      if (!self->running)
        self->measured_rate = 0;
    }
  else if (now - self->rate_time >= G_USEC_PER_SEC / 2)
    {
      self->measured_rate = (double) (step - self->rate_step) * G_USEC_PER_SEC / (double) (now - self->rate_time);
      self->rate_time = now;
      self->rate_step = step;
    }

  snap->ref_count = 1;
  snap->generation = ++self->generation;
  snap->applied_seq = self->applied_seq;
  snap->step = step;
  snap->running = self->running;
  snap->steps_per_second = self->measured_rate;
  snap->has_progress = cel_model_get_progress (self->model, &snap->progress_done,
                                               &snap->progress_goal, &snap->progress_what);
  if (snap->has_progress)
    {
      measure_progress (self, now, snap->progress_done);
      snap->progress_per_second = self->progress_rate;
    }
  else
    self->progress_time[0] = 0;
  snap->field = self->field;
  snap->frame = self->frame ? cel_frame_ref (self->frame) : NULL;
  cel_model_get_size (self->model, &snap->grid_width, &snap->grid_height);
  snap->series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  for (guint i = 0; i < self->published->len; i++)
    g_ptr_array_add (snap->series, cel_series_ref (g_ptr_array_index (self->published, i)));

  pthread_mutex_lock (&self->lock);
  old = self->snapshot;
  self->snapshot = snap;
  notify = self->notify;
  notify_data = self->notify_data;
  pthread_mutex_unlock (&self->lock);
  if (old)
    cel_snapshot_unref (old);
  self->last_publish = now;
  if (notify)
    notify (notify_data);
}

static void
apply_paint_result (CelRunner *self, Command *cmd, GArray *undo)
{
  self->dirty = TRUE;
  if (undo)
    {
      CelRunnerEvent *event = g_new0 (CelRunnerEvent, 1);
      event->kind = CEL_RUNNER_EVENT_UNDO;
      event->seq = cmd->seq;
      event->undo = g_array_ref (undo);
      push_event (self, event);
    }
}

/* Pops the next command, waiting at most timeout_us (0: do not wait,
 * G_MAXINT64: wait for one). */
static Command *
pop_command (CelRunner *self, gint64 timeout_us)
{
  Command *cmd;

  pthread_mutex_lock (&self->queue_lock);
  if (timeout_us > 0 && g_queue_is_empty (&self->commands))
    {
      if (timeout_us == G_MAXINT64)
        while (g_queue_is_empty (&self->commands))
          pthread_cond_wait (&self->queue_cond, &self->queue_lock);
      else
        {
          struct timespec ts;
          clock_gettime (CLOCK_MONOTONIC, &ts);
          ts.tv_sec += timeout_us / G_USEC_PER_SEC;
          ts.tv_nsec += (timeout_us % G_USEC_PER_SEC) * 1000;
          if (ts.tv_nsec >= 1000000000)
            {
              ts.tv_sec++;
              ts.tv_nsec -= 1000000000;
            }
          while (g_queue_is_empty (&self->commands))
            if (pthread_cond_timedwait (&self->queue_cond, &self->queue_lock, &ts) != 0)
              break;
        }
    }
  cmd = g_queue_pop_head (&self->commands);
  pthread_mutex_unlock (&self->queue_lock);
  return cmd;
}

/* Returns FALSE for the stop command. */
static gboolean
apply (CelRunner *self, Command *cmd)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) undo = NULL;

  switch (cmd->kind)
    {
    case CMD_PLAY:
      self->running = TRUE;
      break;
    case CMD_PAUSE:
      self->running = FALSE;
      self->pending_steps = 0;
      break;
    case CMD_STEP:
      self->pending_steps += cmd->n;
      break;
    case CMD_RESET:
      cel_model_reset (self->model);
      self->pending_steps = 0;
      self->dirty = TRUE;
      break;
    case CMD_SET_PARAM:
      if (!cel_model_set_param_string (self->model, cmd->name, cmd->value, &error))
        push_error (self, cmd->seq, error->message);
      else
        {
          CelRunnerEvent *event = g_new0 (CelRunnerEvent, 1);
          event->kind = CEL_RUNNER_EVENT_PARAM;
          event->seq = cmd->seq;
          event->param_name = g_strdup (cmd->name);
          push_event (self, event);
          self->dirty = TRUE;
        }
      break;
    case CMD_PAINT:
    case CMD_PAINT_CELLS:
      if (cmd->record_undo)
        undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
      if ((cmd->kind == CMD_PAINT && cel_model_paint (self->model, cmd->stroke, undo))
          || (cmd->kind == CMD_PAINT_CELLS
              && cel_model_paint_cells (self->model, (const CelCell *) cmd->cells->data,
                                        cmd->cells->len, undo)))
        apply_paint_result (self, cmd, undo);
      else
        push_error (self, cmd->seq, _("This model cannot be painted"));
      break;
    case CMD_RELEASE_BRUSH:
      cel_model_release_brush (self->model);
      self->dirty = TRUE;
      break;
    case CMD_PLACE_PATTERN:
      if (cmd->record_undo)
        undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
      if (cel_model_place_pattern (self->model, cmd->pattern, cmd->x, cmd->y, undo, &error))
        apply_paint_result (self, cmd, undo);
      else
        push_error (self, cmd->seq, error->message);
      break;
    case CMD_LOAD:
      {
        CelRunnerEvent *event = g_new0 (CelRunnerEvent, 1);
        g_set_object (&self->model, cmd->model);
        self->running = FALSE;
        self->pending_steps = 0;
        self->field = 0;
        self->has_region = FALSE;
        self->dirty = TRUE;
        g_clear_pointer (&self->published, g_ptr_array_unref);
        event->kind = CEL_RUNNER_EVENT_LOADED;
        event->seq = cmd->seq;
        push_event (self, event);
      }
      break;
    case CMD_SET_RATE:
      self->rate = cmd->rate;
      break;
    case CMD_SET_VIEW:
      self->field = cmd->field;
      self->has_region = cmd->has_region;
      self->region = cmd->region;
      self->dirty = TRUE;
      break;
    case CMD_CALL:
      cmd->func (self->model, cmd->data);
      break;
    case CMD_STOP:
      self->applied_seq = cmd->seq;
      return FALSE;
    default:
      g_assert_not_reached ();
    }
  self->applied_seq = cmd->seq;
  return TRUE;
}

/* How many steps to take now: enough to fill a short time slice when
 * running flat out, or what the requested rate says is due. */
static guint64
steps_due (CelRunner *self, gint64 now, gint64 *rate_origin, guint64 *rate_done)
{
  /* Until a step has been timed, take one step at a time. */
  guint64 chunk = self->seconds_per_step > 0
    ? (guint64) MAX (1.0, CHUNK_SECONDS / self->seconds_per_step) : 1;

  if (!self->running)
    return MIN (chunk, self->pending_steps);
  if (self->rate > 0)
    {
      double due = self->rate * (double) (now - *rate_origin) / G_USEC_PER_SEC;
      guint64 target = (guint64) floor (due);
      if (target <= *rate_done)
        return 0;
      return MIN (chunk, target - *rate_done);
    }
  return chunk;
}

static gpointer
runner_main (gpointer data)
{
  CelRunner *self = data;
  gint64 rate_origin = g_get_monotonic_time ();
  guint64 rate_done = 0;
  double last_rate = self->rate;
  gboolean was_running = FALSE;

  publish (self);
  for (;;)
    {
      Command *cmd;
      gboolean idle = !self->running && self->pending_steps == 0;
      gboolean applied = FALSE;
      gint64 now;
      guint64 n;

      /* Wait for a command when there is nothing to run; otherwise only drain. */
      cmd = pop_command (self, idle ? G_MAXINT64 : 0);
      while (cmd)
        {
          gboolean go_on = apply (self, cmd);
          command_free (cmd);
          applied = TRUE;
          if (!go_on)
            return NULL;
          cmd = pop_command (self, 0);
        }

      now = g_get_monotonic_time ();
      if (self->running != was_running || self->rate != last_rate)
        {
          rate_origin = now;
          rate_done = 0;
          was_running = self->running;
          last_rate = self->rate;
        }

      n = steps_due (self, now, &rate_origin, &rate_done);
      if (n > 0)
        {
          g_autoptr (GError) error = NULL;
          gint64 t0 = g_get_monotonic_time ();
          guint64 done = cel_model_step (self->model, n, self->cancellable, &error);
          gint64 t1 = g_get_monotonic_time ();

          if (done > 0)
            {
              double per = (double) (t1 - t0) / G_USEC_PER_SEC / (double) done;
              self->seconds_per_step = self->seconds_per_step > 0
                ? 0.7 * self->seconds_per_step + 0.3 * per : per;
              self->dirty = TRUE;
            }
          rate_done += done;
          self->pending_steps -= MIN (self->pending_steps, done);
          /* Fewer steps without an error: the model cannot go further (a
           * completed sweep, say), so the runner pauses rather than spin. */
          if (done < n && error == NULL && !g_cancellable_is_cancelled (self->cancellable))
            {
              self->running = FALSE;
              self->pending_steps = 0;
              applied = TRUE;
            }
          if (error)
            {
              self->running = FALSE;
              self->pending_steps = 0;
              if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                push_error (self, self->applied_seq, error->message);
              applied = TRUE;
            }
        }
      else if (self->running && self->rate > 0)
        {
          /* Sleep until the next step is due or a command arrives. */
          double wait_s = (rate_done + 1) / self->rate - (double) (now - rate_origin) / G_USEC_PER_SEC;
          guint64 wait_us = (guint64) CLAMP (wait_s * G_USEC_PER_SEC, 100, G_USEC_PER_SEC / 10);
          pthread_mutex_lock (&self->queue_lock);
          if (g_queue_is_empty (&self->commands))
            {
              struct timespec ts;
              clock_gettime (CLOCK_MONOTONIC, &ts);
              ts.tv_nsec += (long) wait_us * 1000;
              ts.tv_sec += ts.tv_nsec / 1000000000;
              ts.tv_nsec %= 1000000000;
              pthread_cond_timedwait (&self->queue_cond, &self->queue_lock, &ts);
            }
          pthread_mutex_unlock (&self->queue_lock);
          continue;
        }

      /* Publish what commands changed at once, the end of a step ×N at once,
       * and a running model at most at the publish rate. */
      now = g_get_monotonic_time ();
      if (applied
          || (n > 0 && !self->running && self->pending_steps == 0)
          || (n > 0 && now - self->last_publish >= PUBLISH_INTERVAL_US))
        publish (self);
    }
}

CelRunner *
cel_runner_new (CelModel *model)
{
  CelRunner *self = g_new0 (CelRunner, 1);
  pthread_condattr_t attr;

  self->model = model;
  self->cancellable = g_cancellable_new ();
  pthread_mutex_init (&self->lock, NULL);
  pthread_mutex_init (&self->queue_lock, NULL);
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&self->queue_cond, &attr);
  pthread_condattr_destroy (&attr);
  g_queue_init (&self->commands);
  g_queue_init (&self->events);
  self->thread = g_thread_new ("cel-runner", runner_main, self);
  return self;
}

static guint64
push (CelRunner *self, Command *cmd)
{
  guint64 seq;

  pthread_mutex_lock (&self->queue_lock);
  seq = cmd->seq = ++self->next_seq;
  g_queue_push_tail (&self->commands, cmd);
  pthread_cond_signal (&self->queue_cond);
  pthread_mutex_unlock (&self->queue_lock);
  return seq;
}

static Command *
command_new (CommandKind kind)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->kind = kind;
  return cmd;
}

void
cel_runner_free (CelRunner *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  push (self, command_new (CMD_STOP));
  g_thread_join (self->thread);
  g_queue_clear_full (&self->commands, (GDestroyNotify) command_free);
  g_clear_pointer (&self->snapshot, cel_snapshot_unref);
  g_queue_clear_full (&self->events, (GDestroyNotify) cel_runner_event_free);
  g_clear_pointer (&self->published, g_ptr_array_unref);
  g_clear_pointer (&self->frame, cel_frame_unref);
  g_clear_object (&self->model);
  g_clear_object (&self->cancellable);
  pthread_mutex_destroy (&self->lock);
  pthread_mutex_destroy (&self->queue_lock);
  pthread_cond_destroy (&self->queue_cond);
  g_free (self);
}

CelSnapshot *
cel_runner_get_snapshot (CelRunner *self)
{
  CelSnapshot *snap = NULL;

  pthread_mutex_lock (&self->lock);
  if (self->snapshot)
    snap = cel_snapshot_ref (self->snapshot);
  pthread_mutex_unlock (&self->lock);
  return snap;
}

CelRunnerEvent *
cel_runner_pop_event (CelRunner *self)
{
  CelRunnerEvent *event;

  pthread_mutex_lock (&self->lock);
  event = g_queue_pop_head (&self->events);
  pthread_mutex_unlock (&self->lock);
  return event;
}

void
cel_runner_set_notify (CelRunner *self, GSourceFunc func, gpointer data)
{
  pthread_mutex_lock (&self->lock);
  self->notify = func;
  self->notify_data = data;
  pthread_mutex_unlock (&self->lock);
}

guint64
cel_runner_play (CelRunner *self)
{
  return push (self, command_new (CMD_PLAY));
}

guint64
cel_runner_pause (CelRunner *self)
{
  return push (self, command_new (CMD_PAUSE));
}

guint64
cel_runner_step (CelRunner *self, guint64 n)
{
  Command *cmd = command_new (CMD_STEP);

  cmd->n = n;
  return push (self, cmd);
}

guint64
cel_runner_reset (CelRunner *self)
{
  return push (self, command_new (CMD_RESET));
}

guint64
cel_runner_set_param (CelRunner *self, const char *name, const char *value)
{
  Command *cmd = command_new (CMD_SET_PARAM);

  cmd->name = g_strdup (name);
  cmd->value = g_strdup (value);
  return push (self, cmd);
}

guint64
cel_runner_paint (CelRunner *self, CelStroke *stroke, gboolean record_undo)
{
  Command *cmd = command_new (CMD_PAINT);

  cmd->stroke = stroke;
  cmd->record_undo = record_undo;
  return push (self, cmd);
}

guint64
cel_runner_paint_cells (CelRunner *self, GArray *cells, gboolean record_undo)
{
  Command *cmd = command_new (CMD_PAINT_CELLS);

  cmd->cells = cells;
  cmd->record_undo = record_undo;
  return push (self, cmd);
}

guint64
cel_runner_release_brush (CelRunner *self)
{
  return push (self, command_new (CMD_RELEASE_BRUSH));
}

guint64
cel_runner_place_pattern (CelRunner *self, CelPattern *pattern, gint x, gint y, gboolean record_undo)
{
  Command *cmd = command_new (CMD_PLACE_PATTERN);

  cmd->pattern = pattern;
  cmd->x = x;
  cmd->y = y;
  cmd->record_undo = record_undo;
  return push (self, cmd);
}

guint64
cel_runner_load (CelRunner *self, CelModel *model)
{
  Command *cmd = command_new (CMD_LOAD);

  cmd->model = model;
  return push (self, cmd);
}

guint64
cel_runner_set_rate (CelRunner *self, double steps_per_second)
{
  Command *cmd = command_new (CMD_SET_RATE);

  cmd->rate = isfinite (steps_per_second) ? MAX (steps_per_second, 0) : 0;
  return push (self, cmd);
}

guint64
cel_runner_set_view (CelRunner *self, guint field, const CelRect *region)
{
  Command *cmd = command_new (CMD_SET_VIEW);

  cmd->field = field;
  cmd->has_region = region != NULL;
  if (region)
    cmd->region = *region;
  return push (self, cmd);
}

guint64
cel_runner_call (CelRunner *self,
                 void     (*func) (CelModel *model, gpointer data),
                 gpointer   data,
                 GDestroyNotify destroy)
{
  Command *cmd = command_new (CMD_CALL);

  cmd->func = func;
  cmd->data = data;
  cmd->destroy = destroy;
  return push (self, cmd);
}
