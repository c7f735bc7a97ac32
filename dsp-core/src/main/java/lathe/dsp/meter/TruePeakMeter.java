package lathe.dsp.meter;

import lathe.dsp.Dsp;

/**
 * Measures the true peak of a stream after ITU-R BS.1770-4 Annex 2: 4x oversampling with the
 * published 48-tap interpolator, the sample values themselves included.
 *
 * <p>The meter runs at 4x at every rate (the standard allows 2x from 96 kHz; 4x reads no lower).
 * Nothing is allocated after construction. NaN, infinite and absurd samples count as silence.
 */
public final class TruePeakMeter {
  private static final int TAPS = TruePeakInterpolator.TAPS;
  private static final double GAIN_BOUND = TruePeakInterpolator.largestAbsoluteSum();

  private final int channels;
  private final double[][] history;
  private final int[] writeIndex;
  // Consecutive samples so small that, even amplified by GAIN_BOUND, they cannot raise the peak.
  private final int[] quietRun;
  private double truePeak;
  private double samplePeak;

  /**
   * Creates a meter.
   *
   * @param channels number of channels, at least 1
   * @param sampleRate sample rate in hertz (recorded for validation; the filter does not depend on
   *     it)
   */
  public TruePeakMeter(int channels, double sampleRate) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be at least 1: " + channels);
    }
    if (!(sampleRate > 0)) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    this.channels = channels;
    this.history = new double[channels][2 * TAPS];
    this.writeIndex = new int[channels];
    this.quietRun = new int[channels];
  }

  /**
   * Adds {@code frames} frames of every channel to the measurement.
   *
   * @param x one array per channel, each at least {@code frames} long
   */
  public void addFrames(double[][] x, int frames) {
    double tp = truePeak;
    double sp = samplePeak;
    for (int c = 0; c < channels; c++) {
      double[] h = history[c];
      double[] in = x[c];
      int w = writeIndex[c];
      int quiet = quietRun[c];
      for (int i = 0; i < frames; i++) {
        double v = in[i];
        if (!Dsp.isSane(v)) {
          v = 0.0;
        }
        // Each sample is written twice so the last 12 are always contiguous: h[w + 1 .. w + 12].
        h[w] = v;
        h[w + TAPS] = v;
        double a = Math.abs(v);
        if (a > sp) {
          sp = a;
        }
        // While the last 12 samples are all quiet no interpolated value can beat the peak, so
        // the filter is skipped; the peak only grows, so a quiet sample stays quiet.
        quiet = a * GAIN_BOUND <= tp ? quiet + 1 : 0;
        if (quiet < TAPS) {
          double ip = TruePeakInterpolator.maxAbs(h, w + TAPS);
          if (ip > tp) {
            tp = ip;
          }
        }
        if (++w == TAPS) {
          w = 0;
        }
      }
      writeIndex[c] = w;
      quietRun[c] = quiet;
    }
    samplePeak = sp;
    truePeak = Math.max(tp, sp);
  }

  /** Returns the largest true-peak magnitude so far over all channels, as a linear amplitude. */
  public double truePeakLinear() {
    return truePeak;
  }

  /** Returns the largest true peak so far in dBTP; negative infinity for silence. */
  public double truePeakDbtp() {
    return Dsp.gainToDb(truePeak);
  }

  /** Returns the largest sample magnitude so far over all channels, as a linear amplitude. */
  public double samplePeakLinear() {
    return samplePeak;
  }

  /** Returns the largest sample peak so far in dBFS; negative infinity for silence. */
  public double samplePeakDbfs() {
    return Dsp.gainToDb(samplePeak);
  }

  /** Clears the peaks but keeps the interpolator history, to start a new reading window. */
  public void resetPeaks() {
    java.util.Arrays.fill(quietRun, 0);
    truePeak = 0.0;
    samplePeak = 0.0;
  }

  /** Clears the peaks and the interpolator history, as on a fresh meter. */
  public void reset() {
    for (int c = 0; c < channels; c++) {
      java.util.Arrays.fill(history[c], 0.0);
      writeIndex[c] = 0;
      quietRun[c] = 0;
    }
    truePeak = 0.0;
    samplePeak = 0.0;
  }
}
