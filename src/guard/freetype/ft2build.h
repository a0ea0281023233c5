/* Build guard: <ft2build.h> belongs to src/render/.  This file stands in for it in the
   include path of every other stage, so that a stage reaching past its place
   in ingest -> store -> compute -> render fails to compile (src/meson.build). */
#error "<ft2build.h> may only be included in src/render/ (see src/meson.build)"
