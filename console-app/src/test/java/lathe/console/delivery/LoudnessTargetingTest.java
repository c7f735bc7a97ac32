package lathe.console.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.render.FrameSource;
import org.junit.jupiter.api.Test;

class LoudnessTargetingTest {
  private static final double RATE = 48000;

  /** Returns a source of {@code seconds} of a generated signal, from its start each time. */
  private static LoudnessTargeting.Rewind material(double seconds, boolean noisy) {
    int n = (int) (seconds * RATE);
    double[][] x = new double[2][n];
    Random r = new Random(3);
    for (int i = 0; i < n; i++) {
      double v =
          noisy
              ? 0.1 * r.nextGaussian() * (1 + Math.sin(i * 1e-4))
              : 0.05 * Math.sin(2 * Math.PI * 1000 * i / RATE);
      x[0][i] = v;
      x[1][i] = v;
    }
    return () -> {
      int[] pos = {0};
      return (FrameSource)
          (dest, max) -> {
            int k = Math.min(max, n - pos[0]);
            System.arraycopy(x[0], pos[0], dest[0], 0, k);
            System.arraycopy(x[1], pos[0], dest[1], 0, k);
            pos[0] += k;
            return k;
          };
    };
  }

  private static LoudnessTargeting search(MasteringChain chain, LoudnessTargeting.Rewind m) {
    chain.set("dither.mode", 0);
    return new LoudnessTargeting(chain, new ProcessSpec(RATE, 512, 2), (long) (10 * RATE), m);
  }

  @Test
  void belowTheCeilingTheSecondPassLandsByTheDecibel() throws Exception {
    // A stereo 1 kHz sine of amplitude 0.05 reads 20 log10(0.05) = -26.02 LUFS; -20 LUFS needs
    // +6.02 dB, which stays under the -1 dBTP ceiling: the loudness follows the gain exactly.
    LoudnessTargeting.Result r =
        search(StandardChain.create(), material(10, false)).solve(-20, 12, null);
    assertTrue(r.reached());
    assertEquals(2, r.passes());
    assertEquals(-20.0, r.integratedLufs(), LoudnessTargeting.AIM_LU);
    assertEquals(-20 - 20 * Math.log10(0.05), r.gainDb(), 0.05);
    assertEquals(0.0, r.maxGainReductionDb());
  }

  @Test
  void whenTheLimitingWouldGoTooFarItStopsAndSaysHowFarShort() throws Exception {
    LoudnessTargeting.Result r =
        search(StandardChain.create(), material(10, true)).solve(-6, 2, null);
    assertFalse(r.reached());
    assertEquals("gain reduction limit", r.reason());
    assertTrue(r.maxGainReductionDb() <= 2.0, "reduction " + r.maxGainReductionDb());
    assertEquals(-6 - r.integratedLufs(), r.shortfallLu(), 1e-9);
    assertTrue(r.shortfallLu() > 0.2, "shortfall " + r.shortfallLu());
  }

  @Test
  void silenceCannotBeMadeLoud() throws Exception {
    LoudnessTargeting.Rewind silence = () -> (FrameSource) (dest, max) -> 0;
    LoudnessTargeting.Result r = search(StandardChain.create(), silence).solve(-14, 12, null);
    assertFalse(r.reached());
    assertEquals("silence", r.reason());
  }
}
