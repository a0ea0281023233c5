/* Build guard: <nettle/sha2.h> belongs to src/core/ (sha256.c).  This file stands in for it in the
   include path of every other stage, so that a stage reaching past its place
   in ingest -> store -> compute -> render fails to compile (src/meson.build). */
#error "<nettle/sha2.h> may only be included in src/core/ (sha256.c) (see src/meson.build)"
