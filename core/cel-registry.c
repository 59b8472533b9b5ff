#include "cel-registry.h"

#include "cel-i18n.h"
#include "models/eca/cel-eca.h"
#include "models/flows/cel-flows.h"
#include "models/kuramoto/cel-kuramoto.h"
#include "models/life/cel-life.h"
#include "models/maps/cel-maps.h"
#include "models/nca/cel-nca.h"
#include "models/reservoir/cel-reservoir.h"
#include "models/snn/cel-snn.h"

static const CelModelInfo models[] = {
  { "life", N_("Life-like automata"),
    N_("Conway’s Game of Life and every outer-totalistic and Generations rule, on a torus or a bounded grid"),
    cel_life_get_type },
  { "eca", N_("Elementary automata"),
    N_("Wolfram’s 256 one-dimensional rules as space-time diagrams, with complexity and chaos measures"),
    cel_eca_get_type },
  { "maps", N_("Neuron maps"),
    N_("Chialvo and Rulkov map neurons, alone or coupled in rings, stars and lattices, with the logistic map for reference; bifurcation diagrams and tests for chaos"),
    cel_maps_get_type },
  { "flows", N_("Chaotic flows"),
    N_("The Lorenz and Rössler attractors, integrated with Runge–Kutta from random or painted starts, with Lyapunov exponents and tests for chaos"),
    cel_flows_get_type },
  { "kuramoto", N_("Kuramoto oscillators"),
    N_("Phase oscillators that synchronise: all-to-all through the mean field, or on a lattice where painted phases seed travelling and spiral waves"),
    cel_kuramoto_get_type },
  { "reservoir", N_("Reservoir computing"),
    N_("An echo state network whose trained readout predicts Lorenz and Mackey–Glass, solves NARMA-10 and measures memory capacity, with an optional adaptive excitation–inhibition balance"),
    cel_reservoir_get_type },
  { "snn", N_("Spiking networks"),
    N_("Networks of excitatory and inhibitory integrate-and-fire or Izhikevich neurons, with delays, Poisson drive, STDP and a liquid-state readout of handwritten digits, watched through live spike rasters"),
    cel_snn_get_type },
  { "nca", N_("Neural cellular automata"),
    N_("Cells that run a small neural network learn to grow a target image from one seed, and to regrow it when cut"),
    cel_nca_get_type },
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
