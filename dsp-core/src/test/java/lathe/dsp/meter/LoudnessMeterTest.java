package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lathe.dsp.Allocations;
import org.junit.jupiter.api.Test;

class LoudnessMeterTest {
  private static final double FS = 48000;

  private static double[] readings(LoudnessMeter m) {
    return new double[] {
      m.momentaryLufs(),
      m.shortTermLufs(),
      m.integratedLufs(),
      m.loudnessRangeLu(),
      m.maxMomentaryLufs(),
      m.maxShortTermLufs()
    };
  }

  @Test
  void kWeightingAt48kHzReproducesTheStandardsCoefficients() {
    // ITU-R BS.1770-4, Tables 1 and 2 (stage 1 shelf, stage 2 RLB high-pass), 48 kHz.
    double[] shelf = {
      1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585
    };
    double[] highPass = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};
    assertArrayEquals(shelf, KWeighting.shelf(48000), 1e-13);
    assertArrayEquals(highPass, KWeighting.highPass(48000), 1e-13);
  }

  @Test
  void kWeightingFollowsItsAnalogPrototypeAtEveryRate() {
    // The digital response at f equals the analog prototype's at the warped frequency
    // (fs / pi) tan(pi f / fs); the prototypes are the standard's shelf and second-order high-pass.
    for (double fs : new double[] {44100, 48000, 88200, 96000, 192000, 8000}) {
      double[] s = KWeighting.shelf(fs);
      double[] h = KWeighting.highPass(fs);
      for (double f : new double[] {20, 38, 100, 997, 1682, 3000, 0.45 * fs}) {
        double w = 2 * Math.PI * f / fs;
        double digital = magnitude(s, w) * magnitude(h, w);
        double omega = Math.tan(Math.PI * f / fs); // normalised warped frequency
        double ks = Math.tan(Math.PI * KWeighting.SHELF_HERTZ / fs);
        double kh = Math.tan(Math.PI * KWeighting.HIGH_PASS_HERTZ / fs);
        double analog = analogShelf(omega / ks) * analogHighPass(omega / kh, kh);
        assertEquals(1.0, digital / analog, 1e-9, "fs " + fs + " f " + f);
      }
    }
  }

  private static double magnitude(double[] c, double w) {
    double nr = c[0] + c[1] * Math.cos(w) + c[2] * Math.cos(2 * w);
    double ni = -c[1] * Math.sin(w) - c[2] * Math.sin(2 * w);
    double dr = 1 + c[3] * Math.cos(w) + c[4] * Math.cos(2 * w);
    double di = -c[3] * Math.sin(w) - c[4] * Math.sin(2 * w);
    return Math.hypot(nr, ni) / Math.hypot(dr, di);
  }

  /** |H(jx)| of (Vh s^2 + Vb s / Q + 1) / (s^2 + s / Q + 1) at x = Omega / Omega0. */
  private static double analogShelf(double x) {
    double vh = Math.pow(10, KWeighting.SHELF_GAIN_DECIBELS / 20);
    double vb = Math.pow(vh, KWeighting.SHELF_BAND_EXPONENT);
    double q = KWeighting.SHELF_Q;
    return Math.hypot(1 - vh * x * x, vb * x / q) / Math.hypot(1 - x * x, x / q);
  }

  /**
   * |H(jx)| of the standard's RLB stage: the analog high-pass s^2 / (s^2 + s / Q + 1) at x = Omega
   * / Omega0, times a0 = 1 + K / Q + K^2, because the standard keeps the numerator {1, -2, 1}
   * unscaled where the bilinear image of the prototype would divide it by a0.
   */
  private static double analogHighPass(double x, double kh) {
    double q = KWeighting.HIGH_PASS_Q;
    double a0 = 1 + kh / q + kh * kh;
    return a0 * x * x / Math.hypot(1 - x * x, x / q);
  }

  @Test
  void stereoSineAtMinus23DbfsReadsMinus23LufsAtEveryRate() {
    // By the standard's definition: each channel has mean square A^2 / 2 = -26.01 dB, the two
    // sum to -23.0 dB, and the K-weighting's +0.691 dB at 1 kHz cancels the -0.691 offset.
    for (double fs : new double[] {44100, 48000, 88200, 96000, 192000}) {
      LoudnessMeter m = new LoudnessMeter(2, fs);
      new ToneProgram(fs, 1000).then(-23, 5).stream(2, 4096, (x, n, t) -> m.addFrames(x, n));
      assertEquals(-23.0, m.momentaryLufs(), 0.05, "M at " + fs);
      assertEquals(-23.0, m.shortTermLufs(), 0.05, "S at " + fs);
      assertEquals(-23.0, m.integratedLufs(), 0.05, "I at " + fs);
      // Regression, tighter: the filter's exact gain at 1 kHz is +0.6912 dB at 48 kHz.
      assertEquals(m.integratedLufs(), m.maxMomentaryLufs(), 0.01, "max M at " + fs);
    }
  }

  @Test
  void fractionalSubBlockRatesKeepExactWindows() {
    // 22.05 kHz: sub-blocks alternate 220 and 221 frames, 400 ms is exactly 8820 frames; 47999.5
    // Hz is not an integer rate at all. Both read a steady sine at its closed-form level.
    for (double fs : new double[] {22050, 47999.5, 8000}) {
      LoudnessMeter m = new LoudnessMeter(2, fs);
      int n = (int) (fs * 4);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 0.1 * Math.sin(2 * Math.PI * 1000 * i / fs);
      }
      LoudnessMeter split = new LoudnessMeter(2, fs);
      for (int at = 0; at < n; at += 333) {
        int len = Math.min(333, n - at);
        double[] b = java.util.Arrays.copyOfRange(x, at, at + len);
        split.addFrames(new double[][] {b, b}, len);
      }
      m.addFrames(new double[][] {x, x}, n);
      double w = 2 * Math.PI * 1000 / fs;
      double h = magnitude(KWeighting.shelf(fs), w) * magnitude(KWeighting.highPass(fs), w);
      double expected = -0.691 + 10 * Math.log10(0.01 * h * h);
      // A window of a non-integer rate may hold a fraction of a period more or less: 1e-3 LU.
      assertEquals(expected, m.integratedLufs(), 1e-3, "rate " + fs);
      assertArrayEquals(readings(m), readings(split), 0.0, "rate " + fs);
    }
  }

  @Test
  void monoSineReadsThreeDecibelsBelowStereo() {
    LoudnessMeter mono = new LoudnessMeter(1, FS);
    LoudnessMeter stereo = new LoudnessMeter(2, FS);
    ToneProgram p = new ToneProgram(FS, 1000).then(-20, 4);
    p.stream(1, 1000, (x, n, t) -> mono.addFrames(x, n));
    p.stream(2, 1000, (x, n, t) -> stereo.addFrames(x, n));
    assertEquals(
        stereo.integratedLufs() - 10 * Math.log10(2), mono.integratedLufs(), 1e-9, "weights 1.0");
    assertEquals(-23.0, mono.integratedLufs(), 0.05);
  }

  @Test
  void silenceReadsNegativeInfinityAndNoRange() {
    LoudnessMeter m = new LoudnessMeter(2, FS);
    double[][] x = new double[2][4800];
    for (int i = 0; i < 50; i++) {
      m.addFrames(x, 4800);
    }
    assertEquals(Double.NEGATIVE_INFINITY, m.momentaryLufs());
    assertEquals(Double.NEGATIVE_INFINITY, m.shortTermLufs());
    assertEquals(Double.NEGATIVE_INFINITY, m.integratedLufs());
    assertEquals(Double.NEGATIVE_INFINITY, m.maxMomentaryLufs());
    assertEquals(Double.NEGATIVE_INFINITY, m.maxShortTermLufs());
    assertTrue(Double.isNaN(m.loudnessRangeLu()));
  }

  @Test
  void readingsWaitForFullWindows() {
    LoudnessMeter m = new LoudnessMeter(2, FS);
    ToneProgram p = new ToneProgram(FS, 1000).then(-23, 3);
    double[] block = new double[1];
    double[][] x = {block, block};
    for (long f = 0; f < p.totalFrames(); f++) {
      p.render(f, block, 1);
      m.addFrames(x, 1);
      if (f + 1 < 19200) {
        assertEquals(Double.NEGATIVE_INFINITY, m.momentaryLufs());
        assertEquals(Double.NEGATIVE_INFINITY, m.integratedLufs());
      } else if (f + 1 == 19200) {
        assertTrue(m.momentaryLufs() > -23.5, "first full 400 ms window");
        assertTrue(m.integratedLufs() > -23.5, "first gating block");
      }
      if (f + 1 < 144000) {
        assertEquals(Double.NEGATIVE_INFINITY, m.shortTermLufs());
        assertEquals(Double.NEGATIVE_INFINITY, m.maxShortTermLufs());
        assertTrue(Double.isNaN(m.loudnessRangeLu()));
      }
    }
    assertEquals(-23.0, m.shortTermLufs(), 0.05);
    assertEquals(0.0, m.loudnessRangeLu(), 1e-12);
  }

  /** Returns 30 s of stereo noise, partly correlated, whose level wanders over about 40 dB. */
  private static double[][] programmeLike(long seed) {
    Random r = new Random(seed);
    int n = 30 * 48000;
    double[][] x = new double[2][n];
    double phase = r.nextDouble() * 6;
    for (int i = 0; i < n; i++) {
      double t = i / FS;
      double db =
          -28 + 14 * Math.sin(2 * Math.PI * t / 11 + phase) + 6 * Math.sin(2 * Math.PI * t / 2.3);
      double g = t > 20 && t < 22 ? 0.0 : Math.pow(10, db / 20);
      double common = r.nextGaussian();
      x[0][i] = g * (common + 0.5 * r.nextGaussian());
      x[1][i] = g * (common + 0.5 * r.nextGaussian());
    }
    return x;
  }

  @Test
  void agreesWithASlowReferenceOnProgrammeLikeNoise() {
    for (long seed : new long[] {21, 22}) {
      double[][] x = programmeLike(seed);
      LoudnessMeter m = new LoudnessMeter(2, FS);
      m.addFrames(x, x[0].length);
      ReferenceLoudness ref = new ReferenceLoudness(x);
      // The histogram decides the relative gate per 0.01 LU bin: the reading is the exact gated
      // mean for a threshold somewhere within one bin width of the true one.
      double gate = ref.integratedThreshold();
      double a = ref.integratedWithGateAt(gate - GatingHistogram.BIN_LU);
      double b = ref.integratedWithGateAt(gate + GatingHistogram.BIN_LU);
      double exact = ref.integratedWithGateAt(gate);
      double i = m.integratedLufs();
      assertTrue(
          i >= Math.min(a, b) - 1e-9 && i <= Math.max(a, b) + 1e-9,
          "I " + i + " vs exact " + exact + " [" + a + ", " + b + "]");
      assertEquals(exact, i, 0.01);
      // Percentiles are taken as the mean of their bin: each within 0.01 LU of the exact value.
      assertEquals(ref.loudnessRange(), m.loudnessRangeLu(), 2 * GatingHistogram.BIN_LU + 1e-9);
      assertEquals(ref.maxMomentaryLufs, m.maxMomentaryLufs(), 1e-9);
      assertEquals(ref.maxShortTermLufs, m.maxShortTermLufs(), 1e-9);
      double[] blocks = ref.blockLufs;
      assertEquals(blocks[blocks.length - 1], m.momentaryLufs(), 1e-9);
      double[] st = ref.shortTermLufs;
      assertEquals(st[st.length - 1], m.shortTermLufs(), 1e-9);
    }
  }

  @Test
  void steadySinesReadTheFiltersClosedFormGain() {
    // Over whole periods a sine of peak A has mean square A^2 / 2, so a steady stereo sine reads
    // -0.691 + 10 log10(2 * A^2 / 2 * |H(f)|^2), |H| from the K-weighting's transfer function.
    for (double fs : new double[] {44100, 48000, 96000}) {
      for (double f : new double[] {50, 100, 1000, 5000, 15000}) {
        double amplitude = 0.1;
        LoudnessMeter m = new LoudnessMeter(2, fs);
        new ToneProgram(fs, f)
            .then(20 * Math.log10(amplitude), 4).stream(2, 4096, (x, n, t) -> m.addFrames(x, n));
        double w = 2 * Math.PI * f / fs;
        double h = magnitude(KWeighting.shelf(fs), w) * magnitude(KWeighting.highPass(fs), w);
        double expected = -0.691 + 10 * Math.log10(amplitude * amplitude * h * h);
        assertEquals(expected, m.momentaryLufs(), 1e-6, fs + " Hz rate, " + f + " Hz");
        assertEquals(expected, m.shortTermLufs(), 1e-6, fs + " Hz rate, " + f + " Hz");
      }
    }
  }

  @Test
  void anySplitIntoCallsGivesIdenticalReadings() {
    Random r = new Random(11);
    int n = 48000 * 5;
    double[][] x = new double[2][n];
    for (int i = 0; i < n; i++) {
      double env = 0.05 + 0.3 * Math.abs(Math.sin(i * 1e-4));
      x[0][i] = r.nextGaussian() * env;
      x[1][i] = r.nextGaussian() * env;
    }
    LoudnessMeter whole = new LoudnessMeter(2, FS);
    whole.addFrames(x, n);
    double[] expected = readings(whole);
    for (int[] sizes :
        new int[][] {{1}, {2}, {31}, {64, 65}, {999}, {4095}, {1, 2, 31, 479, 481}}) {
      LoudnessMeter m = new LoudnessMeter(2, FS);
      double[][] block = new double[2][4096];
      int at = 0;
      int k = 0;
      while (at < n) {
        int len = Math.min(sizes[k++ % sizes.length], n - at);
        System.arraycopy(x[0], at, block[0], 0, len);
        System.arraycopy(x[1], at, block[1], 0, len);
        m.addFrames(block, len);
        at += len;
      }
      assertArrayEquals(expected, readings(m), 0.0, "split " + java.util.Arrays.toString(sizes));
    }
  }

  @Test
  void nonFiniteSamplesCountAsSilence() {
    LoudnessMeter clean = new LoudnessMeter(2, FS);
    LoudnessMeter dirty = new LoudnessMeter(2, FS);
    ToneProgram p = new ToneProgram(FS, 1000).then(-20, 4);
    p.stream(
        2,
        4800,
        (x, n, t) -> {
          double[][] z = {x[0].clone(), x[1].clone()};
          if (t == 48000) {
            z[0][5] = Double.NaN;
            z[1][6] = Double.POSITIVE_INFINITY;
            z[0][7] = 1e300;
          }
          double[][] y = {x[0].clone(), x[1].clone()};
          if (t == 48000) {
            y[0][5] = 0;
            y[1][6] = 0;
            y[0][7] = 0;
          }
          dirty.addFrames(z, n);
          clean.addFrames(y, n);
        });
    assertArrayEquals(readings(clean), readings(dirty), 0.0);
    assertTrue(Double.isFinite(dirty.integratedLufs()));
  }

  @Test
  void filterStateSettlesToExactZeroAfterAnImpulse() {
    LoudnessMeter m = new LoudnessMeter(1, FS);
    double[][] x = new double[1][48000];
    x[0][0] = 1.0;
    m.addFrames(x, 48000);
    x[0][0] = 0.0;
    for (int i = 0; i < 10; i++) {
      m.addFrames(x, 48000);
    }
    // Once the state is snapped, 400 ms of silence sum to exactly zero energy.
    assertEquals(Double.NEGATIVE_INFINITY, m.momentaryLufs());
  }

  @Test
  void addFramesAllocatesNothingAfterWarmUp() {
    LoudnessMeter m = new LoudnessMeter(2, FS);
    double[][] x = new double[2][512];
    for (int i = 0; i < 512; i++) {
      x[0][i] = Math.sin(i * 0.1) * 0.3;
      x[1][i] = Math.cos(i * 0.07) * 0.3;
    }
    assertEquals(0, Allocations.steadyState(2000, () -> m.addFrames(x, 512)));
  }

  @Test
  void rejectsUnsupportedLayouts() {
    assertThrows(IllegalArgumentException.class, () -> new LoudnessMeter(3, FS));
    assertThrows(IllegalArgumentException.class, () -> new LoudnessMeter(2, 4000));
  }

  @Test
  void resetStartsAFreshMeasurement() {
    LoudnessMeter m = new LoudnessMeter(2, FS);
    new ToneProgram(FS, 1000).then(-10, 4).stream(2, 4800, (x, n, t) -> m.addFrames(x, n));
    m.reset();
    LoudnessMeter fresh = new LoudnessMeter(2, FS);
    ToneProgram p = new ToneProgram(FS, 1000).then(-30, 4);
    p.stream(2, 4800, (x, n, t) -> m.addFrames(x, n));
    p.stream(2, 4800, (x, n, t) -> fresh.addFrames(x, n));
    assertArrayEquals(readings(fresh), readings(m), 0.0);
  }
}
