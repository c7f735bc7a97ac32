package lathe.dsp.saturation;

/**
 * Doubles the sample rate of two channels through a polyphase IIR halfband: filtering the
 * zero-stuffed input by {@code 2 H(z) = A0(z^2) + z^-1 A1(z^2)} makes each output pair {@code (A0
 * x[m], A1 x[m])}, so both branches run at the input rate on the same input.
 */
final class IirHalfbandUpsampler {
  private final IirPolyphase branches;
  private final IirPolyphase.Lanes input = new IirPolyphase.Lanes();
  private final IirPolyphase.Lanes output = new IirPolyphase.Lanes();

  /** Creates the filter for calls of at most {@code maxFrames} input samples. */
  IirHalfbandUpsampler(IirHalfbandDesign design, int maxFrames) {
    branches = new IirPolyphase(design, maxFrames);
  }

  /**
   * Reads {@code frames} samples of each channel from {@code inOffset} and writes {@code 2 *
   * frames} to each output from {@code outOffset}.
   */
  void process(
      double[] inL,
      double[] inR,
      int inOffset,
      double[] outL,
      double[] outR,
      int outOffset,
      int frames) {
    // Both branches read the same input; A0 writes the even outputs, A1 the odd ones.
    input.set(inL, inL, inR, inR, inOffset, inOffset, 1);
    output.set(outL, outL, outR, outR, outOffset, outOffset + 1, 2);
    branches.run(input, output, frames);
  }

  /** Snaps tiny state to zero. */
  void snapDenormals() {
    branches.snapDenormals();
  }

  /** Clears the state. */
  void reset() {
    branches.reset();
  }
}
