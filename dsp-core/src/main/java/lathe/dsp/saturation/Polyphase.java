package lathe.dsp.saturation;

/** Holds the inner loop shared by the halfband up- and downsamplers. */
final class Polyphase {
  private Polyphase() {}

  /**
   * Computes, for each {@code i < frames}, {@code sums[i] = sum over t of c[t] * (x[k + i - t] +
   * x[i + t])}: a symmetric branch of K + 1 taps folded in half, run over a history whose newest
   * sample for output i sits at {@code x[k + i]}. Four outputs are computed per pass over the taps,
   * so each tap is loaded once for four outputs and the four sums overlap in the pipeline (twice as
   * fast as one output at a time); every sum adds its terms in the same order whatever the block
   * length, so the result does not depend on how the stream is cut.
   */
  static void foldedSums(double[] c, double[] x, int k, double[] sums, int frames) {
    final int n = c.length;
    int i = 0;
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
