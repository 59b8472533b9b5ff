/* cel-pattern.c — RLE and plaintext .cells readers and writers.
 *
 * Both readers make two passes over the text: the first validates it and
 * measures the pattern without allocating anything, the second fills the
 * cells. Sizes are checked against CEL_PATTERN_MAX_CELLS before any cell
 * memory is taken, so hostile input can at worst ask for that much.
 *
 * RLE follows Golly's reading: "#" lines before the header, an
 * "x = W, y = H[, rule = R]" header, then runs of b/o (two states) or
 * "."/A–X/pA–yO (extended RLE, states 0–255), "$" row ends, "!" at the end
 * and anything after "!" ignored. Cells beyond the header's size make the
 * pattern grow, as Golly tolerates them. A header is trusted only up to
 * RLE_HEADER_TRUST_CELLS: beyond that the pattern takes the size of the
 * cells actually present, so a few bytes claiming a huge empty field do not
 * cost hundreds of megabytes.
 */
#include "cel-pattern.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

#define RLE_LINE_MAX           70
#define RLE_HEADER_TRUST_CELLS ((guint64) 1 << 24)
#define PATTERN_FILE_MAX       ((goffset) 64 << 20)

CelPattern *
cel_pattern_new (guint width, guint height)
{
  CelPattern *pattern = g_new0 (CelPattern, 1);

  pattern->width = width;
  pattern->height = height;
  /* Never NULL, even for an empty pattern. */
  pattern->cells = g_malloc0_n (MAX (width, 1), MAX (height, 1));
  pattern->comments = g_ptr_array_new_with_free_func (g_free);
  return pattern;
}

void
cel_pattern_free (CelPattern *pattern)
{
  if (pattern == NULL)
    return;
  g_free (pattern->cells);
  g_free (pattern->rule);
  g_free (pattern->name);
  g_ptr_array_unref (pattern->comments);
  g_free (pattern);
}

/* Cells outside the pattern read as dead. */
guint8
cel_pattern_get (const CelPattern *pattern, guint x, guint y)
{
  g_return_val_if_fail (pattern != NULL, 0);

  if (x >= pattern->width || y >= pattern->height)
    return 0;
  return pattern->cells[(gsize) y * pattern->width + x];
}

void
cel_pattern_set (CelPattern *pattern, guint x, guint y, guint8 state)
{
  g_return_if_fail (pattern != NULL);
  g_return_if_fail (x < pattern->width && y < pattern->height);

  pattern->cells[(gsize) y * pattern->width + x] = state;
}

guint64
cel_pattern_population (const CelPattern *pattern)
{
  gsize n;
  guint64 count = 0;

  g_return_val_if_fail (pattern != NULL, 0);

  n = (gsize) pattern->width * pattern->height;
  for (gsize i = 0; i < n; i++)
    count += pattern->cells[i] != 0;
  return count;
}

/* ---- Errors ------------------------------------------------------------ */

static void set_error_at (GError **error, CelError code, guint line, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
set_error_at (GError     **error,
              CelError     code,
              guint        line,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CEL_ERROR, code, _("Line %u: %s"), line, message);
}

/* Names a byte for an error message: the character itself when printable. */
static char *
describe_byte (guchar c)
{
  if (c > 0x20 && c < 0x7f)
    /* TRANSLATORS: a character quoted in an error message, e.g. unexpected “#” */
    return g_strdup_printf (_("“%c”"), c);
  return g_strdup_printf (_("byte 0x%02x"), c);
}

/* ---- Lines ------------------------------------------------------------- */

typedef struct {
  const char *text;
  const char *end;
  const char *pos;
  guint       line;   /* number of the line at pos, from 1 */
} Reader;

static void
reader_init (Reader *reader, const char *text, gsize length)
{
  reader->text = text;
  reader->end = text + length;
  reader->pos = text;
  reader->line = 1;
  /* A UTF-8 byte order mark is not part of the pattern. */
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    reader->pos += 3;
}

