#include "cel-param.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "cel-error.h"
#include "cel-i18n.h"

typedef struct {
  const char    *group;
  const char    *unit;
  CelParamFlags  flags;
} CelParamMeta;

G_DEFINE_QUARK (cel-param-meta, meta)

GParamSpec *
cel_param_meta (GParamSpec    *pspec,
                const char    *group,
                const char    *unit,
                CelParamFlags  flags)
{
  CelParamMeta *meta = g_new0 (CelParamMeta, 1);

  meta->group = group;
  meta->unit = unit;
  meta->flags = flags;
  g_param_spec_set_qdata_full (pspec, meta_quark (), meta, g_free);
  return pspec;
}

static const CelParamMeta *
get_meta (GParamSpec *pspec)
{
  return g_param_spec_get_qdata (pspec, meta_quark ());
}

gboolean
cel_param_is_param (GParamSpec *pspec)
{
  return get_meta (pspec) != NULL;
}

const char *
cel_param_get_group (GParamSpec *pspec)
{
  const CelParamMeta *meta = get_meta (pspec);

  return meta ? meta->group : NULL;
}

const char *
cel_param_get_unit (GParamSpec *pspec)
{
  const CelParamMeta *meta = get_meta (pspec);

  return meta ? meta->unit : NULL;
}

gboolean
cel_param_needs_reset (GParamSpec *pspec)
{
  const CelParamMeta *meta = get_meta (pspec);

  return meta && (meta->flags & CEL_PARAM_NEEDS_RESET);
}

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

GParamSpec *
cel_param_double (const char    *name,
                  const char    *label,
                  const char    *blurb,
                  double         min,
                  double         max,
                  double         value,
                  const char    *group,
                  const char    *unit,
                  CelParamFlags  flags)
{
  return cel_param_meta (g_param_spec_double (name, label, blurb, min, max, value, PARAM_FLAGS),
                         group, unit, flags);
}

GParamSpec *
cel_param_uint (const char    *name,
                const char    *label,
                const char    *blurb,
                guint          min,
                guint          max,
                guint          value,
                const char    *group,
                const char    *unit,
                CelParamFlags  flags)
{
  return cel_param_meta (g_param_spec_uint (name, label, blurb, min, max, value, PARAM_FLAGS),
                         group, unit, flags);
}

GParamSpec *
cel_param_enum (const char    *name,
                const char    *label,
                const char    *blurb,
                GType          enum_type,
                gint           value,
                const char    *group,
                CelParamFlags  flags)
{
  return cel_param_meta (g_param_spec_enum (name, label, blurb, enum_type, value, PARAM_FLAGS),
                         group, NULL, flags);
}

void
cel_param_get_member (GParamSpec    *pspec,
                      gconstpointer  member,
                      GValue        *value)
{
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    g_value_set_double (value, *(const double *) member);
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    g_value_set_uint (value, *(const guint *) member);
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    g_value_set_enum (value, *(const gint *) member);
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    g_value_set_boolean (value, *(const gboolean *) member);
  else
    g_critical ("%s: parameter %s of type %s is not stored in a member", G_STRFUNC,
                g_param_spec_get_name (pspec), g_type_name (G_PARAM_SPEC_VALUE_TYPE (pspec)));
}

gboolean
cel_param_set_member (GParamSpec   *pspec,
                      gpointer      member,
                      const GValue *value)
{
  gboolean changed = FALSE;

  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      double v = g_value_get_double (value);
      changed = *(double *) member != v;
      *(double *) member = v;
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      guint v = g_value_get_uint (value);
      changed = *(guint *) member != v;
      *(guint *) member = v;
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      gint v = g_value_get_enum (value);
      changed = *(gint *) member != v;
      *(gint *) member = v;
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      gboolean v = g_value_get_boolean (value);
      changed = *(gboolean *) member != v;
      *(gboolean *) member = v;
    }
  else
    g_critical ("%s: parameter %s of type %s is not stored in a member", G_STRFUNC,
                g_param_spec_get_name (pspec), g_type_name (G_PARAM_SPEC_VALUE_TYPE (pspec)));
  return changed;
}

static gboolean
range_error (GParamSpec *pspec, const char *value, const char *min, const char *max, GError **error)
{
  g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
               _("%s: %s is outside the allowed range %s … %s"),
               g_param_spec_get_name (pspec), value, min, max);
  return FALSE;
}

