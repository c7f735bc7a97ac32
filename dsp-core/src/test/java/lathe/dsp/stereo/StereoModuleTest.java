package lathe.dsp.stereo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import lathe.dsp.Allocations;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

class StereoModuleTest {
  private static final double RATE = 48000;
  private static final int WIDTH = 0;
  private static final int MONO_BASS = 1;
  private static final int BALANCE = 2;
  // Rounding of M + S and M - S in double precision, for signals of magnitude up to 2.
  private static final double ROUNDING = 1e-15;

  private static StereoModule stereo(int maxFrames, int channels, double... settings) {
    StereoModule m = new StereoModule();
    for (int i = 0; i + 1 < settings.length; i += 2) {
      m.setParameter((int) settings[i], settings[i + 1]);
    }
    m.prepare(new ProcessSpec(RATE, maxFrames, channels));
    return m;
  }

  private static double mid(double[][] x, int i) {
    return (x[0][i] + x[1][i]) * 0.5;
  }

  private static double side(double[][] x, int i) {
    return (x[0][i] - x[1][i]) * 0.5;
  }

  @Test
  void widthZeroIsExactlyMonoAndTwoHundredDoublesTheSide() {
    double[][] in = BlockRunner.noise(2, 20000, 1);
    double[][] mono = BlockRunner.run(stereo(512, 2, WIDTH, 0), in, new int[] {512});
    assertArrayEquals(mono[0], mono[1], "width 0 makes L == R exactly");
    double[][] wide = BlockRunner.run(stereo(512, 2, WIDTH, 200), in, new int[] {512});
    double worstSide = 0;
    double worstMid = 0;
    for (int i = 0; i < 20000; i++) {
      assertEquals(mid(in, i), mono[0][i], ROUNDING);
      worstSide = Math.max(worstSide, Math.abs(side(wide, i) - 2 * side(in, i)));
      worstMid = Math.max(worstMid, Math.abs(mid(wide, i) - mid(in, i)));
    }
    assertTrue(worstSide <= ROUNDING, "side doubled within " + worstSide);
    assertTrue(worstMid <= ROUNDING, "mid kept within " + worstMid);
  }

  @Test
  void neutralSettingsAreBitTransparent() {
    double[][] in = BlockRunner.noise(2, 20000, 2);
    in[0][3] = 1e-310;
    double[][] out = BlockRunner.run(stereo(999, 2), in, new int[] {999});
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
    // Back to neutral after moving: once the ramps end, the output is the input again, bit for bit.
    StereoModule m = stereo(1000, 2, WIDTH, 150, MONO_BASS, 100, BALANCE, 30);
    BlockRunner.run(m, in, new int[] {1000});
    m.setParameter(WIDTH, 100);
    m.setParameter(MONO_BASS, 0);
    m.setParameter(BALANCE, 0);
    BlockRunner.run(m, in, new int[] {1000});
    out = BlockRunner.run(m, in, new int[] {1000});
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
  }

  @Test
  void monoInputIsUnchangedByWidthAndMonoBass() {
    double[][] in = BlockRunner.noise(2, 10000, 3);
    in[1] = in[0].clone();
    for (double width : new double[] {0, 37, 100, 200}) {
      double[][] out =
          BlockRunner.run(stereo(256, 2, WIDTH, width, MONO_BASS, 120), in, new int[] {256});
      assertArrayEquals(in[0], out[0], "width " + width);
      assertArrayEquals(in[1], out[1], "width " + width);
    }
  }

  @Test
  void oneChannelStreamPassesUnchanged() {
    double[][] in = BlockRunner.noise(1, 10000, 4);
    double[][] out =
        BlockRunner.run(
            stereo(256, 1, WIDTH, 0, MONO_BASS, 300, BALANCE, -100), in, new int[] {256});
    assertArrayEquals(in[0], out[0]);
  }

  /** The closed form of the LR4 high-pass at the prewarped frequency: 1 / (1 + (fc / f)^4). */
  private static double lr4HighPassDb(double hz, double cutoff) {
    double ratio = Math.tan(Math.PI * cutoff / RATE) / Math.tan(Math.PI * hz / RATE);
    return -20 * Math.log10(1 + Math.pow(ratio, 4));
  }

