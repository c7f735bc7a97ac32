package lathe.dsp.expander;

import java.util.Arrays;
import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.dynamics.GainReducing;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;

/**
 * Attenuates quiet passages, such as reverb tails and the noise between songs, below a threshold;
 * module id {@code exp}.
 *
 * <p>Detection is linked across channels: the level is the largest magnitude of either channel over
 * the last {@value #DETECTOR_WINDOW_SECONDS} s (a sliding maximum, which reads a steady sine's peak
 * without ripple down to 100 Hz). The level then passes a hysteresis of {@code h} dB: it follows
 * every rise at once, but a fall only once the level is more than {@code h} dB below the held value
 * (the held value then sits {@code h} dB above the level) and the level has been below the held
 * value for the hold time. So the gate opens at the threshold and starts closing only below
 * threshold - h, and fluctuations smaller than {@code h} on a decaying tail never reopen it.
 *
 * <p>The static curve, for a held level {@code y} in dB under the threshold {@code T}: the output
 * level is {@code T + (y - T) * ratio}, that is an attenuation of {@code (ratio - 1) (T - y)} dB,
 * limited to the range. The attenuation follows its target with one-pole time constants in dB:
 * attack while the attenuation falls (the gate opens), release while it rises.
 *
 * <p>The threshold, range and ratio glide linearly over 20 ms. A threshold at its minimum (-90 dB,
 * the default) or a range of 0 dB turns the expander off: the range glides to 0, and once the
 * attenuation has settled at exactly 0 dB the block is skipped, so the default is bit-transparent.
 */
public final class DownwardExpander extends Module implements GainReducing {
  /** Threshold under which the expander attenuates, in dB; the minimum turns it off. */
  public static final ParamSpec THRESHOLD =
      ParamSpec.number("exp.threshold", "Threshold", "dB", -90, 0, -90, Taper.LINEAR);

  /** Largest attenuation, in dB; 0 turns the expander off. */
  public static final ParamSpec RANGE =
      ParamSpec.number("exp.range", "Range", "dB", 0, 60, 12, Taper.LINEAR);

  /** Expansion ratio below the threshold: 2 means 1 dB less input gives 2 dB less output. */
  public static final ParamSpec RATIO =
      ParamSpec.number("exp.ratio", "Ratio", "", 1, 10, 2, Taper.LOGARITHMIC);

  /** Time constant of the opening gain, in milliseconds. */
  public static final ParamSpec ATTACK =
      ParamSpec.number("exp.attack", "Attack", "ms", 0.1, 50, 1, Taper.LOGARITHMIC);

  /** Time the gain is held after the level falls, before release, in milliseconds. */
  public static final ParamSpec HOLD =
      ParamSpec.number("exp.hold", "Hold", "ms", 0, 500, 20, Taper.LINEAR);

  /** Time constant of the closing gain, in milliseconds. */
  public static final ParamSpec RELEASE =
      ParamSpec.number("exp.release", "Release", "ms", 5, 2000, 100, Taper.LOGARITHMIC);

  /** Fall of the level, in dB, ignored before the gate starts closing. */
  public static final ParamSpec HYSTERESIS =
      ParamSpec.number("exp.hysteresis", "Hysteresis", "dB", 0, 12, 3, Taper.LINEAR);

  /** Shortest span of the detector's sliding maximum, in seconds. */
  public static final double DETECTOR_WINDOW_SECONDS = 0.010;

  /** Frames per segment of the detector's sliding maximum, counted from {@link #prepare}. */
  public static final int DETECTOR_SEGMENT_FRAMES = 32;

  private static final double RAMP_SECONDS = 0.020;
  private static final double LEVEL_FLOOR = 1e-10;
  private static final double LEVEL_FLOOR_DB = -200.0;
  private static final double SNAP_DB = 1e-9;
  private static final double NEPERS_PER_DB = Math.log(10.0) / 20.0;

  private final LinearSmoother threshold = new LinearSmoother();
  private final LinearSmoother range = new LinearSmoother();
  private final LinearSmoother ratio = new LinearSmoother();
  private double thresholdDb = THRESHOLD.defaultValue();
  private double rangeDb = RANGE.defaultValue();
  private double attackMillis = ATTACK.defaultValue();
  private double holdMillis = HOLD.defaultValue();
  private double releaseMillis = RELEASE.defaultValue();
  private double hysteresisDb = HYSTERESIS.defaultValue();
  private boolean timesDirty = true;