/* Takes the next line (without "\n" or a trailing "\r"); FALSE at the end.
 * *line_no receives its number. */
static gboolean
reader_next_line (Reader      *reader,
                  const char **start,
                  gsize       *length,
                  guint       *line_no)
{
  const char *nl;
  gsize len;

  if (reader->pos >= reader->end)
    return FALSE;
  nl = memchr (reader->pos, '\n', reader->end - reader->pos);
  len = (nl != NULL ? nl : reader->end) - reader->pos;
  *start = reader->pos;
  *line_no = reader->line;
  if (len > 0 && reader->pos[len - 1] == '\r')
    len--;
  *length = len;
  reader->pos = nl != NULL ? nl + 1 : reader->end;
  reader->line++;
  return TRUE;
}

static gboolean
is_blank (const char *s, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_no_nul (const char *s, gsize length, guint line, GError **error)
{
  if (memchr (s, '\0', length) != NULL)
    {
      set_error_at (error, CEL_ERROR_PARSE, line, _("unexpected NUL byte"));
      return FALSE;
    }
  return TRUE;
}

/* A copy of s[0..length) as valid UTF-8, surrounding blanks removed when
 * strip is set. */
static char *
text_dup (const char *s, gsize length, gboolean strip)
{
  if (strip)
    {
      while (length > 0 && g_ascii_isspace (*s))
        s++, length--;
      while (length > 0 && g_ascii_isspace (s[length - 1]))
        length--;
    }
  return g_utf8_make_valid (s, length);
}

/* ---- RLE reader -------------------------------------------------------- */

/* Reads decimal digits at *p (none is an error), saturating above
 * CEL_PATTERN_MAX_CELLS so that long digit strings cannot overflow. */
static gboolean
scan_number (const char **p, const char *end, guint64 *value)
{
  const char *s = *p;
  guint64 v = 0;

  if (s >= end || !g_ascii_isdigit (*s))
    return FALSE;
  for (; s < end && g_ascii_isdigit (*s); s++)
    {
      v = v * 10 + (guint64) (*s - '0');
      if (v > CEL_PATTERN_MAX_CELLS)
        v = CEL_PATTERN_MAX_CELLS + 1;
    }
  *p = s;
  *value = v;
  return TRUE;
}

static void
skip_blanks (const char **p, const char *end)
{
  while (*p < end && (**p == ' ' || **p == '\t'))
    (*p)++;
}

/* Expects "key =" at *p. */
static gboolean
scan_key (const char **p, const char *end, const char *key)
{
  gsize n = strlen (key);

  skip_blanks (p, end);
  if ((gsize) (end - *p) < n || g_ascii_strncasecmp (*p, key, n) != 0)
    return FALSE;
  *p += n;
  skip_blanks (p, end);
  if (*p >= end || **p != '=')
    return FALSE;
  (*p)++;
  skip_blanks (p, end);
  return TRUE;
}

static gboolean
parse_rle_header (const char  *s,
                  gsize        length,
                  guint        line,
                  guint64     *width,
                  guint64     *height,
                  char       **rule,
                  GError     **error)
{
  const char *p = s;
  const char *end = s + length;

  if (!scan_key (&p, end, "x"))
    {
      set_error_at (error, CEL_ERROR_PARSE, line,
                    _("expected a header “x = width, y = height”"));
      return FALSE;
    }
  if (!scan_number (&p, end, width))
    {
      set_error_at (error, CEL_ERROR_PARSE, line,
                    _("the width in the header must be a whole number"));
      return FALSE;
    }
  skip_blanks (&p, end);
  if (p >= end || *p != ',')
    {
      set_error_at (error, CEL_ERROR_PARSE, line,
                    _("expected “,” after the width in the header"));
      return FALSE;
    }
  p++;
  if (!scan_key (&p, end, "y"))
    {
      set_error_at (error, CEL_ERROR_PARSE, line,
                    _("expected “y = height” in the header"));
      return FALSE;
    }
  if (!scan_number (&p, end, height))
    {
      set_error_at (error, CEL_ERROR_PARSE, line,
                    _("the height in the header must be a whole number"));
      return FALSE;
    }
  skip_blanks (&p, end);
  if (p < end)
    {
      if (*p != ',')
        {
          set_error_at (error, CEL_ERROR_PARSE, line,
                        _("unexpected text after the height in the header"));
          return FALSE;
        }
      p++;
      if (!scan_key (&p, end, "rule"))
        {
          set_error_at (error, CEL_ERROR_PARSE, line,
                        _("expected “rule = …” in the header"));
          return FALSE;
        }
      /* The rule runs to the end of the line: Golly's bounded-grid
       * suffixes such as ":T10,10" contain commas. */
      *rule = text_dup (p, end - p, TRUE);
      if (**rule == '\0')
        g_clear_pointer (rule, g_free);
    }
  if (*width * *height > CEL_PATTERN_MAX_CELLS)
    {
      set_error_at (error, CEL_ERROR_TOO_LARGE, line,
                    _("the header’s size exceeds the limit of %llu cells"),
                    (unsigned long long) CEL_PATTERN_MAX_CELLS);
      return FALSE;
    }
  return TRUE;
}

/* Stores one "#" line. #N names the pattern, "#C text" and "#c text" are
 * comments, #r gives the rule; every other "#" line (#O, #CXRLE, …) is kept
 * whole so that the writer puts it back unchanged. */
static void
rle_take_hash_line (CelPattern  *pattern,
                    char       **r_rule,
                    const char  *s,
                    gsize        length)
{
  char tag = length > 1 ? s[1] : '\0';
  gboolean bare = length <= 2 || s[2] == ' ' || s[2] == '\t';

  if (tag == 'N' && bare && pattern->name == NULL)
    {
      pattern->name = text_dup (s + 2, length - 2, TRUE);
      return;
    }
  if (tag == 'r' && bare && *r_rule == NULL)
    {
      *r_rule = text_dup (s + 2, length - 2, TRUE);
      return;
    }
  if ((tag == 'C' || tag == 'c') && bare)
    {
      const char *text = length > 2 ? s + 3 : s + length;
      const char *end = s + length;

      if (text >= end || *text != '#')
        {
          g_ptr_array_add (pattern->comments, text_dup (text, end - text, FALSE));
          return;
        }
    }
  g_ptr_array_add (pattern->comments, text_dup (s, length, FALSE));
}

typedef struct {
  guint64 width;   /* one past the rightmost live cell */
  guint64 height;  /* one past the lowest live cell */
} RleExtent;

/* Decodes the pattern body from reader->pos up to "!". With cells == NULL
 * it only validates and measures; otherwise it writes live cells into
 * cells (stride columns, already big enough). */
static gboolean
rle_scan_body (const Reader *start,
               guint8       *cells,
               guint         stride,
               RleExtent    *extent,
               GError      **error)
{
  const char *p = start->pos;
  const char *end = start->end;
  guint line = start->line;
  guint last_line = start->line - 1;   /* of the last item read */
  guint64 x = 0, y = 0;
  guint64 count = 0;
  gboolean have_count = FALSE;

  extent->width = extent->height = 0;

  while (p < end)
    {
      guchar c = (guchar) *p;
      guint64 n;
      guint state;
      gboolean had_count;

      if (c == '\n')
        {
          line++;
          p++;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\r')
        {
          p++;
          continue;
        }
      last_line = line;
      if (g_ascii_isdigit (c))
        {
          /* Like Golly, a run count may continue across white space and
           * line breaks ("1\n2o" is 12 cells): tools that wrap lines at 70
           * columns split counts. */
          if (!have_count)
            count = 0;
          have_count = TRUE;
          while (p < end && g_ascii_isdigit (*p))
            {
              count = count * 10 + (guint64) (*p - '0');
              p++;
              if (count > CEL_PATTERN_MAX_CELLS)
                {
                  set_error_at (error, CEL_ERROR_TOO_LARGE, line,
                                _("run count exceeds the limit of %llu cells"),
                                (unsigned long long) CEL_PATTERN_MAX_CELLS);
                  return FALSE;
                }
            }
          continue;
        }

      had_count = have_count;
      if (had_count && count == 0)
        {
          set_error_at (error, CEL_ERROR_PARSE, line, _("run count of zero"));
          return FALSE;
        }
      n = have_count ? count : 1;
      have_count = FALSE;
      p++;

      if (c == '!')
        {
          if (had_count)
            {
              set_error_at (error, CEL_ERROR_PARSE, line,
                            _("run count before “!” has no cell to repeat"));
              return FALSE;
            }
          return TRUE;
        }
      if (c == '$')
        {
          y += n;
          x = 0;
          if (y >= CEL_PATTERN_MAX_CELLS)
            {
              set_error_at (error, CEL_ERROR_TOO_LARGE, line,
                            _("the pattern exceeds the limit of %llu cells"),
                            (unsigned long long) CEL_PATTERN_MAX_CELLS);
              return FALSE;
            }
          continue;
        }

      if (c == 'b' || c == '.')
        state = 0;
      else if (c == 'o')
        state = 1;
      else if (c >= 'A' && c <= 'X')
        state = c - 'A' + 1;
      else if (c >= 'p' && c <= 'y')
        {
          if (p >= end || *p < 'A' || *p > 'X')
            {
              set_error_at (error, CEL_ERROR_PARSE, line,
                            _("state prefix “%c” must be followed by a letter A–X"),
                            c);
              return FALSE;
            }
          state = 24 * (guint) (c - 'p' + 1) + (guint) (*p - 'A' + 1);
          p++;
          if (state > 255)
            {
              set_error_at (error, CEL_ERROR_PARSE, line,
                            _("cell state %u is above the maximum of 255"), state);
              return FALSE;
            }
        }
      else
        {
          g_autofree char *what = describe_byte (c);

          set_error_at (error, CEL_ERROR_PARSE, line,
                        _("unexpected %s in the pattern"), what);
          return FALSE;
        }

      if (x + n > CEL_PATTERN_MAX_CELLS)
        {
          set_error_at (error, CEL_ERROR_TOO_LARGE, line,
                        _("a row exceeds the limit of %llu cells"),
                        (unsigned long long) CEL_PATTERN_MAX_CELLS);
          return FALSE;
        }
      if (state != 0)
        {
          extent->width = MAX (extent->width, x + n);
          extent->height = MAX (extent->height, y + 1);
          if (extent->width * extent->height > CEL_PATTERN_MAX_CELLS)
            {
              set_error_at (error, CEL_ERROR_TOO_LARGE, line,
                            _("the pattern exceeds the limit of %llu cells"),
                            (unsigned long long) CEL_PATTERN_MAX_CELLS);
              return FALSE;
            }
          if (cells != NULL)
            memset (cells + (gsize) y * stride + x, (int) state, n);
        }
      x += n;
    }

  set_error_at (error, CEL_ERROR_PARSE, last_line,
                _("the pattern ends without its closing “!”"));
  return FALSE;
}

CelPattern *
cel_pattern_parse_rle (const char *text, gsize length, GError **error)
{
  g_autoptr(CelPattern) meta = NULL;
  g_autofree char *header_rule = NULL;
  g_autofree char *r_rule = NULL;
  CelPattern *pattern;
  GPtrArray *comments;
  Reader reader;
  RleExtent extent;
  const char *s;
  gsize len;
  guint line = 1;
  guint64 hw = 0, hh = 0, w, h;
  gboolean have_header = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  /* Name, comments and rule are gathered first; cells come later. */
  meta = cel_pattern_new (0, 0);
  reader_init (&reader, text, length);
  while (reader_next_line (&reader, &s, &len, &line))
    {
      if (!check_no_nul (s, len, line, error))
        return NULL;
      if (is_blank (s, len))
        continue;
      if (s[0] == '#')
        {
          rle_take_hash_line (meta, &r_rule, s, len);
          continue;
        }
      if (!parse_rle_header (s, len, line, &hw, &hh, &header_rule, error))
        return NULL;
      have_header = TRUE;
      break;
    }
  if (!have_header)
    {
      if (is_blank (text, length))
        g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, _("The file is empty"));
      else
        set_error_at (error, CEL_ERROR_PARSE, line,
                      _("no RLE header line “x = width, y = height” found"));
      return NULL;
    }

  if (!rle_scan_body (&reader, NULL, 0, &extent, error))
    return NULL;

  w = MAX (hw, extent.width);
  h = MAX (hh, extent.height);
  if (w * h > RLE_HEADER_TRUST_CELLS)
    {
      w = extent.width;
      h = extent.height;
    }

  pattern = cel_pattern_new ((guint) w, (guint) h);
  rle_scan_body (&reader, pattern->cells, pattern->width, &extent, NULL);

  if (header_rule != NULL)
    pattern->rule = g_steal_pointer (&header_rule);
  else
    pattern->rule = g_steal_pointer (&r_rule);
  pattern->name = g_steal_pointer (&meta->name);
  comments = pattern->comments;
  pattern->comments = meta->comments;
  meta->comments = comments;
  return pattern;
}

/* ---- Plaintext reader -------------------------------------------------- */

/* One pass of the .cells reader: with pattern == NULL it validates and
 * measures into *width and *height, otherwise it fills pattern. */
static gboolean
cells_scan (const char  *text,
            gsize        length,
            CelPattern  *pattern,
            guint64     *width,
            guint64     *height,
            GError     **error)
{
  Reader reader;
  const char *s;
  gsize len;
  guint line;
  guint64 rows = 0, pending_blank = 0, max_width = 0;

  reader_init (&reader, text, length);
  while (reader_next_line (&reader, &s, &len, &line))
    {
      if (!check_no_nul (s, len, line, error))
        return FALSE;
      if (len > 0 && s[0] == '!')
        {
          if (pattern == NULL)
            continue;
          if (pattern->name == NULL && len >= 6 && strncmp (s, "!Name:", 6) == 0)
            pattern->name = text_dup (s + 6, len - 6, TRUE);
          else
            g_ptr_array_add (pattern->comments, text_dup (s + 1, len - 1, FALSE));
          continue;
        }
      while (len > 0 && g_ascii_isspace (s[len - 1]))
        len--;
      if (len == 0)
        {
          /* Blank lines between rows are empty rows; leading and trailing
           * ones are not part of the pattern. */
          if (rows > 0)
            pending_blank++;
          continue;
        }
      rows += pending_blank;
      pending_blank = 0;
      for (gsize i = 0; i < len; i++)
        {
          if (s[i] == 'O' || s[i] == '*')
            {
              if (pattern != NULL)
                pattern->cells[rows * pattern->width + i] = 1;
            }
          else if (s[i] != '.')
            {
              g_autofree char *what = describe_byte ((guchar) s[i]);

              set_error_at (error, CEL_ERROR_PARSE, line,
                            _("unexpected %s in a row (expected “.”, “O” or “*”)"),
                            what);
              return FALSE;
            }
        }
      max_width = MAX (max_width, len);
      rows++;
      if (max_width * rows > CEL_PATTERN_MAX_CELLS)
        {
          set_error_at (error, CEL_ERROR_TOO_LARGE, line,
                        _("the pattern exceeds the limit of %llu cells"),
                        (unsigned long long) CEL_PATTERN_MAX_CELLS);
          return FALSE;
        }
    }
  *width = max_width;
  *height = rows;
  return TRUE;
}

CelPattern *
cel_pattern_parse_cells (const char *text, gsize length, GError **error)
{
  CelPattern *pattern;
  guint64 w, h;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (is_blank (text, length))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, _("The file is empty"));
      return NULL;
    }
  if (!cells_scan (text, length, NULL, &w, &h, error))
    return NULL;
  pattern = cel_pattern_new ((guint) w, (guint) h);
  cells_scan (text, length, pattern, &w, &h, NULL);
  return pattern;
}

