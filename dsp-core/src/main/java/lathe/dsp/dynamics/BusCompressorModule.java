package lathe.dsp.dynamics;

import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.filter.Biquad;
import lathe.dsp.filter.ButterworthDesign;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;
import lathe.dsp.param.UpdateGrid;

/**
 * Compresses the whole mix gently as a feed-forward bus ("glue") compressor; module id {@code
 * comp}.
 *
 * <p>Signal flow per frame: the side chain (the input, high-passed by a 2nd-order Butterworth
 * filter when {@code comp.sidechain} is above 10 Hz) is detected per channel as a linear amplitude,
 * either its magnitude (peak) or the square root of its mean square averaged by a one-pole filter
 * with the {@code comp.rms} time constant (RMS, reading a sine's RMS, 3 dB under its peak); the
 * stereo link blends each channel's detection with the larger of the two ({@code d + link (max -
 * d)}); an {@link EnvelopeFollower} applies attack and release (or the dual auto-release) to that
 * linear level; only then is the level converted to dB and passed through the textbook soft-knee
 * curve ({@link GainComputer}), the conversions to and from dB being {@link GainComputer#levelDb}
 * and {@link GainComputer#dbGain}, within 1e-8 dB of the exact logarithm and exponential. The
 * compressed signal is {@code x g makeup}, and the output blends it with the dry input: {@code x (1
 * + mix (g makeup - 1))}. While no parameter glides, the gains of a stereo block are worked out
 * after its envelopes, in long loops over the whole block; where the envelope lies under the knee's
 * lower end the gain is exactly 1, and a run of frames all under it needs no logarithm or
 * exponential at all. Fully linked channels, whose envelopes are then identical bit for bit, share
 * one gain computation.
 *
 * <p>Parameters: {@code comp.threshold} (-60 to 0 dB, default 0), {@code comp.ratio} (1 to 20,
 * logarithmic, default 1), {@code comp.knee} (0 to 24 dB, default 6), {@code comp.attack} (0.1 to
 * 100 ms, logarithmic, default 10), {@code comp.release} (10 to 2000 ms, logarithmic, default 200),
 * {@code comp.autorelease} (off/on, default off), {@code comp.detector} ("peak"/"rms", default
 * "rms"), {@code comp.rms} (RMS averaging time constant, 1 to 100 ms, logarithmic, default 10),
 * {@code comp.sidechain} (side-chain high-pass cutoff, 10 to 300 Hz, logarithmic, default 10, where
 * exactly 10 means off), {@code comp.makeup} (0 to 24 dB, default 0), {@code comp.mix} (0 to 100 %,
 * default 100) and {@code comp.link} (0 to 100 %, default 100).
 *
 * <p>The default ratio of 1:1 makes the module bit-transparent: while the ratio is 1 and the makeup
 * 0 dB and neither is gliding, the audio is left untouched and the detector rests at zero.
 * Threshold, ratio (as the slope {@code 1/R - 1}) and knee glide linearly over 50 ms, makeup (as a
 * linear gain) and mix and link over 20 ms, every frame; the side-chain cutoff glides
 * multiplicatively over 30 ms, and it and the time constants are applied on a grid of {@value
 * #UPDATE_FRAMES} frames counted from {@link #prepare}, so the output does not depend on how the
 * stream is cut into blocks.
 */
public final class BusCompressorModule extends Module implements GainReducing {
  /** Threshold of the static curve, in dB of the detected level. */
  public static final ParamSpec THRESHOLD =
      ParamSpec.number("comp.threshold", "Threshold", "dB", -60, 0, 0, Taper.LINEAR);

  /** Compression ratio above the knee. */
  public static final ParamSpec RATIO =
      ParamSpec.number("comp.ratio", "Ratio", ":1", 1, 20, 1, Taper.LOGARITHMIC);

  /** Full width of the soft knee, in dB. */
  public static final ParamSpec KNEE =
      ParamSpec.number("comp.knee", "Knee", "dB", 0, 24, 6, Taper.LINEAR);

  /** Attack time constant, in milliseconds. */
  public static final ParamSpec ATTACK =
      ParamSpec.number("comp.attack", "Attack", "ms", 0.1, 100, 10, Taper.LOGARITHMIC);

  /** Release time constant, in milliseconds. */
  public static final ParamSpec RELEASE =
      ParamSpec.number("comp.release", "Release", "ms", 10, 2000, 200, Taper.LOGARITHMIC);

