/* cel-parallel.h — the compute thread pool.
 *
 * Sized once from the core count (or set explicitly, e.g. by
 * `cellarium-cli bench --threads` or the preferences) so that the runner
 * thread plus compute threads do not oversubscribe the machine. OpenBLAS is
 * told the same number.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*CelParallelFunc) (guint task, guint n_tasks, gpointer data);

/* Runs func(task, n_tasks, data) for task = 0 … n_tasks-1, spread over the
 * pool, and returns when all are done. With one thread (or n_tasks == 1) it
 * runs inline. Safe to call from any one thread at a time per pool user;
 * concurrent callers are serialised. */
void  cel_parallel_for         (guint n_tasks, CelParallelFunc func, gpointer data);
/* Number of threads work is spread over (>= 1). */
guint cel_parallel_get_threads (void);
/* 0 = one per core. Takes effect for the next cel_parallel_for. */
void  cel_parallel_set_threads (guint n_threads);

G_END_DECLS