gboolean
cel_param_check (GParamSpec *pspec, const GValue *value, GError **error)
{
  GType vt = G_PARAM_SPEC_VALUE_TYPE (pspec);
  char a[64], b[64], c[64];

  if (!G_VALUE_HOLDS (value, vt))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("%s: expected a value of type %s, got %s"),
                   g_param_spec_get_name (pspec), g_type_name (vt),
                   g_type_name (G_VALUE_TYPE (value)));
      return FALSE;
    }

  if (G_IS_PARAM_SPEC_INT (pspec))
    {
      GParamSpecInt *p = G_PARAM_SPEC_INT (pspec);
      gint v = g_value_get_int (value);
      if (v < p->minimum || v > p->maximum)
        {
          g_snprintf (a, sizeof a, "%d", v);
          g_snprintf (b, sizeof b, "%d", p->minimum);
          g_snprintf (c, sizeof c, "%d", p->maximum);
          return range_error (pspec, a, b, c, error);
        }
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      GParamSpecUInt *p = G_PARAM_SPEC_UINT (pspec);
      guint v = g_value_get_uint (value);
      if (v < p->minimum || v > p->maximum)
        {
          g_snprintf (a, sizeof a, "%u", v);
          g_snprintf (b, sizeof b, "%u", p->minimum);
          g_snprintf (c, sizeof c, "%u", p->maximum);
          return range_error (pspec, a, b, c, error);
        }
    }
  else if (G_IS_PARAM_SPEC_INT64 (pspec))
    {
      GParamSpecInt64 *p = G_PARAM_SPEC_INT64 (pspec);
      gint64 v = g_value_get_int64 (value);
      if (v < p->minimum || v > p->maximum)
        {
          g_snprintf (a, sizeof a, "%" G_GINT64_FORMAT, v);
          g_snprintf (b, sizeof b, "%" G_GINT64_FORMAT, p->minimum);
          g_snprintf (c, sizeof c, "%" G_GINT64_FORMAT, p->maximum);
          return range_error (pspec, a, b, c, error);
        }
    }
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      GParamSpecUInt64 *p = G_PARAM_SPEC_UINT64 (pspec);
      guint64 v = g_value_get_uint64 (value);
      if (v < p->minimum || v > p->maximum)
        {
          g_snprintf (a, sizeof a, "%" G_GUINT64_FORMAT, v);
          g_snprintf (b, sizeof b, "%" G_GUINT64_FORMAT, p->minimum);
          g_snprintf (c, sizeof c, "%" G_GUINT64_FORMAT, p->maximum);
          return range_error (pspec, a, b, c, error);
        }
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      GParamSpecDouble *p = G_PARAM_SPEC_DOUBLE (pspec);
      double v = g_value_get_double (value);
      if (!isfinite (v))
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("%s: the value must be a finite number"),
                       g_param_spec_get_name (pspec));
          return FALSE;
        }
      if (v < p->minimum || v > p->maximum)
        {
          g_snprintf (a, sizeof a, "%g", v);
          g_snprintf (b, sizeof b, "%g", p->minimum);
          g_snprintf (c, sizeof c, "%g", p->maximum);
          return range_error (pspec, a, b, c, error);
        }
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      if (g_enum_get_value (klass, g_value_get_enum (value)) == NULL)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("%s: %d is not one of the choices"),
                       g_param_spec_get_name (pspec), g_value_get_enum (value));
          return FALSE;
        }
    }
  else if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      const char *s = g_value_get_string (value);
      if (s == NULL || !g_utf8_validate (s, -1, NULL))
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("%s: the text is missing or not valid UTF-8"),
                       g_param_spec_get_name (pspec));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_error (GParamSpec *pspec, const char *text, const char *expected, GError **error)
{
  g_autofree char *shown = g_utf8_make_valid (text, MIN (strlen (text), 64));

  g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
               _("%s: “%s” is not %s"), g_param_spec_get_name (pspec), shown, expected);
  return FALSE;
}

