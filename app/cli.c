/* cli.c — cellarium-cli, the headless front end: list and describe models,
 * run experiments (writing pictures, plot data and experiment files),
 * benchmark engines, import patterns, and sweep the elementary rules.
 *
 * Exit status: 0 on success; 1 on any error, reported as one line
 * "cellarium-cli: <message>" on stderr; 2 for usage errors (unknown command
 * or option); 130 when interrupted with Ctrl+C, in which case no output file
 * is written.
 */
#include "cel-config.h"

#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cellarium.h"
#include "cel-parallel.h"
#include "cel-i18n.h"
#include "models/eca/cel-eca.h"
#include "models/life/cel-life.h"
#include "models/life/cel-life-rule.h"
#include "models/nca/cel-nca.h"
#include "models/nca/cel-nca-target.h"
#include "models/nca/cel-nca-train.h"
#include "models/snn/cel-snn.h"

#define CLI_EXIT_USAGE       2
#define CLI_EXIT_INTERRUPTED 130

#define CLI_DEFAULT_STEPS 100
#define CLI_BENCH_STEPS   1000

/* `bench nca` defaults: the canonical configuration. */
#define CLI_NCA_BENCH_SIZE       72
#define CLI_NCA_BENCH_STEPS      64
#define CLI_NCA_BENCH_BATCH      8
#define CLI_NCA_BENCH_ITERATIONS 5
/* Steps the --grow-from network grows its creature before timing. */
#define CLI_NCA_BENCH_GROW_STEPS 96

/* `run --target-*`: empty cells around the target. */
#define CLI_NCA_TARGET_PADDING 4

/* `bench life` defaults: the reference soup. */
#define CLI_LIFE_BENCH_SIZE        1024
#define CLI_LIFE_BENCH_DENSITY     0.5
#define CLI_LIFE_BENCH_GENERATIONS 1000

/* Progress lines start after this long and are redrawn at most this often. */
#define CLI_PROGRESS_DELAY_US    (G_USEC_PER_SEC / 2)
#define CLI_PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

/* Empty cells left around a pattern on each side when a grid is sized to it:
 * half the pattern's extent, and never fewer than this. */
#define CLI_MIN_MARGIN 16

static const char cli_name[] = "cellarium-cli";

/* Errors ------------------------------------------------------------------ */

static void
cli_print_error (const char *message)
{
  g_autofree char *line = g_strdup (message);

  /* One line, whatever the message holds. */
  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("%s: %s\n", cli_name, line);
}

static int
cli_fail (GError *error)
{
  cli_print_error (error->message);
  return EXIT_FAILURE;
}

/* Options ----------------------------------------------------------------- */

/* Parses a subcommand's options; on a usage error prints one line and sets
 * *status. --help prints and exits from inside GLib. */
static gboolean
cli_parse_options (const char    *command,
                   const char    *parameters,
                   const char    *summary,
                   const char    *description,
                   GOptionEntry  *entries,
                   int           *argc,
                   char        ***argv,
                   int           *status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("%s %s", cli_name, command);

  /* The usage line reads "cellarium-cli COMMAND [OPTION…] ARGS". */
  g_set_prgname (prgname);
  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *line = g_strdup_printf (_("%s (see “%s %s --help”)"),
                                               error->message, cli_name, command);
      cli_print_error (line);
      *status = CLI_EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
cli_expect_args (const char *command,
                 int         argc,
                 int         wanted,
                 int        *status)
{
  g_autofree char *line = NULL;

  if (argc - 1 == wanted)
    return TRUE;
  if (argc - 1 < wanted)
    line = g_strdup_printf (_("%s: missing argument (see “%s %s --help”)"),
                            command, cli_name, command);
  else
    line = g_strdup_printf (_("%s: too many arguments (see “%s %s --help”)"),
                            command, cli_name, command);
  cli_print_error (line);
  *status = CLI_EXIT_USAGE;
  return FALSE;
}

static gboolean
cli_check_range (const char  *option,
                 gint64       value,
                 gint64       min,
                 gint64       max,
                 GError     **error)
{
  if (value >= min && value <= max)
    return TRUE;
  g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
               _("%s: %lld is outside the allowed range %lld … %lld"),
               option, (long long) value, (long long) min, (long long) max);
  return FALSE;
}

/* Ctrl+C ------------------------------------------------------------------ */

/* SIGINT is caught by GLib and dispatched on a private main context run by a
 * helper thread, which cancels `cancellable`; the work loop and the models
 * watch that and stop between steps. */
typedef struct {
  GCancellable *cancellable;
  GMainContext *context;
  GMainLoop    *loop;
  GSource      *source;
  GThread      *thread;
} CliInterrupt;

static gboolean
cli_interrupt_on_signal (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

static gboolean
cli_interrupt_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cli_interrupt_thread (gpointer data)
{
  CliInterrupt *in = data;

  g_main_context_push_thread_default (in->context);
  g_main_loop_run (in->loop);
  g_main_context_pop_thread_default (in->context);
  return NULL;
}

static void
cli_interrupt_start (CliInterrupt *in)
{
  in->cancellable = g_cancellable_new ();
  in->context = g_main_context_new ();
  in->loop = g_main_loop_new (in->context, FALSE);
  in->source = g_unix_signal_source_new (SIGINT);
  g_source_set_callback (in->source, cli_interrupt_on_signal, in->cancellable, NULL);
  g_source_attach (in->source, in->context);
  in->thread = g_thread_new ("cli-signals", cli_interrupt_thread, in);
}

static void
cli_interrupt_stop (CliInterrupt *in)
{
  GSource *quit = g_idle_source_new ();

  /* Quitting through a source of the loop's own context works even if the
   * thread has not started running the loop yet. */
  g_source_set_callback (quit, cli_interrupt_quit, in->loop, NULL);
  g_source_attach (quit, in->context);
  g_source_unref (quit);
  g_thread_join (in->thread);

  g_source_destroy (in->source);
  g_source_unref (in->source);
  g_main_loop_unref (in->loop);
  g_main_context_unref (in->context);
  g_object_unref (in->cancellable);
}

static int
cli_interrupted (void)
{
  cli_print_error (_("interrupted; no output was written"));
  return CLI_EXIT_INTERRUPTED;
}

/* Progress ---------------------------------------------------------------- */

typedef struct {
  gboolean enabled;
  gboolean shown;
  gint64   start;
  gint64   last;
} CliProgress;

static void
cli_progress_init (CliProgress *progress)
{
  progress->enabled = isatty (STDERR_FILENO);
  progress->shown = FALSE;
  progress->start = g_get_monotonic_time ();
  progress->last = 0;
}

static void
cli_progress_update (CliProgress *progress,
                     guint64      done,
                     guint64      total)
{
  gint64 now;
  double seconds;

  if (!progress->enabled)
    return;
  now = g_get_monotonic_time ();
  if (now - progress->start < CLI_PROGRESS_DELAY_US
      || now - progress->last < CLI_PROGRESS_INTERVAL_US)
    return;

  seconds = (double) (now - progress->start) / G_USEC_PER_SEC;
  g_printerr ("\r\033[K");
  g_printerr (_("step %llu of %llu (%.0f%%), %.0f steps/s"),
              (unsigned long long) done, (unsigned long long) total, total > 0 ? 100.0 * (double) done / (double) total : 100.0,
              (double) done / seconds);
  progress->last = now;
  progress->shown = TRUE;
}

static void
cli_progress_end (CliProgress *progress)
{
  if (progress->shown)
    g_printerr ("\r\033[K");
}

/* Numbers in CSV and summaries: the shortest text that reads back exactly. */
static void
cli_append_double (GString *out,
                   double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value > 0 ? "inf" : "-inf");
      return;
    }
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

