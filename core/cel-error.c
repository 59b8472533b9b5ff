#include "cel-error.h"

G_DEFINE_QUARK (cel-error-quark, cel_error)
