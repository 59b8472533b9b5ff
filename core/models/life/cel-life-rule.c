/* cel-life-rule.c — parsing and writing Life-like and Generations rules.
 *
 * Two families of spelling are accepted:
 *   lettered  sections introduced by B (birth), S (survival) and C or G
 *             (number of states), separated by '/' or run together:
 *             "B3/S23", "b3s23", "S23/B3", "B2/S/C3", "g3b2s"; Golly's
 *             "B2/S/3" puts a bare state count after the B and S sections;
 *   bare      digits in MCell order, survival first: "23/3" (S/B) and
 *             "/2/3" (S/B/C, Golly's Generations form).
 */
#include "cel-life-rule.h"

#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

/* Longest rule text shown in an error message. */
#define SHOWN_MAX 80

/* Golly's annotated Life (Rules/LifeHistory.rule): Life's transitions, with
 * states 3 and 5 extra live states and 2, 4 and 6 extra dead ones. */
#define LIFE_HISTORY "LifeHistory"

typedef struct {
  const char *text;   /* the whole rule, for messages */
  const char *p;      /* cursor */
  const char *end;
} Scanner;

static char *
shown_rule (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *head = NULL;

  if (g_utf8_strlen (valid, -1) <= SHOWN_MAX)
    return g_steal_pointer (&valid);
  head = g_utf8_substring (valid, 0, SHOWN_MAX);
  return g_strconcat (head, "…", NULL);
}

static gboolean
rule_error (GError **error, gint code, const char *text, const char *problem)
{
  g_autofree char *shown = shown_rule (text);

  g_set_error (error, CEL_ERROR, code, _("Rule “%s”: %s"), shown, problem);
  return FALSE;
}

/* Reads a run of neighbour counts (digits 0–8) into a bit mask. */
static gboolean
scan_counts (Scanner *s, guint16 *mask, GError **error)
{
  *mask = 0;
  while (s->p < s->end && g_ascii_isdigit (*s->p))
    {
      if (*s->p == '9')
        return rule_error (error, CEL_ERROR_PARSE, s->text,
                           _("a cell has at most 8 neighbours, so 9 is not a neighbour count"));
      *mask |= (guint16) (1u << (*s->p - '0'));
      s->p++;
    }
  return TRUE;
}

/* Reads a decimal number of at most 6 digits (enough for 65536). */
static gboolean
scan_number (Scanner *s, guint *value, const char *what, GError **error)
{
  guint v = 0, n = 0;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    {
      if (++n > 6)
        {
          g_autofree char *problem = g_strdup_printf (_("the %s is too large"), what);
          return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text, problem);
        }
      v = v * 10 + (guint) (*s->p - '0');
      s->p++;
    }
  if (n == 0)
    {
      g_autofree char *problem = g_strdup_printf (_("expected a number for the %s"), what);
      return rule_error (error, CEL_ERROR_PARSE, s->text, problem);
    }
  *value = v;
  return TRUE;
}

static gboolean
check_states (const char *text, guint n_states, GError **error)
{
  if (n_states < 2 || n_states > CEL_LIFE_RULE_MAX_STATES)
    {
      g_autofree char *problem =
        g_strdup_printf (_("the number of states must be between 2 and %d"),
                         CEL_LIFE_RULE_MAX_STATES);
      return rule_error (error, n_states < 2 ? CEL_ERROR_PARSE : CEL_ERROR_UNSUPPORTED,
                         text, problem);
    }
  return TRUE;
}

/* Explains a letter that does not belong to a B/S/C rule. */
static gboolean
unexpected_letter (Scanner *s, gboolean after_counts, GError **error)
{
  char c = g_ascii_tolower (*s->p);

  if ((c == 'v' || c == 'h') && s->p + 1 == s->end && after_counts)
    return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                       _("only the Moore neighbourhood (eight neighbours) is supported, not the von Neumann or hexagonal ones"));
  if (after_counts)
    return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                       _("non-totalistic rules (letters after the neighbour counts) are not supported"));
  return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                     _("not a Life-like (B/S) or Generations rule; other rule families are not supported"));
}