/* Models ------------------------------------------------------------------ */

static CelModel *
cli_model_new (const char  *id,
               GError     **error)
{
  if (cel_registry_lookup (id) == NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (id, -1);
      g_autofree char *shown = g_utf8_strlen (valid, -1) > 64 ? g_utf8_substring (valid, 0, 64)
                                                             : g_strdup (valid);

      g_set_error (error, CEL_ERROR, CEL_ERROR_UNKNOWN_MODEL,
                   _("there is no model called “%s” (see “%s list”)"), shown, cli_name);
      return NULL;
    }
  return cel_model_new (id, error);
}

/* Parameters -------------------------------------------------------------- */

/* Applies "name=value" assignments; *needs_reset tells whether any of them
 * takes effect only at the next reset. */
static gboolean
cli_apply_sets (CelModel    *model,
                char       **sets,
                gboolean    *needs_reset,
                GError     **error)
{
  for (gsize i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      const char *eq = strchr (sets[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL || eq == sets[i])
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("--set “%s”: expected NAME=VALUE"), sets[i]);
          return FALSE;
        }
      name = g_strndup (sets[i], (gsize) (eq - sets[i]));
      if (cel_model_find_param (model, name) == NULL)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("--set %s: the model “%s” has no parameter “%s” (see “%s describe %s”)"),
                       sets[i], cel_model_get_id (model), name, cli_name, cel_model_get_id (model));
          return FALSE;
        }
      if (!cel_model_set_param_string (model, name, eq + 1, error))
        return FALSE;
      if (needs_reset != NULL && cel_param_needs_reset (cel_model_find_param (model, name)))
        *needs_reset = TRUE;
    }
  return TRUE;
}

/* The range of an integer parameter, as unsigned numbers. */
static gboolean
cli_param_range (CelModel    *model,
                 const char  *name,
                 guint64     *min,
                 guint64     *max)
{
  GParamSpec *pspec = cel_model_find_param (model, name);

  if (pspec != NULL && G_IS_PARAM_SPEC_UINT (pspec))
    {
      *min = G_PARAM_SPEC_UINT (pspec)->minimum;
      *max = G_PARAM_SPEC_UINT (pspec)->maximum;
      return TRUE;
    }
  if (pspec != NULL && G_IS_PARAM_SPEC_INT (pspec) && G_PARAM_SPEC_INT (pspec)->maximum > 0)
    {
      *min = (guint64) MAX (G_PARAM_SPEC_INT (pspec)->minimum, 0);
      *max = (guint64) G_PARAM_SPEC_INT (pspec)->maximum;
      return TRUE;
    }
  return FALSE;
}

static gboolean
cli_set_uint (CelModel    *model,
              const char  *name,
              guint64      value,
              GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  return cel_model_set_param_string (model, name, text, error);
}

/* Patterns on a Life grid ------------------------------------------------- */

/* The grid extent that holds `size` cells of pattern with a margin around
 * them, within the parameter's range. */
static guint64
cli_fit_extent (guint    size,
                guint64  min,
                guint64  max)
{
  guint64 fit = (guint64) size + 2 * (guint64) MAX (CLI_MIN_MARGIN, size / 2);

  return CLAMP (fit, min, max);
}

/* Sets one grid dimension ("width" or "height") for a pattern of extent
 * `size`: the rule suffix's size when it gives one (grid_size > 0);
 * otherwise, with `always_fit`, the pattern plus its margin, and without it
 * the current size, grown to that when smaller. */
static gboolean
cli_size_for_pattern (CelModel    *model,
                      const char  *name,
                      guint        size,
                      guint        grid_size,
                      gboolean     always_fit,
                      GError     **error)
{
  guint64 min, max, fit;
  g_autofree char *current = NULL;

  if (grid_size > 0)
    return cli_set_uint (model, name, grid_size, error);

  if (!cli_param_range (model, name, &min, &max))
    return TRUE;
  fit = cli_fit_extent (size, min, max);
  current = cel_model_get_param_string (model, name);
  if (!always_fit && g_ascii_strtoull (current, NULL, 10) >= fit)
    return TRUE;
  return cli_set_uint (model, name, fit, error);
}

/* A Life model set up for a pattern: its rule (with Golly's grid suffix
 * deciding topology and size), a grid that holds it, then the user's
 * assignments; reset, with the pattern centred. */
static CelModel *
cli_life_for_pattern (const CelPattern  *pattern,
                      char             **sets,
                      gboolean           always_fit,
                      GError           **error)
{
  g_autoptr(CelModel) model = NULL;
  CelLifeRule rule = { 0 };
  guint width, height;

  model = cel_model_new ("life", error);
  if (model == NULL)
    return NULL;

  if (pattern->rule != NULL)
    {
      g_autofree char *canonical = NULL;

      if (!cel_life_rule_parse (pattern->rule, &rule, error))
        return NULL;
      canonical = cel_life_rule_to_string (&rule, FALSE);
      if (!cel_model_set_param_string (model, "rule", canonical, error))
        return NULL;
      if (rule.grid != CEL_LIFE_GRID_NONE
          && !cel_model_set_param_string (model, "topology",
                                          rule.grid == CEL_LIFE_GRID_TORUS ? "torus" : "bounded",
                                          error))
        return NULL;
    }

  if (!cli_size_for_pattern (model, "width", pattern->width,
                             rule.grid != CEL_LIFE_GRID_NONE ? rule.grid_width : 0,
                             always_fit, error)
      || !cli_size_for_pattern (model, "height", pattern->height,
                                rule.grid != CEL_LIFE_GRID_NONE ? rule.grid_height : 0,
                                always_fit, error)
      || !cli_apply_sets (model, sets, NULL, error))
    return NULL;

  cel_model_reset (model);
  cel_model_get_size (model, &width, &height);
  if (!cel_model_place_pattern (model, pattern,
                                ((gint) width - (gint) pattern->width) / 2,
                                ((gint) height - (gint) pattern->height) / 2,
                                NULL, error))
    return NULL;

  return g_steal_pointer (&model);
}

