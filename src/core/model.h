/*
 * model.h — the plain structs every stage of indigo shares.  No functions here.
 *
 * Data flows one way: ingest (files -> struct answer) -> store (SQLite) ->
 * compute (struct framework + answers -> struct result) -> render.
 *
 * Ownership: every struct below owns the strings it points to unless a field
 * comment says "borrowed".  Each module that builds one of these structs has the
 * matching *_free() in its header.
 */
#ifndef INDIGO_MODEL_H
#define INDIGO_MODEL_H

#include <stddef.h>

enum lang { LANG_ES = 0, LANG_EN = 1 };
#define LANG_COUNT 2

/* ------------------------------------------------------------------------ */
/* Institutions (the registry: surveys/instituciones.csv)                    */
/* ------------------------------------------------------------------------ */
struct institution {
    char *code;            /* registry code, e.g. "MINFIN"; [A-Za-z0-9_-]+  */
    char *name[LANG_COUNT];/* full name, Spanish and English                 */
    char *group;           /* e.g. "Ministerio" / "Secretaría": group imputation */
    char *group_en;        /* the group's name in English (column group_en), or NULL */
    double weight;         /* weight in the national figure (default 1)      */
    int unranked;          /* registry column ranked = no: scored, levelled
                              and published, but given no rank, left out of
                              the ranks' denominators, peer ranks and the
                              national figure (the OECD ranks members only) */
};

struct registry {
    struct institution *items; /* sorted by code (C locale, as COINr)       */
    int n;
    char *path;                /* file it was read from                      */
};

/* ------------------------------------------------------------------------ */
/* Questionnaire                                                             */
/* ------------------------------------------------------------------------ */
enum answer_type {
    ANSWER_YESNO,           /* si/no, yes/no, 1/0 -> 1 or 0                  */
    ANSWER_LIKERT5,         /* 1..5 (points per level optional)             */
    ANSWER_PERCENT,         /* 0..100                                        */
    ANSWER_NUMBER,          /* count or amount >= 0                          */
    ANSWER_SELECT_ONE,      /* one option code -> its points                 */
    ANSWER_SELECT_MULTIPLE, /* several option codes -> sum of their points   */
    ANSWER_TEXT             /* free text / URL: evidence, never scored       */
};

struct option {
    char *code;                /* value as it appears in exports             */
    char *label[LANG_COUNT];
    double points;             /* score contribution                         */
    int line;                  /* line in options.csv (0 if built in memory) */
};

struct question {
    char *code;                /* e.g. "IGD_G01"                             */
    char *text[LANG_COUNT];
    enum answer_type type;
    struct option *options;    /* select_* and (optionally) likert points    */
    int n_options;
    int required;              /* a missing answer is an error at ingest     */
    int line;                  /* line in questions.csv                      */
};

/* ------------------------------------------------------------------------ */
/* Framework: the indicator tree and how it is computed                      */
/* ------------------------------------------------------------------------ */
enum norm_method {
    NORM_NONE, NORM_MINMAX, NORM_ZSCORE, NORM_GOALPOSTS, NORM_DIST_TARGET,
    NORM_DIST_REF, NORM_DIST_MAX, NORM_PRANK, NORM_RANK
};

enum agg_method { AGG_ARITHMETIC, AGG_GEOMETRIC, AGG_HARMONIC, AGG_MEDIAN };

enum impute_method {
    IMPUTE_NONE, IMPUTE_MEAN, IMPUTE_MEDIAN, IMPUTE_GROUP_MEAN,
    IMPUTE_GROUP_MEDIAN, IMPUTE_ZERO /* OECD DGI: unanswered = 0 */
};

enum combine_rule {         /* several respondents -> one institution value  */
    COMBINE_MEAN, COMBINE_MEDIAN, COMBINE_MAX, COMBINE_OFFICIAL
};

/* What a positive answer counts as when the evidence its indicator asks for
   is missing or is not a well-formed http(s) URL (url.h). */
enum evidence_rule {
    EVIDENCE_ZERO,          /* 0, not met; listed in a warning (the default)  */
    EVIDENCE_KEEP,          /* as given; listed in a warning                   */
    EVIDENCE_ERROR          /* the survey file is refused at load              */
};

enum step_kind {
    STEP_SCORE, STEP_DENOMINATE, STEP_SCREEN, STEP_IMPUTE, STEP_TREAT,
    STEP_NORMALISE, STEP_AGGREGATE
};
#define STEP_MAX 8
#define LEVEL_MAX 8
#define MATURITY_MAX 8

