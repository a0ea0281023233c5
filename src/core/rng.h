/*
 * rng.h — the named, seeded random generator of the uncertainty analysis.
 *
 * Generator: xoshiro256** 1.0 (D. Blackman and S. Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021), a 256-bit state
 * with period 2^256 - 1, seeded through SplitMix64 (Steele, Lea and Flood,
 * OOPSLA 2014) as its authors recommend.  Both are written here from the
 * published algorithms; nothing depends on the C library's rand().
 *
 * Streams.  Results must not depend on the number of threads, so no stream is
 * shared: every replication (and every other consumer of random numbers) owns
 * a stream named by (seed, stream number) and draws from it in a fixed order.
 * rng_init() derives the state from both numbers with SplitMix64's mixing
 * function, so streams of one seed and streams of different seeds start far
 * apart and are statistically independent for our purposes.
 *
 * Everything is static inline: a replication draws a few dozen numbers, and a
 * call through the library would cost more than the generator itself.
 * Nothing allocates; a struct rng is plain data, copy it freely.
 */
#ifndef INDIGO_RNG_H
#define INDIGO_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s[4];          /* xoshiro256** state, never all zero            */
};

/* SplitMix64: advance *x by the golden gamma and return the mixed value.
   Also used alone as a seed expander (its first output from 0 is
   0xe220a8397b1dcdaf). */
static inline uint64_t rng_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/*
 * Seed the stream `stream` of `seed`: the key is SplitMix64's output for the
 * seed, xor the output for the stream number, and the four state words are
 * the next four SplitMix64 outputs from that key.  The mixing function is a
 * bijection, so two streams of one seed never share a key.
 */
static inline void rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t a = seed, b = stream ^ 0x6a09e667f3bcc909ULL; /* sqrt(2) bits */
    uint64_t key = rng_splitmix64(&a) ^ rng_splitmix64(&b);
    for (int i = 0; i < 4; i++)
        r->s[i] = rng_splitmix64(&key);
}

static inline uint64_t rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits (xoshiro256**). */
static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return result;
}

/* Uniform double in [0, 1): the top 53 bits, so every value is a multiple of
   2^-53 and 1 is never returned. */
static inline double rng_uniform(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* One of n equally likely choices 0..n-1 from a uniform u in [0, 1)
   (COINr's sample_2_para: the unit interval cut into n equal parts). */
static inline int rng_choice(double u, int n)
{
    int i = (int)(u * n);
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

#endif
