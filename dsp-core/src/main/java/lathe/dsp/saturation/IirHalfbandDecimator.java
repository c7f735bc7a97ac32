package lathe.dsp.saturation;

/**
 * Halves the sample rate of two channels through a polyphase IIR halfband: of {@code H(z) =
 * (A0(z^2) + z^-1 A1(z^2)) / 2} only the odd outputs are kept, {@code y[m] = (A0 x_odd[m] + A1
 * x_even[m]) / 2} with {@code x_odd[m] = x[2m + 1]} and {@code x_even[m] = x[2m]}, so both branches
 * run at the output rate and each output is one input sample sooner than H's own delay.
 */
final class IirHalfbandDecimator {
  private final IirPolyphase branches;
  private final double[] l0;
  private final double[] l1;
  private final double[] r0;
  private final double[] r1;

  /** Creates the filter for calls of at most {@code maxFrames} output samples. */
  IirHalfbandDecimator(IirHalfbandDesign design, int maxFrames) {
    branches = new IirPolyphase(design);
    l0 = new double[maxFrames];
    l1 = new double[maxFrames];
    r0 = new double[maxFrames];
    r1 = new double[maxFrames];
  }

  /**
   * Reads {@code 2 * frames} samples of each channel from index 0 and writes {@code frames} to each
   * output from {@code outOffset}.
   */
  void process(
      double[] inL, double[] inR, double[] outL, double[] outR, int outOffset, int frames) {
    for (int i = 0; i < frames; i++) {
      l0[i] = inL[2 * i + 1];
      l1[i] = inL[2 * i];
      r0[i] = inR[2 * i + 1];
      r1[i] = inR[2 * i];
    }
    branches.run(l0, l1, r0, r1, frames);
    for (int i = 0; i < frames; i++) {
      outL[outOffset + i] = 0.5 * (l0[i] + l1[i]);
      outR[outOffset + i] = 0.5 * (r0[i] + r1[i]);
    }
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