  /** Returns the gain in dB of the side of a pure-side sine (L = -R), by RMS after 1 s. */
  private static double sideGainDb(StereoModule m, double hz) {
    int settle = (int) RATE;
    int measure = (int) RATE / 2;
    double[][] x = new double[2][480];
    double in2 = 0;
    double out2 = 0;
    for (int n = 0; n < settle + measure; n += 480) {
      double[] s = new double[480];
      for (int i = 0; i < 480; i++) {
        s[i] = 0.5 * Math.sin(2 * Math.PI * hz * (n + i) / RATE);
        x[0][i] = 0.25 + s[i];
        x[1][i] = 0.25 - s[i];
      }
      m.process(x, 480);
      if (n >= settle) {
        for (int i = 0; i < 480; i++) {
          double so = side(x, i);
          in2 += s[i] * s[i];
          out2 += so * so;
          assertEquals(0.25, mid(x, i), ROUNDING, "mid untouched");
        }
      }
    }
    return 10 * Math.log10(out2 / in2);
  }

  @Test
  void monoBassHighPassesTheSideByTheLinkwitzRileyMagnitude() {
    double worst = 0;
    for (double cutoff : new double[] {60, 120, 300}) {
      for (double hz : new double[] {30, 60, 120, 1000, 10000}) {
        double got = sideGainDb(stereo(480, 2, MONO_BASS, cutoff), hz);
        double expected = lr4HighPassDb(hz, cutoff);
        worst = Math.max(worst, Math.abs(got - expected));
        assertEquals(expected, got, 0.05, cutoff + " Hz cutoff at " + hz + " Hz");
      }
    }
    // At 1 kHz the side passes: the closed form itself is within 0.05 dB of 0 dB.
    assertEquals(0, sideGainDb(stereo(480, 2, MONO_BASS, 120), 1000), 0.05);
    assertTrue(lr4HighPassDb(30, 120) < -47, "30 Hz under a 120 Hz cutoff: -48 dB");
    System.out.printf("stereo mono bass: worst deviation from LR4 closed form %.2e dB%n", worst);
  }

  @Test
  void monoBassLeavesTheMidUntouched() {
    double[][] in = BlockRunner.noise(2, 30000, 5);
    double[][] out =
        BlockRunner.run(stereo(512, 2, MONO_BASS, 200, WIDTH, 130), in, new int[] {512});
    double worst = 0;
    for (int i = 0; i < 30000; i++) {
      worst = Math.max(worst, Math.abs(mid(out, i) - mid(in, i)));
    }
    System.out.printf("stereo mid through mono bass: worst difference %.2e%n", worst);
    assertTrue(worst <= ROUNDING, "mid within rounding: " + worst);
  }

  @Test
  void balanceFollowsTheLinearLaw() {
    double[][] in = BlockRunner.noise(2, 4000, 6);
    for (double balance : new double[] {-100, -30, 25, 50, 100}) {
      double expectLeft = balance > 0 ? 1 - balance / 100 : 1;
      double expectRight = balance < 0 ? 1 + balance / 100 : 1;
      assertEquals(expectLeft, StereoModule.leftGain(balance), 1e-15);
      assertEquals(expectRight, StereoModule.rightGain(balance), 1e-15);
      double[][] out = BlockRunner.run(stereo(512, 2, BALANCE, balance), in, new int[] {512});
      for (int i = 0; i < 4000; i++) {
        assertEquals(expectLeft * in[0][i], out[0][i], ROUNDING, "left at " + balance);
        assertEquals(expectRight * in[1][i], out[1][i], ROUNDING, "right at " + balance);
      }
    }
  }

  @Test
  void outputDoesNotDependOnBlockSizes() {
    double[][] in = BlockRunner.noise(2, 40000, 7);
    int[][] splits = {{40000}, {1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999}};
    double[][] ref = null;
    for (int[] sizes : splits) {
      StereoModule m = stereo(BlockRunner.largest(sizes), 2, MONO_BASS, 40);
      m.setParameter(WIDTH, 160);
      m.setParameter(MONO_BASS, 250); // glides
      m.setParameter(BALANCE, -40);
      double[][] out = BlockRunner.run(m, in, sizes);
      if (ref == null) {
        ref = out;
      } else {
        assertArrayEquals(ref[0], out[0], "split " + sizes[0]);
        assertArrayEquals(ref[1], out[1], "split " + sizes[0]);
      }
    }
  }

