package lathe.dsp.expander;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import lathe.dsp.Allocations;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

class DownwardExpanderTest {
  private static final double RATE = 48000;
  private static final int THRESHOLD = 0;
  private static final int RANGE = 1;
  private static final int RATIO = 2;
  private static final int ATTACK = 3;
  private static final int HOLD = 4;
  private static final int RELEASE = 5;
  private static final int HYSTERESIS = 6;

  private static DownwardExpander expander(int maxFrames, double... settings) {
    DownwardExpander e = new DownwardExpander();
    for (int i = 0; i + 1 < settings.length; i += 2) {
      e.setParameter((int) settings[i], settings[i + 1]);
    }
    e.prepare(new ProcessSpec(RATE, maxFrames, 2));
    return e;
  }

  /** The textbook downward expander: attenuation (ratio - 1)(T - x) under T, limited to range. */
  private static double expectedGainDb(double levelDb, double t, double ratio, double range) {
    return -Math.min(range, (ratio - 1) * Math.max(0, t - levelDb));
  }

  /** Runs a 1 kHz sine of the given peak (a sample lands on every peak at 48 kHz). */
  private static double sineGainDb(DownwardExpander e, double peakDb, int settle, int measure) {
    double a = Math.pow(10, peakDb / 20);
    double[][] x = new double[2][480];
    double in2 = 0;
    double out2 = 0;
    for (int n = 0; n < settle + measure; n += 480) {
      for (int i = 0; i < 480; i++) {
        double v = a * Math.sin(2 * Math.PI * 1000 * (n + i) / RATE);
        x[0][i] = v;
        x[1][i] = -0.5 * v;
      }
      double[] in = x[0].clone();
      e.process(x, 480);
      if (n >= settle) {
        for (int i = 0; i < 480; i++) {
          in2 += in[i] * in[i];
          out2 += x[0][i] * x[0][i];
        }
      }
    }
    return 10 * Math.log10(out2 / in2);
  }

  @Test
  void staticCurveMatchesTheTextbookExpander() {
    double worst = 0;
    for (double ratio : new double[] {1.5, 2, 4, 10}) {
      for (double range : new double[] {12, 60}) {
        for (double level = -85; level <= -5; level += 5) {
          DownwardExpander e =
              expander(
                  480,
                  THRESHOLD,
                  -40,
                  RANGE,
                  range,
                  RATIO,
                  ratio,
                  HYSTERESIS,
                  0,
                  RELEASE,
                  20,
                  ATTACK,
                  1,
                  HOLD,
                  0);
          double got = sineGainDb(e, level, 24000, 4800);
          double expected = expectedGainDb(level, -40, ratio, range);
          worst = Math.max(worst, Math.abs(got - expected));
          assertEquals(expected, got, 0.1, "ratio " + ratio + " range " + range + " at " + level);
          assertEquals(-expected, e.gainReductionDb(), 0.1);
        }
      }
    }
    System.out.printf("expander static curve: worst deviation %.2e dB%n", worst);
  }

  @Test
  void hysteresisHoldsTheGateOpenUntilTheLevelFallsBelowThresholdLessHysteresis() {
    // Levels between T - h and T: approached from above the gate stays open (the held level sits
    // h dB above the level); approached from below the curve applies to the level itself.
    double t = -40;
    double h = 6;
    for (double level : new double[] {-41, -43, -45.5, -48, -52}) {
      DownwardExpander fromBelow =
          expander(480, THRESHOLD, t, RANGE, 60, RATIO, 3, HYSTERESIS, h, RELEASE, 20, HOLD, 0);
      double below = sineGainDb(fromBelow, level, 24000, 4800);
      assertEquals(expectedGainDb(level, t, 3, 60), below, 0.1, "from below at " + level);
      DownwardExpander fromAbove =
          expander(480, THRESHOLD, t, RANGE, 60, RATIO, 3, HYSTERESIS, h, RELEASE, 20, HOLD, 0);
      sineGainDb(fromAbove, -10, 4800, 0);
      double above = sineGainDb(fromAbove, level, 24000, 4800);
      assertEquals(expectedGainDb(level + h, t, 3, 60), above, 0.1, "from above at " + level);
    }
  }

