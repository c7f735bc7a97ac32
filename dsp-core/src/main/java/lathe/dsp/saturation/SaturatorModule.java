package lathe.dsp.saturation;

import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;
import lathe.dsp.param.UpdateGrid;

/**
 * Saturates the programme through an oversampled transfer curve; module id {@code sat}.
 *
 * <p>The wet path is: drive gain, upsampling to 2, 4 or 8 times the rate, the curve ({@link
 * SaturationCurve}), downsampling, a 5 Hz DC blocker for the tube curve only, and the output gain.
 * The oversampling filters are chosen by {@link #PHASE}:
 *
 * <ul>
 *   <li>linear: linear-phase FIR halfbands ({@link Oversampler}); the mix blends the wet path with
 *       the input delayed by the same {@link #latencyFrames()}, 97 frames at 2x, 106 at 4x, 109 at
 *       8x, so the two are in phase; the waveform's shape (the phase of every partial) is kept.
 *   <li>minimum (the default): minimum-phase polyphase IIR halfbands ({@link IirOversampler}),
 *       whose delay is {@link #latencyFrames()} = 3, 4 or 4 frames at 2x, 4x or 8x (the rounded
 *       low-frequency group delay, 2.85, 3.65 and 3.93 frames). Their delay grows toward the top of
 *       the band (at 4x and 48 kHz: 3.8 frames at 5 kHz, 4.5 at 10 kHz, 6.2 at 15 kHz, 11.7 at 20
 *       kHz), so the dry signal cannot simply be delayed: it rides the same filters, mixed with the
 *       wet one at the high rate before downsampling, and the mix stays free of comb notches.
 * </ul>
 *
 * <p>Minimum phase is the default because the saturator colours a sound rather than measures it:
 * the phase shift it adds is confined to the top octave, where the curve's own harmonics already
 * rewrite the waveform, while the 106 frames (2.2 ms at 48 kHz) of the linear-phase filters are
 * heard as delay when monitoring live through the console, and their cost (about 5 ms per second of
 * stereo audio at 4x, against under 3 ms) alone nearly spends the chain's budget of 6.7 ms. Linear
 * phase stays one setting away for material whose transients must keep their exact shape.
 *
 * <p>The default curve is "off", which is bit-transparent: the output is the input delayed by
 * {@link #latencyFrames()}, sample for sample, and nothing else is computed. The oversampling
 * factor and the phase are read at {@link #prepare} only, so the latency stays constant while
 * playing; a new choice takes effect at the next prepare.
 *
 * <p>Drive and output glide over 20 ms in equal dB steps, mix over 20 ms linearly. A curve change
 * fades the wet path out over 10 ms, switches on the next 32-frame boundary counted from prepare,
 * and fades it back in; turning the curve on from "off" clears the filters first.
 */
public final class SaturatorModule extends Module {
  /** Transfer curve: off, tape, tube or soft-clip (default off). */
  public static final ParamSpec CURVE =
      ParamSpec.choice("sat.curve", "Curve", 0, SaturationCurve.LABELS);

  /** Gain before the curve, in dB. */
  public static final ParamSpec DRIVE =
      ParamSpec.number("sat.drive", "Drive", "dB", 0, 24, 0, Taper.LINEAR);

  /** Gain after the curve, on the wet path, in dB. */
  public static final ParamSpec OUTPUT =
      ParamSpec.number("sat.output", "Output", "dB", -24, 6, 0, Taper.LINEAR);

  /** Share of the saturated signal in the output, in percent. */
  public static final ParamSpec MIX =
      ParamSpec.number("sat.mix", "Mix", "%", 0, 100, 100, Taper.LINEAR);

  /** Oversampling factor, applied at the next prepare: 2x, 4x or 8x (default 4x). */
  public static final ParamSpec OVERSAMPLING =
      ParamSpec.choice("sat.oversampling", "Oversampling", 1, "2x", "4x", "8x");

  /**
   * Phase of the oversampling filters, applied at the next prepare: linear (FIR halfbands, latency
   * 97 to 109 frames) or minimum (IIR halfbands, latency 3 or 4 frames; the default, see above).
   */
  public static final ParamSpec PHASE =
      ParamSpec.choice("sat.phase", "Phase", 1, "linear", "minimum");