/* ---- Format detection and files ---------------------------------------- */

typedef enum {
  FORMAT_UNKNOWN,
  FORMAT_RLE,
  FORMAT_CELLS,
} PatternFormat;

static PatternFormat
format_from_name (const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FORMAT_UNKNOWN;
  lower = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (lower, ".rle"))
    return FORMAT_RLE;
  if (g_str_has_suffix (lower, ".cells"))
    return FORMAT_CELLS;
  return FORMAT_UNKNOWN;
}

static gboolean
has_prefix_at (const char *p, const char *end, const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

CelPattern *
cel_pattern_parse (const char  *text,
                   gsize        length,
                   const char  *filename_hint,
                   GError     **error)
{
  const char *p = text;
  const char *end = text + length;
  PatternFormat format = FORMAT_UNKNOWN;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (has_prefix_at (p, end, "\xef\xbb\xbf"))
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;

  if (has_prefix_at (p, end, "#Life"))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("Life 1.05/1.06 (.lif) patterns are not supported; "
                     "save the pattern as RLE"));
      return NULL;
    }
  if (has_prefix_at (p, end, "[M2]"))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("Macrocell (.mc) patterns are not supported; "
                     "save the pattern as RLE"));
      return NULL;
    }

  if (p < end)
    {
      if (*p == '#' || *p == 'x' || *p == 'X')
        format = FORMAT_RLE;
      else if (*p == '!' || *p == '.' || *p == 'O' || *p == '*')
        format = FORMAT_CELLS;
    }
  if (format == FORMAT_UNKNOWN)
    format = format_from_name (filename_hint);

  switch (format)
    {
    case FORMAT_RLE:
      return cel_pattern_parse_rle (text, length, error);
    case FORMAT_CELLS:
      return cel_pattern_parse_cells (text, length, error);
    case FORMAT_UNKNOWN:
    default:
      if (p >= end)
        g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE, _("The file is empty"));
      else
        g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                     _("Not an RLE or plaintext (.cells) pattern"));
      return NULL;
    }
}

