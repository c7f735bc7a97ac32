package lathe.dsp.dither;

/**
 * Holds the error-feedback filter of the shaped dither, {@code H(z) = sum h[k] z^-(k+1)}, so that
 * the total requantization error is the white loop error filtered by {@code 1 - H(z)}.
 *
 * <p>The coefficients are the five-coefficient E-weighted optimum published in "Minimally Audible
 * Noise Shaping" (J. Audio Eng. Soc., vol. 39, no. 11, 1991), designed at 44.1 kHz: the error is
 * pushed 15 to 27 dB below flat dither from DC to 5 kHz, where the ear is most sensitive, and
 * raised by up to 19 dB near the Nyquist frequency. The shape is used as it is at 44.1 to 48 kHz.
 */
public final class NoiseShape {
  /** Lowest sample rate the shape is used at, in hertz. */
  public static final double MIN_RATE_HERTZ = 44100;

  /** Highest sample rate the shape is used at, in hertz. */
  public static final double MAX_RATE_HERTZ = 48000;

  private static final double[] COEFFICIENTS = {2.033, -2.165, 1.959, -1.590, 0.6149};

  private NoiseShape() {}

  /** Returns the number of feedback taps. */
  public static int taps() {
    return COEFFICIENTS.length;
  }

  /** Returns tap {@code k} (0 is the one-frame delay) of {@code H(z)}. */
  public static double coefficient(int k) {
    return COEFFICIENTS[k];
  }

  /** Tells whether the shape applies at a sample rate in hertz. */
  public static boolean appliesAt(double sampleRateHertz) {
    return sampleRateHertz >= MIN_RATE_HERTZ && sampleRateHertz <= MAX_RATE_HERTZ;
  }

  /**
   * Returns the power gain {@code |1 - H(e^jw)|^2} of the error at a frequency in hertz, linear.
   */
  public static double errorPowerGain(double frequencyHertz, double sampleRateHertz) {
    double w = 2 * Math.PI * frequencyHertz / sampleRateHertz;
    double re = 1.0;
    double im = 0.0;
    for (int k = 0; k < COEFFICIENTS.length; k++) {
      re -= COEFFICIENTS[k] * Math.cos(w * (k + 1));
      im += COEFFICIENTS[k] * Math.sin(w * (k + 1));
    }
    return re * re + im * im;
  }
}
