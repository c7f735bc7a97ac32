package lathe.dsp.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import org.junit.jupiter.api.Test;

class ParametricEqModuleTest {
  private static final double[] BELL_Q = {
    0.1, 0.15, 0.2, 0.3, 0.5, 0.707, 1, 1.4, 2, 3, 4, 5, 7, 10
  };
  private static final double[] SHELF_Q = {0.1, 0.2, 0.3, 0.5, 0.707, 1, 1.4, 2};
  private static final double LIMIT_DB = 0.5;

  @Test
  void bellsFollowTheAnalogPrototypeWithinHalfADecibelUpToTwentyKilohertz() {
    StringBuilder where = new StringBuilder();
    double worst = EqMatchSurvey.worst(EqShape.BELL, 16000, BELL_Q, where);
    System.out.printf("bell worst deviation %.4f dB at %s%n", worst, where);
    assertTrue(worst <= LIMIT_DB, "bell worst " + worst + " dB at " + where);
  }

  @Test
  void shelvesFollowTheAnalogPrototypeWithinHalfADecibelUpToTwentyKilohertz() {
    for (EqShape shelf : new EqShape[] {EqShape.LOW_SHELF, EqShape.HIGH_SHELF}) {
      StringBuilder where = new StringBuilder();
      double worst = EqMatchSurvey.worst(shelf, 20000, SHELF_Q, where);
      System.out.printf("%s worst deviation %.4f dB at %s%n", shelf, worst, where);
      assertTrue(worst <= LIMIT_DB, shelf + " worst " + worst + " dB at " + where);
    }
  }

  @Test
  void higherSampleRatesFollowTheAnalogPrototypeAsClosely() {
    StringBuilder where = new StringBuilder();
    double bell = EqMatchSurvey.worst(EqShape.BELL, EqMatchSurvey.HIGH_RATES, 16000, BELL_Q, where);
    System.out.printf("bell worst deviation at 88.2-192 kHz %.4f dB at %s%n", bell, where);
    assertTrue(bell <= LIMIT_DB, "bell worst " + bell + " dB at " + where);
    for (EqShape shelf : new EqShape[] {EqShape.LOW_SHELF, EqShape.HIGH_SHELF}) {
      double d = EqMatchSurvey.worst(shelf, EqMatchSurvey.HIGH_RATES, 20000, SHELF_Q, where);
      System.out.printf("%s worst deviation at 88.2-192 kHz %.4f dB at %s%n", shelf, d, where);
      assertTrue(d <= LIMIT_DB, shelf + " worst " + d + " dB at " + where);
    }
  }

  @Test
  void shelfQStopsWhereOneBiquadStillFollowsThePrototype() {
    for (int b = 0; b < ParametricEqModule.BANDS; b++) {
      double max = ParametricEqModule.specs().get(3 * b + 2).max();
      boolean shelf = new ParametricEqModule().shape(b) != EqShape.BELL;
      assertEquals(shelf ? 2.0 : 10.0, max, "band " + (b + 1) + " Q range");
      assertEquals(0.1, ParametricEqModule.specs().get(3 * b + 2).min());
    }
  }

  @Test
  void lowBandsAreNearlyExact() {
    StringBuilder where = new StringBuilder();
    double bell = EqMatchSurvey.worst(EqShape.BELL, 1000, new double[] {1, 2, 4, 7, 10}, where);
    assertTrue(bell < 0.05, "bell " + bell + " at " + where);
    for (EqShape shelf : new EqShape[] {EqShape.LOW_SHELF, EqShape.HIGH_SHELF}) {
      double d = EqMatchSurvey.worst(shelf, 1000, new double[] {0.5, 0.707}, where);
      assertTrue(d < 0.05, shelf + " " + d + " at " + where);
    }
  }

  @Test
  void cutIsTheExactReciprocalOfTheBoost() {
    double[] boost = new double[5];
    double[] cut = new double[5];
    MatchedEqDesign designer = new MatchedEqDesign();
    for (EqShape shape : EqShape.values()) {
      designer.design(shape, 44100, 9000, 9, 0.8, boost);
      designer.design(shape, 44100, 9000, -9, 0.8, cut);
      for (double hz = 20; hz < 22000; hz *= 1.3) {
        double w = 2 * Math.PI * hz / 44100;
        double b = Responses.sectionDb(w, boost[0], boost[1], boost[2], boost[3], boost[4]);
        double c = Responses.sectionDb(w, cut[0], cut[1], cut[2], cut[3], cut[4]);
        assertEquals(0.0, b + c, 1e-9, shape + " at " + hz);
      }
    }
  }

  private static Consumer<Module> band(int b, double gain, double hz, double q) {
    return m -> {
      m.setParameter(3 * b, gain);
      m.setParameter(3 * b + 1, hz);
      m.setParameter(3 * b + 2, q);
    };
  }

  @Test
  void sinesThroughTheModuleMatchTheCoefficientsAndThePrototype() {
    double rate = 48000;
    Object[][] cases = {
      {1, 6.0, 1000.0, 1.0, EqShape.BELL},
      {0, -9.0, 200.0, 0.707, EqShape.LOW_SHELF},
      {4, 12.0, 8000.0, 0.707, EqShape.HIGH_SHELF},
      {3, -12.0, 12000.0, 2.0, EqShape.BELL}
    };
    for (Object[] k : cases) {
      int b = (int) k[0];
      double gain = (double) k[1];
      double f0 = (double) k[2];
      double q = (double) k[3];
      EqShape shape = (EqShape) k[4];
      double[] c = new double[5];
      new MatchedEqDesign().design(shape, rate, f0, gain, q, c);
      for (double hz : new double[] {100, 250, 1000, 3000, 12000}) {
        double got = Responses.sineGainDb(new ParametricEqModule(), rate, hz, band(b, gain, f0, q));
        double coefficients =
            Responses.sectionDb(2 * Math.PI * hz / rate, c[0], c[1], c[2], c[3], c[4]);
        assertEquals(coefficients, got, 0.01, shape + " " + f0 + " at " + hz);
        double analog = EqMatchSurvey.analogDb(shape, hz / f0, gain, q);
        assertEquals(analog, got, LIMIT_DB, shape + " " + f0 + " vs prototype at " + hz);
      }
    }
  }

