/*
 * change.h — a change since the earlier round, split into what the answers
 * did and what the method did (`indigo explain --change`, the scorecards).
 *
 * For one institution and one node, four values (docs/rondas.md):
 *
 *   P  the earlier round as stored (published), its own method
 *   B  the earlier round's answers on this round's method, without the
 *      indicators it did not ask (the back-calculated basis)
 *   R  this round's answers on that same method (B's indicators only)
 *   Y  this round as reported
 *
 *   Y - P  =  (B - P)      the method, on the earlier answers
 *           + (R - B)      the answers, on one method
 *           + (Y - R)      the indicators the earlier round did not ask
 *
 * B - P and Y - R are both the effect of the method; R - B is the effect of
 * the answers.  With no method change B = P and R = Y: all of it is answers.
 * The three parts add up to Y - P up to rounding (|error| < 1e-12 on a
 * 0-100 scale).
 *
 * Indicator by indicator, each value is the sum of its indicators'
 * contributions, found by passing the node's value down the tree: an
 * arithmetic aggregate gives each child the share w·x / (sum of w·x) of its
 * own value (weights normalised over the children with data, as
 * aggregated), a geometric one the share w·ln(x+s) / ln(value+s), and a
 * harmonic or median one (or any aggregate whose value is 0) the share of
 * the child's normalised weight.  An indicator's part of B - P is its
 * contribution to B minus its contribution to P (computed again from the
 * earlier answers with the earlier method; a difference from the stored P
 * is shown as its own line), and so on.  The rows of each part add up to
 * that part.
 */
#ifndef INDIGO_CHANGE_H
#define INDIGO_CHANGE_H

#include "round.h"

struct change_row {
    const char *code;          /* indicator code (borrowed)                   */
    int in_prev;               /* an indicator of the earlier framework       */
    int in_basis;              /* in the back-calculated basis (asked then)   */
    int in_now;                /* an indicator of this round's framework      */
    double c_prev, c_back, c_restr, c_now;  /* contributions (0 where absent) */
    double method, answers, added;          /* c_back - c_prev, c_restr - c_back,
                                               c_now - c_restr               */
};

struct change_split {
    int ok;                    /* 0: no change to split (why says why)       */
    const char *why;           /* Spanish key of strings.def when !ok        */
    double prev, prev_recomputed, back, restr, now;
    double change;             /* now - prev                                  */
    double method, answers, added;  /* back - prev, restr - back, now - restr */
    double recomputed;         /* prev_recomputed - prev (0 unless stale)     */
    struct change_row *rows;   /* indicators of this framework, then those
                                  the earlier one had and this one has not    */
    int n_rows;
};

/* Split the change of node k (of ir->fw) for unit u of the round.  Returns
   0; out->ok = 0 when there is nothing to split (no earlier round, the
   institution or the node new, a value missing). */
int change_split(const struct index_run *ir, int u, int k, struct change_split *out);
void change_split_release(struct change_split *c);

/* Contributions of the indicators of r->fw to node k for unit u (n_ind
   values, in r's indicator order; they add up to the node's value).  NAN if
   the node has no value. */
void change_contributions(const struct result *r, int u, int k, double *out);

#endif
