package lathe.dsp.stereo;

import java.util.List;
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
 * Sets the stereo width in mid/side, makes the bass mono and sets the balance; module id {@code
 * stereo}.
 *
 * <p>With {@code M = (L + R) / 2} and {@code S = (L - R) / 2}, the output is {@code L' = gL (M + w
 * S')} and {@code R' = gR (M - w S')}, where {@code w} is the width over 100 %, and {@code S'} is
 * {@code S} high-passed at the mono-bass frequency by a Linkwitz-Riley 24 dB/oct high-pass (two
 * 2nd-order Butterworth sections, {@code |H| = 1 / (1 + (fc / f)^4)} at the prewarped frequency, -6
 * dB at {@code fc}), or {@code S} itself when mono bass is off. The mid is never filtered.
 *
 * <p>Balance follows a linear law that leaves the centre at unity: at a balance {@code p} of -100
 * to +100 %, the channel away from which the balance is turned is scaled by {@code 1 - |p| / 100}
 * and the other stays at unity.
 *
 * <p>New values are taken on a grid of {@value #UPDATE_FRAMES} frames counted from {@link
 * #prepare}, and every ramp (width, balance, the fade of mono bass in and out, the glide of its
 * frequency) lasts a whole number of grid steps, about 20 ms, so the output does not depend on how
 * the stream is cut into blocks. At width 100 %, mono bass off and balance 0 the module is skipped
 * and bit-transparent; a one-channel stream passes unchanged.
 */
public final class StereoModule extends Module {
  /** Width of the side signal, in percent of the input's (0 = mono, 200 = doubled side). */
  public static final ParamSpec WIDTH =
      ParamSpec.number("stereo.width", "Width", "%", 0, 200, 100, Taper.LINEAR);

  /**
   * Frequency under which the side signal is removed, in hertz; 0 is off and values from 0 to 20 Hz
   * are held at 20 Hz.
   */
  public static final ParamSpec MONO_BASS =
      ParamSpec.number("stereo.monobass", "Mono bass", "Hz", 0, 300, 0, Taper.LINEAR);

  /** Balance, in percent: negative turns towards the left, positive towards the right. */
  public static final ParamSpec BALANCE =
      ParamSpec.number("stereo.balance", "Balance", "%", -100, 100, 0, Taper.LINEAR);

  /** Lowest mono-bass frequency applied, in hertz. */
  public static final double MIN_MONO_BASS_HERTZ = 20.0;

  /** Frames between parameter updates. */
  public static final int UPDATE_FRAMES = UpdateGrid.FRAMES;

  private static final double RAMP_SECONDS = 0.020;

  private final LinearSmoother width = new LinearSmoother();
  private final LinearSmoother bassMix = new LinearSmoother();
  private final LinearSmoother gainLeft = new LinearSmoother();
  private final LinearSmoother gainRight = new LinearSmoother();
  private final MultiplicativeSmoother cutoff = new MultiplicativeSmoother();
  private final Biquad first = new Biquad(1);
  private final Biquad second = new Biquad(1);
  private final Biquad[] design = {first};
  private double[] side = new double[0];
  private double widthPercent = WIDTH.defaultValue();
  private double monoBassHertz = MONO_BASS.defaultValue();
  private double balancePercent = BALANCE.defaultValue();
  private double sampleRate = 48000.0;
  private int channels;
  private final UpdateGrid grid = new UpdateGrid();

  /** Creates a stereo module at its neutral defaults. */
  public StereoModule() {
    super("stereo", List.of(WIDTH, MONO_BASS, BALANCE));
    cutoff.setCurrentAndTarget(100.0);
    jumpToTargets();
  }

  @Override
  public void setParameter(int index, double value) {
    switch (index) {
      case 0 -> widthPercent = WIDTH.clamp(value);
      case 1 -> monoBassHertz = MONO_BASS.clamp(value);
      default -> balancePercent = BALANCE.clamp(value);
    }
  }

  /** Returns the gain of the left channel at a balance in percent, by the linear law. */
  public static double leftGain(double balancePercent) {
    return balancePercent > 0 ? 1.0 - balancePercent / 100.0 : 1.0;
  }

  /** Returns the gain of the right channel at a balance in percent, by the linear law. */
  public static double rightGain(double balancePercent) {
    return balancePercent < 0 ? 1.0 + balancePercent / 100.0 : 1.0;
  }

  @Override
  public void prepare(ProcessSpec spec) {
    sampleRate = spec.sampleRate();
    channels = spec.channels();
    side = new double[spec.maxFrames()];
    int steps = Math.max(1, (int) Math.round(RAMP_SECONDS * sampleRate / UPDATE_FRAMES));
    double rampSeconds = steps * UPDATE_FRAMES / sampleRate;
    width.reset(sampleRate, rampSeconds);
    bassMix.reset(sampleRate, rampSeconds);
    gainLeft.reset(sampleRate, rampSeconds);
    gainRight.reset(sampleRate, rampSeconds);
    cutoff.reset(sampleRate, rampSeconds);
    reset();
  }

  @Override
  public void reset() {
    jumpToTargets();
    first.reset();
    second.reset();
    grid.reset();
  }

  private void jumpToTargets() {
    width.setCurrentAndTarget(widthPercent / 100.0);
    gainLeft.setCurrentAndTarget(leftGain(balancePercent));
    gainRight.setCurrentAndTarget(rightGain(balancePercent));
    boolean on = monoBassHertz > 0.0;
    bassMix.setCurrentAndTarget(on ? 1.0 : 0.0);
    if (on) {
      cutoff.setCurrentAndTarget(Math.max(MIN_MONO_BASS_HERTZ, monoBassHertz));
    }
    designFilter();
  }

  /** Returns the mono-bass cutoff the filter currently uses, in hertz. */
  public double monoBassCutoffHertz() {
    return cutoff.current();
  }

  /** Tells whether the mono-bass filter's state is exactly zero. */
  boolean filterIsSilent() {
    return first.isSilent() && second.isSilent();
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (channels < 2) {
      return;
    }
    int i = 0;
    while (i < frames) {
      if (grid.atPoint()) {
        onGrid();
      }
      int end = grid.segmentEnd(i, frames);
      processSpan(x[0], x[1], i, end);
      grid.advance(end - i);
      i = end;
    }
  }

  private void onGrid() {
    width.setTarget(widthPercent / 100.0);
    gainLeft.setTarget(leftGain(balancePercent));
    gainRight.setTarget(rightGain(balancePercent));
    boolean on = monoBassHertz > 0.0;
    if (on) {
      double hz = Math.max(MIN_MONO_BASS_HERTZ, monoBassHertz);
      if (bassMix.current() == 0.0 && !bassMix.isSmoothing()) {
        // Fading in from off: start the filter from rest at the new frequency.
        first.reset();
        second.reset();
        cutoff.setCurrentAndTarget(hz);
        designFilter();
      } else {
        cutoff.setTarget(hz);
      }
    }
    bassMix.setTarget(on ? 1.0 : 0.0);
    if (cutoff.isSmoothing()) {
      cutoff.skip(UPDATE_FRAMES);
      designFilter();
    }
    first.snapDenormals();
    second.snapDenormals();
  }

  private void designFilter() {
    ButterworthDesign.design(true, 2, cutoff.current(), sampleRate, design);
    second.setCoefficients(first.b0(), first.b1(), first.b2(), first.a1(), first.a2());
  }

  private void processSpan(double[] left, double[] right, int from, int to) {
    boolean filtering = bassMix.isSmoothing() || bassMix.current() != 0.0;
    boolean settled =
        !width.isSmoothing()
            && !bassMix.isSmoothing()
            && !gainLeft.isSmoothing()
            && !gainRight.isSmoothing();
    if (settled
        && !filtering
        && width.current() == 1.0
        && gainLeft.current() == 1.0
        && gainRight.current() == 1.0) {
      return;
    }
    if (filtering) {
      for (int i = from; i < to; i++) {
        side[i] = (left[i] - right[i]) * 0.5;
      }
      first.process(side, from, to, 0);
      second.process(side, from, to, 0);
    }
    if (settled) {
      double w = width.current();
      double gl = gainLeft.current();
      double gr = gainRight.current();
      if (filtering) {
        // Settled with mono bass on means a mix of exactly 1: the side is the filtered side.
        for (int i = from; i < to; i++) {
          double mid = (left[i] + right[i]) * 0.5;
          double s = w * side[i];
          left[i] = gl * (mid + s);
          right[i] = gr * (mid - s);
        }
      } else {
        for (int i = from; i < to; i++) {
          double mid = (left[i] + right[i]) * 0.5;
          double s = w * ((left[i] - right[i]) * 0.5);
          left[i] = gl * (mid + s);
          right[i] = gr * (mid - s);
        }
      }
      return;
    }
    for (int i = from; i < to; i++) {
      double w = width.next();
      double m = bassMix.next();
      double gl = gainLeft.next();
      double gr = gainRight.next();
      double mid = (left[i] + right[i]) * 0.5;
      double s = (left[i] - right[i]) * 0.5;
      if (filtering) {
        s += m * (side[i] - s);
      }
      s *= w;
      left[i] = gl * (mid + s);
      right[i] = gr * (mid - s);
    }
  }
}
