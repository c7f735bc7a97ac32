package lathe.dsp.multiband;

import lathe.dsp.filter.Biquad;

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

  /** Sets both sections of the low-pass side. */
  static void lowPass(double hertz, double sampleRate, Biquad first, Biquad second) {
    double k = prewarp(hertz, sampleRate);
    double k2 = k * k;
    double norm = 1.0 / (1.0 + SQRT2 * k + k2);
    double b = k2 * norm;
    double a1 = 2.0 * (k2 - 1.0) * norm;
    double a2 = (1.0 - SQRT2 * k + k2) * norm;
    first.setCoefficients(b, 2.0 * b, b, a1, a2);
    second.setCoefficients(b, 2.0 * b, b, a1, a2);
  }

  /** Sets both sections of the high-pass side. */
  static void highPass(double hertz, double sampleRate, Biquad first, Biquad second) {
    double k = prewarp(hertz, sampleRate);
    double k2 = k * k;
    double norm = 1.0 / (1.0 + SQRT2 * k + k2);
    double a1 = 2.0 * (k2 - 1.0) * norm;
    double a2 = (1.0 - SQRT2 * k + k2) * norm;
    first.setCoefficients(norm, -2.0 * norm, norm, a1, a2);
    second.setCoefficients(norm, -2.0 * norm, norm, a1, a2);
  }

  /** Sets the all-pass equal to the sum of the two sides, for phase compensation. */
  static void allPass(double hertz, double sampleRate, Biquad section) {
    double k = prewarp(hertz, sampleRate);
    double k2 = k * k;
    double norm = 1.0 / (1.0 + SQRT2 * k + k2);
    double a1 = 2.0 * (k2 - 1.0) * norm;
    double a2 = (1.0 - SQRT2 * k + k2) * norm;
    section.setCoefficients(a2, a1, 1.0, a1, a2);
  }

  private static double prewarp(double hertz, double sampleRate) {
    return Math.tan(Math.PI * clampHertz(hertz, sampleRate) / sampleRate);
  }
}
