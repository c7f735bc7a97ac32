package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import lathe.dsp.Allocations;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.Test;

class BusCompressorModuleTest {
  private static final double RATE = 48000;
  private static final int THRESHOLD = 0;
  private static final int RATIO = 1;
  private static final int KNEE = 2;
  private static final int ATTACK = 3;
  private static final int RELEASE = 4;
  private static final int AUTO_RELEASE = 5;
  private static final int DETECTOR = 6;
  private static final int RMS = 7;
  private static final int SIDECHAIN = 8;
  private static final int MAKEUP = 9;
  private static final int MIX = 10;
  private static final int LINK = 11;

  /** The textbook soft-knee curve, as published (independent of {@link GainComputer}). */
  private static double textbookDb(double x, double t, double r, double w) {
    if (2 * (x - t) < -w) {
      return 0;
    }
    if (w > 0 && 2 * Math.abs(x - t) <= w) {
      return (1 / r - 1) * Math.pow(x - t + w / 2, 2) / (2 * w);
    }
    return (1 / r - 1) * (x - t);
  }

  /** Analog 2nd-order Butterworth high-pass |H| in dB at the prewarped frequency. */
  private static double highPassDb(double hz, double cutoff) {
    double ratio = Math.tan(Math.PI * cutoff / RATE) / Math.tan(Math.PI * hz / RATE);
    return -10 * Math.log10(1 + Math.pow(ratio, 4));
  }

