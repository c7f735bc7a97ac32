package lathe.dsp.fade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

class FadeModuleTest {
  private static final double RATE = 48000;
  private static final int MAX_FRAMES = 4096;

  /** Closed forms of the three curves, written from their definitions. */
  private static double linear(double t) {
    return t;
  }

  private static double equalPower(double t) {
    return Math.sin(t * Math.PI / 2);
  }

  private static double logarithmic(double t) {
    return t == 0 ? 0 : Math.pow(10, -60.0 / 20.0 * (1 - t));
  }

  private static double closedForm(int curve, double t) {
    return switch (curve) {
      case 0 -> linear(t);
      case 1 -> equalPower(t);
      default -> logarithmic(t);
    };
  }

  private static FadeModule fade(
      int channels, double inSeconds, int inCurve, double outSeconds, int outCurve) {
    FadeModule m = new FadeModule();
    m.prepare(new ProcessSpec(RATE, MAX_FRAMES, channels));
    m.setParameter(0, inSeconds);
    m.setParameter(1, inCurve);
    m.setParameter(2, outSeconds);
    m.setParameter(3, outCurve);
    return m;
  }

  /** Feeds DC 1.0 through the module in blocks of {@code block} frames and returns the gains. */
  private static double[] gains(FadeModule m, int frames, int block) {
    double[] out = new double[frames];
    double[][] buf = new double[][] {new double[MAX_FRAMES]};
    for (int done = 0; done < frames; ) {
      int n = Math.min(block, frames - done);
      Arrays.fill(buf[0], 0, n, 1.0);
      m.process(buf, n);
      System.arraycopy(buf[0], 0, out, done, n);
      done += n;
    }
    return out;
  }

  @Test
  void defaultsAreEqualPowerInAndLogarithmicOut() {
    FadeModule m = new FadeModule();
    assertEquals("fade", m.id());
    assertEquals("equal-power", FadeModule.IN_CURVE.format(FadeModule.IN_CURVE.defaultValue()));
    assertEquals("logarithmic", FadeModule.OUT_CURVE.format(FadeModule.OUT_CURVE.defaultValue()));
    assertEquals(0.0, FadeModule.IN.defaultValue());
    assertEquals(60.0, FadeModule.OUT.max());
    assertEquals("s", FadeModule.OUT.unit());
  }

  @Test
  void fadeInFollowsEachCurveClosedForm() {
    int n = 48000; // 1 s
    int[] probes = {0, 1, 2, 100, 4800, 12000, 24000, 36000, 47000, 47999};
    for (int curve = 0; curve < 3; curve++) {
      FadeModule m = fade(1, 1.0, curve, 0, 0);
      double[] g = gains(m, 2 * n, 999);
      for (int k : probes) {
        assertEquals(closedForm(curve, (double) k / n), g[k], 1e-12, "curve " + curve + " k " + k);
      }
      assertEquals(0.0, g[0], "first frame is exactly silent");
      assertTrue(g[1] > 0, "second frame is already audible");
      for (int k = n; k < 2 * n; k++) {
        assertEquals(1.0, g[k], "unity after the fade, frame " + k);
      }
      for (int k = 1; k < n; k++) {
        assertTrue(g[k] > g[k - 1], "monotonic rise at " + k);
      }
    }
    // spot values of the shapes themselves, from their definitions in decibels
    FadeModule log = fade(1, 1.0, 2, 0, 0);
    double[] g = gains(log, n, 4096);
    assertEquals(-30.0, 20 * Math.log10(g[24000]), 1e-9, "half way is -30 dB");
    assertEquals(-60.0 + 60.0 / n, 20 * Math.log10(g[1]), 1e-9, "just after zero is ~-60 dB");
    FadeModule eq = fade(1, 1.0, 1, 0, 0);
    assertEquals(Math.sqrt(0.5), gains(eq, n, 4096)[24000], 1e-12, "equal power: -3 dB half way");
  }

