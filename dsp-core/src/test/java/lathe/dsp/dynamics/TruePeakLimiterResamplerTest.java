package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

/**
 * Checks the limiter's output against an independent model of a resampling true-peak meter (the
 * 32-tap, beta 9 polyphase bank with 1024 phases and linear interpolation between phases, read at
 * 192 kHz; at 44.1 kHz also with the exact 640 phases of the 640/147 ratio) on loud material of
 * every kind: the limiter bounds the reconstructed waveform at every position, so no output sample
 * of the resampler can exceed the ceiling beyond rounding.
 */
class TruePeakLimiterResamplerTest {
  // The limiter's stated rounding allowance is 1e-10 of the ceiling; the model adds its own.
  private static final double ROUNDING = 1e-9;
  private static final int METER_RATE = 192000;
  private static final double[] RELEASES_MS = {1, 10, 100};

  /** Builds one test signal, {@code n} frames long at full scale, before any gain. */
  private static double[] signal(int kind, int channel, int n, double fs, Random r) {
    double[] x = new double[n];
    switch (kind) {
      case 0 -> { // white noise
        for (int i = 0; i < n; i++) {
          x[i] = 2 * r.nextDouble() - 1;
        }
      }
      case 1 -> { // pink-ish noise (three one-pole bands) with a 3 Hz tremolo of 90 %
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        for (int i = 0; i < n; i++) {
          double w = 2 * r.nextDouble() - 1;
          b0 = 0.99765 * b0 + w * 0.0990460;
          b1 = 0.96300 * b1 + w * 0.2965164;
          b2 = 0.57000 * b2 + w * 1.0526913;
          double pink = (b0 + b1 + b2 + w * 0.1848) * 0.25;
          x[i] = pink * (1 - 0.45 * (1 + Math.sin(2 * Math.PI * 3 * i / fs)));
        }
      }
      case 2 -> { // naive sawtooth sweeping from 50 Hz to 0.45 fs, rich in aliases
        double phase = r.nextDouble();
        for (int i = 0; i < n; i++) {
          double f = 50 * Math.pow(0.45 * fs / 50, (double) i / n);
          phase += f / fs;
          phase -= Math.floor(phase);
          x[i] = 2 * phase - 1;
        }
      }
      case 3 -> { // square wave of random period
        int period = 4 + r.nextInt(200);
        for (int i = 0; i < n; i++) {
          x[i] = (i % period) < period / 2 ? 1.0 : -1.0;
        }
      }
      case 4 -> { // sine just under Nyquist
        double f = (0.43 + 0.069 * r.nextDouble());
        double p = 2 * Math.PI * r.nextDouble();
        for (int i = 0; i < n; i++) {
          x[i] = Math.sin(2 * Math.PI * f * i + p);
        }
      }
      case 5 -> { // 19 kHz on the left, 15 kHz on the right
        double f = channel == 0 ? 19000 : 15000;
        for (int i = 0; i < n; i++) {
          x[i] = Math.sin(2 * Math.PI * f * i / fs);
        }
      }
      default -> { // clipped drum hits with a noise burst
        int gap = (int) (fs * 0.05);
        for (int i = 0; i < n; i++) {
          int t = i % gap;
          double v = 3 * Math.exp(-t / (fs * 0.01)) * Math.sin(2 * Math.PI * 60 * t / fs + 1.0);
          v += 0.5 * Math.exp(-t / (fs * 0.002)) * (2 * r.nextDouble() - 1);
          x[i] = Math.clamp(v, -1.0, 1.0);
        }
      }
    }
    return x;
  }

