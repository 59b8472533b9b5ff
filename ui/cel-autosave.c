#include "cel-autosave.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define INFO_GROUP "Autosave"

struct _CelAutosaveSlot
{
  gint    ref_count;
  char   *dir;
  char   *id;
  char   *path;       /* <id>.cellarium */
  char   *info_path;  /* <id>.ini */
  char   *lock_path;  /* <id>.lock */
  GMutex  mutex;      /* guards what follows */
  int     lock_fd;    /* -1 until locked */
  guint   epoch;
};

void
cel_autosave_orphan_free (CelAutosaveOrphan *orphan)
{
  if (orphan == NULL)
    return;
  g_free (orphan->id);
  g_free (orphan->path);
  g_free (orphan->model_id);
  g_free (orphan->name);
  g_free (orphan->uri);
  g_free (orphan);
}

char *
cel_autosave_get_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "cellarium", "autosave", NULL);
}

static char *
slot_file (const char *dir, const char *id, const char *suffix)
{
  g_autofree char *base = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, base, NULL);
}

static CelAutosaveSlot *
slot_new (const char *dir, const char *id)
{
  CelAutosaveSlot *slot = g_new0 (CelAutosaveSlot, 1);

  slot->ref_count = 1;
  slot->dir = g_strdup (dir);
  slot->id = g_strdup (id);
  slot->path = slot_file (dir, id, ".cellarium");
  slot->info_path = slot_file (dir, id, ".ini");
  slot->lock_path = slot_file (dir, id, ".lock");
  slot->lock_fd = -1;
  g_mutex_init (&slot->mutex);
  return slot;
}

/* Opens and flocks path without waiting. Returns the descriptor, or -1
 * with G_IO_ERROR_BUSY when someone holds it. The lock is only good if the
 * file we locked is still the one at path: an owner that lets go unlinks
 * the file before closing it. */
static int
take_lock (const char *path, GError **error)
{
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      struct stat locked, current;

      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not open the autosave lock “%s”: %s"), path, g_strerror (saved));
          return -1;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved = errno;
          close (fd);
          if (saved == EWOULDBLOCK)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                         _("The autosaved experiment is in use by a running Cellarium"));
          else
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _("Could not lock “%s”: %s"), path, g_strerror (saved));
          return -1;
        }
      if (fstat (fd, &locked) == 0 && g_stat (path, &current) == 0
          && locked.st_dev == current.st_dev && locked.st_ino == current.st_ino)
        return fd;
      close (fd);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
               _("The autosave lock “%s” keeps being replaced"), path);
  return -1;
}

static void
release_lock (CelAutosaveSlot *slot)
{
  if (slot->lock_fd < 0)
    return;
  g_unlink (slot->lock_path);
  close (slot->lock_fd);
  slot->lock_fd = -1;
}

CelAutosaveSlot *
cel_autosave_slot_new (const char *dir)
{
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (dir != NULL, NULL);
  return slot_new (dir, id);
}

CelAutosaveSlot *
cel_autosave_slot_adopt (const char *dir, const char *id, GError **error)
{
  CelAutosaveSlot *slot;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” does not name an autosaved experiment"), id);
      return NULL;
    }
  slot = slot_new (dir, id);
  slot->lock_fd = take_lock (slot->lock_path, error);
  if (slot->lock_fd < 0)
    {
      cel_autosave_slot_unref (slot);
      return NULL;
    }
  /* Someone else may have restored or deleted it before we got the lock. */
  if (!g_file_test (slot->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The autosaved experiment “%s” no longer exists"), id);
      cel_autosave_slot_unref (slot);
      return NULL;
    }
  return slot;
}

CelAutosaveSlot *
cel_autosave_slot_ref (CelAutosaveSlot *slot)
{
  g_atomic_int_inc (&slot->ref_count);
  return slot;
}

void
cel_autosave_slot_unref (CelAutosaveSlot *slot)
{
  if (slot == NULL || !g_atomic_int_dec_and_test (&slot->ref_count))
    return;
  release_lock (slot);
  g_mutex_clear (&slot->mutex);
  g_free (slot->dir);
  g_free (slot->id);
  g_free (slot->path);
  g_free (slot->info_path);
  g_free (slot->lock_path);
  g_free (slot);
}

const char *
cel_autosave_slot_get_id (CelAutosaveSlot *slot)
{
  return slot->id;
}

const char *
cel_autosave_slot_get_path (CelAutosaveSlot *slot)
{
  return slot->path;
}

guint
cel_autosave_slot_get_epoch (CelAutosaveSlot *slot)
{
  guint epoch;

  g_mutex_lock (&slot->mutex);
  epoch = slot->epoch;
  g_mutex_unlock (&slot->mutex);
  return epoch;
}

static gboolean
write_info (CelAutosaveSlot *slot,
            CelModel        *model,
            const char      *name,
            const char      *uri,
            GError         **error)
{
  g_autoptr (GKeyFile) info = g_key_file_new ();

  g_key_file_set_string (info, INFO_GROUP, "model", cel_model_get_id (model));
  if (name)
    g_key_file_set_string (info, INFO_GROUP, "name", name);
  if (uri)
    g_key_file_set_string (info, INFO_GROUP, "uri", uri);
  g_key_file_set_int64 (info, INFO_GROUP, "saved", g_get_real_time () / G_USEC_PER_SEC);
  return g_key_file_save_to_file (info, slot->info_path, error);
}

