package lathe.dsp.dynamics;

/**
 * Measures the peak of a signal the way a resampling meter does, independently of the production
 * code: a polyphase bank of a 32-tap Kaiser-windowed sinc (beta 9, cut at the input Nyquist
 * frequency, centre tap 15, each phase normalized to unit sum), {@code phases} phases with linear
 * interpolation between neighbouring phases, evaluated at every output sample of the target rate.
 * Samples outside the signal count as zero.
 */
final class ResamplerPeak {
  private static final int TAPS = 32;
  private static final int CENTER = (TAPS - 1) / 2;
  private static final double BETA = 9.0;

  private final int inRate;
  private final int outRate;
  private final int phases;
  private final double[][] bank;

  ResamplerPeak(int inRate, int outRate, int phases) {
    this.inRate = inRate;
    this.outRate = outRate;
    this.phases = phases;
    bank = new double[phases + 1][TAPS];
    for (int ph = 0; ph <= phases; ph++) {
      double norm = 0.0;
      for (int i = 0; i < TAPS; i++) {
        double d = (i - CENTER) - (double) ph / phases; // tap's distance from the output position
        double x = Math.PI * d;
        double y = x == 0 ? 1.0 : Math.sin(x) / x;
        double w = 2.0 * d / TAPS;
        y *= bessel(BETA * Math.sqrt(Math.max(1 - w * w, 0)));
        bank[ph][i] = y;
        norm += y;
      }
      for (int i = 0; i < TAPS; i++) {
        bank[ph][i] /= norm;
      }
    }
  }

  private static double bessel(double x) {
    double v = 1;
    double t = 1;
    double q = x * x / 4;
    for (int i = 1; i < 200; i++) {
      t *= q / ((double) i * i);
      v += t;
      if (t < 1e-17 * v) {
        break;
      }
    }
    return v;
  }

  /** Returns the largest magnitude of the resampled signal over all its output samples. */
  double peak(double[] x) {
    long outputs = ((long) x.length + TAPS) * outRate / inRate;
    double m = 0.0;
    for (long j = 0; j < outputs; j++) {
      long num = j * inRate; // output j sits at num / outRate input periods
      long whole = num / outRate;
      long scaled = (num % outRate) * phases;
      int ph = (int) (scaled / outRate);
      double alpha = (double) (scaled % outRate) / outRate;
      long first = whole - CENTER;
      double v0 = 0.0;
      double v1 = 0.0;
      double[] b0 = bank[ph];
      double[] b1 = bank[ph + 1];
      for (int i = 0; i < TAPS; i++) {
        long n = first + i;
        if (n >= 0 && n < x.length) {
          v0 += b0[i] * x[(int) n];
          v1 += b1[i] * x[(int) n];
        }
      }
      double v = alpha == 0 ? v0 : v0 + (v1 - v0) * alpha;
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
