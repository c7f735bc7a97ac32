package lathe.dsp.dither;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

/** Checks the faster forms of the dither against the plain ones they replace. */
class DitherSpeedFormsTest {
  @Test
  void triangularValuesFollowTheTriangularDistribution() {
    Xoshiro256 r = new Xoshiro256(12345);
    int n = 2_000_000;
    int bins = 40;
    long[] histogram = new long[bins];
    double sum = 0;
    double squares = 0;
    double lagged = 0;
    double previous = 0;
    for (int i = 0; i < n; i++) {
      double d = r.nextTriangular();
      assertTrue(d >= -1.0 && d < 1.0, "out of range: " + d);
      assertEquals(Math.rint(d * 0x1.0p32), d * 0x1.0p32, "off the 2^-32 grid: " + d);
      histogram[(int) Math.floor((d + 1.0) * bins / 2)]++;
      sum += d;
      squares += d * d;
      lagged += d * previous;
      previous = d;
    }
    double mean = sum / n;
    double variance = squares / n - mean * mean;
    // standard error of the mean sqrt(1/6 / n) = 2.9e-4; of the variance about 1.2e-4
    assertTrue(Math.abs(mean) < 1.5e-3, "mean " + mean);
    assertEquals(1.0 / 6, variance, 1e-3, "variance");
    assertTrue(Math.abs(lagged / n / variance) < 3e-3, "lag-1 correlation " + lagged / n);
    // each bin against the triangle's exact share, within 5 standard deviations
    for (int b = 0; b < bins; b++) {
      double lo = -1.0 + 2.0 * b / bins;
      double hi = lo + 2.0 / bins;
      double p = cdf(hi) - cdf(lo);
      double expected = p * n;
      double sd = Math.sqrt(n * p * (1 - p));
      assertEquals(expected, histogram[b], 5 * sd, "bin " + b);
    }
  }

  /** Returns the triangular distribution's cumulative probability on [-1, 1]. */
  private static double cdf(double x) {
    return x < 0 ? 0.5 * (1 + x) * (1 + x) : 1 - 0.5 * (1 - x) * (1 - x);
  }

  @Test
  void theTwoHalvesOfADrawAreUncorrelated() {
    Xoshiro256 r = new Xoshiro256(99);
    int n = 1_000_000;
    double sab = 0;
    for (int i = 0; i < n; i++) {
      long v = r.nextLong();
      double a = (v >>> 32) * 0x1.0p-32 - 0.5;
      double b = (v & 0xFFFFFFFFL) * 0x1.0p-32 - 0.5;
      sab += a * b;
    }
    // each half has variance 1/12; the correlation's standard error is 1e-3
    double correlation = sab / n * 12;
    assertTrue(Math.abs(correlation) < 5e-3, "correlation " + correlation);
  }

  /**
   * The shaped loop sums its feedback oldest first and folds the dither into a fused multiply-add;
   * this runs the plain order of operations on the same dither and counts where they part.
   */
  @Test
  void shapedLoopMatchesThePlainOrderOfOperationsWithinOneLsbRarely() {
    for (int bits : new int[] {16, 24}) {
      int n = 512 * 900;
      double[][] x = new double[2][n];
      SplittableRandom s = new SplittableRandom(bits);
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < n; i++) {
          x[c][i] =
              0.5 * Math.sin(2 * Math.PI * (440 + 110 * c) * i / 48000.0) + 1e-3 * s.nextGaussian();
        }
      }
      DitherModule d = new DitherModule();
      d.setOutputBits(bits);
      d.prepare(new ProcessSpec(48000, 512, 2));
      d.setParameter(0, DitherModule.MODE_SHAPED);
      double[][] y = {x[0].clone(), x[1].clone()};
      double[][] block = new double[2][512];
      for (int at = 0; at < n; at += 512) {
        for (int c = 0; c < 2; c++) {
          System.arraycopy(y[c], at, block[c], 0, 512);
        }
        d.process(block, 512);
        for (int c = 0; c < 2; c++) {
          System.arraycopy(block[c], 0, y[c], at, 512);
        }
      }
      double q = Math.scalb(1.0, bits - 1);
      int differing = 0;
      for (int c = 0; c < 2; c++) {
        double[] expected =
            plainShaped(x[c], q, DitherModule.DEFAULT_SEED + 0x632BE59BD9B4E019L * (c + 1));
        for (int i = 0; i < n; i++) {
          double lsb = Math.abs(expected[i] - y[c][i]) * q;
          assertTrue(lsb <= 1.0, bits + " bits, channel " + c + ", frame " + i + ": " + lsb);
          if (lsb != 0) {
            differing++;
          }
        }
      }
      // a part happens where a value lies within rounding (2^-29 LSB or less) of a boundary
      assertTrue(differing <= 2, bits + " bits: " + differing + " frames differ");
    }
  }

  /** Runs the shaped loop in the plain order: sum from the newest error, then add the dither. */
  private static double[] plainShaped(double[] x, double q, long seed) {
    Xoshiro256 r = new Xoshiro256(seed);
    double[] h = new double[NoiseShape.taps()];
    for (int k = 0; k < h.length; k++) {
      h[k] = NoiseShape.coefficient(k);
    }
    double[] e = new double[h.length];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i] * q - (h[0] * e[0] + h[1] * e[1] + h[2] * e[2] + h[3] * e[3] + h[4] * e[4]);
      double word = Math.clamp(Math.rint(v + r.nextTriangular()), -q, q - 1);
      System.arraycopy(e, 0, e, 1, e.length - 1);
      e[0] = Math.clamp(word - v, -DitherModule.ERROR_CLIP_LSB, DitherModule.ERROR_CLIP_LSB);
      if (i % 512 == 511) {
        for (int k = 0; k < e.length; k++) {
          e[k] = lathe.dsp.Dsp.flushDenormal(e[k]);
        }
      }
      y[i] = word / q;
    }
    return y;
  }
}
