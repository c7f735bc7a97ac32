package lathe.dsp.dynamics;

import java.util.Arrays;
import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.gain.GainRamp;
import lathe.dsp.meter.TruePeakInterpolator;
import lathe.dsp.meter.WidebandInterpolator;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;

/**
 * Limits the true peak of the programme to a ceiling ({@code limiter.ceiling}, dBTP) with 1.5 ms of
 * look-ahead and a stereo-linked gain; module id {@code limiter}.
 *
 * <p>Peaks are measured two ways and the larger counts: the BS.1770-4 Annex 2 interpolator, and the
 * waveform that resampling meters reconstruct, a 32-tap Kaiser-windowed sinc cut at the input
 * Nyquist frequency ({@link WidebandInterpolator}), bounded at every position between samples, not
 * only at a fixed set of them, so the bound holds whatever rate a meter resamples to.
 *
 * <p>Two stages. The main stage bounds each interval cheaply first (the support's largest magnitude
 * times the filter's sum of tap magnitudes, then the 4x grid plus the curvature allowance for 1/4
 * spacing); an interval that may come near the ceiling gets the full 8x grid and a parabola through
 * its largest value, plus 0.0052 dB (the parabola's worst error on a sinusoid up to Nyquist). The
 * estimate becomes a required gain aimed 0.005 dB under the ceiling; the minimum of that
 * requirement over a window covering each interval's 32-sample support plus the boxcar recovers
 * with the release time constant and is smoothed by a boxcar average, so the applied gain never
 * exceeds the requirement at any sample. Because the moving gain creates small new overshoots, a
 * safety stage holds the result for {@value #SAFETY_FRAMES} frames, keeps every sample under the
 * ceiling less the 64x allowance, and proves every interval under the ceiling, or scales the frames
 * of its support by exactly the factor that brings it there and re-checks every interval the
 * correction touched. The proof of an interval, cheapest first: the main stage's bound on the input
 * times the largest gain over the support, plus the gains' spread times the sum of tap magnitudes
 * times the input's peak (untouched supports only); the magnitude bound; the 4x grid with its
 * allowance; the 8x grid with the allowance for 1/8 spacing; else, in each eighth that still fails,
 * the 64x grid with the allowance for 1/64 spacing (at most 0.0034 dB of the ceiling), the only
 * place the limiter gives anything away.
 *
 * <p>The guarantee, at frame {@code k} of the output: {@code |y[k]| <= ceiling(k)}; each of the
 * four Annex 2 values between frames {@code k} and {@code k + 1}, and the wideband reconstruction
 * at every position between them, is at most {@code min(ceiling(k), ceiling(k + 1)) * (1 + 1e-10)},
 * where {@code ceiling(k)} is the smoothed ceiling (a 50 ms ramp with equal dB steps per frame)
 * delayed together with the audio; the 1e-10 is rounding allowance. An over that only frames
 * already sent out could fix is counted by {@link #unresolvedOvers()}; none occurs in the tests,
 * with the ceiling steady or jumping at random. With the input under the ceiling and no gain
 * reduction pending, the output is the input delayed by {@link #latencyFrames()}, bit for bit.
 *
 * <p>The stages run over chunks of up to 512 frames, each step a loop over the chunk, with the
 * result of frame-by-frame processing: every value gets the same arithmetic, and the safety stage
 * checks the chunk's frames in order after the main stage has handed them over. When many frames of
 * a chunk need the main stage's filters, the filters run over the whole chunk, one tap per loop
 * across its frames, with the same sums in the same order. Quiet chunks take shortcuts that decide
 * the same way: under a steady ceiling, when the largest support magnitude bounds every interval
 * under the aim, no filter runs; while no gain in a window is reduced, the gain's sliding extremes
 * are 1; and with unit gains and no unproven support, the safety stage's checks are settled for the
 * whole chunk.
 */
public final class TruePeakLimiter extends Module implements GainReducing {
  /** Ceiling of the true peak, in dBTP. */
  public static final ParamSpec CEILING =
      ParamSpec.number("limiter.ceiling", "Ceiling", "dBTP", -12, 0, -1, Taper.LINEAR);

  /** Release time constant of the gain recovery, in milliseconds. */
  public static final ParamSpec RELEASE =
      ParamSpec.number("limiter.release", "Release", "ms", 1, 1000, 100, Taper.LOGARITHMIC);

  /** Gain into the limiter, in dB: how hard it is driven. */
  public static final ParamSpec GAIN =
      ParamSpec.number("limiter.gain", "Input gain", "dB", -12, 24, 0, Taper.LINEAR);

  /** Total look-ahead, in seconds. */
  public static final double LOOKAHEAD_SECONDS = 0.0015;

  /** Frames the safety stage holds the signal for its final check. */
  public static final int SAFETY_FRAMES = 32;

  private static final double CEILING_RAMP_SECONDS = 0.050;
  private static final double GAIN_RAMP_SECONDS = 0.020;
  private final LinearSmoother inputGain = new LinearSmoother();
  private static final int TAPS = WidebandInterpolator.TAPS;
  private static final int HALF = WidebandInterpolator.HALF;
  private static final int LAG = WidebandInterpolator.INTERVAL_LAG;
  private static final int GRID = WidebandInterpolator.PHASES;
  private static final int FINE_STEP = WidebandInterpolator.FINE_PHASES / GRID;
  private static final int ANNEX_TAPS = TruePeakInterpolator.TAPS;
  private static final int ANNEX_LAG = TruePeakInterpolator.INTERVAL_LAG;
  // The Annex 2 values of an interval are ready this many frames before the wideband ones.
  private static final int ANNEX_WAIT = LAG - ANNEX_LAG;
  // Frames processed per pass: each stage runs over a chunk as a loop the compiler can vectorize,
  // on linear buffers that keep the history each stage needs in front of the chunk. A whole
  // 512-frame block in one chunk halves the share of the vector loops' start and tail.
  private static final int CHUNK = 512;

  static final double SUM_ABS_WIDE = WidebandInterpolator.SUM_ABS_BOUND;
  static final double SUM_ABS_ANNEX = annexSumAbs();
  // Annex 2 taps folded like the wideband ones: phases 0 and 3, 1 and 2 are mirror images, so
  // for k = 0..5 the table holds, per pair, the sum and the difference of taps k and 11 - k.
  private static final double[] ANNEX_FOLDED = annexFolded();
  // Wideband taps folded as WidebandInterpolator folds them, for positions 2/8 and 6/8 (sum and
  // difference of taps k and 31 - k) and 4/8 (tap k), k = 0..15, three per tap.
  private static final double[] WIDE_FOLDED = wideFolded();
  // Rise allowed between 4x, 8x and 64x grid values, per unit of the support's peak magnitude.
  static final double COARSE_ALLOWANCE = WidebandInterpolator.gridAllowance(2.0 / GRID, 1);
  private static final double GRID_ALLOWANCE = WidebandInterpolator.gridAllowance(1.0 / GRID, 1);
  private static final double FINE_ALLOWANCE =
      WidebandInterpolator.gridAllowance(1.0 / WidebandInterpolator.FINE_PHASES, 1);
  // A parabola through three 8x values under-reads a sinusoid's peak by at most 4.8e-4 (at Nyquist,
  // peak midway between two values); the main stage adds 6e-4.
  private static final double PARABOLA_MARGIN = 1.0 + 6e-4;
  // The main stage aims 0.005 dB under the ceiling: more than the 64x allowance (3.9e-4 of a
  // support at the ceiling), so the safety stage rarely corrects.
  private static final double FIRST_STAGE_TARGET = Math.pow(10, -0.005 / 20);
  private static final double ROUNDING_TOLERANCE = 1.0 + 1e-10;
  private static final double FIX_TARGET = 1.0 - 1e-7;
  private static final int MAX_FIXES_PER_FRAME = 512;
  private static final int TAPER_FRAMES = 12;
  private static final double RELEASE_SNAP = 1e-10;

  // Whether the whole-chunk filters (VectorPeakFilters) and the estimate's per-frame choices
  // (LimiterLanes) run as vectors: the same values, faster.
  private boolean vectorFilters = lathe.dsp.VectorSupport.enabled();
  private final MultiplicativeSmoother ceiling = new MultiplicativeSmoother();
  private double mainTarget = FIRST_STAGE_TARGET;
  private double ceilingDb = CEILING.defaultValue();
  private double releaseMillis = RELEASE.defaultValue();
  private boolean releaseDirty = true;

  private int channels;
  private double sampleRate;
  private int boxcarFrames;
  private int mainDelayFrames;
  private int latency;

