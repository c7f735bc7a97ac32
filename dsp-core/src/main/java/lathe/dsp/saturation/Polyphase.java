package lathe.dsp.saturation;

/** Holds the inner loop shared by the halfband up- and downsamplers. */
final class Polyphase {
  private Polyphase() {}

  /**
   * Computes, for each {@code i < frames}, {@code sums[i] = sum over t of c[t] * (x[k + i - t] +
   * x[i + t])}: a symmetric branch of K + 1 taps folded in half, run over a history whose newest
   * sample for output i sits at {@code x[k + i]}. Eight (then four) outputs are computed per pass
   * over the taps, so each tap is loaded once for all of them and their sums overlap in the
   * pipeline (two to three times as fast as one output at a time); every sum adds its terms in the
   * same order whatever the block length, so the result does not depend on how the stream is cut.
   */
  static void foldedSums(double[] c, double[] x, int k, double[] sums, int frames) {
    final int n = c.length;
    int i = 0;
    for (; i + 7 < frames; i += 8) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      for (int t = 0; t < n; t++) {
        double ct = c[t];
        int hi = k - t + i;
        int lo = t + i;
        s0 += ct * (x[hi] + x[lo]);
        s1 += ct * (x[hi + 1] + x[lo + 1]);
        s2 += ct * (x[hi + 2] + x[lo + 2]);
        s3 += ct * (x[hi + 3] + x[lo + 3]);
        s4 += ct * (x[hi + 4] + x[lo + 4]);
        s5 += ct * (x[hi + 5] + x[lo + 5]);
        s6 += ct * (x[hi + 6] + x[lo + 6]);
        s7 += ct * (x[hi + 7] + x[lo + 7]);
      }
      sums[i] = s0;
      sums[i + 1] = s1;
      sums[i + 2] = s2;
      sums[i + 3] = s3;
      sums[i + 4] = s4;
      sums[i + 5] = s5;
      sums[i + 6] = s6;
      sums[i + 7] = s7;
    }
    for (; i + 3 < frames; i += 4) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int t = 0; t < n; t++) {
        double ct = c[t];
        int hi = k - t + i;
        int lo = t + i;
        s0 += ct * (x[hi] + x[lo]);
        s1 += ct * (x[hi + 1] + x[lo + 1]);
        s2 += ct * (x[hi + 2] + x[lo + 2]);
        s3 += ct * (x[hi + 3] + x[lo + 3]);
      }
      sums[i] = s0;
      sums[i + 1] = s1;
      sums[i + 2] = s2;
      sums[i + 3] = s3;
    }
    for (; i < frames; i++) {
      double s = 0;
      for (int t = 0; t < n; t++) {
        s += c[t] * (x[k - t + i] + x[t + i]);
      }
      sums[i] = s;
    }
  }
}
