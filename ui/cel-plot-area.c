/* cel-plot-area.c — one CelPlot per plot id of a snapshot. */
#include "cel-plot-area.h"

struct _CelPlotArea
{
  GtkWidget       parent_instance;

  GtkWidget      *scroller;
  GtkWidget      *box;
  GtkOrientation  orientation;

  GPtrArray      *plots;      /* CelPlot*, children of box */
  GPtrArray      *plot_ids;   /* char*, one per plot */
  CelSnapshot    *snapshot;
};

static void cel_plot_area_orientable_init (GtkOrientableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CelPlotArea, cel_plot_area, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE,
                                                      cel_plot_area_orientable_init))

enum {
  PROP_0,
  PROP_N_PLOTS,
  N_PROPS,
  PROP_ORIENTATION = N_PROPS,
};

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
cel_plot_area_orientable_init (GtkOrientableIface *iface)
{
}

static void
plot_error (CelPlot     *plot,
            const char  *message,
            CelPlotArea *self)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

static void
remove_plots (CelPlotArea *self)
{
  guint n = self->plots->len;

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *plot = g_ptr_array_index (self->plots, i);

      g_signal_handlers_disconnect_by_func (plot, plot_error, self);
      gtk_box_remove (GTK_BOX (self->box), plot);
    }
  g_ptr_array_set_size (self->plots, 0);
  g_ptr_array_set_size (self->plot_ids, 0);
  if (n > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PLOTS]);
}

static const char *
plot_title (CelSnapshot *snapshot, const char *plot_id)
{
  for (guint i = 0; i < snapshot->series->len; i++)
    {
      const CelSeriesInfo *info = cel_series_get_info (g_ptr_array_index (snapshot->series, i));

      if (g_strcmp0 (info->plot, plot_id) == 0)
        return g_dgettext (GETTEXT_PACKAGE, cel_series_info_plot_title (info));
    }
  return plot_id;
}

/* The distinct plot ids of the snapshot's series, in order of appearance
 * (borrowed from the series). Series without a plot id are not drawn. */
static GPtrArray *
collect_plot_ids (CelSnapshot *snapshot)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; snapshot->series != NULL && i < snapshot->series->len; i++)
    {
      const char *plot = cel_series_get_info (g_ptr_array_index (snapshot->series, i))->plot;

      if (plot != NULL && !g_ptr_array_find_with_equal_func (ids, plot, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) plot);
    }
  return ids;
}

static gboolean
same_ids (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

void
cel_plot_area_set_snapshot (CelPlotArea *self,
                            CelSnapshot *snapshot)
{
  g_autoptr (GPtrArray) ids = NULL;

  g_return_if_fail (CEL_IS_PLOT_AREA (self));

  if (snapshot == NULL)
    {
      cel_plot_area_clear (self);
      return;
    }
  if (snapshot == self->snapshot)
    return;

  cel_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, cel_snapshot_unref);
  self->snapshot = snapshot;

  ids = collect_plot_ids (snapshot);
  if (!same_ids (ids, self->plot_ids))
    {
      remove_plots (self);
      for (guint i = 0; i < ids->len; i++)
        {
          const char *id = g_ptr_array_index (ids, i);
          GtkWidget *plot = cel_plot_new (id);

          g_signal_connect (plot, "error", G_CALLBACK (plot_error), self);
          gtk_box_append (GTK_BOX (self->box), plot);
          g_ptr_array_add (self->plots, plot);
          g_ptr_array_add (self->plot_ids, g_strdup (id));
        }
      if (ids->len > 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PLOTS]);
    }

  for (guint i = 0; i < self->plots->len; i++)
    {
      CelPlot *plot = g_ptr_array_index (self->plots, i);

      cel_plot_set_title (plot, plot_title (snapshot, g_ptr_array_index (self->plot_ids, i)));
      cel_plot_set_series (plot, snapshot->series);
    }
}

void
cel_plot_area_clear (CelPlotArea *self)
{
  g_return_if_fail (CEL_IS_PLOT_AREA (self));

  remove_plots (self);
  g_clear_pointer (&self->snapshot, cel_snapshot_unref);
}

guint
cel_plot_area_get_n_plots (CelPlotArea *self)
{
  g_return_val_if_fail (CEL_IS_PLOT_AREA (self), 0);

  return self->plots->len;
}

CelPlot *
cel_plot_area_get_plot (CelPlotArea *self,
                        guint        index)
{
  g_return_val_if_fail (CEL_IS_PLOT_AREA (self), NULL);
  g_return_val_if_fail (index < self->plots->len, NULL);

  return g_ptr_array_index (self->plots, index);
}

static void
set_orientation (CelPlotArea    *self,
                 GtkOrientation  orientation)
{
  if (self->orientation == orientation)
    return;
  self->orientation = orientation;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->box), orientation);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                    GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  else
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                    GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  g_object_notify (G_OBJECT (self), "orientation");
}

static void
cel_plot_area_dispose (GObject *object)
{
  CelPlotArea *self = CEL_PLOT_AREA (object);

  if (self->scroller != NULL)
    {
      remove_plots (self);
      g_clear_pointer (&self->scroller, gtk_widget_unparent);
      self->box = NULL;
    }
  g_clear_pointer (&self->snapshot, cel_snapshot_unref);

  G_OBJECT_CLASS (cel_plot_area_parent_class)->dispose (object);
}

static void
cel_plot_area_finalize (GObject *object)
{
  CelPlotArea *self = CEL_PLOT_AREA (object);

  g_ptr_array_unref (self->plots);
  g_ptr_array_unref (self->plot_ids);

  G_OBJECT_CLASS (cel_plot_area_parent_class)->finalize (object);
}

static void
cel_plot_area_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CelPlotArea *self = CEL_PLOT_AREA (object);

  switch (prop_id)
    {
    case PROP_N_PLOTS:
      g_value_set_uint (value, self->plots->len);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_plot_area_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CelPlotArea *self = CEL_PLOT_AREA (object);

  switch (prop_id)
    {
    case PROP_ORIENTATION:
      set_orientation (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cel_plot_area_class_init (CelPlotAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cel_plot_area_dispose;
  object_class->finalize = cel_plot_area_finalize;
  object_class->get_property = cel_plot_area_get_property;
  object_class->set_property = cel_plot_area_set_property;

  properties[PROP_N_PLOTS] =
    g_param_spec_uint ("n-plots", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ORIENTATION, "orientation");

  /**
   * CelPlotArea::error:
   * @message: what went wrong, ready to show
   *
   * One of the plots failed to export.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plotarea");
}

static void
cel_plot_area_init (CelPlotArea *self)
{
  self->plots = g_ptr_array_new ();
  self->plot_ids = g_ptr_array_new_with_free_func (g_free);
  self->orientation = GTK_ORIENTATION_VERTICAL;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 6);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
cel_plot_area_new (void)
{
  return g_object_new (CEL_TYPE_PLOT_AREA, NULL);
}
