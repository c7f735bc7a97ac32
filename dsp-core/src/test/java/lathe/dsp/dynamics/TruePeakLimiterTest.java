package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lathe.dsp.ProcessSpec;
import lathe.dsp.meter.ReferenceTruePeak;
import org.junit.jupiter.api.Test;

class TruePeakLimiterTest {
  private static final double ROUNDING = 1e-9;

  private static TruePeakLimiter limiter(double fs, int channels, int maxFrames, double ceilingDb) {
    TruePeakLimiter l = new TruePeakLimiter();
    l.setCeilingDbtp(ceilingDb);
    l.prepare(new ProcessSpec(fs, maxFrames, channels));
    return l;
  }

  /** Runs the input through in blocks of {@code block}, followed by enough silence to flush. */
  private static double[][] run(TruePeakLimiter l, double[][] in, int block) {
    int ch = in.length;
    int n = in[0].length + l.latencyFrames() + 16;
    double[][] out = new double[ch][n];
    for (int c = 0; c < ch; c++) {
      System.arraycopy(in[c], 0, out[c], 0, in[c].length);
    }
    double[][] buf = new double[ch][block];
    for (int i = 0; i < n; i += block) {
      int len = Math.min(block, n - i);
      for (int c = 0; c < ch; c++) {
        System.arraycopy(out[c], i, buf[c], 0, len);
      }
      l.process(buf, len);
      for (int c = 0; c < ch; c++) {
        System.arraycopy(buf[c], 0, out[c], i, len);
      }
    }
    return out;
  }