  /** Corner of the DC blocker that follows the tube curve, in hertz. */
  public static final double DC_CORNER_HERTZ = 5.0;

  /** Frames between checks of a pending curve change, counted from prepare. */
  public static final int UPDATE_FRAMES = UpdateGrid.FRAMES;

  private static final double GLIDE_SECONDS = 0.020;
  private static final double FADE_SECONDS = 0.010;

  private final MultiplicativeSmoother drive = new MultiplicativeSmoother();
  private final MultiplicativeSmoother output = new MultiplicativeSmoother();
  private final LinearSmoother mix = new LinearSmoother();
  private final LinearSmoother engage = new LinearSmoother();
  private SaturationCurve pending = SaturationCurve.OFF;
  private SaturationCurve active = SaturationCurve.OFF;
  private int requestedStages = 2;
  private int stages = 2;
  private boolean requestedMinimum = true;
  private boolean minimum = true;
  private int latency = IirOversampler.latencyFrames(2);
  private int channels;
  private Oversampler[] oversamplers = new Oversampler[0];
  private IirOversampler[] iirOversamplers = new IirOversampler[0];
  private DcBlocker[] dcBlockers = new DcBlocker[0];
  private double[][] dryRing = new double[0][0];
  private int dryIndex;
  private boolean stale;
  private boolean wholeBlocks = true;
  private final UpdateGrid grid = new UpdateGrid();
  private double[] driveGains = new double[UPDATE_FRAMES];
  private double[] outputGains = new double[UPDATE_FRAMES];
  private double[] mixes = new double[UPDATE_FRAMES];
  private double[] engages = new double[UPDATE_FRAMES];
  private double[] highWet = new double[0];
  private double[] highDrive = new double[0];
  private double[] highDry = new double[0];
  private double[] highWetGain = new double[0];
  // While the smoothers stand still, the per-sample gains of the high rate are these constants.
  private boolean steadyHigh;
  private double steadyDrive;
  private double steadyDry;
  private double steadyWetGain;
  private double[] wetRight = new double[0];
  private double[] silence = new double[0];
  private double[][] dryFrames = new double[0][0];
  private double[] wet = new double[UPDATE_FRAMES];
  private double[] dry = new double[UPDATE_FRAMES];

  /** Creates a saturator at its defaults (curve off, 4x oversampling). */
  public SaturatorModule() {
    super("sat", List.of(CURVE, DRIVE, OUTPUT, MIX, OVERSAMPLING, PHASE));
    drive.setCurrentAndTarget(1.0);
    output.setCurrentAndTarget(1.0);
    mix.setCurrentAndTarget(1.0);
  }

  @Override
  public void setParameter(int index, double value) {
    switch (index) {
      case 0 -> pending = SaturationCurve.ofIndex((int) Math.rint(value));
      case 1 -> drive.setTarget(Dsp.dbToGain(value));
      case 2 -> output.setTarget(Dsp.dbToGain(value));
      case 3 -> mix.setTarget(Math.clamp(value, 0, 100) / 100.0);
      case 4 -> requestedStages = Math.clamp((int) Math.rint(value), 0, 2) + 1;
      case 5 -> requestedMinimum = Math.rint(value) >= 1;
      default -> throw new IllegalArgumentException("no parameter " + index);
    }
  }