  private int channels;
  private double sampleRate = 48000.0;
  private double[] segmentMax = new double[1];
  private int segmentSlot;
  private double partialMax;
  private double completedMax;
  private long frame;

  private double held;
  private double heldDb = LEVEL_FLOOR_DB;
  private int holdLeft;
  private int holdFrames;
  private double hysteresisFactor = 1.0;
  private double attackCoefficient;
  private double releaseCoefficient;
  private double attenuationDb;
  private volatile double gainReductionDb;

  /** Creates an expander at its defaults, which are off. */
  public DownwardExpander() {
    super("exp", List.of(THRESHOLD, RANGE, RATIO, ATTACK, HOLD, RELEASE, HYSTERESIS));
    threshold.setCurrentAndTarget(thresholdDb);
    range.setCurrentAndTarget(effectiveRangeDb());
    ratio.setCurrentAndTarget(RATIO.defaultValue());
  }

  @Override
  public void setParameter(int index, double value) {
    switch (index) {
      case 0 -> {
        thresholdDb = THRESHOLD.clamp(value);
        threshold.setTarget(thresholdDb);
        updateRange();
      }
      case 1 -> {
        rangeDb = RANGE.clamp(value);
        updateRange();
      }
      case 2 -> ratio.setTarget(RATIO.clamp(value));
      case 3 -> {
        attackMillis = ATTACK.clamp(value);
        timesDirty = true;
      }
      case 4 -> {
        holdMillis = HOLD.clamp(value);
        timesDirty = true;
      }
      case 5 -> {
        releaseMillis = RELEASE.clamp(value);
        timesDirty = true;
      }
      default -> {
        hysteresisDb = HYSTERESIS.clamp(value);
        timesDirty = true;
      }
    }
  }

  private double effectiveRangeDb() {
    return thresholdDb <= THRESHOLD.min() ? 0.0 : rangeDb;
  }

  private boolean dormant() {
    return range.current() == 0.0 && !range.isSmoothing();
  }

  private void updateRange() {
    double target = effectiveRangeDb();
    if (target > 0.0 && dormant()) {
      // While the range was 0 the detector mattered to nothing and may have been skipped; start it
      // afresh so that the output does not depend on where blocks were skipped.
      resetDetector();
    }
    range.setTarget(target);
  }

  @Override
  public void prepare(ProcessSpec spec) {
    channels = spec.channels();
    sampleRate = spec.sampleRate();
    int windowFrames = Math.max(1, (int) Math.round(DETECTOR_WINDOW_SECONDS * sampleRate));
    segmentMax = new double[Math.max(1, Math.ceilDiv(windowFrames - 1, DETECTOR_SEGMENT_FRAMES))];
    threshold.reset(sampleRate, RAMP_SECONDS);
    range.reset(sampleRate, RAMP_SECONDS);
    ratio.reset(sampleRate, RAMP_SECONDS);
    timesDirty = true;
    reset();
  }

  @Override
  public void reset() {
    threshold.setCurrentAndTarget(threshold.target());
    range.setCurrentAndTarget(range.target());
    ratio.setCurrentAndTarget(ratio.target());
    attenuationDb = 0.0;
    gainReductionDb = 0.0;
    frame = 0;
    resetDetector();
  }

  private void resetDetector() {
    Arrays.fill(segmentMax, 0.0);
    segmentSlot = 0;
    partialMax = 0.0;
    completedMax = 0.0;
    held = 0.0;
    heldDb = LEVEL_FLOOR_DB;
    holdLeft = 0;
  }

  /** Returns the attenuation at the end of the last block, in positive dB (0 for none). */
  @Override
  public double gainReductionDb() {
    return gainReductionDb;
  }