  // Main stage, linear buffers: chunk frame i sits at index (history length) + i, the frames
  // before the chunk in front of it. The input (after the input gain) keeps inputHistory frames,
  // enough for the filters' support and the delay; the ceiling keeps ceilingHistoryFrames, enough
  // for the delay plus the wideband lag.
  private int inputHistory;
  private int ceilingHistoryFrames;
  private double[][] input;
  private double[] ceilings;
  // Frame magnitudes, formed at the input buffers' indices (so that the loop reads and writes at
  // one index and vectorizes), then kept with the history the support needs.
  private double[] magnitudeScratch;
  private final double[] frameMagnitude = new double[TAPS - 1 + CHUNK];
  private final double[] annexPeaks = new double[ANNEX_WAIT + CHUNK];
  private double[] required;
  private final double[] gainsForMin = new double[TAPS - 1 + CHUNK];
  private final double[] gainsForMax = new double[TAPS - 1 + CHUNK];
  private final double[] entryMagnitude = new double[TAPS - 1 + CHUNK];
  // Per chunk frame: sliding extremes, the applied gain, the limits.
  private final double[] supportPeak = new double[CHUNK];
  private final double[] held = new double[CHUNK];
  private final double[] gains = new double[CHUNK];
  private final double[] gainLows = new double[CHUNK];
  private final double[] gainHighs = new double[CHUNK];
  private final double[] entering = new double[CHUNK];
  // The last frames whose required gain, or applied gain, was under 1: while none is inside a
  // window, that window's extreme is 1 and the sliding passes are skipped.
  private long lastReduced;
  private long lastReducedGain;
  // The last frame produced while the ceiling moved, and the last frame whose support the main
  // stage's bounds do not prove under its limits at unit gain (frames before the first count as
  // unproven, their bounds being unknown).
  private long ceilingMovedAt;
  private long lastUnproven;
  private double[] scratchA;
  // Step 2 over a chunk: one channel's supports, oldest sample first, so that each filter tap is a
  // loop across frames; the partial sums of the taps; per chunk frame, the largest magnitudes of
  // the 4x grid and Annex 2 values over the channels, and the limits; the estimates of the last
  // frame that took the 8x path.
  private final double[] window = new double[TAPS - 1 + CHUNK];
  // The sums are read and written in the same loops: lengths that differ keep their addresses from
  // sitting a multiple of 4 KiB apart, where the processor takes a store for a load it must wait
  // on.
  private final double[] sumA = new double[CHUNK + 24];
  private final double[] sumB = new double[CHUNK + 48];
  private final double[] sumC = new double[CHUNK + 72];
  private final double[] sumD = new double[CHUNK + 96];
  private final double[] sumE = new double[CHUNK + 120];
  private final double[] sumF = new double[CHUNK + 144];
  private final double[] coarseValues = new double[CHUNK + 240];
  // Step 2's per-frame results: the wideband estimate and its upper bound, whether the 8x grid
  // must settle it (1.0 or 0.0), the Annex 2 estimate, the required gain.
  private final double[] wideEstimates = new double[CHUNK + 264];
  private final double[] wideUppers = new double[CHUNK + 288];
  private final double[] gridNeeded = new double[CHUNK + 312];
  private final double[] annexEstimates = new double[CHUNK + 336];
  private final double[] requirements = new double[CHUNK + 360];
  private final double[] coarseMax = new double[CHUNK + 216];
  private final double[] tapNewer = new double[CHUNK + 168];
  private final double[] tapOlder = new double[CHUNK + 192];
  private final double[] tapNewerNext = new double[CHUNK + 504];
  private final double[] tapOlderNext = new double[CHUNK + 528];
  private final double[] annexMax = new double[CHUNK];
  private final double[] wideLimits = new double[CHUNK];
  private final double[] annexLimits = new double[CHUNK];
  private double gridWide;
  private double gridUpper;
  // Step 6: whether the safety stage's first checks already pass for each chunk frame.
  private final boolean[] settled = new boolean[CHUNK];
  private double[] scratchB;
  private final double[] lanes = new double[GRID];
  private final double[] fine = new double[FINE_STEP];
  private double[] previousLast;
  private long[] previousLastFrame;

  // Width of the sliding minimum of the required gain.
  private int windowFrames;

  // Release and boxcar of the gain deficit (1 - gain).
  private double releaseCoefficient;
  private double released = 1.0;
  private double[] deficit;
  private int deficitIndex;
  private int deficitNonZero;
  private double deficitSum;

  // Safety stage ring of the main stage's output, indexed by absolute frame, each value stored
  // twice (at i and i + size) so every support is contiguous.
  private double[][] safety;
  private double[] safetyCeiling;
  private int safetySize;
  private int safetyMask;
  // Per frame e, from the main stage: upper bounds of the wideband waveform and of the Annex 2
  // values of the support ending at e on the input, that support's largest input magnitude, and
  // the gain later applied to frame e.
  private double[] wideBound;
  private double[] annexBound;
  private double[] inputBound;
  private double[] gainAt;
  private int flagMask;
  // Smallest and largest applied gain over the last TAPS frames, at the newest frame.
  private double gainLow = 1.0;
  private double gainHigh = 1.0;
  private long lastCorrected;
  // Largest safety stage input magnitude over the last TAPS frames; corrections only shrink
  // values, so it stays an upper bound of the current support.
  private double safetyPeak;
  private double fixUpper;
  private double fixLower;
  // The frame whose support the safety stage checks as the newest, with gainHigh, gainLow and
  // safetyPeak taken at it.
  private long checking;
  private boolean shortcuts = true;
  private boolean wholeChunkFilters;

  private long frame;
  private double lastGain = 1.0;
  private double lowestGain = 1.0;
  private volatile double maxGainReductionDb;
  private volatile double gainReductionDb;
  private volatile long unresolved;
  private volatile long corrections;

  /** Creates a limiter at its default ceiling and release. */
  public TruePeakLimiter() {
    super("limiter", List.of(CEILING, RELEASE, GAIN));
    inputGain.setCurrentAndTarget(1.0);
    ceiling.setCurrentAndTarget(Dsp.dbToGain(ceilingDb));
  }

  @Override
  public void setParameter(int index, double value) {
    switch (index) {
      case 0 -> setCeilingDbtp(value);
      case 1 -> setReleaseMillis(value);
      default -> setInputGainDb(value);
    }
  }

  /** Sets the gain into the limiter in dB, clamped to the parameter's range; ramped over 20 ms. */
  public void setInputGainDb(double decibels) {
    inputGain.setTarget(Dsp.dbToGain(GAIN.clamp(decibels)));
  }

  /** Sets the ceiling in dBTP, clamped to the parameter's range; reached over a 50 ms ramp. */
  public void setCeilingDbtp(double decibels) {
    ceilingDb = CEILING.clamp(decibels);
    ceiling.setTarget(Dsp.dbToGain(ceilingDb));
  }

  /** Sets the release time constant in milliseconds, clamped to the parameter's range. */
  public void setReleaseMillis(double millis) {
    releaseMillis = RELEASE.clamp(millis);
    releaseDirty = true;
  }

  @Override
  public void prepare(ProcessSpec spec) {
    if (vectorFilters) {
      VectorPeakFilters.warmUp(WIDE_FOLDED, ANNEX_FOLDED);
    }
    channels = spec.channels();
    sampleRate = spec.sampleRate();
    int total = (int) Math.floor(LOOKAHEAD_SECONDS * sampleRate);
    // The main stage needs TAPS - 2 frames around each interval (30), plus the boxcar: 4 frames at
    // 44.1 kHz, 10 at 48 kHz, 82 at 96 kHz, 226 at 192 kHz.
    boxcarFrames = Math.max(1, total - SAFETY_FRAMES - (TAPS - 2));
    mainDelayFrames = boxcarFrames + TAPS - 2;
    latency = mainDelayFrames + SAFETY_FRAMES;
    windowFrames = boxcarFrames + TAPS - 1;

    inputHistory = Math.max(mainDelayFrames, TAPS - 1);
    ceilingHistoryFrames = mainDelayFrames + LAG;
    input = new double[channels][inputHistory + CHUNK];
    magnitudeScratch = new double[inputHistory + CHUNK];
    ceilings = new double[ceilingHistoryFrames + CHUNK];
    required = new double[windowFrames - 1 + CHUNK];
    scratchA = new double[windowFrames - 1 + CHUNK];
    scratchB = new double[windowFrames - 1 + CHUNK];
    previousLast = new double[channels];
    previousLastFrame = new long[channels];
    deficit = new double[boxcarFrames];
    // A chunk's frames enter the safety ring before its checks run; the ring holds them and every
    // older frame a check may still read or scale.
    safetySize = Integer.highestOneBit(SAFETY_FRAMES + 2 * TAPS + TAPER_FRAMES + CHUNK) << 1;
    safety = new double[channels][2 * safetySize];
    safetyCeiling = new double[safetySize];
    safetyMask = safetySize - 1;
    int flags = Integer.highestOneBit(latency + 2 * TAPS + TAPER_FRAMES + CHUNK) << 1;
    wideBound = new double[flags];
    annexBound = new double[flags];
    inputBound = new double[flags];
    gainAt = new double[flags];
    flagMask = flags - 1;

    double target = Dsp.dbToGain(ceilingDb);
    ceiling.reset(sampleRate, CEILING_RAMP_SECONDS);
    ceiling.setCurrentAndTarget(target);
    inputGain.reset(sampleRate, GAIN_RAMP_SECONDS);
    releaseDirty = true;
    reset();
  }

