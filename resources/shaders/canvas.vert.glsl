/* canvas.vert.glsl — one quad over the whole viewport, from gl_VertexID
 * alone (drawn as a 4-vertex triangle strip, no vertex buffers). The
 * fragment shader works out the cell from gl_FragCoord.
 *
 * The #version line (150 or 300 es), precision statements for GLES and
 * CEL_FORMAT are prepended when the program is built. */

void
main ()
{
  vec2 corner = vec2 (float (gl_VertexID & 1), float (gl_VertexID >> 1));

  gl_Position = vec4 (corner * 2.0 - 1.0, 0.0, 1.0);
}
