package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

/**
 * Checks that the filters run over whole chunks give the frame-by-frame output bit for bit for a
 * mono limiter too, where the interval's samples come from the frame magnitudes of one channel.
 */
class TruePeakLimiterChannelsTest {
  @Test
  void filtersOverWholeChunksLeaveMonoOutputBitForBit() {
    int[] blocks = {1, 31, 64, 255, 256, 257, 999};
    for (double fs : new double[] {44100, 48000, 96000}) {
      for (int kind = 0; kind < 3; kind++) {
        Random r = new Random(kind * 17 + (long) fs);
        int n = (int) (fs * 0.6);
        double[] in = new double[n];
        double lp = 0;
        for (int i = 0; i < n; i++) {
          lp += 0.1 * (r.nextGaussian() - lp);
          double beat = Math.exp(-(i % (int) (fs / 4)) / (0.05 * fs));
          double tone = Math.sin(2 * Math.PI * 55 * i / fs);
          boolean on = (i / 3000) % 2 == 0;
          in[i] =
              switch (kind) {
                case 0 -> 0.25 * lp + 0.3 * beat * tone;
                case 1 -> 0.6 * lp + 0.9 * beat * tone;
                default -> on ? ((i & 1) == 0 ? 0.95 : -0.95) : 0.01 * lp;
              };
        }
        TruePeakLimiter fast = new TruePeakLimiter();
        TruePeakLimiter slow = new TruePeakLimiter();
        fast.filterWholeChunksForTest();
        slow.disableShortcutsForTest();
        for (TruePeakLimiter l : new TruePeakLimiter[] {fast, slow}) {
          l.setInputGainDb(kind == 0 ? 6 : 3);
          l.prepare(new ProcessSpec(fs, 1024, 1));
        }
        Random steps = new Random(kind + 5);
        double[][] a = new double[1][1024];
        double[][] b = new double[1][1024];
        for (int pos = 0; pos < n; ) {
          int len = Math.min(n - pos, blocks[steps.nextInt(blocks.length)]);
          if (steps.nextInt(25) == 0) {
            double ceiling = -12 + 12 * steps.nextDouble();
            fast.setCeilingDbtp(ceiling);
            slow.setCeilingDbtp(ceiling);
          }
          System.arraycopy(in, pos, a[0], 0, len);
          System.arraycopy(in, pos, b[0], 0, len);
          fast.process(a, len);
          slow.process(b, len);
          assertArrayEquals(
              Arrays.copyOf(b[0], len),
              Arrays.copyOf(a[0], len),
              0.0,
              "fs " + fs + " kind " + kind + " frame " + pos);
          pos += len;
        }
      }
    }
  }
}
