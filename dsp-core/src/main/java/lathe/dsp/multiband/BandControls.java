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

  // Set by fill when threshold, knee and ratio hold still over the cell: the arrays are then not
  // filled and these single values stand for every frame.
  boolean steadyCurve;
  double steadyThreshold;
  double steadyKnee;
  double steadySlope;
  double steadyKneeStart;
  private double kneeStartThreshold = Double.NaN;
  private double kneeStartKnee = Double.NaN;
  // Set by fill when makeup, weight and bypass mix hold still: the band's gain for a compressed
  // gain
  // c is then steadyHeard * (steadyBypassed + steadyScale * c), the per-frame formula's exact
  // steps.
  boolean steadyMix;
  double steadyHeard;
  double steadyBypassed;
  double steadyScale;

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

  /**
   * Fills the per-frame arrays for {@code frames} frames, advancing the smoothers; a group of
   * settings that holds still is given as single values instead (see {@link #steadyCurve} and
   * {@link #steadyMix}).
   */
  void fill(int frames) {
    steadyCurve = !thresholdDb.isSmoothing() && !kneeDb.isSmoothing() && !ratio.isSmoothing();
    if (steadyCurve) {
      double t = thresholdDb.current();
      double w = kneeDb.current();
      steadyThreshold = t;
      steadyKnee = w;
      steadySlope = 1.0 / ratio.current() - 1.0;
      if (t != kneeStartThreshold || w != kneeStartKnee) {
        // the power is worked out again only when the curve moved
        kneeStartThreshold = t;
        kneeStartKnee = w;
        steadyKneeStart = Dsp.dbToGain(t - 0.5 * w);
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
    steadyMix = !makeup.isSmoothing() && !weight.isSmoothing() && !bypassMix.isSmoothing();
    if (steadyMix) {
      double b = bypassMix.current();
      steadyHeard = weight.current();
      steadyBypassed = b;
      steadyScale = (1.0 - b) * makeup.current();
    } else {
      for (int i = 0; i < frames; i++) {
        makeupGain[i] = makeup.next();
        heard[i] = weight.next();
        bypassed[i] = bypassMix.next();
      }
    }
  }
}
