/* Build guard: <iniparser/iniparser.h> belongs to src/core/ (ini.c).  This file stands in for it in the
   include path of every other stage, so that a stage reaching past its place
   in ingest -> store -> compute -> render fails to compile (src/meson.build). */
#error "<iniparser/iniparser.h> may only be included in src/core/ (ini.c) (see src/meson.build)"
