/* cel-reservoir-io.h — arrays of doubles in the reservoir's saved state:
 * IEEE 754 little-endian, through cel-blob. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void     cel_reservoir_add_doubles (JsonBuilder   *builder,
                                    const char    *member,
                                    const double  *values,
                                    gsize          n);
/* Reads exactly n values into out; every one must be finite. Errors name
 * the member. */
gboolean cel_reservoir_get_doubles (JsonObject    *state,
                                    const char    *member,
                                    double        *out,
                                    gsize          n,
                                    GError       **error);

G_END_DECLS
