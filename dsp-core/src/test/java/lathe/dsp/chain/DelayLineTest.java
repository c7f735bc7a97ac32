package lathe.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DelayLineTest {
  @Test
  void processDelaysByExactlyTheDelayWhateverTheBlocks() {
    for (int delay : new int[] {1, 7, 106, 178}) {
      DelayLine line = new DelayLine(2, delay);
      Random random = new Random(delay);
      int n = 5000;
      double[][] in = new double[2][n];
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < n; i++) {
          in[c][i] = random.nextGaussian();
        }
      }
      int at = 0;
      while (at < n) {
        int frames = Math.min(n - at, 1 + random.nextInt(400));
        double[][] block = new double[2][frames];
        for (int c = 0; c < 2; c++) {
          System.arraycopy(in[c], at, block[c], 0, frames);
        }
        line.process(block, frames);
        for (int c = 0; c < 2; c++) {
          for (int i = 0; i < frames; i++) {
            double expected = at + i >= delay ? in[c][at + i - delay] : 0.0;
            assertEquals(expected, block[c][i], 0.0, "delay " + delay + " frame " + (at + i));
          }
        }
        at += frames;
      }
    }
  }

  @Test
  void pushLeavesTheSameStateAsProcess() {
    for (int delay : new int[] {1, 7, 106, 178}) {
      DelayLine pushed = new DelayLine(2, delay);
      DelayLine processed = new DelayLine(2, delay);
      Random random = new Random(31 + delay);
      for (int round = 0; round < 300; round++) {
        int frames = 1 + random.nextInt(600);
        double[][] a = new double[2][frames];
        for (int c = 0; c < 2; c++) {
          for (int i = 0; i < frames; i++) {
            a[c][i] = random.nextGaussian();
          }
        }
        double[][] b = {a[0].clone(), a[1].clone()};
        pushed.push(a, frames);
        processed.process(b, frames);
        // Read both delays' content out through a block of silence (which leaves them alike).
        int probe = 1 + random.nextInt(2 * delay);
        double[][] outA = new double[2][probe];
        double[][] outB = new double[2][probe];
        pushed.process(outA, probe);
        processed.process(outB, probe);
        for (int c = 0; c < 2; c++) {
          for (int i = 0; i < probe; i++) {
            assertEquals(outB[c][i], outA[c][i], 0.0, "delay " + delay + " round " + round);
          }
        }
      }
    }
  }
}
