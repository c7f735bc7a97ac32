package lathe.dsp.dynamics;

import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.meter.TruePeakInterpolator;
import lathe.dsp.meter.WidebandInterpolator;
import lathe.dsp.param.MultiplicativeSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;

/**
 * Limits the true peak of the programme to a ceiling ({@code limiter.ceiling}, dBTP) with 1.5 ms of
 * look-ahead and a stereo-linked gain; module id {@code limiter}.
 *
 * <p>Two stages, each measuring every sample, the seven 8x values of a wideband interpolator
 * ({@link WidebandInterpolator}, held 0.01 dB under the ceiling) and the four BS.1770-4 Annex 2
 * values of every interval. The main stage turns the largest into a required gain aimed 0.001 dB
 * under the ceiling, takes the minimum of that requirement over a window that covers each
 * interval's 24-sample support plus the boxcar, lets the held minimum recover with the release time
 * constant, and smooths it with a boxcar average, so the applied gain never exceeds the requirement
 * at any sample. Because the moving gain itself creates small new inter-sample overshoots, a safety
 * stage holds the result for a further {@value #SAFETY_FRAMES} frames, re-measures it with both
 * interpolators and scales the samples of any interval still over by exactly the factor that brings
 * it back, then re-checks every interval the correction touched.
 *
 * <p>The guarantee, at frame {@code k} of the output: {@code |y[k]| <= ceiling(k)}, and each of the
 * four Annex 2 interpolated values between frames {@code k} and {@code k + 1} is at most {@code
 * min(ceiling(k), ceiling(k + 1)) * (1 + 1e-10)}, where {@code ceiling(k)} is the smoothed ceiling
 * (a 50 ms ramp with equal dB steps per frame) delayed together with the audio; the 1e-10 is
 * rounding allowance. The wideband values obey the same bound 0.01 dB lower. An over that only
 * frames already sent out could fix is counted by {@link #unresolvedOvers()}; none occurs in the
 * tests, with the ceiling steady or jumping at random. With the input under the ceiling and no gain
 * reduction pending, the output is the input delayed by {@link #latencyFrames()}, bit for bit.
 */
public final class TruePeakLimiter extends Module {
  /** Ceiling of the true peak, in dBTP. */
  public static final ParamSpec CEILING =
      ParamSpec.number("limiter.ceiling", "Ceiling", "dBTP", -12, 0, -1, Taper.LINEAR);

  /** Release time constant of the gain recovery, in milliseconds. */
  public static final ParamSpec RELEASE =
      ParamSpec.number("limiter.release", "Release", "ms", 1, 1000, 100, Taper.LOGARITHMIC);

  /** Total look-ahead, in seconds. */
  public static final double LOOKAHEAD_SECONDS = 0.0015;

  /** Frames the safety stage holds the signal for its final check. */
  public static final int SAFETY_FRAMES = 32;

  private static final double CEILING_RAMP_SECONDS = 0.050;
  private static final int TAPS = WidebandInterpolator.TAPS;
  private static final int LAG = WidebandInterpolator.INTERVAL_LAG;
  private static final int ANNEX_TAPS = TruePeakInterpolator.TAPS;
  private static final int ANNEX_LAG = TruePeakInterpolator.INTERVAL_LAG;
  // The Annex 2 values of an interval are ready this many frames before the wideband ones.
  private static final int ANNEX_WAIT = LAG - ANNEX_LAG;
  private static final int ANNEX_MASK = 7;

  // The safety stage's checks of the support ending at frame e, one row each: the seven wideband
  // 8x positions of the interval after e - 12 and the four Annex 2 values of the interval after
  // e - 6 (zero beyond their 12 taps).
  private static final int WIDE_ROWS = WidebandInterpolator.PHASES - 1;
  private static final int ROWS = WIDE_ROWS + TruePeakInterpolator.PHASES;
  private static final double[] ROW_COEFFICIENTS = checkRows();
  private static final int MAX_FIXES_PER_FRAME = 512;
  private static final int TAPER_FRAMES = 12;
  private static final double FIX_TARGET = 1.0 - 1e-7;
  // The main stage aims 0.001 dB under the ceiling, so the safety stage rarely corrects and its
  // corrections never have to reach back into frames already sent out.
  private static final double FIRST_STAGE_TARGET = Math.pow(10, -0.001 / 20);
  // The wideband values are held this much under the ceiling (0.01 dB): what sampling at 8x can
  // miss of a peak formed by content up to 0.27 fs, 20 log10(1 / cos(pi f / 8)).
  private static final double WIDE_MARGIN = Math.pow(10, -0.01 / 20);
  private static final double ROUNDING_TOLERANCE = 1.0 + 1e-10;
  private static final double RELEASE_SNAP = 1e-10;

