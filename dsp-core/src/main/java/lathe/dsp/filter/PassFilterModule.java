package lathe.dsp.filter;

import java.util.List;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;
import lathe.dsp.param.UpdateGrid;

/**
 * Applies a Butterworth high-pass ({@code hpf}) or low-pass ({@code lpf}) filter of 6 to 48 dB/oct.
 *
 * <p>Parameters: {@code <id>.frequency}, the -3 dB cutoff in hertz (10 to 22000, logarithmic;
 * default 30 Hz for the high-pass, 18000 Hz for the low-pass), and {@code <id>.slope}, a choice of
 * "off", "6", ..., "48" dB/oct (default "off", which is bit-transparent).
 *
 * <p>The cutoff glides multiplicatively over 30 ms and the coefficients follow on a grid of 32
 * frames counted from {@link #prepare}, so the output does not depend on how the stream is cut into
 * blocks. Cutoffs above 0.45 times the sample rate are held at 0.45 times the rate (19845 Hz at
 * 44.1 kHz): the filter stays stable and its -3 dB point stops there. A slope change crossfades
 * over 20 ms from the old cascade to the new one, which starts from rest.
 */
public final class PassFilterModule extends Module {
  /** Names which side of the cutoff the filter keeps. */
  public enum Kind {
    /** Keeps what lies above the cutoff; module id {@code hpf}. */
    HIGH_PASS,
    /** Keeps what lies below the cutoff; module id {@code lpf}. */
    LOW_PASS
  }

  /** Labels of the slope choice, in dB/oct; the index is the filter order. */
  public static final String[] SLOPE_LABELS = {
    "off", "6", "12", "18", "24", "30", "36", "42", "48"
  };

  /** Frames between coefficient updates while the cutoff glides. */
  public static final int UPDATE_FRAMES = UpdateGrid.FRAMES;

  private static final double GLIDE_SECONDS = 0.030;
  private static final double FADE_SECONDS = 0.020;
  private static final int SECTIONS = ButterworthDesign.sectionCount(ButterworthDesign.MAX_ORDER);

  private final boolean highPass;
  private final MultiplicativeSmoother cutoff = new MultiplicativeSmoother();
  private final int[] order = new int[2];
  private Biquad[][] cascades = new Biquad[2][0];
  private double[][] scratch = new double[0][0];
  private double sampleRate = 48000.0;
  private int channels;
  private int requestedOrder;
  private int active;
  private boolean fading;
  private boolean dirty = true;
  private final UpdateGrid grid = new UpdateGrid();
  private long fadeStart;
  private int fadeFrames = UPDATE_FRAMES;

  /** Creates a high-pass ({@code hpf}) or low-pass ({@code lpf}) module at its defaults. */
  public PassFilterModule(Kind kind) {
    super(kind == Kind.HIGH_PASS ? "hpf" : "lpf", specs(kind));
    this.highPass = kind == Kind.HIGH_PASS;
    cutoff.setCurrentAndTarget(params().get(0).defaultValue());
  }

  /** Returns the frequency and slope parameters of a kind, in that order. */
  public static List<ParamSpec> specs(Kind kind) {
    String id = kind == Kind.HIGH_PASS ? "hpf" : "lpf";
    String name = kind == Kind.HIGH_PASS ? "High-pass" : "Low-pass";
    double def = kind == Kind.HIGH_PASS ? 30.0 : 18000.0;
    return List.of(
        ParamSpec.number(
            id + ".frequency", name + " frequency", "Hz", 10, 22000, def, Taper.LOGARITHMIC),
        ParamSpec.choice(id + ".slope", name + " slope", 0, SLOPE_LABELS));
  }

  @Override
  public void setParameter(int index, double value) {
    if (index == 0) {
      cutoff.setTarget(value);
      dirty = true;
    } else {
      requestedOrder = Math.clamp((int) Math.rint(value), 0, ButterworthDesign.MAX_ORDER);
    }
  }

  @Override
  public void prepare(ProcessSpec spec) {
    sampleRate = spec.sampleRate();
    channels = spec.channels();
    cascades = new Biquad[2][SECTIONS];
    for (Biquad[] cascade : cascades) {
      for (int s = 0; s < SECTIONS; s++) {
        cascade[s] = new Biquad(channels);
      }
    }
    scratch = new double[channels][spec.maxFrames()];
    int fadeGrid = (int) Math.round(FADE_SECONDS * sampleRate / UPDATE_FRAMES);
    fadeFrames = Math.max(1, fadeGrid) * UPDATE_FRAMES;
    cutoff.reset(sampleRate, GLIDE_SECONDS);
    reset();
  }

