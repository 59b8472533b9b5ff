/* cel-canvas-history.c — undo/redo entries built from the runner's undo
 * records.
 */
#include "cel-canvas-history.h"

typedef struct {
  GArray    *seqs;     /* guint64, in the order sent */
  GPtrArray *parts;    /* per seq: GArray of CelCell, NULL until it arrives */
  guint      missing;  /* records still to come */
  gboolean   open;     /* the gesture is still adding commands */
  GPtrArray *stack;    /* the stack holding the entry */
} Entry;

struct _CelCanvasHistory
{
  guint       max_entries;
  GPtrArray  *undo;     /* Entry*, newest last */
  GPtrArray  *redo;
  GHashTable *pending;  /* seq (guint64*) → Entry* awaiting its record */
  Entry      *open;
};

/* Parts still to come are NULL. */
static void
part_free (gpointer part)
{
  if (part)
    g_array_unref (part);
}

static Entry *
entry_new (GPtrArray *stack)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  entry->parts = g_ptr_array_new_with_free_func (part_free);
  entry->stack = stack;
  g_ptr_array_add (stack, entry);
  return entry;
}

static gboolean
entry_complete (const Entry *entry)
{
  return !entry->open && entry->missing == 0;
}

static gsize
entry_n_cells (const Entry *entry)
{
  gsize n = 0;

  for (guint i = 0; i < entry->parts->len; i++)
    {
      GArray *part = g_ptr_array_index (entry->parts, i);

      if (part)
        n += part->len;
    }
  return n;
}

static void
entry_add_seq (CelCanvasHistory *self, Entry *entry, guint64 seq)
{
  g_array_append_val (entry->seqs, seq);
  g_ptr_array_add (entry->parts, NULL);
  entry->missing++;
  g_hash_table_insert (self->pending, g_memdup2 (&seq, sizeof seq), entry);
}

/* Removes the entry from its stack and forgets its pending commands (their
 * records, should they still come, are then ignored). */
static void
entry_drop (CelCanvasHistory *self, Entry *entry)
{
  for (guint i = 0; i < entry->seqs->len; i++)
    if (g_ptr_array_index (entry->parts, i) == NULL)
      g_hash_table_remove (self->pending, &g_array_index (entry->seqs, guint64, i));
  if (self->open == entry)
    self->open = NULL;
  g_ptr_array_remove (entry->stack, entry);
  g_array_unref (entry->seqs);
  g_ptr_array_unref (entry->parts);
  g_free (entry);
}

/* An entry that changed nothing (a stroke beside the grid) is not worth a
 * step of undo. */
static void
drop_if_empty (CelCanvasHistory *self, Entry *entry)
{
  if (entry_complete (entry) && entry_n_cells (entry) == 0)
    entry_drop (self, entry);
}

static void
clear_stack (CelCanvasHistory *self, GPtrArray *stack)
{
  while (stack->len > 0)
    entry_drop (self, g_ptr_array_index (stack, stack->len - 1));
}

static void
trim (CelCanvasHistory *self)
{
  while (self->undo->len > self->max_entries)
    entry_drop (self, g_ptr_array_index (self->undo, 0));
}

CelCanvasHistory *
cel_canvas_history_new (guint max_entries)
{
  CelCanvasHistory *self = g_new0 (CelCanvasHistory, 1);

  self->max_entries = MAX (max_entries, 1);
  self->undo = g_ptr_array_new ();
  self->redo = g_ptr_array_new ();
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
cel_canvas_history_clear (CelCanvasHistory *self)
{
  g_return_if_fail (self != NULL);

  clear_stack (self, self->undo);
  clear_stack (self, self->redo);
  self->open = NULL;
}

void
cel_canvas_history_free (CelCanvasHistory *self)
{
  if (self == NULL)
    return;
  cel_canvas_history_clear (self);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_hash_table_unref (self->pending);
  g_free (self);
}

void
cel_canvas_history_begin (CelCanvasHistory *self)
{
  g_return_if_fail (self != NULL);

  cel_canvas_history_end (self);
  clear_stack (self, self->redo);
  self->open = entry_new (self->undo);
  self->open->open = TRUE;
  trim (self);
}

void
cel_canvas_history_add (CelCanvasHistory *self, guint64 seq)
{
  Entry *entry;

  g_return_if_fail (self != NULL);

  if (self->open)
    entry = self->open;
  else
    {
      clear_stack (self, self->redo);
      entry = entry_new (self->undo);
    }
  entry_add_seq (self, entry, seq);
  trim (self);
}

void
cel_canvas_history_end (CelCanvasHistory *self)
{
  Entry *entry;

  g_return_if_fail (self != NULL);

  entry = self->open;
  if (entry == NULL)
    return;
  self->open = NULL;
  entry->open = FALSE;
  if (entry->seqs->len == 0)
    entry_drop (self, entry);
  else
    drop_if_empty (self, entry);
}

gboolean
cel_canvas_history_record (CelCanvasHistory *self,
                           guint64           seq,
                           const GArray     *undo_cells)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (undo_cells != NULL, FALSE);
  g_return_val_if_fail (g_array_get_element_size ((GArray *) undo_cells) == sizeof (CelCell), FALSE);

  entry = g_hash_table_lookup (self->pending, &seq);
  if (entry == NULL)
    return FALSE;

  for (guint i = 0; i < entry->seqs->len; i++)
    if (g_array_index (entry->seqs, guint64, i) == seq
        && g_ptr_array_index (entry->parts, i) == NULL)
      {
        GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (CelCell), undo_cells->len);

        g_array_append_vals (copy, undo_cells->data, undo_cells->len);
        g_ptr_array_index (entry->parts, i) = copy;
        entry->missing--;
        break;
      }
  g_hash_table_remove (self->pending, &seq);
  drop_if_empty (self, entry);
  return TRUE;
}

static gboolean
top_complete (GPtrArray *stack)
{
  return stack->len > 0 && entry_complete (g_ptr_array_index (stack, stack->len - 1));
}

gboolean
cel_canvas_history_can_undo (CelCanvasHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return top_complete (self->undo);
}

gboolean
cel_canvas_history_can_redo (CelCanvasHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return top_complete (self->redo);
}

/* The newest complete entry of from, painted back in reverse; its record
 * becomes an entry of to. */
static gboolean
replay (CelCanvasHistory *self,
        GPtrArray        *from,
        GPtrArray        *to,
        CelRunner        *runner)
{
  Entry *entry, *answer;
  GArray *cells;
  guint64 seq;

  if (runner == NULL || !top_complete (from))
    return FALSE;

  entry = g_ptr_array_index (from, from->len - 1);
  cells = g_array_sized_new (FALSE, FALSE, sizeof (CelCell), (guint) entry_n_cells (entry));
  for (guint i = entry->parts->len; i-- > 0;)
    {
      GArray *part = g_ptr_array_index (entry->parts, i);

      for (guint j = part->len; j-- > 0;)
        g_array_append_val (cells, g_array_index (part, CelCell, j));
    }
  entry_drop (self, entry);

  seq = cel_runner_paint_cells (runner, cells, TRUE);
  answer = entry_new (to);
  entry_add_seq (self, answer, seq);
  trim (self);
  return TRUE;
}

gboolean
cel_canvas_history_undo (CelCanvasHistory *self, CelRunner *runner)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return replay (self, self->undo, self->redo, runner);
}

gboolean
cel_canvas_history_redo (CelCanvasHistory *self, CelRunner *runner)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return replay (self, self->redo, self->undo, runner);
}