  /**
   * Aims the main stage 0.5 dB over the ceiling, so that every peak is left to the safety stage:
   * its corrections alone must hold the resampled peak. Nothing may be left unresolved, except on a
   * steady sine near Nyquist, where correcting one interval can push an older one, already half
   * sent out, over its check's allowance; those are counted and reported, and the resampled peak
   * must hold all the same.
   */
  @Test
  void theSafetyStageAloneHoldsTheCeiling() {
    Random r = new Random(44);
    long corrections = 0;
    long unresolved = 0;
    double worstDb = Double.NEGATIVE_INFINITY;
    for (int rate : new int[] {44100, 48000}) {
      ResamplerPeak meter = new ResamplerPeak(rate, METER_RATE, 1024);
      for (int kind : new int[] {0, 1, 4, 5, 6}) {
        int n = (int) (0.1 * rate);
        double g = Math.pow(10, 12 / 20.0);
        double[][] in = new double[2][];
        for (int c = 0; c < 2; c++) {
          in[c] = signal(kind, c, n, rate, r);
          for (int i = 0; i < n; i++) {
            in[c][i] *= g;
          }
        }
        TruePeakLimiter l = new TruePeakLimiter();
        l.setCeilingDbtp(-1);
        l.prepare(new ProcessSpec(rate, 256, 2));
        l.aimMainStageForTest(Math.pow(10, 0.5 / 20));
        double[][] out = run(l, in, 1 + r.nextInt(256));
        double ceiling = Math.pow(10, -1 / 20.0);
        double peak = Math.max(meter.peak(out[0]), meter.peak(out[1]));
        assertTrue(peak <= ceiling * (1 + ROUNDING), kind + " at " + rate + ": " + peak);
        if (kind != 4) {
          assertEquals(0, l.unresolvedOvers(), kind + " at " + rate);
        }
        assertTrue(l.safetyCorrections() > 0);
        corrections += l.safetyCorrections();
        unresolved += l.unresolvedOvers();
        worstDb = Math.max(worstDb, 20 * Math.log10(peak / ceiling));
      }
    }
    System.out.printf(
        "limiter, safety stage alone: worst %+.6f dB re ceiling after %d corrections, %d"
            + " unresolved (near-Nyquist sine)%n",
        worstDb, corrections, unresolved);
  }

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

  @Test
  void resampledPeakNeverExceedsTheCeiling() {
    Random r = new Random(192000);
    int[] rates = {44100, 48000, 96000};
    double[] gainsDb = {6, 12, 20};
    String[] names = {"white", "pink", "sawsweep", "square", "nyquist", "19k/15k", "drums"};
    double worstDb = Double.NEGATIVE_INFINITY;
    long corrections = 0;
    for (int rate : rates) {
      ResamplerPeak meter = new ResamplerPeak(rate, METER_RATE, 1024);
      ResamplerPeak exact = rate == 44100 ? new ResamplerPeak(rate, METER_RATE, 640) : null;
      for (int kind = 0; kind < names.length; kind++) {
        double gainDb = gainsDb[(kind + rate / 1000) % gainsDb.length];
        double ceilingDb = kind % 2 == 0 ? -1.0 : -6 * r.nextDouble();
        int n = (int) (0.25 * rate);
        double g = Math.pow(10, gainDb / 20);
        double[][] in = new double[2][];
        for (int c = 0; c < 2; c++) {
          in[c] = signal(kind, c, n, rate, r);
          for (int i = 0; i < n; i++) {
            in[c][i] *= g;
          }
        }
        TruePeakLimiter l = new TruePeakLimiter();
        l.setCeilingDbtp(ceilingDb);
        // Short releases move the gain fastest, so the safety stage has the most to correct.
        double releaseMs = RELEASES_MS[(kind + rate / 1000) % RELEASES_MS.length];
        l.setReleaseMillis(releaseMs);
        l.prepare(new ProcessSpec(rate, 256, 2));
        double[][] out = run(l, in, 1 + r.nextInt(256));
        double ceiling = Math.pow(10, ceilingDb / 20);
        double peak = 0.0;
        for (int c = 0; c < 2; c++) {
          peak = Math.max(peak, meter.peak(out[c]));
          if (exact != null) {
            peak = Math.max(peak, exact.peak(out[c]));
          }
        }
        double overDb = 20 * Math.log10(peak / ceiling);
        System.out.printf(
            "limiter vs resampling meter: %5d Hz %-8s +%2.0f dB, ceiling %5.2f, release %3.0f ms:"
                + " %+.6f dB re ceiling, %d corrections%n",
            rate, names[kind], gainDb, ceilingDb, releaseMs, overDb, l.safetyCorrections());
        assertTrue(
            peak <= ceiling * (1 + ROUNDING),
            names[kind] + " at " + rate + " Hz: " + overDb + " dB over the ceiling");
        assertEquals(0, l.unresolvedOvers(), names[kind] + " at " + rate);
        worstDb = Math.max(worstDb, overDb);
        corrections += l.safetyCorrections();
      }
    }
    System.out.printf(
        "limiter vs resampling meter: worst %+.6f dB re ceiling, %d safety corrections%n",
        worstDb, corrections);
  }
}