  /** Program-dependent dual release switch. */
  public static final ParamSpec AUTO_RELEASE =
      ParamSpec.toggle("comp.autorelease", "Auto release", false);

  /** Detector choice: 0 = peak, 1 = RMS. */
  public static final ParamSpec DETECTOR =
      ParamSpec.choice("comp.detector", "Detector", 1, "peak", "rms");

  /** Averaging time constant of the RMS detector, in milliseconds. */
  public static final ParamSpec RMS =
      ParamSpec.number("comp.rms", "RMS time", "ms", 1, 100, 10, Taper.LOGARITHMIC);

  /** Cutoff of the side-chain high-pass, in hertz; the minimum (10 Hz) switches it off. */
  public static final ParamSpec SIDECHAIN =
      ParamSpec.number("comp.sidechain", "Side-chain HPF", "Hz", 10, 300, 10, Taper.LOGARITHMIC);

  /** Makeup gain, in dB. */
  public static final ParamSpec MAKEUP =
      ParamSpec.number("comp.makeup", "Makeup", "dB", 0, 24, 0, Taper.LINEAR);

  /** Share of the compressed signal in the output, in percent. */
  public static final ParamSpec MIX =
      ParamSpec.number("comp.mix", "Mix", "%", 0, 100, 100, Taper.LINEAR);

  /** Stereo link of the detection, in percent. */
  public static final ParamSpec LINK =
      ParamSpec.number("comp.link", "Stereo link", "%", 0, 100, 100, Taper.LINEAR);

  /** Frames between updates of the side-chain filter and the time constants. */
  public static final int UPDATE_FRAMES = UpdateGrid.FRAMES;

  private static final double CURVE_GLIDE_SECONDS = 0.050;
  private static final double LEVEL_GLIDE_SECONDS = 0.020;
  private static final double CUTOFF_GLIDE_SECONDS = 0.030;
  private static final double SIDECHAIN_OFF_HERTZ = 10.0;
  private static final double NEPER_PER_DB = Math.log(10.0) / 20.0;

  private final LinearSmoother thresholdDb = new LinearSmoother();
  private final LinearSmoother slope = new LinearSmoother();
  private final LinearSmoother kneeDb = new LinearSmoother();
  private final LinearSmoother makeup = new LinearSmoother();
  private final LinearSmoother mix = new LinearSmoother();
  private final LinearSmoother link = new LinearSmoother();
  private final MultiplicativeSmoother cutoff = new MultiplicativeSmoother();
  private final Biquad[] highPass = new Biquad[1];
  private EnvelopeFollower[] envelopes = new EnvelopeFollower[0];
  private double[] meanSquare = new double[0];
  private double[][] sideChain = new double[0][0];
  private final double[][] detectFrom = new double[2][];
  // Envelopes of the steady frames whose gains are still to be worked out, by block index, and
  // the scratch of that work; all sized by prepare.
  private double[][] envelopeScratch = new double[2][0];
  private double[] gainScratch = new double[0];
  private double[] mantissaScratch = new double[0];
  private long[] bitsScratch = new long[0];
  // Frames [pendingFrom, pendingTo) of the block await their gains; pendingFrom < 0 when none do.
  private int pendingFrom = -1;
  private int pendingTo;
  private boolean pendingLinked;
  private double pendingThreshold;
  private double pendingSlope;
  private double pendingKnee;
  private double pendingMakeup;
  private double pendingMix;
  private double pendingKneeStart;
  private double pendingKneeScale;
  private final double[] lastGain = {1.0, 1.0};

  private double attackMillis = ATTACK.defaultValue();
  private double releaseMillis = RELEASE.defaultValue();
  private double rmsMillis = RMS.defaultValue();
  private boolean autoRelease;
  private boolean rms = true;
  private double rmsCoefficient;
  private boolean timesDirty = true;
  private boolean filterOn;
  private boolean resting = true;
  private double sampleRate = 48000.0;
  private int channels;
  private final UpdateGrid grid = new UpdateGrid();
  private volatile double gainReductionDb;
  private double kneeThresholdDb = Double.NaN;
  private double kneeWidthDb = Double.NaN;
  private double cachedKneeStart;

  // side-chain high-pass state, per channel: last two inputs, then last two outputs