  /**
   * Feeds sines to a prepared compressor, left and right with their own amplitude and frequency,
   * and returns the measured gain per channel (output RMS over input RMS, in dB) after settling.
   */
  private static double[] sineGainsDb(
      BusCompressorModule m,
      int channels,
      double[] amplitude,
      double[] hertz,
      double settleSeconds,
      double measureSeconds) {
    int settle = (int) (settleSeconds * RATE);
    int total = settle + (int) (measureSeconds * RATE);
    double[][] buf = new double[channels][1024];
    double[] in2 = new double[channels];
    double[] out2 = new double[channels];
    for (int n = 0; n < total; n += 1024) {
      int len = Math.min(1024, total - n);
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < len; i++) {
          buf[c][i] = amplitude[c] * Math.sin(2 * Math.PI * hertz[c] * (n + i) / RATE);
        }
        if (n + len > settle) {
          for (int i = Math.max(0, settle - n); i < len; i++) {
            double x = amplitude[c] * Math.sin(2 * Math.PI * hertz[c] * (n + i) / RATE);
            in2[c] += x * x;
          }
        }
      }
      m.process(buf, len);
      for (int c = 0; c < channels; c++) {
        for (int i = Math.max(0, settle - n); i < len; i++) {
          out2[c] += buf[c][i] * buf[c][i];
        }
      }
    }
    double[] db = new double[channels];
    for (int c = 0; c < channels; c++) {
      db[c] = 10 * Math.log10(out2[c] / in2[c]);
    }
    return db;
  }

  private static BusCompressorModule prepared(int channels, Consumer<BusCompressorModule> setup) {
    BusCompressorModule m = new BusCompressorModule();
    setup.accept(m); // delivered before prepare, as the chain does
    m.prepare(new ProcessSpec(RATE, 1024, channels));
    return m;
  }

  @Test
  void rmsSteadyStateGainMatchesTheTextbookCurveWithinATenthOfADecibel() {
    double worst = 0;
    for (double t : new double[] {-40, -20}) {
      for (double r : new double[] {1.5, 2, 4, 20}) {
        for (double w : new double[] {0, 6, 12}) {
          for (double level = -60; level <= 0; level += 6) {
            double lvl = level;
            BusCompressorModule m =
                prepared(
                    1,
                    c -> {
                      c.setParameter(THRESHOLD, t);
                      c.setParameter(RATIO, r);
                      c.setParameter(KNEE, w);
                      c.setParameter(ATTACK, 100);
                      c.setParameter(RELEASE, 100);
                    });
            // A sine's RMS level is its amplitude over sqrt(2).
            double amp = Math.sqrt(2) * Math.pow(10, lvl / 20);
            double got = sineGainsDb(m, 1, new double[] {amp}, new double[] {1000}, 0.8, 0.2)[0];
            double expected = textbookDb(lvl, t, r, w);
            worst = Math.max(worst, Math.abs(got - expected));
            assertEquals(-expected, m.gainReductionDb(), 0.1, "meter");
          }
        }
      }
    }
    System.out.printf("comp: RMS static curve worst deviation %.4f dB%n", worst);
    assertTrue(worst < 0.1, "worst deviation " + worst + " dB");
  }

  @Test
  void peakSteadyStateGainMatchesTheTextbookCurveWithinATenthOfADecibel() {
    double worst = 0;
    for (double r : new double[] {2, 10}) {
      for (double w : new double[] {0, 12}) {
        for (double level = -60; level <= 0; level += 6) {
          double lvl = level;
          BusCompressorModule m =
              prepared(
                  1,
                  c -> {
                    c.setParameter(THRESHOLD, -30);
                    c.setParameter(RATIO, r);
                    c.setParameter(KNEE, w);
                    c.setParameter(ATTACK, 0.1);
                    c.setParameter(RELEASE, 2000);
                    c.setParameter(DETECTOR, 0);
                  });
          // Peak level: the sine's amplitude (48 samples a period include the crest).
          double amp = Math.pow(10, lvl / 20);
          double got = sineGainsDb(m, 1, new double[] {amp}, new double[] {1000}, 0.3, 0.2)[0];
          worst = Math.max(worst, Math.abs(got - textbookDb(lvl, -30, r, w)));
        }
      }
    }
    System.out.printf("comp: peak static curve worst deviation %.4f dB%n", worst);
    assertTrue(worst < 0.1, "worst deviation " + worst + " dB");
  }

  /**
   * Steps a DC level up and down through a peak-detecting compressor: the time constant is the time
   * in which the envelope covers 1 - 1/e of the step (counting the step's first frame as the first
   * of that time), so after it the gain equals the textbook curve at that envelope level.
   */
  @Test
  void gainFollowsTheEnvelopeStepResponseAtTheTimeConstants() {
    BusCompressorModule m =
        prepared(
            1,
            c -> {
              c.setParameter(THRESHOLD, -40);
              c.setParameter(RATIO, 4);
              c.setParameter(KNEE, 0);
              c.setParameter(ATTACK, 10);
              c.setParameter(RELEASE, 100);
              c.setParameter(DETECTOR, 0);
            });
    int attack = 480; // 10 ms at 48 kHz
    int release = 4800; // 100 ms
    double high = 0.5;
    double low = 0.01;
    double[][] x = {new double[1024]};
    java.util.Arrays.fill(x[0], high);
    m.process(x, attack);
    double envelope = high * (1 - Math.exp(-1));
    double expected = textbookDb(20 * Math.log10(envelope), -40, 4, 0);
    assertEquals(expected, 20 * Math.log10(x[0][attack - 1] / high), 1e-6, "attack");
    for (int i = 0; i < 200; i++) { // settle at the high level
      java.util.Arrays.fill(x[0], high);
      m.process(x, 1024);
    }
    int left = release;
    while (left > 0) {
      int n = Math.min(1024, left);
      java.util.Arrays.fill(x[0], low);
      m.process(x, n);
      left -= n;
    }
    envelope = low + (high - low) * Math.exp(-1);
    expected = textbookDb(20 * Math.log10(envelope), -40, 4, 0);
    assertEquals(expected, 20 * Math.log10(x[0][(release - 1) % 1024] / low), 1e-6, "release");
  }

  @Test
  void sideChainHighPassReducesTheDetectedLevelByItsAttenuation() {
    double level = -6;
    double amp = Math.sqrt(2) * Math.pow(10, level / 20);
    for (double cutoff : new double[] {10, 100}) {
      BusCompressorModule m =
          prepared(
              1,
              c -> {
                c.setParameter(THRESHOLD, -40);
                c.setParameter(RATIO, 4);
                c.setParameter(KNEE, 0);
                c.setParameter(ATTACK, 100);
                c.setParameter(RELEASE, 100);
                c.setParameter(RMS, 100);
                c.setParameter(SIDECHAIN, cutoff);
              });
      double got = sineGainsDb(m, 1, new double[] {amp}, new double[] {30}, 1.5, 0.5)[0];
      double detected = cutoff == 10 ? level : level + highPassDb(30, 100); // -21.4 dB of filter
      double expected = textbookDb(detected, -40, 4, 0);
      System.out.printf("comp: 30 Hz at HPF %s: %.3f dB, expected %.3f%n", cutoff, got, expected);
      assertEquals(expected, got, 0.1, "cutoff " + cutoff);
    }
  }

  @Test
  void halfMixIsTheArithmeticBlendOfDryAndCompressed() {
    double level = -10;
    double amp = Math.sqrt(2) * Math.pow(10, level / 20);
    BusCompressorModule m =
        prepared(
            1,
            c -> {
              c.setParameter(THRESHOLD, -30);
              c.setParameter(RATIO, 4);
              c.setParameter(KNEE, 0);
              c.setParameter(ATTACK, 100);
              c.setParameter(RELEASE, 100);
              c.setParameter(MAKEUP, 6);
              c.setParameter(MIX, 50);
            });
    double got = sineGainsDb(m, 1, new double[] {amp}, new double[] {1000}, 0.8, 0.2)[0];
    double wet = Math.pow(10, (textbookDb(level, -30, 4, 0) + 6) / 20);
    double expected = 20 * Math.log10(0.5 + 0.5 * wet);
    assertEquals(expected, got, 0.02);
  }

  @Test
  void fullLinkReducesTheQuietChannelAsMuchAsTheLoudOne() {
    double loud = Math.sqrt(2) * Math.pow(10, -10 / 20.0);
    double[] amp = {loud, 1e-3};
    double[] hz = {1000, 1500};
    for (double linkPercent : new double[] {100, 0}) {
      BusCompressorModule m =
          prepared(
              2,
              c -> {
                c.setParameter(THRESHOLD, -30);
                c.setParameter(RATIO, 4);
                c.setParameter(KNEE, 6);
                c.setParameter(ATTACK, 100);
                c.setParameter(RELEASE, 100);
                c.setParameter(LINK, linkPercent);
              });
      double[] got = sineGainsDb(m, 2, amp, hz, 0.8, 0.2);
      double expectedLeft = textbookDb(-10, -30, 4, 6);
      assertEquals(expectedLeft, got[0], 0.1, "left at link " + linkPercent);
      if (linkPercent == 100) {
        assertEquals(got[0], got[1], 0.01, "right follows left");
      } else {
        assertEquals(0.0, got[1], 1e-9, "right on its own, 50 dB under the knee");
      }
    }
  }

  @Test
  void defaultsAndRatioOneAreBitTransparent() {
    double[][] in = BlockRunner.noise(2, 20000, 7);
    in[0][5] = 1e-310;
    in[1][9] = 4.0; // 12 dB over full scale
    for (int variant = 0; variant < 2; variant++) {
      boolean moved = variant == 1;
      BusCompressorModule m = new BusCompressorModule();
      if (moved) {
        m.setParameter(THRESHOLD, -60);
        m.setParameter(KNEE, 0);
        m.setParameter(SIDECHAIN, 200);
        m.setParameter(MIX, 50);
        m.setParameter(LINK, 0);
        m.setParameter(DETECTOR, 0);
      }
      m.prepare(new ProcessSpec(RATE, 999, 2));
      double[][] out = BlockRunner.run(m, in, new int[] {999, 31});
      assertArrayEquals(in[0], out[0]);
      assertArrayEquals(in[1], out[1]);
      assertEquals(0.0, m.gainReductionDb());
    }
  }

  @Test
  void returningToOneToOneBecomesBitTransparentAgainAfterTheGlide() {
    BusCompressorModule m = new BusCompressorModule();
    active(m, true);
    m.prepare(new ProcessSpec(RATE, 4800, 2));
    double[][] x = BlockRunner.noise(2, 4800, 9);
    double[][] in = {x[0].clone(), x[1].clone()};
    m.process(x, 4800);
    assertTrue(m.gainReductionDb() > 1, "compressing");
    m.setParameter(RATIO, 1);
    m.setParameter(MAKEUP, 0);
    for (int b = 0; b < 2; b++) { // the 50 ms glide ends inside the first block
      x[0] = in[0].clone();
      x[1] = in[1].clone();
      m.process(x, 4800);
    }
    assertArrayEquals(in[0], x[0]);
    assertArrayEquals(in[1], x[1]);
    assertEquals(0.0, m.gainReductionDb());
  }

  private static void active(BusCompressorModule c, boolean rms) {
    c.setParameter(THRESHOLD, -20);
    c.setParameter(RATIO, 4);
    c.setParameter(KNEE, 6);
    c.setParameter(ATTACK, 3);
    c.setParameter(RELEASE, 80);
    c.setParameter(AUTO_RELEASE, 1);
    c.setParameter(DETECTOR, rms ? 1 : 0);
    c.setParameter(SIDECHAIN, 120);
    c.setParameter(MAKEUP, 3);
    c.setParameter(MIX, 80);
    c.setParameter(LINK, 50);
  }

  @Test
  void outputDoesNotDependOnBlockSizes() {
    double[][] in = BlockRunner.noise(2, 30000, 11);
    for (boolean rms : new boolean[] {true, false}) {
      double[][] ref = null;
      for (int[] sizes :
          new int[][] {
            {30000}, {1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999, 4095}
          }) {
        BusCompressorModule m = new BusCompressorModule();
        m.prepare(new ProcessSpec(RATE, BlockRunner.largest(sizes), 2));
        active(m, rms); // after prepare: every parameter glides from its default
        double[][] out = BlockRunner.run(m, in, sizes);
        if (ref == null) {
          ref = out;
          assertTrue(m.gainReductionDb() > 1, "compressing");
        } else {
          assertArrayEquals(ref[0], out[0], "rms " + rms + " sizes " + sizes[0]);
          assertArrayEquals(ref[1], out[1], "rms " + rms + " sizes " + sizes[0]);
        }
      }
    }
  }

  @Test
  void nanAndInfinityInputRecoverWithFiniteOutput() {
    BusCompressorModule m = prepared(2, c -> active(c, true));
    double[][] x = new double[2][512];
    for (int b = 0; b < 40; b++) {
      for (int i = 0; i < 512; i++) {
        x[0][i] = b == 3 && i == 7 ? Double.NaN : 0.8 * Math.sin(i * 0.1);
        x[1][i] = b == 4 ? Double.POSITIVE_INFINITY : b == 5 ? Double.NEGATIVE_INFINITY : 0.5;
      }
      m.process(x, 512);
      for (int c = 0; c < 2; c++) {
        for (double v : x[c]) {
          assertTrue(Double.isFinite(v), "finite at block " + b);
        }
      }
      assertTrue(Double.isFinite(m.gainReductionDb()));
    }
    assertTrue(m.gainReductionDb() > 1, "still compressing after the faults");
  }

  @Test
  void impulseThenSilenceLeavesExactZeroState() {
    BusCompressorModule m =
        prepared(
            2,
            c -> {
              active(c, true);
              c.setParameter(RELEASE, 10);
            });
    double[][] x = new double[2][1000];
    x[0][0] = 1;
    x[1][0] = -1;
    m.process(x, 1000);
    for (int b = 0; b < 96; b++) { // two seconds of silence
      java.util.Arrays.fill(x[0], 0);
      java.util.Arrays.fill(x[1], 0);
      m.process(x, 1000);
    }
    assertTrue(m.isSilent(), "detector, envelopes and side-chain filter snapped to zero");
    for (double v : x[0]) {
      assertEquals(0.0, v);
    }
    assertEquals(0.0, m.gainReductionDb());
  }

  @Test
  void processingAllocatesNothingWhileEveryParameterMoves() {
    BusCompressorModule m = prepared(2, c -> active(c, true));
    double[][] x = BlockRunner.noise(2, 512, 3);
    int[] call = {0};
    long bytes =
        Allocations.steadyState(
            200,
            () -> {
              int k = call[0]++;
              ParamSpec p = m.params().get(k % m.params().size());
              m.setParameter(k % m.params().size(), p.toPlain((k * 0.37) % 1.0));
              m.process(x, 512);
            });
    assertEquals(0, bytes);
  }

  /**
   * Steps each parameter from its minimum to its maximum and back while a 100 Hz sine plays into a
   * compressor working 10 to 20 dB deep, and bounds the output's largest sample-to-sample jump by
   * twice the input's times the largest makeup gain in play: a gain that jumped instead of gliding
   * would jump by about the sine's amplitude, some 40 times the input's largest step.
   */
  @Test
  void steppingAnyParameterFromMinimumToMaximumDoesNotClick() {
    double amp = 0.7;
    double inputJump = 2 * amp * Math.sin(Math.PI * 100 / RATE);
    for (int p = 0; p < 12; p++) {
      ParamSpec spec = new BusCompressorModule().params().get(p);
      BusCompressorModule m =
          prepared(
              2,
              c -> {
                active(c, true);
                c.setParameter(THRESHOLD, -30);
                c.setParameter(AUTO_RELEASE, 0);
              });
      double[][] x = new double[2][480];
      double previous = 0;
      double worst = 0;
      int n = 0;
      for (int block = 0; block < 300; block++) {
        if (block == 100) {
          m.setParameter(p, spec.min());
        } else if (block == 200) {
          m.setParameter(p, spec.max());
        } else if (block == 250) {
          m.setParameter(p, spec.min());
        }
        for (int i = 0; i < 480; i++, n++) {
          double v = amp * Math.sin(2 * Math.PI * 100 * n / RATE);
          x[0][i] = v;
          x[1][i] = 0.5 * v;
        }
        m.process(x, 480);
        for (int i = 0; i < 480; i++) {
          if (block >= 50) {
            worst = Math.max(worst, Math.abs(x[0][i] - previous));
          }
          previous = x[0][i];
        }
      }
      double makeup = p == MAKEUP ? Math.pow(10, 24 / 20.0) : Math.pow(10, 3 / 20.0);
      System.out.printf(
          "comp: %s step: largest jump %.2f x the input's (bound %.2f)%n",
          spec.id(), worst / inputJump, 2 * makeup);
      assertTrue(worst <= 2 * makeup * inputJump, spec.id() + ": jump " + worst);
    }
  }
}
