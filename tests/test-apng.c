/* APNG output: the chunk structure of the APNG 1.0 specification
 * (acTL, fcTL and fdAT with one sequence counter, CRCs computed here
 * bit by bit), the pixels of every frame decoded back, atomic files, and
 * recordings of Life runs whose frames show a blinker's period of 2 and a
 * glider's displacement of one cell per four generations. */
#include <glib/gstdio.h>
#include <string.h>

#include "cel-apng.h"
#include "cellarium.h"

#define GLIDER "x = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n"
#define BLINKER "x = 1, y = 3, rule = B3/S23\no$o$o!\n"

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* ---- An independent reader ---------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint16
read_be16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

/* CRC-32 bit by bit, straight from the PNG specification's definition. */
static guint32
reference_crc32 (const guint8 *data, gsize length)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < length; i++)
    {
      c ^= data[i];
      for (guint k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
  return c ^ 0xffffffffu;
}

typedef struct {
  char          type[5];
  const guint8 *data;
  guint32       length;
} Chunk;

/* Splits a PNG into its chunks, checking lengths and CRCs. */
static GArray *
read_chunks (const guint8 *file, gsize length)
{
  GArray *chunks = g_array_new (FALSE, TRUE, sizeof (Chunk));
  gsize pos = 8;

  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (file, 8, png_signature, 8);
  while (pos < length)
    {
      Chunk chunk = { { 0 }, NULL, 0 };

      g_assert_cmpuint (pos + 12, <=, length);
      chunk.length = read_be32 (file + pos);
      g_assert_cmpuint (pos + 12 + chunk.length, <=, length);
      memcpy (chunk.type, file + pos + 4, 4);
      chunk.data = file + pos + 8;
      g_assert_cmphex (read_be32 (file + pos + 8 + chunk.length), ==,
                       reference_crc32 (file + pos + 4, 4 + chunk.length));
      g_array_append_val (chunks, chunk);
      pos += 12 + chunk.length;
    }
  g_assert_cmpuint (pos, ==, length);
  return chunks;
}

static guint8
paeth (guint8 a, guint8 b, guint8 c)
{
  int p = (int) a + b - c;
  int pa = ABS (p - a), pb = ABS (p - b), pc = ABS (p - c);

  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Inflates and unfilters the zlib stream of a width × height RGBA image. */
static guint8 *
decode_pixels (GByteArray *zdata, guint width, guint height)
{
  g_autoptr (GConverter) inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
  g_autoptr (GInputStream) mem = g_memory_input_stream_new_from_data (zdata->data, zdata->len, NULL);
  g_autoptr (GInputStream) in = g_converter_input_stream_new (mem, inflater);
  g_autoptr (GByteArray) raw = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  gsize row_bytes = (gsize) width * 4;
  guint8 *pixels;

  for (;;)
    {
      guint8 buf[4096];
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        break;
      g_byte_array_append (raw, buf, (guint) n);
    }
  g_assert_cmpuint (raw->len, ==, (row_bytes + 1) * height);

  pixels = g_malloc0 (row_bytes * height);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = raw->data + y * (row_bytes + 1);
      guint8 *dst = pixels + y * row_bytes;
      const guint8 *up = y > 0 ? dst - row_bytes : NULL;

      g_assert_cmpuint (src[0], <=, 4);
      for (gsize i = 0; i < row_bytes; i++)
        {
          guint8 a = i >= 4 ? dst[i - 4] : 0;
          guint8 b = up ? up[i] : 0;
          guint8 c = up && i >= 4 ? up[i - 4] : 0;
          guint8 x = src[1 + i];

          switch (src[0])
            {
            case 0: dst[i] = x; break;
            case 1: dst[i] = (guint8) (x + a); break;
            case 2: dst[i] = (guint8) (x + b); break;
            case 3: dst[i] = (guint8) (x + (a + b) / 2); break;
            default: dst[i] = (guint8) (x + paeth (a, b, c)); break;
            }
        }
    }
  return pixels;
}

/* A whole APNG read back: the frames composed as a viewer shows them
 * (every frame here is drawn with dispose "none" and blend "source"). */
typedef struct {
  guint      width, height;
  guint      n_frames, plays;
  GPtrArray *frames;        /* width × height × 4 bytes each */
  GArray    *rects;         /* guint[4] x, y, w, h of each frame's fcTL */
  guint16    delay_num, delay_den;
} Animation;

static void
animation_free (Animation *anim)
{
  g_ptr_array_unref (anim->frames);
  g_array_unref (anim->rects);
  g_free (anim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Animation, animation_free)

static void
compose (Animation *anim, GByteArray *zdata, const guint rect[4])
{
  g_autofree guint8 *part = decode_pixels (zdata, rect[2], rect[3]);
  const guint8 *prev = anim->frames->len ? g_ptr_array_index (anim->frames, anim->frames->len - 1) : NULL;
  gsize size = (gsize) anim->width * anim->height * 4;
  guint8 *full = prev ? g_memdup2 (prev, size) : g_malloc0 (size);

  for (guint y = 0; y < rect[3]; y++)
    memcpy (full + ((gsize) (rect[1] + y) * anim->width + rect[0]) * 4,
            part + (gsize) y * rect[2] * 4, (gsize) rect[2] * 4);
  g_ptr_array_add (anim->frames, full);
}

/* Reads an APNG and checks its structure on the way: chunk order, one
 * sequence counter over fcTL and fdAT, frames inside the image. */
static Animation *
read_animation (const guint8 *file, gsize length)
{
  g_autoptr (GArray) chunks = read_chunks (file, length);
  g_autoptr (GByteArray) zdata = NULL;
  Animation *anim = g_new0 (Animation, 1);
  guint rect[4] = { 0 };
  guint32 next_seq = 0;
  gboolean seen_idat = FALSE;

  anim->frames = g_ptr_array_new_with_free_func (g_free);
  anim->rects = g_array_new (FALSE, FALSE, sizeof rect);

  g_assert_cmpuint (chunks->len, >=, 5);
  g_assert_cmpstr (g_array_index (chunks, Chunk, 0).type, ==, "IHDR");
  g_assert_cmpuint (g_array_index (chunks, Chunk, 0).length, ==, 13);
  anim->width = read_be32 (g_array_index (chunks, Chunk, 0).data);
  anim->height = read_be32 (g_array_index (chunks, Chunk, 0).data + 4);
  g_assert_cmpuint (g_array_index (chunks, Chunk, 0).data[8], ==, 8);  /* bit depth */
  g_assert_cmpuint (g_array_index (chunks, Chunk, 0).data[9], ==, 6);  /* RGBA */
  /* acTL before any image data. */
  g_assert_cmpstr (g_array_index (chunks, Chunk, 1).type, ==, "acTL");
  g_assert_cmpuint (g_array_index (chunks, Chunk, 1).length, ==, 8);
  anim->n_frames = read_be32 (g_array_index (chunks, Chunk, 1).data);
  anim->plays = read_be32 (g_array_index (chunks, Chunk, 1).data + 4);

  for (guint i = 2; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);

      if (g_str_equal (c->type, "fcTL") || g_str_equal (c->type, "IEND"))
        {
          /* The frame before ends here. */
          if (zdata != NULL)
            {
              compose (anim, zdata, rect);
              g_clear_pointer (&zdata, g_byte_array_unref);
            }
        }
      if (g_str_equal (c->type, "fcTL"))
        {
          g_assert_cmpuint (c->length, ==, 26);
          g_assert_cmpuint (read_be32 (c->data), ==, next_seq++);
          /* width, height, x offset, y offset */
          rect[2] = read_be32 (c->data + 4);
          rect[3] = read_be32 (c->data + 8);
          rect[0] = read_be32 (c->data + 12);
          rect[1] = read_be32 (c->data + 16);
          g_assert_cmpuint (rect[2], >, 0);
          g_assert_cmpuint (rect[3], >, 0);
          g_assert_cmpuint (rect[0] + rect[2], <=, anim->width);
          g_assert_cmpuint (rect[1] + rect[3], <=, anim->height);
          anim->delay_num = read_be16 (c->data + 20);
          anim->delay_den = read_be16 (c->data + 22);
          g_assert_cmpuint (c->data[24], ==, 0);   /* dispose: none */
          g_assert_cmpuint (c->data[25], ==, 0);   /* blend: source */
          g_array_append_vals (anim->rects, rect, 1);
          zdata = g_byte_array_new ();
        }
      else if (g_str_equal (c->type, "IDAT"))
        {
          /* The default image is frame 0: its fcTL came first, full size. */
          g_assert_nonnull (zdata);
          g_assert_cmpuint (anim->frames->len, ==, 0);
          g_assert_cmpuint (rect[0], ==, 0);
          g_assert_cmpuint (rect[1], ==, 0);
          g_assert_cmpuint (rect[2], ==, anim->width);
          g_assert_cmpuint (rect[3], ==, anim->height);
          g_byte_array_append (zdata, c->data, c->length);
          seen_idat = TRUE;
        }
      else if (g_str_equal (c->type, "fdAT"))
        {
          g_assert_nonnull (zdata);
          g_assert_true (seen_idat);
          g_assert_cmpuint (anim->frames->len, >=, 1);
          g_assert_cmpuint (c->length, >, 4);
          g_assert_cmpuint (read_be32 (c->data), ==, next_seq++);
          g_byte_array_append (zdata, c->data + 4, c->length - 4);
        }
      else
        {
          g_assert_cmpstr (c->type, ==, "IEND");
          g_assert_cmpuint (i, ==, chunks->len - 1);
          g_assert_cmpuint (c->length, ==, 0);
          /* The CRC of "IEND" alone, as every PNG ends. */
          g_assert_cmphex (read_be32 (c->data), ==, 0xae426082u);
        }
    }
  g_assert_true (seen_idat);
  g_assert_cmpuint (anim->frames->len, ==, anim->n_frames);
  return anim;
}

/* ---- The writer ----------------------------------------------------------- */

#define W 5
#define H 4

static void
make_frames (guint8 frames[3][W * H * 4])
{
  for (guint i = 0; i < W * H; i++)
    {
      frames[0][4 * i] = (guint8) (i * 11);
      frames[0][4 * i + 1] = (guint8) (200 - i * 7);
      frames[0][4 * i + 2] = (guint8) (i * i);
      frames[0][4 * i + 3] = (guint8) (255 - i);
    }
  /* Frame 1 changes pixels (1, 1) and (3, 2): a 3 × 2 rectangle at (1, 1). */
  memcpy (frames[1], frames[0], W * H * 4);
  frames[1][4 * (1 * W + 1)] ^= 0xff;
  frames[1][4 * (2 * W + 3) + 3] = 7;
  /* Frame 2 repeats frame 1. */
  memcpy (frames[2], frames[1], W * H * 4);
}

static void
test_writer_structure (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (CelApngWriter) writer = NULL;
  g_autoptr (Animation) anim = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint8 frames[3][W * H * 4];
  const guint *rect;

  make_frames (frames);
  writer = cel_apng_writer_new (out, W, H, 3, 1, 12, NULL, &error);
  g_assert_no_error (error);
  for (guint f = 0; f < 3; f++)
    {
      g_assert_true (cel_apng_writer_add_frame (writer, frames[f], W * 4, NULL, &error));
      g_assert_no_error (error);
    }
  /* A fourth frame is one too many. */
  g_assert_false (cel_apng_writer_add_frame (writer, frames[0], W * 4, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_true (cel_apng_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  anim = read_animation (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (anim->width, ==, W);
  g_assert_cmpuint (anim->height, ==, H);
  g_assert_cmpuint (anim->n_frames, ==, 3);
  g_assert_cmpuint (anim->plays, ==, 0);
  g_assert_cmpuint (anim->delay_num, ==, 1);
  g_assert_cmpuint (anim->delay_den, ==, 12);
  /* Frame 0 (the IDAT) holds the first frame's pixels exactly. */
  for (guint f = 0; f < 3; f++)
    g_assert_cmpmem (g_ptr_array_index (anim->frames, f), W * H * 4, frames[f], W * H * 4);
  /* Frame 1: only the changed 3 × 2 rectangle at (1, 1); frame 2, which
   * changes nothing, a single pixel. */
  rect = &g_array_index (anim->rects, guint, 4);
  g_assert_cmpuint (rect[0], ==, 1);
  g_assert_cmpuint (rect[1], ==, 1);
  g_assert_cmpuint (rect[2], ==, 3);
  g_assert_cmpuint (rect[3], ==, 2);
  rect = &g_array_index (anim->rects, guint, 8);
  g_assert_cmpuint (rect[2], ==, 1);
  g_assert_cmpuint (rect[3], ==, 1);
}

static gboolean
dir_is_empty (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);

  g_assert_nonnull (d);
  return g_dir_read_name (d) == NULL;
}

static void
test_writer_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-apng-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "anim.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "anim.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (Animation) anim = NULL;
  guint8 frames[3][W * H * 4];
  CelApngWriter *writer;
  gsize length;

  g_assert_no_error (error);
  make_frames (frames);

  /* Freed unfinished: nothing remains, not even the temporary file. */
  writer = cel_apng_writer_new_for_path (path, W, H, 3, 1, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cel_apng_writer_add_frame (writer, frames[0], W * 4, NULL, &error));
  /* Finishing early is refused. */
  g_assert_false (cel_apng_writer_finish (writer, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  cel_apng_writer_free (writer);
  g_assert_true (dir_is_empty (dir));

  writer = cel_apng_writer_new_for_path (path, W, H, 3, 1, 10, NULL, &error);
  g_assert_no_error (error);
  for (guint f = 0; f < 3; f++)
    g_assert_true (cel_apng_writer_add_frame (writer, frames[f], W * 4, NULL, &error));
  g_assert_true (cel_apng_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  cel_apng_writer_free (writer);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  anim = read_animation ((const guint8 *) contents, length);
  g_assert_cmpmem (g_ptr_array_index (anim->frames, 2), W * H * 4, frames[2], W * H * 4);

  /* Bad arguments and unwritable places are errors. */
  g_assert_null (cel_apng_writer_new_for_path (missing, W, H, 3, 1, 10, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cel_apng_writer_new_for_path (path, 0, H, 3, 1, 10, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  g_assert_null (cel_apng_writer_new_for_path (path, 1u << 15, 1u << 14, 3, 1, 10, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (cel_apng_writer_new_for_path (path, W, H, 0, 1, 10, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);

  g_unlink (path);
  g_assert_true (dir_is_empty (dir));
  g_rmdir (dir);
}

/* ---- Recordings ------------------------------------------------------------ */

static CelModel *
make_life (guint size, const char *rle, gint x, gint y)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelPattern) pattern = cel_pattern_parse_rle (rle, strlen (rle), &error);
  g_autofree char *side = g_strdup_printf ("%u", size);
  CelModel *model = cel_model_new ("life", &error);

  g_assert_no_error (error);
  g_assert_true (cel_model_set_param_string (model, "width", side, &error));
  g_assert_true (cel_model_set_param_string (model, "height", side, &error));
  g_assert_true (cel_model_set_param_string (model, "topology", "bounded", &error));
  cel_model_reset (model);
  g_assert_true (cel_model_place_pattern (model, pattern, x, y, NULL, &error));
  g_assert_no_error (error);
  return model;
}

/* Whether the pixel block of cell (cx, cy) at the given scale has the
 * colour core gives live cells (it must be all one colour: live or dead). */
static gboolean
cell_alive (const guint8 *pixels, guint width, guint scale, guint cx, guint cy)
{
  g_autoptr (CelFrame) probe = cel_frame_new (CEL_FIELD_STATES, 2, 1);
  g_autofree guint8 *colors = NULL;
  const guint8 *first = pixels + ((gsize) cy * scale * width + cx * scale) * 4;
  gboolean live;

  probe->n_states = 2;
  probe->data[1] = 1;
  colors = cel_frame_to_rgba (probe, "viridis", 1);
  live = memcmp (first, colors + 4, 4) == 0;
  if (!live)
    g_assert_cmpmem (first, 4, colors, 4);
  for (guint y = 0; y < scale; y++)
    for (guint x = 0; x < scale; x++)
      g_assert_cmpmem (pixels + ((gsize) (cy * scale + y) * width + cx * scale + x) * 4, 4, first, 4);
  return live;
}

static guint
count_alive (const guint8 *pixels, guint cells, guint scale)
{
  guint n = 0;

  for (guint y = 0; y < cells; y++)
    for (guint x = 0; x < cells; x++)
      n += cell_alive (pixels, cells * scale, scale, x, y);
  return n;
}

static void
on_progress (double fraction, gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >, *last);
  *last = fraction;
}

static void
test_record_blinker (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-apng-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "blinker.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (CelModel) model = make_life (8, BLINKER, 4, 2);
  g_autoptr (Animation) anim = NULL;
  CelApngRecording rec = { 0, "viridis", 2, 3, 1, 5, FALSE };
  double last = 0.0;
  const guint *rect;
  gsize length;

  g_assert_true (cel_apng_record (model, &rec, path, on_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  /* The copy was stepped: two frames after the first, one step each. */
  g_assert_cmpuint (cel_model_get_step (model), ==, 2);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  anim = read_animation ((const guint8 *) contents, length);
  g_assert_cmpuint (anim->width, ==, 16);
  g_assert_cmpuint (anim->n_frames, ==, 3);
  /* 5 frames per second: 1/5 s each. */
  g_assert_cmpuint (anim->delay_num, ==, 1);
  g_assert_cmpuint (anim->delay_den, ==, 5);

  /* The blinker (period 2): vertical at x = 4, y = 2…4; horizontal at
   * y = 3, x = 3…5; vertical again. */
  for (guint f = 0; f < 3; f++)
    {
      const guint8 *pixels = g_ptr_array_index (anim->frames, f);

      g_assert_cmpuint (count_alive (pixels, 8, 2), ==, 3);
      for (guint k = 0; k < 3; k++)
        {
          if (f == 1)
            g_assert_true (cell_alive (pixels, 16, 2, 3 + k, 3));
          else
            g_assert_true (cell_alive (pixels, 16, 2, 4, 2 + k));
        }
    }
  g_assert_cmpmem (g_ptr_array_index (anim->frames, 0), 16 * 16 * 4,
                   g_ptr_array_index (anim->frames, 2), 16 * 16 * 4);
  /* Frames 1 and 2 hold the rectangle of the cells that changed, (3, 3)
   * and (5, 3) born, (4, 2) and (4, 4) dead: 3 × 3 cells, 6 × 6 pixels
   * at (6, 4). */
  for (guint f = 1; f < 3; f++)
    {
      rect = &g_array_index (anim->rects, guint, 4 * f);
      g_assert_cmpuint (rect[0], ==, 6);
      g_assert_cmpuint (rect[1], ==, 4);
      g_assert_cmpuint (rect[2], ==, 6);
      g_assert_cmpuint (rect[3], ==, 6);
    }

  g_unlink (path);
  g_rmdir (dir);
}

static guint8 *
load_png_pixels (const char *path, guint *width, guint *height)
{
  g_autofree char *contents = NULL;
  g_autoptr (GArray) chunks = NULL;
  g_autoptr (GByteArray) zdata = g_byte_array_new ();
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  chunks = read_chunks ((const guint8 *) contents, length);
  g_assert_cmpstr (g_array_index (chunks, Chunk, 0).type, ==, "IHDR");
  *width = read_be32 (g_array_index (chunks, Chunk, 0).data);
  *height = read_be32 (g_array_index (chunks, Chunk, 0).data + 4);
  for (guint i = 1; i < chunks->len; i++)
    {
      /* A plain PNG: no animation chunks. */
      g_assert_cmpstr (g_array_index (chunks, Chunk, i).type, !=, "acTL");
      if (g_str_equal (g_array_index (chunks, Chunk, i).type, "IDAT"))
        g_byte_array_append (zdata, g_array_index (chunks, Chunk, i).data,
                             g_array_index (chunks, Chunk, i).length);
    }
  return decode_pixels (zdata, *width, *height);
}

static void
test_record_sequence (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-apng-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr (CelModel) model = make_life (16, GLIDER, 2, 2);
  CelApngRecording rec = { 0, "viridis", 3, 4, 4, 0, TRUE };
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  /* Four frames, four generations apart: the glider (a c/4 diagonal
   * spaceship) one cell further down and right in each. */
  g_assert_true (cel_apng_record (model, &rec, dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint f = 0; f < 4; f++)
    {
      g_autofree char *file_name = cel_apng_sequence_name (f, 4);
      g_autofree char *file = g_build_filename (dir, file_name, NULL);
      g_autofree guint8 *pixels = NULL;
      guint width, height;
      /* bo$2bo$3o at (2 + f, 2 + f). */
      static const guint cells[5][2] = { { 1, 0 }, { 2, 1 }, { 0, 2 }, { 1, 2 }, { 2, 2 } };

      pixels = load_png_pixels (file, &width, &height);
      g_assert_cmpuint (width, ==, 48);
      g_assert_cmpuint (height, ==, 48);
      g_assert_cmpuint (count_alive (pixels, 16, 3), ==, 5);
      for (guint k = 0; k < 5; k++)
        g_assert_true (cell_alive (pixels, 48, 3, 2 + f + cells[k][0], 2 + f + cells[k][1]));
      g_unlink (file);
    }
  g_assert_true (dir_is_empty (dir));

  /* Names: four digits at least, more when the count needs them. */
  name = cel_apng_sequence_name (7, 10);
  g_assert_cmpstr (name, ==, "frame-0007.png");
  g_free (name);
  name = cel_apng_sequence_name (12345, 20000);
  g_assert_cmpstr (name, ==, "frame-12345.png");
  g_free (name);
  name = cel_apng_sequence_name (3, 100000);
  g_assert_cmpstr (name, ==, "frame-00003.png");

  /* A missing folder fails at the first frame and leaves nothing. */
  g_assert_false (cel_apng_record (model, &rec, missing, NULL, NULL, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_true (dir_is_empty (dir));
  g_rmdir (dir);
}

static void
cancel_after_first (double fraction, gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_record_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-apng-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "run.png", NULL);
  g_autoptr (CelModel) model = make_life (16, GLIDER, 2, 2);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  CelApngRecording rec = { 0, "viridis", 1, 5, 1, 10, FALSE };
  CelApngRecording bad;

  /* Cancelled after the first frame: an error, and no file at all. */
  g_assert_false (cel_apng_record (model, &rec, path, cancel_after_first, cancellable,
                                   cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (dir_is_empty (dir));
  rec.sequence = TRUE;
  g_cancellable_reset (cancellable);
  g_assert_false (cel_apng_record (model, &rec, dir, cancel_after_first, cancellable,
                                   cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (dir_is_empty (dir));
  rec.sequence = FALSE;

  bad = rec;
  bad.scale = 0;
  g_assert_false (cel_apng_record (model, &bad, path, NULL, NULL, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  bad = rec;
  bad.steps_per_frame = 0;
  g_assert_false (cel_apng_record (model, &bad, path, NULL, NULL, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  bad = rec;
  bad.frames_per_second = 0;
  g_assert_false (cel_apng_record (model, &bad, path, NULL, NULL, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  bad = rec;
  bad.field = 7;
  g_assert_false (cel_apng_record (model, &bad, path, NULL, NULL, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_clear_error (&error);
  /* 16 cells at scale 2^14 is 2^18 pixels a side: 2^36 pixels. */
  bad = rec;
  bad.scale = 1u << 14;
  g_assert_false (cel_apng_record (model, &bad, path, NULL, NULL, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_true (dir_is_empty (dir));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/apng/writer/structure", test_writer_structure);
  g_test_add_func ("/apng/writer/file", test_writer_file);
  g_test_add_func ("/apng/record/blinker", test_record_blinker);
  g_test_add_func ("/apng/record/sequence", test_record_sequence);
  g_test_add_func ("/apng/record/errors", test_record_errors);
  return g_test_run ();
}
