/* Build guard: <expat.h> belongs to src/ingest/ (xlsx_read.c).  This file stands in for it in the
   include path of every other stage, so that a stage reaching past its place
   in ingest -> store -> compute -> render fails to compile (src/meson.build). */
#error "<expat.h> may only be included in src/ingest/ (see src/meson.build)"
