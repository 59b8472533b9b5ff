/* cel-autosave.h — copies of unsaved experiments, kept for recovery after a
 * crash. No GTK: the window drives it, the tests call it directly.
 *
 * A directory (by default $XDG_STATE_HOME/cellarium/autosave) holds one
 * slot per window that has something to keep, named by a random UUID:
 *   <id>.cellarium  the experiment with its full state (an experiment file)
 *   <id>.ini        where it came from: model id, name, original file URI,
 *                   time of the copy
 *   <id>.lock       held with flock() by the process that owns the slot
 * The kernel drops a process's locks when it dies however it dies, so a
 * slot whose lock can be taken has no live owner: it is an orphan, left
 * by a crash. This holds across processes and within one (flock locks
 * belong to an open file, not to a process), and a recycled PID cannot
 * fool it.
 *
 * A slot's writes may come from any thread (the window writes through its
 * model's runner thread); cel_autosave_slot_discard() makes every write
 * requested before it a no-op, so a late write cannot bring back a copy
 * that was just thrown away.
 */
#pragma once

#include "cellarium.h"

G_BEGIN_DECLS

typedef struct _CelAutosaveSlot CelAutosaveSlot;

typedef struct {
  char  *id;
  char  *path;      /* the experiment copy */
  char  *model_id;  /* may be NULL when the .ini is missing */
  char  *name;      /* the experiment's name; may be NULL */
  char  *uri;       /* the file it was opened from or saved to; may be NULL */
  gint64 saved;     /* when the copy was written, Unix time; 0 when unknown */
} CelAutosaveOrphan;

void              cel_autosave_orphan_free  (CelAutosaveOrphan *orphan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelAutosaveOrphan, cel_autosave_orphan_free)

/* $XDG_STATE_HOME/cellarium/autosave (g_get_user_state_dir()). */
char             *cel_autosave_get_default_dir (void);

/* The orphans in dir, oldest first (an array of CelAutosaveOrphan*; empty
 * when dir does not exist). Lock and .ini files that dead owners left
 * without a copy are removed on the way. */
GPtrArray        *cel_autosave_list_orphans (const char        *dir,
                                             GError           **error);
/* Takes an orphan's slot (its lock) and deletes its files. G_IO_ERROR_BUSY
 * when a live process holds it. */
gboolean          cel_autosave_delete_orphan (const char       *dir,
                                              const char       *id,
                                              GError          **error);

/* A new slot in dir. Nothing touches the disk until the first write, which
 * creates the directory and takes the lock. */
CelAutosaveSlot  *cel_autosave_slot_new     (const char        *dir);
/* Takes over an orphan's slot, locking it at once; writes then replace the
 * orphan's copy. G_IO_ERROR_BUSY when a live process holds it,
 * G_IO_ERROR_NOT_FOUND when its copy is gone. */
CelAutosaveSlot  *cel_autosave_slot_adopt   (const char        *dir,
                                             const char        *id,
                                             GError           **error);
CelAutosaveSlot  *cel_autosave_slot_ref     (CelAutosaveSlot   *slot);
/* The last unref releases the lock and removes the lock file. A copy still
 * there then becomes an orphan; discard first to throw it away. */
void              cel_autosave_slot_unref   (CelAutosaveSlot   *slot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelAutosaveSlot, cel_autosave_slot_unref)

const char       *cel_autosave_slot_get_id   (CelAutosaveSlot  *slot);
/* Where the copy is (whether or not it exists). */
const char       *cel_autosave_slot_get_path (CelAutosaveSlot  *slot);
/* Increases with every discard; pass it to a write requested now. */
guint             cel_autosave_slot_get_epoch (CelAutosaveSlot *slot);

/* Writes the model (with its full state) and the .ini, each atomically.
 * Any thread, as long as nothing else uses the model meanwhile. When the
 * slot was discarded since epoch was read, writes nothing and sets
 * *written to FALSE. */
gboolean          cel_autosave_slot_write   (CelAutosaveSlot   *slot,
                                             guint              epoch,
                                             CelModel          *model,
                                             const char        *name,
                                             const char        *uri,
                                             gboolean          *written,
                                             GError           **error);
/* Deletes the copy and the .ini (keeps the lock) and cancels the writes
 * requested before. */
void              cel_autosave_slot_discard (CelAutosaveSlot   *slot);

G_END_DECLS
