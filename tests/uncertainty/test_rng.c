/*
 * test_rng.c — the generator of rng.h against the published algorithms'
 * reference outputs, and the stream rules the uncertainty analysis relies on.
 */
#include <stdint.h>

#include "rng.h"
#include "tap.h"

int main(void)
{
    /* SplitMix64 from state 0 (reference outputs of Vigna's splitmix64.c) */
    uint64_t x = 0;
    ok(rng_splitmix64(&x) == 0xe220a8397b1dcdafULL, "splitmix64 output 1");
    ok(rng_splitmix64(&x) == 0x6e789e6aa1b965f4ULL, "splitmix64 output 2");
    ok(rng_splitmix64(&x) == 0x06c45d188009454fULL, "splitmix64 output 3");

    /* xoshiro256** from the state {1, 2, 3, 4}: 11520 = rotl(2*5, 7)*9 */
    struct rng r = {{1, 2, 3, 4}};
    ok(rng_next(&r) == 11520ULL, "xoshiro256** output 1");
    ok(rng_next(&r) == 0ULL, "xoshiro256** output 2");
    ok(rng_next(&r) == 1509978240ULL, "xoshiro256** output 3");
    ok(rng_next(&r) == 1215971899390074240ULL, "xoshiro256** output 4");

    /* a stream is a pure function of (seed, stream) */
    struct rng a, b, c, d;
    rng_init(&a, 42, 7);
    rng_init(&b, 42, 7);
    rng_init(&c, 42, 8);
    rng_init(&d, 43, 7);
    int same = 1, diff_stream = 0, diff_seed = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t va = rng_next(&a), vb = rng_next(&b), vc = rng_next(&c), vd = rng_next(&d);
        same &= va == vb;
        diff_stream += va != vc;
        diff_seed += va != vd;
    }
    ok(same, "same seed and stream: same numbers");
    is_int(diff_stream, 100, "another stream: different numbers");
    is_int(diff_seed, 100, "another seed: different numbers");

    /* uniforms: in [0, 1), multiples of 2^-53, mean near 1/2 */
    rng_init(&a, 20261123, 0);
    double sum = 0, lo = 1, hi = 0;
    int grid = 1;
    for (int i = 0; i < 100000; i++) {
        double u = rng_uniform(&a);
        sum += u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        grid &= u * 0x1.0p53 == (double)(uint64_t)(u * 0x1.0p53);
    }
    ok(lo >= 0 && hi < 1, "uniforms in [0, 1)");
    ok(grid, "uniforms on the 2^-53 grid");
    /* sd of the mean of 1e5 uniforms is 0.000913; 5 sd */
    is_num(sum / 100000, 0.5, 0.0046, "mean of 100000 uniforms");
    is_num((double)(UINT64_MAX >> 11) * 0x1.0p-53, 1 - 0x1.0p-53, 0, "largest uniform is 1 - 2^-53");

    /* choices: the unit interval cut in n equal parts */
    is_int(rng_choice(0.0, 3), 0, "choice 0.0 of 3");
    is_int(rng_choice(0.3333, 3), 0, "choice 0.3333 of 3");
    is_int(rng_choice(0.3334, 3), 1, "choice 0.3334 of 3");
    is_int(rng_choice(0.9999999, 3), 2, "choice 0.9999999 of 3");
    is_int(rng_choice(1 - 0x1.0p-53, 5), 4, "largest uniform: last choice");
    return tap_done();
}