  @Override
  public void reset() {
    inputGain.setCurrentAndTarget(inputGain.target());
    for (int c = 0; c < channels; c++) {
      Arrays.fill(input[c], 0.0);
      Arrays.fill(safety[c], 0.0);
    }
    ceiling.setCurrentAndTarget(ceiling.target());
    Arrays.fill(ceilings, ceiling.current());
    Arrays.fill(safetyCeiling, ceiling.current());
    // Frames before the first hold neutral values: no magnitude, no gain requirement (every
    // requirement is at most 1), and for the gain's extremes the neutral value of each.
    Arrays.fill(frameMagnitude, 0.0);
    Arrays.fill(annexPeaks, 0.0);
    Arrays.fill(required, 1.0);
    Arrays.fill(gainsForMin, Double.POSITIVE_INFINITY);
    Arrays.fill(gainsForMax, Double.NEGATIVE_INFINITY);
    Arrays.fill(entryMagnitude, 0.0);
    // Until the main stage has measured a support, nothing about it is known.
    Arrays.fill(wideBound, Double.POSITIVE_INFINITY);
    Arrays.fill(annexBound, Double.POSITIVE_INFINITY);
    Arrays.fill(inputBound, 0.0);
    Arrays.fill(gainAt, 1.0);
    gainLow = 1.0;
    gainHigh = 1.0;
    lastCorrected = Long.MIN_VALUE / 2;
    Arrays.fill(previousLastFrame, Long.MIN_VALUE);
    safetyPeak = 0.0;
    lastReduced = Long.MIN_VALUE / 2;
    ceilingMovedAt = Long.MIN_VALUE / 2;
    lastUnproven = -1;
    lastReducedGain = Long.MIN_VALUE / 2;
    released = 1.0;
    Arrays.fill(deficit, 0.0);
    deficitIndex = 0;
    deficitNonZero = 0;
    deficitSum = 0.0;
    frame = 0;
    lastGain = 1.0;
    lowestGain = 1.0;
    gainReductionDb = 0.0;
    maxGainReductionDb = 0.0;
  }

  /**
   * Returns the look-ahead delay in frames: 1.5 ms at the prepared rate, rounded down (at least 63
   * frames, which exceeds 1.5 ms only below 42 kHz); 66, 72, 144 and 288 frames at 44.1, 48, 96 and
   * 192 kHz.
   */
  @Override
  public int latencyFrames() {
    return latency;
  }

  /**
   * Aims the main stage at {@code factor} times the ceiling instead of 0.005 dB under it, so that
   * tests can leave the overs to the safety stage alone.
   */
  void aimMainStageForTest(double factor) {
    mainTarget = factor;
  }

  /**
   * Turns off the shortcuts taken for quiet chunks, steady ceilings and unit gains, so that tests
   * can compare them with the frame-by-frame path they stand for.
   */
  void disableShortcutsForTest() {
    shortcuts = false;
  }

  /**
   * Runs the main stage's filters over whole chunks whatever the number of frames that need them,
   * so that tests can compare that path with the frame-by-frame one.
   */
  void filterWholeChunksForTest() {
    wholeChunkFilters = true;
  }

  /**
   * Runs the whole-chunk filters on their scalar passes even where the vector ones could run, so
   * that tests cover both.
   */
  void scalarFiltersForTest() {
    vectorFilters = false;
  }

  /** Returns the gain reduction of the main stage at the last processed frame, in positive dB. */
  public double gainReductionDb() {
    return gainReductionDb;
  }

  /** Returns the largest gain reduction of the main stage since preparation or reset, in dB. */
  public double maxGainReductionDb() {
    return maxGainReductionDb;
  }

  /** Returns how many intervals the safety stage had to correct since preparation. */
  public long safetyCorrections() {
    return corrections;
  }

  /** Returns how many overs the safety stage could not fully correct (expected to stay 0). */
  public long unresolvedOvers() {
    return unresolved;
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    GainRamp.apply(inputGain, x, channels, frames);
    if (releaseDirty) {
      releaseCoefficient = 1.0 - Math.exp(-1000.0 / (releaseMillis * sampleRate));
      releaseDirty = false;
    }
    for (int done = 0; done < frames; done += CHUNK) {
      processChunk(x, done, Math.min(CHUNK, frames - done));
    }
    gainReductionDb = lastGain >= 1.0 ? 0.0 : -Dsp.gainToDb(lastGain);
    maxGainReductionDb = lowestGain >= 1.0 ? 0.0 : -Dsp.gainToDb(lowestGain);
  }

  private static double[] annexFolded() {
    double[] f = new double[ANNEX_TAPS / 2 * 4];
    for (int k = 0; k < ANNEX_TAPS / 2; k++) {
      for (int p = 0; p < 2; p++) {
        double a = TruePeakInterpolator.coefficient(p, k);
        double b = TruePeakInterpolator.coefficient(p, ANNEX_TAPS - 1 - k);
        f[k * 4 + 2 * p] = a + b;
        f[k * 4 + 2 * p + 1] = a - b;
      }
    }
    return f;
  }

  /**
   * Returns the largest magnitude of the four Annex 2 values whose support ends at {@code newest},
   * from sums and differences of mirrored samples (24 fused multiply-adds).
   */
  static double annexMaxAbs(double[] x, int newest) {
    double[] c = ANNEX_FOLDED;
    double s0 = 0.0;
    double d0 = 0.0;
    double s1 = 0.0;
    double d1 = 0.0;
    int oldest = newest - (ANNEX_TAPS - 1);
    for (int k = 0; k < ANNEX_TAPS / 2; k++) {
      double u = x[newest - k];
      double v = x[oldest + k];
      double s = u + v;
      double d = u - v;
      int b = k * 4;
      s0 = Math.fma(c[b], s, s0);
      d0 = Math.fma(c[b + 1], d, d0);
      s1 = Math.fma(c[b + 2], s, s1);
      d1 = Math.fma(c[b + 3], d, d1);
    }
    double m0 = Math.abs(s0) + Math.abs(d0); // = 2 Math.max(|y0|, |y3|)
    double m1 = Math.abs(s1) + Math.abs(d1); // = 2 Math.max(|y1|, |y2|)
    return 0.5 * Math.max(m0, m1);
  }

  private static double[] wideFolded() {
    int twoEighths = 2 * FINE_STEP;
    int halfway = 4 * FINE_STEP;
    double[] f = new double[HALF * 3];
    for (int k = 0; k < HALF; k++) {
      double a = WidebandInterpolator.coefficient(twoEighths, k);
      double b = WidebandInterpolator.coefficient(twoEighths, TAPS - 1 - k);
      f[3 * k] = a + b;
      f[3 * k + 1] = a - b;
      f[3 * k + 2] = WidebandInterpolator.coefficient(halfway, k);
    }
    return f;
  }

  private static double annexSumAbs() {
    double m = 0.0;
    for (int p = 0; p < TruePeakInterpolator.PHASES; p++) {
      double s = 0.0;
      for (int k = 0; k < ANNEX_TAPS; k++) {
        s += Math.abs(TruePeakInterpolator.coefficient(p, k));
      }
      m = Math.max(m, s);
    }
    return m;
  }