  /** Creates the compressor at its defaults, which leave the audio untouched. */
  public BusCompressorModule() {
    super(
        "comp",
        List.of(
            THRESHOLD,
            RATIO,
            KNEE,
            ATTACK,
            RELEASE,
            AUTO_RELEASE,
            DETECTOR,
            RMS,
            SIDECHAIN,
            MAKEUP,
            MIX,
            LINK));
    thresholdDb.setCurrentAndTarget(THRESHOLD.defaultValue());
    slope.setCurrentAndTarget(GainComputer.slopeOf(RATIO.defaultValue()));
    kneeDb.setCurrentAndTarget(KNEE.defaultValue());
    makeup.setCurrentAndTarget(Dsp.dbToGain(MAKEUP.defaultValue()));
    mix.setCurrentAndTarget(MIX.defaultValue() / 100.0);
    link.setCurrentAndTarget(LINK.defaultValue() / 100.0);
    cutoff.setCurrentAndTarget(SIDECHAIN.defaultValue());
  }

  @Override
  public void setParameter(int index, double value) {
    switch (index) {
      case 0 -> thresholdDb.setTarget(THRESHOLD.clamp(value));
      case 1 -> slope.setTarget(GainComputer.slopeOf(RATIO.clamp(value)));
      case 2 -> kneeDb.setTarget(KNEE.clamp(value));
      case 3 -> {
        attackMillis = ATTACK.clamp(value);
        timesDirty = true;
      }
      case 4 -> {
        releaseMillis = RELEASE.clamp(value);
        timesDirty = true;
      }
      case 5 -> {
        autoRelease = value >= 0.5;
        timesDirty = true;
      }
      case 6 -> setRmsDetection(value >= 0.5);
      case 7 -> {
        rmsMillis = RMS.clamp(value);
        timesDirty = true;
      }
      case 8 -> cutoff.setTarget(SIDECHAIN.clamp(value));
      case 9 -> makeup.setTarget(Dsp.dbToGain(MAKEUP.clamp(value)));
      case 10 -> mix.setTarget(MIX.clamp(value) / 100.0);
      case 11 -> link.setTarget(LINK.clamp(value) / 100.0);
      default -> throw new IllegalArgumentException("no parameter " + index);
    }
  }

  private void setRmsDetection(boolean on) {
    if (on && !rms) {
      // Start the mean square at the envelope's level, so the detection carries on smoothly.
      for (int c = 0; c < envelopes.length; c++) {
        double level = envelopes[c].value();
        meanSquare[c] = level * level;
      }
    }
    rms = on;
  }

  @Override
  public void prepare(ProcessSpec spec) {
    GainComputer.warmUpVectors();
    sampleRate = spec.sampleRate();
    channels = spec.channels();
    envelopes = new EnvelopeFollower[channels];
    for (int c = 0; c < channels; c++) {
      envelopes[c] = new EnvelopeFollower();
    }
    meanSquare = new double[channels];
    sideChain = new double[channels][spec.maxFrames()];
    envelopeScratch = new double[2][spec.maxFrames()];
    gainScratch = new double[spec.maxFrames()];
    mantissaScratch = new double[spec.maxFrames()];
    bitsScratch = new long[spec.maxFrames()];
    pendingFrom = -1;
    highPass[0] = new Biquad(channels);
    thresholdDb.reset(sampleRate, CURVE_GLIDE_SECONDS);
    slope.reset(sampleRate, CURVE_GLIDE_SECONDS);
    kneeDb.reset(sampleRate, CURVE_GLIDE_SECONDS);
    makeup.reset(sampleRate, LEVEL_GLIDE_SECONDS);
    mix.reset(sampleRate, LEVEL_GLIDE_SECONDS);
    link.reset(sampleRate, LEVEL_GLIDE_SECONDS);
    cutoff.reset(sampleRate, CUTOFF_GLIDE_SECONDS);
    reset();
  }

  @Override
  public void reset() {
    thresholdDb.setCurrentAndTarget(thresholdDb.target());
    slope.setCurrentAndTarget(slope.target());
    kneeDb.setCurrentAndTarget(kneeDb.target());
    makeup.setCurrentAndTarget(makeup.target());
    mix.setCurrentAndTarget(mix.target());
    link.setCurrentAndTarget(link.target());
    cutoff.setCurrentAndTarget(cutoff.target());
    grid.reset();
    timesDirty = true;
    resting = true;
    clearDetector();
    updateFilter();
    gainReductionDb = 0.0;
  }

  @Override
  public double gainReductionDb() {
    return gainReductionDb;
  }

