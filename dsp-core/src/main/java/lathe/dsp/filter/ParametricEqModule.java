package lathe.dsp.filter;

import java.util.ArrayList;
import java.util.List;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;
import lathe.dsp.param.UpdateGrid;

/**
 * Applies the five-band parametric equalizer ({@code eq}): band 1 a low shelf, bands 2 to 4 bells,
 * band 5 a high shelf, each matched in magnitude to its analog prototype within 0.5 dB from 20 Hz
 * to 20 kHz by {@link MatchedEqDesign}, also for bells centred up to 16 kHz at 44.1 kHz.
 *
 * <p>Parameters for N = 1..5: {@code eq.bandN.gain} (-18 to +18 dB, linear, default 0), {@code
 * eq.bandN.frequency} (20 to 20000 Hz, logarithmic; defaults 80, 250, 1000, 4000, 12000 Hz) and
 * {@code eq.bandN.q} (logarithmic; bells 0.1 to 10, default 1.0; shelves 0.1 to 2, default 0.707).
 * Q of a bell is that of {@code H(s) = (s^2 + s A/Q + 1) / (s^2 + s/(A Q) + 1)} with {@code A =
 * 10^(gain/40)}, so the two half-gain (in dB) edges lie {@code f0/Q} apart; Q of a shelf is the
 * shelf Q of the same family ({@link AnalogEqPrototype}); shelf Qs above 0.707 add the bump and dip
 * of a resonant shelf, and stop at 2, beyond which one biquad cannot follow the prototype's dip or
 * peak close to Nyquist.
 *
 * <p>Gains glide linearly in dB over 20 ms, frequency and Q multiplicatively over 30 ms, and
 * coefficients follow on a grid of 32 frames counted from {@link #prepare}. A band at 0 dB that is
 * not gliding is skipped, so the module at all-zero gains is bit-transparent.
 */
public final class ParametricEqModule extends Module {
  /** Number of bands. */
  public static final int BANDS = 5;

  /** Frames between coefficient updates while a parameter glides. */
  public static final int UPDATE_FRAMES = UpdateGrid.FRAMES;

  private static final double[] DEFAULT_HERTZ = {80, 250, 1000, 4000, 12000};
  private static final double GAIN_GLIDE_SECONDS = 0.020;
  private static final double SHAPE_GLIDE_SECONDS = 0.030;

  /** Smallest Q of every band. */
  public static final double MIN_Q = 0.1;

  /** Largest Q of a bell. */
  public static final double MAX_BELL_Q = 10.0;

  /**
   * Largest Q of a shelf: enough for the bump and dip of a mastering shelf, and the most that one
   * matched biquad follows within 0.5 dB up to 20 kHz at 44.1 kHz (see {@link MatchedEqDesign}).
   */
  public static final double MAX_SHELF_Q = 2.0;

  private final Band[] bands = new Band[BANDS];
  private final double[] coefficients = new double[5];
  private final Biquad[] running = new Biquad[BANDS];
  private final MatchedEqDesign designer = new MatchedEqDesign();
  private double sampleRate = 48000.0;
  private int channels;
  private final UpdateGrid grid = new UpdateGrid();

  /** Creates the equalizer with every band at 0 dB. */
  public ParametricEqModule() {
    super("eq", specs());
    for (int b = 0; b < BANDS; b++) {
      EqShape shape =
          b == 0 ? EqShape.LOW_SHELF : b == BANDS - 1 ? EqShape.HIGH_SHELF : EqShape.BELL;
      bands[b] = new Band(shape);
      bands[b].frequency.setCurrentAndTarget(params().get(3 * b + 1).defaultValue());
      bands[b].q.setCurrentAndTarget(params().get(3 * b + 2).defaultValue());
    }
  }

  /** Returns the parameters of every band, as gain, frequency, q for band 1, then band 2, etc. */
  public static List<ParamSpec> specs() {
    List<ParamSpec> list = new ArrayList<>();
    for (int b = 0; b < BANDS; b++) {
      String id = "eq.band" + (b + 1);
      String name = "Band " + (b + 1);
      boolean shelf = b == 0 || b == BANDS - 1;
      list.add(ParamSpec.number(id + ".gain", name + " gain", "dB", -18, 18, 0, Taper.LINEAR));
      list.add(
          ParamSpec.number(
              id + ".frequency",
              name + " frequency",
              "Hz",
              20,
              20000,
              DEFAULT_HERTZ[b],
              Taper.LOGARITHMIC));
      list.add(
          ParamSpec.number(
              id + ".q",
              name + " Q",
              "",
              MIN_Q,
              shelf ? MAX_SHELF_Q : MAX_BELL_Q,
              shelf ? 0.707 : 1.0,
              Taper.LOGARITHMIC));
    }
    return list;
  }