  private void processChunk(double[][] x, int off, int n) {
    long t0 = frame;
    int ih = inputHistory;
    int ch0 = ceilingHistoryFrames;

    // 1. Take in the chunk: the input, each frame's largest magnitude, the ceiling.
    // The first two channels are read in one pass (the larger of 0 and a magnitude is the
    // magnitude), any others are folded in after. Magnitudes are never NaN or -0, so the maximum
    // of doubles is the one of their bits the checks compare.
    double[] mag = frameMagnitude;
    for (int ch = 0; ch < channels; ch++) {
      System.arraycopy(x[ch], off, input[ch], ih, n);
    }
    double[] frameMax = magnitudeScratch;
    double[] first = input[0];
    if (channels == 1) {
      for (int i = ih; i < ih + n; i++) {
        frameMax[i] = Math.abs(first[i]);
      }
    } else {
      double[] second = input[1];
      for (int i = ih; i < ih + n; i++) {
        frameMax[i] = Math.max(Math.abs(first[i]), Math.abs(second[i]));
      }
    }
    for (int ch = 2; ch < channels; ch++) {
      double[] src = input[ch];
      for (int i = ih; i < ih + n; i++) {
        frameMax[i] = Math.max(frameMax[i], Math.abs(src[i]));
      }
    }
    System.arraycopy(frameMax, ih, mag, TAPS - 1, n);
    slidingMaxOfTaps(mag, n, supportPeak);
    // The running maximum rarely changes, so its branch is well predicted.
    double largest = 0.0;
    for (int i = 0; i < n; i++) {
      double v = supportPeak[i];
      if (v > largest) {
        largest = v;
      }
    }
    double[] cl = ceilings;
    if (ceiling.isSmoothing()) {
      for (int i = 0; i < n; i++) {
        cl[ch0 + i] = ceiling.next();
      }
      ceilingMovedAt = t0 + n - 1;
    } else {
      Arrays.fill(cl, ch0, ch0 + n, ceiling.next());
    }

    // 2. Estimate both peaks of each interval, skipping the filters when the support's magnitude
    // bounds them, and record whether the checks the safety stage will repeat on this support
    // already pass. The wideband interval measured at frame t lies between t - 16 and t - 15, the
    // Annex 2 one between t - 6 and t - 5.
    double target = mainTarget;
    long unprovenBefore = lastUnproven;
    long firstUnproven = Long.MAX_VALUE;
    boolean steady = shortcuts && ceilingMovedAt < t0 - ch0;
    int estimated = steady && quietMainStage(t0, n, largest, cl[ch0] * target) ? 0 : n;
    if (estimated > 0) {
      firstUnproven = estimate(t0, n);
    }

    // 3. Sliding minimum over the window that covers the interval's support and the boxcar.
    boolean unreduced = shortcuts && lastReduced < t0 - (windowFrames - 1);
    if (unreduced) {
      Arrays.fill(held, 0, n, 1.0);
    } else {
      slidingMin(required, windowFrames, n, held);
    }

    // 4. Instant attack, exponential release, then a boxcar that keeps the gain under the hold.
    if (unreduced && released == 1.0 && deficitNonZero == 0) {
      // Fully released and held at 1: every step below leaves the gain at exactly 1.
      Arrays.fill(gains, 0, n, 1.0);
      deficitIndex = (deficitIndex + n) % boxcarFrames;
      deficitSum = 0.0;
      lastGain = 1.0;
    } else {
      envelope(n);
    }
    System.arraycopy(gains, 0, gainsForMin, TAPS - 1, n);
    System.arraycopy(gains, 0, gainsForMax, TAPS - 1, n);

    // 5. Delay the audio and its ceiling to meet the gain, then hand them to the safety stage.
    long m0 = t0 - mainDelayFrames;
    boolean unitGains = shortcuts && lastReducedGain < t0;
    enterSafety(m0, n, unitGains);
    if (steady && unitGains) {
      fillRing(safetyCeiling, m0, n, cl[ch0]);
      fillRing(gainAt, m0, n, 1.0);
    } else {
      copyToRing(cl, ch0 - mainDelayFrames, safetyCeiling, m0, n);
      copyToRing(gains, 0, gainAt, m0, n);
    }
    if (shortcuts && lastReducedGain < t0 - (TAPS - 1)) {
      Arrays.fill(gainLows, 0, n, 1.0);
      Arrays.fill(gainHighs, 0, n, 1.0);
    } else {
      slidingMinOfTaps(gainsForMin, n, gainLows);
      slidingMaxOfTaps(gainsForMax, n, gainHighs);
    }
    double[] entry = entryMagnitude;

    // 6. The common case, decided here as the safety stage's first check would: the frame is
    // under its sample ceiling and the gain-scaled bounds prove the untouched support ending at it.
    // With a steady ceiling, unit gains and no correction near, that check is the unit-gain proof
    // recorded by the main stage plus the sample ceiling, decided for the whole chunk at once.
    boolean quiet =
        steady
            && lastReducedGain < t0 - (TAPS - 1)
            && lastCorrected < m0 - (TAPS - 1)
            && unprovenBefore < m0
            && firstUnproven > m0 + n - 1;
    if (quiet) {
      // Magnitudes are never NaN or -0, so a plain comparison finds the same maximum; the running
      // maximum rarely changes, so its branch is well predicted.
      double entryMax = 0.0;
      for (int i = TAPS - 1; i < TAPS - 1 + n; i++) {
        double e = entry[i];
        if (e > entryMax) {
          entryMax = e;
        }
      }
      quiet = entryMax <= cl[ch0] * (1.0 - FINE_ALLOWANCE);
    }
    if (!quiet) {
      settledBySafetyBounds(m0, n);
    }
    for (int i = 0; i < (quiet ? 0 : n); i++) {
      long m = m0 + i;
      if (!settled[i] || lastCorrected >= m - (TAPS - 1)) {
        checking = m;
        gainHigh = gainHighs[i];
        gainLow = gainLows[i];
        double peak = 0.0;
        for (int j = i; j < i + TAPS; j++) {
          peak = Math.max(peak, entry[j]);
        }
        safetyPeak = peak;
        safetyCheck(m);
      }
    }

    // 7. Send out the frames that have left the safety window: no later check scales them. The
    // ring holds every value twice, so the chunk's frames are contiguous from any start.
    int oi = (int) ((m0 - SAFETY_FRAMES) & safetyMask);
    for (int ch = 0; ch < channels; ch++) {
      System.arraycopy(safety[ch], oi, x[ch], off, n);
    }

    // 8. Keep each buffer's history in front of the next chunk.
    for (int ch = 0; ch < channels; ch++) {
      System.arraycopy(input[ch], n, input[ch], 0, ih);
    }
    System.arraycopy(cl, n, cl, 0, ch0);
    System.arraycopy(mag, n, mag, 0, TAPS - 1);
    System.arraycopy(annexPeaks, n, annexPeaks, 0, ANNEX_WAIT);
    System.arraycopy(required, n, required, 0, windowFrames - 1);
    System.arraycopy(gainsForMin, n, gainsForMin, 0, TAPS - 1);
    System.arraycopy(gainsForMax, n, gainsForMax, 0, TAPS - 1);
    System.arraycopy(entry, n, entry, 0, TAPS - 1);
    frame = t0 + n;
  }

  /**
   * Runs step 2 over the chunk's {@code n} frames from {@code t0}: both peak estimates of each
   * interval, the bounds the safety stage reads and the required gains, exactly as frame by frame;
   * returns the first frame whose support the bounds do not prove at unit gain, or {@link
   * Long#MAX_VALUE}.
   *
   * <p>While the limiter works, most supports need their filters and whether a frame does is a coin
   * toss, so when many do the filters run for every frame as loops across the chunk that the
   * compiler vectorizes, and the estimates are picked with masks instead of branches. Only frames
   * whose 4x grid does not settle the wideband estimate take the 8x path, in order.
   */
  private long estimate(long t0, int n) {
    int ih = inputHistory;
    int ch0 = ceilingHistoryFrames;
    double[] cl = ceilings;
    double target = mainTarget;
    double[] sp = supportPeak;
    // Which frames need their filters: when few do, they are evaluated one by one; when many, for
    // the whole chunk. Both give the same values.
    int wideCount = 0;
    int annexCount = 0;
    if (vectorFilters) {
      long counts =
          LimiterLanes.limitsAndCounts(
              cl,
              ch0 - LAG,
              ch0 - ANNEX_LAG,
              sp,
              wideLimits,
              annexLimits,
              n,
              target,
              SUM_ABS_WIDE,
              SUM_ABS_ANNEX);
      wideCount = (int) (counts >>> 32);
      annexCount = (int) counts;
    }
    for (int i = 0; i < (vectorFilters ? 0 : n); i++) {
      int ci = ch0 + i;
      double wideLimit = Math.min(cl[ci - LAG], cl[ci - LAG + 1]);
      double annexLimit = Math.min(cl[ci - ANNEX_LAG], cl[ci - ANNEX_LAG + 1]);
      wideLimits[i] = wideLimit;
      annexLimits[i] = annexLimit;
      wideCount -= (int) aboveMask(sp[i] * SUM_ABS_WIDE, wideLimit * target);
      annexCount -= (int) aboveMask(sp[i] * SUM_ABS_ANNEX, annexLimit * target);
    }
    // The vector filters cost a fraction of the scalar ones per frame, so they pay off for fewer
    // frames: from one frame in eight, where the scalar passes wait for two in five (wideband)
    // and one in two (Annex 2).
    boolean wideRun =
        shortcuts
            && (wholeChunkFilters || (vectorFilters ? wideCount * 8 > n : wideCount * 5 > n * 2));
    boolean annexRun =
        shortcuts
            && (wholeChunkFilters || (vectorFilters ? annexCount * 8 > n : annexCount * 2 > n));
    for (int ch = 0; ch < channels; ch++) {
      if (wideRun || annexRun) {
        System.arraycopy(input[ch], ih - (TAPS - 1), window, 0, TAPS - 1 + n);
      }
      if (wideRun) {
        coarseRun(window, n, ch == 0);
      }
      if (annexRun) {
        annexRun(window, n, ch == 0);
      }
    }
    if (wideRun) {
      coarseWithSamples(n);
    }
    for (int i = 0; i < (wideRun && annexRun ? 0 : n); i++) {
      // Only frames whose bound is over the aim read these values.
      if (!wideRun && sp[i] * SUM_ABS_WIDE > wideLimits[i] * target) {
        coarseValues[i] = Double.longBitsToDouble(coarseAt(ih + i));
      }
      if (!annexRun && sp[i] * SUM_ABS_ANNEX > annexLimits[i] * target) {
        double annex = 0.0;
        for (int ch = 0; ch < channels; ch++) {
          annex = Math.max(annex, annexMaxAbs(input[ch], ih + i));
        }
        annexMax[i] = annex;
      }
    }
    // (a) Every frame as if its 4x grid settled it, in one pass of doubles with no branch, no bits
    // and every array at the same index, each choice a conditional move. Each estimate is its bound
    // when that is under the aim, else the filters' value; the 8x grid is needed where both are
    // over the aim.
    double[] wide = wideEstimates;
    double[] upper = wideUppers;
    double[] grid = gridNeeded;
    double[] annex = annexEstimates;
    double[] coarseOf = coarseValues;
    double[] annexOf = annexMax;
    double[] wl = wideLimits;
    double[] al = annexLimits;
    if (vectorFilters) {
      LimiterLanes.estimates(sp, wl, al, coarseOf, annexOf, wide, upper, grid, annex, n, target);
    }
    if (!vectorFilters) {
      estimates(0, n, sp, wl, al, coarseOf, annexOf, wide, upper, grid, annex, target);
    }
    // (b) Rare: the frames whose 4x grid does not settle the wideband estimate, in order, since
    // each parabola may read the last 8x value of the frame before.
    for (int i = 0; i < n; i++) {
      if (grid[i] != 0.0) {
        gridEstimate(t0 + i, i);
        wide[i] = gridWide;
        upper[i] = gridUpper;
      }
    }
    // (c) The requirements, each from the larger of the wideband estimate and the Annex 2 one
    // ANNEX_WAIT frames older; cc / peak is at most 1 exactly when peak > cc, so the smaller of it
    // and 1 is the requirement.
    double[] ap = annexPeaks;
    System.arraycopy(annex, 0, ap, ANNEX_WAIT, n);
    double[] requirement = requirements;
    for (int i = 0; i < n; i++) {
      double peak = Math.max(wide[i], ap[i]);
      requirement[i] = Math.min(1.0, wl[i] * target / peak);
    }
    System.arraycopy(requirement, 0, required, windowFrames - 1, n);
    // (d) The bounds the safety stage reads, in the rings by frame, in runs without a wrap.
    int f0 = (int) (t0 & flagMask);
    int first = Math.min(n, flagMask + 1 - f0);
    System.arraycopy(upper, 0, wideBound, f0, first);
    System.arraycopy(upper, first, wideBound, 0, n - first);
    System.arraycopy(annex, 0, annexBound, f0, first);
    System.arraycopy(annex, first, annexBound, 0, n - first);
    System.arraycopy(sp, 0, inputBound, f0, first);
    System.arraycopy(sp, first, inputBound, 0, n - first);
    // (e) The last frame whose requirement is under 1, and the first and last whose support the
    // gain-scaled bound alone cannot prove at unit gain (as provenByGains): scans from either end
    // that stop at the first such frame.
    for (int i = n - 1; i >= 0; i--) {
      double cc = wl[i] * target;
      if (wide[i] > cc || ap[i] > cc) {
        lastReduced = t0 + i;
        break;
      }
    }
    int lastUnprovenIndex = -1;
    for (int i = n - 1; i >= 0; i--) {
      if (upper[i] > wl[i] * ROUNDING_TOLERANCE || annex[i] > al[i] * ROUNDING_TOLERANCE) {
        lastUnprovenIndex = i;
        break;
      }
    }
    if (lastUnprovenIndex < 0) {
      return Long.MAX_VALUE;
    }
    lastUnproven = t0 + lastUnprovenIndex;
    int firstUnproven = 0;
    while (!(upper[firstUnproven] > wl[firstUnproven] * ROUNDING_TOLERANCE
        || annex[firstUnproven] > al[firstUnproven] * ROUNDING_TOLERANCE)) {
      firstUnproven++;
    }
    return t0 + firstUnproven;
  }

