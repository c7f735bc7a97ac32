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
  private final double[] even;
  private final double[] odd;
  private final double[] sums;
  private double held;

  /** Creates the filter for calls of at most {@code maxFrames} output samples. */
  HalfbandDecimator(HalfbandDesign design, boolean pad, int maxFrames) {
    c = design.foldedBranch(1.0);
    halfLength = design.halfLength();
    this.pad = pad;
    even = new double[halfLength + maxFrames];
    odd = new double[halfLength + maxFrames];
    sums = new double[maxFrames];
  }

  /** Reads {@code 2 * frames} samples from {@code in} and writes {@code frames} to {@code out}. */
  void process(double[] in, double[] out, int outOffset, int frames) {
    final int k = halfLength;
    final double[] e = even;
    final double[] o = odd;
    if (pad) {
      double h = held;
      for (int i = 0; i < frames; i++) {
        e[k + i] = h;
        o[k + i] = in[2 * i];
        h = in[2 * i + 1];
      }
      held = h;
    } else {
      for (int i = 0; i < frames; i++) {
        e[k + i] = in[2 * i];
        o[k + i] = in[2 * i + 1];
      }
    }
    Polyphase.foldedSums(c, e, k, sums, frames);
    final int delayed = k - (k + 1) / 2;
    for (int i = 0; i < frames; i++) {
      out[outOffset + i] = sums[i] + 0.5 * o[delayed + i];
    }
    System.arraycopy(e, frames, e, 0, k);
    System.arraycopy(o, frames, o, 0, k);
  }

  /** Clears the history. */
  void reset() {
    java.util.Arrays.fill(even, 0.0);
    java.util.Arrays.fill(odd, 0.0);
    held = 0;
  }
}
