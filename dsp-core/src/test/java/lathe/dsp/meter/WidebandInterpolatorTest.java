package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WidebandInterpolatorTest {
  private static final int TAPS = WidebandInterpolator.TAPS;
  private static final int FINE = WidebandInterpolator.FINE_PHASES;
  private static final double BETA = 9.0;
  private static final double HALF = 16.0;
  private static final int IMAGES = 40;
  // Taps at every 1/4096 of the interval, for the dense scans.
  private static final int DENSE = 4096;
  private static final double[][] DENSE_TAPS = denseTaps();

  private static double[][] denseTaps() {
    double[][] t = new double[DENSE + 1][];
    for (int i = 0; i <= DENSE; i++) {
      t[i] = taps(i / (double) DENSE);
    }
    return t;
  }

  /** The test's own kernel: sin(pi t) / (pi t) under a Kaiser window of half-length 16. */
  private static double kernel(double t) {
    double r = t / HALF;
    if (Math.abs(r) >= 1) {
      return 0.0;
    }
    double s = t == 0 ? 1.0 : Math.sin(Math.PI * t) / (Math.PI * t);
    return s * i0(BETA * Math.sqrt(1 - r * r));
  }

  private static double i0(double x) {
    double sum = 0.0;
    double term = 1.0;
    for (int k = 1; k < 100; k++) {
      sum += term;
      term *= (x / (2 * k)) * (x / (2 * k));
    }
    return sum;
  }

  /** The 32 normalized taps at fraction phi of the interval, newest sample (k = 0) first. */
  private static double[] taps(double phi) {
    double[] g = new double[TAPS];
    double sum = 0.0;
    for (int k = 0; k < TAPS; k++) {
      g[k] = kernel(phi - (16 - k));
      sum += g[k];
    }
    for (int k = 0; k < TAPS; k++) {
      g[k] /= sum;
    }
    return g;
  }

  @Test
  void everyPhaseSumsToOneAndTheSamplesAreExact() {
    for (int p = 0; p <= FINE; p++) {
      double sum = 0.0;
      for (int k = 0; k < TAPS; k++) {
        sum += WidebandInterpolator.coefficient(p, k);
      }
      assertEquals(1.0, sum, 1e-14, "phase " + p);
    }
    for (int k = 0; k < TAPS; k++) {
      assertEquals(k == 16 ? 1.0 : 0.0, WidebandInterpolator.coefficient(0, k), 0.0);
      assertEquals(k == 15 ? 1.0 : 0.0, WidebandInterpolator.coefficient(FINE, k), 0.0);
    }
  }

  @Test
  void phasesMirrorEachOther() {
    for (int p = 0; p <= FINE; p++) {
      for (int k = 0; k < TAPS; k++) {
        assertEquals(
            WidebandInterpolator.coefficient(p, k),
            WidebandInterpolator.coefficient(FINE - p, TAPS - 1 - k),
            1e-15,
            "phase " + p + " tap " + k);
      }
    }
  }

  @Test
  void coefficientsAreTheResamplersWindowedSinc() {
    for (int p = 1; p < FINE; p++) {
      double[] g = taps(p / (double) FINE);
      for (int k = 0; k < TAPS; k++) {
        assertEquals(g[k], WidebandInterpolator.coefficient(p, k), 1e-14, p + "/" + k);
      }
    }
  }

  @Test
  void gridAndFineEvaluationsMatchTheTaps() {
    Random r = new Random(3);
    double[] x = new double[TAPS + 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * r.nextDouble() - 1;
    }
    int newest = TAPS + 2;
    double[] grid = new double[8];
    double[] fine = new double[8];
    WidebandInterpolator.evaluate8x(x, newest, grid);
    for (int q = 0; q < 8; q++) {
      assertEquals(direct(x, newest, 8 * q), grid[q], 1e-14, "grid " + q);
      WidebandInterpolator.evaluateFine(x, newest, q, fine);
      for (int j = 1; j < 8; j++) {
        assertEquals(direct(x, newest, 8 * q + j), fine[j], 1e-14, "fine " + q + "." + j);
      }
    }
    assertEquals(x[newest - 16], grid[0], 0.0);
  }

  private static double direct(double[] x, int newest, int p) {
    double s = 0.0;
    for (int k = 0; k < TAPS; k++) {
      s += WidebandInterpolator.coefficient(p, k) * x[newest - k];
    }
    return s;
  }

  /**
   * Fourier transform of the Kaiser window of half-length T = 16 at frequency u (cycles per input
   * period): 2T sinh(sqrt(beta^2 - (2 pi T u)^2)) / sqrt(...), the sine form past the main lobe.
   */
  private static double windowSpectrum(double u) {
    double a = BETA * BETA - Math.pow(2 * Math.PI * HALF * u, 2);
    if (a > 0) {
      double s = Math.sqrt(a);
      return 2 * HALF * Math.sinh(s) / s;
    }
    if (a == 0) {
      return 2 * HALF;
    }
    double s = Math.sqrt(-a);
    return 2 * HALF * Math.sin(s) / s;
  }

  /** Integrates the window spectrum over [lo, hi] by Simpson's rule. */
  private static double integrate(double lo, double hi) {
    int n = 8000;
    double h = (hi - lo) / n;
    double s = windowSpectrum(lo) + windowSpectrum(hi);
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 1 ? 4 : 2) * windowSpectrum(lo + i * h);
    }
    return s * h / 3;
  }

  /**
   * Reconstructs sampled sines and compares with the response predicted from the window's closed
   * form. The kernel h(t) = sinc(t) w(t) has the spectrum of an ideal half-band low-pass convolved
   * with the window's, H(u) = integral of W over [u - 1/2, u + 1/2]. By Poisson summation a sampled
   * cos(2 pi f n + theta) comes back as the sum over m of H(f - m) cos(2 pi (f - m) t + theta) (the
   * sine itself in the pass band, and its mirror image about Nyquist in the transition band),
   * divided by the phase's normalization N(phi) = sum over m of H(m) cos(2 pi m phi). The sums stop
   * at |m| = 40; the far images left out (the window's truncation edges ring out as 1/u) account
   * for a few 1e-7, against errors of order 1e-2 for a wrong cutoff or beta.
   */
  @Test
  void sinesComeBackWithTheWindowsClosedFormResponse() {
    double[] images = new double[2 * IMAGES + 1];
    for (int m = -IMAGES; m <= IMAGES; m++) {
      images[m + IMAGES] = integrate(m - 0.5, m + 0.5);
    }
    double worst = 0.0;
    for (double f : new double[] {0.05, 0.2, 0.35, 0.43, 0.47, 0.5}) {
      double theta = 0.7;
      double[] response = new double[2 * IMAGES + 1];
      for (int m = -IMAGES; m <= IMAGES; m++) {
        response[m + IMAGES] = integrate(f - m - 0.5, f - m + 0.5);
      }
      if (f <= 0.35) {
        assertEquals(1.0, response[IMAGES] / images[IMAGES], 1e-4, "pass band at " + f);
      }
      double[] x = new double[200];
      for (int n = 0; n < x.length; n++) {
        x[n] = Math.cos(2 * Math.PI * f * n + theta);
      }
      for (int e = 60; e < 140; e += 7) {
        for (int p = 0; p <= FINE; p++) {
          double phi = p / (double) FINE;
          double t = e - 16 + phi;
          double predicted = 0.0;
          double norm = 0.0;
          for (int m = -IMAGES; m <= IMAGES; m++) {
            predicted += response[m + IMAGES] * Math.cos(2 * Math.PI * (f - m) * t + theta);
            norm += images[m + IMAGES] * Math.cos(2 * Math.PI * m * phi);
          }
          predicted /= norm;
          double got = direct(x, e, p);
          worst = Math.max(worst, Math.abs(got - predicted));
          assertEquals(predicted, got, 1e-6, "f " + f + " at " + t);
        }
      }
    }
    System.out.printf("wideband interpolator: worst deviation from closed form %.2e%n", worst);
  }

  /**
   * Checks the stated bounds on a denser random set of positions than the class scanned, with the
   * test's own kernel and derivatives by central differences.
   */
  @Test
  void sumAndCurvatureBoundsHoldEverywhere() {
    Random r = new Random(7);
    double step = 1e-4;
    double maxSum = 0.0;
    double maxCurvature = 0.0;
    for (int i = 0; i < 8192; i++) {
      double phi = step + (1 - 2 * step) * r.nextDouble();
      double[] g = taps(phi);
      double[] gp = taps(phi + step);
      double[] gm = taps(phi - step);
      double sum = 0.0;
      double curvature = 0.0;
      for (int k = 0; k < TAPS; k++) {
        sum += Math.abs(g[k]);
        curvature += Math.abs(gp[k] - 2 * g[k] + gm[k]) / (step * step);
      }
      maxSum = Math.max(maxSum, sum);
      maxCurvature = Math.max(maxCurvature, curvature);
    }
    System.out.printf(
        "wideband interpolator: sum |g| %.6f <= %.6f, sum |g''| %.4f <= %.4f%n",
        maxSum,
        WidebandInterpolator.SUM_ABS_BOUND,
        maxCurvature,
        WidebandInterpolator.CURVATURE_BOUND);
    assertTrue(maxSum <= WidebandInterpolator.SUM_ABS_BOUND);
    assertTrue(maxCurvature <= WidebandInterpolator.CURVATURE_BOUND);
    // The bounds are tight, not merely safe: within 1 % of what the positions reach.
    assertTrue(WidebandInterpolator.CURVATURE_BOUND <= 1.02 * maxCurvature);
    assertTrue(WidebandInterpolator.SUM_ABS_BOUND <= 1.01 * maxSum);
  }

  /**
   * Evaluates random loud signals densely (4096 positions per input period) and checks that the
   * waveform never rises above the larger of two neighbouring grid values by more than the grid
   * allowance, at 1/8 and at 1/64 spacing.
   */
  @Test
  void theWaveformStaysWithinTheGridAllowance() {
    Random r = new Random(11);
    double worst8 = 0.0;
    double worst64 = 0.0;
    for (int trial = 0; trial < 300; trial++) {
      double[] x = new double[TAPS];
      for (int i = 0; i < TAPS; i++) {
        // Alternate full-scale noise and near-Nyquist tones, the worst case for curvature.
        x[i] =
            trial % 2 == 0
                ? 2 * r.nextDouble() - 1
                : Math.sin(Math.PI * (0.9 + 0.1 * r.nextDouble()) * i + trial);
      }
      double peak = 0.0;
      for (double v : x) {
        peak = Math.max(peak, Math.abs(v));
      }
      for (int q = 0; q < 8; q++) {
        int start = q * DENSE / 8;
        double a = Math.abs(value(x, start));
        double b = Math.abs(value(x, start + DENSE / 8));
        double denseMax = 0.0;
        for (int j = 0; j <= DENSE / 8; j++) {
          denseMax = Math.max(denseMax, Math.abs(value(x, start + j)));
        }
        double rise = denseMax - Math.max(a, b);
        double allowance = WidebandInterpolator.gridAllowance(1.0 / 8, peak);
        assertTrue(rise <= allowance, "eighth " + q + ": " + rise + " > " + allowance);
        worst8 = Math.max(worst8, rise / allowance);
        int fine = DENSE / 64;
        for (int s = 0; s < 8; s++) {
          int from = start + s * fine;
          double lo = Math.abs(value(x, from));
          double hi = Math.abs(value(x, from + fine));
          double m = 0.0;
          for (int j = 0; j <= fine; j++) {
            m = Math.max(m, Math.abs(value(x, from + j)));
          }
          double fineAllowance = WidebandInterpolator.gridAllowance(1.0 / 64, peak);
          assertTrue(m - Math.max(lo, hi) <= fineAllowance);
          worst64 = Math.max(worst64, (m - Math.max(lo, hi)) / fineAllowance);
        }
      }
    }
    System.out.printf(
        "wideband interpolator: worst rise between grid values %.3f (1/8) and %.3f (1/64) of the"
            + " allowance%n",
        worst8, worst64);
  }

  /** Returns the waveform at position i / 4096 of the interval after x[15]. */
  private static double value(double[] x, int i) {
    double[] g = DENSE_TAPS[i];
    double s = 0.0;
    for (int k = 0; k < TAPS; k++) {
      s += g[k] * x[TAPS - 1 - k];
    }
    return s;
  }
}
