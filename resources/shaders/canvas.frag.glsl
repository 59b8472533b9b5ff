/* canvas.frag.glsl — the colour of the cell under each pixel.
 *
 * CEL_FORMAT says what u_field holds: 0 states (R8UI, coloured through the
 * 256-entry palette in u_lut; see covered_state for cells smaller than a
 * pixel), 1 scalars (R32F, coloured through the colormap in u_lut), 2
 * straight-alpha RGBA (RGBA8UI, composited over the background). Each colour equals what core's cel_frame_to_rgba() gives for
 * the cell, to the bit: scalars find their colormap index by searching
 * u_thresholds, the smallest value of each index, instead of computing it
 * in floating point; RGBA is composited in integers with core's rounding.
 *
 * Coordinates: cells count from the corner of the frame, which lies at
 * u_origin (framebuffer pixels, y downwards); a cell is u_cell pixels wide.
 * u_bias (in cells) moves ties off exact cell edges, as the software path
 * does (cel-canvas-colors.h).
 * The grid spans [u_grid_start, u_grid_end) in the same cell coordinates,
 * the frame [0, u_frame_size). */

#if CEL_FORMAT == 1
uniform sampler2D u_field;
#else
uniform usampler2D u_field;
#endif
uniform sampler2D u_lut;
uniform sampler2D u_thresholds;
uniform int u_max_index;
uniform vec2 u_origin;
uniform float u_cell;
uniform float u_bias;
uniform float u_fb_height;
uniform ivec2 u_grid_start;
uniform ivec2 u_grid_end;
uniform ivec2 u_frame_size;
uniform vec4 u_background;
uniform vec4 u_outside;

out vec4 frag_color;

#if CEL_FORMAT == 0
/* Which of the n cells a pixel covers along one axis it looks at: all of
 * them up to 4, else 4 spread evenly. */
int
sample_offset (int k, int n)
{
  return n <= 4 ? k : ((2 * k + 1) * n) / 8;
}

/* With cells smaller than pixels, a pixel shows the liveliest cell it
 * covers (state 1 first, then 2, 3…, and 0 only when all are 0), so that
 * sparse patterns stay visible when zoomed out. */
uint
covered_state (vec2 pixel)
{
  ivec2 first = ivec2 (floor ((pixel - 0.5 - u_origin) / u_cell + u_bias));
  ivec2 n = ivec2 (ceil ((pixel + 0.5 - u_origin) / u_cell - u_bias)) - first;
  uint best = 0u;

  for (int j = 0; j < 4 && j < n.y; j++)
    {
      int y = first.y + sample_offset (j, n.y);

      if (y < 0 || y >= u_frame_size.y)
        continue;
      for (int i = 0; i < 4 && i < n.x; i++)
        {
          int x = first.x + sample_offset (i, n.x);
          uint s;

          if (x < 0 || x >= u_frame_size.x)
            continue;
          s = texelFetch (u_field, ivec2 (x, y), 0).r;
          if (s != 0u && (best == 0u || s < best))
            best = s;
        }
    }
  return best;
}
#endif

void
main ()
{
  vec2 pixel = vec2 (gl_FragCoord.x, u_fb_height - gl_FragCoord.y);
  vec2 cell = floor ((pixel - u_origin) / u_cell + u_bias);

  if (cell.x < float (u_grid_start.x) || cell.y < float (u_grid_start.y)
      || cell.x >= float (u_grid_end.x) || cell.y >= float (u_grid_end.y))
    {
      frag_color = u_outside;
      return;
    }

  ivec2 texel = ivec2 (cell);

  if (any (lessThan (texel, ivec2 (0))) || any (greaterThanEqual (texel, u_frame_size)))
    {
      frag_color = u_background;
      return;
    }

#if CEL_FORMAT == 0
  uint state = texelFetch (u_field, texel, 0).r;

  if (u_cell < 1.0)
    state = covered_state (pixel);
  frag_color = texelFetch (u_lut, ivec2 (int (state), 0), 0);
#elif CEL_FORMAT == 1
  float v = texelFetch (u_field, texel, 0).r;
  int index = 0;

  if (isnan (v))
    {
      frag_color = u_background;
      return;
    }
  /* The largest index whose threshold v reaches (thresholds grow). */
  for (int step = 128; step > 0; step /= 2)
    if (index + step <= u_max_index
        && v >= texelFetch (u_thresholds, ivec2 (index + step, 0), 0).r)
      index += step;
  frag_color = texelFetch (u_lut, ivec2 (index, 0), 0);
#else
  uvec4 src = texelFetch (u_field, texel, 0);
  uvec3 background = uvec3 (u_background.rgb * 255.0 + 0.5);
  uvec3 rgb = (src.rgb * src.a + background * (255u - src.a) + 127u) / 255u;

  frag_color = vec4 (vec3 (rgb) / 255.0, 1.0);
#endif
}