gboolean
cel_param_parse (GParamSpec  *pspec,
                 const char  *text,
                 GValue      *out,
                 GError     **error)
{
  GType vt = G_PARAM_SPEC_VALUE_TYPE (pspec);
  g_autofree char *t = g_strstrip (g_strdup (text));
  char *end = NULL;

  g_value_init (out, vt);

  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      if (g_ascii_strcasecmp (t, "true") == 0 || g_strcmp0 (t, "1") == 0
          || g_ascii_strcasecmp (t, "yes") == 0 || g_ascii_strcasecmp (t, "on") == 0)
        g_value_set_boolean (out, TRUE);
      else if (g_ascii_strcasecmp (t, "false") == 0 || g_strcmp0 (t, "0") == 0
               || g_ascii_strcasecmp (t, "no") == 0 || g_ascii_strcasecmp (t, "off") == 0)
        g_value_set_boolean (out, FALSE);
      else
        goto fail_bool;
    }
  else if (G_IS_PARAM_SPEC_INT (pspec) || G_IS_PARAM_SPEC_INT64 (pspec))
    {
      gint64 v;
      errno = 0;
      v = g_ascii_strtoll (t, &end, 10);
      if (*t == '\0' || *end != '\0' || errno != 0)
        goto fail_int;
      if (G_IS_PARAM_SPEC_INT (pspec))
        {
          if (v < G_MININT || v > G_MAXINT)
            goto fail_int;
          g_value_set_int (out, (gint) v);
        }
      else
        g_value_set_int64 (out, v);
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec) || G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      guint64 v;
      errno = 0;
      if (*t == '-' || *t == '\0')
        goto fail_uint;
      v = g_ascii_strtoull (t, &end, 10);
      if (*end != '\0' || errno != 0)
        goto fail_uint;
      if (G_IS_PARAM_SPEC_UINT (pspec))
        {
          if (v > G_MAXUINT)
            goto fail_uint;
          g_value_set_uint (out, (guint) v);
        }
      else
        g_value_set_uint64 (out, v);
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      double v;
      errno = 0;
      v = g_ascii_strtod (t, &end);
      if (*t == '\0' || *end != '\0' || errno == ERANGE)
        goto fail_double;
      g_value_set_double (out, v);
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      GEnumValue *ev = g_enum_get_value_by_nick (klass, t);
      if (ev == NULL)
        {
          g_autoptr (GString) choices = g_string_new (NULL);
          for (guint i = 0; i < klass->n_values; i++)
            g_string_append_printf (choices, "%s%s", i ? ", " : "", klass->values[i].value_nick);
          g_value_unset (out);
          g_autofree char *shown = g_utf8_make_valid (t, MIN (strlen (t), 64));
          g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                       _("%s: “%s” is not one of: %s"),
                       g_param_spec_get_name (pspec), shown, choices->str);
          return FALSE;
        }
      g_value_set_enum (out, ev->value);
    }
  else if (G_IS_PARAM_SPEC_STRING (pspec))
    g_value_set_string (out, t);
  else
    {
      g_value_unset (out);
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("%s: parameters of type %s cannot be set from text"),
                   g_param_spec_get_name (pspec), g_type_name (vt));
      return FALSE;
    }

  if (!cel_param_check (pspec, out, error))
    {
      g_value_unset (out);
      return FALSE;
    }
  return TRUE;

fail_bool:
  g_value_unset (out);
  return parse_error (pspec, text, _("true or false"), error);
fail_int:
  g_value_unset (out);
  return parse_error (pspec, text, _("a whole number"), error);
fail_uint:
  g_value_unset (out);
  return parse_error (pspec, text, _("a non-negative whole number"), error);
fail_double:
  g_value_unset (out);
  return parse_error (pspec, text, _("a number"), error);
}

char *
cel_param_to_string (GParamSpec *pspec, const GValue *value)
{
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return g_strdup (g_value_get_boolean (value) ? "true" : "false");
  if (G_VALUE_HOLDS_INT (value))
    return g_strdup_printf ("%d", g_value_get_int (value));
  if (G_VALUE_HOLDS_UINT (value))
    return g_strdup_printf ("%u", g_value_get_uint (value));
  if (G_VALUE_HOLDS_INT64 (value))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
  if (G_VALUE_HOLDS_UINT64 (value))
    return g_strdup_printf ("%" G_GUINT64_FORMAT, g_value_get_uint64 (value));
  if (G_VALUE_HOLDS_DOUBLE (value))
    {
      /* The shortest of %.15g … %.17g that reads back exactly: 0.3, not
       * 0.29999999999999999. */
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double v = g_value_get_double (value);
      for (int digits = 15; digits < 17; digits++)
        {
          char format[8];
          g_snprintf (format, sizeof format, "%%.%dg", digits);
          g_ascii_formatd (buf, sizeof buf, format, v);
          if (g_ascii_strtod (buf, NULL) == v)
            return g_strdup (buf);
        }
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
    }
  if (G_VALUE_HOLDS_ENUM (value))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      GEnumValue *ev = g_enum_get_value (klass, g_value_get_enum (value));
      return g_strdup (ev ? ev->value_nick : "");
    }
  if (G_VALUE_HOLDS_STRING (value))
    return g_strdup (g_value_get_string (value) ? g_value_get_string (value) : "");
  return g_strdup ("");
}

void
cel_param_get_property (GObject       *object,
                        guint          prop_id,
                        gconstpointer  member,
                        GValue        *value,
                        GParamSpec    *pspec)
{
  if (member == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    cel_param_get_member (pspec, member, value);
}

void
cel_param_set_property (GObject       *object,
                        guint          prop_id,
                        gpointer       member,
                        const GValue  *value,
                        GParamSpec    *pspec)
{
  if (member == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (cel_param_set_member (pspec, member, value))
    g_object_notify_by_pspec (object, pspec);
}

GType
cel_param_register_enum (gsize *type, const char *name, const GEnumValue *values)
{
  if (g_once_init_enter (type))
    g_once_init_leave (type, g_enum_register_static (g_intern_static_string (name), values));
  return *type;
}