  @Test
  void switchingMonoBassOffAndOnWhilePlayingDoesNotDependOnBlockSizes() {
    double[][] in = BlockRunner.noise(2, 60000, 9);
    int[][] splits = {{20000}, {1}, {31}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999}};
    double[][] ref = null;
    for (int[] sizes : splits) {
      StereoModule m = stereo(BlockRunner.largest(sizes), 2, WIDTH, 120);
      double[][] out = new double[2][60000];
      for (int part = 0; part < 3; part++) {
        m.setParameter(MONO_BASS, part == 1 ? 0 : 90 + part);
        m.setParameter(WIDTH, part == 1 ? 100 : 120);
        double[][] piece = new double[2][];
        for (int c = 0; c < 2; c++) {
          piece[c] = Arrays.copyOfRange(in[c], part * 20000, part * 20000 + 20000);
        }
        double[][] done = BlockRunner.run(m, piece, sizes);
        for (int c = 0; c < 2; c++) {
          System.arraycopy(done[c], 0, out[c], part * 20000, 20000);
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
  void nanAndInfinityInputRecoverWithFiniteOutput() {
    StereoModule m = stereo(512, 2, WIDTH, 180, MONO_BASS, 150, BALANCE, 10);
    double[][] x = new double[2][512];
    for (int b = 0; b < 20; b++) {
      for (int i = 0; i < 512; i++) {
        x[0][i] = b == 3 && i == 7 ? Double.NaN : Math.sin(i * 0.1);
        x[1][i] = b == 4 ? Double.POSITIVE_INFINITY : b == 5 ? Double.NEGATIVE_INFINITY : 0.3;
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
  void impulseThenSilenceGivesExactZeros() {
    StereoModule m = stereo(1000, 2, MONO_BASS, 20, WIDTH, 200);
    double[][] x = new double[2][1000];
    x[0][0] = 1;
    x[1][0] = -1;
    m.process(x, 1000);
    for (int b = 0; b < 300; b++) {
      Arrays.fill(x[0], 0);
      Arrays.fill(x[1], 0);
      m.process(x, 1000);
    }
    assertTrue(m.filterIsSilent(), "mono-bass filter state snapped to zero");
    for (int c = 0; c < 2; c++) {
      for (double v : x[c]) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }

  @Test
  void processingAllocatesNothingWhileParametersMove() {
    StereoModule m = stereo(256, 2);
    double[][] x = BlockRunner.noise(2, 256, 8);
    int[] step = {0};
    long bytes =
        Allocations.steadyState(
            4000,
            () -> {
              int k = step[0]++;
              m.setParameter(k % 3, m.params().get(k % 3).toPlain((k * 0.37) % 1.0));
              m.process(x, 256);
            });
    assertEquals(0, bytes);
  }

  @Test
  void steppingEveryParameterFromMinimumToMaximumDoesNotClick() {
    // Input: L and R are 100 Hz and 150 Hz sines of amplitude 0.5 (largest step 0.0098). Width
    // jumps 0 -> 200 %, balance -100 -> +100 %, mono bass off -> 300 Hz -> off. Bound: the largest
    // output step is at most 2 times the input's (width 200 % makes L' = 1.5 L - 0.5 R, whose step
    // is at most 2 times the input's) plus 0.002 for the ramps. An unsmoothed width jump would
    // step by up to 1.
    StereoModule m = stereo(480, 2, WIDTH, 0, BALANCE, -100);
    double[][] x = new double[2][480];
    double inJump = 0;
    double outJump = 0;
    double[] prevIn = new double[2];
    double[] prevOut = new double[2];
    for (int b = 0; b < 300; b++) {
      if (b == 50) {
        m.setParameter(WIDTH, 200);
      }
      if (b == 100) {
        m.setParameter(BALANCE, 100);
      }
      if (b == 150) {
        m.setParameter(MONO_BASS, 300);
      }
      if (b == 200) {
        m.setParameter(MONO_BASS, 0);
      }
      for (int i = 0; i < 480; i++) {
        int n = b * 480 + i;
        x[0][i] = 0.5 * Math.sin(2 * Math.PI * 100 * n / RATE);
        x[1][i] = 0.5 * Math.sin(2 * Math.PI * 150 * n / RATE);
      }
      double[][] in = {x[0].clone(), x[1].clone()};
      m.process(x, 480);
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < 480; i++) {
          inJump = Math.max(inJump, Math.abs(in[c][i] - prevIn[c]));
          outJump = Math.max(outJump, Math.abs(x[c][i] - prevOut[c]));
          prevIn[c] = in[c][i];
          prevOut[c] = x[c][i];
        }
      }
    }
    System.out.printf(
        "stereo parameter steps: output jump %.5f, input jump %.5f%n", outJump, inJump);
    assertTrue(outJump <= 2 * inJump + 0.002, "jump " + outJump + " vs input " + inJump);
  }
}
