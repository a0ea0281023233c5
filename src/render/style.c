/*
 * style.c — the palette and the font files of style.h.
 */
#include "style.h"

#include "indigo_paths.h"

const struct rgb STYLE_BLUE = {0.0, 0x72 / 255.0, 0xB2 / 255.0};
const struct rgb STYLE_VERMILLION = {0xD5 / 255.0, 0x5E / 255.0, 0.0};
const struct rgb STYLE_TEXT = {0.13, 0.13, 0.13};
const struct rgb STYLE_GREY = {0.45, 0.45, 0.45};
const struct rgb STYLE_NODATA = {0.90, 0.90, 0.90};
const struct rgb STYLE_GRID = {0.82, 0.82, 0.82};
const struct rgb STYLE_GRID_LIGHT = {0.85, 0.85, 0.85};
const struct rgb STYLE_LINK = {0.55, 0.55, 0.55};
const struct rgb STYLE_PANEL = {0.975, 0.975, 0.985};
const struct rgb STYLE_WHITE = {1, 1, 1};

const struct rgb STYLE_HEAD = {0.0, 0.30, 0.52};
const struct rgb STYLE_RULE = {0.75, 0.75, 0.75};
const struct rgb STYLE_TABLE_HEAD = {0.89, 0.93, 0.96};
const struct rgb STYLE_ZEBRA = {0.965, 0.965, 0.965};
const struct rgb STYLE_PAGE_GREY = {0.42, 0.42, 0.42};
const struct rgb STYLE_PAGE_VERMILLION = {0.835, 0.369, 0.0};

const struct style_font style_fonts[] = {
    /* build options font_regular, font_bold and their fallbacks (meson_options.txt) */
    {INDIGO_FONT_REGULAR, INDIGO_FONT_BOLD},
    {INDIGO_FALLBACK_FONT_REGULAR, INDIGO_FALLBACK_FONT_BOLD},
};
const size_t style_n_fonts = sizeof style_fonts / sizeof style_fonts[0];