  private final MultiplicativeSmoother ceiling = new MultiplicativeSmoother();
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
  private double[] ceilingHistory;
  private int historyIndex;
  private double[][] delay;
  private double[] ceilingDelay;
  private int delayIndex;

  // Sliding minimum of the required gain (monotonic deque in preallocated arrays).
  private int windowFrames;
  private long[] dequeFrame;
  private double[] dequeGain;
  private int dequeMask;
  private long dequeHead;
  private long dequeTail;

  // Release and boxcar of the gain deficit (1 - gain).
  private double releaseCoefficient;
  private double released = 1.0;
  private double[] deficit;
  private int deficitIndex;
  private int deficitNonZero;
  private double deficitSum;

  // Safety stage ring of the main stage's output, indexed by absolute frame.
  private double[][] safety;
  private double[] safetyCeiling;
  private int safetyMask;
  private double[][] support;

  private long frame;
  private double lastGain = 1.0;
  private volatile double gainReductionDb;
  private volatile long unresolved;
  private volatile long corrections;

  /** Creates a limiter at its default ceiling and release. */
  public TruePeakLimiter() {
    super("limiter", List.of(CEILING, RELEASE));
    ceiling.setCurrentAndTarget(Dsp.dbToGain(ceilingDb));
  }

  @Override
  public void setParameter(int index, double value) {
    if (index == 0) {
      setCeilingDbtp(value);
    } else {
      setReleaseMillis(value);
    }
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
    // The main stage needs TAPS - 2 frames around each interval, plus the boxcar (12 frames at
    // 44.1 kHz, 18 at 48 kHz).
    boxcarFrames = Math.max(8, total - SAFETY_FRAMES - (TAPS - 2));
    mainDelayFrames = boxcarFrames + TAPS - 2;
    latency = mainDelayFrames + SAFETY_FRAMES;
    windowFrames = boxcarFrames + TAPS - 1;

    history = new double[channels][2 * TAPS];
    ceilingHistory = new double[TAPS];
    delay = new double[channels][mainDelayFrames];
    ceilingDelay = new double[mainDelayFrames];
    int cap = Integer.highestOneBit(windowFrames + 1) << 1;
    dequeFrame = new long[cap];
    dequeGain = new double[cap];
    dequeMask = cap - 1;
    deficit = new double[boxcarFrames];
    int ring = Integer.highestOneBit(SAFETY_FRAMES + 2 * TAPS) << 1;
    safety = new double[channels][ring];
    safetyCeiling = new double[ring];
    safetyMask = ring - 1;
    support = new double[channels][TAPS];

    double target = Dsp.dbToGain(ceilingDb);
    ceiling.reset(sampleRate, CEILING_RAMP_SECONDS);
    ceiling.setCurrentAndTarget(target);
    releaseDirty = true;
    reset();
  }

  @Override
  public void reset() {
    for (int c = 0; c < channels; c++) {
      java.util.Arrays.fill(history[c], 0.0);
      java.util.Arrays.fill(delay[c], 0.0);
      java.util.Arrays.fill(safety[c], 0.0);
    }
    ceiling.setCurrentAndTarget(ceiling.target());
    java.util.Arrays.fill(ceilingDelay, ceiling.current());
    java.util.Arrays.fill(ceilingHistory, ceiling.current());
    java.util.Arrays.fill(safetyCeiling, ceiling.current());
    historyIndex = 0;
    java.util.Arrays.fill(annexPeaks, 0.0);
    delayIndex = 0;
    dequeHead = 0;
    dequeTail = 0;
    released = 1.0;
    java.util.Arrays.fill(deficit, 0.0);
    deficitIndex = 0;
    deficitNonZero = 0;
    deficitSum = 0.0;
    frame = 0;
    lastGain = 1.0;
    gainReductionDb = 0.0;
  }

  /**
   * Returns the look-ahead delay in frames: 1.5 ms at the prepared rate, rounded down (at least 62
   * frames, which exceeds 1.5 ms only below 41.4 kHz); 66, 72, 144 and 288 frames at 44.1, 48, 96
   * and 192 kHz.
   */
  @Override
  public int latencyFrames() {
    return latency;
  }

