/* cel-error.h — the error domain for everything in libcellarium-core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CEL_ERROR (cel_error_quark ())

typedef enum {
  CEL_ERROR_FAILED,
  CEL_ERROR_INVALID_PARAM,   /* unknown parameter, bad value, out of range */
  CEL_ERROR_UNKNOWN_MODEL,
  CEL_ERROR_PARSE,           /* malformed file or text */
  CEL_ERROR_UNSUPPORTED,     /* well-formed but not supported (rule, version) */
  CEL_ERROR_TOO_LARGE,       /* sizes beyond what we accept */
  CEL_ERROR_DIVERGED,        /* the model produced NaN/infinity */
} CelError;

GQuark cel_error_quark (void);

G_END_DECLS
