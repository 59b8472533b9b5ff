/* cel-experiment.h — experiment files.
 *
 * An experiment file is a JSON object:
 *   {
 *     "format": "cellarium-experiment",
 *     "version": 1,
 *     "model": "life",
 *     "name": "…", "notes": "…",               (optional)
 *     "parameters": { "rule": "B3/S23", … },     every declared parameter, as text
 *     "state": { … }                             optional: cel_model_save_state()
 *   }
 * Plot history travels inside "state" ("series").
 * Saving is atomic (temporary file + rename). Loading validates every member;
 * errors name the member and the problem (CEL_ERROR_PARSE, _UNSUPPORTED,
 * _UNKNOWN_MODEL, _INVALID_PARAM, _TOO_LARGE).
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

#define CEL_EXPERIMENT_FORMAT  "cellarium-experiment"
#define CEL_EXPERIMENT_VERSION 1
/* Files larger than this are refused before reading. */
#define CEL_EXPERIMENT_MAX_BYTES ((gsize) 512 * 1024 * 1024)

typedef struct {
  CelModel *model;
  char     *name;    /* may be NULL */
  char     *notes;   /* may be NULL */
} CelExperiment;

void      cel_experiment_clear     (CelExperiment *exp);

JsonNode *cel_experiment_to_json   (CelModel      *model,
                                    const char    *name,
                                    const char    *notes,
                                    gboolean       with_state);
char     *cel_experiment_to_data   (CelModel      *model,
                                    const char    *name,
                                    const char    *notes,
                                    gboolean       with_state,
                                    gsize         *length);
gboolean  cel_experiment_save      (CelModel      *model,
                                    const char    *name,
                                    const char    *notes,
                                    gboolean       with_state,
                                    const char    *path,
                                    GError       **error);

/* On success fills exp (model reset from the parameters, then the state
 * loaded when present). */
gboolean  cel_experiment_load_data (const char    *data,
                                    gsize          length,
                                    CelExperiment *exp,
                                    GError       **error);
gboolean  cel_experiment_load      (const char    *path,
                                    CelExperiment *exp,
                                    GError       **error);

G_END_DECLS
