package lathe.dsp.dither;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import lathe.dsp.BlockRunner;
import lathe.dsp.Fft;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

class DitherModuleTest {
  private static final int MAX_FRAMES = 4096;

  /**
   * The published five-coefficient E-weighted error-feedback filter ("Minimally Audible Noise
   * Shaping", J. Audio Eng. Soc. 39(11), 1991), typed here from the paper, not from the code.
   */
  private static final double[] PUBLISHED = {2.033, -2.165, 1.959, -1.590, 0.6149};

  /** |1 - H(e^jw)|^2 of the published filter at a frequency. */
  private static double shapeGain(double hertz, double rate) {
    double w = 2 * Math.PI * hertz / rate;
    double re = 1;
    double im = 0;
    for (int k = 0; k < PUBLISHED.length; k++) {
      re -= PUBLISHED[k] * Math.cos(w * (k + 1));
      im += PUBLISHED[k] * Math.sin(w * (k + 1));
    }
    return re * re + im * im;
  }

  private static DitherModule dither(double rate, int channels, int bits, int mode) {
    DitherModule d = new DitherModule();
    d.setOutputBits(bits);
    d.prepare(new ProcessSpec(rate, MAX_FRAMES, channels));
    d.setParameter(0, mode);
    return d;
  }

  /** Runs a copy of {@code input} through the module in blocks of {@code block} frames. */
  private static double[][] run(DitherModule d, double[][] input, int... blocks) {
    return BlockRunner.run(
        d, input, Arrays.stream(blocks).map(n -> Math.min(n, MAX_FRAMES)).toArray());
  }

  private static double[] sine(int frames, double amplitude, double hertz, double rate) {
    double[] s = new double[frames];
    for (int i = 0; i < frames; i++) {
      s[i] = amplitude * Math.sin(2 * Math.PI * hertz * i / rate);
    }
    return s;
  }