CelPattern *
cel_pattern_load (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  GStatBuf st;
  gsize length;
  CelPattern *pattern;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (S_ISREG (st.st_mode) && (goffset) st.st_size > PATTERN_FILE_MAX)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("“%s” is larger than the limit of %d MiB for pattern files"),
                   display, (int) (PATTERN_FILE_MAX >> 20));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if ((goffset) length > PATTERN_FILE_MAX)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("“%s” is larger than the limit of %d MiB for pattern files"),
                   display, (int) (PATTERN_FILE_MAX >> 20));
      return NULL;
    }

  pattern = cel_pattern_parse (contents, length, path, error);
  if (pattern == NULL)
    g_prefix_error (error, "%s: ", display);
  return pattern;
}

/* ---- Writers ----------------------------------------------------------- */

/* Appends s with line breaks replaced by spaces, so a name or comment can
 * never break the file's line structure. */
static void
append_one_line (GString *out, const char *s)
{
  for (; *s != '\0'; s++)
    g_string_append_c (out, (*s == '\n' || *s == '\r') ? ' ' : *s);
}

typedef struct {
  GString *out;
  gsize    line_start;
} RleWriter;

static void
rle_emit (RleWriter *w, guint64 count, const char *tag)
{
  char item[32];

  if (count == 1)
    g_snprintf (item, sizeof item, "%s", tag);
  else
    g_snprintf (item, sizeof item, "%" G_GUINT64_FORMAT "%s", count, tag);

  if (w->out->len - w->line_start + strlen (item) > RLE_LINE_MAX)
    {
      g_string_append_c (w->out, '\n');
      w->line_start = w->out->len;
    }
  g_string_append (w->out, item);
}

