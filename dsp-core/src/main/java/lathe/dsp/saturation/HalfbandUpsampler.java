package lathe.dsp.saturation;

/**
 * Doubles the sample rate of one channel through a halfband filter, in polyphase form: of each
 * output pair, the first is the dot product of the non-zero taps with the input history (folded by
 * symmetry, so (K + 1) / 2 multiplications), the second is the input delayed by (K - 1) / 2 samples
 * (the centre tap); the pair lags the input by K samples of the output rate.
 */
final class HalfbandUpsampler {
  private final double[] c;
  private final int halfLength;
  private final int size;
  private final double[] ring;
  private int pos;

  HalfbandUpsampler(HalfbandDesign design) {
    c = design.foldedBranch(2.0);
    halfLength = design.halfLength();
    size = Integer.highestOneBit(halfLength + 1) * 2;
    ring = new double[2 * size];
  }

  /** Reads {@code frames} samples from {@code in} and writes {@code 2 * frames} to {@code out}. */
  void process(double[] in, int inOffset, double[] out, int frames) {
    final double[] r = ring;
    final double[] taps = c;
    final int n = taps.length;
    final int k = halfLength;
    final int centre = (halfLength - 1) / 2;
    int p = pos;
    for (int i = 0; i < frames; i++) {
      p = (p + 1) & (size - 1);
      double x = in[inOffset + i];
      r[p] = x;
      r[p + size] = x;
      int q = p + size;
      int lo = q - k;
      double acc = 0;
      for (int t = 0; t < n; t++) {
        acc += taps[t] * (r[q - t] + r[lo + t]);
      }
      out[2 * i] = acc;
      out[2 * i + 1] = r[q - centre];
    }
    pos = p;
  }

  /** Clears the history. */
  void reset() {
    java.util.Arrays.fill(ring, 0.0);
    pos = 0;
  }
}
