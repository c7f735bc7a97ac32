package lathe.dsp.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lathe.dsp.ProcessSpec;
import lathe.dsp.filter.PassFilterModule.Kind;
import org.junit.jupiter.api.Test;

class PassFilterModuleTest {
  /** Analog Butterworth |H| in dB at the prewarped frequency: the bilinear transform's truth. */
  private static double prewarpedButterworthDb(
      boolean highPass, int order, double hz, double cutoff, double rate) {
    double ratio = Math.tan(Math.PI * hz / rate) / Math.tan(Math.PI * cutoff / rate);
    double r = highPass ? 1 / ratio : ratio;
    return -10 * Math.log10(1 + Math.pow(r, 2 * order));
  }

  private static Biquad[] design(boolean highPass, int order, double cutoff, double rate) {
    Biquad[] s = new Biquad[4];
    for (int i = 0; i < 4; i++) {
      s[i] = new Biquad(1);
    }
    ButterworthDesign.design(highPass, order, cutoff, rate, s);
    return s;
  }

  @Test
  void digitalResponseEqualsAnalogButterworthAtPrewarpedFrequency() {
    double worst = 0;
    for (boolean hp : new boolean[] {true, false}) {
      for (double rate : new double[] {44100, 48000, 96000, 192000}) {
        for (double fc : new double[] {10, 30, 250, 1000, 8000, 18000}) {
          for (int order = 1; order <= 8; order++) {
            Biquad[] s = design(hp, order, fc, rate);
            for (int k = 0; k <= 200; k++) {
              double hz = 10 * Math.pow(0.45 * rate / 10, k / 200.0);
              double expected = prewarpedButterworthDb(hp, order, hz, fc, rate);
              if (expected < -200) {
                continue; // beyond double precision of the closed form
              }
              double got = Responses.cascadeDb(2 * Math.PI * hz / rate, s);
              worst = Math.max(worst, Math.abs(got - expected));
            }
          }
        }
      }
    }
    assertTrue(worst < 1e-6, "worst deviation " + worst + " dB");
  }

  @Test
  void everyOrderIsThreeDecibelsDownAtTheCutoff() {
    for (boolean hp : new boolean[] {true, false}) {
      for (int order = 1; order <= 8; order++) {
        for (double fc : new double[] {30, 1000, 15000}) {
          Biquad[] s = design(hp, order, fc, 44100);
          double db = Responses.cascadeDb(2 * Math.PI * fc / 44100, s);
          assertEquals(-10 * Math.log10(2), db, 1e-9, "order " + order + " at " + fc);
        }
      }
    }
  }

  @Test
  void highPassFallsSixDecibelsPerOctavePerOrderWellBelowCutoff() {
    for (int order = 1; order <= 8; order++) {
      Biquad[] s = design(true, order, 2000, 48000);
      double w = 2 * Math.PI * 5 / 48000;
      double slope = Responses.cascadeDb(2 * w, s) - Responses.cascadeDb(w, s);
      assertEquals(20 * Math.log10(2) * order, slope, 0.001 * order, "order " + order);
    }
  }

  @Test
  void sinesThroughTheModuleMatchTheClosedForm() {
    for (Kind kind : Kind.values()) {
      boolean hp = kind == Kind.HIGH_PASS;
      for (double hz : new double[] {250, 1000, 4000}) {
        double got =
            Responses.sineGainDb(
                new PassFilterModule(kind),
                48000,
                hz,
                m -> {
                  m.setParameter(0, 1000);
                  m.setParameter(1, 4); // 24 dB/oct
                });
        double expected = prewarpedButterworthDb(hp, 4, hz, 1000, 48000);
        assertEquals(expected, got, 0.01, kind + " at " + hz + " Hz");
      }
    }
  }

  @Test
  void offIsBitTransparent() {
    for (Kind kind : Kind.values()) {
      double[][] in = Responses.noise(10000, 1);
      in[0][5] = 1e-310;
      double[][] out = Responses.runSplit(new PassFilterModule(kind), in, new int[] {999}, m -> {});
      assertArrayEquals(in[0], out[0]);
      assertArrayEquals(in[1], out[1]);
    }
  }

