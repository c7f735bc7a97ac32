package lathe.dsp.dynamics;

/**
 * Computes the textbook soft-knee static curve of a downward compressor, in decibels.
 *
 * <p>For an input level {@code x}, threshold {@code T}, ratio {@code R} and knee width {@code W}
 * (all in dB but R), the gain is 0 below {@code T - W/2}, {@code (1/R - 1)(x - T + W/2)^2 / (2W)}
 * inside the knee, and {@code (1/R - 1)(x - T)} above {@code T + W/2}. A knee of 0 dB is the hard
 * knee. The curve is continuous with a continuous slope at both ends of the knee.
 *
 * <p>{@link #levelDb} and {@link #dbGain} convert the curve's input and output between linear
 * amplitudes and decibels faster than {@link Math#log} and {@link Math#exp}, to within 1e-8 dB, for
 * the detectors that need both on every frame: they take apart the exponent bits and work out the
 * rest with a short series.
 */
public final class GainComputer {
  private static final double LN2 = Math.log(2.0);
  private static final double DB_PER_NEPER = 20.0 / Math.log(10.0);
  private static final double OCTAVES_PER_DB = Math.log(10.0) / (20.0 * LN2);
  private static final long SQRT2_MANTISSA =
      Double.doubleToRawLongBits(Math.sqrt(2.0)) & 0x000FFFFFFFFFFFFFL;
  private static final long MANTISSA = 0x000FFFFFFFFFFFFFL;
  private static final long ONE = 0x3FF0000000000000L;

  private GainComputer() {}