/* A pattern's comment lines, as an experiment's notes (NULL when none). */
static char *
cli_pattern_notes (const CelPattern *pattern)
{
  GString *notes;

  if (pattern->comments == NULL || pattern->comments->len == 0)
    return NULL;
  notes = g_string_new (NULL);
  for (guint i = 0; i < pattern->comments->len; i++)
    g_string_append_printf (notes, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (pattern->comments, i));
  return g_string_free (notes, FALSE);
}

/* list -------------------------------------------------------------------- */

static int
cli_list (int argc, char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  const CelModelInfo *models;
  guint n_models;
  int status = EXIT_SUCCESS;
  int width = 0;

  if (!cli_parse_options ("list", "",
                          _("Lists the models Cellarium can run: id, title and description."),
                          NULL, entries, &argc, &argv, &status)
      || !cli_expect_args ("list", argc, 0, &status))
    return status;

  models = cel_registry_list (&n_models);
  for (guint i = 0; i < n_models; i++)
    width = MAX (width, (int) strlen (models[i].id));
  for (guint i = 0; i < n_models; i++)
    g_print ("%-*s  %s — %s\n", width, models[i].id,
             _(models[i].title), _(models[i].description));
  return EXIT_SUCCESS;
}

/* describe ---------------------------------------------------------------- */

static const char *
cli_type_name (GParamSpec *pspec)
{
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return _("boolean");
  if (G_IS_PARAM_SPEC_INT (pspec) || G_IS_PARAM_SPEC_INT64 (pspec))
    return _("integer");
  if (G_IS_PARAM_SPEC_UINT (pspec) || G_IS_PARAM_SPEC_UINT64 (pspec))
    return _("non-negative integer");
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    return _("number");
  if (G_IS_PARAM_SPEC_ENUM (pspec))
    return _("choice");
  if (G_IS_PARAM_SPEC_STRING (pspec))
    return _("text");
  return g_type_name (G_PARAM_SPEC_VALUE_TYPE (pspec));
}

static char *
cli_range_text (GParamSpec *pspec)
{
  if (G_IS_PARAM_SPEC_INT (pspec))
    return g_strdup_printf ("%d … %d", G_PARAM_SPEC_INT (pspec)->minimum,
                            G_PARAM_SPEC_INT (pspec)->maximum);
  if (G_IS_PARAM_SPEC_UINT (pspec))
    return g_strdup_printf ("%u … %u", G_PARAM_SPEC_UINT (pspec)->minimum,
                            G_PARAM_SPEC_UINT (pspec)->maximum);
  if (G_IS_PARAM_SPEC_INT64 (pspec))
    return g_strdup_printf ("%" G_GINT64_FORMAT " … %" G_GINT64_FORMAT,
                            G_PARAM_SPEC_INT64 (pspec)->minimum,
                            G_PARAM_SPEC_INT64 (pspec)->maximum);
  if (G_IS_PARAM_SPEC_UINT64 (pspec))
    return g_strdup_printf ("%" G_GUINT64_FORMAT " … %" G_GUINT64_FORMAT,
                            G_PARAM_SPEC_UINT64 (pspec)->minimum,
                            G_PARAM_SPEC_UINT64 (pspec)->maximum);
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      cli_append_double (text, G_PARAM_SPEC_DOUBLE (pspec)->minimum);
      g_string_append (text, " … ");
      cli_append_double (text, G_PARAM_SPEC_DOUBLE (pspec)->maximum);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  return NULL;
}

static void
cli_describe_param (GParamSpec *pspec)
{
  g_autofree char *range = cli_range_text (pspec);
  g_autofree char *default_text =
    cel_param_to_string (pspec, g_param_spec_get_default_value (pspec));
  const char *unit = cel_param_get_unit (pspec);
  const char *group = cel_param_get_group (pspec);

  g_print ("  %s — %s\n", g_param_spec_get_name (pspec), _(g_param_spec_get_nick (pspec)));
  if (g_param_spec_get_blurb (pspec) != NULL)
    g_print ("      %s\n", _(g_param_spec_get_blurb (pspec)));

  g_print ("      %s: %s", _("type"), cli_type_name (pspec));
  if (range != NULL)
    g_print (", %s: %s", _("range"), range);
  g_print (", %s: %s", _("default"), default_text);
  if (unit != NULL)
    g_print (", %s: %s", _("unit"), _(unit));
  g_print ("\n");

  g_print ("      %s: %s, %s: %s\n",
           _("group"), group != NULL ? _(group) : _("none"),
           _("needs reset"), cel_param_needs_reset (pspec) ? _("yes") : _("no"));

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;

      g_print ("      %s:", _("choices"));
      for (guint i = 0; i < klass->n_values; i++)
        g_print ("%s %s (%s)", i > 0 ? "," : "", klass->values[i].value_nick,
                 _(klass->values[i].value_name));
      g_print ("\n");
    }
}

static int
cli_describe (int argc, char **argv)
{
  GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CelModel) model = NULL;
  g_autofree GParamSpec **params = NULL;
  const CelModelInfo *info;
  GPtrArray *series;
  guint n_params = 0, n_fields;
  int status = EXIT_SUCCESS;

  if (!cli_parse_options ("describe", _("MODEL"),
                          _("Describes a model: every parameter with its type, range, default, unit, group and whether changing it needs a reset; the fields it draws and the plot series it records (the columns of “run --csv”)."),
                          NULL, entries, &argc, &argv, &status)
      || !cli_expect_args ("describe", argc, 1, &status))
    return status;

  model = cli_model_new (argv[1], &error);
  if (model == NULL)
    return cli_fail (error);
  info = cel_registry_lookup (argv[1]);

  g_print ("%s — %s\n%s\n\n", info->id, _(info->title), _(info->description));

  g_print ("%s\n", _("Parameters (set with --set NAME=VALUE):"));
  params = cel_model_list_params (model, &n_params);
  for (guint i = 0; i < n_params; i++)
    cli_describe_param (params[i]);

  n_fields = cel_model_get_n_fields (model);
  if (n_fields > 0)
    {
      g_print ("\n%s\n", _("Fields (field 0 is drawn by --png):"));
      for (guint i = 0; i < n_fields; i++)
        {
          const CelFieldInfo *field = cel_model_get_field_info (model, i);

          g_print ("  %u  %s — %s\n", i, field->id, _(field->label));
        }
    }

  series = cel_model_get_series (model);
  if (series->len > 0)
    {
      g_print ("\n%s\n", _("Plot series (line series are the columns of --csv):"));
      for (guint i = 0; i < series->len; i++)
        {
          const CelSeriesInfo *si = cel_series_get_info (g_ptr_array_index (series, i));

          g_print ("  %s — %s%s\n", si->id, _(si->label),
                   si->kind == CEL_PLOT_LINE ? "" : _(" (not in CSV)"));
        }
    }

  return EXIT_SUCCESS;
}

/* run --------------------------------------------------------------------- */

typedef struct {
  GString   *text;
  GPtrArray *series;  /* the model's line series, borrowed */
  guint64   *seen;    /* each series' point count at the last row */
} CliCsv;