  /**
   * Returns how many whole segments of {@value #DETECTOR_SEGMENT_FRAMES} frames the detector holds
   * besides the current one: ceil((round(0.010 rate) - 1) / 32), 15 at 48 kHz.
   */
  public int detectorSegments() {
    return segmentMax.length;
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (timesDirty) {
      attackCoefficient = Math.exp(-1000.0 / (attackMillis * sampleRate));
      releaseCoefficient = Math.exp(-1000.0 / (releaseMillis * sampleRate));
      holdFrames = (int) Math.round(holdMillis * 0.001 * sampleRate);
      hysteresisFactor = Dsp.dbToGain(-hysteresisDb);
      timesDirty = false;
    }
    if (attenuationDb == 0.0 && dormant() && !threshold.isSmoothing() && !ratio.isSmoothing()) {
      frame += frames;
      gainReductionDb = 0.0;
      return;
    }
    double[] left = x[0];
    double[] right = channels > 1 ? x[1] : x[0];
    double a = attenuationDb;
    double g = Math.exp(-a * NEPERS_PER_DB);
    double lastA = a;
    boolean gliding = threshold.isSmoothing() || range.isSmoothing() || ratio.isSmoothing();
    double t = threshold.current();
    double r = range.current();
    double slope = ratio.current() - 1.0;
    // The detector's state lives in locals through the loop, written back at its end: kept in
    // fields, every frame's update went through memory on the path from one frame to the next.
    long f = frame;
    double partial = partialMax;
    double completed = completedMax;
    double hv = held;
    double hvDb = heldDb;
    int hl = holdLeft;
    final int hold = holdFrames;
    final double hysteresis = hysteresisFactor;
    final double attack = attackCoefficient;
    final double release = releaseCoefficient;
    for (int i = 0; i < frames; i++) {
      double level = Dsp.flushDenormal(Math.max(Math.abs(left[i]), Math.abs(right[i])));
      // the detector: the sliding maximum, the hold and the hysteresis
      if ((f++ & (DETECTOR_SEGMENT_FRAMES - 1)) == 0) {
        partialMax = partial;
        closeSegment();
        partial = partialMax;
        completed = completedMax;
      }
      partial = Math.max(partial, level);
      // Math.max as a comparison: both maxima are of sanitized absolute levels, never NaN or -0.0.
      double v = partial > completed ? partial : completed;
      if (v >= hv) {
        if (v > hv) {
          hv = v;
          hvDb = toDb(v);
        }
        hl = hold;
      } else if (hl > 0) {
        hl--;
      } else if (v < hv * hysteresis) {
        hv = v / hysteresis;
        hvDb = toDb(hv);
      }
      if (gliding) {
        t = threshold.next();
        r = range.next();
        slope = ratio.next() - 1.0;
      }
      // Math.max(0.0, Math.min(r, wanted)) as two comparisons, which predict well, instead of the
      // longer sequences Math.min and Math.max need for NaN and signed zeros: wanted is finite
      // (the held level in dB is), and the one case where the two differ, a -0.0 from the minimum,
      // ends as 0.0.
      double wanted = slope * (t - hvDb);
      double capped = wanted < r ? wanted : r;
      double target = capped > 0.0 ? capped : 0.0;
      double coefficient = target < a ? attack : release;
      a = target + (a - target) * coefficient;
      if (Math.abs(a - target) < SNAP_DB) {
        a = target;
      }
      if (a != 0.0) {
        if (a != lastA) {
          g = Math.exp(-a * NEPERS_PER_DB);
          lastA = a;
        }
        left[i] *= g;
        if (channels > 1) {
          right[i] *= g;
        }
      }
    }
    frame = f;
    partialMax = partial;
    held = hv;
    heldDb = hvDb;
    holdLeft = hl;
    attenuationDb = a;
    gainReductionDb = a;
  }

  /**
   * Closes the detector's current segment: stores its maximum in the ring, takes the maximum of the
   * ring's completed segments and starts the next segment from 0.
   */
  private void closeSegment() {
    double evicted = segmentMax[segmentSlot];
    double value = partialMax;
    segmentMax[segmentSlot] = value;
    segmentSlot = segmentSlot + 1 == segmentMax.length ? 0 : segmentSlot + 1;
    // completedMax is the ring's maximum. Unless the value leaving the ring was that maximum (and
    // the new one is smaller), the new maximum is the larger of the old one and the new value; only
    // then is the ring scanned. Levels are never NaN or -0.0, so the maxima are exact either way.
    double m = completedMax;
    if (evicted < m || value >= m) {
      completedMax = Math.max(m, value);
    } else {
      m = 0.0;
      for (double v : segmentMax) {
        m = Math.max(m, v);
      }
      completedMax = m;
    }
    partialMax = 0.0;
  }

  private static double toDb(double level) {
    return level > LEVEL_FLOOR ? 20.0 * Math.log10(level) : LEVEL_FLOOR_DB;
  }
}
