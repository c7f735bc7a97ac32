package lathe.dsp.saturation;

/** Holds the inner loop shared by the halfband up- and downsamplers. */
final class Polyphase {
  private Polyphase() {}

  /**
   * Computes, for each {@code i < frames}, {@code sums[i] = sum over t of c[t] * (x[k + i - t] +
   * x[i + t])}: a symmetric branch of K + 1 taps folded in half, run over a history whose newest
   * sample for output i sits at {@code x[k + i]}. Eight (then four) outputs are computed per pass
   * over the taps, so each tap is loaded once for all of them and their sums overlap in the
   * pipeline; in the eight-wide pass the samples are kept in registers and shifted by one output
   * per tap, so each tap loads two new samples instead of sixteen. Each term is added by a fused
   * multiply-add ({@link Math#fma}, one rounding), and every sum adds its terms in the same order
   * whatever the block length, so the result does not depend on how the stream is cut.
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
      final int top = k + i;
      double h0 = x[top];
      double h1 = x[top + 1];
      double h2 = x[top + 2];
      double h3 = x[top + 3];
      double h4 = x[top + 4];
      double h5 = x[top + 5];
      double h6 = x[top + 6];
      double h7 = x[top + 7];
      double l0 = x[i];
      double l1 = x[i + 1];
      double l2 = x[i + 2];
      double l3 = x[i + 3];
      double l4 = x[i + 4];
      double l5 = x[i + 5];
      double l6 = x[i + 6];
      double l7 = x[i + 7];
      for (int t = 0; t < n; t++) {
        double ct = c[t];
        s0 = Math.fma(ct, h0 + l0, s0);
        s1 = Math.fma(ct, h1 + l1, s1);
        s2 = Math.fma(ct, h2 + l2, s2);
        s3 = Math.fma(ct, h3 + l3, s3);
        s4 = Math.fma(ct, h4 + l4, s4);
        s5 = Math.fma(ct, h5 + l5, s5);
        s6 = Math.fma(ct, h6 + l6, s6);
        s7 = Math.fma(ct, h7 + l7, s7);
        // The next tap's samples are these shifted by one output: two new loads, not sixteen.
        h7 = h6;
        h6 = h5;
        h5 = h4;
        h4 = h3;
        h3 = h2;
        h2 = h1;
        h1 = h0;
        h0 = x[top - t - 1];
        l0 = l1;
        l1 = l2;
        l2 = l3;
        l3 = l4;
        l4 = l5;
        l5 = l6;
        l6 = l7;
        l7 = x[i + t + 8];
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
        s0 = Math.fma(ct, x[hi] + x[lo], s0);
        s1 = Math.fma(ct, x[hi + 1] + x[lo + 1], s1);
        s2 = Math.fma(ct, x[hi + 2] + x[lo + 2], s2);
        s3 = Math.fma(ct, x[hi + 3] + x[lo + 3], s3);
      }
      sums[i] = s0;
      sums[i + 1] = s1;
      sums[i + 2] = s2;
      sums[i + 3] = s3;
    }
    for (; i < frames; i++) {
      double s = 0;
      for (int t = 0; t < n; t++) {
        s = Math.fma(c[t], x[k - t + i] + x[t + i], s);
      }
      sums[i] = s;
    }
  }
}