  /**
   * Step 2 (a) for frames {@code [from, n)}: each frame as if its 4x grid settled it, in one pass
   * of doubles with no branch, every array at the same index, each choice a conditional move. Each
   * estimate is its bound when that is under the aim, else the filters' value; the 8x grid is
   * needed where both are over the aim.
   */
  static void estimates(
      int from,
      int n,
      double[] sp,
      double[] wl,
      double[] al,
      double[] coarseOf,
      double[] annexOf,
      double[] wide,
      double[] upper,
      double[] grid,
      double[] annex,
      double target) {
    for (int i = from; i < n; i++) {
      double supportMax = sp[i];
      double wideAim = wl[i] * target;
      double bound = supportMax * SUM_ABS_WIDE;
      double coarse = coarseOf[i] + COARSE_ALLOWANCE * supportMax;
      double w = bound > wideAim ? coarse : bound;
      wide[i] = w;
      upper[i] = w;
      grid[i] = bound > wideAim & coarse > wideAim ? 1.0 : 0.0;
      double annexCap = supportMax * SUM_ABS_ANNEX;
      annex[i] = annexCap > al[i] * target ? annexOf[i] : annexCap;
    }
  }

  /**
   * Returns, as bits, the largest magnitude over the channels of the 4x grid values and the end
   * sample of the interval of the support whose newest input index is {@code newest}.
   */
  private long coarseAt(int newest) {
    long m = 0L;
    for (int ch = 0; ch < channels; ch++) {
      double[] h = input[ch];
      WidebandInterpolator.evaluate4x(h, newest, lanes);
      double coarse =
          Math.max(
              Math.max(Math.abs(lanes[0]), Math.abs(lanes[2])),
              Math.max(
                  Math.max(Math.abs(lanes[4]), Math.abs(lanes[6])), Math.abs(h[newest - LAG + 1])));
      m = Math.max(m, Double.doubleToRawLongBits(coarse));
    }
    return m;
  }

  /**
   * Returns all ones when {@code a > b}, else 0, for values that are never negative or NaN: their
   * bits order like them, and the sign of the difference is the answer, without a branch.
   */
  private static long aboveMask(double a, double b) {
    return (Double.doubleToRawLongBits(b) - Double.doubleToRawLongBits(a)) >> 63;
  }

  /**
   * Settles the wideband estimate of chunk frame {@code i} (frame {@code t}) whose 4x grid comes
   * near the aim: the full 8x grid and a parabola through its largest value, channel by channel.
   */
  private void gridEstimate(long t, int i) {
    double supportMax = supportPeak[i];
    double wideAim = wideLimits[i] * mainTarget;
    int newest = inputHistory + i;
    double wide = 0.0;
    double wideUpper = 0.0;
    double coarseSlop = COARSE_ALLOWANCE * supportMax;
    double gridSlop = GRID_ALLOWANCE * supportMax;
    for (int ch = 0; ch < channels; ch++) {
      double[] h = input[ch];
      WidebandInterpolator.evaluate4x(h, newest, lanes);
      double right = Math.abs(h[newest - LAG + 1]);
      double coarse =
          Math.max(
              Math.max(Math.abs(lanes[0]), Math.abs(lanes[2])),
              Math.max(Math.max(Math.abs(lanes[4]), Math.abs(lanes[6])), right));
      if (coarse + coarseSlop <= wideAim) {
        wide = Math.max(wide, coarse + coarseSlop);
        wideUpper = Math.max(wideUpper, coarse + coarseSlop);
        continue;
      }
      WidebandInterpolator.evaluateOdd(h, newest, lanes);
      double gridMax = Math.max(maxAbs(lanes), right);
      boolean left = previousLastFrame[ch] == t - 1;
      double est = parabolicPeak(lanes, h[newest - LAG + 1], left ? previousLast[ch] : lanes[1]);
      wide = Math.max(wide, Math.max(est * PARABOLA_MARGIN, gridMax));
      previousLast[ch] = lanes[GRID - 1];
      previousLastFrame[ch] = t;
      wideUpper = Math.max(wideUpper, gridMax + gridSlop);
    }
    gridWide = wide;
    gridUpper = wideUpper;
  }

  /**
   * Writes into {@link #coarseMax} (or folds into it, for a channel after the first) the largest
   * magnitude of the 4x grid values between the samples of the interval of each support in {@code
   * w} (oldest sample of frame i's support at {@code w[i]}), bit for bit what {@link
   * WidebandInterpolator#evaluate4x} gives: the same folded taps summed in the same order, even
   * taps and odd taps apart, one tap per loop across the frames so that each loop vectorizes.
   */
  private void coarseRun(double[] w, int n, boolean first) {
    if (vectorFilters) {
      VectorPeakFilters.coarse(w, n, WIDE_FOLDED, coarseMax, first, lanes);
      return;
    }
    double[] s2 = sumA;
    double[] d2 = sumB;
    double[] s4 = sumC;
    double[] t2 = sumD;
    double[] e2 = sumE;
    double[] t4 = sumF;
    // Each sum starts from 0.0 as evaluate4x's do (0.0 + -0.0 is 0.0).
    Arrays.fill(s2, 0, n, 0.0);
    Arrays.fill(d2, 0, n, 0.0);
    Arrays.fill(s4, 0, n, 0.0);
    Arrays.fill(t2, 0, n, 0.0);
    Arrays.fill(e2, 0, n, 0.0);
    Arrays.fill(t4, 0, n, 0.0);
    for (int k = 0; k < HALF; k += 4) {
      wideTaps(w, n, k, s2, d2, s4);
      wideTaps(w, n, k + 1, t2, e2, t4);
    }
    // The largest magnitude of the three positions between samples, over the channels so far. The
    // values are never negative or NaN, so the largest double has the largest bits, and a loop of
    // doubles alone vectorizes, where one that also takes their bits apart does not; the interval's
    // two samples are folded in once for all channels, from the frame magnitudes.
    // The first channel's loop stores its values as they are: a choice inside one loop would keep
    // it from vectorizing.
    double[] out = coarseMax;
    if (first) {
      for (int i = 0; i < n; i++) {
        double s = s2[i] + t2[i];
        double d = d2[i] + e2[i];
        out[i] =
            Math.max(
                Math.max(Math.abs(0.5 * (s + d)), Math.abs(s4[i] + t4[i])),
                Math.abs(0.5 * (s - d)));
      }
    } else {
      for (int i = 0; i < n; i++) {
        double s = s2[i] + t2[i];
        double d = d2[i] + e2[i];
        double m =
            Math.max(
                Math.max(Math.abs(0.5 * (s + d)), Math.abs(s4[i] + t4[i])),
                Math.abs(0.5 * (s - d)));
        out[i] = Math.max(out[i], m);
      }
    }
  }

  /**
   * Writes into {@link #coarseValues}, after {@link #coarseRun} has run over every channel, the
   * largest of its values and the magnitudes of the interval's two samples over the channels: bit
   * for bit what {@link #coarseAt} gives.
   */
  private void coarseWithSamples(int n) {
    double[] values = coarseValues;
    double[] mag = frameMagnitude;
    double[] between = coarseMax;
    for (int i = 0; i < n; i++) {
      values[i] = Math.max(between[i], Math.max(mag[i + HALF - 1], mag[i + HALF]));
    }
  }

