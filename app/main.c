/* cellarium — the laboratory window. */
#include <glib/gi18n.h>
#include <locale.h>

#include "cel-application.h"
#include "cel-config.h"

int
main (int argc, char **argv)
{
  g_autoptr (CelApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cel_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
