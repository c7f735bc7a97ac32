package lathe.dsp.saturation;

/**
 * Halves the sample rate of one channel through a halfband filter, in polyphase form: each output
 * is the folded dot product of the non-zero taps with the even-indexed inputs plus half the
 * odd-indexed input of (K + 1) / 2 frames before; it lags the input by K samples of the input rate,
 * or K + 1 when built with a one-sample pad (used to make the total delay whole at the lower rate).
 */
final class HalfbandDecimator {
  private final double[] c;
  private final int halfLength;
  private final boolean pad;
  private final int size;
  private final double[] even;
  private final double[] odd;
  private double held;
  private int pos;

  HalfbandDecimator(HalfbandDesign design, boolean pad) {
    c = design.foldedBranch(1.0);
    halfLength = design.halfLength();
    this.pad = pad;
    size = Integer.highestOneBit(halfLength + 1) * 2;
    even = new double[2 * size];
    odd = new double[2 * size];
  }

  /** Reads {@code 2 * frames} samples from {@code in} and writes {@code frames} to {@code out}. */
  void process(double[] in, double[] out, int outOffset, int frames) {
    final double[] e = even;
    final double[] o = odd;
    final double[] taps = c;
    final int n = taps.length;
    final int k = halfLength;
    final int centre = (halfLength + 1) / 2;
    int p = pos;
    double h = held;
    for (int i = 0; i < frames; i++) {
      p = (p + 1) & (size - 1);
      double v0 = in[2 * i];
      double v1 = in[2 * i + 1];
      double ev;
      double ov;
      if (pad) {
        ev = h;
        ov = v0;
        h = v1;
      } else {
        ev = v0;
        ov = v1;
      }
      e[p] = ev;
      e[p + size] = ev;
      o[p] = ov;
      o[p + size] = ov;
      int q = p + size;
      int lo = q - k;
      double acc = 0;
      for (int t = 0; t < n; t++) {
        acc += taps[t] * (e[q - t] + e[lo + t]);
      }
      out[outOffset + i] = acc + 0.5 * o[q - centre];
    }
    pos = p;
    held = h;
  }

  /** Clears the history. */
  void reset() {
    java.util.Arrays.fill(even, 0.0);
    java.util.Arrays.fill(odd, 0.0);
    held = 0;
    pos = 0;
  }
}
