#include "cel-parallel.h"

#include <cblas.h>
#include <pthread.h>
#include <sched.h>

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

/* How long an idle worker polls for the next job before it sleeps (and a
 * caller for the workers' last tasks). A wake-up through the condition
 * variable costs tens of microseconds on a virtual machine: without the
 * polling, an NCA training iteration on a grown creature (about 400 jobs)
 * took 0.18–0.21 s at two threads on the 2-core test machine, slower than
 * at one (0.147 s); with it, 0.092 s. */
#define SPIN_USEC 100

/* POSIX locks, so that ThreadSanitizer sees the synchronisation. */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER; /* serialises callers */
static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  job_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t  done_cond = PTHREAD_COND_INITIALIZER;
static Job     *current_job;
static gint     job_serial;      /* atomic; changed under job_lock */
static guint    n_workers;       /* threads besides the caller */
static gint     requested;       /* 0 = one per core; atomic */

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
  gint seen = 0;

  for (;;)
    {
      gint64 until = g_get_monotonic_time () + SPIN_USEC;
      Job *job;

      /* Callers such as a training step hand out short jobs back to back:
       * a worker polls for the next one a little while, yielding its core to
       * anything else runnable, before it sleeps. */
      while (g_atomic_int_get (&job_serial) == seen && g_get_monotonic_time () < until)
        sched_yield ();
      pthread_mutex_lock (&job_lock);
      while (g_atomic_int_get (&job_serial) == seen)
        pthread_cond_wait (&job_cond, &job_lock);
      seen = g_atomic_int_get (&job_serial);
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

/* OpenBLAS runs single-threaded: the callers split their products over the
 * pool themselves (with splits that do not depend on the thread count, so
 * results do not either), and OpenBLAS's own threads would otherwise spin
 * against the pool's. */
static void
blas_single_thread (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      openblas_set_num_threads (1);
      g_once_init_leave (&done, 1);
    }
}

guint
cel_parallel_get_threads (void)
{
  gint r;
  guint n;

  blas_single_thread ();
  r = g_atomic_int_get (&requested);
  n = r > 0 ? (guint) r : g_get_num_processors ();
  return MAX (n, 1);
}

void
cel_parallel_set_threads (guint n_threads)
{
  pthread_mutex_lock (&pool_lock);
  blas_single_thread ();
  g_atomic_int_set (&requested, (gint) MIN (n_threads, 1024));
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
  g_atomic_int_inc (&job_serial);
  pthread_cond_broadcast (&job_cond);
  pthread_mutex_unlock (&job_lock);

  run_tasks (&job);

  /* The workers' last tasks usually end soon: poll before sleeping. */
  {
    gint64 until = g_get_monotonic_time () + SPIN_USEC;

    while (g_atomic_int_get (&job.remaining) > 0 && g_get_monotonic_time () < until)
      sched_yield ();
  }
  pthread_mutex_lock (&job_lock);
  while (g_atomic_int_get (&job.remaining) > 0 || job.active > 0)
    pthread_cond_wait (&done_cond, &job_lock);
  current_job = NULL;
  pthread_mutex_unlock (&job_lock);
  pthread_mutex_unlock (&pool_lock);
}
