package lathe.dsp.multiband;

/**
 * Derives the sections of a Linkwitz-Riley 24 dB/oct crossover by the bilinear transform, prewarped
 * so that the crossover lands exactly at the requested frequency.
 *
 * <p>Each side is two identical second-order Butterworth sections (Q = 1/sqrt 2), so the low-pass
 * is {@code w^4 / D(s)^2} and the high-pass {@code s^4 / D(s)^2} with {@code D = s^2 + sqrt2 w s +
 * w^2}; both are -6.02 dB at the crossover and their sum is the second-order all-pass {@code (s^2 -
 * sqrt2 w s + w^2) / D(s)}, which the bilinear transform preserves exactly.
 */
final class LinkwitzRileyDesign {
  /** Highest crossover as a fraction of the sample rate; higher requests are held here. */
  static final double MAX_CROSSOVER_RATIO = 0.45;

  private static final double SQRT2 = Math.sqrt(2.0);

  private LinkwitzRileyDesign() {}

  /** Returns the crossover actually used, in hertz: the request held below 0.45 times the rate. */
  static double clampHertz(double hertz, double sampleRate) {
    return Math.min(hertz, MAX_CROSSOVER_RATIO * sampleRate);
  }

  /**
   * Writes the coefficients of a crossover as {lowB, highB, a1, a2}: each low-pass section is
   * {@code (lowB, 2 lowB, lowB) / (1, a1, a2)}, each high-pass section {@code (highB, -2 highB,
   * highB) / (1, a1, a2)}, and their sum's all-pass {@code (a2, a1, 1) / (1, a1, a2)}.
   */
  static void design(double hertz, double sampleRate, double[] out) {
    double k = prewarp(hertz, sampleRate);
    double k2 = k * k;
    double norm = 1.0 / (1.0 + SQRT2 * k + k2);
    out[0] = k2 * norm;
    out[1] = norm;
    out[2] = 2.0 * (k2 - 1.0) * norm;
    out[3] = (1.0 - SQRT2 * k + k2) * norm;
  }

  private static double prewarp(double hertz, double sampleRate) {
    return Math.tan(Math.PI * clampHertz(hertz, sampleRate) / sampleRate);
  }
}