  /**
   * Returns a reverb-like tail: white noise whose peak level decays from -20 to -80 dB over 2 s,
   * with a random level wobble of +-3 dB (new value every 25 ms, linearly interpolated).
   */
  private static double[][] reverbTail(long seed) {
    int n = (int) (2 * RATE);
    Random r = new Random(seed);
    int step = (int) (0.025 * RATE);
    double[] wobble = new double[n / step + 2];
    for (int k = 0; k < wobble.length; k++) {
      wobble[k] = (r.nextDouble() * 2 - 1) * 3;
    }
    double[][] x = new double[2][n];
    for (int i = 0; i < n; i++) {
      double f = (double) (i % step) / step;
      double w = wobble[i / step] * (1 - f) + wobble[i / step + 1] * f;
      double db = -20 - 60.0 * i / n + w;
      double a = Math.pow(10, db / 20);
      x[0][i] = a * (r.nextDouble() * 2 - 1);
      x[1][i] = a * (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  /** Counts the changes of direction of the attenuation, ignoring moves under 1e-6 dB. */
  private static int gainReversals(DownwardExpander e, double[][] in) {
    double[][] x = new double[2][1];
    int direction = 0;
    int reversals = 0;
    double last = e.gainReductionDb();
    for (int i = 0; i < in[0].length; i++) {
      x[0][0] = in[0][i];
      x[1][0] = in[1][i];
      e.process(x, 1);
      double a = e.gainReductionDb();
      double d = a - last;
      if (Math.abs(d) > 1e-6) {
        int dir = d > 0 ? 1 : -1;
        if (direction != 0 && dir != direction) {
          reversals++;
        }
        direction = dir;
        last = a;
      }
    }
    return reversals;
  }

  @Test
  void decayingReverbTailDoesNotChatterWithHysteresisAndHold() {
    // Threshold -50 dB, ratio 2, range 24 dB, attack 1 ms, release 20 or 50 ms; the tail crosses
    // the threshold 1 s in. Without hysteresis the wobble reopens the gain again and again; with 6
    // dB of hysteresis and 50 ms of hold the gain only ever closes.
    int worstWith = 0;
    int fewestWithout = Integer.MAX_VALUE;
    for (double release : new double[] {20, 50}) {
      for (long seed = 1; seed <= 5; seed++) {
        double[][] tail = reverbTail(seed);
        DownwardExpander plain =
            expander(
                1,
                THRESHOLD,
                -50,
                RANGE,
                24,
                RATIO,
                2,
                HYSTERESIS,
                0,
                HOLD,
                0,
                ATTACK,
                1,
                RELEASE,
                release);
        fewestWithout = Math.min(fewestWithout, gainReversals(plain, tail));
        DownwardExpander steady =
            expander(
                1,
                THRESHOLD,
                -50,
                RANGE,
                24,
                RATIO,
                2,
                HYSTERESIS,
                6,
                HOLD,
                50,
                ATTACK,
                1,
                RELEASE,
                release);
        worstWith = Math.max(worstWith, gainReversals(steady, tail));
      }
    }
    System.out.printf(
        "expander reverb tail: reversals without hysteresis >= %d, with 6 dB + 50 ms <= %d%n",
        fewestWithout, worstWith);
    assertTrue(fewestWithout >= 5, "without hysteresis the gain chatters: " + fewestWithout);
    assertTrue(worstWith <= 1, "with 6 dB hysteresis and 50 ms hold: " + worstWith);
  }

  /** Returns the attenuation per frame for a DC level {@code a} for {@code on} frames, then 0. */
  private static double[] attenuationAfterStep(DownwardExpander e, double a, int on, int total) {
    double[][] x = new double[2][1];
    double[] out = new double[total];
    for (int i = 0; i < total; i++) {
      x[0][0] = i < on ? a : 0;
      x[1][0] = i < on ? -a : 0;
      e.process(x, 1);
      out[i] = e.gainReductionDb();
    }
    return out;
  }

  @Test
  void holdDelaysTheReleaseByTheHoldTimeAndReleaseFollowsItsTimeConstant() {
    int on = 4800;
    for (double holdMs : new double[] {0, 37.5, 100, 500}) {
      DownwardExpander e =
          expander(
              1, THRESHOLD, -40, RANGE, 24, RATIO, 2, HOLD, holdMs, RELEASE, 50, HYSTERESIS, 3);
      double[] a = attenuationAfterStep(e, 0.1, on, on + 60000);
      int start = -1;
      for (int i = on; i < a.length; i++) {
        if (a[i] > 0) {
          start = i;
          break;
        }
      }
      // Closed form: the level falls at the start of the segment k + 1 after the last loud
      // frame's segment, with k = ceil((480 - 1) / 32) = 15 segments of 32 frames held besides the
      // current one; the hold then keeps it for hold * rate frames. Exact to the frame.
      int k = Math.ceilDiv(480 - 1, 32);
      assertEquals(k, e.detectorSegments());
      int fall = ((on - 1) / 32 + k + 1) * 32;
      int expected = fall + (int) Math.round(holdMs * RATE / 1000);
      assertEquals(expected, start, 0, "release start for hold " + holdMs + " ms");
      // One release time constant (50 ms) after the start, 1 - 1/e of the 24 dB range is reached.
      int tau = (int) (0.050 * RATE);
      assertEquals(24 * (1 - Math.exp(-1)), a[start + tau - 1], 0.005 * 24, "release tau");
    }
  }

  @Test
  void attackOpensWithItsTimeConstant() {
    for (double attackMs : new double[] {0.5, 5, 50}) {
      DownwardExpander e =
          expander(1, THRESHOLD, -40, RANGE, 30, RATIO, 4, ATTACK, attackMs, RELEASE, 5, HOLD, 0);
      double[] closed = attenuationAfterStep(e, 0, 0, 24000);
      assertEquals(30, closed[closed.length - 1], 0.0, "closed in silence");
      double[] a = attenuationAfterStep(e, 0.5, 100000, 48000);
      int tau = (int) Math.round(attackMs * RATE / 1000);
      assertEquals(30 * Math.exp(-1), a[tau - 1], 0.005 * 30, "attack " + attackMs + " ms");
    }
  }

  @Test
  void defaultIsBitTransparent() {
    double[][] in = BlockRunner.noise(2, 20000, 3);
    for (int i = 0; i < 20000; i++) {
      in[0][i] *= i < 10000 ? 1 : 1e-6; // -120 dB: under the minimum threshold as well
      in[1][i] *= i < 10000 ? 1 : 1e-6;
    }
    in[0][5] = 1e-310;
    DownwardExpander e = new DownwardExpander();
    e.prepare(new ProcessSpec(RATE, 999, 2));
    double[][] out = BlockRunner.run(e, in, new int[] {999});
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
    // A range of 0 is off too, at any threshold.
    DownwardExpander zeroRange = expander(999, THRESHOLD, -20, RANGE, 0);
    out = BlockRunner.run(zeroRange, in, new int[] {999});
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
  }

  private static double[][] programme() {
    double[][] x = BlockRunner.noise(2, 60000, 7);
    for (int i = 0; i < x[0].length; i++) {
      double env = Math.pow(10, (-60 + 50 * Math.abs(Math.sin(i * 2e-4))) / 20);
      x[0][i] *= env;
      x[1][i] *= env * 0.5;
    }
    return x;
  }

  @Test
  void outputDoesNotDependOnBlockSizes() {
    double[][] in = programme();
    int[][] splits = {{60000}, {1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999}};
    double[][] ref = null;
    for (int[] sizes : splits) {
      DownwardExpander e = expander(BlockRunner.largest(sizes), HOLD, 30);
      // Switching on from the default glides the threshold and the range.
      e.setParameter(THRESHOLD, -35);
      e.setParameter(RATIO, 3);
      double[][] out = BlockRunner.run(e, in, sizes);
      if (ref == null) {
        ref = out;
      } else {
        assertArrayEquals(ref[0], out[0], "split " + sizes[0]);
        assertArrayEquals(ref[1], out[1], "split " + sizes[0]);
      }
    }
  }

  @Test
  void switchingOffAndOnWhilePlayingDoesNotDependOnBlockSizes() {
    // Off (range 0) lets blocks be skipped once settled; switching on again must give the same
    // output whether or not a split happened to skip. It switches on at frame 31400, where the
    // programme is quiet (-59 dB), so the detector's state decides the gain at once.
    double[][] in = programme();
    int[] bounds = {0, 10000, 31400, 60000};
    int[][] splits = {{60000}, {1}, {31}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999}};
    double[][] ref = null;
    for (int[] sizes : splits) {
      DownwardExpander e = expander(BlockRunner.largest(sizes), THRESHOLD, -30, HOLD, 10);
      double[][] out = new double[2][60000];
      for (int part = 0; part < 3; part++) {
        e.setParameter(RANGE, part == 1 ? 0 : 20);
        int from = bounds[part];
        int to = bounds[part + 1];
        double[][] piece = {
          Arrays.copyOfRange(in[0], from, to), Arrays.copyOfRange(in[1], from, to)
        };
        double[][] done = BlockRunner.run(e, piece, sizes);
        for (int c = 0; c < 2; c++) {
          System.arraycopy(done[c], 0, out[c], from, to - from);
        }
      }
      if (ref == null) {
        ref = out;
      } else {
        assertArrayEquals(ref[0], out[0], "split " + sizes[0]);
        assertArrayEquals(ref[1], out[1], "split " + sizes[0]);
      }
    }
  }

  @Test
  void oneChannelStreamIsExpandedToo() {
    DownwardExpander e = new DownwardExpander();
    e.setParameter(THRESHOLD, -40);
    e.setParameter(RANGE, 60);
    e.setParameter(HYSTERESIS, 0);
    e.setParameter(RELEASE, 20);
    e.prepare(new ProcessSpec(RATE, 480, 1));
    double[][] x = new double[1][480];
    double in2 = 0;
    double out2 = 0;
    for (int n = 0; n < 28800; n += 480) {
      for (int i = 0; i < 480; i++) {
        x[0][i] = 0.001 * Math.sin(2 * Math.PI * 1000 * (n + i) / RATE); // -60 dB
        if (n >= 24000) {
          in2 += x[0][i] * x[0][i];
        }
      }
      e.process(x, 480);
      if (n >= 24000) {
        for (int i = 0; i < 480; i++) {
          out2 += x[0][i] * x[0][i];
        }
      }
    }
    assertEquals(expectedGainDb(-60, -40, 2, 60), 10 * Math.log10(out2 / in2), 0.1);
  }

  @Test
  void nanAndInfinityInputRecoverWithFiniteOutput() {
    DownwardExpander e = expander(512, THRESHOLD, -30, RANGE, 40);
    double[][] x = new double[2][512];
    for (int b = 0; b < 40; b++) {
      for (int i = 0; i < 512; i++) {
        x[0][i] = b == 3 && i == 7 ? Double.NaN : 0.01 * Math.sin(i * 0.1);
        x[1][i] = b == 4 ? Double.POSITIVE_INFINITY : b == 5 ? Double.NEGATIVE_INFINITY : 0.001;
      }
      e.process(x, 512);
      for (int c = 0; c < 2; c++) {
        for (double v : x[c]) {
          assertTrue(Double.isFinite(v), "finite at block " + b);
        }
      }
      assertTrue(Double.isFinite(e.gainReductionDb()));
    }
  }

  @Test
  void impulseThenSilenceGivesExactZerosAndASettledGain() {
    DownwardExpander e = expander(1000, THRESHOLD, -30, RANGE, 40, RELEASE, 100);
    double[][] x = new double[2][1000];
    x[0][0] = 1;
    x[1][0] = -1e-300;
    e.process(x, 1000);
    for (int b = 0; b < 200; b++) {
      Arrays.fill(x[0], 0);
      Arrays.fill(x[1], 0);
      e.process(x, 1000);
    }
    assertEquals(40.0, e.gainReductionDb(), 0.0, "attenuation settled exactly at the range");
    for (int c = 0; c < 2; c++) {
      for (double v : x[c]) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }

  @Test
  void processingAllocatesNothingWhileParametersMove() {
    DownwardExpander e = expander(256, THRESHOLD, -40);
    double[][] x = BlockRunner.noise(2, 256, 9);
    int[] step = {0};
    long bytes =
        Allocations.steadyState(
            4000,
            () -> {
              int k = step[0]++;
              e.setParameter(k % 7, e.params().get(k % 7).toPlain((k * 0.37) % 1.0));
              for (int i = 0; i < 256; i++) {
                x[0][i] *= (k & 1) == 0 ? 0.001 : 1000;
              }
              e.process(x, 256);
            });
    assertEquals(0, bytes);
  }

  @Test
  void thresholdStepFromMinimumToMaximumDoesNotClick() {
    // A -20 dB 100 Hz sine (largest step 0.0013); the threshold jumps from -90 to 0 dB (range 60,
    // ratio 10, default attack 1 ms and release 100 ms), then back. Bound: the gain moves by at
    // most g (ln 10 / 20) da per frame, and the attack's one-pole moves the attenuation a by at
    // most
    // (1 - c) a, so the gain moves by at most (1 - c) max(u e^-u) = (1 - c) / e per frame (the
    // release is slower); the output's largest step is at most the input's plus the amplitude
    // times that. An unsmoothed switch from -60 dB to 0 dB at the sine's peak would step by 0.1.
    DownwardExpander e = expander(480, RANGE, 60, RATIO, 10);
    double a = 0.1;
    double[][] x = new double[2][480];
    double inJump = 0;
    double outJump = 0;
    double prevIn = 0;
    double prevOut = 0;
    for (int b = 0; b < 200; b++) {
      if (b == 50) {
        e.setParameter(THRESHOLD, 0);
      }
      if (b == 120) {
        e.setParameter(THRESHOLD, -90);
      }
      for (int i = 0; i < 480; i++) {
        double v = a * Math.sin(2 * Math.PI * 100 * (b * 480 + i) / RATE);
        x[0][i] = v;
        x[1][i] = v;
      }
      double[] in = x[0].clone();
      e.process(x, 480);
      for (int i = 0; i < 480; i++) {
        inJump = Math.max(inJump, Math.abs(in[i] - prevIn));
        outJump = Math.max(outJump, Math.abs(x[0][i] - prevOut));
        prevIn = in[i];
        prevOut = x[0][i];
      }
    }
    double bound = inJump + a * (1 - Math.exp(-1 / (0.001 * RATE))) / Math.E;
    System.out.printf(
        "expander threshold step: output jump %.5f, input %.5f, bound %.5f%n",
        outJump, inJump, bound);
    assertTrue(outJump <= bound, "jump " + outJump + " vs bound " + bound);
  }
}
