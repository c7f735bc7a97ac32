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
 * SaturationCurve}), downsampling, a 5 Hz DC blocker for the tube curve only, and the output gain;
 * the mix blends it with the input delayed by the same {@link #latencyFrames()}, so the two are in
 * phase. Output gain is manual (no automatic compensation); it acts on the wet path only.
 *
 * <p>The default curve is "off", which is bit-transparent: the output is the input delayed by
 * {@link #latencyFrames()}, sample for sample, and nothing else is computed. The oversampling
 * factor is read at {@link #prepare} only, so the latency stays constant while playing: 97 frames
 * at 2x, 106 at 4x, 109 at 8x; a new factor takes effect at the next prepare.
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
  private int latency = Oversampler.latencyFrames(2);
  private int channels;
  private Oversampler[] oversamplers = new Oversampler[0];
  private DcBlocker[] dcBlockers = new DcBlocker[0];
  private double[][] dryRing = new double[0][0];
  private int dryIndex;
  private boolean stale;
  private final UpdateGrid grid = new UpdateGrid();
  private double[] driveGains = new double[UPDATE_FRAMES];
  private double[] outputGains = new double[UPDATE_FRAMES];
  private double[] mixes = new double[UPDATE_FRAMES];
  private double[] wet = new double[UPDATE_FRAMES];
  private double[] dry = new double[UPDATE_FRAMES];

  /** Creates a saturator at its defaults (curve off, 4x oversampling). */
  public SaturatorModule() {
    super("sat", List.of(CURVE, DRIVE, OUTPUT, MIX, OVERSAMPLING));
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
      default -> throw new IllegalArgumentException("no parameter " + index);
    }
  }

  @Override
  public void prepare(ProcessSpec spec) {
    channels = spec.channels();
    stages = requestedStages;
    latency = Oversampler.latencyFrames(stages);
    oversamplers = new Oversampler[channels];
    dcBlockers = new DcBlocker[channels];
    dryRing = new double[channels][latency];
    int span = Math.max(UPDATE_FRAMES, spec.maxFrames());
    driveGains = new double[span];
    outputGains = new double[span];
    mixes = new double[span];
    wet = new double[span];
    dry = new double[span];
    for (int c = 0; c < channels; c++) {
      oversamplers[c] = new Oversampler(stages, span);
      dcBlockers[c] = new DcBlocker(DC_CORNER_HERTZ, spec.sampleRate());
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

  @Override
  public void process(double[][] x, int frames) {
    Dsp.sanitize(x, channels, frames);
    if (active == SaturationCurve.OFF && pending == SaturationCurve.OFF) {
      delayOnly(x, frames);
      drive.skip(frames);
      output.skip(frames);
      mix.skip(frames);
      grid.advance(frames);
      return;
    }
    if (pending == active && !active.makesDc() && engage.target() == 1.0) {
      // Steady: every grid point would only re-aim the fade at 1, which it already is, so the
      // whole block is one segment and the filters run on long blocks (their results do not
      // depend on the split). A curve without DC leaves the DC blockers idle, so skipping their
      // snaps changes nothing: they are reset before the tube curve uses them again.
      segment(x, 0, frames);
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
  }

  private void segment(double[][] x, int from, int len) {
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
}
