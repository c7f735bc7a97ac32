package lathe.dsp.multiband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecibelMathTest {
  @Test
  void levelInDecibelsMatchesTheLogarithm() {
    Random r = new Random(1);
    double worst = 0;
    for (int i = 0; i < 200000; i++) {
      double level = Math.pow(10, -300 + 310 * r.nextDouble());
      worst = Math.max(worst, Math.abs(DecibelMath.levelDb(level) - 20 * Math.log10(level)));
    }
    for (double level : new double[] {1, 2, Math.sqrt(2), 0.5, 1e-4, 1e9, Double.MIN_NORMAL}) {
      worst = Math.max(worst, Math.abs(DecibelMath.levelDb(level) - 20 * Math.log10(level)));
    }
    assertTrue(worst < 1e-8, "worst " + worst + " dB");
  }

  @Test
  void gainMatchesThePowerOfTen() {
    Random r = new Random(2);
    double worst = 0;
    for (int i = 0; i < 200000; i++) {
      double db = -200 * r.nextDouble();
      double exact = Math.pow(10, db / 20);
      worst = Math.max(worst, Math.abs(DecibelMath.gain(db) / exact - 1));
    }
    assertTrue(worst < 1e-9, "worst relative error " + worst);
    assertEquals(1.0, DecibelMath.gain(0.0));
    assertEquals(0.0, DecibelMath.gain(-7000));
  }
}
