package lathe.dsp.multiband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lathe.dsp.VectorSupport;
import org.junit.jupiter.api.Test;

/**
 * Three stereo bands split in vector lanes must equal the scalar crossovers, bit for bit, through
 * noise, a decay into silence with the snaps, gliding crossover frequencies and odd call lengths.
 */
class CrossoverLanesTest {
  @Test
  void threeBandsInVectorLanesMatchTheScalarCrossoversBitForBit() {
    assertTrue(VectorSupport.enabled(), VectorSupport.note());
    for (double fs : new double[] {44100, 48000, 96000}) {
      for (double[] hertz : new double[][] {{120, 2500}, {40, 400}, {300, 8000}}) {
        CrossoverTree lanes = new CrossoverTree(2, 64);
        CrossoverTree scalar = new CrossoverTree(2, 64);
        scalar.scalarForTest();
        for (CrossoverTree t : new CrossoverTree[] {lanes, scalar}) {
          t.setBands(3);
          t.design(hertz, fs);
        }
        int frames = 80000;
        Random r = new Random((long) fs + (long) hertz[0]);
        double[] left = new double[frames];
        double[] right = new double[frames];
        for (int i = 0; i < frames; i++) {
          boolean quiet = i >= 8000 && i < 70000;
          left[i] = quiet ? (i == 8000 ? 0.9 : 0.0) : r.nextGaussian() * 0.3;
          right[i] = quiet ? 0.0 : r.nextGaussian() * 0.2;
        }
        double[][][] a = new double[2][3][frames];
        double[][][] b = new double[2][3][frames];
        int[] sizes = {32, 1, 17, 32, 5, 64};
        int nonZero = 0;
        for (int pos = 0, k = 0; pos < frames; k++) {
          int n = Math.min(frames - pos, sizes[k % sizes.length]);
          if (pos > 72000 && pos < 73000) {
            // A glide of both crossovers, as the compressor redesigns them on the grid.
            double[] moved = {hertz[0] * (1 + (pos - 72000) / 2000.0), hertz[1] * 0.9};
            lanes.design(moved, fs);
            scalar.design(moved, fs);
          }
          lanes.splitStereo(left, right, pos, pos + n, a[0], a[1], pos);
          scalar.splitStereo(left, right, pos, pos + n, b[0], b[1], pos);
          lanes.snapDenormals();
          scalar.snapDenormals();
          pos += n;
        }
        for (int c = 0; c < 2; c++) {
          for (int band = 0; band < 3; band++) {
            for (int i = 0; i < frames; i++) {
              assertEquals(
                  Double.doubleToRawLongBits(b[c][band][i]),
                  Double.doubleToRawLongBits(a[c][band][i]),
                  fs + " Hz, channel " + c + ", band " + band + ", frame " + i);
              nonZero += a[c][band][i] != 0.0 ? 1 : 0;
            }
          }
        }
        assertTrue(nonZero > frames);
        // The snaps took both to exact silence before the noise came back.
        for (int band = 0; band < 3; band++) {
          assertEquals(0.0, a[0][band][69999], 0.0, fs + " Hz, band " + band);
        }
      }
    }
  }
}