  @Override
  public void prepare(ProcessSpec spec) {
    IirOversampler.warmUpVectors();
    channels = spec.channels();
    stages = requestedStages;
    minimum = requestedMinimum;
    latency = minimum ? IirOversampler.latencyFrames(stages) : Oversampler.latencyFrames(stages);
    oversamplers = new Oversampler[minimum ? 0 : channels];
    iirOversamplers = new IirOversampler[minimum ? (channels + 1) / 2 : 0];
    dcBlockers = new DcBlocker[channels];
    dryRing = new double[channels][latency];
    int span = Math.max(UPDATE_FRAMES, spec.maxFrames());
    driveGains = new double[span];
    outputGains = new double[span];
    mixes = new double[span];
    engages = new double[minimum ? span : 0];
    highWet = new double[minimum ? span << stages : 0];
    highDrive = new double[minimum ? span << stages : 0];
    highDry = new double[minimum ? span << stages : 0];
    highWetGain = new double[minimum ? span << stages : 0];
    wetRight = new double[minimum ? span : 0];
    silence = new double[minimum ? span : 0];
    dryFrames = new double[minimum ? channels : 0][span];
    wet = new double[span];
    dry = new double[span];
    for (int c = 0; c < channels; c++) {
      if (minimum) {
        // The minimum-phase path blocks DC at the high rate, where it mixes (see segmentMinimum).
        if (c % 2 == 0) {
          iirOversamplers[c / 2] = new IirOversampler(stages, span);
        }
        dcBlockers[c] = new DcBlocker(DC_CORNER_HERTZ, spec.sampleRate() * (1 << stages));
      } else {
        oversamplers[c] = new Oversampler(stages, span);
        dcBlockers[c] = new DcBlocker(DC_CORNER_HERTZ, spec.sampleRate());
      }
    }
    drive.reset(spec.sampleRate(), GLIDE_SECONDS);
    output.reset(spec.sampleRate(), GLIDE_SECONDS);
    mix.reset(spec.sampleRate(), GLIDE_SECONDS);
    engage.reset(spec.sampleRate(), FADE_SECONDS);
    reset();
  }

  @Override
  public void reset() {
    drive.setCurrentAndTarget(drive.target());
    output.setCurrentAndTarget(output.target());
    mix.setCurrentAndTarget(mix.target());
    active = pending;
    engage.setCurrentAndTarget(active == SaturationCurve.OFF ? 0.0 : 1.0);
    for (Oversampler o : oversamplers) {
      o.reset();
    }
    for (IirOversampler o : iirOversamplers) {
      o.reset();
    }
    for (DcBlocker d : dcBlockers) {
      d.reset();
    }
    for (double[] r : dryRing) {
      java.util.Arrays.fill(r, 0.0);
    }
    dryIndex = 0;
    stale = false;
    grid.reset();
  }

  /** Makes the minimum-phase path run grid segment by grid segment even when steady. */
  void segmentByGridForTest() {
    wholeBlocks = false;
  }

  @Override
  public int latencyFrames() {
    return latency;
  }

  /** Returns the curve now in use, which lags a new choice by the fade-out. */
  public SaturationCurve activeCurve() {
    return active;
  }

  /** Returns the oversampling factor in use since the last prepare (2, 4 or 8). */
  public int oversamplingFactor() {
    return 1 << stages;
  }

  /** Tells whether the minimum-phase (IIR) filters are in use since the last prepare. */
  public boolean isMinimumPhase() {
    return minimum;
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (active == SaturationCurve.OFF && pending == SaturationCurve.OFF) {
      delayOnly(x, frames);
      drive.skip(frames);
      output.skip(frames);
      mix.skip(frames);
      grid.advance(frames);
      return;
    }
    // The minimum-phase path always runs grid segment by grid segment, as it snaps its IIR state
    // on the grid; the FIR path has no state to snap and gains from long blocks.
    if (!minimum && pending == active && !active.makesDc() && engage.target() == 1.0) {
      // Steady: every grid point would only re-aim the fade at 1, which it already is, so the
      // whole block is one segment and the filters run on long blocks (their results do not
      // depend on the split). A curve without DC leaves the DC blockers idle, so skipping their
      // snaps changes nothing: they are reset before the tube curve uses them again.
      segment(x, 0, frames);
      grid.advance(frames);
      return;
    }
    if (minimum && wholeBlocks && steadyEngaged()) {
      steadyBlock(x, frames);
      grid.advance(frames);
      return;
    }
    int i = 0;
    while (i < frames) {
      if (grid.atPoint()) {
        onGrid();
      }
      int end = grid.segmentEnd(i, frames);
      segment(x, i, end - i);
      grid.advance(end - i);
      i = end;
    }
  }

