package lathe.dsp.multiband;

import java.util.ArrayList;
import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.dynamics.GainReducing;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;
import lathe.dsp.param.UpdateGrid;

/**
 * Compresses 2 to 4 frequency bands separately; module id {@code mbc}.
 *
 * <p>The bands are split by Linkwitz-Riley 24 dB/oct crossovers in the standard tree, each lower
 * band passing the all-pass of every later crossover, so that with compression off the bands sum to
 * an all-pass of flat magnitude. Each band has a feed-forward soft-knee compressor: peak level (the
 * larger channel when stereo-linked; mid and side apart in mid/side mode), the gain computer {@code
 * y = x + (1/R - 1)(x - T + W/2)^2 / (2W)} inside the knee and {@code T + (x - T)/R} above it,
 * smoothed in dB with one-pole attack and release time constants (the time to go 63 % of the way),
 * then makeup. Mid/side mode encodes {@code M = (L + R)/2, S = (L - R)/2}, compresses each with its
 * own detector and decodes {@code L = M + S, R = M - S}; a mono stream is compressed as it is in
 * either mode. {@link #gainReductionDb()} reports the largest reduction of any band not bypassed.
 *
 * <p>Parameters: {@code mbc.bands} (choice "2", "3", "4"; default "3"); {@code mbc.mode} (choice
 * "stereo", "mid-side"; default "stereo", linked); {@code mbc.crossover1..3} (Hz, logarithmic;
 * 20..2000 default 120, 100..10000 default 1000, 500..20000 default 6000), crossovers 1 and 3 held
 * below and above crossover 2, all below 0.45 times the rate; and for N = 1..4: {@code
 * mbc.bandN.threshold} (-60..0 dBFS, default 0), {@code .ratio} (1..20, logarithmic, default 1),
 * {@code .attack} (0.05..300 ms, default 10), {@code .release} (5..3000 ms, default 150), {@code
 * .knee} (0..24 dB, default 6), {@code .makeup} (-12..24 dB, default 0), {@code .solo} and {@code
 * .bypass} (toggles, default off). When any band is soloed only the soloed bands are heard; a
 * bypassed band passes uncompressed and without makeup.
 *
 * <p>While every band in use has ratio 1 and makeup 0 dB or is bypassed, no band is soloed, and
 * nothing glides or releases, the module does no work at all and is bit-transparent. Engaging it
 * (any other setting) brings in the crossovers' all-pass phase: the magnitude stays flat but the
 * phase turns, so the output is no longer the input sample for sample. Engaging, disengaging, a
 * change of band count or of mode crossfade over 20 ms from the running configuration to the new
 * one, which starts from rest. Thresholds, knees, ratios, makeups, solos and bypasses glide per
 * frame over 20 ms; crossovers glide multiplicatively over 30 ms and the filters follow on a grid
 * of 32 frames counted from {@link #prepare}, so the output does not depend on how the stream is
 * cut into blocks. The module adds no latency.
 */
public final class MultibandCompressor extends Module implements GainReducing {
  /** Largest number of bands. */
  public static final int MAX_BANDS = 4;

  /** Frames between crossover updates and configuration decisions. */
  public static final int UPDATE_FRAMES = UpdateGrid.FRAMES;

  /** Number of parameters of each band, in the order threshold, ratio, attack, release, knee... */
  public static final int PARAMS_PER_BAND = 8;

  /** Index in {@link #params()} of band 1's threshold; band N's parameters follow in eights. */
  public static final int FIRST_BAND_PARAM = 5;

  /** Labels of the band count choice. */
  public static final String[] BAND_LABELS = {"2", "3", "4"};

  /** Labels of the detection mode choice. */
  public static final String[] MODE_LABELS = {"stereo", "mid-side"};

  private static final double[] CROSSOVER_MIN = {20, 100, 500};
  private static final double[] CROSSOVER_MAX = {2000, 10000, 20000};
  private static final double[] CROSSOVER_DEFAULT = {120, 1000, 6000};
  private static final double CROSSOVER_GLIDE_SECONDS = 0.030;
  private static final double FADE_SECONDS = 0.020;

