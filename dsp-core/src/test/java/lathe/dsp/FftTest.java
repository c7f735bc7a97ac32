package lathe.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {
  @Test
  void fftMatchesADirectTransform() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 64;
    double[] re = new double[n];
    double[] im = new double[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble(-1, 1);
      re[i] = x[i];
    }
    Fft.transform(re, im);
    for (int k = 0; k < n; k++) {
      double sr = 0;
      double si = 0;
      for (int i = 0; i < n; i++) {
        sr += x[i] * Math.cos(-2 * Math.PI * k * i / n);
        si += x[i] * Math.sin(-2 * Math.PI * k * i / n);
      }
      assertEquals(sr, re[k], 1e-12);
      assertEquals(si, im[k], 1e-12);
    }
  }
}