  /**
   * Tells whether the minimum-phase path is steady with the curve fully engaged: no curve change
   * pending, no fade, no glide, and no DC blocker in the path. Then every grid point only snaps the
   * IIR state ({@code onGrid} re-aims the fade at 1, where it is), and the block can run as {@link
   * #steadyBlock} does.
   */
  private boolean steadyEngaged() {
    return pending == active
        && active != SaturationCurve.OFF
        && !active.makesDc()
        && engage.current() == 1.0
        && engage.target() == 1.0
        && !engage.isSmoothing()
        && !drive.isSmoothing()
        && !output.isSmoothing()
        && !mix.isSmoothing();
  }

  /**
   * Runs a steady, engaged block through the minimum-phase path with the result of {@link
   * #segmentMinimum}, bit for bit, in fewer and longer loops. Up- and downsamplers keep separate
   * state, and each is snapped only at the grid points between the segments it runs; so the
   * upsamplers run segment by segment over the whole block, snapped between, into one high-rate
   * buffer; the curve and the mix, which keep no state, shape it in one pass; and the downsamplers
   * run segment by segment, snapped between, straight into the block. The grid is advanced by the
   * caller.
   */
  private void steadyBlock(double[][] x, int frames) {
    keepRingCurrent(x, 0, frames);
    double m = mix.current();
    double driveGain = drive.current();
    double dryGain = 1 - m;
    double wetGain = m * output.current();
    int high = frames << stages;
    long start = grid.frame();
    for (int p = 0; p < iirOversamplers.length; p++) {
      int left = 2 * p;
      int right = left + 1;
      boolean paired = right < channels;
      double[] l = x[left];
      double[] r = paired ? x[right] : silence;
      IirOversampler o = iirOversamplers[p];
      bySegment(o, true, l, r, frames, start);
      active.driveShapeAndMix(o.highLeft(), high, driveGain, wetGain, dryGain);
      if (paired) {
        active.driveShapeAndMix(o.highRight(), high, driveGain, wetGain, dryGain);
      }
      bySegment(o, false, l, paired ? x[right] : wetRight, frames, start);
    }
  }

  /**
   * Runs the upsamplers ({@code up}) or the downsamplers of {@code o} over a block's {@code frames}
   * grid segment by grid segment, its first frame being frame {@code start} of the grid, and snaps
   * them at each grid point as {@code onGrid} does; the high-rate buffers hold the whole block.
   */
  private static void bySegment(
      IirOversampler o, boolean up, double[] left, double[] right, int frames, long start) {
    long f = start;
    for (int i = 0; i < frames; ) {
      int phase = (int) (f & (UPDATE_FRAMES - 1));
      if (phase == 0) {
        if (up) {
          o.snapUpsamplers();
        } else {
          o.snapDownsamplers();
        }
      }
      int len = Math.min(frames - i, UPDATE_FRAMES - phase);
      if (up) {
        o.upsample(left, right, i, len, i);
      } else {
        o.downsample(left, right, i, len, i);
      }
      f += len;
      i += len;
    }
  }

  /**
   * Keeps the ring of delayed input current over {@code len} frames from {@code from} while the
   * delayed input is not heard: only the segment's last latency frames need writing.
   */
  private void keepRingCurrent(double[][] x, int from, int len) {
    int w = dryIndex;
    for (int c = 0; c < channels; c++) {
      double[] r = dryRing[c];
      double[] ch = x[c];
      int skipped = Math.max(0, len - latency);
      w = (dryIndex + skipped) % latency;
      for (int j = skipped; j < len; j++) {
        r[w] = ch[from + j];
        if (++w == latency) {
          w = 0;
        }
      }
    }
    dryIndex = w;
  }

  private void delayOnly(double[][] x, int frames) {
    int w = dryIndex;
    for (int c = 0; c < channels; c++) {
      double[] r = dryRing[c];
      double[] ch = x[c];
      w = dryIndex;
      for (int i = 0; i < frames; i++) {
        double d = r[w];
        r[w] = ch[i];
        ch[i] = d;
        if (++w == latency) {
          w = 0;
        }
      }
    }
    dryIndex = w;
  }