  private final BandControls[] controls = new BandControls[MAX_BANDS];
  private final MultiplicativeSmoother[] crossovers = new MultiplicativeSmoother[MAX_BANDS - 1];
  private final double[] crossoverHertz = new double[MAX_BANDS - 1];
  private final double[] ordered = new double[MAX_BANDS - 1];
  private BandEngine[] engines = new BandEngine[0];
  private double[][][] split = new double[0][0][0];
  private double[][] dry = new double[0][0];
  private double sampleRate = 48000.0;
  private int channels = 2;
  private int requestedBands = 3;
  private boolean requestedMidSide;
  private boolean crossoversDirty = true;
  private int active;
  private boolean fading;
  private long fadeStart;
  private int fadeFrames = UPDATE_FRAMES;
  private final UpdateGrid grid = new UpdateGrid();
  private volatile double gainReductionDb;

  /** Creates the compressor at its defaults: three bands, every ratio 1, bit-transparent. */
  public MultibandCompressor() {
    super("mbc", specs());
    List<ParamSpec> p = params();
    for (int k = 0; k < crossovers.length; k++) {
      crossovers[k] = new MultiplicativeSmoother();
      crossovers[k].setCurrentAndTarget(CROSSOVER_DEFAULT[k]);
    }
    for (int b = 0; b < MAX_BANDS; b++) {
      controls[b] = new BandControls();
      for (int k = 0; k < PARAMS_PER_BAND; k++) {
        int index = FIRST_BAND_PARAM + PARAMS_PER_BAND * b + k;
        setParameter(index, p.get(index).defaultValue());
      }
    }
  }

  /** Returns the parameters: bands, mode, crossovers 1 to 3, then eight per band. */
  public static List<ParamSpec> specs() {
    List<ParamSpec> list = new ArrayList<>();
    list.add(ParamSpec.choice("mbc.bands", "Bands", 1, BAND_LABELS));
    list.add(ParamSpec.choice("mbc.mode", "Mode", 0, MODE_LABELS));
    for (int k = 0; k < MAX_BANDS - 1; k++) {
      list.add(
          ParamSpec.number(
              "mbc.crossover" + (k + 1),
              "Crossover " + (k + 1),
              "Hz",
              CROSSOVER_MIN[k],
              CROSSOVER_MAX[k],
              CROSSOVER_DEFAULT[k],
              Taper.LOGARITHMIC));
    }
    for (int b = 1; b <= MAX_BANDS; b++) {
      String id = "mbc.band" + b;
      String name = "Band " + b;
      list.add(
          ParamSpec.number(id + ".threshold", name + " threshold", "dB", -60, 0, 0, Taper.LINEAR));
      list.add(ParamSpec.number(id + ".ratio", name + " ratio", "", 1, 20, 1, Taper.LOGARITHMIC));
      list.add(
          ParamSpec.number(
              id + ".attack", name + " attack", "ms", 0.05, 300, 10, Taper.LOGARITHMIC));
      list.add(
          ParamSpec.number(
              id + ".release", name + " release", "ms", 5, 3000, 150, Taper.LOGARITHMIC));
      list.add(ParamSpec.number(id + ".knee", name + " knee", "dB", 0, 24, 6, Taper.LINEAR));
      list.add(ParamSpec.number(id + ".makeup", name + " makeup", "dB", -12, 24, 0, Taper.LINEAR));
      list.add(ParamSpec.toggle(id + ".solo", name + " solo", false));
      list.add(ParamSpec.toggle(id + ".bypass", name + " bypass", false));
    }
    return list;
  }

  /** Returns the index in {@link #params()} of parameter {@code k} (0..7) of band {@code band}. */
  public static int bandParamIndex(int band, int k) {
    return FIRST_BAND_PARAM + PARAMS_PER_BAND * (band - 1) + k;
  }

  @Override
  public void setParameter(int index, double value) {
    if (index == 0) {
      requestedBands = 2 + Math.clamp((int) Math.rint(value), 0, 2);
      return;
    }
    if (index == 1) {
      requestedMidSide = Math.rint(value) == 1.0;
      return;
    }
    if (index < FIRST_BAND_PARAM) {
      crossovers[index - 2].setTarget(value);
      crossoversDirty = true;
      return;
    }
    BandControls band = controls[(index - FIRST_BAND_PARAM) / PARAMS_PER_BAND];
    boolean on = value >= 0.5;
    switch ((index - FIRST_BAND_PARAM) % PARAMS_PER_BAND) {
      case 0 -> band.thresholdDb.setTarget(value);
      case 1 -> band.ratio.setTarget(value);
      case 2 -> {
        band.attackMillis = value;
        band.timesDirty = true;
      }
      case 3 -> {
        band.releaseMillis = value;
        band.timesDirty = true;
      }
      case 4 -> band.kneeDb.setTarget(value);
      case 5 -> band.makeup.setTarget(Dsp.dbToGain(value));
      case 6 -> band.solo = on;
      default -> {
        band.bypass = on;
        band.bypassMix.setTarget(on ? 1.0 : 0.0);
      }
    }
  }

