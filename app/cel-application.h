/* cel-application.h — the Cellarium application: actions, accelerators,
 * settings that apply app-wide (colour scheme, compute threads). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CEL_TYPE_APPLICATION (cel_application_get_type ())
G_DECLARE_FINAL_TYPE (CelApplication, cel_application, CEL, APPLICATION, AdwApplication)

CelApplication *cel_application_new (void);

G_END_DECLS
