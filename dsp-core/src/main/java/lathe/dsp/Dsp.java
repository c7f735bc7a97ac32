package lathe.dsp;

/** Holds small numeric helpers shared by the processors. */
public final class Dsp {
  /** Magnitudes below this are snapped to zero to keep recursive state out of denormal range. */
  public static final double DENORMAL_THRESHOLD = 1e-30;

  /** Largest magnitude accepted as a sample; anything beyond (or NaN) is treated as a fault. */
  public static final double MAX_SAMPLE = 1e9;

  private Dsp() {}

  /** Converts decibels to a linear amplitude factor. */
  public static double dbToGain(double decibels) {
    return Math.pow(10.0, decibels / 20.0);
  }

  /** Converts a linear amplitude factor to decibels; zero gives negative infinity. */
  public static double gainToDb(double gain) {
    return 20.0 * Math.log10(gain);
  }

  /** Returns zero for a tiny magnitude, otherwise the value itself. */
  public static double flushDenormal(double value) {
    return Math.abs(value) < DENORMAL_THRESHOLD ? 0.0 : value;
  }

  /** Tells whether a value is a usable sample: finite and not absurdly large. */
  public static boolean isSane(double value) {
    return Math.abs(value) <= MAX_SAMPLE;
  }

  /**
   * Replaces NaN, infinite and absurdly large samples by zero, in place.
   *
   * @return the number of samples replaced
   */
  public static int sanitize(double[][] channels, int channelCount, int frames) {
    int replaced = 0;
    for (int c = 0; c < channelCount; c++) {
      double[] x = channels[c];
      for (int i = 0; i < frames; i++) {
        if (!(Math.abs(x[i]) <= MAX_SAMPLE)) {
          x[i] = 0.0;
          replaced++;
        }
      }
    }
    return replaced;
  }

  /**
   * Returns the modified Bessel function of the first kind, order zero, by its power series (to
   * double precision), for Kaiser windows.
   */
  public static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 500; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
