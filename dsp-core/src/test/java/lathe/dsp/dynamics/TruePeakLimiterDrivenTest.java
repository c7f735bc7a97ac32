package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

/**
 * Checks that with more than two channels, where the chunk paths fold the channels after the first
 * into their maxima, the limiter gives the output of its frame-by-frame path bit for bit.
 */
class TruePeakLimiterDrivenTest {
  private static final int CHANNELS = 2;

  @Test
  void shortcutsLeaveDrivenOutputBitForBit() {
    compareWithFrameByFrame(l -> {});
  }

  @Test
  void filtersOverWholeChunksLeaveDrivenOutputBitForBit() {
    compareWithFrameByFrame(TruePeakLimiter::filterWholeChunksForTest);
  }

  private static double[][] programme(int n, double fs, Random r) {
    double[][] x = new double[CHANNELS][n];
    double lp = 0;
    for (int i = 0; i < n; i++) {
      lp += 0.1 * (r.nextGaussian() - lp);
      double beat = Math.exp(-(i % (int) (fs / 4)) / (0.05 * fs));
      double tone = Math.sin(2 * Math.PI * 55 * i / fs);
      boolean burst = (i / 4000) % 3 == 1;
      x[0][i] = 0.3 * lp + 0.4 * beat * tone;
      // Bursts near Nyquist make the second channel the loudest part of the time.
      x[1][i] = burst ? ((i & 1) == 0 ? 0.9 : -0.9) * beat : -0.1 * lp;
    }
    return x;
  }

  private static void compareWithFrameByFrame(Consumer<TruePeakLimiter> setUp) {
    int[] blocks = {1, 31, 64, 255, 256, 257, 999};
    for (double fs : new double[] {44100, 48000, 96000}) {
      for (double gainDb : new double[] {0, 12, 24}) {
        Random signal = new Random((long) fs + (long) gainDb);
        int n = (int) (fs * 0.5);
        double[][] in = programme(n, fs, signal);
        TruePeakLimiter fast = new TruePeakLimiter();
        TruePeakLimiter slow = new TruePeakLimiter();
        slow.disableShortcutsForTest();
        setUp.accept(fast);
        for (TruePeakLimiter l : new TruePeakLimiter[] {fast, slow}) {
          l.setInputGainDb(gainDb);
          l.prepare(new ProcessSpec(fs, 1024, CHANNELS));
        }
        Random steps = new Random((long) gainDb + 11);
        double[][] a = new double[CHANNELS][1024];
        double[][] b = new double[CHANNELS][1024];
        for (int pos = 0; pos < n; ) {
          int len = Math.min(n - pos, blocks[steps.nextInt(blocks.length)]);
          if (steps.nextInt(25) == 0) {
            double ceiling = -12 + 12 * steps.nextDouble();
            fast.setCeilingDbtp(ceiling);
            slow.setCeilingDbtp(ceiling);
          }
          for (int c = 0; c < CHANNELS; c++) {
            System.arraycopy(in[c], pos, a[c], 0, len);
            System.arraycopy(in[c], pos, b[c], 0, len);
          }
          fast.process(a, len);
          slow.process(b, len);
          for (int c = 0; c < CHANNELS; c++) {
            assertArrayEquals(
                Arrays.copyOf(b[c], len),
                Arrays.copyOf(a[c], len),
                0.0,
                "fs " + fs + " gain " + gainDb + " channel " + c + " frame " + pos);
          }
          pos += len;
        }
        assertEquals(slow.safetyCorrections(), fast.safetyCorrections());
        assertEquals(slow.maxGainReductionDb(), fast.maxGainReductionDb(), 0.0);
      }
    }
  }
}
