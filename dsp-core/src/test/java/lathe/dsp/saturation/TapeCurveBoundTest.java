package lathe.dsp.saturation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the tape curve's rational arctangent against the library's, tighter than the contract. */
class TapeCurveBoundTest {
  @Test
  void staysWithinThreeUnitsOfTheLastPlaceOfPiOverTwo() {
    // Driven samples at 4x oversampling stay within a few units of full scale; the range is wider.
    double worst = 0;
    for (int i = -640000; i <= 640000; i++) {
      double x = i * 1e-4 + 3e-9;
      worst = Math.max(worst, Math.abs(SaturationCurve.atan(x) - Math.atan(x)));
    }
    Random r = new Random(3);
    for (int i = 0; i < 1_000_000; i++) {
      double x = Math.copySign(Math.pow(10, r.nextDouble() * 600 - 300), r.nextDouble() - 0.5);
      worst = Math.max(worst, Math.abs(SaturationCurve.atan(x) - Math.atan(x)));
    }
    assertTrue(worst <= 3 * Math.ulp(Math.PI / 2), "absolute " + worst);
  }

  @Test
  void theTwoFormsMeetAtOne() {
    for (double s : new double[] {1, -1}) {
      double below = SaturationCurve.atan(Math.nextDown(Math.abs(s)) * s);
      double at = SaturationCurve.atan(s);
      double above = SaturationCurve.atan(Math.nextUp(Math.abs(s)) * s);
      assertEquals(Math.PI / 4 * s, at, 2 * Math.ulp(1.0));
      assertTrue(Math.abs(above - below) <= 4 * Math.ulp(1.0), "jump " + (above - below));
    }
  }

  @Test
  void isExactlyOddAndExactAtZero() {
    Random r = new Random(4);
    for (int i = 0; i < 100_000; i++) {
      double x = r.nextGaussian() * 4;
      assertEquals(-SaturationCurve.atan(x), SaturationCurve.atan(-x), 0.0);
    }
    assertEquals(0.0, SaturationCurve.atan(0.0), 0.0);
    assertEquals(Math.PI / 2, SaturationCurve.atan(1e200), 0.0);
    assertEquals(-Math.PI / 2, SaturationCurve.atan(-Double.MAX_VALUE), 0.0);
  }
}