  /**
   * Returns {@code 20 log10(level)} in dB for a normal positive level (at least 2.2e-308), to
   * within 1e-8 dB.
   *
   * <p>The mantissa is brought into [sqrt(1/2), sqrt 2) and its logarithm is the series {@code 2
   * atanh(t)} with {@code t = (m - 1)/(m + 1)}, |t| < 0.172, cut after t^9 (error under 1e-9 Np).
   */
  public static double levelDb(double level) {
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
   * Returns {@code 10^(db/20)}, a linear gain, for a gain in dB (0 below -6000 dB), to within a
   * relative 3e-10 (3e-9 dB); 0 dB gives exactly 1.
   *
   * <p>The power of two is split into a whole number of octaves, set in the exponent, and a
   * remainder within half an octave, whose exponential is the Taylor series cut after u^8,
   * evaluated with fused multiply-adds (error under 3e-10; the largest measured from -200 to +48 dB
   * is 2.72e-10, as without them, the cut dominating the rounding).
   */
  public static double dbGain(double db) {
    double y = db * OCTAVES_PER_DB;
    if (y < -1000.0) {
      return 0.0;
    }
    double n = Math.rint(y);
    double u = (y - n) * LN2;
    double p = series(u);
    return p * Double.longBitsToDouble(((long) n + 1023) << 52);
  }

  /**
   * Returns the Taylor series of {@code e^u} cut after u^8, in Horner form with fused
   * multiply-adds: half the rounding steps and half the dependent operations of separate products
   * and sums.
   */
  private static double series(double u) {
    double p = Math.fma(u, 1.0 / 40320, 1.0 / 5040);
    p = Math.fma(u, p, 1.0 / 720);
    p = Math.fma(u, p, 1.0 / 120);
    p = Math.fma(u, p, 1.0 / 24);
    p = Math.fma(u, p, 1.0 / 6);
    p = Math.fma(u, p, 1.0 / 2);
    p = Math.fma(u, p, 1.0);
    return Math.fma(u, p, 1.0);
  }

  /**
   * Writes {@link #levelDb} of {@code level[i]} into {@code out[i]} for {@code i} in {@code [from,
   * to)}, the same value bit for bit; {@code out} may be {@code level}.
   *
   * <p>The work runs in four loops so that each can be compiled to vector instructions: the
   * compiler vectorises a reinterpretation between a double and its bits only in a loop that does
   * nothing else, so taking the bits apart and putting the mantissa back together each get their
   * own pass, and the series runs over whole rows.
   *
   * @param bits scratch, at least {@code to} long
   * @param mantissas scratch, at least {@code to} long
   */
  public static void levelsDb(
      double[] level, double[] out, int from, int to, long[] bits, double[] mantissas) {
    for (int i = from; i < to; i++) {
      bits[i] = Double.doubleToRawLongBits(level[i]);
    }
    for (int i = from; i < to; i++) {
      long b = bits[i];
      long mantissa = b & MANTISSA;
      long above = (SQRT2_MANTISSA - mantissa) >>> 63;
      out[i] = (double) (((b >>> 52) & 0x7FF) - 1023 + above);
      bits[i] = (mantissa | ONE) - (above << 52);
    }
    for (int i = from; i < to; i++) {
      mantissas[i] = Double.longBitsToDouble(bits[i]);
    }
    for (int i = from; i < to; i++) {
      double m = mantissas[i];
      double t = (m - 1.0) / (m + 1.0);
      double t2 = t * t;
      double series =
          2.0 * t * (1.0 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9)))));
      out[i] = (out[i] * LN2 + series) * DB_PER_NEPER;
    }
  }

  /**
   * Writes {@link #dbGain} of {@code db[i]} into {@code out[i]} for {@code i} in {@code [from,
   * to)}, the same value bit for bit; {@code out} may be {@code db}.
   *
   * <p>As in {@link #levelsDb}, the power of two is put together from its bits in a loop of its
   * own, so that both loops can be compiled to vector instructions.
   *
   * @param bits scratch, at least {@code to} long
   */
  public static void dbGains(double[] db, double[] out, int from, int to, long[] bits) {
    for (int i = from; i < to; i++) {
      // Below -1000 octaves the gain is 0: the power of two's bits are then 0. Holding y above
      // -1100 keeps the series finite there (for -infinity), without touching any other value.
      double y = Math.max(db[i] * OCTAVES_PER_DB, -1100.0);
      double k = Math.rint(y);
      double u = (y - k) * LN2;
      out[i] = series(u);
      // All ones from -1000 octaves up, 0 below: the sign of y + 1000 (exact there, and +0.0 at
      // -1000) spread over the word, a mask, not a branch.
      long heard = ~((long) Math.floor(y + 1000.0) >> 63);
      bits[i] = (((long) k + 1023) << 52) & heard;
    }
    for (int i = from; i < to; i++) {
      out[i] *= Double.longBitsToDouble(bits[i]);
    }
  }

  private static final boolean VECTORS = lathe.dsp.VectorSupport.enabled();

  /**
   * Replaces {@code db[from..to)} by {@link #gainDbForKneeScale} of each value, the same values bit
   * for bit, in vector lanes where the vector module is there.
   */
  public static void curveRow(
      double[] db, int from, int to, double threshold, double slope, double knee, double scale) {
    if (VECTORS) {
      VectorCurve.row(db, from, to, threshold, slope, knee, scale);
    } else {
      curveRowScalar(db, from, to, threshold, slope, knee, scale);
    }
  }

  /** Does what {@link #curveRow} does, one frame at a time. */
  static void curveRowScalar(
      double[] db, int from, int to, double threshold, double slope, double knee, double scale) {
    for (int i = from; i < to; i++) {
      db[i] = gainDbForKneeScale(db[i], threshold, slope, knee, scale);
    }
  }

  /**
   * Writes into {@code out[i]}, {@code i} in {@code [from, to)}, {@link #gainDbForKneeScale} of
   * {@code db[i]} where {@code level[i] > kneeStart}, else 0.0, the same values bit for bit, in
   * vector lanes where the vector module is there; {@code out} may be {@code db}.
   */
  public static void curveRowAboveKnee(
      double[] level,
      double[] db,
      double[] out,
      int from,
      int to,
      double kneeStart,
      double threshold,
      double slope,
      double knee,
      double scale) {
    if (VECTORS) {
      VectorCurve.gated(level, db, out, from, to, kneeStart, threshold, slope, knee, scale);
    } else {
      curveRowAboveKneeScalar(level, db, out, from, to, kneeStart, threshold, slope, knee, scale);
    }
  }

  /** Does what {@link #curveRowAboveKnee} does, one frame at a time. */
  static void curveRowAboveKneeScalar(
      double[] level,
      double[] db,
      double[] out,
      int from,
      int to,
      double kneeStart,
      double threshold,
      double slope,
      double knee,
      double scale) {
    for (int i = from; i < to; i++) {
      out[i] =
          level[i] > kneeStart ? gainDbForKneeScale(db[i], threshold, slope, knee, scale) : 0.0;
    }
  }

  /** Compiles the vector curve before any audio needs it, once per JVM; see {@link #curveRow}. */
  public static void warmUpVectors() {
    if (VECTORS) {
      VectorCurve.warmUp();
    }
  }

  /**
   * Returns the gain in dB (0 or negative) that the curve applies at an input level.
   *
   * @param levelDb detected input level, in dB
   * @param thresholdDb threshold, in dB
   * @param ratio compression ratio, 1 or more (1 is no compression)
   * @param kneeDb full width of the soft knee, in dB, 0 or more
   */
  public static double gainDb(double levelDb, double thresholdDb, double ratio, double kneeDb) {
    return gainDbForSlope(levelDb, thresholdDb, slopeOf(ratio), kneeDb);
  }

  /** Returns the curve's slope above the knee, {@code 1/ratio - 1}: 0 for 1:1, -1 for limiting. */
  public static double slopeOf(double ratio) {
    return 1.0 / ratio - 1.0;
  }

  /**
   * Returns the gain in dB (0 or negative) for a slope {@code 1/R - 1} already worked out, the form
   * the audio loop uses.
   *
   * @param levelDb detected input level, in dB
   * @param thresholdDb threshold, in dB
   * @param slope {@code 1/ratio - 1}, between -1 and 0
   * @param kneeDb full width of the soft knee, in dB, 0 or more
   */
  public static double gainDbForSlope(
      double levelDb, double thresholdDb, double slope, double kneeDb) {
    double over = levelDb - thresholdDb;
    double half = 0.5 * kneeDb;
    if (over <= -half) {
      return 0.0;
    }
    if (over < half) {
      double into = over + half;
      return slope * into * into / (2.0 * kneeDb);
    }
    return slope * over;
  }

  /**
   * Returns the knee's scale {@code slope / (2 kneeDb)} for {@link #gainDbForKneeScale}, 0 for the
   * hard knee, whose curve never reads it.
   */
  public static double kneeScaleOf(double slope, double kneeDb) {
    return kneeDb > 0.0 ? slope / (2.0 * kneeDb) : 0.0;
  }

  /**
   * Returns the gain in dB of {@link #gainDbForSlope} with the knee's division worked out once, in
   * {@code kneeScale} ({@link #kneeScaleOf}); the result differs from it by rounding alone (under
   * 1e-12 dB).
   *
   * @param levelDb detected input level, in dB
   * @param thresholdDb threshold, in dB
   * @param slope {@code 1/ratio - 1}, between -1 and 0
   * @param kneeDb full width of the soft knee, in dB, 0 or more
   * @param kneeScale {@code slope / (2 kneeDb)}, from {@link #kneeScaleOf}
   */
  public static double gainDbForKneeScale(
      double levelDb, double thresholdDb, double slope, double kneeDb, double kneeScale) {
    double over = levelDb - thresholdDb;
    double half = 0.5 * kneeDb;
    if (over <= -half) {
      return 0.0;
    }
    if (over < half) {
      double into = over + half;
      return kneeScale * into * into;
    }
    return slope * over;
  }
}