  /** Returns the gain reduction of the main stage at the last processed frame, in positive dB. */
  public double gainReductionDb() {
    return gainReductionDb;
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
    if (releaseDirty) {
      releaseCoefficient = 1.0 - Math.exp(-1000.0 / (releaseMillis * sampleRate));
      releaseDirty = false;
    }
    for (int i = 0; i < frames; i++) {
      processFrame(x, i);
    }
    gainReductionDb = lastGain >= 1.0 ? 0.0 : -Dsp.gainToDb(lastGain);
  }

  private void processFrame(double[][] x, int i) {
    long t = frame++;
    double c = ceiling.next();

    // 1. Measure the interval between t - 12 and t - 11: its two samples, the wideband filter's
    // three 4x values, and the Annex 2 values computed six frames ago for the same interval.
    int w = historyIndex;
    double wide = 0.0;
    double annex = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      double[] h = history[ch];
      double v = x[ch][i];
      h[w] = v;
      h[w + TAPS] = v;
      int newest = w + TAPS;
      annex = Math.max(annex, TruePeakInterpolator.maxAbs(h, newest));
      wide = Math.max(wide, WidebandInterpolator.maxAbs8x(h, newest) / WIDE_MARGIN);
      wide = Math.max(wide, Math.max(Math.abs(h[newest - LAG]), Math.abs(h[newest - LAG + 1])));
    }
    historyIndex = w + 1 == TAPS ? 0 : w + 1;
    annexPeaks[(int) (t & ANNEX_MASK)] = annex;
    double peak = Math.max(wide, annexPeaks[(int) ((t - ANNEX_WAIT) & ANNEX_MASK)]);
    // The interval's own ceiling, as the safety stage will apply it: that of its two frames.
    double[] ceilings = ceilingHistory;
    ceilings[w] = c;
    double cc = Math.min(ceilings[(w + TAPS - LAG) % TAPS], ceilings[(w + TAPS - LAG + 1) % TAPS]);
    cc *= FIRST_STAGE_TARGET;
    double required = peak > cc ? cc / peak : 1.0;

    // 2. Sliding minimum over the window that covers the interval's support and the boxcar.
    while (dequeTail > dequeHead && dequeGain[(int) ((dequeTail - 1) & dequeMask)] >= required) {
      dequeTail--;
    }
    int slot = (int) (dequeTail & dequeMask);
    dequeFrame[slot] = t;
    dequeGain[slot] = required;
    dequeTail++;
    while (dequeFrame[(int) (dequeHead & dequeMask)] <= t - windowFrames) {
      dequeHead++;
    }
    double held = dequeGain[(int) (dequeHead & dequeMask)];

    // 3. Instant attack, exponential release, then a boxcar that keeps the gain under the hold.
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

    // 4. Delay the audio and its ceiling to meet the gain, then hand them to the safety stage.
    int di = delayIndex;
    long m = t - mainDelayFrames;
    int si = (int) (m & safetyMask);
    for (int ch = 0; ch < channels; ch++) {
      double[] dl = delay[ch];
      safety[ch][si] = gain * dl[di];
      dl[di] = x[ch][i];
    }
    safetyCeiling[si] = ceilingDelay[di];
    ceilingDelay[di] = c;
    delayIndex = di + 1 == mainDelayFrames ? 0 : di + 1;
    safetyCheck(m);