  /**
   * Adds tap pairs {@code k} and {@code k + 2} (taps k and 31 - k, then k + 2 and 29 - k) of
   * positions 2/8, 6/8 and 4/8 to the sums, in that order: two pairs per pass read and write each
   * sum once, where the loops are bound by memory.
   */
  private void wideTaps(double[] w, int n, int k, double[] s, double[] d, double[] m) {
    double sum = WIDE_FOLDED[3 * k];
    double difference = WIDE_FOLDED[3 * k + 1];
    double middle = WIDE_FOLDED[3 * k + 2];
    double nextSum = WIDE_FOLDED[3 * (k + 2)];
    double nextDifference = WIDE_FOLDED[3 * (k + 2) + 1];
    double nextMiddle = WIDE_FOLDED[3 * (k + 2) + 2];
    // The taps' samples copied to the start of their own arrays: a loop reading at an offset known
    // only at run time does not vectorize, one over several arrays at the same index does.
    double[] u = tapNewer;
    double[] v = tapOlder;
    double[] p = tapNewerNext;
    double[] q = tapOlderNext;
    System.arraycopy(w, TAPS - 1 - k, u, 0, n);
    System.arraycopy(w, k, v, 0, n);
    System.arraycopy(w, TAPS - 3 - k, p, 0, n);
    System.arraycopy(w, k + 2, q, 0, n);
    for (int i = 0; i < n; i++) {
      double a = u[i] + v[i];
      double b = u[i] - v[i];
      double e = p[i] + q[i];
      double f = p[i] - q[i];
      s[i] = Math.fma(nextSum, e, Math.fma(sum, a, s[i]));
      d[i] = Math.fma(nextDifference, f, Math.fma(difference, b, d[i]));
      m[i] = Math.fma(nextMiddle, e, Math.fma(middle, a, m[i]));
    }
  }

  /**
   * Writes into {@link #annexMax} (or folds into it) what {@link #annexMaxAbs} returns for each
   * support in {@code w}, bit for bit, shaped as {@link #coarseRun}.
   */
  private void annexRun(double[] w, int n, boolean first) {
    if (vectorFilters) {
      VectorPeakFilters.annex(w, n, ANNEX_FOLDED, annexMax, first);
      return;
    }
    double[] s0 = sumA;
    double[] d0 = sumB;
    double[] s1 = sumC;
    double[] d1 = sumD;
    Arrays.fill(s0, 0, n, 0.0);
    Arrays.fill(d0, 0, n, 0.0);
    Arrays.fill(s1, 0, n, 0.0);
    Arrays.fill(d1, 0, n, 0.0);
    for (int k = 0; k < ANNEX_TAPS / 2; k += 2) {
      annexTaps(w, n, k, s0, d0, s1, d1);
    }
    double[] out = annexMax;
    if (first) {
      for (int i = 0; i < n; i++) {
        out[i] =
            0.5 * Math.max(Math.abs(s0[i]) + Math.abs(d0[i]), Math.abs(s1[i]) + Math.abs(d1[i]));
      }
    } else {
      for (int i = 0; i < n; i++) {
        double m =
            0.5 * Math.max(Math.abs(s0[i]) + Math.abs(d0[i]), Math.abs(s1[i]) + Math.abs(d1[i]));
        out[i] = Math.max(out[i], m);
      }
    }
  }

  /**
   * Adds tap pairs {@code k} and {@code k + 1} (taps k and 11 - k, then k + 1 and 10 - k) of the
   * Annex 2 phases to the sums, in that order, reading and writing each sum once as {@link
   * #wideTaps} does.
   */
  private void annexTaps(
      double[] w, int n, int k, double[] s0, double[] d0, double[] s1, double[] d1) {
    double[] c = ANNEX_FOLDED;
    double c0 = c[4 * k];
    double c1 = c[4 * k + 1];
    double c2 = c[4 * k + 2];
    double c3 = c[4 * k + 3];
    double n0 = c[4 * k + 4];
    double n1 = c[4 * k + 5];
    double n2 = c[4 * k + 6];
    double n3 = c[4 * k + 7];
    double[] u = tapNewer;
    double[] v = tapOlder;
    double[] p = tapNewerNext;
    double[] q = tapOlderNext;
    System.arraycopy(w, TAPS - 1 - k, u, 0, n);
    System.arraycopy(w, TAPS - ANNEX_TAPS + k, v, 0, n);
    System.arraycopy(w, TAPS - 2 - k, p, 0, n);
    System.arraycopy(w, TAPS - ANNEX_TAPS + k + 1, q, 0, n);
    for (int i = 0; i < n; i++) {
      double a = u[i] + v[i];
      double b = u[i] - v[i];
      double e = p[i] + q[i];
      double f = p[i] - q[i];
      s0[i] = Math.fma(n0, e, Math.fma(c0, a, s0[i]));
      d0[i] = Math.fma(n1, f, Math.fma(c1, b, d0[i]));
      s1[i] = Math.fma(n2, e, Math.fma(c2, a, s1[i]));
      d1[i] = Math.fma(n3, f, Math.fma(c3, b, d1[i]));
    }
  }

  /**
   * Tells, into {@link #settled}, for each of the chunk's frames {@code m0 + i} whether it is under
   * its sample ceiling and the gain-scaled bounds prove the untouched support ending at it, as in
   * step 6; in one pass with no branches, each test a plain comparison whatever its outcome, since
   * while the limiter works the outcomes are hard to predict.
   */
  private void settledBySafetyBounds(long m0, int n) {
    double[] entry = entryMagnitude;
    if (vectorFilters) {
      LimiterLanes.settled(
          m0,
          n,
          entry,
          TAPS - 1,
          safetyCeiling,
          safetyMask,
          gainHighs,
          gainLows,
          inputBound,
          wideBound,
          annexBound,
          flagMask,
          LAG,
          ANNEX_LAG,
          1.0 - FINE_ALLOWANCE,
          ROUNDING_TOLERANCE,
          SUM_ABS_WIDE,
          SUM_ABS_ANNEX,
          settled);
      return;
    }
    for (int i = 0; i < n; i++) {
      long m = m0 + i;
      int si = (int) (m & safetyMask);
      int f = (int) (m & flagMask);
      double high = gainHighs[i];
      double spread = (high - gainLows[i]) * inputBound[f];
      double wideLimit = wideLimitAt(m) * ROUNDING_TOLERANCE;
      double annexLimit = annexLimitAt(m) * ROUNDING_TOLERANCE;
      settled[i] =
          !(entry[TAPS - 1 + i] > safetyCeiling[si] * (1.0 - FINE_ALLOWANCE))
              & high * wideBound[f] + spread * SUM_ABS_WIDE <= wideLimit
              & high * annexBound[f] + spread * SUM_ABS_ANNEX <= annexLimit;
    }
  }

  /**
   * Settles step 2 for a chunk under a steady ceiling, given the {@code largest} support magnitude
   * of its frames, when every bound on the supports' peaks is at most {@code limit} (the ceiling
   * times the main stage's aim), and the Annex 2 estimates still waiting as well: then no filter
   * runs, every estimate is its bound and every requirement is 1, exactly as frame by frame.
   * Returns false, having written nothing, otherwise.
   */
  private boolean quietMainStage(long t0, int n, double largest, double limit) {
    double[] sp = supportPeak;
    double waiting = 0.0;
    for (int i = 0; i < ANNEX_WAIT; i++) {
      if (annexPeaks[i] > waiting) {
        waiting = annexPeaks[i];
      }
    }
    // The products are monotonic in the magnitude, so the largest bounds every frame's; under the
    // aim they are also under the limits times the rounding tolerance: every support is proven.
    if (largest * SUM_ABS_WIDE > limit || largest * SUM_ABS_ANNEX > limit || waiting > limit) {
      return false;
    }
    int f0 = (int) (t0 & flagMask);
    int first = Math.min(n, flagMask + 1 - f0);
    quietRun(sp, f0, 0, first);
    quietRun(sp, f0 - (flagMask + 1), first, n);
    Arrays.fill(required, windowFrames - 1, windowFrames - 1 + n, 1.0);
    return true;
  }

  private void quietRun(double[] sp, int ringOffset, int from, int to) {
    for (int i = from; i < to; i++) {
      double v = sp[i];
      wideBound[ringOffset + i] = v * SUM_ABS_WIDE;
      annexBound[ringOffset + i] = v * SUM_ABS_ANNEX;
      inputBound[ringOffset + i] = v;
      annexPeaks[ANNEX_WAIT + i] = v * SUM_ABS_ANNEX;
    }
  }

  /**
   * Copies {@code src[from .. from + n - 1]} into frames {@code m0 .. m0 + n - 1} of a ring indexed
   * by frame, in runs without a wrap.
   */
  private static void copyToRing(double[] src, int from, double[] ring, long m0, int n) {
    int mask = ring.length - 1;
    int s0 = (int) (m0 & mask);
    int first = Math.min(n, ring.length - s0);
    System.arraycopy(src, from, ring, s0, first);
    System.arraycopy(src, from + first, ring, 0, n - first);
  }

  /** Sets frames {@code m0 .. m0 + n - 1} of a ring indexed by frame to {@code value}. */
  private static void fillRing(double[] ring, long m0, int n, double value) {
    int mask = ring.length - 1;
    int s0 = (int) (m0 & mask);
    int first = Math.min(n, ring.length - s0);
    Arrays.fill(ring, s0, s0 + first, value);
    Arrays.fill(ring, 0, n - first, value);
  }

