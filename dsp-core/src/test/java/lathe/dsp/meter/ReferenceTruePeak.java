package lathe.dsp.meter;

/**
 * Measures true peak the slow, obvious way, independently of the production code: zero-stuffing by
 * 4 and direct convolution with the 48-tap prototype of BS.1770-4 Annex 2; and, for comparison, a
 * long Kaiser-windowed sinc interpolator at 16x.
 */
public final class ReferenceTruePeak {
  /** The Annex 2 prototype, h[4k + p] = phase p tap k, as the standard's table reads by rows. */
  static final double[] PROTOTYPE = new double[48];

  static {
    double[][] rows = {
      {0.0017089843750, -0.0291748046875, -0.0189208984375, -0.0083007812500},
      {0.0109863281250, 0.0292968750000, 0.0330810546875, 0.0148925781250},
      {-0.0196533203125, -0.0517578125000, -0.0582275390625, -0.0266113281250},
      {0.0332031250000, 0.0891113281250, 0.1015625000000, 0.0476074218750},
      {-0.0594482421875, -0.1665039062500, -0.2003173828125, -0.1022949218750},
      {0.1373291015625, 0.4650878906250, 0.7797851562500, 0.9721679687500},
      {0.9721679687500, 0.7797851562500, 0.4650878906250, 0.1373291015625},
      {-0.1022949218750, -0.2003173828125, -0.1665039062500, -0.0594482421875},
      {0.0476074218750, 0.1015625000000, 0.0891113281250, 0.0332031250000},
      {-0.0266113281250, -0.0582275390625, -0.0517578125000, -0.0196533203125},
      {0.0148925781250, 0.0330810546875, 0.0292968750000, 0.0109863281250},
      {-0.0083007812500, -0.0189208984375, -0.0291748046875, 0.0017089843750},
    };
    for (int k = 0; k < 12; k++) {
      for (int p = 0; p < 4; p++) {
        PROTOTYPE[4 * k + p] = rows[k][p];
      }
    }
  }

  private ReferenceTruePeak() {}

  /** Returns tap {@code k} of phase {@code p} of the test's own copy of the Annex 2 filter. */
  public static double coefficientForTest(int p, int k) {
    return PROTOTYPE[4 * k + p];
  }

  /**
   * Returns the 4x oversampled signal {@code y[j] = sum_i h[i] * u[j - i]}, u being x zero-stuffed
   * by 4 (zeros before and after x), for j = 0 .. 4 * (n + 11) + 3.
   */
  public static double[] annex2Upsampled(double[] x) {
    int n = x.length;
    double[] y = new double[4 * (n + 12)];
    for (int j = 0; j < y.length; j++) {
      double s = 0.0;
      for (int i = 0; i < 48; i++) {
        int u = j - i;
        if (u >= 0 && (u & 3) == 0 && (u >> 2) < n) {
          s += PROTOTYPE[i] * x[u >> 2];
        }
      }
      y[j] = s;
    }
    return y;
  }

  /** Returns the Annex 2 true peak (linear) of one channel: samples and 4x values. */
  public static double annex2(double[] x) {
    double m = 0.0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    for (double v : annex2Upsampled(x)) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /**
   * Returns the peak (linear) of a 16x interpolation with a Kaiser-windowed sinc of 2 * half taps
   * (beta 12): a closer estimate of the reconstructed waveform's peak than Annex 2.
   */
  public static double sinc16(double[] x, int half) {
    final int over = 16;
    double beta = 12.0;
    double i0b = besselI0(beta);
    double[][] taps = new double[over][2 * half];
    for (int q = 0; q < over; q++) {
      double frac = q / (double) over;
      for (int k = -half + 1; k <= half; k++) {
        double t = k - frac; // sample n + k, evaluated at n + frac
        double sinc = t == 0 ? 1.0 : Math.sin(Math.PI * t) / (Math.PI * t);
        double r = t / half;
        double win = Math.abs(r) >= 1 ? 0.0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0b;
        taps[q][k + half - 1] = sinc * win;
      }
    }
    double m = 0.0;
    for (int n = 0; n < x.length; n++) {
      m = Math.max(m, Math.abs(x[n]));
      for (int q = 1; q < over; q++) {
        double s = 0.0;
        for (int k = -half + 1; k <= half; k++) {
          int idx = n + k;
          if (idx >= 0 && idx < x.length) {
            s += taps[q][k + half - 1] * x[idx];
          }
        }
        m = Math.max(m, Math.abs(s));
      }
    }
    return m;
  }

  private static double besselI0(double x) {
    double sum = 1.0;
    double term = 1.0;
    for (int k = 1; k < 60; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
    }
    return sum;
  }
}