    // 5. Send out the frame that has left the safety window.
    int oi = (int) ((m - SAFETY_FRAMES) & safetyMask);
    for (int ch = 0; ch < channels; ch++) {
      x[ch][i] = safety[ch][oi];
    }
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
    double c = safetyCeiling[si];
    double mx = 0.0;
    for (int ch = 0; ch < channels; ch++) {
      mx = Math.max(mx, Math.abs(safety[ch][si]));
    }
    if (mx > c) {
      double f = c / mx;
      for (int ch = 0; ch < channels; ch++) {
        double v = safety[ch][si] * f;
        safety[ch][si] = Math.abs(v) > c ? Math.copySign(c, v) : v;
      }
    }
    long firstFree = m - SAFETY_FRAMES;
    int fixes = 0;
    long e = m;
    while (e <= m) {
      long from = Math.max(e - (TAPS - 1), firstFree);
      if (correct(e, from, firstFree)) {
        corrections++;
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

  private static double[] checkRows() {
    double[] rows = new double[ROWS * TAPS];
    for (int q = 1; q <= WIDE_ROWS; q++) {
      for (int k = 0; k < TAPS; k++) {
        rows[(q - 1) * TAPS + k] = WidebandInterpolator.coefficient(q, k);
      }
    }
    for (int p = 0; p < TruePeakInterpolator.PHASES; p++) {
      for (int k = 0; k < ANNEX_TAPS; k++) {
        rows[(WIDE_ROWS + p) * TAPS + k] = TruePeakInterpolator.coefficient(p, k);
      }
    }
    return rows;
  }

  /**
   * Checks the values whose support ends at frame {@code e} (the seven wideband 8x values of the
   * interval after {@code e - 12} and the four Annex 2 values of the interval after {@code e - 6})
   * and, when one is over, scales frames {@code from..e} by the largest factor that brings every
   * value of every channel under its ceiling, fading in over up to {@value #TAPER_FRAMES} older
   * frames not before {@code firstFree}.
   *
   * @return whether a value was over
   */
  private boolean correct(long e, long from, long firstFree) {
    double wideLimit =
        Math.min(
                safetyCeiling[(int) ((e - LAG) & safetyMask)],
                safetyCeiling[(int) ((e - LAG + 1) & safetyMask)])
            * WIDE_MARGIN;
    double annexLimit =
        Math.min(
            safetyCeiling[(int) ((e - ANNEX_LAG) & safetyMask)],
            safetyCeiling[(int) ((e - ANNEX_LAG + 1) & safetyMask)]);
    double[] rows = ROW_COEFFICIENTS;
    boolean over = false;
    for (int ch = 0; ch < channels && !over; ch++) {
      double[] y = safety[ch];
      double[] s = support[ch];
      for (int k = 0; k < TAPS; k++) {
        s[k] = y[(int) ((e - k) & safetyMask)];
      }
      for (int r = 0; r < ROWS; r++) {
        int base = r * TAPS;
        double sum = 0.0;
        for (int k = 0; k < TAPS; k++) {
          sum += rows[base + k] * s[k];
        }
        double tolerated = (r < WIDE_ROWS ? wideLimit : annexLimit) * ROUNDING_TOLERANCE;
        if (Math.abs(sum) > tolerated) {
          over = true;
          break;
        }
      }
    }
    if (!over) {
      return false;
    }
    double upper = 1.0;
    double lower = 0.0;
    int split = (int) (e - from); // taps k <= split are scalable (frame e - k >= from)
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      double[] s = support[ch];
      for (int k = 0; k < TAPS; k++) {
        s[k] = y[(int) ((e - k) & safetyMask)];
      }
      for (int r = 0; r < ROWS; r++) {
        // Corrections aim a hair under the ceiling so that rounding in later, overlapping
        // corrections cannot push a value that is already partly sent out back over it.
        double cc = (r < WIDE_ROWS ? wideLimit : annexLimit) * FIX_TARGET;
        int base = r * TAPS;
        double fixed = 0.0;
        double scalable = 0.0;
        for (int k = 0; k < TAPS; k++) {
          double term = rows[base + k] * s[k];
          if (k <= split) {
            scalable += term;
          } else {
            fixed += term;
          }
        }
        if (scalable > 0) {
          upper = Math.min(upper, (cc - fixed) / scalable);
          lower = Math.max(lower, (-cc - fixed) / scalable);
        } else if (scalable < 0) {
          upper = Math.min(upper, (-cc - fixed) / scalable);
          lower = Math.max(lower, (cc - fixed) / scalable);
        }
      }
    }
    double f = upper;
    if (upper < lower || f < 0.0) {
      unresolved++;
      f = Math.max(0.0, Math.min(1.0, Math.max(lower, Math.min(upper, 1.0))));
      if (f >= 1.0) {
        return false; // no scaling of the frames still held can help; move on
      }
    }
    // Scale the support, and fade the factor in over the older frames before it so that the
    // values straddling its start see a gentle change rather than a step.
    long taperStart = Math.max(from - TAPER_FRAMES, firstFree);
    for (int ch = 0; ch < channels; ch++) {
      double[] y = safety[ch];
      for (long j = taperStart; j < from; j++) {
        double fade = (double) (j - (from - TAPER_FRAMES - 1)) / (TAPER_FRAMES + 1);
        y[(int) (j & safetyMask)] *= 1.0 - fade * (1.0 - f);
      }
      for (long j = from; j <= e; j++) {
        y[(int) (j & safetyMask)] *= f;
      }
    }
    return true;
  }
}
