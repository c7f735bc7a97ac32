package lathe.dsp.multiband;

import lathe.dsp.Dsp;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.MultiplicativeSmoother;

/**
 * Holds one band's settings, their smoothers, and the per-frame values of the current grid cell
 * that every running engine reads, so smoothers advance once per frame whatever runs.
 */
final class BandControls {
  private static final double RAMP_SECONDS = 0.020;

  final LinearSmoother thresholdDb = new LinearSmoother();
  final LinearSmoother kneeDb = new LinearSmoother();
  final MultiplicativeSmoother ratio = new MultiplicativeSmoother();
  final LinearSmoother makeup = new LinearSmoother();
  final LinearSmoother weight = new LinearSmoother();
  final LinearSmoother bypassMix = new LinearSmoother();
  double attackMillis;
  double releaseMillis;
  boolean solo;
  boolean bypass;
  boolean timesDirty = true;
  double attackCoefficient;
  double releaseCoefficient;

  final double[] threshold = new double[MultibandCompressor.UPDATE_FRAMES];
  final double[] knee = new double[MultibandCompressor.UPDATE_FRAMES];
  final double[] slope = new double[MultibandCompressor.UPDATE_FRAMES];
  final double[] kneeStart = new double[MultibandCompressor.UPDATE_FRAMES];
  final double[] makeupGain = new double[MultibandCompressor.UPDATE_FRAMES];
  final double[] heard = new double[MultibandCompressor.UPDATE_FRAMES];
  final double[] bypassed = new double[MultibandCompressor.UPDATE_FRAMES];

  BandControls() {
    weight.setCurrentAndTarget(1.0);
    makeup.setCurrentAndTarget(1.0);
  }

  void reset(double sampleRate) {
    thresholdDb.reset(sampleRate, RAMP_SECONDS);
    kneeDb.reset(sampleRate, RAMP_SECONDS);
    ratio.reset(sampleRate, RAMP_SECONDS);
    makeup.reset(sampleRate, RAMP_SECONDS);
    weight.reset(sampleRate, RAMP_SECONDS);
    bypassMix.reset(sampleRate, RAMP_SECONDS);
    timesDirty = true;
    updateTimes(sampleRate);
  }

  /** Recomputes the attack and release coefficients when their times changed. */
  void updateTimes(double sampleRate) {
    if (timesDirty) {
      attackCoefficient = Math.exp(-1000.0 / (attackMillis * sampleRate));
      releaseCoefficient = Math.exp(-1000.0 / (releaseMillis * sampleRate));
      timesDirty = false;
    }
  }

  /**
   * Tells whether the band leaves the audio unchanged for good: heard, not soloed, and either fully
   * bypassed or at ratio 1 and makeup 0 dB, with nothing gliding.
   */
  boolean isNeutral() {
    if (solo || weight.target() != 1.0 || weight.isSmoothing()) {
      return false;
    }
    if (isFullyBypassed()) {
      return true;
    }
    return ratio.target() == 1.0
        && !ratio.isSmoothing()
        && makeup.target() == 1.0
        && !makeup.isSmoothing();
  }

  /** Tells whether the band is bypassed and its bypass crossfade has finished. */
  boolean isFullyBypassed() {
    return bypass && bypassMix.current() == 1.0 && !bypassMix.isSmoothing();
  }

  /** Advances the smoothers by {@code frames} frames without filling the arrays. */
  void skip(int frames) {
    thresholdDb.skip(frames);
    kneeDb.skip(frames);
    ratio.skip(frames);
    makeup.skip(frames);
    weight.skip(frames);
    bypassMix.skip(frames);
  }

  /** Fills the per-frame arrays for {@code frames} frames, advancing the smoothers. */
  void fill(int frames) {
    if (!thresholdDb.isSmoothing() && !kneeDb.isSmoothing() && !ratio.isSmoothing()) {
      double t = thresholdDb.current();
      double w = kneeDb.current();
      double s = 1.0 / ratio.current() - 1.0;
      double start = Dsp.dbToGain(t - 0.5 * w);
      for (int i = 0; i < frames; i++) {
        threshold[i] = t;
        knee[i] = w;
        slope[i] = s;
        kneeStart[i] = start;
      }
    } else {
      for (int i = 0; i < frames; i++) {
        double t = thresholdDb.next();
        double w = kneeDb.next();
        threshold[i] = t;
        knee[i] = w;
        slope[i] = 1.0 / ratio.next() - 1.0;
        kneeStart[i] = Dsp.dbToGain(t - 0.5 * w);
      }
    }
    for (int i = 0; i < frames; i++) {
      makeupGain[i] = makeup.next();
      heard[i] = weight.next();
      bypassed[i] = bypassMix.next();
    }
  }
}
