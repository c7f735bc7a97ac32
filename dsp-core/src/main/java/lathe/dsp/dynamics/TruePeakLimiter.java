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
  private static final int LAG = WidebandInterpolator.INTERVAL_LAG;
  private static final int GRID = WidebandInterpolator.PHASES;
  private static final int FINE_STEP = WidebandInterpolator.FINE_PHASES / GRID;
  private static final int ANNEX_TAPS = TruePeakInterpolator.TAPS;
  private static final int ANNEX_LAG = TruePeakInterpolator.INTERVAL_LAG;
  // The Annex 2 values of an interval are ready this many frames before the wideband ones.
  private static final int ANNEX_WAIT = LAG - ANNEX_LAG;
  private static final int ANNEX_MASK = 15;

  private static final double SUM_ABS_WIDE = WidebandInterpolator.SUM_ABS_BOUND;
  private static final double SUM_ABS_ANNEX = annexSumAbs();
  // Annex 2 taps folded like the wideband ones: phases 0 and 3, 1 and 2 are mirror images, so
  // for k = 0..5 the table holds, per pair, the sum and the difference of taps k and 11 - k.
  private static final double[] ANNEX_FOLDED = annexFolded();
  // Rise allowed between 4x, 8x and 64x grid values, per unit of the support's peak magnitude.
  private static final double COARSE_ALLOWANCE = WidebandInterpolator.gridAllowance(2.0 / GRID, 1);
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

  // Main stage: interpolator history (each sample written twice), delay line, ceiling delay.
  private double[][] history;
  private final double[] annexPeaks = new double[ANNEX_MASK + 1];
  private final double[] ceilingHistory = new double[TAPS];
  private int historyIndex;
  private double[][] delay;
  private double[] ceilingDelay;
  private int delayIndex;
  private final double[] lanes = new double[GRID];
  private final double[] fine = new double[FINE_STEP];
  private double[] previousLast;
  private long[] previousLastFrame;

  // Sliding extremes over the last TAPS frames: the input magnitude, and (safety stage) the
  // applied gain's minimum and maximum and the safety stage's input magnitude.
  private final TapWindows windows = new TapWindows();

  // Sliding minimum of the required gain, kept as the maximum of its negation.
  private int windowFrames;
  private SlidingMax requiredMin;

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
    channels = spec.channels();
    sampleRate = spec.sampleRate();
    int total = (int) Math.floor(LOOKAHEAD_SECONDS * sampleRate);
    // The main stage needs TAPS - 2 frames around each interval (30), plus the boxcar: 4 frames at
    // 44.1 kHz, 10 at 48 kHz, 82 at 96 kHz, 226 at 192 kHz.
    boxcarFrames = Math.max(1, total - SAFETY_FRAMES - (TAPS - 2));
    mainDelayFrames = boxcarFrames + TAPS - 2;
    latency = mainDelayFrames + SAFETY_FRAMES;
    windowFrames = boxcarFrames + TAPS - 1;

    history = new double[channels][2 * TAPS];
    previousLast = new double[channels];
    previousLastFrame = new long[channels];
    delay = new double[channels][mainDelayFrames];
    ceilingDelay = new double[mainDelayFrames];
    requiredMin = new SlidingMax(windowFrames);
    deficit = new double[boxcarFrames];
    safetySize = Integer.highestOneBit(SAFETY_FRAMES + 2 * TAPS + TAPER_FRAMES) << 1;
    safety = new double[channels][2 * safetySize];
    safetyCeiling = new double[safetySize];
    safetyMask = safetySize - 1;
    int flags = Integer.highestOneBit(latency + 2 * TAPS + TAPER_FRAMES) << 1;
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
      Arrays.fill(history[c], 0.0);
      Arrays.fill(delay[c], 0.0);
      Arrays.fill(safety[c], 0.0);
    }
    ceiling.setCurrentAndTarget(ceiling.target());
    Arrays.fill(ceilingDelay, ceiling.current());
    Arrays.fill(ceilingHistory, ceiling.current());
    Arrays.fill(safetyCeiling, ceiling.current());
    // Until the main stage has measured a support, nothing about it is known.
    Arrays.fill(wideBound, Double.POSITIVE_INFINITY);
    Arrays.fill(annexBound, Double.POSITIVE_INFINITY);
    Arrays.fill(inputBound, 0.0);
    Arrays.fill(gainAt, 1.0);
    windows.reset();
    gainLow = 1.0;
    gainHigh = 1.0;
    lastCorrected = Long.MIN_VALUE / 2;
    historyIndex = 0;
    Arrays.fill(annexPeaks, 0.0);
    Arrays.fill(previousLastFrame, Long.MIN_VALUE);
    safetyPeak = 0.0;
    delayIndex = 0;
    requiredMin.reset();
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
    Dsp.sanitize(x, channels, frames);
    GainRamp.apply(inputGain, x, channels, frames);
    if (releaseDirty) {
      releaseCoefficient = 1.0 - Math.exp(-1000.0 / (releaseMillis * sampleRate));
      releaseDirty = false;
    }
    for (int i = 0; i < frames; i++) {
      processFrame(x, i);
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
   * from sums and differences of mirrored samples (24 multiply-adds).
   */
  private static double annexMaxAbs(double[] x, int newest) {
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
      s0 += c[b] * s;
      d0 += c[b + 1] * d;
      s1 += c[b + 2] * s;
      d1 += c[b + 3] * d;
    }
    double m0 = Math.abs(s0) + Math.abs(d0); // = 2 Math.max(|y0|, |y3|)
    double m1 = Math.abs(s1) + Math.abs(d1); // = 2 Math.max(|y1|, |y2|)
    return 0.5 * Math.max(m0, m1);
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

  private void processFrame(double[][] x, int i) {
    long t = frame++;
    double c = ceiling.next();

    // 1. Take in frame t; the wideband interval measured now lies between t - 16 and t - 15, the
    // Annex 2 one between t - 6 and t - 5.
    int w = historyIndex;
    int newest = w + TAPS;
    double frameMax = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      double[] h = history[ch];
      double v = x[ch][i];
      h[w] = v;
      h[w + TAPS] = v;
      frameMax = Math.max(frameMax, Math.abs(v));
    }
    historyIndex = w + 1 == TAPS ? 0 : w + 1;
    TapWindows win = windows;
    win.begin();
    double supportMax = win.pushInput(frameMax);
    double[] ceilings = ceilingHistory;
    ceilings[w] = c;
    int wrap = TAPS - 1;
    double wideLimit =
        Math.min(ceilings[(w + TAPS - LAG) & wrap], ceilings[(w + TAPS - LAG + 1) & wrap]);
    double annexLimit =
        Math.min(
            ceilings[(w + TAPS - ANNEX_LAG) & wrap], ceilings[(w + TAPS - ANNEX_LAG + 1) & wrap]);

    // 2. Estimate both peaks, skipping the filters when the support's magnitude bounds them, and
    // record whether the checks the safety stage will repeat on this support already pass.
    double wide = supportMax * SUM_ABS_WIDE;
    double wideUpper = wide;
    if (wide > wideLimit * mainTarget) {
      // The 4x grid with its allowance settles most intervals under the ceiling; the rest get the
      // full 8x grid and a parabola through the largest value.
      wide = 0.0;
      wideUpper = 0.0;
      double coarseSlop = COARSE_ALLOWANCE * supportMax;
      double gridSlop = GRID_ALLOWANCE * supportMax;
      for (int ch = 0; ch < channels; ch++) {
        double[] h = history[ch];
        WidebandInterpolator.evaluate4x(h, newest, lanes);
        double right = Math.abs(h[newest - LAG + 1]);
        double coarse =
            Math.max(
                Math.max(Math.abs(lanes[0]), Math.abs(lanes[2])),
                Math.max(Math.max(Math.abs(lanes[4]), Math.abs(lanes[6])), right));
        if (coarse + coarseSlop <= wideLimit * mainTarget) {
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
    }
    double annex = supportMax * SUM_ABS_ANNEX;
    if (annex > annexLimit * mainTarget) {
      annex = 0.0;
      for (int ch = 0; ch < channels; ch++) {
        annex = Math.max(annex, annexMaxAbs(history[ch], newest));
      }
    }
    int tf = (int) (t & flagMask);
    wideBound[tf] = wideUpper;
    annexBound[tf] = annex;
    inputBound[tf] = supportMax;
    annexPeaks[(int) (t & ANNEX_MASK)] = annex;
    double peak = Math.max(wide, annexPeaks[(int) ((t - ANNEX_WAIT) & ANNEX_MASK)]);
    double cc = wideLimit * mainTarget;
    double required = peak > cc ? cc / peak : 1.0;

    // 3. Sliding minimum over the window that covers the interval's support and the boxcar.
    double held = -requiredMin.push(-required);

    // 4. Instant attack, exponential release, then a boxcar that keeps the gain under the hold.
    double r = released;
    if (held <= r) {
      r = held;
    } else {
      r += (held - r) * releaseCoefficient;
      if (held == 1.0 && 1.0 - r < RELEASE_SNAP) {
        r = 1.0;
      }
    }
    released = r;
    double d = 1.0 - r;
    double old = deficit[deficitIndex];
    deficit[deficitIndex] = d;
    deficitSum += d - old;
    deficitNonZero += (d != 0.0 ? 1 : 0) - (old != 0.0 ? 1 : 0);
    if (++deficitIndex == boxcarFrames) {
      deficitIndex = 0;
      deficitSum = exactSum(deficit);
    }
    if (deficitNonZero == 0) {
      deficitSum = 0.0;
    }
    double gain = deficitNonZero == 0 ? 1.0 : 1.0 - deficitSum / boxcarFrames;
    lastGain = gain;
    if (gain < lowestGain) {
      lowestGain = gain;
    }

    // 5. Delay the audio and its ceiling to meet the gain, then hand them to the safety stage.
    int di = delayIndex;
    long m = t - mainDelayFrames;
    int si = (int) (m & safetyMask);
    double entryMax = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      double[] dl = delay[ch];
      double v = gain * dl[di];
      double[] y = safety[ch];
      y[si] = v;
      y[si + safetySize] = v;
      dl[di] = x[ch][i];
      entryMax = Math.max(entryMax, Math.abs(v));
    }
    safetyCeiling[si] = ceilingDelay[di];
    ceilingDelay[di] = c;
    delayIndex = di + 1 == mainDelayFrames ? 0 : di + 1;
    gainAt[(int) (m & flagMask)] = gain;
    gainLow = win.pushGainMin(gain);
    gainHigh = win.pushGainMax(gain);
    safetyPeak = win.pushSafety(entryMax);
    win.advance();
    // The common case, decided here as the safety stage's first check would: the frame is under
    // its sample ceiling and the gain-scaled bounds prove the untouched support ending at it.
    if (entryMax > safetyCeiling[si] * (1.0 - FINE_ALLOWANCE)
        || lastCorrected >= m - (TAPS - 1)
        || !provenByGains(
            m,
            gainHigh,
            gainLow,
            wideLimitAt(m) * ROUNDING_TOLERANCE,
            annexLimitAt(m) * ROUNDING_TOLERANCE)) {
      safetyCheck(m);
    }

    // 6. Send out the frame that has left the safety window.
    int oi = (int) ((m - SAFETY_FRAMES) & safetyMask);
    for (int ch = 0; ch < channels; ch++) {
      x[ch][i] = safety[ch][oi];
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
    boolean current = e == frame - 1 - mainDelayFrames;
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

  /**
   * Keeps four sliding extremes over the last TAPS frames, pushed in lockstep once per frame, in
   * constant time per value without branches on the data: the window is split at the start of the
   * current block of TAPS frames into the suffix extremes of the previous block, computed for all
   * four at once when a block starts, and the running extremes of the current one. Frames before
   * the first push hold the neutral value of each (negative infinity for a maximum, positive for a
   * minimum), so each result is the extreme of the values actually pushed, as a monotonic deque
   * would give it.
   */
  private static final class TapWindows {
    private static final int LANES = 4;
    private static final int INPUT = 0;
    private static final int GAIN_MIN = 1;
    private static final int GAIN_MAX = 2;
    private static final int SAFETY = 3;
    // Values and suffix extremes, [position * LANES + lane]; position TAPS of suffix is neutral.
    private final double[] values = new double[TAPS * LANES];
    private final double[] suffix = new double[(TAPS + 1) * LANES];
    private int index;
    private double inputPrefix;
    private double gainMinPrefix;
    private double gainMaxPrefix;
    private double safetyPrefix;

    void reset() {
      for (int j = 0; j <= TAPS; j++) {
        if (j < TAPS) {
          setNeutral(values, j * LANES);
        }
        setNeutral(suffix, j * LANES);
      }
      index = 0;
      inputPrefix = Double.NEGATIVE_INFINITY;
      gainMinPrefix = Double.POSITIVE_INFINITY;
      gainMaxPrefix = Double.NEGATIVE_INFINITY;
      safetyPrefix = Double.NEGATIVE_INFINITY;
    }

    private static void setNeutral(double[] a, int b) {
      a[b + INPUT] = Double.NEGATIVE_INFINITY;
      a[b + GAIN_MIN] = Double.POSITIVE_INFINITY;
      a[b + GAIN_MAX] = Double.NEGATIVE_INFINITY;
      a[b + SAFETY] = Double.NEGATIVE_INFINITY;
    }

    /** Starts a frame: at the start of a block, turns the previous block into suffix extremes. */
    void begin() {
      if (index != 0) {
        return;
      }
      double input = Double.NEGATIVE_INFINITY;
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      double safety = Double.NEGATIVE_INFINITY;
      for (int b = (TAPS - 1) * LANES; b >= 0; b -= LANES) {
        input = Math.max(input, values[b + INPUT]);
        low = Math.min(low, values[b + GAIN_MIN]);
        high = Math.max(high, values[b + GAIN_MAX]);
        safety = Math.max(safety, values[b + SAFETY]);
        suffix[b + INPUT] = input;
        suffix[b + GAIN_MIN] = low;
        suffix[b + GAIN_MAX] = high;
        suffix[b + SAFETY] = safety;
      }
      inputPrefix = Double.NEGATIVE_INFINITY;
      gainMinPrefix = Double.POSITIVE_INFINITY;
      gainMaxPrefix = Double.NEGATIVE_INFINITY;
      safetyPrefix = Double.NEGATIVE_INFINITY;
    }

    /** Adds the frame's input magnitude and returns the largest of the last TAPS frames. */
    double pushInput(double value) {
      int b = index * LANES;
      values[b + INPUT] = value;
      double p = Math.max(inputPrefix, value);
      inputPrefix = p;
      return Math.max(p, suffix[b + LANES + INPUT]);
    }

    /** Adds the frame's applied gain and returns the smallest of the last TAPS frames. */
    double pushGainMin(double value) {
      int b = index * LANES;
      values[b + GAIN_MIN] = value;
      double p = Math.min(gainMinPrefix, value);
      gainMinPrefix = p;
      return Math.min(p, suffix[b + LANES + GAIN_MIN]);
    }

    /** Adds the frame's applied gain and returns the largest of the last TAPS frames. */
    double pushGainMax(double value) {
      int b = index * LANES;
      values[b + GAIN_MAX] = value;
      double p = Math.max(gainMaxPrefix, value);
      gainMaxPrefix = p;
      return Math.max(p, suffix[b + LANES + GAIN_MAX]);
    }

    /** Adds the safety stage's input magnitude and returns the largest of the last TAPS frames. */
    double pushSafety(double value) {
      int b = index * LANES;
      values[b + SAFETY] = value;
      double p = Math.max(safetyPrefix, value);
      safetyPrefix = p;
      return Math.max(p, suffix[b + LANES + SAFETY]);
    }

    /** Ends the frame. */
    void advance() {
      index = index + 1 == TAPS ? 0 : index + 1;
    }
  }

  /**
   * Keeps the maximum of the last {@code width} values pushed, values before the first push
   * counting as negative infinity, in constant time per value without branches on the data: the
   * window is split at the start of the current block of {@code width} values into the suffix
   * maxima of the previous block, computed once per block, and the running maximum of the current
   * one.
   */
  private static final class SlidingMax {
    private final int width;
    private final double[] values;
    private final double[] suffix;
    private int index;
    private double prefix;

    SlidingMax(int width) {
      this.width = width;
      values = new double[width];
      suffix = new double[width + 1];
      reset();
    }

    void reset() {
      Arrays.fill(values, Double.NEGATIVE_INFINITY);
      Arrays.fill(suffix, Double.NEGATIVE_INFINITY);
      index = 0;
      prefix = Double.NEGATIVE_INFINITY;
    }

    /** Adds a value and returns the maximum of the last {@code width} values. */
    double push(double value) {
      int i = index;
      if (i == 0) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = width - 1; j >= 0; j--) {
          m = Math.max(m, values[j]);
          suffix[j] = m;
        }
        prefix = Double.NEGATIVE_INFINITY;
      }
      values[i] = value;
      double p = Math.max(prefix, value);
      prefix = p;
      index = i + 1 == width ? 0 : i + 1;
      return Math.max(p, suffix[i + 1]);
    }
  }
}
