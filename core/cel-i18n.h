/* cel-i18n.h — gettext for core: strings are marked with _() / N_() and
 * looked up in the "cellarium" domain. */
#pragma once

#ifndef GETTEXT_PACKAGE
#define GETTEXT_PACKAGE "cellarium"
#endif
#include <glib/gi18n-lib.h>