  /** Runs the release and the boxcar over the chunk's held requirements into its gains. */
  private void envelope(int n) {
    long t0 = frame;
    double r = released;
    double coefficient = releaseCoefficient;
    double[] def = deficit;
    int index = deficitIndex;
    int nonZero = deficitNonZero;
    double sum = deficitSum;
    double lowest = lowestGain;
    double gain = lastGain;
    int lastReducedIndex = -1;
    for (int i = 0; i < n; i++) {
      double h = held[i];
      if (h <= r) {
        r = h;
      } else {
        r += (h - r) * coefficient;
        if (h == 1.0 && 1.0 - r < RELEASE_SNAP) {
          r = 1.0;
        }
      }
      double d = 1.0 - r;
      double old = def[index];
      def[index] = d;
      sum += d - old;
      nonZero += (d != 0.0 ? 1 : 0) - (old != 0.0 ? 1 : 0);
      if (++index == boxcarFrames) {
        index = 0;
        sum = exactSum(def);
      }
      if (nonZero == 0) {
        sum = 0.0;
      }
      gain = nonZero == 0 ? 1.0 : 1.0 - sum / boxcarFrames;
      gains[i] = gain;
      // A conditional move into a local rather than a store to the field in a branch.
      lastReducedIndex = gain != 1.0 ? i : lastReducedIndex;
      if (gain < lowest) {
        lowest = gain;
      }
    }
    if (lastReducedIndex >= 0) {
      lastReducedGain = t0 + lastReducedIndex;
    }
    released = r;
    deficitIndex = index;
    deficitNonZero = nonZero;
    deficitSum = sum;
    lowestGain = lowest;
    lastGain = gain;
  }

  /**
   * Writes frames {@code m0 .. m0 + n - 1}, the delayed input times the gains, into the safety
   * ring, and their largest magnitudes into the entry buffer. Each channel's products are formed in
   * a chunk buffer, where every loop reads and writes at the same index and vectorizes, then copied
   * into the ring in runs without a wrap (with unit gains the products are the input, bit for bit).
   */
  private void enterSafety(long m0, int n, boolean unitGain) {
    int start = inputHistory - mainDelayFrames;
    int s0 = (int) (m0 & safetyMask);
    int first = Math.min(n, safetySize - s0);
    double[] entry = entryMagnitude;
    double[] g = gains;
    double[] v = entering;
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      System.arraycopy(input[ch], start, v, 0, n);
      if (!unitGain) {
        for (int i = 0; i < n; i++) {
          v[i] = g[i] * v[i];
        }
      }
      System.arraycopy(v, 0, y, s0, first);
      System.arraycopy(v, 0, y, s0 + safetySize, first);
      System.arraycopy(v, first, y, 0, n - first);
      System.arraycopy(v, first, y, safetySize, n - first);
      // As for the frame magnitudes, the first channel stores its magnitudes as they are.
      if (ch == 0) {
        for (int i = 0; i < n; i++) {
          entry[TAPS - 1 + i] = Math.abs(v[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          entry[TAPS - 1 + i] = Math.max(entry[TAPS - 1 + i], Math.abs(v[i]));
        }
      }
    }
  }

  /**
   * Writes into {@code out[i]}, {@code i < n}, the largest of {@code a[i .. i + TAPS - 1]}: the
   * maxima of spans of 2, 4, 8 and 16 values by doubling in place, then two spans of 16. The
   * offsets are constants (TAPS is 32) so that the compiler sees each pass read ahead of its writes
   * and vectorizes it.
   */
  private void slidingMaxOfTaps(double[] a, int n, double[] out) {
    double[] s = scratchA;
    int length = n + TAPS - 1;
    System.arraycopy(a, 0, s, 0, length);
    for (int i = 0; i < length - 1; i++) {
      s[i] = Math.max(s[i], s[i + 1]);
    }
    for (int i = 0; i < length - 3; i++) {
      s[i] = Math.max(s[i], s[i + 2]);
    }
    for (int i = 0; i < length - 7; i++) {
      s[i] = Math.max(s[i], s[i + 4]);
    }
    for (int i = 0; i < length - 15; i++) {
      s[i] = Math.max(s[i], s[i + 8]);
    }
    for (int i = 0; i < n; i++) {
      out[i] = Math.max(s[i], s[i + 16]);
    }
  }

  /** Writes into {@code out[i]}, {@code i < n}, the smallest of {@code a[i .. i + TAPS - 1]}. */
  private void slidingMinOfTaps(double[] a, int n, double[] out) {
    double[] s = scratchA;
    int length = n + TAPS - 1;
    System.arraycopy(a, 0, s, 0, length);
    for (int i = 0; i < length - 1; i++) {
      s[i] = Math.min(s[i], s[i + 1]);
    }
    for (int i = 0; i < length - 3; i++) {
      s[i] = Math.min(s[i], s[i + 2]);
    }
    for (int i = 0; i < length - 7; i++) {
      s[i] = Math.min(s[i], s[i + 4]);
    }
    for (int i = 0; i < length - 15; i++) {
      s[i] = Math.min(s[i], s[i + 8]);
    }
    for (int i = 0; i < n; i++) {
      out[i] = Math.min(s[i], s[i + 16]);
    }
  }

  /**
   * Writes into {@code out[i]}, {@code i < n}, the smallest of {@code a[i .. i + width - 1]}, by
   * blocks of {@code width} values (van Herk, Gil and Werman): the minimum from each index to the
   * end of its block, and from the start of its block to each index, give every window from two.
   */
  private void slidingMin(double[] a, int width, int n, double[] out) {
    double[] suffix = scratchA;
    int length = n + width - 1;
    for (int b = 0; b < length; b += width) {
      int last = Math.min(length, b + width) - 1;
      double m = a[last];
      suffix[last] = m;
      for (int j = last - 1; j >= b; j--) {
        m = Math.min(m, a[j]);
        suffix[j] = m;
      }
    }
    // Window i ends at j = i + width - 1; its block started at the last multiple of width <= j.
    int j = width - 1;
    int position = j % width;
    double prefix = Double.POSITIVE_INFINITY;
    for (int k = j - position; k <= j; k++) {
      prefix = Math.min(prefix, a[k]);
    }
    out[0] = Math.min(suffix[0], prefix);
    for (int i = 1; i < n; i++) {
      j++;
      if (++position == width) {
        position = 0;
        prefix = a[j];
      } else {
        prefix = Math.min(prefix, a[j]);
      }
      out[i] = Math.min(suffix[i], prefix);
    }
  }

  /** Returns the largest magnitude of the seven refinement values at indices 1..7. */
  private static double maxAbsFine(double[] y) {
    return Math.max(
        Math.max(
            Math.max(Math.abs(y[1]), Math.abs(y[2])), Math.max(Math.abs(y[3]), Math.abs(y[4]))),
        Math.max(Math.max(Math.abs(y[5]), Math.abs(y[6])), Math.abs(y[7])));
  }

  /** Returns the largest magnitude of the eight grid values, as a tree of comparisons. */
  private static double maxAbs(double[] y) {
    return Math.max(
        Math.max(
            Math.max(Math.abs(y[0]), Math.abs(y[1])), Math.max(Math.abs(y[2]), Math.abs(y[3]))),
        Math.max(
            Math.max(Math.abs(y[4]), Math.abs(y[5])), Math.max(Math.abs(y[6]), Math.abs(y[7]))));
  }

  /**
   * Returns the peak magnitude of the parabola through the largest 8x value of an interval and its
   * two neighbours ({@code before}: the value 1/8 before the interval's start, {@code after}: the
   * interval's end sample), or that value itself when it is not a local maximum of the grid.
   */
  private static double parabolicPeak(double[] y, double after, double before) {
    int q = 0;
    double best = Math.abs(y[0]);
    for (int j = 1; j < y.length; j++) {
      double a = Math.abs(y[j]);
      if (a > best) {
        best = a;
        q = j;
      }
    }
    double sign = y[q] < 0 ? -1.0 : 1.0;
    double lower = sign * (q > 0 ? y[q - 1] : before);
    double upper = sign * (q < y.length - 1 ? y[q + 1] : after);
    double curvature = 2 * best - lower - upper;
    if (Math.abs(lower) > best || Math.abs(upper) > best || !(curvature > 0)) {
      // Not a local maximum of the grid: the neighbouring interval's parabola covers it.
      return best;
    }
    double slope = upper - lower;
    return best + slope * slope / (8 * curvature);
  }

  private static double exactSum(double[] values) {
    double s = 0.0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** Holds frame {@code m} to its ceiling and re-checks every interval the corrections touch. */
  private void safetyCheck(long m) {
    int si = (int) (m & safetyMask);
    // Samples are held under the ceiling less the 64x allowance: a sample at the ceiling itself
    // could never be proven by the grid check once it is too old to be scaled.
    double c = safetyCeiling[si] * (1.0 - FINE_ALLOWANCE);
    double mx = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      mx = Math.max(mx, Math.abs(safety[ch][si]));
    }
    if (mx > c) {
      double f = c / mx;
      for (int ch = 0; ch < channels; ch++) {
        double v = safety[ch][si] * f;
        v = Math.abs(v) > c ? Math.copySign(c, v) : v;
        safety[ch][si] = v;
        safety[ch][si + safetySize] = v;
      }
      lastCorrected = Math.max(lastCorrected, m);
    }
    long firstFree = m - SAFETY_FRAMES;
    int fixes = 0;
    long e = m;
    while (e <= m) {
      long from = Math.max(e - (TAPS - 1), firstFree);
      if (correct(e, from, firstFree)) {
        corrections++;
        lastCorrected = Math.max(lastCorrected, e);
        if (++fixes > MAX_FIXES_PER_FRAME) {
          unresolved++;
          return;
        }
        // Every interval whose support overlaps the scaled or faded frames must be checked again.
        e = Math.max(from - TAPER_FRAMES, firstFree);
      } else {
        e++;
      }
    }
  }

  /**
   * Tells whether the main stage's bounds on the input of the untouched support ending at frame
   * {@code e}, scaled by the gains applied to it (largest {@code high}, smallest {@code low}), keep
   * every value under the limits: every value is at most {@code high} times the bound on the input
   * plus the gains' spread times the sum of tap magnitudes times the input's largest magnitude.
   */
  private boolean provenByGains(
      long e, double high, double low, double wideLimit, double annexLimit) {
    int f = (int) (e & flagMask);
    double spread = (high - low) * inputBound[f];
    return high * wideBound[f] + spread * SUM_ABS_WIDE <= wideLimit
        && high * annexBound[f] + spread * SUM_ABS_ANNEX <= annexLimit;
  }

  private double wideLimitAt(long e) {
    return Math.min(
        safetyCeiling[(int) ((e - LAG) & safetyMask)],
        safetyCeiling[(int) ((e - LAG + 1) & safetyMask)]);
  }

  private double annexLimitAt(long e) {
    return Math.min(
        safetyCeiling[(int) ((e - ANNEX_LAG) & safetyMask)],
        safetyCeiling[(int) ((e - ANNEX_LAG + 1) & safetyMask)]);
  }

  private double supportMax(int newest) {
    double m = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      for (int j = newest - (TAPS - 1); j <= newest; j++) {
        m = Math.max(m, Math.abs(y[j]));
      }
    }
    return m;
  }

