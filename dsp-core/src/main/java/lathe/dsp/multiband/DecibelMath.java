package lathe.dsp.multiband;

/**
 * Converts between linear levels and decibels faster than {@link Math#log} and {@link Math#exp}, to
 * within 1e-8 dB, for the band envelopes that need both on every frame.
 */
final class DecibelMath {
  private static final double LN2 = Math.log(2.0);
  private static final double DB_PER_NEPER = 20.0 / Math.log(10.0);
  private static final double OCTAVES_PER_DB = Math.log(10.0) / (20.0 * LN2);
  private static final long SQRT2_MANTISSA =
      Double.doubleToRawLongBits(Math.sqrt(2.0)) & 0x000FFFFFFFFFFFFFL;
  private static final long MANTISSA = 0x000FFFFFFFFFFFFFL;
  private static final long ONE = 0x3FF0000000000000L;

  private DecibelMath() {}

  /**
   * Returns {@code 20 log10(level)} in dB for a normal positive level (at least 2.2e-308).
   *
   * <p>The mantissa is brought into [sqrt(1/2), sqrt 2) and its logarithm is the series {@code 2
   * atanh(t)} with {@code t = (m - 1)/(m + 1)}, |t| < 0.172, cut after t^9 (error under 1e-9 Np).
   */
  static double levelDb(double level) {
    long bits = Double.doubleToRawLongBits(level);
    long mantissa = bits & MANTISSA;
    // 1 when the mantissa lies above sqrt 2; halving it then is an exact step of the exponent, done
    // without a branch, which noise would mispredict on every other frame.
    long above = (SQRT2_MANTISSA - mantissa) >>> 63;
    int exponent = (int) ((bits >>> 52) & 0x7FF) - 1023 + (int) above;
    double m = Double.longBitsToDouble((mantissa | ONE) - (above << 52));
    double t = (m - 1.0) / (m + 1.0);
    double t2 = t * t;
    double series =
        2.0 * t * (1.0 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9)))));
    return (exponent * LN2 + series) * DB_PER_NEPER;
  }

  /**
   * Returns {@code 10^(db/20)}, a linear gain, for a gain in dB (0 below -6000 dB).
   *
   * <p>The power of two is split into a whole number of octaves, set in the exponent, and a
   * remainder within half an octave, whose exponential is the Taylor series cut after u^8 (error
   * under 3e-10).
   */
  static double gain(double db) {
    double y = db * OCTAVES_PER_DB;
    if (y < -1000.0) {
      return 0.0;
    }
    double n = Math.rint(y);
    double u = (y - n) * LN2;
    double p =
        1.0
            + u
                * (1.0
                    + u
                        * (1.0 / 2
                            + u
                                * (1.0 / 6
                                    + u
                                        * (1.0 / 24
                                            + u
                                                * (1.0 / 120
                                                    + u
                                                        * (1.0 / 720
                                                            + u
                                                                * (1.0 / 5040
                                                                    + u * (1.0 / 40320))))))));
    return p * Double.longBitsToDouble(((long) n + 1023) << 52);
  }
}
