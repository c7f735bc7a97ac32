package lathe.dsp.saturation;

/**
 * Halves the sample rate of two channels through a polyphase IIR halfband: of {@code H(z) =
 * (A0(z^2) + z^-1 A1(z^2)) / 2} only the odd outputs are kept, {@code y[m] = (A0 x_odd[m] + A1
 * x_even[m]) / 2} with {@code x_odd[m] = x[2m + 1]} and {@code x_even[m] = x[2m]}, so both branches
 * run at the output rate and each output is one input sample sooner than H's own delay.
 */
final class IirHalfbandDecimator {
  private final IirPolyphase branches;
  private final IirPolyphase.Lanes input = new IirPolyphase.Lanes();

  /** Creates the filter for calls of at most {@code maxFrames} output samples. */
  IirHalfbandDecimator(IirHalfbandDesign design, int maxFrames) {
    branches = new IirPolyphase(design, maxFrames);
  }

  /**
   * Reads {@code 2 * frames} samples of each channel from {@code inOffset} and writes {@code
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
    // A0 reads the odd inputs, A1 the even ones; the last pass writes their half sum.
    input.set(inL, inL, inR, inR, inOffset + 1, inOffset, 2);
    branches.runAndCombine(input, outL, outR, outOffset, frames);
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
