/* Build guard: <sqlite3.h> belongs to src/store/.  This file stands in for it in the
   include path of every other stage, so that a stage reaching past its place
   in ingest -> store -> compute -> render fails to compile (src/meson.build). */
#error "<sqlite3.h> may only be included in src/store/ (see src/meson.build)"