  @Override
  public void prepare(ProcessSpec spec) {
    if (lathe.dsp.VectorSupport.enabled()) {
      VectorCrossovers.warmUp();
    }
    lathe.dsp.dynamics.GainComputer.warmUpVectors();
    sampleRate = spec.sampleRate();
    channels = spec.channels();
    int maxFrames = Math.max(spec.maxFrames(), UPDATE_FRAMES);
    engines =
        new BandEngine[] {new BandEngine(channels, maxFrames), new BandEngine(channels, maxFrames)};
    split = new double[channels][MAX_BANDS][maxFrames];
    dry = new double[channels][UPDATE_FRAMES];
    int fadeGrid = (int) Math.round(FADE_SECONDS * sampleRate / UPDATE_FRAMES);
    fadeFrames = Math.max(1, fadeGrid) * UPDATE_FRAMES;
    for (MultiplicativeSmoother c : crossovers) {
      c.reset(sampleRate, CROSSOVER_GLIDE_SECONDS);
    }
    for (BandControls band : controls) {
      band.reset(sampleRate);
    }
    reset();
  }

  @Override
  public void reset() {
    grid.reset();
    fading = false;
    active = 0;
    for (MultiplicativeSmoother c : crossovers) {
      c.setCurrentAndTarget(c.target());
    }
    for (BandControls band : controls) {
      band.thresholdDb.setCurrentAndTarget(band.thresholdDb.target());
      band.kneeDb.setCurrentAndTarget(band.kneeDb.target());
      band.ratio.setCurrentAndTarget(band.ratio.target());
      band.makeup.setCurrentAndTarget(band.makeup.target());
      band.bypassMix.setCurrentAndTarget(band.bypassMix.target());
    }
    updateWeights();
    for (BandControls band : controls) {
      band.weight.setCurrentAndTarget(band.weight.target());
    }
    readCrossovers();
    for (BandEngine engine : engines) {
      engine.reset();
      engine.configure(0, false);
    }
    if (engines.length > 0) {
      engines[0].configure(wantedBands(), requestedMidSide);
      engines[0].design(crossoverHertz, sampleRate, ordered);
    }
    crossoversDirty = false;
    gainReductionDb = 0.0;
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    int i = 0;
    while (i < frames) {
      if (grid.atPoint()) {
        if (engines[active].hasPending() && gridReadsEnvelopes()) {
          engines[active].applyPending(x, controls, split);
        }
        onGrid();
      }
      int end = grid.segmentEnd(i, frames);
      int len = end - i;
      BandEngine engine = engines[active];
      if (!fading && engine.bands() == 0) {
        for (BandControls band : controls) {
          band.skip(len);
        }
      } else {
        // Split segments wait for the rest of the work while the bands' settings hold still; any
        // other segment first gets the waiting ones out, while the controls still hold them.
        boolean steady = !fading && settingsHoldStill(engine.bands());
        if (!steady) {
          engine.applyPending(x, controls, split);
        }
        for (BandControls band : controls) {
          band.fill(len);
        }
        if (fading) {
          crossfade(x, i, end);
        } else if (steady) {
          engine.follow(x, i, end, split);
        } else {
          engine.process(x, i, end, controls, split);
        }
      }
      grid.advance(len);
      i = end;
    }
    engines[active].applyPending(x, controls, split);
    gainReductionDb = engines[active].gainReductionDb(controls);
  }

  @Override
  public double gainReductionDb() {
    return gainReductionDb;
  }

  /**
   * Returns the number of bands of the configuration heard (the outgoing one during a crossfade),
   * or 0 while the module is idle and transparent.
   */
  public int activeBands() {
    return engines[active].bands();
  }

  /** Tells whether a crossfade between two configurations is running. */
  public boolean isCrossfading() {
    return fading;
  }

  /** Returns crossover {@code k} (1..3) as the filters now use it, in hertz, after ordering. */
  public double effectiveCrossoverHertz(int k) {
    orderCrossovers(crossoverHertz, MAX_BANDS, sampleRate, ordered);
    return ordered[k - 1];
  }