  private void onGrid() {
    if (pending != active) {
      if (active == SaturationCurve.OFF || (engage.current() == 0.0 && !engage.isSmoothing())) {
        SaturationCurve previous = active;
        active = pending;
        if (active == SaturationCurve.OFF) {
          stale = true;
        } else {
          if (stale || previous == SaturationCurve.OFF) {
            for (Oversampler o : oversamplers) {
              o.reset();
            }
            for (IirOversampler o : iirOversamplers) {
              o.reset();
            }
            stale = false;
          }
          if (active.makesDc()) {
            for (DcBlocker d : dcBlockers) {
              d.reset();
            }
          }
          engage.setTarget(1.0);
        }
      } else {
        engage.setTarget(0.0);
      }
    } else if (active != SaturationCurve.OFF) {
      engage.setTarget(1.0);
    }
    for (DcBlocker d : dcBlockers) {
      d.snapDenormals();
    }
    for (IirOversampler o : iirOversamplers) {
      o.snapDenormals();
    }
  }

  private void segment(double[][] x, int from, int len) {
    if (minimum) {
      segmentMinimum(x, from, len);
      return;
    }
    for (int j = 0; j < len; j++) {
      driveGains[j] = drive.next();
      outputGains[j] = output.next();
      mixes[j] = mix.next() * engage.next();
    }
    boolean wetOn = active != SaturationCurve.OFF;
    int w = dryIndex;
    for (int c = 0; c < channels; c++) {
      double[] r = dryRing[c];
      double[] ch = x[c];
      w = dryIndex;
      for (int j = 0; j < len; j++) {
        double in = ch[from + j];
        dry[j] = r[w];
        r[w] = in;
        if (++w == latency) {
          w = 0;
        }
        wet[j] = in * driveGains[j];
      }
      if (!wetOn) {
        System.arraycopy(dry, 0, ch, from, len);
        continue;
      }
      oversamplers[c].process(wet, 0, len, active);
      if (active.makesDc()) {
        dcBlockers[c].process(wet, len);
      }
      for (int j = 0; j < len; j++) {
        double m = mixes[j];
        double y = wet[j] * outputGains[j];
        double d = dry[j];
        ch[from + j] = m == 0.0 ? d : m == 1.0 ? y : d + m * (y - d);
      }
    }
    dryIndex = w;
  }

