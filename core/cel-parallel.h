/* cel-parallel.h — the compute thread pool.
 *
 * Sized once from the core count (or set explicitly, e.g. by
 * `cellarium-cli bench --threads` or the preferences) so that the runner
 * thread plus compute threads do not oversubscribe the machine.
 *
 * OpenBLAS is set to one thread the first time the pool is used, sized or
 * asked for its size (the application and `cellarium-cli bench` do so at
 * start): code that wants a parallel matrix product splits it over
 * cel_parallel_for itself, in blocks that do not depend on the thread count
 * so that its results do not either. The other BLAS/LAPACK users (the
 * reservoir's and the spiking network's ridge regressions, the reservoir's
 * eigenvalues and orthogonalisation at a reset) work on matrices of a few
 * hundred rows by default (400 reservoir units), where OpenBLAS's threads
 * gain little, and run once per reset or fit (up to 2048 rows at the
 * reservoir's largest size). One thread also keeps OpenBLAS's spinning
 * workers from competing with the pool's.
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