static void
cli_csv_init (CliCsv   *csv,
              CelModel *model)
{
  GPtrArray *all = cel_model_get_series (model);

  csv->text = g_string_new ("step");
  csv->series = g_ptr_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      CelSeries *s = g_ptr_array_index (all, i);

      if (cel_series_get_info (s)->kind != CEL_PLOT_LINE)
        continue;
      g_ptr_array_add (csv->series, s);
      g_string_append_printf (csv->text, ",%s", cel_series_get_info (s)->id);
    }
  g_string_append_c (csv->text, '\n');
  csv->seen = g_new0 (guint64, MAX (csv->series->len, 1));
}

static void
cli_csv_clear (CliCsv *csv)
{
  if (csv->text != NULL)
    g_string_free (csv->text, TRUE);
  g_clear_pointer (&csv->series, g_ptr_array_unref);
  g_clear_pointer (&csv->seen, g_free);
}

/* One row for the model's current step: each series' newest value if it
 * recorded one since the previous row, else an empty cell. With `initial`
 * the row is written only if some series already holds a value for the
 * current state (a fresh reset usually has none). */
static void
cli_csv_row (CliCsv   *csv,
             CelModel *model,
             gboolean  initial)
{
  gsize row_start = csv->text->len;
  gboolean any = FALSE;

  g_string_append_printf (csv->text, "%" G_GUINT64_FORMAT, cel_model_get_step (model));
  for (guint i = 0; i < csv->series->len; i++)
    {
      CelSeries *s = g_ptr_array_index (csv->series, i);
      guint64 total = cel_series_get_total (s);
      CelPoint2 last;

      g_string_append_c (csv->text, ',');
      if (total > csv->seen[i] && cel_series_get_last (s, &last))
        {
          cli_append_double (csv->text, last.y);
          csv->seen[i] = total;
          any = TRUE;
        }
    }
  g_string_append_c (csv->text, '\n');

  if (initial && !any)
    g_string_truncate (csv->text, row_start);
}

static void
cli_print_summary (CelModel *model)
{
  g_autoptr(GString) line = g_string_new (NULL);
  GPtrArray *series = cel_model_get_series (model);

  g_string_append_printf (line, "%s %" G_GUINT64_FORMAT, _("step"), cel_model_get_step (model));
  for (guint i = 0; i < series->len; i++)
    {
      CelSeries *s = g_ptr_array_index (series, i);
      CelPoint2 last;

      if (cel_series_get_info (s)->kind != CEL_PLOT_LINE || !cel_series_get_last (s, &last))
        continue;
      g_string_append_printf (line, "  %s ", cel_series_get_info (s)->id);
      cli_append_double (line, last.y);
    }
  g_print ("%s\n", line->str);
}

typedef enum {
  CLI_SOURCE_MODEL,
  CLI_SOURCE_EXPERIMENT,
  CLI_SOURCE_PATTERN,
} CliSource;

/* A registered id (without a path) is a model; otherwise the file's
 * extension decides, and failing that its first character ('{' is JSON). */
static gboolean
cli_classify (const char  *arg,
              CliSource   *source,
              GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (arg, -1);
  g_autofree char *head = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  char buf[256];
  gssize n;

  if (cel_registry_lookup (arg) != NULL)
    {
      *source = CLI_SOURCE_MODEL;
      return TRUE;
    }

  if (!g_file_test (arg, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (arg);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("“%s” is neither a model (see “%s list”) nor an existing file"),
                   display, cli_name);
      return FALSE;
    }

  if (g_str_has_suffix (lower, ".json") || g_str_has_suffix (lower, ".cellarium"))
    {
      *source = CLI_SOURCE_EXPERIMENT;
      return TRUE;
    }
  if (g_str_has_suffix (lower, ".rle") || g_str_has_suffix (lower, ".cells"))
    {
      *source = CLI_SOURCE_PATTERN;
      return TRUE;
    }

  file = g_file_new_for_commandline_arg (arg);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return FALSE;
  n = g_input_stream_read (G_INPUT_STREAM (stream), buf, sizeof buf, NULL, error);
  if (n < 0)
    return FALSE;
  head = g_strstrip (g_strndup (buf, (gsize) n));
  *source = head[0] == '{' ? CLI_SOURCE_EXPERIMENT : CLI_SOURCE_PATTERN;
  return TRUE;
}

/* Builds the model `run` works on, as the help text describes; an
 * experiment's (or pattern's) name and notes come back for --save. */
static CelModel *
cli_run_model (const char  *arg,
               char       **sets,
               const char  *seed,
               char       **name,
               char       **notes,
               GError     **error)
{
  g_autoptr(CelModel) model = NULL;
  CliSource source;

  if (!cli_classify (arg, &source, error))
    return NULL;

  switch (source)
    {
    case CLI_SOURCE_MODEL:
      model = cel_model_new (arg, error);
      if (model == NULL
          || !cli_apply_sets (model, sets, NULL, error)
          || (seed != NULL && !cel_model_set_param_string (model, "seed", seed, error)))
        return NULL;
      cel_model_reset (model);
      break;

    case CLI_SOURCE_EXPERIMENT:
      {
        CelExperiment exp = { NULL, NULL, NULL };
        gboolean needs_reset = FALSE;

        if (!cel_experiment_load (arg, &exp, error))
          return NULL;
        model = g_steal_pointer (&exp.model);
        *name = g_steal_pointer (&exp.name);
        *notes = g_steal_pointer (&exp.notes);
        cel_experiment_clear (&exp);
        if (!cli_apply_sets (model, sets, &needs_reset, error)
            || (seed != NULL && !cel_model_set_param_string (model, "seed", seed, error)))
          return NULL;
        /* Changes that only act at a reset start the run afresh from the
         * parameters (dropping the saved state); the others apply live. */
        if (needs_reset || seed != NULL)
          cel_model_reset (model);
      }
      break;

    case CLI_SOURCE_PATTERN:
    default:
      {
        g_autoptr(CelPattern) pattern = cel_pattern_load (arg, error);
        g_auto(GStrv) all_sets = NULL;
        g_autoptr(GStrvBuilder) builder = NULL;

        if (pattern == NULL)
          return NULL;
        builder = g_strv_builder_new ();
        if (sets != NULL)
          g_strv_builder_addv (builder, (const char **) sets);
        if (seed != NULL)
          {
            g_autofree char *seed_set = g_strconcat ("seed=", seed, NULL);

            g_strv_builder_add (builder, seed_set);
          }
        all_sets = g_strv_builder_end (builder);
        model = cli_life_for_pattern (pattern, all_sets, FALSE, error);
        if (model == NULL)
          return NULL;
        *name = g_strdup (pattern->name);
        *notes = cli_pattern_notes (pattern);
      }
      break;
    }

  return g_steal_pointer (&model);
}

