/* cel-life-rule.h — rules of Life-like cellular automata.
 *
 * Understands the outer-totalistic rules on the Moore neighbourhood in the
 * spellings found in Golly and on LifeWiki:
 *   B3/S23, b3s23, S23/B3, 23/3              two states (Life-like)
 *   /2/3, 345/2/4, B2/S/3, B2/S/C3, g3b2s    Generations (S/B/C: C states)
 *   LifeHistory                             Golly's annotated Life: read as
 *                                           B3/S23, odd states alive
 * optionally followed by Golly's bounded-grid suffix, ":T<w>,<h>" (torus)
 * or ":P<w>,<h>" (plane with a dead border).
 *
 * Canonical text is what Golly 3.3 itself writes, so Golly opens our files:
 * "B3/S23" for two states and "S/B/C" digits for Generations ("/2/3").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CEL_LIFE_RULE_MAX_STATES 256

typedef enum {
  CEL_LIFE_GRID_NONE,     /* no suffix: the grid comes from the parameters */
  CEL_LIFE_GRID_TORUS,    /* ":T<w>,<h>" */
  CEL_LIFE_GRID_PLANE,    /* ":P<w>,<h>" — bounded, dead border */
} CelLifeGridKind;

typedef struct {
  guint16         birth;     /* bit n: a dead cell with n live neighbours is born */
  guint16         survive;   /* bit n: a live cell with n live neighbours survives */
  guint           n_states;  /* 2 = Life-like; 3 … 256 = Generations */
  CelLifeGridKind grid;
  guint           grid_width, grid_height;  /* when grid != NONE */
  gboolean        history;   /* written as LifeHistory: patterns in it mark
                                live cells with odd states (1, 3, 5) */
} CelLifeRule;

/* Parses text into rule. Errors (naming the rule as written):
 * CEL_ERROR_PARSE for text that is no rule at all, CEL_ERROR_UNSUPPORTED for
 * well-formed rules of other kinds (non-totalistic, Larger than Life, other
 * neighbourhoods, Klein bottles, unbounded tubes, …). */
gboolean  cel_life_rule_parse     (const char         *text,
                                   CelLifeRule        *rule,
                                   GError            **error);

/* Canonical text, without the grid suffix unless with_grid is TRUE and the
 * rule carries one. */
char     *cel_life_rule_to_string (const CelLifeRule  *rule,
                                   gboolean            with_grid);

gboolean  cel_life_rule_equal     (const CelLifeRule  *a,
                                   const CelLifeRule  *b);

G_END_DECLS
