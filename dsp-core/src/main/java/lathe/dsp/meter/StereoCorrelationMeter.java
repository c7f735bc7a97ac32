package lathe.dsp.meter;

import java.util.Arrays;
import lathe.dsp.Dsp;

/**
 * Measures the correlation of the left and right channels (Pearson's coefficient, -1 to 1) over a
 * sliding window, updated every 10 ms: +1 for identical channels, -1 for one the inverse of the
 * other, 0 for unrelated ones and for silence.
 *
 * <p>Sums of L, R, L^2, R^2 and LR are kept per 10 ms sub-block (boundaries at frame {@code floor(k
 * * rate / 100)}) in a fixed ring and re-added at every boundary, so nothing drifts, nothing is
 * allocated after construction, and the reading does not depend on how the stream is split into
 * calls. Until a full window has passed, the reading covers what has been seen. NaN, infinite and
 * absurd samples count as silence.
 */
public final class StereoCorrelationMeter {
  /** Default window length, in milliseconds. */
  public static final double DEFAULT_WINDOW_MILLIS = 300.0;

  private static final int SUMS = 5; // L, R, LL, RR, LR

  private final double sampleRate;
  private final long integerRate;
  private final int windowSubBlocks;
  private final double[] ring;
  private final long[] ringFrames;
  private int ringNext;
  private long subBlocks;
  private long framesSeen;
  private long nextBoundary;
  private final double[] current = new double[SUMS];
  private long currentFrames;
  private double correlation;

  /**
   * Creates a meter with the default 300 ms window.
   *
   * @param sampleRate sample rate in hertz, at least 8000
   */
  public StereoCorrelationMeter(double sampleRate) {
    this(sampleRate, DEFAULT_WINDOW_MILLIS);
  }

  /**
   * Creates a meter.
   *
   * @param sampleRate sample rate in hertz, at least 8000
   * @param windowMillis window length in milliseconds, rounded to a whole number of 10 ms
   *     sub-blocks (at least one)
   */
  public StereoCorrelationMeter(double sampleRate, double windowMillis) {
    if (!(sampleRate >= 8000.0) || Double.isInfinite(sampleRate)) {
      throw new IllegalArgumentException("sample rate must be at least 8000 Hz: " + sampleRate);
    }
    if (!(windowMillis > 0) || windowMillis > 60_000) {
      throw new IllegalArgumentException("window must be 0..60000 ms: " + windowMillis);
    }
    this.sampleRate = sampleRate;
    this.integerRate = sampleRate == Math.rint(sampleRate) ? (long) sampleRate : -1;
    this.windowSubBlocks = (int) Math.max(1, Math.round(windowMillis / 10.0));
    this.ring = new double[windowSubBlocks * SUMS];
    this.ringFrames = new long[windowSubBlocks];
    reset();
  }

  /**
   * Adds {@code frames} frames of a stereo stream; nothing is allocated.
   *
   * @param x two arrays, left and right, each at least {@code frames} long (not modified)
   * @param frames number of frames to read
   */
  public void addFrames(double[][] x, int frames) {
    double[] left = x[0];
    double[] right = x[1];
    int from = 0;
    while (from < frames) {
      int to = from + (int) Math.min(frames - from, nextBoundary - framesSeen);
      double sl = current[0];
      double sr = current[1];
      double sll = current[2];
      double srr = current[3];
      double slr = current[4];
      for (int i = from; i < to; i++) {
        double l = left[i];
        double r = right[i];
        if (!(Math.abs(l) <= Dsp.MAX_SAMPLE)) {
          l = 0.0;
        }
        if (!(Math.abs(r) <= Dsp.MAX_SAMPLE)) {
          r = 0.0;
        }
        sl += l;
        sr += r;
        sll += l * l;
        srr += r * r;
        slr += l * r;
      }
      current[0] = sl;
      current[1] = sr;
      current[2] = sll;
      current[3] = srr;
      current[4] = slr;
      currentFrames += to - from;
      framesSeen += to - from;
      from = to;
      if (framesSeen == nextBoundary) {
        finishSubBlock();
      }
    }
  }

  private void finishSubBlock() {
    System.arraycopy(current, 0, ring, ringNext * SUMS, SUMS);
    ringFrames[ringNext] = currentFrames;
    Arrays.fill(current, 0.0);
    currentFrames = 0;
    ringNext = ringNext + 1 == windowSubBlocks ? 0 : ringNext + 1;
    subBlocks++;
    nextBoundary = boundary(subBlocks + 1);

    double sl = 0.0;
    double sr = 0.0;
    double sll = 0.0;
    double srr = 0.0;
    double slr = 0.0;
    long n = 0;
    int count = (int) Math.min(subBlocks, windowSubBlocks);
    int i = ringNext - count;
    if (i < 0) {
      i += windowSubBlocks;
    }
    for (int k = 0; k < count; k++) {
      int o = i * SUMS;
      sl += ring[o];
      sr += ring[o + 1];
      sll += ring[o + 2];
      srr += ring[o + 3];
      slr += ring[o + 4];
      n += ringFrames[i];
      if (++i == windowSubBlocks) {
        i = 0;
      }
    }
    double varL = sll - sl * sl / n;
    double varR = srr - sr * sr / n;
    double cov = slr - sl * sr / n;
    double product = varL * varR;
    // Below about -300 dBFS per channel the window counts as silent.
    correlation =
        product > 1e-60 * n * n ? Math.max(-1.0, Math.min(1.0, cov / Math.sqrt(product))) : 0.0;
  }

  private long boundary(long k) {
    if (integerRate > 0) {
      return k * integerRate / 100;
    }
    return (long) Math.floor(k * sampleRate / 100.0);
  }

  /** Returns the correlation over the last window (ending at the last 10 ms boundary), -1 to 1. */
  public double correlation() {
    return correlation;
  }

  /** Returns the window length in milliseconds, after rounding to 10 ms sub-blocks. */
  public double windowMillis() {
    return windowSubBlocks * 10.0;
  }

  /** Clears the measurement, as on a fresh meter. */
  public void reset() {
    Arrays.fill(ring, 0.0);
    Arrays.fill(ringFrames, 0L);
    Arrays.fill(current, 0.0);
    currentFrames = 0;
    ringNext = 0;
    subBlocks = 0;
    framesSeen = 0;
    nextBoundary = boundary(1);
    correlation = 0.0;
  }
}