  @Test
  void fadeOutMirrorsTheCurveAndEndsInExactSilence() {
    long program = 3 * 48000;
    int m = 48000;
    int total = (int) program + 5000; // with a latency flush after the end
    for (int curve = 0; curve < 3; curve++) {
      FadeModule f = fade(1, 0, 0, 1.0, curve);
      f.setTimeline(program, 0);
      double[] g = gains(f, total, 4095);
      int last = (int) program - 1;
      assertEquals(0.0, g[last], "last programme frame is exactly silent");
      for (int k : new int[] {1, 2, 100, 12000, 24000, 36000, 47999}) {
        assertEquals(closedForm(curve, (double) k / m), g[last - k], 1e-12, "k " + k);
      }
      for (int i = 0; i < program - m; i++) {
        assertEquals(1.0, g[i], "unity before the fade-out, frame " + i);
      }
      for (int i = (int) program; i < total; i++) {
        assertEquals(0.0, g[i], "flush after the programme is silent, frame " + i);
      }
    }
  }

  @Test
  void upstreamLatencyShiftsBothFades() {
    int latency = 1000;
    long program = 96000;
    FadeModule f = fade(1, 0.5, 0, 0.5, 0);
    f.setTimeline(program, latency);
    double[] g = gains(f, (int) program + latency + 3000, 64);
    for (int i = 0; i <= latency; i++) {
      assertEquals(0.0, g[i], "pre-roll and first frame silent, " + i);
    }
    assertEquals(1.0 / 24000, g[latency + 1], 1e-15);
    assertEquals(0.5, g[latency + 12000], 1e-15);
    assertEquals(1.0, g[latency + 24000]);
    int last = latency + (int) program - 1;
    assertEquals(0.0, g[last]);
    assertEquals(1.0 / 24000, g[last - 1], 1e-15);
    assertEquals(1.0, g[last - 24000]);
    assertEquals(0.0, g[last + 1]);

    // without a fade-in the pre-roll passes unchanged
    FadeModule outOnly = fade(1, 0, 0, 0.5, 0);
    outOnly.setTimeline(program, latency);
    double[] h = gains(outOnly, latency + 10, 7);
    for (int i = 0; i < latency + 10; i++) {
      assertEquals(1.0, h[i]);
    }
  }

  @Test
  void overlappingFadesMultiply() {
    long program = 48000; // 1 s programme with two 0.8 s fades
    int n = 38400;
    FadeModule f = fade(1, 0.8, 1, 0.8, 2);
    f.setTimeline(program, 0);
    double[] g = gains(f, (int) program + 10, 31);
    for (int p : new int[] {0, 1, 9600, 20000, 24000, 30000, 38399, 47998, 47999}) {
      double in = p < n ? equalPower((double) p / n) : 1.0;
      long r = program - 1 - p;
      double out = r < n ? logarithmic((double) r / n) : 1.0;
      assertEquals(in * out, g[p], 1e-12, "frame " + p);
    }
    assertEquals(0.0, g[0]);
    assertEquals(0.0, g[47999]);
  }

  @Test
  void liveTimelineIgnoresFadeOut() {
    FadeModule f = fade(1, 0.01, 0, 2.0, 0);
    f.setTimeline(-1, 0);
    double[] g = gains(f, 200000, 4096);
    assertEquals(0.0, g[0]);
    for (int i = 480; i < g.length; i++) {
      assertEquals(1.0, g[i]);
    }
  }

  @Test
  void neutralIsBitTransparent() {
    FadeModule f = fade(2, 0, 1, 0, 2);
    f.setTimeline(10000, 300);
    SplittableRandom rnd = new SplittableRandom(7);
    double[][] x = new double[2][MAX_FRAMES];
    for (int block = 0; block < 5; block++) {
      for (double[] ch : x) {
        for (int i = 0; i < ch.length; i++) {
          ch[i] = rnd.nextDouble(-1.5, 1.5) * (i % 97 == 0 ? 1e-310 : 1);
        }
      }
      double[][] before = {x[0].clone(), x[1].clone()};
      f.process(x, MAX_FRAMES);
      assertArrayEquals(before[0], x[0]);
      assertArrayEquals(before[1], x[1]);
    }
    assertEquals(5L * MAX_FRAMES, f.positionFrames(), "position counts even when neutral");
  }

