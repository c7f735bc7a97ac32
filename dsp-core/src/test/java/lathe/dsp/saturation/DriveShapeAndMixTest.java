package lathe.dsp.saturation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the one-pass drive, curve and mix against the three steps it replaces, bit for bit. */
class DriveShapeAndMixTest {
  @Test
  void matchesDriveThenShapeThenMixBitForBit() {
    Random r = new Random(9);
    double[] x = new double[1031];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian() * (i % 7 == 0 ? 3 : 0.3);
    }
    x[5] = 0.0;
    x[6] = -0.0;
    for (SaturationCurve curve : SaturationCurve.values()) {
      for (double[] gains : new double[][] {{4.0, 1.0, 0.0}, {2.0, 0.35, 0.5}, {1.0, 0.0, 1.0}}) {
        double drive = gains[0];
        double wetGain = gains[1];
        double dryGain = gains[2];
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          double shaped = curve.shape(x[i] * drive);
          expected[i] = Math.fma(wetGain, shaped, dryGain * x[i]);
        }
        double[] fused = x.clone();
        curve.driveShapeAndMix(fused, x.length, drive, wetGain, dryGain);
        for (int i = 0; i < x.length; i++) {
          assertEquals(
              Double.doubleToRawLongBits(expected[i]),
              Double.doubleToRawLongBits(fused[i]),
              curve + " at " + i);
        }
      }
    }
  }
}
