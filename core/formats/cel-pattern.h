/* cel-pattern.h — a cellular-automaton pattern as the community formats hold
 * it: RLE (Golly, LifeWiki) and plaintext .cells.
 *
 * States are 0 (dead) … n_states-1; two-state patterns use 0/1. The rule is
 * kept as written in the file (NULL when the file names none); interpreting
 * it is the Life model's business (cel-life-rule.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint      width, height;
  guint8    *cells;       /* width*height states, row-major */
  char      *rule;        /* as written, or NULL */
  char      *name;        /* from #N or "!Name:", or NULL */
  GPtrArray *comments;    /* char* lines without their "#C "/"!" prefix,
                             including #O author lines as "#O …"*/
} CelPattern;

CelPattern *cel_pattern_new          (guint width, guint height);
void        cel_pattern_free         (CelPattern *pattern);
guint8      cel_pattern_get          (const CelPattern *pattern, guint x, guint y);
void        cel_pattern_set          (CelPattern *pattern, guint x, guint y, guint8 state);
guint64     cel_pattern_population   (const CelPattern *pattern);

/* Largest pattern accepted from a file: width*height cells. */
#define CEL_PATTERN_MAX_CELLS ((guint64) 16384 * 16384)

/* Readers: errors are CEL_ERROR_PARSE (with line number) or
 * CEL_ERROR_TOO_LARGE. */
CelPattern *cel_pattern_parse_rle    (const char *text, gsize length, GError **error);
CelPattern *cel_pattern_parse_cells  (const char *text, gsize length, GError **error);
/* Chooses the format from content ("x =" header or "!"/"."/"O" lines) and
 * file name. */
CelPattern *cel_pattern_load         (const char *path, GError **error);
CelPattern *cel_pattern_parse        (const char *text, gsize length,
                                      const char *filename_hint, GError **error);

/* Writers. RLE: #N/#C/#O lines, "x = W, y = H, rule = R" header, lines of at
 * most 70 characters, multi-state letters when any state > 1. */
char       *cel_pattern_to_rle       (const CelPattern *pattern);
char       *cel_pattern_to_cells     (const CelPattern *pattern);
/* Atomic write; format from the extension (.rle or .cells). */
gboolean    cel_pattern_save         (const CelPattern *pattern, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelPattern, cel_pattern_free)

G_END_DECLS