static void
rle_state_tag (guint8 state, gboolean multi, char tag[3])
{
  tag[1] = tag[2] = '\0';
  if (!multi)
    tag[0] = state != 0 ? 'o' : 'b';
  else if (state == 0)
    tag[0] = '.';
  else if (state <= 24)
    tag[0] = (char) ('A' + state - 1);
  else
    {
      tag[0] = (char) ('p' + (state - 25) / 24);
      tag[1] = (char) ('A' + (state - 25) % 24);
    }
}

char *
cel_pattern_to_rle (const CelPattern *pattern)
{
  GString *out;
  RleWriter w;
  gboolean multi = FALSE;
  gsize n;
  guint64 pending_rows = 0;

  g_return_val_if_fail (pattern != NULL, NULL);

  n = (gsize) pattern->width * pattern->height;
  for (gsize i = 0; i < n && !multi; i++)
    multi = pattern->cells[i] > 1;

  out = g_string_new (NULL);
  if (pattern->name != NULL)
    {
      g_string_append (out, "#N ");
      append_one_line (out, pattern->name);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < pattern->comments->len; i++)
    {
      const char *c = g_ptr_array_index (pattern->comments, i);

      if (c[0] != '#')
        g_string_append (out, c[0] != '\0' ? "#C " : "#C");
      append_one_line (out, c);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "x = %u, y = %u", pattern->width, pattern->height);
  if (pattern->rule != NULL)
    {
      g_string_append (out, ", rule = ");
      append_one_line (out, pattern->rule);
    }
  g_string_append_c (out, '\n');

  w.out = out;
  w.line_start = out->len;
  for (guint y = 0; y < pattern->height; y++)
    {
      const guint8 *row = pattern->cells + (gsize) y * pattern->width;
      guint last = pattern->width;

      if (y > 0)
        pending_rows++;
      while (last > 0 && row[last - 1] == 0)
        last--;
      if (last == 0)
        continue;
      if (pending_rows > 0)
        rle_emit (&w, pending_rows, "$");
      pending_rows = 0;
      for (guint x = 0; x < last;)
        {
          guint run = 1;
          char tag[3];

          while (x + run < last && row[x + run] == row[x])
            run++;
          rle_state_tag (row[x], multi, tag);
          rle_emit (&w, run, tag);
          x += run;
        }
    }
  rle_emit (&w, 1, "!");
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
cel_pattern_to_cells (const CelPattern *pattern)
{
  GString *out;

  g_return_val_if_fail (pattern != NULL, NULL);

  out = g_string_new (NULL);
  if (pattern->name != NULL)
    {
      g_string_append (out, "!Name: ");
      append_one_line (out, pattern->name);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < pattern->comments->len; i++)
    {
      g_string_append_c (out, '!');
      append_one_line (out, g_ptr_array_index (pattern->comments, i));
      g_string_append_c (out, '\n');
    }
  /* Rows keep their full width, so the size survives a round trip; .cells
   * holds two states, so every live state is written as "O". */
  for (guint y = 0; y < pattern->height; y++)
    {
      const guint8 *row = pattern->cells + (gsize) y * pattern->width;

      for (guint x = 0; x < pattern->width; x++)
        g_string_append_c (out, row[x] != 0 ? 'O' : '.');
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

gboolean
cel_pattern_save (const CelPattern  *pattern,
                  const char        *path,
                  GError           **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (format_from_name (path))
    {
    case FORMAT_RLE:
      text = cel_pattern_to_rle (pattern);
      break;
    case FORMAT_CELLS:
      text = cel_pattern_to_cells (pattern);
      break;
    case FORMAT_UNKNOWN:
    default:
      {
        g_autofree char *display = g_filename_display_basename (path);

        g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                     _("Cannot tell the pattern format of “%s”: use the extension .rle or .cells"),
                     display);
        return FALSE;
      }
    }
  return g_file_set_contents (path, text, -1, error);
}
