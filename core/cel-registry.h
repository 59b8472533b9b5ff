/* cel-registry.h — the model types Cellarium knows. Adding a model means a
 * folder under core/models/ and one line in cel-registry.c. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  const char *id;           /* "life" */
  const char *title;        /* translatable (N_()) */
  const char *description;  /* translatable, one line */
  GType     (*get_type) (void);
} CelModelInfo;

const CelModelInfo *cel_registry_list   (guint *n_models);
const CelModelInfo *cel_registry_lookup (const char *id);

G_END_DECLS
