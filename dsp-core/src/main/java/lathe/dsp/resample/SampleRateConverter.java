package lathe.dsp.resample;

import java.util.Arrays;
import lathe.dsp.Dsp;

/**
 * Converts a stream of audio from one sample rate to another by a rational-ratio polyphase
 * windowed-sinc filter, in double precision, with no allocation after construction.
 *
 * <p>The ratio {@code L/M} is the output rate over the input rate reduced to lowest terms (44.1 kHz
 * to 48 kHz is 160/147). One prototype low-pass at {@code L} times the input rate, a sinc under a
 * Kaiser window ({@link #STOPBAND_DECIBELS} of stopband attenuation), is split into {@code L}
 * phases of {@link #tapsPerPhase()} taps each. Its passband reaches {@code 20/44.1} of the lower
 * rate (20 kHz at 44.1 kHz) and its stopband starts at the lower rate's Nyquist frequency, so
 * nothing aliases or images into the band.
 *
 * <p>Output frame {@code m} is the band-limited input at time {@code m * M / L} input frames: input
 * frame 0 lands on output frame 0, with no delay to compensate. To produce it the converter needs
 * {@link #lookaheadInputFrames()} input frames past that time, so output lags the input pushed by
 * at most {@link #latencyFrames()} output frames; after the last input frame, push silence to drain
 * it. Each output frame depends only on the input values and its own index, never on how the input
 * was split into pushes or the output into pulls. Input before frame 0 is silence. Equal rates pass
 * frames through unchanged.
 *
 * <p>Use: {@link #reset(long)} to the output frame to start at, push input from {@link
 * #nextInputFrame()} on with {@link #push} (or {@link #pushSilence}), pull output with {@link
 * #pull} while {@link #available()} is positive. All from one thread.
 */
public final class SampleRateConverter {
  /** The stopband attenuation the Kaiser window is designed for, in decibels. */
  public static final double STOPBAND_DECIBELS = 140.0;

  /** The top of the passband as a fraction of the lower rate: 20 kHz at 44.1 kHz. */
  public static final double PASSBAND_FRACTION = 20_000.0 / 44_100.0;

  /** The largest interpolation factor {@code L} accepted (bounds the coefficient table). */
  public static final int MAX_FACTOR = 1024;

  private final double inputRate;
  private final double outputRate;
  private final int channels;
  private final int up;
  private final int down;
  private final int taps;
  private final int before;
  private final boolean passThrough;
  private final double[] coefficients;
  private final double[][] history;
  private final int capacity;

  private long base;
  private int count;
  private long outputFrame;
  private long phaseBase;
  private int phase;

  /**
   * Creates a converter and designs its filter (the only allocation), positioned at output frame 0.
   *
   * @param inputRateHertz the input's sample rate, a whole number of hertz
   * @param outputRateHertz the output's sample rate, a whole number of hertz
   * @param channels the number of channels, at least 1
   * @param maxPushFrames how many input frames one push may take at most (more are taken by later
   *     pushes)
   * @throws IllegalArgumentException if a rate is not a whole positive number of hertz, the ratio
   *     needs more than {@link #MAX_FACTOR} phases, or a count is below 1
   */
  public SampleRateConverter(
      double inputRateHertz, double outputRateHertz, int channels, int maxPushFrames) {
    if (!isSupported(inputRateHertz, outputRateHertz)) {
      throw new IllegalArgumentException(
          "cannot convert "
              + hertz(inputRateHertz)
              + " Hz to "
              + hertz(outputRateHertz)
              + " Hz (whole hertz, at most "
              + MAX_FACTOR
              + " phases)");
    }
    if (channels < 1 || maxPushFrames < 1) {
      throw new IllegalArgumentException(
          "bad converter settings: " + channels + " channels, " + maxPushFrames + " frames");
    }
    long in = (long) inputRateHertz;
    long out = (long) outputRateHertz;
    long g = gcd(in, out);
    this.inputRate = inputRateHertz;
    this.outputRate = outputRateHertz;
    this.channels = channels;
    this.up = (int) (out / g);
    this.down = (int) (in / g);
    this.passThrough = up == down;
    this.taps = passThrough ? 1 : designTaps(in, out);
    this.before = passThrough ? 0 : taps / 2 - 1;
    this.coefficients = passThrough ? new double[] {1.0} : design(in, out, up, taps);
    this.capacity = taps + maxPushFrames;
    this.history = new double[channels][capacity];
    reset(0);
  }

