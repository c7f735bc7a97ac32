package lathe.dsp.multiband;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import lathe.dsp.Allocations;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

class MultibandCompressorTest {
  private static final double RATE = 48000;

  /** Returns a stereo sine of the given amplitude, the same on both channels. */
  private static double[][] sine(double hertz, double amplitude, int frames) {
    double[][] x = new double[2][frames];
    for (int i = 0; i < frames; i++) {
      x[0][i] = amplitude * Math.sin(2 * Math.PI * hertz * i / RATE);
      x[1][i] = x[0][i];
    }
    return x;
  }

  private static double[][] run(
      MultibandCompressor m, double[][] in, int[] sizes, Consumer<MultibandCompressor> setup) {
    setup.accept(m);
    m.prepare(new ProcessSpec(RATE, BlockRunner.largest(sizes), in.length));
    return BlockRunner.run(m, in, sizes);
  }

  private static double rms(double[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i] * x[i];
    }
    return Math.sqrt(s / (to - from));
  }

  /** Three bands split at 100 Hz and 10 kHz, so 1 kHz lies well inside band 2. */
  private static void wideMiddleBand(MultibandCompressor m) {
    Mbc.layout(m, 3, 100, 10000, 12000);
  }

  @Test
  void staticGainOfABandMatchesTheSoftKneeFormula() {
    double[][] cases = {
      // amplitude, threshold dB, ratio, knee dB
      {0.5, -20, 4, 0},
      {0.5, -20, 4, 6},
      {0.1, -24, 10, 12}, // level -20 dBFS, inside the knee
      {0.9, -40, 20, 24},
      {0.25, -14, 2, 6}, // level -12.04 dBFS, inside the knee
      {0.05, -20, 8, 6}, // level -26 dBFS, under the knee: no reduction
    };
    double worst = 0;
    for (double[] c : cases) {
      MultibandCompressor m = new MultibandCompressor();
      double[][] in = sine(1000, c[0], 72000);
      double[][] out =
          run(
              m,
              in,
              new int[] {512},
              k -> {
                wideMiddleBand(k);
                Mbc.band(k, 2, "threshold", c[1]);
                Mbc.band(k, 2, "ratio", c[2]);
                Mbc.band(k, 2, "knee", c[3]);
                Mbc.band(k, 2, "attack", 0.05);
                Mbc.band(k, 2, "release", 3000);
                // Soloed, so the bands beside it (1e-4 of the sine each) do not dilute the figure.
                Mbc.band(k, 2, "solo", 1);
              });
      double got = 20 * Math.log10(rms(out[0], 48000, 72000) / rms(in[0], 48000, 72000));
      double expected = Mbc.textbookGainDb(20 * Math.log10(c[0]), c[1], c[2], c[3]);
      worst = Math.max(worst, Math.abs(got - expected));
      assertEquals(expected, got, 0.1, Arrays.toString(c));
      assertEquals(-expected, m.gainReductionDb(), 0.1, "meter " + Arrays.toString(c));
    }
    System.out.printf("mbc static gain vs soft-knee formula: worst %.3g dB%n", worst);
  }

  @Test
  void soloedBandsAloneAreHeard() {
    int n = 96000;
    double[][] in = new double[2][n];
    double[] hz = {40, 1000, 16000};
    for (int i = 0; i < n; i++) {
      for (double f : hz) {
        in[0][i] += 0.2 * Math.sin(2 * Math.PI * f * i / RATE);
      }
      in[1][i] = in[0][i];
    }
    for (boolean[] solo : new boolean[][] {{false, true, false}, {true, false, true}}) {
      double[][] out =
          run(
              new MultibandCompressor(),
              in,
              new int[] {1024},
              m -> {
                Mbc.layout(m, 3, 200, 4000, 12000);
                for (int b = 0; b < 3; b++) {
                  Mbc.band(m, b + 1, "solo", solo[b] ? 1 : 0);
                }
              });
      for (int b = 0; b < 3; b++) {
        double db = 20 * Math.log10(Mbc.amplitude(out[0], 48000, n, hz[b], RATE) / 0.2);
        if (solo[b]) {
          assertEquals(0, db, 0.05, "soloed band " + (b + 1));
        } else {
          assertTrue(db < -40, "muted band " + (b + 1) + ": " + db + " dB");
        }
      }
    }
  }

  @Test
  void midSideCompressesMidAndSideApart() {
    int n = 72000;
    double[][] in = new double[2][n];
    for (int i = 0; i < n; i++) {
      double mid = 0.5 * Math.sin(2 * Math.PI * 1000 * i / RATE);
      double side = 0.02 * Math.sin(2 * Math.PI * 1500 * i / RATE);
      in[0][i] = mid + side;
      in[1][i] = mid - side;
    }
    double expectedMid = Mbc.textbookGainDb(20 * Math.log10(0.5), -20, 4, 0);
    for (int mode = 0; mode <= 1; mode++) {
      int chosen = mode;
      double[][] out =
          run(
              new MultibandCompressor(),
              in,
              new int[] {700},
              m -> {
                wideMiddleBand(m);
                Mbc.set(m, "mbc.mode", chosen);
                Mbc.band(m, 2, "threshold", -20);
                Mbc.band(m, 2, "ratio", 4);
                Mbc.band(m, 2, "knee", 0);
                Mbc.band(m, 2, "attack", 0.05);
                Mbc.band(m, 2, "release", 3000);
              });
      double[] mid = new double[n];
      double[] side = new double[n];
      for (int i = 0; i < n; i++) {
        mid[i] = 0.5 * (out[0][i] + out[1][i]);
        side[i] = 0.5 * (out[0][i] - out[1][i]);
      }
      double midDb = 20 * Math.log10(Mbc.amplitude(mid, 48000, n, 1000, RATE) / 0.5);
      double sideDb = 20 * Math.log10(Mbc.amplitude(side, 48000, n, 1500, RATE) / 0.02);
      if (mode == 1) {
        assertEquals(expectedMid, midDb, 0.1, "mid follows the formula at its own level");
        assertEquals(0, sideDb, 0.01, "side under threshold untouched");
      } else {
        // Linked: the side shares the reduction the louder channel (about 0.52) calls for.
        assertTrue(sideDb < expectedMid + 1, "side reduced with the mid: " + sideDb);
      }
    }
  }

  @Test
  void midSideUnderThresholdReconstructsStereo() {
    double[][] in = BlockRunner.noise(2, 20000, 7);
    for (int i = 0; i < 20000; i++) {
      in[0][i] *= 0.1;
      in[1][i] *= 0.05;
    }
    double[][][] outs = new double[2][][];
    for (int mode = 0; mode <= 1; mode++) {
      int chosen = mode;
      outs[mode] =
          run(
              new MultibandCompressor(),
              in,
              new int[] {512},
              m -> {
                Mbc.set(m, "mbc.mode", chosen);
                Mbc.band(m, 1, "ratio", 4); // engaged, but every level stays under 0 dBFS - 3 dB
              });
    }
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 20000; i++) {
        assertEquals(outs[0][c][i], outs[1][c][i], 1e-13, "frame " + i);
      }
    }
  }

  @Test
  void defaultAndNeutralSettingsAreBitTransparent() {
    double[][] in = BlockRunner.noise(2, 20000, 3);
    in[0][5] = 1e-310;
    double[][] out = run(new MultibandCompressor(), in, new int[] {999}, m -> {});
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
    out =
        run(
            new MultibandCompressor(),
            in,
            new int[] {64},
            m -> {
              Mbc.set(m, "mbc.bands", 1);
              Mbc.set(m, "mbc.mode", 1);
              for (int b = 1; b <= 4; b++) {
                Mbc.band(m, b, "threshold", -60);
                Mbc.band(m, b, "bypass", 1);
              }
              Mbc.band(m, 4, "ratio", 8); // band 4 is not in use with three bands
            });
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
    out =
        run(
            new MultibandCompressor(),
            in,
            new int[] {64},
            m -> {
              for (int b = 1; b <= 3; b++) {
                Mbc.band(m, b, "threshold", -60);
                Mbc.band(m, b, "ratio", 8);
                Mbc.band(m, b, "makeup", 6);
                Mbc.band(m, b, "bypass", 1); // every band in use bypassed
              }
            });
    assertArrayEquals(in[0], out[0]);
    assertArrayEquals(in[1], out[1]);
  }

  @Test
  void returnsToBitTransparencyAfterCompressionIsTurnedOff() {
    MultibandCompressor m = new MultibandCompressor();
    m.prepare(new ProcessSpec(RATE, 480, 2));
    Mbc.band(m, 2, "threshold", -30);
    Mbc.band(m, 2, "ratio", 4);
    Mbc.band(m, 2, "release", 5);
    double[][] x = new double[2][480];
    double[][] copy = new double[2][];
    for (int block = 0; block < 200; block++) {
      if (block == 50) {
        Mbc.band(m, 2, "ratio", 1);
      }
      double[][] in = BlockRunner.noise(2, 480, block);
      for (int c = 0; c < 2; c++) {
        System.arraycopy(in[c], 0, x[c], 0, 480);
        copy[c] = in[c].clone();
      }
      m.process(x, 480);
      if (block == 40) {
        assertEquals(3, m.activeBands());
        assertTrue(m.gainReductionDb() > 1, "compressing: " + m.gainReductionDb());
      }
      if (block > 150) {
        assertEquals(0, m.activeBands(), "idle");
        assertArrayEquals(copy[0], x[0], "block " + block);
        assertArrayEquals(copy[1], x[1], "block " + block);
      }
    }
  }

  @Test
  void outputDoesNotDependOnBlockSizes() {
    double[][] in = BlockRunner.noise(2, 30000, 11);
    Consumer<MultibandCompressor> setup =
        m -> {
          Mbc.set(m, "mbc.bands", 2);
          Mbc.set(m, "mbc.mode", 1);
          Mbc.set(m, "mbc.crossover2", 3000);
          Mbc.band(m, 1, "threshold", -20);
          Mbc.band(m, 1, "ratio", 3);
          Mbc.band(m, 3, "threshold", -30);
          Mbc.band(m, 3, "ratio", 6);
          Mbc.band(m, 3, "makeup", 4);
          Mbc.band(m, 4, "solo", 1);
          Mbc.band(m, 4, "knee", 0);
          Mbc.band(m, 4, "attack", 1);
          Mbc.band(m, 4, "ratio", 2);
          Mbc.band(m, 4, "threshold", -10);
        };
    Consumer<MultibandCompressor> after =
        m -> {
          Mbc.set(m, "mbc.crossover1", 300); // glides from the default 120 Hz
          Mbc.band(m, 2, "threshold", -40);
          Mbc.band(m, 2, "ratio", 5);
          Mbc.band(m, 4, "solo", 0);
        };
    double[][] ref = runAfter(in, new int[] {30000}, setup, after);
    for (int[] sizes :
        new int[][] {{1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999, 4095}}) {
      double[][] out = runAfter(in, sizes, setup, after);
      assertArrayEquals(ref[0], out[0], "sizes " + Arrays.toString(sizes));
      assertArrayEquals(ref[1], out[1], "sizes " + Arrays.toString(sizes));
    }
  }

  @Test
  void linkedOutputDoesNotDependOnBlockSizesThroughReleaseToRestAndNewTimes() {
    // Steady linked stereo settings let whole blocks wait for their envelopes and gains; the
    // envelopes release to rest (snapped at grid points inside those blocks); new envelope times
    // arrive between two grid points, then ratio 1 lets the module go idle once the envelopes rest.
    double[][] in = BlockRunner.noise(2, 49152, 12);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < in[c].length; i++) {
        in[c][i] *= i < 12000 ? 1.0 : i < 24586 ? 0.0 : 0.5;
      }
    }
    int[] parts = {0, 24586, 36870, 49152};
    double[][] ref = null;
    for (int[] sizes : new int[][] {{4096}, {1}, {2}, {31}, {64}, {999}, {1, 2, 31, 64, 65, 999}}) {
      MultibandCompressor m = new MultibandCompressor();
      for (int b = 1; b <= 3; b++) {
        Mbc.band(m, b, "threshold", -30);
        Mbc.band(m, b, "ratio", 3);
        Mbc.band(m, b, "release", 5);
      }
      m.prepare(new ProcessSpec(RATE, BlockRunner.largest(sizes), 2));
      double[][] out = new double[2][in[0].length];
      for (int part = 0; part < 3; part++) {
        if (part == 1) {
          assertEquals(0.0, m.gainReductionDb(), "envelopes at rest after the silence");
          Mbc.band(m, 2, "attack", 2);
          Mbc.band(m, 3, "release", 40);
        } else if (part == 2) {
          assertTrue(m.gainReductionDb() > 1, "compressing again");
          for (int b = 1; b <= 3; b++) {
            Mbc.band(m, b, "ratio", 1);
          }
          Mbc.band(m, 3, "release", 5);
        }
        int from = parts[part];
        int to = parts[part + 1];
        double[][] piece = {
          Arrays.copyOfRange(in[0], from, to), Arrays.copyOfRange(in[1], from, to)
        };
        double[][] done = BlockRunner.run(m, piece, sizes);
        System.arraycopy(done[0], 0, out[0], from, to - from);
        System.arraycopy(done[1], 0, out[1], from, to - from);
      }
      assertEquals(0, m.activeBands(), "idle at the end");
      if (ref == null) {
        ref = out;
      } else {
        assertArrayEquals(ref[0], out[0], "sizes " + Arrays.toString(sizes));
        assertArrayEquals(ref[1], out[1], "sizes " + Arrays.toString(sizes));
      }
    }
  }

  /** Sets up before prepare, then changes settings after prepare so glides and fades run. */
  private static double[][] runAfter(
      double[][] in,
      int[] sizes,
      Consumer<MultibandCompressor> before,
      Consumer<MultibandCompressor> after) {
    MultibandCompressor m = new MultibandCompressor();
    before.accept(m);
    m.prepare(new ProcessSpec(RATE, BlockRunner.largest(sizes), 2));
    after.accept(m);
    return BlockRunner.run(m, in, sizes);
  }

  @Test
  void nanAndInfinityInputRecoverWithFiniteOutput() {
    MultibandCompressor m = new MultibandCompressor();
    Mbc.set(m, "mbc.mode", 1);
    Mbc.band(m, 1, "ratio", 4);
    Mbc.band(m, 1, "threshold", -30);
    m.prepare(new ProcessSpec(RATE, 512, 2));
    double[][] x = new double[2][512];
    for (int b = 0; b < 40; b++) {
      for (int i = 0; i < 512; i++) {
        x[0][i] = b == 3 && i == 7 ? Double.NaN : Math.sin(i * 0.01);
        x[1][i] = b == 4 ? Double.POSITIVE_INFINITY : b == 5 ? -1e300 : 0.5 * Math.sin(i * 0.05);
      }
      m.process(x, 512);
      for (int c = 0; c < 2; c++) {
        for (double v : x[c]) {
          assertTrue(Double.isFinite(v), "finite at block " + b);
        }
      }
      assertTrue(Double.isFinite(m.gainReductionDb()));
    }
    double peak = 0;
    for (double v : x[1]) {
      peak = Math.max(peak, Math.abs(v));
    }
    assertTrue(peak > 0.1, "recovered: " + peak);
  }

  @Test
  void impulseThenSilenceDecaysToExactZero() {
    MultibandCompressor m = new MultibandCompressor();
    Mbc.set(m, "mbc.bands", 2);
    Mbc.set(m, "mbc.crossover1", 20);
    for (int b = 1; b <= 4; b++) {
      Mbc.band(m, b, "ratio", 4);
      Mbc.band(m, b, "threshold", -40);
    }
    m.prepare(new ProcessSpec(RATE, 1000, 2));
    double[][] x = new double[2][1000];
    x[0][0] = 1;
    x[1][0] = -1;
    for (int b = 0; b < 240; b++) {
      m.process(x, 1000);
      Arrays.fill(x[0], 0);
      Arrays.fill(x[1], 0);
    }
    m.process(x, 1000);
    assertTrue(m.isSilent(), "filter state snapped to zero");
    assertEquals(0.0, m.gainReductionDb(), "envelopes snapped to rest");
    for (int c = 0; c < 2; c++) {
      for (double v : x[c]) {
        assertEquals(0.0, v);
      }
    }
  }

  @Test
  void processingAllocatesNothingWhileEveryParameterMoves() {
    MultibandCompressor m = new MultibandCompressor();
    m.prepare(new ProcessSpec(RATE, 256, 2));
    double[][] x = BlockRunner.noise(2, 256, 5);
    int[] call = {0};
    int count = m.params().size();
    long bytes =
        Allocations.steadyState(
            500,
            () -> {
              int k = call[0]++;
              int index = k % count;
              var spec = m.params().get(index);
              m.setParameter(index, spec.toPlain((k / count) % 2 == 0 ? 0.8 : 0.3));
              m.process(x, 256);
            });
    assertEquals(0, bytes, "bytes allocated in steady state");
  }

  @Test
  void parameterStepsDoNotClick() {
    // A 997 Hz sine's largest step between frames is 2 pi 997 / 48000 of its amplitude. Band 2
    // compresses it (threshold -20 dBFS, 4:1, attack 0.05 ms) when, in the middle of a cycle, one
    // setting steps to an end of its range. The output's largest step may exceed the input's by
    // 10 % at most: crossfades between two all-pass phases of the same sine, gains that glide over
    // 20 ms and crossovers that glide over 30 ms add far less than that.
    String[][] steps = {
      {"mbc.band2.threshold", "-60"},
      {"mbc.band2.threshold", "0"},
      {"mbc.band2.ratio", "20"},
      {"mbc.band2.ratio", "1"},
      {"mbc.band2.knee", "24"},
      {"mbc.band2.solo", "1"},
      {"mbc.band3.solo", "1"},
      {"mbc.band2.bypass", "1"},
      {"mbc.bands", "2"},
      {"mbc.bands", "0"},
      {"mbc.mode", "1"},
      {"mbc.crossover1", "2000"},
      {"mbc.crossover2", "100"},
      {"mbc.crossover2", "10000"},
    };
    int n = 24576;
    double hz = 997;
    double[][] in = new double[2][n];
    for (int i = 0; i < n; i++) {
      in[0][i] = 0.5 * Math.sin(2 * Math.PI * hz * i / RATE);
      in[1][i] = 0.3 * Math.sin(2 * Math.PI * hz * i / RATE + 1);
    }
    double inputStep = 0.5 * 2 * Math.PI * hz / RATE;
    for (String[] step : steps) {
      MultibandCompressor m = new MultibandCompressor();
      Mbc.layout(m, 3, 120, 2000, 6000);
      Mbc.band(m, 2, "ratio", 4);
      Mbc.band(m, 2, "threshold", -20);
      Mbc.band(m, 2, "knee", 0);
      Mbc.band(m, 2, "attack", 0.05);
      m.prepare(new ProcessSpec(RATE, 512, 2));
      double[][] x = new double[2][512];
      double largest = 0;
      double previous = 0;
      for (int pos = 0; pos < n; pos += 512) {
        if (pos == 6144) {
          Mbc.set(m, step[0], Double.parseDouble(step[1]));
        }
        for (int c = 0; c < 2; c++) {
          System.arraycopy(in[c], pos, x[c], 0, 512);
        }
        m.process(x, 512);
        for (int i = 0; i < 512; i++) {
          if (pos + i > 4000) {
            largest = Math.max(largest, Math.abs(x[0][i] - previous));
          }
          previous = x[0][i];
        }
      }
      System.out.printf(
          "mbc step %s -> %s: largest jump %.4f x the input's%n",
          step[0], step[1], largest / inputStep);
      assertTrue(
          largest <= 1.1 * inputStep, step[0] + ": jump " + largest + " vs input " + inputStep);
    }
  }

  @Test
  void makeupStepIsSmoothed() {
    // Makeup raises the gain 24 dB (x 15.85) over 20 ms: the output's largest step stays within
    // that of the louder sine plus the ramp's own contribution.
    MultibandCompressor m = new MultibandCompressor();
    Mbc.band(m, 2, "ratio", 2);
    m.prepare(new ProcessSpec(RATE, 512, 1));
    double[][] x = new double[1][512];
    double amplitude = 0.01;
    double largest = 0;
    double previous = 0;
    for (int pos = 0; pos < 24576; pos += 512) {
      if (pos == 6144) {
        Mbc.band(m, 1, "makeup", 24);
        Mbc.band(m, 2, "makeup", 24);
        Mbc.band(m, 3, "makeup", 24);
      }
      for (int i = 0; i < 512; i++) {
        x[0][i] = amplitude * Math.sin(2 * Math.PI * 1000 * (pos + i) / RATE);
      }
      m.process(x, 512);
      for (int i = 0; i < 512; i++) {
        if (pos + i > 4000) {
          largest = Math.max(largest, Math.abs(x[0][i] - previous));
        }
        previous = x[0][i];
      }
    }
    double gain = Math.pow(10, 24 / 20.0);
    double bound = amplitude * gain * (2 * Math.PI * 1000 / RATE + 1.0 / 960);
    assertTrue(largest <= 1.05 * bound, "jump " + largest + " vs " + bound);
  }

  @Test
  void reportsNoLatencyAndItsId() {
    MultibandCompressor m = new MultibandCompressor();
    m.prepare(new ProcessSpec(RATE, 64, 2));
    assertEquals(0, m.latencyFrames());
    assertEquals("mbc", m.id());
    assertEquals(5 + 8 * 4, m.params().size());
    assertEquals("mbc.band3.makeup", m.params().get(MultibandCompressor.bandParamIndex(3, 5)).id());
    assertEquals(0.0, m.gainReductionDb());
  }
}