  /** Tells whether every filter of both configurations holds no state at all. */
  boolean isSilent() {
    for (BandEngine engine : engines) {
      if (!engine.isSilent()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Orders requested crossovers for a band count: crossover 1 is held at or below crossover 2, and
   * crossover 3 at or above it, all below 0.45 times the rate.
   */
  static void orderCrossovers(double[] hertz, int bands, double sampleRate, double[] out) {
    double c1 = hertz[0];
    double c2 = hertz[1];
    double c3 = hertz[2];
    if (bands >= 3) {
      c1 = Math.min(c1, c2);
    }
    if (bands >= 4) {
      c3 = Math.max(c3, c2);
    }
    out[0] = LinkwitzRileyDesign.clampHertz(c1, sampleRate);
    out[1] = LinkwitzRileyDesign.clampHertz(c2, sampleRate);
    out[2] = LinkwitzRileyDesign.clampHertz(c3, sampleRate);
  }

  private void onGrid() {
    if (fading && grid.frame() - fadeStart >= fadeFrames) {
      engines[active].reset();
      engines[active].configure(0, false);
      active = 1 - active;
      fading = false;
    }
    boolean moved = false;
    for (MultiplicativeSmoother c : crossovers) {
      if (c.isSmoothing()) {
        c.skip(UPDATE_FRAMES);
        moved = true;
      }
    }
    if (moved || crossoversDirty) {
      readCrossovers();
      for (BandEngine engine : engines) {
        engine.design(crossoverHertz, sampleRate, ordered);
      }
      crossoversDirty = false;
    }
    for (BandControls band : controls) {
      band.updateTimes(sampleRate);
    }
    updateWeights();
    int bands = wantedBands();
    boolean midSide = bands > 0 && requestedMidSide && channels == 2;
    BandEngine current = engines[active];
    if (!fading && (bands != current.bands() || midSide != current.midSide())) {
      BandEngine next = engines[1 - active];
      next.reset();
      next.configure(bands, midSide);
      next.design(crossoverHertz, sampleRate, ordered);
      fading = true;
      fadeStart = grid.frame();
    }
    for (BandEngine engine : engines) {
      engine.snapDenormals();
    }
  }

  /** Tells whether every setting of every band in use holds still, as fill sees them. */
  private boolean settingsHoldStill(int bands) {
    for (int b = 0; b < bands; b++) {
      BandControls band = controls[b];
      if (band.makeup.isSmoothing()
          || band.weight.isSmoothing()
          || band.bypassMix.isSmoothing()
          || band.thresholdDb.isSmoothing()
          || band.kneeDb.isSmoothing()
          || band.ratio.isSmoothing()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells whether the next grid point reads or changes what the envelopes depend on: new envelope
   * times, or every band neutral, when the configuration asks whether the envelopes rest.
   */
  private boolean gridReadsEnvelopes() {
    for (BandControls band : controls) {
      if (band.timesDirty) {
        return true;
      }
    }
    for (int b = 0; b < requestedBands; b++) {
      if (!controls[b].isNeutral()) {
        return false;
      }
    }
    return true;
  }

  private int wantedBands() {
    for (int b = 0; b < requestedBands; b++) {
      if (!controls[b].isNeutral()) {
        return requestedBands;
      }
    }
    if (engines.length > 0 && !engines[active].envelopesAtRest(controls)) {
      return requestedBands;
    }
    return 0;
  }

  private void updateWeights() {
    boolean anySolo = false;
    for (int b = 0; b < requestedBands; b++) {
      anySolo |= controls[b].solo;
    }
    for (BandControls band : controls) {
      band.weight.setTarget(!anySolo || band.solo ? 1.0 : 0.0);
    }
  }

  private void readCrossovers() {
    for (int k = 0; k < crossovers.length; k++) {
      crossoverHertz[k] = crossovers[k].current();
    }
  }

  private void crossfade(double[][] x, int from, int to) {
    int len = to - from;
    for (int c = 0; c < channels; c++) {
      System.arraycopy(x[c], from, dry[c], 0, len);
    }
    engines[active].process(x, from, to, controls, split);
    // The incoming configuration runs on the copy, which sits at index 0.
    engines[1 - active].process(dry, 0, len, controls, split);
    long offset = grid.frame() - fadeStart;
    for (int c = 0; c < channels; c++) {
      double[] out = x[c];
      double[] in = dry[c];
      for (int i = 0; i < len; i++) {
        double w = Math.min(1.0, (double) (offset + i + 1) / fadeFrames);
        out[from + i] += w * (in[i] - out[from + i]);
      }
    }
  }
}