  /**
   * Tells whether a value of the support ending at frame {@code e} may be over its ceiling: the
   * Annex 2 values of the interval after {@code e - 6}, or the wideband waveform anywhere in the
   * interval after {@code e - 16}.
   */
  private boolean over(long e) {
    int newest = (int) ((e - (TAPS - 1)) & safetyMask) + TAPS - 1;
    double wideLimit = wideLimitAt(e) * ROUNDING_TOLERANCE;
    double annexLimit = annexLimitAt(e) * ROUNDING_TOLERANCE;
    boolean current = e == checking;
    if (lastCorrected < e - (TAPS - 1)) {
      // The support holds the input times the gains, untouched: with g the largest gain and s the
      // spread of the gains over it, every value is at most g times the main stage's bound on the
      // input plus s times the sum of tap magnitudes times the input's largest magnitude.
      double high;
      double low;
      if (current) {
        high = gainHigh;
        low = gainLow;
      } else {
        high = 0.0;
        low = Double.POSITIVE_INFINITY;
        for (long j = e - (TAPS - 1); j <= e; j++) {
          double g = gainAt[(int) (j & flagMask)];
          high = Math.max(high, g);
          low = Math.min(low, g);
        }
      }
      if (provenByGains(e, high, low, wideLimit, annexLimit)) {
        return false;
      }
    }
    double supportMax = current ? safetyPeak : supportMax(newest);
    boolean wideQuiet = supportMax * SUM_ABS_WIDE <= wideLimit;
    boolean annexQuiet = supportMax * SUM_ABS_ANNEX <= annexLimit;
    if (wideQuiet && annexQuiet) {
      return false;
    }
    double coarseSlop = COARSE_ALLOWANCE * supportMax;
    double gridSlop = GRID_ALLOWANCE * supportMax;
    double fineSlop = FINE_ALLOWANCE * supportMax;
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      if (!annexQuiet && annexMaxAbs(y, newest) > annexLimit) {
        return true;
      }
      if (wideQuiet) {
        continue;
      }
      WidebandInterpolator.evaluate4x(y, newest, lanes);
      double after = y[newest - LAG + 1];
      double coarse =
          Math.max(
              Math.max(Math.abs(lanes[0]), Math.abs(lanes[2])),
              Math.max(Math.max(Math.abs(lanes[4]), Math.abs(lanes[6])), Math.abs(after)));
      if (coarse + coarseSlop <= wideLimit) {
        continue;
      }
      WidebandInterpolator.evaluateOdd(y, newest, lanes);
      if (Math.max(maxAbs(lanes), Math.abs(after)) + gridSlop <= wideLimit) {
        continue;
      }
      for (int q = 0; q < GRID; q++) {
        double m = Math.max(Math.abs(lanes[q]), Math.abs(q < GRID - 1 ? lanes[q + 1] : after));
        if (m + gridSlop > wideLimit) {
          WidebandInterpolator.evaluateFine(y, newest, q, fine);
          m = Math.max(m, maxAbsFine(fine));
          if (m + fineSlop > wideLimit) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Checks the support ending at frame {@code e} and, when a value may be over, scales frames
   * {@code from..e} by the largest factor that brings every checked value of every channel under
   * its ceiling (the wideband ones under it less the 64x allowance), fading in over up to {@value
   * #TAPER_FRAMES} older frames not before {@code firstFree}.
   *
   * @return whether frames were scaled
   */
  private boolean correct(long e, long from, long firstFree) {
    if (!over(e)) {
      return false;
    }
    int newest = (int) ((e - (TAPS - 1)) & safetyMask) + TAPS - 1;
    double supportMax = supportMax(newest);
    double gridSlop = GRID_ALLOWANCE * supportMax;
    double wideLimit = wideLimitAt(e);
    double wideTarget = (wideLimit - FINE_ALLOWANCE * supportMax) * FIX_TARGET;
    double annexTarget = annexLimitAt(e) * FIX_TARGET;
    int split = (int) (e - from); // taps k <= split are scalable (frame e - k >= from)
    fixUpper = 1.0;
    fixLower = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      for (int p = 0; p < TruePeakInterpolator.PHASES; p++) {
        double fixed = 0.0;
        double scalable = 0.0;
        for (int k = 0; k < ANNEX_TAPS; k++) {
          double term = TruePeakInterpolator.coefficient(p, k) * y[newest - k];
          if (k <= split) {
            scalable += term;
          } else {
            fixed += term;
          }
        }
        constrain(fixed, scalable, annexTarget);
      }
      WidebandInterpolator.evaluate8x(y, newest, lanes);
      double after = y[newest - LAG + 1];
      for (int q = 0; q <= GRID; q++) {
        constrainWide(y, newest, q * FINE_STEP, split, wideTarget);
        if (q == GRID) {
          break;
        }
        double m = Math.max(Math.abs(lanes[q]), Math.abs(q < GRID - 1 ? lanes[q + 1] : after));
        if (m + gridSlop > wideLimit) {
          for (int r = 1; r < FINE_STEP; r++) {
            constrainWide(y, newest, q * FINE_STEP + r, split, wideTarget);
          }
        }
      }
    }
    double f = fixUpper;
    if (fixUpper < fixLower || f < 0.0) {
      unresolved++;
      f = Math.max(0.0, Math.min(1.0, Math.max(fixLower, Math.min(fixUpper, 1.0))));
      if (f >= 1.0) {
        return false; // no scaling of the frames still held can help; move on
      }
    }
    if (f >= 1.0) {
      return false;
    }
    // Scale the support, and fade the factor in over the older frames before it so that the
    // values straddling its start see a gentle change rather than a step.
    long taperStart = Math.max(from - TAPER_FRAMES, firstFree);
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      for (long j = taperStart; j < from; j++) {
        double fade = (double) (j - (from - TAPER_FRAMES - 1)) / (TAPER_FRAMES + 1);
        int idx = (int) (j & safetyMask);
        double v = y[idx] * (1.0 - fade * (1.0 - f));
        y[idx] = v;
        y[idx + safetySize] = v;
      }
      for (long j = from; j <= e; j++) {
        int idx = (int) (j & safetyMask);
        double v = y[idx] * f;
        y[idx] = v;
        y[idx + safetySize] = v;
      }
    }
    return true;
  }

  private void constrainWide(double[] y, int newest, int position, int split, double limit) {
    double fixed = 0.0;
    double scalable = 0.0;
    for (int k = 0; k < TAPS; k++) {
      double term = WidebandInterpolator.coefficient(position, k) * y[newest - k];
      if (k <= split) {
        scalable += term;
      } else {
        fixed += term;
      }
    }
    constrain(fixed, scalable, limit);
  }

  /** Narrows the range of factors f for which {@code |fixed + f * scalable| <= limit}. */
  private void constrain(double fixed, double scalable, double limit) {
    if (scalable > 0) {
      fixUpper = Math.min(fixUpper, (limit - fixed) / scalable);
      fixLower = Math.max(fixLower, (-limit - fixed) / scalable);
    } else if (scalable < 0) {
      fixUpper = Math.min(fixUpper, (-limit - fixed) / scalable);
      fixLower = Math.max(fixLower, (limit - fixed) / scalable);
    } else if (Math.abs(fixed) > limit) {
      fixLower = Double.POSITIVE_INFINITY; // over on frames no factor reaches
    }
  }
}