  @Test
  void blockSizeInvariant() {
    int total = 60000;
    int[][] splits = {{total}, {1}, {1, 2, 31, 64, 65, 999, 4095}, {4096}};
    double[][] reference = null;
    for (int[] split : splits) {
      FadeModule f = fade(2, 0.3, 1, 0.4, 2);
      f.setTimeline(50000, 123);
      int[] sizes = Arrays.stream(split).map(n -> Math.min(n, MAX_FRAMES)).toArray();
      double[][] out = BlockRunner.run(f, signal(total), sizes);
      if (reference == null) {
        reference = out;
      } else {
        assertArrayEquals(reference[0], out[0], "split " + Arrays.toString(split));
        assertArrayEquals(reference[1], out[1], "split " + Arrays.toString(split));
      }
    }
  }

  private static double[][] signal(int frames) {
    double[][] s = new double[2][frames];
    for (int i = 0; i < frames; i++) {
      s[0][i] = Math.sin(2 * Math.PI * 440 * i / RATE);
      s[1][i] = 0.5 * Math.cos(2 * Math.PI * 1234 * i / RATE);
    }
    return s;
  }

  @Test
  void resetReturnsToTheFirstFrame() {
    FadeModule f = fade(1, 0.1, 0, 0, 0);
    double[] first = gains(f, 10000, 512);
    f.reset();
    assertEquals(0, f.positionFrames());
    assertArrayEquals(first, gains(f, 10000, 333));
  }

  @Test
  void nanAndInfinityRecoverWithFiniteOutput() {
    FadeModule f = fade(1, 0.1, 1, 0.1, 2);
    f.setTimeline(20000, 0);
    double[][] x = new double[1][256];
    Arrays.fill(x[0], Double.NaN);
    x[0][7] = Double.POSITIVE_INFINITY;
    x[0][3] = Double.NEGATIVE_INFINITY;
    x[0][9] = 1e300;
    f.process(x, 256);
    for (double[] ch : x) {
      for (double v : ch) {
        assertTrue(Double.isFinite(v));
      }
    }
    double[] g = gains(f, 8000, 100);
    assertEquals(equalPower(4000.0 / 4800), g[4000 - 256], 1e-12, "fade continues after faults");
  }

  @Test
  void impulseThenSilenceStaysExactlySilent() {
    FadeModule f = fade(1, 0.05, 2, 0.05, 1);
    f.setTimeline(100000, 0);
    double[][] x = new double[1][MAX_FRAMES];
    x[0][3000] = 1.0;
    f.process(x, MAX_FRAMES);
    for (int b = 0; b < 30; b++) {
      Arrays.fill(x[0], 0.0);
      f.process(x, MAX_FRAMES);
      for (double v : x[0]) {
        assertEquals(0.0, v);
      }
    }
  }

  @Test
  void changingALengthMidProgrammeGlidesInsteadOfJumping() {
    FadeModule f = fade(1, 0, 0, 0, 0);
    f.setTimeline(-1, 0);
    double[] steady = gains(f, 48000, 4096);
    assertEquals(1.0, steady[47999]);
    // at programme frame 48000, a 10 s linear fade-in stands at 0.1: the gain must glide 1 -> 0.1
    f.setParameter(0, 10.0);
    double[] g = gains(f, 2000, 64);
    int glide = (int) Math.round(RATE * FadeModule.GLIDE_SECONDS);
    double maxStep = 0;
    double prev = 1.0;
    for (double v : g) {
      maxStep = Math.max(maxStep, Math.abs(v - prev));
      prev = v;
    }
    assertTrue(maxStep <= 0.9 / glide + 1e-12, "largest step " + maxStep);
    assertEquals((48000.0 + glide) / 480000, g[glide], 1e-12, "on the new envelope after glide");
    assertEquals((48000.0 + 1999) / 480000, g[1999], 1e-12);
  }
}
