package lathe.dsp.saturation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lathe.dsp.BlockRunner;
import lathe.dsp.VectorSupport;
import org.junit.jupiter.api.Test;

/**
 * The four-lane vector cascade of 4x must give what the scalar stages give, bit for bit, state and
 * snaps included; the build runs the tests with the vector module, so this is the path they test.
 */
class QuadLaneCascadeTest {
  @Test
  void vectorsRunInTheTestsAndCoverTheDefaultFactor() {
    assertTrue(VectorSupport.enabled(), VectorSupport.note());
    assertTrue(new IirOversampler(2, 64).vectorized());
    assertTrue(!IirOversampler.scalar(2, 64).vectorized());
  }

  @Test
  void upAndDownMatchTheScalarStagesBitForBitThroughSilenceAndSnaps() {
    int frames = 40000;
    double[][] in = BlockRunner.noise(2, frames, 21);
    // Music, a step, a long decay into silence (the snaps zero the state), music again.
    for (int i = 6000; i < 30000; i++) {
      in[0][i] = i == 6000 ? 0.95 : 0.0;
      in[1][i] = i == 6000 ? -0.7 : 0.0;
    }
    IirOversampler vector = new IirOversampler(2, 512);
    IirOversampler scalar = IirOversampler.scalar(2, 512);
    double[][] outV = new double[2][frames];
    double[][] outS = new double[2][frames];
    int[] sizes = {512, 1, 37, 32, 300, 64, 5};
    int at = 0;
    for (int b = 0, i = 0; i < frames; b++) {
      int n = Math.min(sizes[b % sizes.length], frames - i);
      for (IirOversampler o : new IirOversampler[] {vector, scalar}) {
        double[][] out = o == vector ? outV : outS;
        o.upsample(in[0], in[1], i, n, 0);
        double[] hl = o.highLeft();
        double[] hr = o.highRight();
        for (int k = 0; k < 4 * n; k++) {
          // A curve between, so the downsamplers see what the upsamplers did not make.
          hl[k] = Math.tanh(2 * hl[k]);
          hr[k] = hr[k] * hr[k] - 0.1;
        }
        o.downsample(out[0], out[1], i, n, 0);
        if (b % 3 == 0) {
          o.snapDenormals();
        }
      }
      i += n;
      at++;
    }
    assertTrue(at > 100);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < frames; i++) {
        assertEquals(
            Double.doubleToRawLongBits(outS[c][i]),
            Double.doubleToRawLongBits(outV[c][i]),
            "channel " + c + " at " + i);
      }
    }
    // The snaps took the filters to exact zeros in the silence (channel 0 has no offset there).
    assertEquals(0.0, outV[0][29999], 0.0);
  }

  @Test
  void writesTheHighRateBuffersFromTheGivenFrame() {
    double[][] in = BlockRunner.noise(2, 96, 4);
    IirOversampler whole = new IirOversampler(2, 96);
    IirOversampler parts = new IirOversampler(2, 96);
    whole.upsample(in[0], in[1], 0, 96, 0);
    parts.upsample(in[0], in[1], 0, 40, 0);
    parts.upsample(in[0], in[1], 40, 56, 40);
    for (int k = 0; k < 4 * 96; k++) {
      assertEquals(whole.highLeft()[k], parts.highLeft()[k], 0.0, "left " + k);
      assertEquals(whole.highRight()[k], parts.highRight()[k], 0.0, "right " + k);
    }
    double[][] a = new double[2][96];
    double[][] b = new double[2][96];
    whole.downsample(a[0], a[1], 0, 96, 0);
    parts.downsample(b[0], b[1], 0, 50, 0);
    parts.downsample(b[0], b[1], 50, 46, 50);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 96; i++) {
        assertEquals(a[c][i], b[c][i], 0.0, "channel " + c + " at " + i);
      }
    }
  }
}