static gboolean
cli_write_png (CelModel    *model,
               guint        scale,
               const char  *path,
               GError     **error)
{
  g_autoptr(CelFrame) frame = NULL;
  const CelFieldInfo *info;

  if (cel_model_get_n_fields (model) == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("the model “%s” has no field to draw"), cel_model_get_id (model));
      return FALSE;
    }
  info = cel_model_get_field_info (model, 0);
  frame = cel_model_render_field (model, 0, NULL);
  return cel_frame_write_png (frame, info->colormap, scale, path, error);
}

/* --target-png / --target-emoji: the target of a neural cellular
 * automaton, fitted inside the grid less the padding. */
static gboolean
cli_nca_target (CelModel    *model,
                const char  *png,
                const char  *emoji,
                gint         padding,
                GError     **error)
{
  g_autofree float *target = NULL;
  guint width, height;

  if (png == NULL && emoji == NULL)
    return TRUE;
  if (!CEL_IS_NCA (model))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("--target-png and --target-emoji need the model “nca”, not “%s”"),
                   cel_model_get_id (model));
      return FALSE;
    }
  if (png != NULL && emoji != NULL)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                           _("give --target-png or --target-emoji, not both"));
      return FALSE;
    }
  cel_model_get_size (model, &width, &height);
  if (!cli_check_range ("--target-padding", padding, 0, (MIN (width, height) - 1) / 2, error))
    return FALSE;
  target = png != NULL
           ? cel_nca_target_from_png (png, width, height, (guint) padding, error)
           : cel_nca_target_from_emoji (emoji, width, height, (guint) padding, error);
  return target != NULL && cel_nca_set_target (CEL_NCA (model), width, height, target, error);
}