  @Test
  void outputDoesNotDependOnBlockSizes() {
    double[][] in = Responses.noise(30000, 2);
    for (Kind kind : Kind.values()) {
      java.util.function.Consumer<lathe.dsp.chain.Module> setup =
          m -> {
            m.setParameter(0, kind == Kind.HIGH_PASS ? 400 : 3000); // glides from the default
            m.setParameter(1, 5); // fades in from off
          };
      double[][] ref = Responses.runSplit(new PassFilterModule(kind), in, new int[] {30000}, setup);
      for (int[] sizes :
          new int[][] {{1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999, 4095}}) {
        double[][] out = Responses.runSplit(new PassFilterModule(kind), in, sizes, setup);
        assertArrayEquals(ref[0], out[0], kind + " " + sizes[0]);
        assertArrayEquals(ref[1], out[1], kind + " " + sizes[0]);
      }
    }
  }

  @Test
  void slopeChangesWhilePlayingStayBounded() {
    PassFilterModule m = new PassFilterModule(Kind.HIGH_PASS);
    m.prepare(new ProcessSpec(44100, 512, 2));
    m.setParameter(0, 200);
    double[][] x = new double[2][512];
    double peak = 0;
    for (int block = 0; block < 400; block++) {
      if (block % 10 == 0) {
        m.setParameter(1, (block / 10) % 9);
        m.setParameter(0, block % 20 == 0 ? 2000 : 40);
      }
      for (int i = 0; i < 512; i++) {
        double v = Math.sin(2 * Math.PI * 3000 * (block * 512 + i) / 44100.0);
        x[0][i] = v;
        x[1][i] = v;
      }
      m.process(x, 512);
      for (int i = 0; i < 512; i++) {
        peak = Math.max(peak, Math.abs(x[0][i]));
      }
    }
    assertTrue(peak < 2.0, "peak " + peak);
  }

  @Test
  void cutoffAboveNinetyPercentOfNyquistIsHeldAndStable() {
    PassFilterModule m = new PassFilterModule(Kind.LOW_PASS);
    m.prepare(new ProcessSpec(44100, 256, 1));
    m.setParameter(0, 22000);
    m.setParameter(1, 8);
    double[][] x = {new double[256]};
    for (int b = 0; b < 200; b++) {
      for (int i = 0; i < 256; i++) {
        x[0][i] = ((b * 256 + i) % 2 == 0) ? 1 : -1; // Nyquist tone, the worst case
      }
      m.process(x, 256);
      for (double v : x[0]) {
        assertTrue(Math.abs(v) < 2, "bounded");
      }
    }
    assertEquals(0.45 * 44100, m.effectiveCutoffHertz(), 1e-9);
    for (int s = 0; s < 4; s++) {
      Biquad q = m.section(s);
      assertTrue(Math.abs(q.a2()) < 1 && Math.abs(q.a1()) < 1 + q.a2(), "poles inside");
    }
    Biquad[] s = new Biquad[4];
    for (int i = 0; i < 4; i++) {
      s[i] = m.section(i);
    }
    assertEquals(-10 * Math.log10(2), Responses.cascadeDb(2 * Math.PI * 0.45, s), 1e-9);
  }

  @Test
  void nanAndInfinityInputRecoverWithFiniteOutput() {
    PassFilterModule m = new PassFilterModule(Kind.HIGH_PASS);
    m.prepare(new ProcessSpec(48000, 512, 2));
    m.setParameter(1, 8);
    double[][] x = new double[2][512];
    for (int b = 0; b < 20; b++) {
      for (int i = 0; i < 512; i++) {
        x[0][i] = Math.sin(i * 0.1);
        x[1][i] = b == 3 && i == 7 ? Double.NaN : b == 4 ? Double.POSITIVE_INFINITY : 0.5;
      }
      m.process(x, 512);
      for (int c = 0; c < 2; c++) {
        for (double v : x[c]) {
          assertTrue(Double.isFinite(v), "finite at block " + b);
        }
      }
    }
  }

  @Test
  void impulseThenSilenceDecaysToExactZero() {
    for (Kind kind : Kind.values()) {
      PassFilterModule m = new PassFilterModule(kind);
      m.prepare(new ProcessSpec(48000, 1000, 2));
      m.setParameter(0, 1000);
      m.setParameter(1, 8);
      double[][] x = new double[2][1000];
      m.process(x, 1000); // the slope fade completes in silence
      x[0][0] = 1;
      x[1][0] = -1;
      for (int b = 0; b < 240; b++) {
        m.process(x, 1000);
        if (b > 0) {
          java.util.Arrays.fill(x[0], 0);
          java.util.Arrays.fill(x[1], 0);
        }
      }
      m.process(x, 1000);
      for (int s = 0; s < 4; s++) {
        assertTrue(m.section(s).isSilent(), kind + " section " + s + " state snapped to zero");
      }
      for (double v : x[0]) {
        assertEquals(0.0, v);
      }
    }
  }
}
