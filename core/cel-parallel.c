#include "cel-parallel.h"

#include <cblas.h>
#include <pthread.h>

/* A fixed set of worker threads that split each cel_parallel_for between
 * them and the calling thread. Work items are claimed with an atomic counter,
 * so uneven tasks balance themselves. */

typedef struct {
  CelParallelFunc func;
  gpointer        data;
  guint           n_tasks;
  gint            next;       /* next task to claim */
  gint            remaining;  /* tasks not finished */
  guint           helpers;    /* workers allowed to join */
  guint           active;     /* workers inside run_tasks (under job_lock) */
} Job;

/* POSIX locks, so that ThreadSanitizer sees the synchronisation. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER; /* serialises callers */
static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  job_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t  done_cond = PTHREAD_COND_INITIALIZER;
static Job     *current_job;
static guint64  job_serial;
static guint    n_workers;       /* threads besides the caller */
static gint     requested;       /* 0 = one per core; atomic */
static gboolean started;  /* OpenBLAS told the thread count */

static void
run_tasks (Job *job)
{
  for (;;)
    {
      gint t = g_atomic_int_add (&job->next, 1);
      if (t >= (gint) job->n_tasks)
        break;
      job->func ((guint) t, job->n_tasks, job->data);
      if (g_atomic_int_dec_and_test (&job->remaining))
        {
          pthread_mutex_lock (&job_lock);
          pthread_cond_broadcast (&done_cond);
          pthread_mutex_unlock (&job_lock);
        }
    }
}

static gpointer
worker_main (gpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  guint64 seen = 0;

  for (;;)
    {
      Job *job;

      pthread_mutex_lock (&job_lock);
      while (job_serial == seen)
        pthread_cond_wait (&job_cond, &job_lock);
      seen = job_serial;
      job = current_job;
      if (job == NULL || index >= job->helpers)
        {
          pthread_mutex_unlock (&job_lock);
          continue;
        }
      job->active++;
      pthread_mutex_unlock (&job_lock);

      run_tasks (job);

      /* The job lives on the caller's stack: it may return only once every
       * worker has let go of it. */
      pthread_mutex_lock (&job_lock);
      job->active--;
      pthread_cond_broadcast (&done_cond);
      pthread_mutex_unlock (&job_lock);
    }
  return NULL;
}

guint
cel_parallel_get_threads (void)
{
  gint r = g_atomic_int_get (&requested);
  guint n = r > 0 ? (guint) r : g_get_num_processors ();

  return MAX (n, 1);
}

void
cel_parallel_set_threads (guint n_threads)
{
  pthread_mutex_lock (&pool_lock);
  g_atomic_int_set (&requested, (gint) MIN (n_threads, 1024));
  openblas_set_num_threads ((int) cel_parallel_get_threads ());
  pthread_mutex_unlock (&pool_lock);
}

/* Workers are started lazily and only ever added: a lower thread count just
 * leaves some of them asleep, because the caller limits the number of
 * participants by the task split it chooses. */
static void
ensure_workers (guint wanted)
{
  while (n_workers < wanted)
    {
      g_thread_unref (g_thread_new ("cel-compute", worker_main, GUINT_TO_POINTER (n_workers)));
      n_workers++;
    }
}

void
cel_parallel_for (guint n_tasks, CelParallelFunc func, gpointer data)
{
  guint threads;
  Job job = { func, data, n_tasks, 0, (gint) n_tasks, 0, 0 };

  if (n_tasks == 0)
    return;
  pthread_mutex_lock (&pool_lock);
  threads = cel_parallel_get_threads ();
  if (!started)
    {
      openblas_set_num_threads ((int) threads);
      started = TRUE;
    }
  if (threads == 1 || n_tasks == 1)
    {
      pthread_mutex_unlock (&pool_lock);
      for (guint t = 0; t < n_tasks; t++)
        func (t, n_tasks, data);
      return;
    }
  ensure_workers (threads - 1);
  job.helpers = threads - 1;

  pthread_mutex_lock (&job_lock);
  current_job = &job;
  job_serial++;
  pthread_cond_broadcast (&job_cond);
  pthread_mutex_unlock (&job_lock);

  run_tasks (&job);

  pthread_mutex_lock (&job_lock);
  while (g_atomic_int_get (&job.remaining) > 0 || job.active > 0)
    pthread_cond_wait (&done_cond, &job_lock);
  current_job = NULL;
  pthread_mutex_unlock (&job_lock);
  pthread_mutex_unlock (&pool_lock);
}
