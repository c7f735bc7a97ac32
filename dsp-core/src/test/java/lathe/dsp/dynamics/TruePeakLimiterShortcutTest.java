package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.Consumer;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

/**
 * Checks that the limiter's shortcuts (quiet chunks, steady ceilings, unit gains) and its filters
 * run over whole chunks give the output of its frame-by-frame path bit for bit.
 */
class TruePeakLimiterShortcutTest {
  private static double[][] programme(int kind, int n, double fs, Random r) {
    double[][] x = new double[2][n];
    double lp = 0;
    for (int i = 0; i < n; i++) {
      lp += 0.1 * (r.nextGaussian() - lp);
      double beat = Math.exp(-(i % (int) (fs / 4)) / (0.05 * fs));
      double tone = Math.sin(2 * Math.PI * 55 * i / fs);
      switch (kind) {
        case 0 -> { // programme-like: filtered noise with a beat, mostly under the ceiling
          x[0][i] = 0.25 * lp + 0.3 * beat * tone;
          x[1][i] = 0.22 * lp + 0.3 * beat * tone;
        }
        case 1 -> { // loud and limited most of the time
          x[0][i] = 0.6 * lp + 0.9 * beat * tone;
          x[1][i] = -0.5 * lp + 0.8 * tone;
        }
        default -> { // alternating full-scale bursts and silence, one channel near Nyquist
          boolean on = (i / 3000) % 2 == 0;
          x[0][i] = on ? ((i & 1) == 0 ? 0.95 : -0.95) : 0.0;
          x[1][i] = on ? 0.3 * lp : 0.01 * lp;
        }
      }
    }
    return x;
  }

  @Test
  void shortcutsLeaveTheOutputBitForBit() {
    compareWithFrameByFrame(l -> {});
  }

  @Test
  void filtersOverWholeChunksLeaveTheOutputBitForBit() {
    compareWithFrameByFrame(TruePeakLimiter::filterWholeChunksForTest);
  }

  @Test
  void scalarFiltersOverWholeChunksLeaveTheOutputBitForBit() {
    compareWithFrameByFrame(
        l -> {
          l.filterWholeChunksForTest();
          l.scalarFiltersForTest();
        });
  }

  private static void compareWithFrameByFrame(Consumer<TruePeakLimiter> setUp) {
    int[] blocks = {1, 31, 64, 255, 256, 257, 999};
    for (double fs : new double[] {44100, 48000, 96000, 192000}) {
      for (int kind = 0; kind < 3; kind++) {
        Random signal = new Random(kind * 31 + (long) fs);
        int n = (int) (fs * 0.6);
        double[][] in = programme(kind, n, fs, signal);
        TruePeakLimiter fast = new TruePeakLimiter();
        TruePeakLimiter slow = new TruePeakLimiter();
        slow.disableShortcutsForTest();
        setUp.accept(fast);
        for (TruePeakLimiter l : new TruePeakLimiter[] {fast, slow}) {
          l.setInputGainDb(kind == 0 ? 6 : 3);
          l.prepare(new ProcessSpec(fs, 1024, 2));
        }
        Random steps = new Random(kind + 7);
        double[][] a = new double[2][1024];
        double[][] b = new double[2][1024];
        for (int pos = 0; pos < n; ) {
          int len = Math.min(n - pos, blocks[steps.nextInt(blocks.length)]);
          if (steps.nextInt(25) == 0) {
            double ceiling = -12 + 12 * steps.nextDouble();
            fast.setCeilingDbtp(ceiling);
            slow.setCeilingDbtp(ceiling);
          }
          for (int c = 0; c < 2; c++) {
            System.arraycopy(in[c], pos, a[c], 0, len);
            System.arraycopy(in[c], pos, b[c], 0, len);
          }
          fast.process(a, len);
          slow.process(b, len);
          for (int c = 0; c < 2; c++) {
            assertArrayEquals(
                java.util.Arrays.copyOf(b[c], len),
                java.util.Arrays.copyOf(a[c], len),
                0.0,
                "fs " + fs + " kind " + kind + " frame " + pos);
          }
          pos += len;
        }
        assertEquals(slow.safetyCorrections(), fast.safetyCorrections());
        assertEquals(slow.maxGainReductionDb(), fast.maxGainReductionDb(), 0.0);
      }
    }
  }
}
