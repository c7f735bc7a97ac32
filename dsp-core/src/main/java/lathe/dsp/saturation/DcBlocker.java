package lathe.dsp.saturation;

import lathe.dsp.Dsp;

/**
 * Removes DC from one channel with a one-pole high-pass, {@code H(z) = (1 - z^-1) / (1 - R z^-1)}
 * with {@code R = exp(-2 pi fc / fs)}.
 */
final class DcBlocker {
  private final double pole;
  private double lastIn;
  private double lastOut;

  /** Creates the filter with its corner at {@code cornerHertz} for the given sample rate. */
  DcBlocker(double cornerHertz, double sampleRate) {
    pole = Math.exp(-2 * Math.PI * cornerHertz / sampleRate);
  }

  /** Returns the pole R of the filter. */
  double pole() {
    return pole;
  }

  /** Filters {@code frames} samples of {@code x} in place. */
  void process(double[] x, int frames) {
    double x1 = lastIn;
    double y1 = lastOut;
    for (int i = 0; i < frames; i++) {
      double in = x[i];
      y1 = in - x1 + pole * y1;
      x1 = in;
      x[i] = y1;
    }
    lastIn = x1;
    lastOut = y1;
  }

  /** Snaps tiny state to zero, so that silence decays to exact zeros. */
  void snapDenormals() {
    lastIn = Dsp.flushDenormal(lastIn);
    lastOut = Dsp.flushDenormal(lastOut);
  }

  /** Clears the state. */
  void reset() {
    lastIn = 0;
    lastOut = 0;
  }
}
