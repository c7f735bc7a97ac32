package lathe.dsp.dynamics;

/**
 * Computes the textbook soft-knee static curve of a downward compressor, in decibels.
 *
 * <p>For an input level {@code x}, threshold {@code T}, ratio {@code R} and knee width {@code W}
 * (all in dB but R), the gain is 0 below {@code T - W/2}, {@code (1/R - 1)(x - T + W/2)^2 / (2W)}
 * inside the knee, and {@code (1/R - 1)(x - T)} above {@code T + W/2}. A knee of 0 dB is the hard
 * knee. The curve is continuous with a continuous slope at both ends of the knee.
 */
public final class GainComputer {
  private GainComputer() {}

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
}