static gboolean
parse_lettered (Scanner *s, CelLifeRule *rule, GError **error)
{
  gboolean have_b = FALSE, have_s = FALSE, have_c = FALSE;
  gboolean after_counts = FALSE;

  while (s->p < s->end)
    {
      char c;

      if (*s->p == '/')
        {
          s->p++;
          after_counts = FALSE;
          continue;
        }
      c = g_ascii_tolower (*s->p);
      if (c == 'b' || c == 's')
        {
          gboolean *have = c == 'b' ? &have_b : &have_s;

          if (*have)
            return rule_error (error, CEL_ERROR_PARSE, s->text,
                               c == 'b' ? _("the birth (B) part appears twice")
                                        : _("the survival (S) part appears twice"));
          *have = TRUE;
          s->p++;
          if (!scan_counts (s, c == 'b' ? &rule->birth : &rule->survive, error))
            return FALSE;
          after_counts = TRUE;
        }
      else if ((c == 'c' || c == 'g') && !after_counts)
        {
          if (have_c)
            return rule_error (error, CEL_ERROR_PARSE, s->text,
                               _("the number of states appears twice"));
          have_c = TRUE;
          s->p++;
          if (!scan_number (s, &rule->n_states, _("number of states"), error))
            return FALSE;
          after_counts = FALSE;
        }
      else if (g_ascii_isdigit (c) && have_b && have_s && !have_c && s->p > s->text && s->p[-1] == '/')
        {
          /* Golly's "B2/S/3": a bare state count after both parts. */
          have_c = TRUE;
          if (!scan_number (s, &rule->n_states, _("number of states"), error))
            return FALSE;
          if (s->p < s->end)
            return rule_error (error, CEL_ERROR_PARSE, s->text,
                               _("unexpected text after the number of states"));
        }
      else if (g_ascii_isalpha (c) || c == '-')
        return unexpected_letter (s, after_counts, error);
      else
        return rule_error (error, CEL_ERROR_PARSE, s->text,
                           _("expected B, S or C followed by digits"));
    }
  if (!have_b || !have_s)
    return rule_error (error, CEL_ERROR_PARSE, s->text,
                       _("a rule needs both a birth (B) and a survival (S) part"));
  return TRUE;
}

static gboolean
parse_bare (Scanner *s, CelLifeRule *rule, GError **error)
{
  guint part = 0;

  for (;;)
    {
      if (part == 0 && !scan_counts (s, &rule->survive, error))
        return FALSE;
      if (part == 1 && !scan_counts (s, &rule->birth, error))
        return FALSE;
      if (part == 2 && !scan_number (s, &rule->n_states, _("number of states"), error))
        return FALSE;
      if (s->p == s->end)
        break;
      if (*s->p != '/' || part == 2)
        return rule_error (error, CEL_ERROR_PARSE, s->text,
                           _("expected digits separated by “/”, as in 23/3 or /2/3"));
      s->p++;
      part++;
    }
  if (part == 0)
    return rule_error (error, CEL_ERROR_PARSE, s->text,
                       _("expected survival and birth counts separated by “/”, as in 23/3"));
  return TRUE;
}

static gboolean
parse_grid (Scanner *s, CelLifeRule *rule, GError **error)
{
  char kind = g_ascii_toupper (*s->p);
  guint w, h;

  switch (kind)
    {
    case 'T':
      rule->grid = CEL_LIFE_GRID_TORUS;
      break;
    case 'P':
      rule->grid = CEL_LIFE_GRID_PLANE;
      break;
    case 'K':
    case 'C':
    case 'S':
      return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                         _("only torus (:T) and plane (:P) grids are supported, not Klein bottles, cross-surfaces or spheres"));
    default:
      return rule_error (error, CEL_ERROR_PARSE, s->text,
                         _("a bounded grid is written “:T<width>,<height>” or “:P<width>,<height>”"));
    }
  s->p++;
  if (!scan_number (s, &w, _("grid width"), error))
    return FALSE;
  if (s->p < s->end && (*s->p == '+' || *s->p == '-' || *s->p == '*'))
    return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                       _("shifted or twisted grid edges are not supported"));
  if (s->p == s->end || *s->p != ',')
    return rule_error (error, CEL_ERROR_PARSE, s->text,
                       _("a bounded grid is written “:T<width>,<height>” or “:P<width>,<height>”"));
  s->p++;
  if (!scan_number (s, &h, _("grid height"), error))
    return FALSE;
  if (s->p < s->end && (*s->p == '+' || *s->p == '-' || *s->p == '*'))
    return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                       _("shifted or twisted grid edges are not supported"));
  if (s->p != s->end)
    return rule_error (error, CEL_ERROR_PARSE, s->text,
                       _("unexpected text after the grid size"));
  if (w == 0 || h == 0)
    return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                       _("grids unbounded in one direction (a size of 0) are not supported"));
  if (w > 65536 || h > 65536)
    return rule_error (error, CEL_ERROR_UNSUPPORTED, s->text,
                       _("grids are at most 65536 cells wide and high"));
  rule->grid_width = w;
  rule->grid_height = h;
  return TRUE;
}