  /** Returns the total error y - x in LSB of a {@code bits}-bit grid. */
  private static double[] errorLsb(double[] y, double[] x, int bits) {
    double q = Math.scalb(1.0, bits - 1);
    double[] e = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      e[i] = (y[i] - x[i]) * q;
    }
    return e;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double a : v) {
      s += a;
    }
    return s / v.length;
  }

  private static double secondMoment(double[] v) {
    double s = 0;
    for (double a : v) {
      s += a * a;
    }
    return s / v.length;
  }

  private static double correlation(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  private static void assertOnGrid(double[] y, int bits) {
    double q = Math.scalb(1.0, bits - 1);
    for (int i = 0; i < y.length; i++) {
      double v = y[i] * q;
      assertEquals(Math.rint(v), v, "off the grid at " + i);
      assertTrue(v >= -q && v <= q - 1, "outside the word at " + i + ": " + v);
    }
  }

  @Test
  void tpdfErrorOnAQuietSineHasZeroMeanAndAQuarterLsbSquared() {
    int n = 200_000;
    double[] x = sine(n, Math.pow(10, -100 / 20.0), 997, 48000);
    DitherModule d = dither(48000, 1, 16, DitherModule.MODE_TPDF);
    double[] y = run(d, new double[][] {x}, 1024)[0];
    assertOnGrid(y, 16);
    double[] e = errorLsb(y, x, 16);
    assertTrue(Math.abs(mean(e)) < 0.01, "mean " + mean(e));
    double variance = secondMoment(e) - mean(e) * mean(e);
    // 1/12 LSB² of rounding + 1/6 LSB² of triangular dither
    assertEquals(0.25, variance, 0.25 * 0.02, "variance");
    assertTrue(Math.abs(correlation(e, x)) < 0.01, "error correlates with signal");
  }

  @Test
  void tpdfErrorPowerIsIndependentOfTheInputWhileRoundingIsNot() {
    int n = 200_000;
    double q = Math.scalb(1.0, 15);
    double[] fractions = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9};
    for (double f : fractions) {
      double[] x = new double[n];
      Arrays.fill(x, (1234 + f) / q);
      double[] tpdf =
          errorLsb(
              run(dither(44100, 1, 16, DitherModule.MODE_TPDF), new double[][] {x}, 4096)[0],
              x,
              16);
      assertTrue(Math.abs(mean(tpdf)) < 0.01, "tpdf mean at offset " + f + ": " + mean(tpdf));
      assertEquals(0.25, secondMoment(tpdf), 0.25 * 0.02, "tpdf error power at offset " + f);

      double[] plain =
          errorLsb(
              run(dither(44100, 1, 16, DitherModule.MODE_OFF), new double[][] {x}, 4096)[0], x, 16);
      // plain rounding: the error is the distance to the nearest level, the same every sample
      double distance = Math.min(f, 1 - f);
      assertEquals(distance * distance, secondMoment(plain), 1e-6, "rounding error at offset " + f);
    }
  }

  @Test
  void shapedErrorSpectrumFollowsTheShapingFilter() {
    for (double rate : new double[] {44100, 48000}) {
      int n = (int) (4 * rate);
      double[] x = sine(n, 0.01, 1000, rate);
      double[] shaped =
          errorLsb(
              run(dither(rate, 1, 16, DitherModule.MODE_SHAPED), new double[][] {x}, 999)[0],
              x,
              16);
      double[] flat =
          errorLsb(
              run(dither(rate, 1, 16, DitherModule.MODE_TPDF), new double[][] {x}, 999)[0], x, 16);
      double sumSquares = 0;
      for (double h : PUBLISHED) {
        sumSquares += h * h;
      }
      assertEquals(0.25 * (1 + sumSquares), secondMoment(shaped), 0.25 * (1 + sumSquares) * 0.02);

      int size = 2048;
      double[] ps = welch(shaped, size);
      double[] pf = welch(flat, size);
      for (double lo = 500; lo < rate / 2 - 500; lo += 1000) {
        double hi = lo + 1000;
        double measuredShaped = 0;
        double measuredFlat = 0;
        double theory = 0;
        int bins = 0;
        for (int k = 1; k < size / 2; k++) {
          double hz = k * rate / size;
          if (hz >= lo && hz < hi) {
            measuredShaped += ps[k];
            measuredFlat += pf[k];
            theory += 0.25 * shapeGain(hz, rate);
            bins++;
          }
        }
        double devShaped = 10 * Math.log10(measuredShaped / theory);
        double devFlat = 10 * Math.log10(measuredFlat / (0.25 * bins));
        assertTrue(Math.abs(devShaped) < 1.0, rate + " Hz, band " + lo + ": " + devShaped + " dB");
        assertTrue(Math.abs(devFlat) < 1.0, rate + " Hz, flat band " + lo + ": " + devFlat + " dB");
      }

      double shaped2to5 = bandPower(ps, size, rate, 2000, 5000);
      double flat2to5 = bandPower(pf, size, rate, 2000, 5000);
      double theoryRatio = 0;
      int bins = 0;
      for (int k = 1; k < size / 2; k++) {
        double hz = k * rate / size;
        if (hz >= 2000 && hz < 5000) {
          theoryRatio += shapeGain(hz, rate);
          bins++;
        }
      }
      double measuredDb = 10 * Math.log10(shaped2to5 / flat2to5);
      double theoryDb = 10 * Math.log10(theoryRatio / bins);
      assertEquals(theoryDb, measuredDb, 1.0);
      assertTrue(measuredDb < -10, "shaped is quieter than flat in 2-5 kHz: " + measuredDb);
    }
  }

  @Test
  void quantizationErrorNeverExceedsTheStatedPeak() {
    double rate = 44100;
    double[][] x = {new double[10 * 44100]};
    java.util.Random r = new java.util.Random(17);
    for (int i = 0; i < x[0].length; i++) {
      x[0][i] =
          0.15 * r.nextGaussian() * Math.sin(i * 2e-4); // noise with a slow swell, no clipping
    }
    int[] modes = {DitherModule.MODE_OFF, DitherModule.MODE_TPDF, DitherModule.MODE_SHAPED};
    double[] lowest = {0.49, 1.3, 3.0}; // how close the measured peak must come to the bound
    for (int m = 0; m < modes.length; m++) {
      double bound = DitherModule.peakErrorLsb(modes[m], rate);
      double[] e = errorLsb(run(dither(rate, 1, 16, modes[m]), x, 4096)[0], x[0], 16);
      double peak = 0;
      for (double v : e) {
        peak = Math.max(peak, Math.abs(v));
      }
      assertTrue(peak <= bound, "mode " + m + ": peak error " + peak + " LSB > bound " + bound);
      assertTrue(peak >= lowest[m], "mode " + m + ": peak error " + peak + " LSB, bound " + bound);
    }
    assertEquals(
        1.5 + 1.5 * (2.033 + 2.165 + 1.959 + 1.590 + 0.6149),
        DitherModule.peakErrorLsb(DitherModule.MODE_SHAPED, 48000),
        1e-12);
  }

  private static double bandPower(double[] p, int size, double rate, double lo, double hi) {
    double s = 0;
    for (int k = 1; k < size / 2; k++) {
      double hz = k * rate / size;
      if (hz >= lo && hz < hi) {
        s += p[k];
      }
    }
    return s;
  }

  /**
   * Returns the averaged, Hann-windowed periodogram (50 % overlap), scaled so that white noise of
   * variance s² reads s² in every bin.
   */
  private static double[] welch(double[] x, int size) {
    double[] w = new double[size];
    double w2 = 0;
    for (int i = 0; i < size; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size);
      w2 += w[i] * w[i];
    }
    double[] p = new double[size];
    double[] re = new double[size];
    double[] im = new double[size];
    int segments = 0;
    for (int start = 0; start + size <= x.length; start += size / 2) {
      for (int i = 0; i < size; i++) {
        re[i] = x[start + i] * w[i];
        im[i] = 0;
      }
      Fft.transform(re, im);
      for (int k = 0; k < size; k++) {
        p[k] += (re[k] * re[k] + im[k] * im[k]) / w2;
      }
      segments++;
    }
    for (int k = 0; k < size; k++) {
      p[k] /= segments;
    }
    return p;
  }

  @Test
  void twentyFourBitsWorks() {
    int n = 200_000;
    double[] x = sine(n, Math.pow(10, -140 / 20.0), 440, 96000);
    for (int mode : new int[] {DitherModule.MODE_TPDF, DitherModule.MODE_SHAPED}) {
      // at 96 kHz the shape does not apply: shaped falls back to flat TPDF
      double[] y = run(dither(96000, 1, 24, mode), new double[][] {x}, 512)[0];
      assertOnGrid(y, 24);
      double[] e = errorLsb(y, x, 24);
      assertTrue(Math.abs(mean(e)) < 0.01);
      assertEquals(0.25, secondMoment(e), 0.25 * 0.02);
    }
    double[] loud = sine(20000, 0.9, 1000, 48000);
    double[] y = run(dither(48000, 1, 24, DitherModule.MODE_SHAPED), new double[][] {loud}, 512)[0];
    assertOnGrid(y, 24);
  }

  @Test
  void everyOutputLiesOnTheGridEvenWhenClipping() {
    int n = 50_000;
    double[] x = sine(n, 1.3, 50, 44100);
    for (int bits : new int[] {16, 24}) {
      for (int mode = 0; mode < 3; mode++) {
        double[] y = run(dither(44100, 1, bits, mode), new double[][] {x}, 777)[0];
        assertOnGrid(y, bits);
        assertEquals(-1.0, Arrays.stream(y).min().orElseThrow());
        assertEquals(1.0 - Math.scalb(1.0, 1 - bits), Arrays.stream(y).max().orElseThrow());
      }
    }
  }

  @Test
  void shapedLoopStaysBoundedAtFullScale() {
    int n = 100_000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      // a clipping full-scale square, then a quiet sine
      x[i] = i < n / 2 ? ((i / 100) % 2 == 0 ? 1.0 : -1.0) : 1e-3 * Math.sin(i * 0.05);
    }
    DitherModule d = dither(44100, 1, 16, DitherModule.MODE_SHAPED);
    double[] y = run(d, new double[][] {x}, 4096)[0];
    assertOnGrid(y, 16);
    double sumAbs = 0;
    for (double h : PUBLISHED) {
      sumAbs += Math.abs(h);
    }
    // |e| <= 1.5 LSB, so the output error is at most 1.5 (1 + sum |h|) LSB once nothing clips
    double bound = 1.5 * (1 + sumAbs);
    double[] e = errorLsb(y, x, 16);
    double worst = 0;
    for (int i = n / 2; i < n; i++) {
      worst = Math.max(worst, Math.abs(e[i]));
    }
    assertTrue(worst <= bound, "error " + worst + " LSB beyond " + bound);
    for (int k = 0; k < NoiseShape.taps(); k++) {
      assertTrue(Math.abs(d.loopErrorLsb(0, k)) <= DitherModule.ERROR_CLIP_LSB);
    }
  }

  @Test
  void floatOutputIsBitTransparent() {
    SplittableRandom rnd = new SplittableRandom(11);
    double[][] x = new double[2][30_000];
    for (double[] ch : x) {
      for (int i = 0; i < ch.length; i++) {
        ch[i] = rnd.nextDouble(-1.2, 1.2) * (i % 101 == 0 ? 1e-310 : 1);
      }
    }
    for (int mode = 0; mode < 3; mode++) {
      DitherModule d = dither(48000, 2, 0, mode);
      double[][] y = run(d, x, 1, 31, 4096);
      assertArrayEquals(x[0], y[0]);
      assertArrayEquals(x[1], y[1]);
    }
  }

  @Test
  void blockSizeInvariant() {
    double[][] x = {sine(40_000, 0.3, 440, 44100), sine(40_000, 1e-4, 1234, 44100)};
    for (int mode = 0; mode < 3; mode++) {
      double[][] reference = run(dither(44100, 2, 16, mode), x, 40_000);
      for (int[] split : new int[][] {{1}, {1, 2, 31, 64, 65, 999, 4095}, {4096}}) {
        double[][] y = run(dither(44100, 2, 16, mode), x, split);
        assertArrayEquals(reference[0], y[0], "mode " + mode + " " + Arrays.toString(split));
        assertArrayEquals(reference[1], y[1], "mode " + mode + " " + Arrays.toString(split));
      }
    }
  }

  @Test
  void resetRepeatsTheSameRender() {
    double[][] x = {sine(10_000, 0.01, 440, 44100)};
    DitherModule d = dither(44100, 1, 16, DitherModule.MODE_SHAPED);
    double[][] first = run(d, x, 512);
    d.reset();
    assertArrayEquals(first[0], run(d, x, 300)[0]);
  }

  @Test
  void channelsGetIndependentDither() {
    int n = 200_000;
    double[][] x = new double[2][n];
    double[][] y = run(dither(48000, 2, 16, DitherModule.MODE_TPDF), x, 4096);
    double r = correlation(errorLsb(y[0], x[0], 16), errorLsb(y[1], x[1], 16));
    assertTrue(Math.abs(r) < 0.01, "inter-channel correlation " + r);
  }

  @Test
  void nanAndInfinityRecoverWithFiniteOutput() {
    DitherModule d = dither(44100, 2, 16, DitherModule.MODE_SHAPED);
    double[][] x = new double[2][512];
    Arrays.fill(x[0], Double.NaN);
    Arrays.fill(x[1], Double.POSITIVE_INFINITY);
    x[1][5] = Double.NEGATIVE_INFINITY;
    d.process(x, 512);
    for (double[] ch : x) {
      for (double v : ch) {
        assertTrue(Double.isFinite(v) && Math.abs(v) <= 1.0);
      }
      assertOnGrid(ch, 16);
    }
    double[] quiet = sine(100_000, 1e-4, 300, 44100);
    double[] y = run(d, new double[][] {quiet, quiet.clone()}, 4096)[0];
    assertTrue(Math.abs(mean(errorLsb(y, quiet, 16))) < 0.05);
  }

  @Test
  void impulseThenSilenceLeavesNoDenormalsInTheLoop() {
    DitherModule d = dither(44100, 1, 16, DitherModule.MODE_SHAPED);
    double[][] x = new double[1][MAX_FRAMES];
    x[0][10] = 1.0;
    d.process(x, MAX_FRAMES);
    for (int b = 0; b < 50; b++) {
      Arrays.fill(x[0], 0.0);
      d.process(x, MAX_FRAMES);
      for (int k = 0; k < NoiseShape.taps(); k++) {
        double e = d.loopErrorLsb(0, k);
        assertTrue(e == 0 || Math.abs(e) >= Double.MIN_NORMAL, "denormal loop state " + e);
      }
    }
    // without dither, silence stays exactly silent after the impulse
    DitherModule plain = dither(44100, 1, 16, DitherModule.MODE_OFF);
    x[0][10] = 1.0;
    plain.process(x, MAX_FRAMES);
    Arrays.fill(x[0], 0.0);
    plain.process(x, MAX_FRAMES);
    for (double v : x[0]) {
      assertEquals(0.0, v);
    }
  }

  @Test
  void rejectsUnsupportedWordLengths() {
    DitherModule d = new DitherModule();
    assertThrows(IllegalArgumentException.class, () -> d.setOutputBits(20));
    assertThrows(IllegalArgumentException.class, () -> d.setOutputBits(32));
    assertEquals("dither", d.id());
    assertEquals("tpdf", DitherModule.MODE.format(DitherModule.MODE.defaultValue()));
  }
}
