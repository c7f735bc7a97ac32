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
  private final double[] history;
  private final double[] sums;

  /** Creates the filter for calls of at most {@code maxFrames} input samples. */
  HalfbandUpsampler(HalfbandDesign design, int maxFrames) {
    c = design.foldedBranch(2.0);
    halfLength = design.halfLength();
    history = new double[halfLength + maxFrames];
    sums = new double[maxFrames];
  }

  /** Reads {@code frames} samples from {@code in} and writes {@code 2 * frames} to {@code out}. */
  void process(double[] in, int inOffset, double[] out, int frames) {
    final int k = halfLength;
    final double[] h = history;
    System.arraycopy(in, inOffset, h, k, frames);
    Polyphase.foldedSums(c, h, k, sums, frames);
    final int delayed = k - (k - 1) / 2;
    for (int i = 0; i < frames; i++) {
      out[2 * i] = sums[i];
      out[2 * i + 1] = h[delayed + i];
    }
    System.arraycopy(h, frames, h, 0, k);
  }

  /** Clears the history. */
  void reset() {
    java.util.Arrays.fill(history, 0.0);
  }
}