gboolean
cel_life_rule_parse (const char   *text,
                     CelLifeRule  *rule,
                     GError      **error)
{
  CelLifeRule r = { 0, 0, 2, CEL_LIFE_GRID_NONE, 0, 0, FALSE };
  const char *colon, *start, *stop;
  gboolean lettered = FALSE;
  Scanner s;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  start = text;
  stop = text + strlen (text);
  while (start < stop && g_ascii_isspace (*start))
    start++;
  while (stop > start && g_ascii_isspace (stop[-1]))
    stop--;
  if (start == stop)
    return rule_error (error, CEL_ERROR_PARSE, text, _("the rule is empty"));

  colon = memchr (start, ':', (gsize) (stop - start));
  for (const char *q = start; q < (colon ? colon : stop); q++)
    {
      if (g_ascii_isalpha (*q) || *q == '-')
        lettered = TRUE;
      else if (*q == ',' || *q == '.')
        return rule_error (error, CEL_ERROR_UNSUPPORTED, text,
                           _("Larger than Life and other range rules are not supported"));
      else if (!g_ascii_isdigit (*q) && *q != '/')
        return rule_error (error, CEL_ERROR_PARSE, text,
                           _("unexpected character; rules look like B3/S23 or /2/3"));
    }

  s.text = text;
  s.p = start;
  s.end = colon ? colon : stop;
  if (s.p == s.end)
    return rule_error (error, CEL_ERROR_PARSE, text, _("the rule is empty"));
  if ((gsize) (s.end - s.p) == strlen (LIFE_HISTORY)
      && g_ascii_strncasecmp (s.p, LIFE_HISTORY, strlen (LIFE_HISTORY)) == 0)
    {
      r.birth = 1 << 3;
      r.survive = (1 << 2) | (1 << 3);
      r.history = TRUE;
    }
  else if (!(lettered ? parse_lettered (&s, &r, error) : parse_bare (&s, &r, error)))
    return FALSE;
  if (!check_states (text, r.n_states, error))
    return FALSE;

  if (colon)
    {
      s.p = colon + 1;
      s.end = stop;
      if (s.p == s.end)
        return rule_error (error, CEL_ERROR_PARSE, text,
                           _("a bounded grid is written “:T<width>,<height>” or “:P<width>,<height>”"));
      if (!parse_grid (&s, &r, error))
        return FALSE;
    }

  *rule = r;
  return TRUE;
}

static void
append_counts (GString *out, guint16 mask)
{
  for (int n = 0; n <= 8; n++)
    if (mask & (1u << n))
      g_string_append_c (out, (char) ('0' + n));
}

char *
cel_life_rule_to_string (const CelLifeRule *rule,
                         gboolean           with_grid)
{
  GString *out = g_string_new (NULL);

  if (rule->n_states == 2)
    {
      g_string_append_c (out, 'B');
      append_counts (out, rule->birth);
      g_string_append (out, "/S");
      append_counts (out, rule->survive);
    }
  else
    {
      append_counts (out, rule->survive);
      g_string_append_c (out, '/');
      append_counts (out, rule->birth);
      g_string_append_printf (out, "/%u", rule->n_states);
    }
  if (with_grid && rule->grid != CEL_LIFE_GRID_NONE)
    g_string_append_printf (out, ":%c%u,%u",
                            rule->grid == CEL_LIFE_GRID_TORUS ? 'T' : 'P',
                            rule->grid_width, rule->grid_height);
  return g_string_free (out, FALSE);
}

gboolean
cel_life_rule_equal (const CelLifeRule *a,
                     const CelLifeRule *b)
{
  return a->birth == b->birth && a->survive == b->survive && a->n_states == b->n_states
         && a->history == b->history && a->grid == b->grid
         && (a->grid == CEL_LIFE_GRID_NONE
             || (a->grid_width == b->grid_width && a->grid_height == b->grid_height));
}