  /** Builds one of the hostile test signals, {@code n} frames long, before any gain. */
  private static double[] hostile(int kind, int n, double fs, Random r) {
    double[] x = new double[n];
    switch (kind) {
      case 0 -> { // sine just under Nyquist
        double f = 0.45 + 0.049 * r.nextDouble();
        for (int i = 0; i < n; i++) {
          x[i] = Math.sin(2 * Math.PI * f * i + r.nextDouble() * 0.0 + 0.3);
        }
      }
      case 1 -> { // square wave
        int period = 8 + r.nextInt(200);
        for (int i = 0; i < n; i++) {
          x[i] = (i % period) < period / 2 ? 1.0 : -1.0;
        }
      }
      case 2 -> { // full-scale white noise
        for (int i = 0; i < n; i++) {
          x[i] = 2 * r.nextDouble() - 1;
        }
      }
      case 3 -> { // clipped drum hits
        int gap = (int) (fs * 0.05);
        for (int i = 0; i < n; i++) {
          int t = i % gap;
          double v = 3 * Math.exp(-t / (fs * 0.01)) * Math.sin(2 * Math.PI * 60 * t / fs + 1.0);
          v += 0.5 * Math.exp(-t / (fs * 0.002)) * (2 * r.nextDouble() - 1);
          x[i] = Math.clamp(v, -1.0, 1.0);
        }
      }
      case 4 -> { // single-sample spikes, some of them doublets of opposite sign
        for (int i = 0; i < n; i += 37 + r.nextInt(300)) {
          x[i] = (r.nextBoolean() ? 1 : -1) * (0.2 + r.nextDouble());
          if (r.nextBoolean() && i + 1 < n) {
            x[i + 1] = -x[i];
          }
        }
      }
      case 5 -> { // DC steps
        double level = 0;
        for (int i = 0; i < n; i++) {
          if (i % 700 == 0) {
            level = r.nextInt(3) - 1;
          }
          x[i] = level;
        }
      }
      case 6 -> { // fs/4 at 45 degrees: every sample 3 dB under the waveform's peak
        for (int i = 0; i < n; i++) {
          x[i] = Math.sin(Math.PI / 2 * i + Math.PI / 4);
        }
      }
      case 7 -> { // the Annex 2 worst case: samples matching the signs of one phase's taps
        int p = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          int k = 11 - (i % 24);
          x[i] = k >= 0 ? Math.signum(ReferenceTruePeak.coefficientForTest(p, k)) : 0.0;
        }
      }
      default -> { // bursts of alternating full-scale samples with random onsets
        for (int i = 0; i < n; i++) {
          x[i] = (i / 50) % 3 == 0 ? ((i & 1) == 0 ? 1.0 : -1.0) * (0.5 + 0.5 * r.nextDouble()) : 0;
        }
      }
    }
    return x;
  }

  @Test
  void noTruePeakOverTheCeilingForHostileSignals() {
    Random r = new Random(20240611);
    double[] rates = {44100, 48000, 96000, 192000};
    double worstMarginDb = Double.NEGATIVE_INFINITY;
    double worstResampledDb = Double.NEGATIVE_INFINITY;
    long corrections = 0;
    int runs = 0;
    for (int kind = 0; kind <= 8; kind++) {
      for (int rep = 0; rep < 6; rep++) {
        double fs = rates[r.nextInt(rates.length)];
        int channels = 1 + r.nextInt(2);
        double ceilingDb = -12 * r.nextDouble();
        double gainDb = -6 + 26 * r.nextDouble();
        int n = 6000;
        double[][] in = new double[channels][];
        for (int c = 0; c < channels; c++) {
          in[c] = hostile(kind, n, fs, r);
          double g = Math.pow(10, gainDb / 20);
          for (int i = 0; i < n; i++) {
            in[c][i] *= g;
          }
        }
        TruePeakLimiter l = limiter(fs, channels, 512, ceilingDb);
        double[][] out = run(l, in, 1 + r.nextInt(512));
        double ceiling = Math.pow(10, ceilingDb / 20);
        for (int c = 0; c < channels; c++) {
          for (double v : out[c]) {
            assertTrue(Double.isFinite(v));
          }
          double tp = ReferenceTruePeak.annex2(out[c]);
          assertTrue(
              tp <= ceiling * (1 + ROUNDING),
              "kind " + kind + " fs " + fs + ": " + 20 * Math.log10(tp / ceiling) + " dB over");
          worstMarginDb = Math.max(worstMarginDb, 20 * Math.log10(tp / ceiling));
          if (rep < 2) {
            // The resampling meters' reading (32-tap beta 9 at 192 kHz) is bounded too.
            double resampled = new ResamplerPeak((int) fs, 192000, 1024).peak(out[c]);
            assertTrue(
                resampled <= ceiling * (1 + ROUNDING),
                "kind " + kind + " fs " + fs + ": resampled " + resampled / ceiling);
            worstResampledDb = Math.max(worstResampledDb, 20 * Math.log10(resampled / ceiling));
          }
        }
        assertEquals(
            0, l.unresolvedOvers(), "kind " + kind + " fs " + fs + " ceiling " + ceilingDb);
        corrections += l.safetyCorrections();
        runs++;
      }
    }
    System.out.printf(
        "limiter: %d runs, worst Annex 2 peak %.3e dB re ceiling, worst 192 kHz resampled peak"
            + " %+.4f dB, %d safety corrections%n",
        runs, worstMarginDb, worstResampledDb, corrections);
  }

  private static double[][] stereoMix(int n, double fs, long seed, double gainDb) {
    Random r = new Random(seed);
    double g = Math.pow(10, gainDb / 20);
    double[][] x = new double[2][n];
    for (int c = 0; c < 2; c++) {
      for (int seg = 0; seg < n; seg += 1000) {
        double[] part = hostile(r.nextInt(9), 1000, fs, r);
        for (int i = 0; i < 1000 && seg + i < n; i++) {
          x[c][seg + i] = g * part[i];
        }
      }
    }
    return x;
  }

  @Test
  void belowTheCeilingTheOutputIsTheDelayedInputBitForBit() {
    Random r = new Random(5);
    int n = 20000;
    double[][] in = new double[2][n];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < n; i++) {
        in[c][i] = 0.3 * (2 * r.nextDouble() - 1) * Math.sin(i * 0.001);
      }
    }
    TruePeakLimiter l = limiter(48000, 2, 256, -1);
    double[][] out = run(l, in, 256);
    int lat = l.latencyFrames();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < lat; i++) {
        assertEquals(0.0, out[c][i], 0.0);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(in[c][i], out[c][i + lat], 0.0, "frame " + i);
      }
    }
    assertEquals(0.0, l.gainReductionDb(), 0.0);
    assertEquals(0, l.safetyCorrections());
  }

  @Test
  void lookAheadIsAtMostOnePointFiveMilliseconds() {
    for (double fs : new double[] {44100, 48000, 88200, 96000, 176400, 192000}) {
      TruePeakLimiter l = limiter(fs, 2, 64, -1);
      assertTrue(l.latencyFrames() <= 0.0015 * fs, "fs " + fs + ": " + l.latencyFrames());
      assertTrue(l.latencyFrames() > 0);
    }
  }

  @Test
  void lookAheadCoversTheWidebandSupportAndTheSafetyHold() {
    // 30 frames of wideband support, the boxcar, and the 32-frame safety hold: 1.5 ms rounded down.
    double[] rates = {44100, 48000, 96000, 192000};
    int[] frames = {66, 72, 144, 288};
    for (int i = 0; i < rates.length; i++) {
      assertEquals(frames[i], limiter(rates[i], 2, 64, -1).latencyFrames(), "fs " + rates[i]);
    }
  }

  @Test
  void largestGainReductionOnAPlateauIsTheOvershootOverTheCeiling() {
    // A plateau at +6 dBFS entered and left by slow raised-cosine ramps, against a -1 dBTP ceiling.
    // The
    // Annex 2 phase that holds the samples sums to 1.0015869 (+0.0138 dB) at DC, and the main stage
    // aims 0.005 dB under the ceiling, so the reduction is 7 + 0.0138 + 0.005 dB.
    double fs = 48000;
    double amplitude = Math.pow(10, 6 / 20.0);
    int n = 24000;
    double[][] in = new double[1][n];
    for (int i = 0; i < n; i++) {
      int edge = Math.min(i, n - 1 - i); // ramps at both ends: an abrupt edge would ring
      double ramp = edge < 4800 ? 0.5 - 0.5 * Math.cos(Math.PI * edge / 4800) : 1.0;
      in[0][i] = amplitude * ramp;
    }
    TruePeakLimiter l = limiter(fs, 1, 256, -1);
    run(l, in, 256);
    double expected = 7.0 + 20 * Math.log10(1.0015869140625) + 0.005;
    assertEquals(expected, l.maxGainReductionDb(), 0.002);
    l.reset();
    assertEquals(0.0, l.maxGainReductionDb());
  }

  @Test
  void inputGainDrivesTheLimiterAndOnlyTheLimiter() {
    // A 997 Hz sine at -20 dBFS, 1 s, with a 100 ms raised-cosine fade at both ends.
    double fs = 48000;
    int n = 48000;
    double[][] in = new double[1][n];
    for (int i = 0; i < n; i++) {
      int edge = Math.min(i, n - 1 - i);
      double fade = edge < 4800 ? 0.5 - 0.5 * Math.cos(Math.PI * edge / 4800) : 1.0;
      in[0][i] = 0.1 * fade * Math.sin(2 * Math.PI * 997 * i / fs);
    }
    // +6 dB stays under the -1 dBTP ceiling: the output is the input times 10^(6/20), delayed.
    TruePeakLimiter l = limiter(fs, 1, 256, -1);
    l.setParameter(2, 6);
    l.prepare(new ProcessSpec(fs, 256, 1));
    double[][] out = run(l, in, 256);
    int lat = l.latencyFrames();
    double g = Math.pow(10, 6 / 20.0);
    for (int i = 0; i < n; i++) {
      assertEquals(in[0][i] * g, out[0][i + lat], 1e-15);
    }
    assertEquals(0.0, l.maxGainReductionDb());
    // +24 dB puts the sine at +4 dBFS, 5 dB over the ceiling: the limiter takes 5 dB off it.
    l = limiter(fs, 1, 256, -1);
    l.setParameter(2, 24);
    l.prepare(new ProcessSpec(fs, 256, 1));
    run(l, in, 256);
    assertEquals(24 - 20 + 1, l.maxGainReductionDb(), 0.1);
  }

  @Test
  void gainRecoversWithTheReleaseTimeConstant() {
    for (double releaseMs : new double[] {10, 100, 700}) {
      double fs = 48000;
      int n = (int) (fs * releaseMs / 1000 * 4) + 4000;
      double[][] in = new double[1][n];
      java.util.Arrays.fill(in[0], 0.25);
      in[0][1000] = 4.0;
      TruePeakLimiter l = limiter(fs, 1, 512, 0);
      l.setReleaseMillis(releaseMs);
      double[][] out = run(l, in, 512);
      int lat = l.latencyFrames();
      int t1 = 1400; // well after the hold and the boxcar have passed the spike
      int tau = (int) Math.round(fs * releaseMs / 1000);
      double d1 = 1 - out[0][t1 + lat] / 0.25;
      double d2 = 1 - out[0][t1 + tau + lat] / 0.25;
      assertTrue(d1 > 0.01, "still reducing at t1: " + d1);
      // Deficit 1 - g decays by exp(-1) per time constant; the stated tolerance is 1e-6 relative.
      assertEquals(Math.exp(-1), d2 / d1, 1e-6 * Math.exp(-1), "release " + releaseMs);
    }
  }

  @Test
  void blockSplitDoesNotChangeTheOutput() {
    double fs = 44100;
    double[][] in = stereoMix(30000, fs, 11, 14);
    double[][] whole = run(limiter(fs, 2, 30000 + 200, -2), in, 30000 + 200);
    for (int block : new int[] {1, 2, 31, 64, 65, 999, 4095}) {
      double[][] split = run(limiter(fs, 2, 4096, -2), in, block);
      for (int c = 0; c < 2; c++) {
        assertArrayEquals(whole[c], split[c], 0.0, "block " + block);
      }
    }
  }

  @Test
  void nonFiniteInputIsSilencedAndTheOutputStaysFinite() {
    double fs = 48000;
    double[][] in = stereoMix(8000, fs, 17, 10);
    double[][] clean = new double[2][];
    for (int c = 0; c < 2; c++) {
      clean[c] = in[c].clone();
    }
    double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300};
    for (int k = 0; k < bad.length; k++) {
      in[k & 1][3000 + 17 * k] = bad[k];
      clean[k & 1][3000 + 17 * k] = 0.0;
    }
    double[][] out = run(limiter(fs, 2, 128, -1), in, 128);
    double[][] expected = run(limiter(fs, 2, 128, -1), clean, 128);
    for (int c = 0; c < 2; c++) {
      for (double v : out[c]) {
        assertTrue(Double.isFinite(v));
      }
      assertArrayEquals(expected[c], out[c], 0.0);
    }
  }

  @Test
  void impulseThenSilenceLeavesExactZeroAndNoGainReduction() {
    double fs = 48000;
    TruePeakLimiter l = limiter(fs, 2, 512, -1);
    l.setReleaseMillis(1000);
    double[][] buf = new double[2][512];
    buf[0][0] = 50.0;
    buf[1][0] = -50.0;
    l.process(buf, 512);
    assertTrue(l.gainReductionDb() > 30);
    for (int b = 0; b < (int) (fs * 40 / 512); b++) {
      java.util.Arrays.fill(buf[0], 0.0);
      java.util.Arrays.fill(buf[1], 0.0);
      l.process(buf, 512);
    }
    assertEquals(0.0, l.gainReductionDb(), 0.0);
    for (int c = 0; c < 2; c++) {
      for (double v : buf[c]) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }

  @Test
  void ceilingChangesKeepEveryValueUnderTheSmoothedCeiling() {
    double fs = 48000;
    int n = 24000;
    double[][] in = stereoMix(n, fs, 23, 16);
    TruePeakLimiter l = limiter(fs, 2, 1000, -1);
    int lat = l.latencyFrames();
    int total = n + lat + 16;
    double[][] out = new double[2][total];
    double[] ceilingAt = new double[total];
    double[] changes = {-1, -9, -0.5, -12, -3, -3};
    double current = Math.pow(10, -1 / 20.0);
    double target = current;
    double factor = 1;
    int remaining = 0;
    int ramp = (int) Math.round(0.05 * fs);
    double[][] buf = new double[2][1000];
    for (int b = 0; b * 1000 < total; b++) {
      double db = changes[Math.min(b / 4, changes.length - 1)];
      l.setCeilingDbtp(db);
      double next = Math.pow(10, db / 20);
      if (next != target) {
        target = next;
        remaining = ramp;
        factor = Math.pow(target / current, 1.0 / ramp);
      }
      int len = Math.min(1000, total - b * 1000);
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < len; i++) {
          int k = b * 1000 + i;
          buf[c][i] = k < n ? in[c][k] : 0.0;
        }
      }
      for (int i = 0; i < len; i++) {
        if (remaining > 0) {
          remaining--;
          current = remaining == 0 ? target : current * factor;
        }
        ceilingAt[b * 1000 + i] = current;
      }
      l.process(buf, len);
      for (int c = 0; c < 2; c++) {
        System.arraycopy(buf[c], 0, out[c], b * 1000, len);
      }
    }
    for (int c = 0; c < 2; c++) {
      double[] up = ReferenceTruePeak.annex2Upsampled(out[c]);
      for (int k = lat; k < total; k++) {
        assertTrue(Math.abs(out[c][k]) <= ceilingAt[k - lat] * (1 + ROUNDING), "sample " + k);
      }
      // up[4m + p] lies between output frames m - 6 and m - 5.
      for (int j = 0; j < up.length; j++) {
        int left = (j >> 2) - 6;
        if (left - lat < 0 || left + 1 - lat >= total) {
          continue;
        }
        double cc = Math.min(ceilingAt[left - lat], ceilingAt[left + 1 - lat]);
        assertTrue(
            Math.abs(up[j]) <= cc * (1 + ROUNDING),
            "interval after frame " + left + ": " + 20 * Math.log10(Math.abs(up[j]) / cc));
      }
    }
    assertEquals(0, l.unresolvedOvers());
  }

  @Test
  void randomCeilingJumpsLeaveNoUnresolvedOvers() {
    Random r = new Random(1200);
    double[] rates = {44100, 48000, 96000, 192000};
    long unresolved = 0;
    long corrections = 0;
    int runs = 1200;
    for (int run = 0; run < runs; run++) {
      double fs = rates[r.nextInt(rates.length)];
      int channels = 1 + r.nextInt(2);
      int n = 1500;
      double g = Math.pow(10, (-6 + 26 * r.nextDouble()) / 20);
      double[][] in = new double[channels][];
      int kind = r.nextInt(9);
      for (int c = 0; c < channels; c++) {
        in[c] = hostile(kind, n, fs, r);
        for (int i = 0; i < n; i++) {
          in[c][i] *= g;
        }
      }
      TruePeakLimiter l = limiter(fs, channels, 64, -12 * r.nextDouble());
      double[][] buf = new double[channels][64];
      for (int i = 0; i < n; i += 64) {
        if (r.nextInt(4) == 0) {
          l.setCeilingDbtp(-12 * r.nextDouble()); // jumps mid-signal, ramped over 50 ms
        }
        int len = Math.min(64, n - i);
        for (int c = 0; c < channels; c++) {
          System.arraycopy(in[c], i, buf[c], 0, len);
        }
        l.process(buf, len);
        for (int c = 0; c < channels; c++) {
          for (int k = 0; k < len; k++) {
            assertTrue(Double.isFinite(buf[c][k]));
          }
        }
      }
      unresolved += l.unresolvedOvers();
      corrections += l.safetyCorrections();
    }
    System.out.printf(
        "limiter: %d runs with ceiling jumps, %d safety corrections, %d unresolved%n",
        runs, corrections, unresolved);
    assertEquals(0, unresolved);
  }

  @Test
  void parametersHaveTheirStableIdsRangesAndDefaults() {
    TruePeakLimiter l = new TruePeakLimiter();
    assertEquals("limiter", l.id());
    assertEquals("limiter.ceiling", l.params().get(0).id());
    assertEquals(-1, l.params().get(0).defaultValue());
    assertEquals(-12, l.params().get(0).min());
    assertEquals(0, l.params().get(0).max());
    assertEquals("dBTP", l.params().get(0).unit());
    assertEquals("limiter.release", l.params().get(1).id());
    assertEquals(100, l.params().get(1).defaultValue());
    assertEquals(1, l.params().get(1).min());
    assertEquals(1000, l.params().get(1).max());
  }
}