  /**
   * Runs one segment through the minimum-phase filters; the IIR state is snapped at every grid
   * point ({@code onGrid}), which is why this path always runs segment by segment. The IIR
   * halfbands delay each frequency by its own amount, so a dry signal merely delayed would not line
   * up with the wet one; the dry signal instead rides the same filters: the input is upsampled
   * once, the curve shapes a driven copy of it, the two are mixed at the high rate, and the mix is
   * downsampled. Drive, output and mix come from the same smoothers, held over the high-rate
   * samples of each frame. The fade of a curve change (engage) blends the result with the input
   * delayed by the latency, the path used while the curve is off, so switching the curve on or off
   * never jumps between the two. Channels go through the filters in pairs (an odd last channel with
   * a silent partner), which lets the recursive filters of both overlap in the pipeline.
   */
  private void segmentMinimum(double[][] x, int from, int len) {
    final int shift = stages;
    final int high = len << shift;
    boolean gliding =
        drive.isSmoothing() || output.isSmoothing() || mix.isSmoothing() || engage.isSmoothing();
    boolean engaged = !gliding && engage.current() == 1.0;
    if (gliding) {
      for (int j = 0; j < len; j++) {
        double m = mix.next();
        double g = drive.next();
        double o = output.next();
        engages[j] = engage.next();
        // Each frame's values, held over its high-rate samples: y = (1 - m) d + (m o) w.
        for (int k = j << shift, end = k + (1 << shift); k < end; k++) {
          highDrive[k] = g;
          highDry[k] = 1 - m;
          highWetGain[k] = m * o;
        }
      }
    } else {
      // Steady: the same values for every sample (the smoothers stand still, so next() would
      // return them every frame), kept as constants rather than filled into the arrays.
      double m = mix.current();
      steadyDrive = drive.current();
      steadyDry = 1 - m;
      steadyWetGain = m * output.current();
      java.util.Arrays.fill(engages, 0, len, engage.current());
    }
    steadyHigh = !gliding;
    if (engaged && active != SaturationCurve.OFF) {
      // The delayed input is not heard: only keep the ring current.
      keepRingCurrent(x, from, len);
    } else {
      int w = dryIndex;
      for (int c = 0; c < channels; c++) {
        double[] r = dryRing[c];
        double[] ch = x[c];
        double[] d = dryFrames[c];
        w = dryIndex;
        for (int j = 0; j < len; j++) {
          d[j] = r[w];
          r[w] = ch[from + j];
          if (++w == latency) {
            w = 0;
          }
        }
      }
      dryIndex = w;
    }
    if (active == SaturationCurve.OFF) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(dryFrames[c], 0, x[c], from, len);
      }
      return;
    }
    for (int p = 0; p < iirOversamplers.length; p++) {
      int left = 2 * p;
      int right = left + 1;
      boolean paired = right < channels;
      IirOversampler o = iirOversamplers[p];
      o.upsample(x[left], paired ? x[right] : silence, from, len);
      shapeAndMix(o.highLeft(), left, high);
      if (paired) {
        shapeAndMix(o.highRight(), right, high);
      }
      o.downsample(wet, wetRight, 0, len);
      engage(x[left], from, wet, dryFrames[left], len, engaged);
      if (paired) {
        engage(x[right], from, wetRight, dryFrames[right], len, engaged);
      }
    }
  }

  /**
   * Mixes, in place at the high rate, the upsampled input with its driven, shaped copy. The loops
   * run over arrays of per-sample gains at one index each, so they vectorise; at 100 % mix the dry
   * weight is 0 and the result is exactly the scaled wet sample, at 0 % exactly the input.
   */
  private void shapeAndMix(double[] up, int channel, int high) {
    if (steadyHigh) {
      shapeAndMixSteady(up, channel, high);
      return;
    }
    final double[] hw = highWet;
    for (int k = 0; k < high; k++) {
      hw[k] = up[k] * highDrive[k];
    }
    active.shapeInPlace(hw, 0, high);
    if (active.makesDc()) {
      dcBlockers[channel].process(hw, high);
    }
    for (int k = 0; k < high; k++) {
      up[k] = Math.fma(highWetGain[k], hw[k], highDry[k] * up[k]);
    }
  }

  /**
   * Does what {@link #shapeAndMix} does with every per-sample gain at its steady value, the same
   * arithmetic on constants: without a DC blocker between the curve and the mix, drive, curve and
   * mix run as one loop ({@link SaturationCurve#driveShapeAndMix}), one pass over the samples
   * instead of three.
   */
  private void shapeAndMixSteady(double[] up, int channel, int high) {
    if (!active.makesDc()) {
      active.driveShapeAndMix(up, high, steadyDrive, steadyWetGain, steadyDry);
      return;
    }
    final double[] hw = highWet;
    final double g = steadyDrive;
    for (int k = 0; k < high; k++) {
      hw[k] = up[k] * g;
    }
    active.shapeInPlace(hw, 0, high);
    dcBlockers[channel].process(hw, high);
    final double wetGain = steadyWetGain;
    final double dryGain = steadyDry;
    for (int k = 0; k < high; k++) {
      up[k] = Math.fma(wetGain, hw[k], dryGain * up[k]);
    }
  }

  /** Blends the filtered result with the delayed input by the engage fade, into {@code out}. */
  private void engage(
      double[] out, int from, double[] filtered, double[] delayed, int len, boolean engaged) {
    if (engaged) {
      System.arraycopy(filtered, 0, out, from, len);
      return;
    }
    for (int j = 0; j < len; j++) {
      double e = engages[j];
      double y = filtered[j];
      double d = delayed[j];
      out[from + j] = e == 0.0 ? d : e == 1.0 ? y : d + e * (y - d);
    }
  }
}
