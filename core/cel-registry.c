#include "cel-registry.h"

#include "cel-i18n.h"
#include "models/eca/cel-eca.h"
#include "models/life/cel-life.h"

static const CelModelInfo models[] = {
  { "life", N_("Life-like automata"),
    N_("Conway’s Game of Life and every outer-totalistic and Generations rule, on a torus or a bounded grid"),
    cel_life_get_type },
  { "eca", N_("Elementary automata"),
    N_("Wolfram’s 256 one-dimensional rules as space-time diagrams, with complexity and chaos measures"),
    cel_eca_get_type },
};

const CelModelInfo *
cel_registry_list (guint *n_models)
{
  *n_models = G_N_ELEMENTS (models);
  return models;
}

const CelModelInfo *
cel_registry_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_strcmp0 (models[i].id, id) == 0)
      return &models[i];
  return NULL;
}
