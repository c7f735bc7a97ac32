package lathe.dsp.saturation;

import lathe.dsp.Fft;

/**
 * Measures, the slow obvious way, how loud the aliased components of a distorted sine are: a
 * radix-2 FFT of a Blackman-Harris (4-term, periodic) windowed record whose tone lies exactly on a
 * bin, so that each component, wanted or aliased, occupies its own bin and the 3 bins either side.
 */
final class AliasSpectrum {
  private static final double[] BH = {0.35875, 0.48829, 0.14128, 0.01168};

  private AliasSpectrum() {}

  /**
   * Returns the amplitude of every bin 0..N/2 of a record, scaled so a sine of amplitude A reads A.
   */
  static double[] amplitudes(double[] record) {
    int n = record.length;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      double p = 2 * Math.PI * i / n;
      double w = BH[0] - BH[1] * Math.cos(p) + BH[2] * Math.cos(2 * p) - BH[3] * Math.cos(3 * p);
      re[i] = record[i] * w;
    }
    Fft.transform(re, im);
    double[] a = new double[n / 2 + 1];
    for (int k = 0; k <= n / 2; k++) {
      a[k] = Math.hypot(re[k], im[k]) / (BH[0] * n / 2);
    }
    return a;
  }

  /**
   * Returns the largest amplitude, in dBFS, of any bin farther than 3 bins from every harmonic
   * {@code h * toneBin} (h = 0, 1, 2, ...) that lies below half the record's rate.
   */
  static double largestAliasDbfs(double[] amplitudes, int toneBin) {
    int half = amplitudes.length - 1;
    double worst = 0;
    for (int k = 0; k <= half; k++) {
      int nearest = (int) Math.round((double) k / toneBin) * toneBin;
      if (Math.abs(k - nearest) <= 3) {
        continue;
      }
      worst = Math.max(worst, amplitudes[k]);
    }
    return 20 * Math.log10(Math.max(worst, 1e-300));
  }
}