  @Test
  void allBandsAtZeroDecibelsAreBitTransparent() {
    double[][] in = Responses.noise(10000, 3);
    in[1][17] = 4.9e-324;
    Consumer<Module> setup =
        m -> {
          m.setParameter(1, 3000); // frequency and Q changes alone keep a 0 dB band neutral
          m.setParameter(5, 3);
        };
    double[][] out = Responses.runSplit(new ParametricEqModule(), in, new int[] {777}, setup);
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
  }

  @Test
  void outputDoesNotDependOnBlockSizes() {
    double[][] in = Responses.noise(30000, 4);
    Consumer<Module> setup =
        band(0, 6, 120, 0.707)
            .andThen(band(1, -4, 400, 2))
            .andThen(band(2, 3, 2500, 0.5))
            .andThen(band(3, -12, 9000, 4))
            .andThen(band(4, 9, 15000, 0.707));
    ParametricEqModule first = new ParametricEqModule();
    double[][] ref = Responses.runSplit(first, in, new int[] {30000}, setup);
    for (int[] sizes :
        new int[][] {{1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999, 4095}}) {
      double[][] out = Responses.runSplit(new ParametricEqModule(), in, sizes, setup);
      assertArrayEquals(ref[0], out[0], "split " + sizes[0]);
      assertArrayEquals(ref[1], out[1], "split " + sizes[0]);
    }
  }

  @Test
  void processAllocatesNothingWhileEveryBandGlides() {
    ParametricEqModule m = new ParametricEqModule();
    m.prepare(new ProcessSpec(44100, 256, 2));
    double[][] source = Responses.noise(256, 9);
    double[][] x = new double[2][256];
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long allocated = 0;
    for (int pass = 0; pass < 2; pass++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int block = 0; block < 4000; block++) {
        if (block % 7 == 0) {
          double t = (block % 91) / 90.0;
          for (int b = 0; b < ParametricEqModule.BANDS; b++) {
            m.setParameter(3 * b, -18 + 36 * t);
            m.setParameter(3 * b + 1, 20 * Math.pow(1000, (t + 0.2 * b) % 1.0));
            m.setParameter(3 * b + 2, 0.1 * Math.pow(b == 0 || b == 4 ? 20 : 100, 1 - t));
          }
        }
        System.arraycopy(source[0], 0, x[0], 0, 256);
        System.arraycopy(source[1], 0, x[1], 0, 256);
        m.process(x, 256);
      }
      allocated = mx.getCurrentThreadAllocatedBytes() - before; // the first pass warms up
    }
    assertEquals(0, allocated, "bytes allocated by process while gliding");
  }

  @Test
  void nanAndInfinityInputRecoverWithFiniteOutput() {
    ParametricEqModule m = new ParametricEqModule();
    m.prepare(new ProcessSpec(44100, 256, 2));
    band(2, 18, 1000, 10).accept(m);
    double[][] x = new double[2][256];
    for (int b = 0; b < 40; b++) {
      for (int i = 0; i < 256; i++) {
        x[0][i] = b == 5 ? Double.NaN : Math.sin(i * 0.2);
        x[1][i] = b == 6 && i % 3 == 0 ? Double.NEGATIVE_INFINITY : 1e300 * (b == 7 ? 1 : 0);
      }
      m.process(x, 256);
      for (int c = 0; c < 2; c++) {
        for (double v : x[c]) {
          assertTrue(Double.isFinite(v), "finite at block " + b);
        }
      }
    }
  }

  @Test
  void impulseThenSilenceDecaysToExactZero() {
    ParametricEqModule m = new ParametricEqModule();
    m.prepare(new ProcessSpec(48000, 1000, 2));
    band(0, 12, 30, 0.707)
        .andThen(band(2, -18, 100, 10))
        .andThen(band(4, 12, 12000, 0.707))
        .accept(m);
    double[][] x = new double[2][1000];
    m.process(x, 1000); // gains glide in during silence
    x[0][0] = 1;
    x[1][0] = 1;
    for (int b = 0; b < 300; b++) {
      m.process(x, 1000);
      java.util.Arrays.fill(x[0], 0);
      java.util.Arrays.fill(x[1], 0);
    }
    m.process(x, 1000);
    for (int b = 0; b < ParametricEqModule.BANDS; b++) {
      assertTrue(m.section(b).isSilent(), "band " + (b + 1) + " state snapped to zero");
    }
    for (double v : x[0]) {
      assertEquals(0.0, v);
    }
  }

  @Test
  void higherSampleRatesUseTheirOwnCoefficients() {
    for (double rate : new double[] {88200, 96000, 176400, 192000}) {
      double got =
          Responses.sineGainDb(new ParametricEqModule(), rate, 16000, band(3, 10, 16000, 2));
      assertEquals(10.0, got, 0.02, "bell peak at " + rate);
    }
  }
}
