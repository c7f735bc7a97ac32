package lathe.dsp.meter;

/**
 * Holds the 4x polyphase interpolation filter of ITU-R BS.1770-4 Annex 2 and evaluates it.
 *
 * <p>Phase {@code p} gives {@code y[4n + p] = sum_k H[p][k] * x[n - k]} for {@code k = 0..11}. The
 * filter delays by 23.5 oversampled periods, so the four values computed when {@code x[n]} arrives
 * lie between {@code x[n - 6]} and {@code x[n - 5]}, at 1/8, 3/8, 5/8 and 7/8 of that interval.
 */
public final class TruePeakInterpolator {
  /** Number of interpolated values per input sample. */
  public static final int PHASES = 4;

  /** Number of taps of each phase, so the number of input samples one value depends on. */
  public static final int TAPS = 12;

  /**
   * Returns how many frames the interpolated values lag the newest input sample: the values lie
   * between input frames {@code n - INTERVAL_LAG} and {@code n - INTERVAL_LAG + 1}.
   */
  public static final int INTERVAL_LAG = 6;

  // BS.1770-4 Annex 2, the published 48-tap (order 48, 4 phase) interpolating filter.
  private static final double[][] H = {
    {
      0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875,
      0.1373291015625, 0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250,
      0.0148925781250, -0.0083007812500
    },
    {
      -0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500,
      0.4650878906250, 0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625,
      0.0330810546875, -0.0189208984375
    },
    {
      -0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125,
      0.7797851562500, 0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000,
      0.0292968750000, -0.0291748046875
    },
    {
      -0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750,
      0.9721679687500, 0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125,
      0.0109863281250, 0.0017089843750
    }
  };

  private TruePeakInterpolator() {}

  /** Returns tap {@code k} of phase {@code phase} of the published filter. */
  public static double coefficient(int phase, int k) {
    return H[phase][k];
  }

  /**
   * Returns one interpolated value from a history laid out oldest first.
   *
   * @param history samples, {@code history[newest - k]} being {@code x[n - k]}
   * @param newest index of the newest sample; {@code newest - 11} must be a valid index
   * @param phase 0..3
   */
  public static double value(double[] history, int newest, int phase) {
    double[] h = H[phase];
    double sum = 0.0;
    for (int k = 0; k < TAPS; k++) {
      sum += h[k] * history[newest - k];
    }
    return sum;
  }

  /**
   * Returns the largest magnitude of the four interpolated values ending at {@code newest}.
   *
   * @param history samples, {@code history[newest - k]} being {@code x[n - k]}
   * @param newest index of the newest sample; {@code newest - 11} must be a valid index
   */
  public static double maxAbs(double[] history, int newest) {
    double m = 0.0;
    for (int p = 0; p < PHASES; p++) {
      m = Math.max(m, Math.abs(value(history, newest, p)));
    }
    return m;
  }

  /**
   * Returns the largest sum of absolute taps over the phases: no interpolated value can exceed the
   * largest magnitude among its 12 input samples times this factor.
   */
  public static double largestAbsoluteSum() {
    double largest = 0.0;
    for (double[] phase : H) {
      double sum = 0.0;
      for (double h : phase) {
        sum += Math.abs(h);
      }
      largest = Math.max(largest, sum);
    }
    return largest;
  }
}
