package lathe.dsp.gain;

import lathe.dsp.param.LinearSmoother;

/** Applies a smoothed linear gain to a block, skipping the work at exactly unity gain. */
public final class GainRamp {
  private GainRamp() {}

  /**
   * Multiplies {@code frames} frames of the first {@code channels} channels by the smoother's
   * values, advancing it one step per frame; leaves the samples untouched at a settled gain of 1.
   */
  public static void apply(LinearSmoother gain, double[][] x, int channels, int frames) {
    if (!gain.isSmoothing()) {
      double g = gain.current();
      if (g == 1.0) {
        return;
      }
      for (int c = 0; c < channels; c++) {
        double[] ch = x[c];
        for (int i = 0; i < frames; i++) {
          ch[i] *= g;
        }
      }
      return;
    }
    for (int i = 0; i < frames; i++) {
      double g = gain.next();
      for (int c = 0; c < channels; c++) {
        x[c][i] *= g;
      }
    }
  }
}
