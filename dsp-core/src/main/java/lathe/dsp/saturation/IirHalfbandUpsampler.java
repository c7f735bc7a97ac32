package lathe.dsp.saturation;

/**
 * Doubles the sample rate of two channels through a polyphase IIR halfband: filtering the
 * zero-stuffed input by {@code 2 H(z) = A0(z^2) + z^-1 A1(z^2)} makes each output pair {@code (A0
 * x[m], A1 x[m])}, so both branches run at the input rate on the same input.
 */
final class IirHalfbandUpsampler {
  private final IirPolyphase branches;
  private final double[] l0;
  private final double[] l1;
  private final double[] r0;
  private final double[] r1;

  /** Creates the filter for calls of at most {@code maxFrames} input samples. */
  IirHalfbandUpsampler(IirHalfbandDesign design, int maxFrames) {
    branches = new IirPolyphase(design);
    l0 = new double[maxFrames];
    l1 = new double[maxFrames];
    r0 = new double[maxFrames];
    r1 = new double[maxFrames];
  }

  /**
   * Reads {@code frames} samples of each channel from {@code inOffset} and writes {@code 2 *
   * frames} to each output from index 0.
   */
  void process(double[] inL, double[] inR, int inOffset, double[] outL, double[] outR, int frames) {
    System.arraycopy(inL, inOffset, l0, 0, frames);
    System.arraycopy(inL, inOffset, l1, 0, frames);
    System.arraycopy(inR, inOffset, r0, 0, frames);
    System.arraycopy(inR, inOffset, r1, 0, frames);
    branches.run(l0, l1, r0, r1, frames);
    for (int i = 0; i < frames; i++) {
      outL[2 * i] = l0[i];
      outL[2 * i + 1] = l1[i];
      outR[2 * i] = r0[i];
      outR[2 * i + 1] = r1[i];
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
