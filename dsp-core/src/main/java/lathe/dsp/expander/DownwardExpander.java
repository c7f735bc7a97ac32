package lathe.dsp.expander;

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

  /** Length of the detector's sliding maximum, in seconds. */
  public static final double DETECTOR_WINDOW_SECONDS = 0.010;

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
  private int windowFrames = 1;
  private long[] windowFrame = new long[2];
  private double[] windowValue = new double[2];
  private int windowMask = 1;
  private long head;
  private long tail;
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
    windowFrames = Math.max(1, (int) Math.round(DETECTOR_WINDOW_SECONDS * sampleRate));
    int capacity = Integer.highestOneBit(windowFrames) << 1;
    windowFrame = new long[capacity];
    windowValue = new double[capacity];
    windowMask = capacity - 1;
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
    head = 0;
    tail = 0;
    held = 0.0;
    heldDb = LEVEL_FLOOR_DB;
    holdLeft = 0;
  }

  /** Returns the attenuation at the end of the last block, in positive dB (0 for none). */
  @Override
  public double gainReductionDb() {
    return gainReductionDb;
  }

  /** Returns the length of the detector's sliding maximum at the prepared rate, in frames. */
  public int detectorWindowFrames() {
    return windowFrames;
  }

  @Override
  public void process(double[][] x, int frames) {
    Dsp.sanitize(x, channels, frames);
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
    for (int i = 0; i < frames; i++) {
      double level = Dsp.flushDenormal(Math.max(Math.abs(left[i]), Math.abs(right[i])));
      detect(level);
      double t = threshold.next();
      double r = range.next();
      double q = ratio.next();
      double target = Math.max(0.0, Math.min(r, (q - 1.0) * (t - heldDb)));
      double coefficient = target < a ? attackCoefficient : releaseCoefficient;
      a = target + (a - target) * coefficient;
      if (Math.abs(a - target) < SNAP_DB) {
        a = target;
      }
      if (a != 0.0) {
        double g = Math.exp(-a * NEPERS_PER_DB);
        left[i] *= g;
        if (channels > 1) {
          right[i] *= g;
        }
      }
    }
    attenuationDb = a;
    gainReductionDb = a;
  }

  /** Pushes one frame's level through the sliding maximum, the hold and the hysteresis. */
  private void detect(double level) {
    long now = frame++;
    while (tail > head && windowValue[(int) ((tail - 1) & windowMask)] <= level) {
      tail--;
    }
    int slot = (int) (tail & windowMask);
    windowValue[slot] = level;
    windowFrame[slot] = now;
    tail++;
    if (windowFrame[(int) (head & windowMask)] <= now - windowFrames) {
      head++;
    }
    double v = windowValue[(int) (head & windowMask)];
    if (v >= held) {
      if (v > held) {
        held = v;
        heldDb = toDb(v);
      }
      holdLeft = holdFrames;
    } else if (holdLeft > 0) {
      holdLeft--;
    } else if (v < held * hysteresisFactor) {
      held = v / hysteresisFactor;
      heldDb = toDb(held);
    }
  }

  private static double toDb(double level) {
    return level > LEVEL_FLOOR ? 20.0 * Math.log10(level) : LEVEL_FLOOR_DB;
  }
}