gboolean
cel_autosave_slot_write (CelAutosaveSlot *slot,
                         guint            epoch,
                         CelModel        *model,
                         const char      *name,
                         const char      *uri,
                         gboolean        *written,
                         GError         **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (slot != NULL, FALSE);
  g_return_val_if_fail (CEL_IS_MODEL (model), FALSE);

  if (written)
    *written = FALSE;
  g_mutex_lock (&slot->mutex);
  if (epoch != slot->epoch)
    {
      ok = TRUE;
      goto out;
    }
  if (slot->lock_fd < 0)
    {
      if (g_mkdir_with_parents (slot->dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create the autosave folder “%s”: %s"), slot->dir, g_strerror (saved));
          goto out;
        }
      slot->lock_fd = take_lock (slot->lock_path, error);
      if (slot->lock_fd < 0)
        goto out;
    }
  /* The copy first: a copy without its .ini can still be restored. */
  if (!cel_experiment_save (model, name, NULL, TRUE, slot->path, error)
      || !write_info (slot, model, name, uri, error))
    goto out;
  ok = TRUE;
  if (written)
    *written = TRUE;
out:
  g_mutex_unlock (&slot->mutex);
  return ok;
}

void
cel_autosave_slot_discard (CelAutosaveSlot *slot)
{
  g_return_if_fail (slot != NULL);

  g_mutex_lock (&slot->mutex);
  slot->epoch++;
  g_unlink (slot->path);
  g_unlink (slot->info_path);
  g_mutex_unlock (&slot->mutex);
}

gboolean
cel_autosave_delete_orphan (const char *dir, const char *id, GError **error)
{
  CelAutosaveSlot *slot = cel_autosave_slot_adopt (dir, id, error);

  if (slot == NULL)
    return FALSE;
  cel_autosave_slot_discard (slot);
  cel_autosave_slot_unref (slot);
  return TRUE;
}

static CelAutosaveOrphan *
read_orphan (const char *dir, const char *id)
{
  CelAutosaveOrphan *orphan = g_new0 (CelAutosaveOrphan, 1);
  g_autofree char *info_path = slot_file (dir, id, ".ini");
  g_autoptr (GKeyFile) info = g_key_file_new ();

  orphan->id = g_strdup (id);
  orphan->path = slot_file (dir, id, ".cellarium");
  /* A missing or damaged .ini only loses the title; the copy itself says
   * what it is. */
  if (g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL))
    {
      orphan->model_id = g_key_file_get_string (info, INFO_GROUP, "model", NULL);
      orphan->name = g_key_file_get_string (info, INFO_GROUP, "name", NULL);
      orphan->uri = g_key_file_get_string (info, INFO_GROUP, "uri", NULL);
      orphan->saved = g_key_file_get_int64 (info, INFO_GROUP, "saved", NULL);
    }
  return orphan;
}

static int
compare_orphans (gconstpointer a, gconstpointer b)
{
  const CelAutosaveOrphan *x = *(CelAutosaveOrphan *const *) a;
  const CelAutosaveOrphan *y = *(CelAutosaveOrphan *const *) b;

  if (x->saved != y->saved)
    return x->saved < y->saved ? -1 : 1;
  return strcmp (x->id, y->id);
}

/* The UUID of a slot file name "<uuid><suffix>", or NULL. */
static char *
slot_id_of (const char *file_name)
{
  static const char *const suffixes[] = { ".cellarium", ".ini", ".lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (file_name, suffixes[i]))
      {
        g_autofree char *id = g_strndup (file_name, strlen (file_name) - strlen (suffixes[i]));
        if (g_uuid_string_is_valid (id))
          return g_steal_pointer (&id);
      }
  return NULL;
}

GPtrArray *
cel_autosave_list_orphans (const char *dir, GError **error)
{
  g_autoptr (GPtrArray) orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_autosave_orphan_free);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) listing = NULL;
  GHashTableIter iter;
  gpointer key;
  const char *entry;

  g_return_val_if_fail (dir != NULL, NULL);

  listing = g_dir_open (dir, 0, &local_error);
  if (listing == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&orphans);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while ((entry = g_dir_read_name (listing)))
    {
      char *id = slot_id_of (entry);
      if (id)
        g_hash_table_add (ids, id);
    }

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *id = key;
      g_autofree char *lock_path = slot_file (dir, id, ".lock");
      g_autofree char *copy_path = slot_file (dir, id, ".cellarium");
      int fd = take_lock (lock_path, NULL);

      if (fd < 0)
        continue;   /* a live owner, or a lock we cannot take */
      if (g_file_test (copy_path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (orphans, read_orphan (dir, id));
      else
        {
          g_autofree char *info_path = slot_file (dir, id, ".ini");
          g_unlink (info_path);
          g_unlink (lock_path);
        }
      close (fd);
    }
  g_ptr_array_sort (orphans, compare_orphans);
  return g_steal_pointer (&orphans);
}
