package lathe.dsp.meter;

import lathe.dsp.Dsp;

/**
 * Measures the true peak of a stream after ITU-R BS.1770-4 Annex 2: 4x oversampling, the sample
 * values themselves included.
 *
 * <p>Two interpolators are offered. {@link Interpolation#WIDEBAND} (the default) is a 32-tap
 * Kaiser-windowed sinc cut at the input Nyquist, the reconstruction resampling meters such as
 * ffmpeg's use: flat within 0.001 dB to 20 kHz at 48 kHz, so a sine reads its amplitude. {@link
 * Interpolation#ANNEX_2} is the 48-tap example filter printed in the standard, whose passband
 * ripple reads sines up to 0.22 dB high near 12 kHz at 48 kHz. The meter runs at 4x at every rate.
 * Nothing is allocated after construction. NaN, infinite and absurd samples count as silence.
 */
public final class TruePeakMeter {
  /** Chooses the interpolating filter of the 4x oversampling. */
  public enum Interpolation {
    /** The standard's printed 48-tap example filter ({@link TruePeakInterpolator}). */
    ANNEX_2,
    /** A 32-tap Kaiser-windowed sinc cut at Nyquist ({@link WidebandInterpolator}). */
    WIDEBAND
  }

  private final Interpolation interpolation;
  private final int taps;
  private final double gainBound;
  private final double[] values = new double[WidebandInterpolator.PHASES];

  private final int channels;
  private final double[][] history;
  private final int[] writeIndex;
  // Consecutive samples so small that, even amplified by GAIN_BOUND, they cannot raise the peak.
  private final int[] quietRun;
  private double truePeak;
  private double samplePeak;

  /**
   * Creates a meter with the wideband interpolator.
   *
   * @param channels number of channels, at least 1
   * @param sampleRate sample rate in hertz (recorded for validation; the filter does not depend on
   *     it)
   */
  public TruePeakMeter(int channels, double sampleRate) {
    this(channels, sampleRate, Interpolation.WIDEBAND);
  }

  /**
   * Creates a meter with the given interpolator.
   *
   * @param channels number of channels, at least 1
   * @param sampleRate sample rate in hertz (recorded for validation)
   * @param interpolation the 4x interpolating filter
   */
  public TruePeakMeter(int channels, double sampleRate, Interpolation interpolation) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be at least 1: " + channels);
    }
    if (!(sampleRate > 0)) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    this.interpolation = interpolation;
    this.taps =
        interpolation == Interpolation.ANNEX_2
            ? TruePeakInterpolator.TAPS
            : WidebandInterpolator.TAPS;
    this.gainBound =
        interpolation == Interpolation.ANNEX_2
            ? TruePeakInterpolator.largestAbsoluteSum()
            : WidebandInterpolator.SUM_ABS_BOUND;
    this.channels = channels;
    this.history = new double[channels][2 * taps];
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
        // Each sample is written twice so the last taps are always contiguous: h[w + 1 .. w +
        // taps].
        h[w] = v;
        h[w + taps] = v;
        double a = Math.abs(v);
        if (a > sp) {
          sp = a;
        }
        // While the last taps samples are all quiet no interpolated value can beat the peak, so
        // the filter is skipped; the peak only grows, so a quiet sample stays quiet.
        quiet = a * gainBound <= tp ? quiet + 1 : 0;
        if (quiet < taps) {
          double ip = interpolatedPeak(h, w + taps);
          if (ip > tp) {
            tp = ip;
          }
        }
        if (++w == taps) {
          w = 0;
        }
      }
      writeIndex[c] = w;
      quietRun[c] = quiet;
    }
    samplePeak = sp;
    truePeak = Math.max(tp, sp);
  }

  private double interpolatedPeak(double[] h, int newest) {
    if (interpolation == Interpolation.ANNEX_2) {
      return TruePeakInterpolator.maxAbs(h, newest);
    }
    WidebandInterpolator.evaluate4x(h, newest, values);
    return Math.max(Math.max(Math.abs(values[2]), Math.abs(values[4])), Math.abs(values[6]));
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