struct node {
    char *code;
    char *name[LANG_COUNT];
    int parent;                /* index in framework.nodes; -1 for the root  */
    char *parent_code;         /* parent as written in nodes.csv, NULL for the root */
    int level;                 /* 1 = indicator, ..., top = index (COINr)    */
    double weight;             /* relative to siblings, > 0                  */
    int is_indicator;
    int agg_set;               /* 1 if this node overrides its level's agg   */
    enum agg_method agg;       /* override (aggregates only)                 */
    /* indicators only */
    char *question;            /* question code read; NULL = external/admin  */
    char *denominator;         /* variable code (question or admin), or NULL */
    double scale_factor;       /* value / denominator * scale_factor         */
    int direction;             /* +1 or -1                                   */
    int norm_set;              /* 1 if the indicator overrides the default   */
    enum norm_method norm;
    double lower, upper;       /* goalposts (or min-max target range)        */
    double target;             /* dist-to-target / dist-to-ref (NAN if none) */
    int evidence_required;
    int evidence_rule_set;     /* 1 if nodes.csv missing_evidence overrides    */
    enum evidence_rule evidence_rule; /* ... the framework's missing_evidence */
    char *axis;                /* second view (IGD: Plan axes), or NULL      */
    char *source;              /* method the indicator is modelled on        */
    char *recommendation[LANG_COUNT];
    int line;                  /* line in nodes.csv                          */
};

struct steps {
    enum step_kind order[STEP_MAX];
    int n;
    /* screen */
    double screen_threshold;   /* min fraction of indicators with data       */
    char **force_include; int n_force_include;
    char **force_exclude; int n_force_exclude;
    /* impute */
    enum impute_method impute;
    /* treat (COINr Winsorisation) */
    int winmax;                /* most points Winsorised                     */
    double skew_max, kurt_max; /* pass if |skew| < skew_max OR kurt < kurt_max */
    int log_fallback;          /* log(x - min + 0.01(max-min)) if still failing */
    /* normalise */
    enum norm_method norm;     /* default for indicators that do not override */
    double norm_lower, norm_upper; /* min-max target range, default 0..100   */
    /* aggregate, per level (index 1..LEVEL_MAX-1 = level of the parent)     */
    enum agg_method agg[LEVEL_MAX];
    double agg_threshold[LEVEL_MAX]; /* min fraction of children with data   */
    double geo_zero_shift;     /* geometric/harmonic: value+shift when any is 0 */
    int exclude_unanswered;    /* [aggregate] no_answers = exclude: a unit with no
                                  value at all (raw and denominators) is left out
                                  of the index, with a warning.  framework_load
                                  sets it (the default); 0 = include (imputed) */
};

struct maturity {
    int n;                            /* number of levels                    */
    char *name[MATURITY_MAX][LANG_COUNT];
    double threshold[MATURITY_MAX];   /* threshold[i] = lower bound of level i+1 */
    int boundary_lower;               /* a value equal to a threshold belongs to
                                         the level below it ([maturity] boundary =
                                         lower, as "Very High > 0.75"); 0 = upper */
    int rounded;                      /* 1: values are compared at `decimals`
                                         places (round_decimals), as ranks are;
                                         framework_load copies [rank] decimals  */
    int decimals;
};

struct framework {
    char *code;                /* "IGD", "ITIC", "IDA", ...                   */
    char *name[LANG_COUNT];
    char *dir;                 /* directory it was read from                  */
    char *ini_path;            /* framework.ini                              */
    double scale_min, scale_max;
    enum combine_rule respondents;
    struct node *nodes; int n_nodes;
    int root;                  /* index of the index node                    */
    struct question *questions; int n_questions;
    char **variables; int n_variables; /* admin-only codes (denominators)     */
    char **missing_codes; int n_missing_codes; /* [index] missing_codes: answers
                                  that mean "no answer" (n/a, NS/NR, 99)     */
    struct steps steps;
    struct maturity maturity;
    char *axes_label[LANG_COUNT];  /* name of the second view, or NULL       */
    /* [index] axis_names_en: "CODE: English name | ...", the English name
       of each axis code of nodes.csv (the codes are Spanish); NULL: none.
       Read with framework_axis_name. */
    char *axis_names_en;
    char *source;              /* [index] source: what the index is modelled
                                  on, as written (NULL: none)                */
    char *description[LANG_COUNT]; /* [index] description_es/_en: what the
                                  index measures, in both or neither (NULL)  */
    /* ranks compare values rounded to the published precision ([rank]
       decimals, default scale_decimals() of the scale), so values printed
       alike share a rank; rank_rounded = 0 compares the doubles as they are
       ([rank] decimals = full, and frameworks built in memory).  The
       reports print an index at its rank_decimals (run_decimals), so values
       printed alike always share a rank and values printed apart never do;
       rank_decimals_set: written in [rank], which a round's [publisher]
       decimals does not override (framework_publish_decimals) */
    int rank_rounded;
    int rank_decimals;
    int rank_decimals_set;
    enum evidence_rule missing_evidence; /* [index] missing_evidence          */
};

/* ------------------------------------------------------------------------ */
/* Answers (one per respondent, question)                                    */
/* ------------------------------------------------------------------------ */
struct answer {
    int year;                  /* round                                      */
    char *framework;           /* framework code                             */
    char *institution;         /* registry code                              */
    char *question;            /* question or admin variable code            */
    char *respondent;          /* respondent id ("" when the shape has none) */
    char *value;               /* as given, trimmed, UTF-8                   */
    double number;             /* parsed value (score for select_*), NAN if none */
    char *evidence;            /* URL/document or NULL                       */
    int is_official;           /* designated official respondent             */
    char *file;                /* source file (as named in the config)       */
    long line;                 /* 1-based line of the record in that file    */
};

struct answer_set {
    struct answer *items;
    size_t n, cap;
};

#endif
