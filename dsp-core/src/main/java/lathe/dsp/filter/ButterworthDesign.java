package lathe.dsp.filter;

/**
 * Derives Butterworth high-pass and low-pass sections by the bilinear transform, prewarped so that
 * the -3 dB point lands exactly at the cutoff.
 *
 * <p>An order-n filter is a cascade of n/2 biquads with the Butterworth pole Qs {@code 1 / (2
 * sin((2k + 1) pi / (2n)))} and, for odd n, one first-order section. The digital magnitude equals
 * the analog Butterworth magnitude at the prewarped frequency: {@code |H|^2 = 1 / (1 + (tan(w/2) /
 * tan(wc/2))^(2n))} for the low-pass, with the ratio inverted for the high-pass.
 */
public final class ButterworthDesign {
  /** Highest order supported (48 dB/oct). */
  public static final int MAX_ORDER = 8;

  /** Highest cutoff as a fraction of the sample rate; higher requests are held here. */
  public static final double MAX_CUTOFF_RATIO = 0.45;

  private ButterworthDesign() {}

  /** Returns the number of sections (biquads plus the first-order one) an order needs. */
  public static int sectionCount(int order) {
    return (order + 1) / 2;
  }

  /** Returns the Q of biquad {@code k} (0-based) of an order-n Butterworth filter. */
  public static double poleQ(int order, int k) {
    return 1.0 / (2.0 * Math.sin((2 * k + 1) * Math.PI / (2.0 * order)));
  }

  /** Returns the cutoff actually used, in hertz: the request held below 0.45 times the rate. */
  public static double clampCutoffHertz(double cutoffHertz, double sampleRate) {
    return Math.min(cutoffHertz, MAX_CUTOFF_RATIO * sampleRate);
  }

  /**
   * Sets the sections of an order-n filter; sections beyond {@link #sectionCount} become identity.
   *
   * @param highPass true for a high-pass, false for a low-pass
   * @param order 1 to 8 (6 to 48 dB/oct), or 0 for all identity
   * @param cutoffHertz -3 dB frequency in hertz, clamped by {@link #clampCutoffHertz}
   * @param sampleRate sample rate in hertz
   * @param sections at least {@code sectionCount(MAX_ORDER)} sections
   */
  public static void design(
      boolean highPass, int order, double cutoffHertz, double sampleRate, Biquad[] sections) {
    double fc = clampCutoffHertz(cutoffHertz, sampleRate);
    double k = Math.tan(Math.PI * fc / sampleRate);
    double k2 = k * k;
    int n = 0;
    for (int i = 0; i < order / 2; i++) {
      double q = poleQ(order, i);
      double norm = 1.0 / (1.0 + k / q + k2);
      double a1 = 2.0 * (k2 - 1.0) * norm;
      double a2 = (1.0 - k / q + k2) * norm;
      if (highPass) {
        sections[n++].setCoefficients(norm, -2.0 * norm, norm, a1, a2);
      } else {
        double b = k2 * norm;
        sections[n++].setCoefficients(b, 2.0 * b, b, a1, a2);
      }
    }
    if (order % 2 == 1) {
      double norm = 1.0 / (1.0 + k);
      double a1 = (k - 1.0) * norm;
      if (highPass) {
        sections[n++].setCoefficients(norm, -norm, 0.0, a1, 0.0);
      } else {
        sections[n++].setCoefficients(k * norm, k * norm, 0.0, a1, 0.0);
      }
    }
    for (; n < sections.length; n++) {
      sections[n].setIdentity();
    }
  }
}
