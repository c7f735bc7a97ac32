package lathe.dsp.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import lathe.dsp.Allocations;
import lathe.dsp.Fft;
import org.junit.jupiter.api.Test;

/**
 * Checks the converter against closed-form sines at the output rate (a converter that keeps time
 * must turn {@code sin(2 pi f n / in)} into {@code sin(2 pi f m / out)}) and against spectra, and
 * checks that chunking, seeking and equal rates change no bit.
 */
class SampleRateConverterTest {
  private static final double[] RATES = {44_100, 48_000, 88_200, 96_000, 176_400, 192_000};

  /**
   * Returns a sine of {@code amplitude} at {@code hertz}, sampled at {@code rate}, on 2 channels.
   */
  private static double[][] sine(double rate, double hertz, double amplitude, int frames) {
    double[][] x = new double[2][frames];
    for (int i = 0; i < frames; i++) {
      x[0][i] = amplitude * Math.sin(2 * Math.PI * hertz * i / rate);
      x[1][i] = -x[0][i];
    }
    return x;
  }

  private static double[][] noise(int frames, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[2][frames];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < frames; i++) {
        x[c][i] = 0.9 * (2 * random.nextDouble() - 1);
      }
    }
    return x;
  }

  /** Converts a whole signal in one push and one pull per step, draining with silence. */
  private static double[][] convert(SampleRateConverter src, double[][] x) {
    return convert(src, x, null, 0);
  }

  /**
   * Converts a whole signal, pushing and pulling random sizes from 1 to {@code maxStep} when a
   * random source is given, else as much as fits.
   */
  private static double[][] convert(
      SampleRateConverter src, double[][] x, SplittableRandom random, int maxStep) {
    int total = (int) src.outputLength(x[0].length);
    double[][] y = new double[x.length][total];
    int in = 0;
    int out = 0;
    while (out < total) {
      int want = random == null ? Integer.MAX_VALUE : 1 + random.nextInt(maxStep);
      if (src.available() == 0) {
        if (in < x[0].length) {
          in += src.push(x, in, Math.min(want, x[0].length - in));
        } else {
          src.pushSilence(Math.min(want, 4096));
        }
      }
      out += src.pull(y, out, Math.min(want, total - out));
    }
    return y;
  }

  /**
   * Fits {@code a sin(w m) + b cos(w m)} to {@code y[from..to)} by least squares and returns {a, b,
   * largest absolute residual}.
   */
  private static double[] fit(double[] y, int from, int to, double hertz, double rate) {
    double ss = 0;
    double sc = 0;
    double cc = 0;
    double ys = 0;
    double yc = 0;
    for (int m = from; m < to; m++) {
      double s = Math.sin(2 * Math.PI * hertz * m / rate);
      double c = Math.cos(2 * Math.PI * hertz * m / rate);
      ss += s * s;
      sc += s * c;
      cc += c * c;
      ys += y[m] * s;
      yc += y[m] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det;
    double b = (yc * ss - ys * sc) / det;
    double worst = 0;
    for (int m = from; m < to; m++) {
      double s = Math.sin(2 * Math.PI * hertz * m / rate);
      double c = Math.cos(2 * Math.PI * hertz * m / rate);
      worst = Math.max(worst, Math.abs(y[m] - a * s - b * c));
    }
    return new double[] {a, b, worst};
  }

  private static double decibels(double ratio) {
    return 20 * Math.log10(ratio);
  }

  /**
   * Returns the part of the output the start and end transients (the filter's span) leave alone.
   */
  private static int margin(SampleRateConverter src) {
    return 2 * src.latencyFrames() + 16;
  }

  @Test
  void reducesTheRatioAndStatesItsFilter() {
    SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 4096);
    assertEquals(160, src.upFactor());
    assertEquals(147, src.downFactor());
    assertTrue(src.tapsPerPhase() >= 100 && src.tapsPerPhase() <= 400, "" + src.tapsPerPhase());
    SampleRateConverter back = new SampleRateConverter(48_000, 44_100, 2, 4096);
    assertEquals(147, back.upFactor());
    assertEquals(160, back.downFactor());
    assertEquals(48_000, src.outputLength(44_100));
    assertEquals(44_100, back.outputLength(48_000));
    assertEquals(2, src.outputLength(1), "a frame spans 48/44.1 output frames, rounded up");
  }

  @Test
  void passbandIsFlatWithinAHundredthOfADecibelTo20KilohertzFrom44k1To48k() {
    double worstHigh = -1e9;
    double worstLow = 1e9;
    for (int k = 0; k <= 60; k++) {
      double hertz = k == 60 ? 20_000 : 20 * Math.pow(1000, k / 60.0);
      SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 4096);
      double[][] y = convert(src, sine(44_100, hertz, 0.5, 11_025));
      int edge = margin(src);
      double[] f = fit(y[0], edge, y[0].length - edge, hertz, 48_000);
      double gain = decibels(Math.hypot(f[0], f[1]) / 0.5);
      worstHigh = Math.max(worstHigh, gain);
      worstLow = Math.min(worstLow, gain);
      assertTrue(Math.abs(gain) <= 0.005, hertz + " Hz: " + gain + " dB");
    }
    assertTrue(worstHigh - worstLow <= 0.01, "ripple " + (worstHigh - worstLow) + " dB");
  }

  @Test
  void oneKilohertzFrom44k1To48kKeepsFrequencyPhaseAndAmplitudeWithNothingElseAboveMinus120Dbfs() {
    double amplitude = Math.pow(10, -1 / 20.0); // -1 dBFS
    SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 4096);
    double[][] y = convert(src, sine(44_100, 1_000, amplitude, 2 * 44_100));
    int edge = margin(src);
    // The closed form at the output rate: same frequency, amplitude and time (input frame 0 at
    // output frame 0).
    double worst = 0;
    for (int m = edge; m < y[0].length - edge; m++) {
      double want = amplitude * Math.sin(2 * Math.PI * 1_000 * m / 48_000);
      worst = Math.max(worst, Math.abs(y[0][m] - want));
      worst = Math.max(worst, Math.abs(y[1][m] + want));
    }
    assertTrue(decibels(worst) < -120, "THD+N peak " + decibels(worst) + " dBFS");
    double[] f = fit(y[0], edge, y[0].length - edge, 1_000, 48_000);
    double gain = decibels(Math.hypot(f[0], f[1]) / amplitude);
    assertTrue(Math.abs(gain) < 0.001, "amplitude off by " + gain + " dB");
    assertTrue(decibels(f[2]) < -120, "residual " + decibels(f[2]) + " dBFS");

    // The spectrum: a 65536-point FFT under a Hann window peaks in the bin of 1 kHz.
    int n = 65_536;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = y[0][edge + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
    }
    Fft.transform(re, im);
    int peak = 1;
    for (int k = 1; k < n / 2; k++) {
      if (Math.hypot(re[k], im[k]) > Math.hypot(re[peak], im[peak])) {
        peak = k;
      }
    }
    assertEquals(Math.round(1_000.0 * n / 48_000), peak, "peak bin");
  }

  @Test
  void nineteenKilohertzKeepsItsAmplitudeWithinAHundredthOfADecibel() {
    SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 4096);
    double[][] y = convert(src, sine(44_100, 19_000, 0.9, 44_100));
    int edge = margin(src);
    double[] f = fit(y[0], edge, y[0].length - edge, 19_000, 48_000);
    double gain = decibels(Math.hypot(f[0], f[1]) / 0.9);
    assertTrue(Math.abs(gain) <= 0.01, "19 kHz: " + gain + " dB");
    assertTrue(decibels(f[2]) < -120, "residual " + decibels(f[2]) + " dBFS");
  }

  @Test
  void a23KilohertzSineFrom48kTo44k1LeavesNoAliasAboveMinus100Dbfs() {
    SampleRateConverter src = new SampleRateConverter(48_000, 44_100, 2, 4096);
    double[][] y = convert(src, sine(48_000, 23_000, 1.0, 2 * 48_000));
    int edge = margin(src);
    double worst = 0;
    for (int m = edge; m < y[0].length - edge; m++) {
      worst = Math.max(worst, Math.abs(y[0][m]));
    }
    assertTrue(decibels(worst) < -100, "alias peak " + decibels(worst) + " dBFS");
    // Every bin of the spectrum, full-scale sine = 0 dB.
    int n = 65_536;
    double[] re = new double[n];
    double[] im = new double[n];
    System.arraycopy(y[0], edge, re, 0, n);
    Fft.transform(re, im);
    for (int k = 0; k <= n / 2; k++) {
      double level = decibels(2 * Math.hypot(re[k], im[k]) / n);
      assertTrue(level < -100, "bin " + k + " at " + level + " dBFS");
    }
  }

  @Test
  void a21KilohertzSineFrom44k1To48kLeavesNoImageAboveMinus100Dbfs() {
    // 21 kHz lies in the transition band; its image at 44.1 - 21 = 23.1 kHz would be audible in
    // the 48 kHz output's band. Whatever of 21 kHz is kept, nothing else may be.
    SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 4096);
    double[][] y = convert(src, sine(44_100, 21_000, 1.0, 44_100));
    int edge = margin(src);
    double[] f = fit(y[0], edge, y[0].length - edge, 21_000, 48_000);
    assertTrue(decibels(f[2]) < -100, "image " + decibels(f[2]) + " dBFS");
  }

  @Test
  void everyPairOfStudioRatesKeepsOneKilohertzExact() {
    for (double in : RATES) {
      for (double out : RATES) {
        SampleRateConverter src = new SampleRateConverter(in, out, 2, 4096);
        double[][] y = convert(src, sine(in, 1_000, 0.9, (int) (in / 5)));
        int edge = margin(src);
        double worst = 0;
        for (int m = edge; m < y[0].length - edge; m++) {
          worst =
              Math.max(worst, Math.abs(y[0][m] - 0.9 * Math.sin(2 * Math.PI * 1_000 * m / out)));
        }
        String what = (int) in + " -> " + (int) out;
        assertTrue(decibels(worst) < -120, what + ": " + decibels(worst) + " dBFS");
        assertEquals((long) Math.ceil(in / 5 * out / in), y[0].length, what + " length");
      }
    }
  }

  @Test
  void outputIsBitIdenticalWhateverTheChunking() {
    double[][] pairs = {{44_100, 48_000}, {48_000, 44_100}, {96_000, 44_100}, {44_100, 192_000}};
    for (double[] pair : pairs) {
      double[][] x = noise(20_011, 11);
      double[][] whole = convert(new SampleRateConverter(pair[0], pair[1], 2, 30_000), x);
      for (int maxStep : new int[] {1, 7, 64, 999, 4095}) {
        SampleRateConverter src = new SampleRateConverter(pair[0], pair[1], 2, 4095);
        double[][] y = convert(src, x, new SplittableRandom(maxStep), maxStep);
        for (int c = 0; c < 2; c++) {
          for (int m = 0; m < whole[c].length; m++) {
            if (Double.doubleToRawLongBits(whole[c][m]) != Double.doubleToRawLongBits(y[c][m])) {
              throw new AssertionError(
                  pair[0] + " -> " + pair[1] + ", steps up to " + maxStep + ": frame " + m);
            }
          }
        }
      }
    }
  }

  @Test
  void resetToAnOutputFrameGivesTheSameBitsAsPlayingThrough() {
    double[][] x = noise(30_000, 12);
    SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 4096);
    double[][] whole = convert(src, x);
    SplittableRandom random = new SplittableRandom(13);
    double[][] y = new double[2][500];
    for (int k = 0; k < 40; k++) {
      long target = k == 0 ? 0 : random.nextInt(whole[0].length - 500);
      src.reset(target);
      int in = (int) src.nextInputFrame();
      assertTrue(in >= 0 && in <= src.inputFrameAt(target));
      int out = 0;
      while (out < 500) {
        if (src.available() == 0) {
          in += src.push(x, in, Math.min(333, x[0].length - in));
        }
        out += src.pull(y, out, 500 - out);
      }
      for (int c = 0; c < 2; c++) {
        for (int m = 0; m < 500; m++) {
          assertEquals(whole[c][(int) target + m], y[c][m], "frame " + (target + m));
        }
      }
    }
  }

  @Test
  void equalRatesPassEveryBitThrough() {
    double[][] x = noise(10_000, 14);
    x[0][5] = -0.0;
    x[1][6] = Double.MIN_VALUE;
    SampleRateConverter src = new SampleRateConverter(48_000, 48_000, 2, 1000);
    assertTrue(src.isPassThrough());
    assertEquals(0, src.latencyFrames());
    double[][] y = convert(src, x, new SplittableRandom(15), 777);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < x[0].length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(x[c][i]), Double.doubleToRawLongBits(y[c][i]), "" + i);
      }
    }
  }

  @Test
  void pushAndPullAllocateNothing() {
    SampleRateConverter src = new SampleRateConverter(44_100, 48_000, 2, 512);
    double[][] x = noise(512, 16);
    double[][] y = new double[2][1024];
    long bytes =
        Allocations.steadyState(
            2_000,
            () -> {
              src.push(x, 0, 512);
              src.pull(y, 0, 1024);
            });
    assertEquals(0, bytes);
  }

  @Test
  void refusesRatesItCannotConvert() {
    assertFalse(SampleRateConverter.isSupported(48_000, 47_999));
    assertFalse(SampleRateConverter.isSupported(44_100.5, 48_000));
    assertFalse(SampleRateConverter.isSupported(0, 48_000));
    assertTrue(SampleRateConverter.isSupported(8_000, 192_000));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SampleRateConverter(48_000, 47_999, 2, 64));
    assertTrue(e.getMessage().contains("47999"), e.getMessage());
  }
}
