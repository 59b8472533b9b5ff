/* cel-param.h — parameter declarations.
 *
 * A model declares its parameters as GObject properties (GParamSpec: name,
 * nick = translatable label, blurb = translatable description, type, range,
 * default). Cellarium's extra metadata — group, unit, whether a change needs a
 * reset — rides on the GParamSpec as qdata, set with cel_param_meta(). The CLI's
 * `--set`, the experiment file format and the window's parameter panel are all
 * generated from these declarations.
 *
 * Supported value types: gboolean, gint, guint, gint64, guint64, gdouble, enums
 * (GParamSpecEnum; a value's nick is its file/CLI spelling, its name the
 * translatable label) and strings (validated by the model's validate vfunc).
 * Labels and descriptions are marked with N_() and translated at display time
 * with g_dgettext (GETTEXT_PACKAGE, …).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CEL_PARAM_NONE        = 0,
  /* Takes effect at the next reset (e.g. grid size); the others apply live. */
  CEL_PARAM_NEEDS_RESET = 1 << 0,
} CelParamFlags;

/* Attaches metadata to pspec and returns it, so declarations read as one
 * expression. group and unit are static strings (unit may be NULL). */
GParamSpec   *cel_param_meta          (GParamSpec    *pspec,
                                       const char    *group,
                                       const char    *unit,
                                       CelParamFlags  flags);
const char   *cel_param_get_group     (GParamSpec    *pspec);
const char   *cel_param_get_unit      (GParamSpec    *pspec);
gboolean      cel_param_needs_reset   (GParamSpec    *pspec);
/* True for the properties Cellarium treats as model parameters (those with
 * metadata attached). */
gboolean      cel_param_is_param      (GParamSpec    *pspec);

/* A model parameter: a read-write property with static strings and explicit
 * notification (the setter notifies only on a change), carrying the metadata
 * of cel_param_meta(). */
GParamSpec   *cel_param_double        (const char    *name,
                                       const char    *label,
                                       const char    *blurb,
                                       double         min,
                                       double         max,
                                       double         value,
                                       const char    *group,
                                       const char    *unit,
                                       CelParamFlags  flags);
GParamSpec   *cel_param_uint          (const char    *name,
                                       const char    *label,
                                       const char    *blurb,
                                       guint          min,
                                       guint          max,
                                       guint          value,
                                       const char    *group,
                                       const char    *unit,
                                       CelParamFlags  flags);
GParamSpec   *cel_param_enum          (const char    *name,
                                       const char    *label,
                                       const char    *blurb,
                                       GType          enum_type,
                                       gint           value,
                                       const char    *group,
                                       CelParamFlags  flags);

/* Property accessors for a parameter stored in a struct member: a double,
 * guint, gboolean, or an enum held as gint, as the pspec's type says. The
 * model's get_property/set_property find the member and call these;
 * cel_param_set_member returns whether the stored value changed, so the
 * caller notifies only then. */
void          cel_param_get_member    (GParamSpec    *pspec,
                                       gconstpointer  member,
                                       GValue        *value);
gboolean      cel_param_set_member    (GParamSpec    *pspec,
                                       gpointer       member,
                                       const GValue  *value);
/* Registers, once, the enum type of a model's choice parameter: `type` is
 * the caller's static, `values` its static, NULL-terminated table. */
GType         cel_param_register_enum (gsize            *type,
                                       const char       *name,
                                       const GEnumValue *values);
/* A model's whole GObject get_property/set_property, given the member that
 * holds prop_id (NULL for an id the model does not know, reported as GObject
 * does); setting notifies when the stored value changed. */
void          cel_param_get_property  (GObject       *object,
                                       guint          prop_id,
                                       gconstpointer  member,
                                       GValue        *value,
                                       GParamSpec    *pspec);
void          cel_param_set_property  (GObject       *object,
                                       guint          prop_id,
                                       gpointer       member,
                                       const GValue  *value,
                                       GParamSpec    *pspec);

/* Parses text ("0.5", "true", "torus", "B3/S23") into a GValue of the
 * pspec's type, checking range and rejecting NaN/infinity. The model's own
 * validation (e.g. rule syntax) is applied separately by cel_model_set_param. */
gboolean      cel_param_parse         (GParamSpec    *pspec,
                                       const char    *text,
                                       GValue        *out,
                                       GError       **error);
/* Checks a GValue of the right type against the pspec's range; a clear
 * error naming the parameter otherwise. */
gboolean      cel_param_check         (GParamSpec    *pspec,
                                       const GValue  *value,
                                       GError       **error);
/* Text form of a value, the inverse of cel_param_parse. */
char         *cel_param_to_string     (GParamSpec    *pspec,
                                       const GValue  *value);

G_END_DECLS
