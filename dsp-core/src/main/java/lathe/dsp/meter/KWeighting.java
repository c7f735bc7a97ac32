package lathe.dsp.meter;

/**
 * Designs the K-weighting filter of ITU-R BS.1770-4 for any sample rate: a high-shelf pre-filter
 * followed by the RLB high-pass, both derived from their analog prototypes through the bilinear
 * transform with the prototype's own frequency warped onto the rate.
 *
 * <p>The prototype parameters are the ones that reproduce the standard's published 48 kHz
 * coefficients: shelf at 1681.974450955533 Hz, gain 3.999843853973347 dB, Q 0.7071752369554196
 * (with a band gain of {@code Vh^0.4996667741545416}); high-pass at 38.13547087602444 Hz, Q
 * 0.5003270373238773. As in the standard, the high-pass numerator is {@code 1 - 2z^-1 + z^-2}
 * unscaled.
 */
public final class KWeighting {
  /** Centre frequency of the pre-filter's shelf, in hertz. */
  public static final double SHELF_HERTZ = 1681.974450955533;

  /** Gain of the pre-filter's shelf at high frequencies, in decibels. */
  public static final double SHELF_GAIN_DECIBELS = 3.999843853973347;

  /** Quality factor of the pre-filter's shelf. */
  public static final double SHELF_Q = 0.7071752369554196;

  /** Exponent giving the shelf's mid-band gain from its high-frequency gain. */
  public static final double SHELF_BAND_EXPONENT = 0.4996667741545416;

  /** Corner frequency of the RLB high-pass, in hertz. */
  public static final double HIGH_PASS_HERTZ = 38.13547087602444;

  /** Quality factor of the RLB high-pass. */
  public static final double HIGH_PASS_Q = 0.5003270373238773;

  private KWeighting() {}

  /**
   * Returns the pre-filter (stage 1) coefficients for a rate, laid out as {b0, b1, b2, a1, a2} with
   * a0 = 1.
   *
   * @param sampleRate sample rate in hertz
   */
  public static double[] shelf(double sampleRate) {
    double k = Math.tan(Math.PI * SHELF_HERTZ / sampleRate);
    double vh = Math.pow(10.0, SHELF_GAIN_DECIBELS / 20.0);
    double vb = Math.pow(vh, SHELF_BAND_EXPONENT);
    double a0 = 1.0 + k / SHELF_Q + k * k;
    return new double[] {
      (vh + vb * k / SHELF_Q + k * k) / a0,
      2.0 * (k * k - vh) / a0,
      (vh - vb * k / SHELF_Q + k * k) / a0,
      2.0 * (k * k - 1.0) / a0,
      (1.0 - k / SHELF_Q + k * k) / a0
    };
  }

  /**
   * Returns the RLB high-pass (stage 2) coefficients for a rate, laid out as {b0, b1, b2, a1, a2}
   * with a0 = 1 and the numerator {1, -2, 1} of the standard.
   *
   * @param sampleRate sample rate in hertz
   */
  public static double[] highPass(double sampleRate) {
    double k = Math.tan(Math.PI * HIGH_PASS_HERTZ / sampleRate);
    double a0 = 1.0 + k / HIGH_PASS_Q + k * k;
    return new double[] {
      1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / HIGH_PASS_Q + k * k) / a0
    };
  }
}
