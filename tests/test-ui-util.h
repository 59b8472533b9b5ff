/* test-ui-util.h — main-loop helpers shared by the window tests. */
#pragma once

#include <gtk/gtk.h>

/* Runs every pending main-loop source without blocking. */
static inline void
test_ui_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lets widget's frame clock tick n times, so that a window shows its
 * newest snapshot and handles the runner's events. */
static inline void
test_ui_wait_frames (GtkWidget *widget, guint n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 start = gdk_frame_clock_get_frame_counter (clock);

  while (gdk_frame_clock_get_frame_counter (clock) < start + n)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  test_ui_iterate ();
}
