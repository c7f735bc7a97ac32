package lathe.dsp.saturation;

import lathe.dsp.Dsp;

/**
 * Designs a linear-phase halfband low-pass (cutoff at a quarter of its sample rate) as a
 * Kaiser-windowed sinc: {@code h[j] = sin(pi j / 2) / (pi j) * w(j)} for {@code |j| <= K}, with
 * {@code h[0] = 1/2}, every other even tap zero, and the Kaiser window {@code w(j) = I0(beta sqrt(1
 * - (j/K)^2)) / I0(beta)}.
 *
 * <p>Beta and the half-length K follow Kaiser's closed forms for a stopband attenuation of {@code
 * A} dB and a transition width {@code df} (as a fraction of the filter's sample rate): {@code beta
 * = 0.1102 (A - 8.7)} and {@code 2K = (A - 7.95) / (2.285 * 2 pi df)}, rounded up so that K is odd
 * (the outermost taps are then non-zero). The odd taps are scaled to sum to exactly 1/2, so the DC
 * gain is exactly 1 and the response at half the sample rate exactly 0.
 */
public final class HalfbandDesign {
  private final int halfLength;
  private final double[] oddTaps;

  /**
   * Designs the filter.
   *
   * @param transitionWidth width of the transition band centred on a quarter of the sample rate, as
   *     a fraction of the filter's sample rate (0.02 means from 0.24 to 0.26)
   * @param attenuationDecibels stopband attenuation, in dB (at least 50)
   */
  public HalfbandDesign(double transitionWidth, double attenuationDecibels) {
    double span = (attenuationDecibels - 7.95) / (2.285 * 2 * Math.PI * transitionWidth);
    int k = (int) Math.ceil(span / 2);
    if (k % 2 == 0) {
      k++;
    }
    halfLength = k;
    double beta = 0.1102 * (attenuationDecibels - 8.7);
    double i0Beta = Dsp.besselI0(beta);
    oddTaps = new double[(k + 1) / 2];
    double sum = 0;
    for (int m = 0; m < oddTaps.length; m++) {
      int j = 2 * m + 1;
      double r = (double) j / k;
      double w = Dsp.besselI0(beta * Math.sqrt(Math.max(0.0, 1 - r * r))) / i0Beta;
      oddTaps[m] = Math.sin(Math.PI * j / 2) / (Math.PI * j) * w;
      sum += 2 * oddTaps[m];
    }
    for (int m = 0; m < oddTaps.length; m++) {
      oddTaps[m] *= 0.5 / sum;
    }
  }

  /** Returns K, the half-length: the filter has 2K + 1 taps and delays by K samples. */
  public int halfLength() {
    return halfLength;
  }

  /** Returns tap {@code h[j]} for {@code -K <= j <= K} (zero outside). */
  public double tap(int j) {
    int a = Math.abs(j);
    if (a == 0) {
      return 0.5;
    }
    if (a > halfLength || a % 2 == 0) {
      return 0.0;
    }
    return oddTaps[(a - 1) / 2];
  }

  /**
   * Returns the polyphase coefficients {@code c[t] = scale * h[2t - K]} for {@code t = 0 .. (K -
   * 1)/2}; by symmetry {@code h[2(K - t) - K] = h[2t - K]}, so the branch needs only these.
   */
  double[] foldedBranch(double scale) {
    int n = (halfLength + 1) / 2;
    double[] c = new double[n];
    for (int t = 0; t < n; t++) {
      c[t] = scale * tap(2 * t - halfLength);
    }
    return c;
  }
}
