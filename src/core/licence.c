/*
 * licence.c — the table of licences (licence.h).
 *
 * The open-data licences the OECD OURdata index and the Open Definition
 * count as open: Creative Commons and Open Data Commons.
 */
#include "licence.h"

#include <stddef.h>
#include <strings.h>

#include "config.h"

static const struct licence licences[] = {
    {"CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/",
     "Creative Commons Attribution 4.0",
     {"Creative Commons Atribución 4.0 (CC BY 4.0)",
      "Creative Commons Attribution 4.0 (CC BY 4.0)"}},
    {"CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/",
     "Creative Commons Attribution Share-Alike 4.0",
     {"Creative Commons Atribución-CompartirIgual 4.0 (CC BY-SA 4.0)",
      "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"}},
    {"CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/",
     "CC0 1.0 Universal Public Domain Dedication",
     {"CC0 1.0 Universal (dominio público)", "CC0 1.0 Universal (public domain)"}},
    {"ODC-By-1.0", "https://opendatacommons.org/licenses/by/1-0/",
     "Open Data Commons Attribution License 1.0",
     {"Open Data Commons Attribution 1.0 (ODC-By)", "Open Data Commons Attribution 1.0 (ODC-By)"}},
    {"ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/",
     "Open Data Commons Open Database License 1.0",
     {"Open Database License 1.0 (ODbL)", "Open Database License 1.0 (ODbL)"}},
    {"PDDL-1.0", "https://opendatacommons.org/licenses/pddl/1-0/",
     "Open Data Commons Public Domain Dedication and License 1.0",
     {"Open Data Commons Public Domain Dedication and License 1.0 (PDDL)",
      "Open Data Commons Public Domain Dedication and License 1.0 (PDDL)"}},
};

const struct licence *licence_find(const char *id)
{
    for (size_t i = 0; id && i < sizeof licences / sizeof licences[0]; i++)
        if (strcasecmp(id, licences[i].id) == 0)
            return &licences[i];
    return NULL;
}

const struct licence *licence_default(void)
{
    return &licences[0];
}

const struct licence *licence_of(const struct config *cfg)
{
    return cfg && cfg->licence ? cfg->licence : licence_default();
}

const char *licence_ids(void)
{
    return "CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0, ODbL-1.0 or PDDL-1.0";
}