  @Override
  public void reset() {
    cutoff.setCurrentAndTarget(cutoff.target());
    active = 0;
    order[0] = requestedOrder;
    order[1] = 0;
    fading = false;
    grid.reset();
    for (Biquad[] cascade : cascades) {
      for (Biquad b : cascade) {
        b.reset();
      }
    }
    design(0);
    design(1);
    dirty = false;
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (!fading && !dirty && !cutoff.isSmoothing() && requestedOrder == order[active]) {
      // Nothing changes on the grid during this block but the sections' snapping, which the
      // sections do themselves at each grid point while running the whole block.
      if (grid.atPoint()) {
        onGrid();
      }
      if (order[active] > 0) {
        Biquad.processCascadeOnGrid(
            cascades[active],
            ButterworthDesign.sectionCount(order[active]),
            x,
            channels,
            0,
            frames,
            grid.segmentEnd(0, frames),
            UPDATE_FRAMES);
      }
      grid.advance(frames);
      return;
    }
    int i = 0;
    while (i < frames) {
      if (grid.atPoint()) {
        onGrid();
      }
      int end = grid.segmentEnd(i, frames);
      if (fading) {
        crossfade(x, i, end);
      } else if (order[active] > 0) {
        run(cascades[active], order[active], x, i, end);
      }
      grid.advance(end - i);
      i = end;
    }
  }

  /** Returns the -3 dB frequency the coefficients currently use, in hertz, after clamping. */
  public double effectiveCutoffHertz() {
    return ButterworthDesign.clampCutoffHertz(cutoff.current(), sampleRate);
  }

  /** Returns the filter order now in use (0 = off, 1 to 8 = 6 to 48 dB/oct). */
  public int activeOrder() {
    return order[active];
  }

  /** Returns section {@code s} of the cascade now in use, for inspection of its coefficients. */
  public Biquad section(int s) {
    return cascades[active][s];
  }

  private void onGrid() {
    if (fading && grid.frame() - fadeStart >= fadeFrames) {
      for (Biquad b : cascades[active]) {
        b.reset();
      }
      active = 1 - active;
      fading = false;
    }
    if (cutoff.isSmoothing()) {
      cutoff.skip(UPDATE_FRAMES);
      dirty = true;
    }
    if (!fading && requestedOrder != order[active]) {
      int next = 1 - active;
      order[next] = requestedOrder;
      for (Biquad b : cascades[next]) {
        b.reset();
      }
      design(next);
      fading = true;
      fadeStart = grid.frame();
    }
    if (dirty) {
      design(active);
      if (fading) {
        design(1 - active);
      }
      dirty = false;
    }
    // Only the sections that run can hold state: a cascade's sections are all cleared whenever it
    // takes a new order, and those past its order never run until the next one.
    snapUsed(active);
    if (fading) {
      snapUsed(1 - active);
    }
  }

  private void snapUsed(int which) {
    Biquad[] cascade = cascades[which];
    int used = order[which] > 0 ? ButterworthDesign.sectionCount(order[which]) : 0;
    for (int s = 0; s < used; s++) {
      cascade[s].snapDenormals();
    }
  }

  private void design(int which) {
    ButterworthDesign.design(highPass, order[which], cutoff.current(), sampleRate, cascades[which]);
  }

  private void run(Biquad[] cascade, int n, double[][] x, int from, int to) {
    Biquad.processCascade(cascade, ButterworthDesign.sectionCount(n), x, channels, from, to);
  }

  private void crossfade(double[][] x, int from, int to) {
    int next = 1 - active;
    for (int c = 0; c < channels; c++) {
      System.arraycopy(x[c], from, scratch[c], from, to - from);
    }
    if (order[next] > 0) {
      run(cascades[next], order[next], scratch, from, to);
    }
    if (order[active] > 0) {
      run(cascades[active], order[active], x, from, to);
    }
    long offset = grid.frame() - fadeStart - from;
    for (int c = 0; c < channels; c++) {
      double[] out = x[c];
      double[] in = scratch[c];
      for (int i = from; i < to; i++) {
        double w = Math.min(1.0, (double) (offset + i + 1) / fadeFrames);
        out[i] += w * (in[i] - out[i]);
      }
    }
  }
}
