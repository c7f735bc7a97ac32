package lathe.dsp.dither;

/**
 * Generates pseudo-random numbers with the xoshiro256** generator (period 2^256 - 1), seeded
 * through the SplitMix64 sequence; fast, allocation-free and reproducible for a given seed.
 */
public final class Xoshiro256 {
  private static final double UNIT = 0x1.0p-53;
  private static final double WORD_UNIT = 0x1.0p-32;
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  /** Creates a generator seeded with {@code seed}. */
  public Xoshiro256(long seed) {
    reseed(seed);
  }

  /** Restarts the sequence from {@code seed}; equal seeds give equal sequences. */
  public void reseed(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Returns the next 64 random bits. */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Returns a uniform value in [-0.5, 0.5), on a grid of 2^-53. */
  public double nextCentered() {
    return (nextLong() >>> 11) * UNIT - 0.5;
  }

  /**
   * Returns a triangular value in [-1, 1) on a grid of 2^-32: the sum of two independent uniform
   * values in [-0.5, 0.5) on that grid, taken from the high and the low 32 bits of one {@link
   * #nextLong} (every bit of xoshiro256** output is of full quality), so one draw makes one value.
   */
  public double nextTriangular() {
    long r = nextLong();
    long a = r >>> 32;
    long b = r & 0xFFFFFFFFL;
    // both halves and their sum are integers under 2^33: exact in a double, as is the scaling
    return (a + b - (1L << 32)) * WORD_UNIT;
  }
}
