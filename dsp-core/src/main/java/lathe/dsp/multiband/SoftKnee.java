package lathe.dsp.multiband;

/**
 * Computes a band's static gain: the soft-knee gain computer of a feed-forward compressor
 * (Giannoulis, Massberg and Reiss, "Digital Dynamic Range Compressor Design", JAES 2012).
 */
final class SoftKnee {
  private SoftKnee() {}

  /**
   * Returns the gain in dB (zero or negative) for a level in dB.
   *
   * @param levelDb detected level, in dBFS
   * @param thresholdDb threshold, in dBFS
   * @param kneeDb full width of the knee, in dB (0 for a hard knee)
   * @param slope {@code 1 / ratio - 1}, zero or negative
   */
  static double gainDb(double levelDb, double thresholdDb, double kneeDb, double slope) {
    double over = levelDb - thresholdDb;
    if (2.0 * over <= -kneeDb) {
      return 0.0;
    }
    if (2.0 * over < kneeDb) {
      double t = over + 0.5 * kneeDb;
      return slope * t * t / (2.0 * kneeDb);
    }
    return slope * over;
  }
}