static int
cli_run (int argc, char **argv)
{
  g_auto(GStrv) sets = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *save = NULL;
  g_autofree char *png = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *notes = NULL;
  gint64 steps = CLI_DEFAULT_STEPS;
  gint scale = 1;
  gboolean no_state = FALSE;
  g_autofree char *target_png = NULL;
  g_autofree char *target_emoji = NULL;
  gint target_padding = CLI_NCA_TARGET_PADDING;
  g_autofree char *new_name = NULL;
  g_autofree char *new_notes = NULL;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Set a parameter (repeatable)"), N_("NAME=VALUE") },
    { "steps", 'n', 0, G_OPTION_ARG_INT64, &steps,
      N_("Steps to run (default 100)"), N_("N") },
    { "target-png", 0, 0, G_OPTION_ARG_FILENAME, &target_png,
      N_("Neural cellular automata: the target image, from a PNG file"), N_("FILE") },
    { "target-emoji", 0, 0, G_OPTION_ARG_STRING, &target_emoji,
      N_("Neural cellular automata: the target image, an emoji drawn with Noto Color Emoji"), N_("TEXT") },
    { "target-padding", 0, 0, G_OPTION_ARG_INT, &target_padding,
      N_("Empty cells around the target on each side (default 4)"), N_("N") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &new_name,
      N_("The experiment's name in the saved file"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &new_notes,
      N_("The experiment's notes in the saved file"), N_("TEXT") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed,
      N_("Random seed (the same as --set seed=S)"), N_("S") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save,
      N_("Save the experiment at the end"), N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png,
      N_("Write field 0 at the end as a PNG picture"), N_("FILE") },
    { "scale", 0, 0, G_OPTION_ARG_INT, &scale,
      N_("Pixels per cell in the picture (1–64, default 1)"), N_("K") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Write the line plot series, one row per step"), N_("FILE") },
    { "no-state", 0, 0, G_OPTION_ARG_NONE, &no_state,
      N_("Save only the parameters, not the state"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CelModel) model = NULL;
  CliInterrupt interrupt;
  CliProgress progress;
  CliCsv csv = { NULL, NULL, NULL };
  guint64 start_step;
  gboolean cancelled;
  int status = EXIT_SUCCESS;

  if (!cli_parse_options ("run", _("FILE|MODEL"),
                          _("Runs an experiment file, a model by id, or a Life pattern (.rle, .cells) placed centred on a Life grid, and writes what was asked for once the run ends."),
                          _("An experiment file is loaded with its state; --set changes its parameters, "
                            "and a change that needs a reset (or --seed) restarts it from the parameters.\n"
                            "A pattern sets the Life rule (and Golly's :T/:P grid suffix) first; the grid grows "
                            "to hold it; then --set applies, and the pattern is placed at the centre.\n"
                            "--csv writes a header “step,<series…>” and one row per step; a row for the "
                            "starting step comes first when the model has already recorded it.\n"
                            "Outputs are written atomically, and not at all if the run fails or is interrupted."),
                          entries, &argc, &argv, &status)
      || !cli_expect_args ("run", argc, 1, &status))
    return status;

  if (!cli_check_range ("--steps", steps, 0, G_MAXINT64, &error)
      || !cli_check_range ("--scale", scale, 1, 64, &error))
    return cli_fail (error);

  model = cli_run_model (argv[1], sets, seed, &name, &notes, &error);
  if (model == NULL
      || !cli_nca_target (model, target_png, target_emoji, target_padding, &error))
    return cli_fail (error);
  if (new_name != NULL)
    {
      g_free (name);
      name = g_steal_pointer (&new_name);
    }
  if (new_notes != NULL)
    {
      g_free (notes);
      notes = g_steal_pointer (&new_notes);
    }

  if (csv_path != NULL)
    {
      cli_csv_init (&csv, model);
      cli_csv_row (&csv, model, TRUE);
    }

  cli_interrupt_start (&interrupt);
  cli_progress_init (&progress);
  start_step = cel_model_get_step (model);
  for (guint64 i = 0; i < (guint64) steps && error == NULL; i++)
    {
      if (cel_model_step (model, 1, interrupt.cancellable, &error) != 1)
        {
          /* A model that cannot advance further (a completed sweep) ends
           * the run early, and its outputs are still written. */
          if (error == NULL && !g_cancellable_is_cancelled (interrupt.cancellable))
            g_printerr (_("%s: the model finished at step %llu\n"), cli_name,
                        (unsigned long long) cel_model_get_step (model));
          break;
        }
      if (csv_path != NULL)
        cli_csv_row (&csv, model, FALSE);
      cli_progress_update (&progress, cel_model_get_step (model) - start_step, (guint64) steps);
    }
  cli_progress_end (&progress);
  cancelled = g_cancellable_is_cancelled (interrupt.cancellable);
  cli_interrupt_stop (&interrupt);

  if (cancelled)
    status = cli_interrupted ();
  else if (error != NULL)
    status = cli_fail (error);
  else if ((save != NULL && !cel_experiment_save (model, name, notes, !no_state, save, &error))
           || (png != NULL && !cli_write_png (model, (guint) scale, png, &error))
           || (csv_path != NULL
               && !g_file_set_contents (csv_path, csv.text->str, (gssize) csv.text->len, &error)))
    status = cli_fail (error);
  else
    cli_print_summary (model);

  cli_csv_clear (&csv);
  return status;
}

/* bench ------------------------------------------------------------------- */

static void
cli_print_rate (guint        threads,
                guint64      steps,
                guint64      cells,
                double       seconds)
{
  double rate = seconds > 0 ? (double) steps / seconds : INFINITY;

  if (cells == 0)
    g_print (_("threads %u: %llu steps in %.3f s: %.1f steps/s\n"),
             threads, (unsigned long long) steps, seconds, rate);
  else
    g_print (_("threads %u: %llu steps in %.3f s: %.1f steps/s, %.4g cell updates/s\n"),
             threads, (unsigned long long) steps, seconds, rate, rate * (double) cells);
}

/* Cells one step updates: the "width" × "height" parameters where the model
 * has them (a row model such as "eca" has only a width); 0 for the models
 * without a grid of cells (a flow's trajectories, a reservoir's units), whose
 * canvas only lays out or accumulates what a step computes. */
static guint64
cli_cells_per_step (CelModel *model)
{
  g_autofree char *width = NULL;
  g_autofree char *height = NULL;

  if (cel_model_find_param (model, "width") == NULL)
    return 0;
  width = cel_model_get_param_string (model, "width");
  if (cel_model_find_param (model, "height") != NULL)
    height = cel_model_get_param_string (model, "height");
  return g_ascii_strtoull (width, NULL, 10) * (height != NULL ? g_ascii_strtoull (height, NULL, 10) : 1);
}

/* Times cel_model_step on a freshly reset model for each thread count. */
static gboolean
cli_bench_generic (CelModel      *model,
                   guint64        steps,
                   const guint   *threads,
                   guint          n_threads,
                   GCancellable  *cancellable,
                   GError       **error)
{
  for (guint t = 0; t < n_threads; t++)
    {
      gint64 start;
      guint64 done;

      cel_parallel_set_threads (threads[t]);
      cel_model_reset (model);
      start = g_get_monotonic_time ();
      done = cel_model_step (model, steps, cancellable, error);
      if (done != steps)
        {
          if (error != NULL && *error == NULL && !g_cancellable_is_cancelled (cancellable))
            g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                         _("the model stopped after %llu of %llu steps"),
                         (unsigned long long) done, (unsigned long long) steps);
          return FALSE;
        }
      cli_print_rate (cel_parallel_get_threads (), steps, cli_cells_per_step (model),
                      (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
    }
  return TRUE;
}

/* One workload of `bench nca`: batch grids and their target. */
typedef struct {
  const char *name;
  float      *states, *target;
} CliNcaWorkload;

/* Writes the workloads' states ([batch][height][width][channels]) and
 * targets ([height][width][4]), one workload after another, as raw float32
 * in the machine's byte order, to the file at path. */
static gboolean
cli_nca_dump (const char           *path,
              const CliNcaWorkload *workloads,
              guint                 n_workloads,
              gsize                 batch_values,
              gsize                 target_values,
              GError              **error)
{
  g_autoptr(GString) data = g_string_new (NULL);

  for (guint w = 0; w < n_workloads; w++)
    {
      g_string_append_len (data, (const char *) workloads[w].states, batch_values * sizeof (float));
      g_string_append_len (data, (const char *) workloads[w].target, target_values * sizeof (float));
    }
  return g_file_set_contents (path, data->str, data->len, error);
}

/* The neural cellular automaton's training iteration on the canonical
 * configuration (or --size, --steps) on up to three workloads: the batch
 * grown from a seed by a trained network (--grow-from), a disc of live
 * cells the size of a grown creature, and the full grid. */
static int
cli_bench_nca (gint64       size,
               gint64       steps,
               const char  *grow_from,
               const char  *dump_path,
               const guint *thread_counts,
               guint        n_counts)
{
  g_autoptr(GError) error = NULL;
  CelNcaConfig config = {
    .channels = 16, .hidden = 128, .laplacian = FALSE, .torus = FALSE,
    .width = size != 0 ? (guint) size : CLI_NCA_BENCH_SIZE,
    .height = size != 0 ? (guint) size : CLI_NCA_BENCH_SIZE,
    .alive_threshold = 0.1, .fire_rate = 0.5,
  };
  guint n_steps = steps != 0 ? (guint) MIN (steps, 100000) : CLI_NCA_BENCH_STEPS;
  gsize cells, batch_values;
  CliNcaWorkload workloads[3];
  guint n_workloads = 0;
  struct rusage usage;
  int status = EXIT_SUCCESS;

  if (!cli_check_range ("--size", config.width, 8, CEL_NCA_MAX_SIZE, &error))
    return cli_fail (error);
  cells = cel_nca_config_cells (&config);
  batch_values = CLI_NCA_BENCH_BATCH * cells * config.channels;
  g_print (_("nca training on a %u×%u grid, %u channels, %u hidden, batch %u, %u steps, %u iterations\n"),
           config.width, config.height, config.channels, config.hidden,
           CLI_NCA_BENCH_BATCH, n_steps, CLI_NCA_BENCH_ITERATIONS);
  if (grow_from != NULL)
    {
      CelExperiment exp = { NULL, NULL, NULL };
      CliNcaWorkload *grown = &workloads[n_workloads];
      const float *trained_target;
      guint tw, th;
      double loss;
      gboolean ok;

      if (!cel_experiment_load (grow_from, &exp, &error))
        return cli_fail (error);
      if (!CEL_IS_NCA (exp.model))
        {
          g_set_error (&error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("--grow-from needs an experiment of the model “nca”, not “%s”"),
                       cel_model_get_id (exp.model));
          cel_experiment_clear (&exp);
          return cli_fail (error);
        }
      grown->name = _("grown creature");
      grown->states = g_new (float, batch_values);
      grown->target = g_new (float, cells * 4);
      n_workloads++;
      trained_target = cel_nca_get_target (CEL_NCA (exp.model), &tw, &th);
      ok = cel_nca_bench_grow (cel_nca_get_net (CEL_NCA (exp.model)), trained_target, &config,
                               CLI_NCA_BENCH_BATCH, CLI_NCA_BENCH_GROW_STEPS, 1,
                               grown->states, grown->target, &loss, &error);
      cel_experiment_clear (&exp);
      if (!ok)
        {
          status = cli_fail (error);
          goto out;
        }
      g_print (_("grown creature: %u steps from a seed by the network of %s (trained on %u×%u); "
                 "loss against its target %.5f\n"),
               CLI_NCA_BENCH_GROW_STEPS, grow_from, tw, th, loss);
    }
  for (guint full = 0; full <= 1; full++)
    {
      CliNcaWorkload *disc = &workloads[n_workloads++];

      disc->name = full ? _("full grid") : _("creature-sized disc");
      disc->states = g_new (float, batch_values);
      disc->target = g_new (float, cells * 4);
      cel_nca_bench_disc (&config, CLI_NCA_BENCH_BATCH, full, disc->states, disc->target);
    }
  if (dump_path != NULL
      && !cli_nca_dump (dump_path, workloads, n_workloads, batch_values, cells * 4, &error))
    {
      status = cli_fail (error);
      goto out;
    }
  for (guint t = 0; t < n_counts; t++)
    for (guint w = 0; w < n_workloads; w++)
      {
        double seconds, loss;
        gsize peak;

        cel_parallel_set_threads (thread_counts[t]);
        if (!cel_nca_bench (&config, CLI_NCA_BENCH_BATCH, n_steps, CLI_NCA_BENCH_ITERATIONS,
                            workloads[w].states, workloads[w].target, &seconds, &loss, &peak,
                            &error))
          {
            status = cli_fail (error);
            goto out;
          }
        g_print (_("threads %u, %s (%.1f %% of the cells live, loss %.5f): %.3f s per iteration, "
                   "network buffers peak %.1f MiB\n"),
                 cel_parallel_get_threads (), workloads[w].name,
                 cel_nca_live_fraction (&config, CLI_NCA_BENCH_BATCH, workloads[w].states) * 100.0,
                 loss, seconds, peak / 1048576.0);
      }
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    g_print (_("process peak resident memory %.1f MiB\n"), usage.ru_maxrss / 1024.0);
out:
  for (guint w = 0; w < n_workloads; w++)
    {
      g_free (workloads[w].states);
      g_free (workloads[w].target);
    }
  return status;
}

/* `bench snn`: the model's defaults are the Vogels–Abbott COBA benchmark;
 * 1 s of biological time (or `steps`) from the reset. The engine runs on
 * one thread. Not cancellable: Ctrl+C ends the process. */
static int
cli_bench_snn (CelModel *model, gint64 steps, const char *seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dt_text = NULL;
  CelSnn *snn = CEL_SNN (model);
  guint64 spikes, events;
  gint64 start;
  double seconds;

  if (seed != NULL && !cel_model_set_param_string (model, "seed", seed, &error))
    return cli_fail (error);
  dt_text = cel_model_get_param_string (model, "dt");
  if (steps == 0)
    steps = llround (1000.0 / g_ascii_strtod (dt_text, NULL));
  cel_model_reset (model);
  start = g_get_monotonic_time ();
  if (cel_model_step (model, (guint64) steps, NULL, &error) != (guint64) steps)
    {
      if (error == NULL)
        g_set_error (&error, CEL_ERROR, CEL_ERROR_FAILED, _("the model stopped early"));
      return cli_fail (error);
    }
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  spikes = cel_snn_get_spike_count (snn, TRUE) + cel_snn_get_spike_count (snn, FALSE);
  events = cel_snn_get_synaptic_events (snn);
  g_print (_("snn, COBA benchmark network: %.4g ms of biological time (%lld steps) in %.3f s\n"),
           cel_snn_get_time (snn), (long long) steps, seconds);
  g_print (_("%llu spikes (%.4g per second), %llu synaptic events (%.4g per second)\n"),
           (unsigned long long) spikes, seconds > 0 ? spikes / seconds : INFINITY,
           (unsigned long long) events, seconds > 0 ? events / seconds : INFINITY);
  return EXIT_SUCCESS;
}

static int
cli_bench (int argc, char **argv)
{
  gint64 size = 0, steps = 0, threads = 0;
  double density = -1;
  g_autofree char *seed = NULL;
  g_autofree char *grow_from = NULL;
  g_autofree char *dump_states = NULL;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT64, &size,
      N_("Grid width and height in cells (Life default 1024)"), N_("N") },
    { "steps", 'n', 0, G_OPTION_ARG_INT64, &steps,
      N_("Steps to time (default 1000)"), N_("N") },
    { "threads", 't', 0, G_OPTION_ARG_INT64, &threads,
      N_("Compute threads (default: 1 and then all)"), N_("N") },
    { "density", 0, 0, G_OPTION_ARG_DOUBLE, &density,
      N_("Density of the random start (Life default 0.5)"), N_("D") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed,
      N_("Random seed"), N_("S") },
    { "grow-from", 0, 0, G_OPTION_ARG_FILENAME, &grow_from,
      N_("nca: also time a creature grown by the network trained in FILE"), N_("FILE") },
    { "dump-states", 0, 0, G_OPTION_ARG_FILENAME, &dump_states,
      N_("nca: write the start states and targets of the workloads to FILE as raw float32"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CelModel) model = NULL;
  guint thread_counts[2];
  guint n_counts;
  CliInterrupt interrupt;
  gboolean ok, cancelled;
  int status = EXIT_SUCCESS;

  if (!cli_parse_options ("bench", _("MODEL"),
                          _("Times a model's engine and prints steps per second (and cell updates per second for the models on a grid), single-threaded and with every compute thread."),
                          NULL, entries, &argc, &argv, &status)
      || !cli_expect_args ("bench", argc, 1, &status))
    return status;

  if ((size != 0 && !cli_check_range ("--size", size, 1, G_MAXUINT, &error))
      || (steps != 0 && !cli_check_range ("--steps", steps, 1, G_MAXINT64, &error))
      || !cli_check_range ("--threads", threads, 0, 1024, &error))
    return cli_fail (error);

  model = cli_model_new (argv[1], &error);
  if (model == NULL)
    return cli_fail (error);

  if (threads > 0)
    {
      thread_counts[0] = (guint) threads;
      n_counts = 1;
    }
  else
    {
      cel_parallel_set_threads (0);
      thread_counts[0] = 1;
      thread_counts[1] = cel_parallel_get_threads ();
      n_counts = thread_counts[1] > 1 ? 2 : 1;
    }

  if (g_strcmp0 (argv[1], "snn") == 0)
    return cli_bench_snn (model, steps, seed);
  if (g_strcmp0 (argv[1], "life") == 0)
    {
      /* The Life engine's own benchmark: Conway's rule on a torus. It is
       * not cancellable, so Ctrl+C simply ends the process here. */
      guint64 seed_value = 1;
      guint width = size != 0 ? (guint) size : CLI_LIFE_BENCH_SIZE;
      guint64 generations = steps != 0 ? (guint64) steps : CLI_LIFE_BENCH_GENERATIONS;

      if (density < 0)
        density = CLI_LIFE_BENCH_DENSITY;
      if (!cli_check_range ("--steps", (gint64) generations, 1, G_MAXUINT, &error)
          || (seed != NULL
              && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &seed_value, &error)))
        return cli_fail (error);

      g_print (_("Life B3/S23 on a %u×%u torus, density %g, %llu generations\n"),
               width, width, density, (unsigned long long) generations);
      for (guint t = 0; t < n_counts; t++)
        {
          double seconds = 0;

          if (!cel_life_bench (width, width, (guint) generations, density, seed_value,
                               thread_counts[t], &seconds, &error))
            return cli_fail (error);
          cli_print_rate (thread_counts[t], generations, (guint64) width * width, seconds);
        }
      return EXIT_SUCCESS;
    }

  if (g_strcmp0 (argv[1], "nca") == 0)
    return cli_bench_nca (size, steps, grow_from, dump_states, thread_counts, n_counts);

  if ((size != 0 && cel_model_find_param (model, "width") != NULL
       && !cli_set_uint (model, "width", (guint64) size, &error))
      || (size != 0 && cel_model_find_param (model, "height") != NULL
          && !cli_set_uint (model, "height", (guint64) size, &error)))
    return cli_fail (error);
  if (density >= 0 && cel_model_find_param (model, "density") != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      cli_append_double (text, density);
      if (!cel_model_set_param_string (model, "density", text->str, &error))
        return cli_fail (error);
    }
  if (seed != NULL && !cel_model_set_param_string (model, "seed", seed, &error))
    return cli_fail (error);

  if (steps == 0)
    steps = CLI_BENCH_STEPS;
  g_print (_("%s, %lld steps\n"), argv[1], (long long) steps);
  cli_interrupt_start (&interrupt);
  ok = cli_bench_generic (model, (guint64) steps,
                          thread_counts, n_counts, interrupt.cancellable, &error);
  cancelled = g_cancellable_is_cancelled (interrupt.cancellable);
  cli_interrupt_stop (&interrupt);
  if (cancelled)
    return cli_interrupted ();
  if (!ok)
    return cli_fail (error);
  return EXIT_SUCCESS;
}

/* import ------------------------------------------------------------------ */

static char *
cli_default_import_path (const char *pattern_path)
{
  g_autofree char *base = g_strdup (pattern_path);
  char *slash = strrchr (base, '/');
  char *dot = strrchr (base, '.');

  if (dot != NULL && (slash == NULL || dot > slash) && dot != base)
    *dot = '\0';
  return g_strconcat (base, ".cellarium", NULL);
}

static int
cli_import (int argc, char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Experiment file to write (default: the pattern's name with .cellarium)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CelPattern) pattern = NULL;
  g_autoptr(CelModel) model = NULL;
  g_autofree char *notes = NULL;
  int status = EXIT_SUCCESS;

  if (!cli_parse_options ("import", _("PATTERN"),
                          _("Makes an experiment file from a Life pattern (.rle or .cells): a Life grid with the pattern's rule, sized by Golly's :T/:P grid suffix when the rule has one, otherwise to the pattern with a margin, and the pattern placed at the centre."),
                          NULL, entries, &argc, &argv, &status)
      || !cli_expect_args ("import", argc, 1, &status))
    return status;

  if (output == NULL)
    output = cli_default_import_path (argv[1]);

  pattern = cel_pattern_load (argv[1], &error);
  if (pattern == NULL)
    return cli_fail (error);
  model = cli_life_for_pattern (pattern, NULL, TRUE, &error);
  if (model == NULL)
    return cli_fail (error);

  notes = cli_pattern_notes (pattern);
  if (!cel_experiment_save (model, pattern->name, notes, TRUE, output, &error))
    return cli_fail (error);

  g_print ("%s\n", output);
  return EXIT_SUCCESS;
}

/* sweep ------------------------------------------------------------------- */

static int
cli_sweep (int argc, char **argv)
{
  g_autofree char *csv_path = NULL;
  gint64 width = 256, steps = 256;
  g_autofree char *seed = NULL;
  GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("CSV file to write (required)"), N_("FILE") },
    { "width", 'w', 0, G_OPTION_ARG_INT64, &width,
      N_("Cells in the row (default 256)"), N_("W") },
    { "steps", 'n', 0, G_OPTION_ARG_INT64, &steps,
      N_("Steps per rule (default 256)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed,
      N_("Random seed (default 1)"), N_("S") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  guint64 seed_value = 1;
  CliInterrupt interrupt;
  gboolean ok, cancelled;
  int status = EXIT_SUCCESS;

  if (!cli_parse_options ("sweep", "eca",
                          _("Runs all 256 elementary rules from the same random start and writes their measures (density, Lempel–Ziv complexity, block entropy, Lyapunov estimate) as CSV, one row per rule."),
                          NULL, entries, &argc, &argv, &status)
      || !cli_expect_args ("sweep", argc, 1, &status))
    return status;

  if (g_strcmp0 (argv[1], "eca") != 0)
    {
      g_set_error (&error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("sweep: only the “eca” model can be swept, not “%s”"), argv[1]);
      return cli_fail (error);
    }
  if (csv_path == NULL)
    {
      g_autofree char *line = g_strdup_printf (_("sweep: --csv FILE is required (see “%s sweep --help”)"),
                                               cli_name);
      cli_print_error (line);
      return CLI_EXIT_USAGE;
    }
  if (!cli_check_range ("--width", width, 1, G_MAXUINT, &error)
      || !cli_check_range ("--steps", steps, 1, G_MAXUINT, &error)
      || (seed != NULL
          && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &seed_value, &error)))
    return cli_fail (error);

  cli_interrupt_start (&interrupt);
  ok = cel_eca_sweep_write_csv ((guint) width, (guint) steps, seed_value, csv_path,
                                interrupt.cancellable, &error);
  cancelled = g_cancellable_is_cancelled (interrupt.cancellable);
  cli_interrupt_stop (&interrupt);
  if (cancelled)
    return cli_interrupted ();
  if (!ok)
    return cli_fail (error);
  return EXIT_SUCCESS;
}

/* main -------------------------------------------------------------------- */

typedef struct {
  const char *name;
  int       (*func) (int argc, char **argv);
  const char *usage;  /* translatable */
} CliCommand;

static const CliCommand cli_commands[] = {
  { "list",     cli_list,     N_("list                      the models Cellarium can run") },
  { "describe", cli_describe, N_("describe MODEL            a model's parameters, fields and plots") },
  { "run",      cli_run,      N_("run FILE|MODEL [OPTION…]  run an experiment, model or pattern") },
  { "bench",    cli_bench,    N_("bench MODEL [OPTION…]     time a model's engine") },
  { "import",   cli_import,   N_("import PATTERN [-o FILE]  make an experiment from a pattern") },
  { "sweep",    cli_sweep,    N_("sweep eca --csv FILE      measure all 256 elementary rules") },
};

static void
cli_usage (FILE *out)
{
  fprintf (out, _("Usage: %s COMMAND [OPTION…]\n\nCommands:\n"), cli_name);
  for (gsize i = 0; i < G_N_ELEMENTS (cli_commands); i++)
    fprintf (out, "  %s\n", _(cli_commands[i].usage));
  fprintf (out, _("\n“%s COMMAND --help” describes a command's options.\n"), cli_name);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      cli_usage (stderr);
      return CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      cli_usage (stdout);
      return EXIT_SUCCESS;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("%s %s\n", cli_name, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (cli_commands); i++)
    if (strcmp (argv[1], cli_commands[i].name) == 0)
      return cli_commands[i].func (argc - 1, argv + 1);

  {
    g_autofree char *shown = g_utf8_make_valid (argv[1], -1);
    g_autofree char *line = g_strdup_printf (_("unknown command “%s” (see “%s --help”)"),
                                             shown, cli_name);

    cli_print_error (line);
  }
  return CLI_EXIT_USAGE;
}
