/* cel-plot-area.h — the plots of a model, one CelPlot per plot id.
 *
 * Fed with each snapshot, it keeps one CelPlot per distinct info->plot of
 * the snapshot's series (in the order the ids first appear), titled by the
 * label of the plot's first series (or the plot id). The plots are reused,
 * with their toggles, while the list of ids stays the same, and rebuilt when
 * it changes (another model). They are stacked along the orientation
 * (vertical by default) in a scrolled window. Each plot's "error" signal is
 * re-emitted as the area's own "error".
 */
#pragma once

#include <gtk/gtk.h>

#include "cel-plot.h"

G_BEGIN_DECLS

#define CEL_TYPE_PLOT_AREA (cel_plot_area_get_type ())

G_DECLARE_FINAL_TYPE (CelPlotArea, cel_plot_area, CEL, PLOT_AREA, GtkWidget)

GtkWidget *cel_plot_area_new          (void);
/* snapshot may be NULL (same as clear). Cheap when nothing changed. */
void       cel_plot_area_set_snapshot (CelPlotArea  *self,
                                       CelSnapshot  *snapshot);
/* Removes every plot. */
void       cel_plot_area_clear        (CelPlotArea  *self);

/* Also the "n-plots" property, notified when it changes. */
guint      cel_plot_area_get_n_plots  (CelPlotArea  *self);
CelPlot   *cel_plot_area_get_plot     (CelPlotArea  *self,
                                       guint         index);

G_END_DECLS