  /** Tells whether the detector, envelopes and side-chain filter all hold exactly zero. */
  public boolean isSilent() {
    if (!highPass[0].isSilent()) {
      return false;
    }
    for (int c = 0; c < channels; c++) {
      if (meanSquare[c] != 0.0 || !envelopes[c].isSilent()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    int i = 0;
    while (i < frames) {
      if (grid.atPoint()) {
        if (isNeutral()) {
          applyPendingGains(x); // before onGrid may clear the detector and the gains it reports
        }
        onGrid();
      } else if (resting && !isNeutral()) {
        resting = false; // a parameter moved at the top of this block
      }
      int end = grid.segmentEnd(i, frames);
      if (resting) {
        applyPendingGains(x);
        skipSmoothers(end - i);
      } else {
        compress(x, i, end);
      }
      grid.advance(end - i);
      i = end;
    }
    applyPendingGains(x);
    double lowest = lastGain[0];
    if (channels > 1) {
      lowest = Math.min(lowest, lastGain[1]);
    }
    gainReductionDb = resting || lowest >= 1.0 ? 0.0 : -Dsp.gainToDb(lowest);
  }

  private boolean isNeutral() {
    return slope.current() == 0.0
        && !slope.isSmoothing()
        && makeup.current() == 1.0
        && !makeup.isSmoothing();
  }

  private void onGrid() {
    boolean neutral = isNeutral();
    if (neutral && !resting) {
      clearDetector();
    }
    resting = neutral;
    if (cutoff.isSmoothing()) {
      cutoff.skip(UPDATE_FRAMES);
      updateFilter();
    } else if (filterOn != cutoff.current() > SIDECHAIN_OFF_HERTZ) {
      updateFilter();
    }
    if (timesDirty) {
      for (EnvelopeFollower e : envelopes) {
        e.setTimes(sampleRate, attackMillis, releaseMillis, autoRelease);
      }
      rmsCoefficient = EnvelopeFollower.coefficient(rmsMillis, sampleRate);
      timesDirty = false;
    }
    highPass[0].snapDenormals();
    for (int c = 0; c < channels; c++) {
      envelopes[c].snapDenormals();
      double m = meanSquare[c];
      meanSquare[c] = Dsp.isSane(m) ? Dsp.flushDenormal(m) : 0.0;
    }
  }

  private void updateFilter() {
    boolean on = cutoff.current() > SIDECHAIN_OFF_HERTZ || cutoff.isSmoothing();
    if (!on) {
      highPass[0].reset();
    } else {
      ButterworthDesign.design(true, 2, cutoff.current(), sampleRate, highPass);
    }
    filterOn = on;
  }

  private void clearDetector() {
    for (int c = 0; c < channels; c++) {
      envelopes[c].reset();
      meanSquare[c] = 0.0;
    }
    highPass[0].reset();
    lastGain[0] = 1.0;
    lastGain[1] = 1.0;
  }

  private void skipSmoothers(int n) {
    thresholdDb.skip(n);
    slope.skip(n);
    kneeDb.skip(n);
    makeup.skip(n);
    mix.skip(n);
    link.skip(n);
  }

  private void compress(double[][] x, int from, int to) {
    if (filterOn) {
      filterSideChain(x, from, to);
    }
    for (int c = 0; c < channels; c++) {
      detectFrom[c] = filterOn ? sideChain[c] : x[c];
    }
    boolean gliding =
        thresholdDb.isSmoothing()
            || slope.isSmoothing()
            || kneeDb.isSmoothing()
            || makeup.isSmoothing()
            || mix.isSmoothing()
            || link.isSmoothing();
    double t = thresholdDb.current();
    double s = slope.current();
    double w = kneeDb.current();
    double mk = makeup.current();
    double mx = mix.current();
    double lk = link.current();
    double kneeStart = kneeStartOf(t, w);
    double kneeScale = GainComputer.kneeScaleOf(s, w);
    boolean stereo = channels > 1;
    if (!gliding && stereo) {
      pendingThreshold = t;
      pendingSlope = s;
      pendingKnee = w;
      pendingMakeup = mk;
      pendingMix = mx;
      pendingKneeStart = kneeStart;
      pendingKneeScale = kneeScale;
      followSteady(from, to, lk);
      return;
    }
    applyPendingGains(x);
    double[] x0 = x[0];
    double[] x1 = stereo ? x[1] : x[0];
    double[] s0 = detectFrom[0];
    double[] s1 = stereo ? detectFrom[1] : detectFrom[0];
    EnvelopeFollower e0 = envelopes[0];
    EnvelopeFollower e1 = stereo ? envelopes[1] : envelopes[0];
    double g0 = lastGain[0];
    double g1 = lastGain[1];
    for (int i = from; i < to; i++) {
      if (gliding) {
        t = thresholdDb.next();
        s = slope.next();
        w = kneeDb.next();
        mk = makeup.next();
        mx = mix.next();
        lk = link.next();
        kneeStart = Math.exp((t - 0.5 * w) * NEPER_PER_DB);
        kneeScale = GainComputer.kneeScaleOf(s, w);
      }
      double d0 = detect(s0[i], 0);
      if (stereo) {
        double d1 = detect(s1[i], 1);
        double loud = Math.max(d0, d1);
        // Written so that a full link gives both channels exactly the louder detection.
        double keep = 1.0 - lk;
        d0 = loud - keep * (loud - d0);
        d1 = loud - keep * (loud - d1);
        double env0 = e0.next(d0);
        double env1 = e1.next(d1);
        g0 = gainOf(env0, kneeStart, t, s, w, kneeScale);
        // Fully linked channels share their envelope bit for bit: one gain serves both.
        g1 = env1 == env0 ? g0 : gainOf(env1, kneeStart, t, s, w, kneeScale);
        x1[i] *= 1.0 + mx * (g1 * mk - 1.0);
      } else {
        g0 = gainOf(e0.next(d0), kneeStart, t, s, w, kneeScale);
      }
      x0[i] *= 1.0 + mx * (g0 * mk - 1.0);
    }
    lastGain[0] = g0;
    lastGain[1] = g1;
  }

  /** High-passes the side chain of {@code x[from..to)} into {@link #sideChain}. */
  private void filterSideChain(double[][] x, int from, int to) {
    if (channels == 2) {
      highPass[0].filterStereo(x[0], x[1], sideChain[0], sideChain[1], from, to);
    } else {
      highPass[0].filter(x[0], sideChain[0], from, to, 0);
    }
  }

  /** Returns the linear level where the knee starts, reusing the last one for the same curve. */
  private double kneeStartOf(double t, double w) {
    if (t != kneeThresholdDb || w != kneeWidthDb) {
      kneeThresholdDb = t;
      kneeWidthDb = w;
      cachedKneeStart = Math.exp((t - 0.5 * w) * NEPER_PER_DB);
    }
    return cachedKneeStart;
  }

  /**
   * Runs the detector and envelope recursions of a stereo segment while no parameter glides, with
   * the detector state in locals and the per-frame choices hoisted, storing each frame's envelope
   * for {@link #applyPendingGains}; the arithmetic is that of the general loop, operation for
   * operation, so the output is the same bit for bit.
   *
   * <p>The gains wait until the block ends or the steady run does: the gain computer's logarithm
   * and exponential then run over the whole run, outside any recursion and in long loops, which the
   * compiler turns into vector instructions, while the recursions still stop at every grid point.
   */
  private void followSteady(int from, int to, double lk) {
    double[] s0 = detectFrom[0];
    double[] s1 = detectFrom[1];
    EnvelopeFollower e0 = envelopes[0];
    EnvelopeFollower e1 = envelopes[1];
    double[] env0 = envelopeScratch[0];
    double[] env1 = envelopeScratch[1];
    if (to == from) {
      return;
    }
    if (pendingFrom < 0) {
      pendingFrom = from;
      pendingLinked = true;
    }
    pendingTo = to;
    double keep = 1.0 - lk;
    double m0 = meanSquare[0];
    double m1 = meanSquare[1];
    double a = rmsCoefficient;
    boolean useRms = rms;
    if (keep == 0.0 && e0.sameAs(e1)) {
      // Fully linked with equal states: both detections are the louder one, both envelopes and
      // gains are equal bit for bit, so one follower and one gain serve both channels.
      if (useRms) {
        for (int i = from; i < to; i++) {
          double v0 = s0[i];
          double v1 = s1[i];
          m0 += a * (v0 * v0 - m0);
          m1 += a * (v1 * v1 - m1);
          // the square root is monotonic and correctly rounded: the root of the larger mean
          // square is the larger root, bit for bit
          env0[i] = e0.next(Math.sqrt(Math.max(m0, m1)));
        }
        meanSquare[0] = m0;
        meanSquare[1] = m1;
      } else {
        for (int i = from; i < to; i++) {
          env0[i] = e0.next(Math.max(Math.abs(s0[i]), Math.abs(s1[i])));
        }
      }
      e1.copyStateFrom(e0);
      // The second row stays complete in case a later segment of the run is not linked.
      System.arraycopy(env0, from, env1, from, to - from);
      return;
    }
    pendingLinked = false;
    for (int i = from; i < to; i++) {
      double d0;
      double d1;
      if (useRms) {
        double v0 = s0[i];
        double v1 = s1[i];
        m0 += a * (v0 * v0 - m0);
        m1 += a * (v1 * v1 - m1);
        d0 = Math.sqrt(m0);
        d1 = Math.sqrt(m1);
      } else {
        d0 = Math.abs(s0[i]);
        d1 = Math.abs(s1[i]);
      }
      double loud = Math.max(d0, d1);
      d0 = loud - keep * (loud - d0);
      d1 = loud - keep * (loud - d1);
      env0[i] = e0.next(d0);
      env1[i] = e1.next(d1);
    }
    if (useRms) {
      meanSquare[0] = m0;
      meanSquare[1] = m1;
    }
  }

  /**
   * Works out the gains of the frames {@link #followSteady} left waiting and applies them: for each
   * channel (one for both when every segment was linked), the gain computer's formula over the
   * whole run, each of its steps a loop of its own.
   */
  private void applyPendingGains(double[][] x) {
    if (pendingFrom < 0) {
      return;
    }
    int from = pendingFrom;
    int to = pendingTo;
    pendingFrom = -1;
    double g0 = gainRow(envelopeScratch[0], x[0], from, to, pendingLinked ? x[1] : null);
    double g1 = pendingLinked ? g0 : gainRow(envelopeScratch[1], x[1], from, to, null);
    lastGain[0] = g0;
    lastGain[1] = g1;
  }

  /**
   * Applies the gains of the envelopes {@code env[from..to)} to {@code x[from..to)} (and {@code
   * also}, when not null), the same bits as {@link #gainOf} frame by frame, and returns the last
   * frame's gain.
   */
  private double gainRow(double[] env, double[] x, int from, int to, double[] also) {
    double kneeStart = pendingKneeStart;
    double mk = pendingMakeup;
    double mx = pendingMix;
    double loudest = 0.0;
    for (int i = from; i < to; i++) {
      loudest = Math.max(loudest, env[i]);
    }
    if (!(loudest > kneeStart)) {
      // Under the knee throughout: every gain is exactly 1, and no logarithm is needed.
      double gain = 1.0 + mx * (mk - 1.0);
      if (gain != 1.0) {
        for (int i = from; i < to; i++) {
          x[i] *= gain;
        }
        if (also != null) {
          for (int i = from; i < to; i++) {
            also[i] *= gain;
          }
        }
      }
      return 1.0;
    }
    double[] db = gainScratch;
    GainComputer.levelsDb(env, db, from, to, bitsScratch, mantissaScratch);
    double t = pendingThreshold;
    double s = pendingSlope;
    double w = pendingKnee;
    double kneeScale = pendingKneeScale;
    GainComputer.curveRow(db, from, to, t, s, w, kneeScale);
    GainComputer.dbGains(db, db, from, to, bitsScratch);
    double g = 1.0;
    for (int i = from; i < to; i++) {
      g = env[i] <= kneeStart ? 1.0 : db[i];
      double gain = 1.0 + mx * (g * mk - 1.0);
      x[i] *= gain;
      if (also != null) {
        also[i] *= gain;
      }
    }
    return g;
  }

  private double detect(double sample, int c) {
    if (!rms) {
      return Math.abs(sample);
    }
    double m = meanSquare[c];
    m += rmsCoefficient * (sample * sample - m);
    meanSquare[c] = m;
    return Math.sqrt(m);
  }

  private static double gainOf(
      double envelope,
      double kneeStart,
      double thresholdDb,
      double slope,
      double kneeDb,
      double kneeScale) {
    if (envelope <= kneeStart) {
      return 1.0;
    }
    double levelDb = GainComputer.levelDb(envelope);
    double gainDb = GainComputer.gainDbForKneeScale(levelDb, thresholdDb, slope, kneeDb, kneeScale);
    return GainComputer.dbGain(gainDb);
  }
}