  /** Returns the response shape of band {@code b} (0-based). */
  public EqShape shape(int b) {
    return bands[b].shape;
  }

  /** Returns the biquad of band {@code b} (0-based), for inspection of its coefficients. */
  public Biquad section(int b) {
    return bands[b].filter;
  }

  @Override
  public void setParameter(int index, double value) {
    Band band = bands[index / 3];
    switch (index % 3) {
      case 0 -> band.gainDb.setTarget(value);
      case 1 -> band.frequency.setTarget(value);
      default -> band.q.setTarget(value);
    }
    band.dirty = true;
  }

  @Override
  public void prepare(ProcessSpec spec) {
    sampleRate = spec.sampleRate();
    channels = spec.channels();
    for (Band band : bands) {
      band.filter = new Biquad(channels);
      band.gainDb.reset(sampleRate, GAIN_GLIDE_SECONDS);
      band.frequency.reset(sampleRate, SHAPE_GLIDE_SECONDS);
      band.q.reset(sampleRate, SHAPE_GLIDE_SECONDS);
    }
    reset();
  }

  @Override
  public void reset() {
    grid.reset();
    for (Band band : bands) {
      band.gainDb.setCurrentAndTarget(band.gainDb.target());
      band.frequency.setCurrentAndTarget(band.frequency.target());
      band.q.setCurrentAndTarget(band.q.target());
      if (band.filter != null) {
        band.filter.reset();
        update(band);
      }
      band.dirty = false;
    }
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (holdsStill()) {
      // Nothing changes on the grid during this block but the sections' snapping, which the
      // sections do themselves at each grid point while running the whole block.
      if (grid.atPoint()) {
        onGrid();
      }
      int count = 0;
      for (Band band : bands) {
        if (band.active) {
          running[count++] = band.filter;
        }
      }
      Biquad.processCascadeOnGrid(
          running, count, x, channels, 0, frames, grid.segmentEnd(0, frames), UPDATE_FRAMES);
      grid.advance(frames);
      return;
    }
    int i = 0;
    while (i < frames) {
      if (grid.atPoint()) {
        onGrid();
      }
      int end = grid.segmentEnd(i, frames);
      int count = 0;
      for (Band band : bands) {
        if (band.active) {
          running[count++] = band.filter;
        }
      }
      Biquad.processCascade(running, count, x, channels, i, end);
      grid.advance(end - i);
      i = end;
    }
  }

  /**
   * Tells whether no band glides or awaits a new design, so that every grid point of the next block
   * only snaps the sections; a band that is not active holds cleared state, which needs no snap.
   */
  private boolean holdsStill() {
    for (Band band : bands) {
      if (band.dirty || band.isGliding()) {
        return false;
      }
    }
    return true;
  }

  private void onGrid() {
    for (Band band : bands) {
      boolean gliding = band.isGliding();
      if (gliding) {
        band.gainDb.skip(UPDATE_FRAMES);
        band.frequency.skip(UPDATE_FRAMES);
        band.q.skip(UPDATE_FRAMES);
      }
      if (gliding || band.dirty) {
        update(band);
        band.dirty = false;
      }
      band.filter.snapDenormals();
    }
  }

  private void update(Band band) {
    boolean wasActive = band.active;
    band.active = band.gainDb.current() != 0.0 || band.gainDb.isSmoothing();
    if (!band.active) {
      band.filter.setIdentity();
      band.filter.reset();
      return;
    }
    if (!wasActive) {
      band.filter.reset();
    }
    designer.design(
        band.shape,
        sampleRate,
        band.frequency.current(),
        band.gainDb.current(),
        band.q.current(),
        coefficients);
    band.filter.setCoefficients(coefficients);
  }

  /** Holds one band's shape, smoothers and section. */
  private static final class Band {
    final EqShape shape;
    final LinearSmoother gainDb = new LinearSmoother();
    final MultiplicativeSmoother frequency = new MultiplicativeSmoother();
    final MultiplicativeSmoother q = new MultiplicativeSmoother();
    Biquad filter;
    boolean active;
    boolean dirty;

    Band(EqShape shape) {
      this.shape = shape;
    }

    boolean isGliding() {
      return gainDb.isSmoothing() || frequency.isSmoothing() || q.isSmoothing();
    }
  }
}