  /**
   * Returns whether a converter can be made between two rates: whole positive hertz and an
   * interpolation factor of at most {@link #MAX_FACTOR}.
   */
  public static boolean isSupported(double inputRateHertz, double outputRateHertz) {
    if (!wholeHertz(inputRateHertz) || !wholeHertz(outputRateHertz)) {
      return false;
    }
    long in = (long) inputRateHertz;
    long out = (long) outputRateHertz;
    return out / gcd(in, out) <= MAX_FACTOR;
  }

  private static String hertz(double hz) {
    return hz == Math.rint(hz) && Math.abs(hz) < 1e15
        ? Long.toString((long) hz)
        : Double.toString(hz);
  }

  private static boolean wholeHertz(double hz) {
    return hz >= 1 && hz <= 10_000_000 && hz == Math.rint(hz);
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Returns the taps per phase a Kaiser design needs for the stopband and transition band. */
  private static int designTaps(long in, long out) {
    double lower = Math.min(in, out);
    double transition = lower * (0.5 - PASSBAND_FRACTION);
    // Kaiser's estimate of the length, in input frames: (A - 7.95) / (2.285 * 2 pi * df / fs).
    double n = (STOPBAND_DECIBELS - 7.95) * in / (2.285 * 2 * Math.PI * transition);
    int t = (int) Math.ceil(n);
    return t + (t & 1);
  }

  /**
   * Returns the polyphase table: for phase {@code p} and tap {@code k}, the prototype's value at
   * {@code p - (k - (taps/2 - 1)) * up} upsampled frames from the output time, scaled so the whole
   * prototype sums to {@code up} (unity gain at 0 Hz).
   */
  private static double[] design(long in, long out, int up, int taps) {
    double lower = Math.min(in, out);
    double cutoff = lower * (0.5 + PASSBAND_FRACTION) / 2; // hertz, midway through the transition
    double upRate = (double) in * up;
    double halfWidth = taps / 2.0 * up; // the window spans (-halfWidth, halfWidth) upsampled frames
    double beta = 0.1102 * (STOPBAND_DECIBELS - 8.7);
    double i0Beta = Dsp.besselI0(beta);
    double fc = 2 * cutoff / upRate; // cycles per upsampled frame, times two
    int before = taps / 2 - 1;
    double[] c = new double[up * taps];
    double sum = 0;
    for (int p = 0; p < up; p++) {
      for (int k = 0; k < taps; k++) {
        double j = p - (double) (k - before) * up;
        double x = j / halfWidth;
        double w = Math.abs(x) >= 1 ? 0 : Dsp.besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
        double arg = Math.PI * fc * j;
        double sinc = j == 0 ? 1 : Math.sin(arg) / arg;
        double h = fc * sinc * w;
        c[p * taps + k] = h;
        sum += h;
      }
    }
    double scale = up / sum;
    for (int i = 0; i < c.length; i++) {
      c[i] *= scale;
    }
    return c;
  }

  /**
   * Positions the converter at an output frame and forgets all input; input before {@link
   * #nextInputFrame()} counts as silence, and that frame is the one to push next.
   *
   * @param outputFrame the output frame the next {@link #pull} starts at, 0 or more
   */
  public void reset(long outputFrame) {
    if (outputFrame < 0) {
      throw new IllegalArgumentException("output frame " + outputFrame + " is negative");
    }
    this.outputFrame = outputFrame;
    long t = outputFrame * down;
    phaseBase = Math.floorDiv(t, up);
    phase = (int) (t - phaseBase * up);
    long first = phaseBase - before;
    count = 0;
    if (first < 0) {
      base = first;
      count = (int) -first;
      for (double[] h : history) {
        Arrays.fill(h, 0, count, 0.0);
      }
    } else {
      base = first;
    }
  }

  /** Returns the input frame the next {@link #push} delivers (0 or more). */
  public long nextInputFrame() {
    return base + count;
  }

  /** Returns the output frame the next {@link #pull} delivers. */
  public long nextOutputFrame() {
    return outputFrame;
  }

  /**
   * Copies up to {@code frames} input frames from {@code in[c][offset ..]} into the converter.
   *
   * @return the frames taken, fewer than asked when the converter is full (pull first)
   */
  public int push(double[][] in, int offset, int frames) {
    int n = room(frames);
    for (int c = 0; c < channels; c++) {
      System.arraycopy(in[c], offset, history[c], count, n);
    }
    count += n;
    return n;
  }

  /**
   * Pushes up to {@code frames} frames of silence, to drain the converter after the input ends.
   *
   * @return the frames taken
   */
  public int pushSilence(int frames) {
    int n = room(frames);
    for (int c = 0; c < channels; c++) {
      Arrays.fill(history[c], count, count + n, 0.0);
    }
    count += n;
    return n;
  }

  /** Drops the input no later output needs and returns how many of {@code frames} fit. */
  private int room(int frames) {
    if (frames < 0) {
      throw new IllegalArgumentException("negative frame count " + frames);
    }
    if (capacity - count < frames) {
      int drop = (int) Math.min(count, Math.max(0, phaseBase - before - base));
      if (drop > 0) {
        for (int c = 0; c < channels; c++) {
          System.arraycopy(history[c], drop, history[c], 0, count - drop);
        }
        count -= drop;
        base += drop;
      }
    }
    return Math.min(frames, capacity - count);
  }

  /** Returns how many output frames the input pushed so far allows {@link #pull} to deliver. */
  public int available() {
    // Output m needs input up to floor(m * down / up) + taps - 1 - before.
    long last = base + count - 1 - (taps - 1 - before);
    if (last < phaseBase) {
      return 0;
    }
    long end = Math.ceilDiv((last + 1) * up, (long) down); // first output that needs more
    return (int) Math.min(Integer.MAX_VALUE, end - outputFrame);
  }

  /**
   * Computes up to {@code frames} output frames into {@code out[c][offset ..]}.
   *
   * @return the frames delivered: at most {@link #available()}
   */
  public int pull(double[][] out, int offset, int frames) {
    int n = Math.min(Math.max(frames, 0), available());
    if (passThrough) {
      int from = (int) (phaseBase - base);
      for (int c = 0; c < channels; c++) {
        System.arraycopy(history[c], from, out[c], offset, n);
      }
      phaseBase += n;
      outputFrame += n;
      return n;
    }
    for (int i = 0; i < n; i++) {
      int from = (int) (phaseBase - before - base);
      int at = phase * taps;
      for (int c = 0; c < channels; c++) {
        double[] x = history[c];
        double a0 = 0;
        double a1 = 0;
        int k = 0;
        for (; k + 1 < taps; k += 2) {
          a0 += x[from + k] * coefficients[at + k];
          a1 += x[from + k + 1] * coefficients[at + k + 1];
        }
        if (k < taps) {
          a0 += x[from + k] * coefficients[at + k];
        }
        out[c][offset + i] = a0 + a1;
      }
      int q = phase + down;
      phaseBase += q / up;
      phase = q % up;
      outputFrame++;
    }
    return n;
  }

  /** Returns the number of output frames a stream of {@code inputFrames} input frames spans. */
  public long outputLength(long inputFrames) {
    return Math.ceilDiv(inputFrames * up, (long) down);
  }

  /** Returns the input frame at or just before the time of an output frame. */
  public long inputFrameAt(long outputFrame) {
    return Math.floorDiv(outputFrame * down, (long) up);
  }

  /** Returns how many input frames past an output frame's time are needed to compute it. */
  public int lookaheadInputFrames() {
    return taps - 1 - before;
  }

  /**
   * Returns the most output frames that the input already pushed spans in time but the converter
   * cannot deliver yet (its look-ahead, in output frames); the output itself is not delayed.
   */
  public int latencyFrames() {
    return (int) Math.ceilDiv((long) lookaheadInputFrames() * up, (long) down);
  }

  /**
   * Returns the filter taps per output frame and channel (the prototype has that many per phase).
   */
  public int tapsPerPhase() {
    return taps;
  }

  /** Returns the interpolation factor {@code L}: the output rate over their greatest divisor. */
  public int upFactor() {
    return up;
  }

  /** Returns the decimation factor {@code M}: the input rate over their greatest divisor. */
  public int downFactor() {
    return down;
  }

  /** Returns the input's sample rate, in hertz. */
  public double inputRateHertz() {
    return inputRate;
  }

  /** Returns the output's sample rate, in hertz. */
  public double outputRateHertz() {
    return outputRate;
  }

  /** Returns the number of channels. */
  public int channels() {
    return channels;
  }

  /** Returns whether the rates are equal, so frames pass through unchanged. */
  public boolean isPassThrough() {
    return passThrough;
  }
}
