package lathe.dsp.meter;

import lathe.dsp.Dsp;

/**
 * Holds a wideband polyphase interpolator, the Kaiser-windowed sinc that resampling meters use to
 * upsample (cut off at the input Nyquist frequency, 32 taps, beta 9, each phase normalized to unit
 * gain at DC), designed from its closed form when the class loads, with the bounds that turn a
 * finite set of its values into a bound on the whole reconstructed waveform.
 *
 * <p>The kernel is {@code h(t) = sinc(t) * I0(beta * sqrt(1 - (t / HALF)^2))} for {@code |t| <
 * HALF} input periods and 0 beyond, HALF = 16, beta = 9. The value at fraction {@code phi} (0..1)
 * of the interval between frames {@code a} and {@code a + 1} is {@code y(a + phi) = sum_k g_k(phi)
 * * x[e - k]}, {@code k = 0..31}, {@code e = a + INTERVAL_LAG} the newest frame, with {@code
 * g_k(phi) = h(phi - (16 - k)) / N(phi)} and {@code N(phi) = sum_k h(phi - (16 - k))}. This is, tap
 * for tap, the filter that a 32-tap, beta 9 resampler evaluates at the same position, so at 48 kHz
 * the positions a 192 kHz resampler reads (phases 0, 2, 4 and 6 here) are values of this class.
 *
 * <p>Values are provided on an 8x grid ({@link #evaluate8x}) and, inside any one eighth, on a 64x
 * grid ({@link #evaluateFine}). Between two grid points {@code d} input periods apart the waveform
 * can exceed the larger of the two by at most {@code d^2 / 8 * CURVATURE_BOUND * X}, X being the
 * largest input magnitude of the 32-frame support (Taylor: at an interior maximum the slope is
 * zero, and {@code |y''| <= X * sum_k |g_k''|}). So a value bounded on the grid with that allowance
 * is bounded at every position, whatever the rate a meter later resamples to.
 */
public final class WidebandInterpolator {
  /** Number of grid positions per input period, the sample itself counting as position 0. */
  public static final int PHASES = 8;

  /** Number of refinement positions per input period. */
  public static final int FINE_PHASES = 64;

  /** Half-length of the kernel, in input periods. */
  public static final int HALF = 16;

  /** Number of taps of each phase, so the number of input samples one value depends on. */
  public static final int TAPS = 2 * HALF;

  /**
   * Returns how many frames the interpolated values lag the newest input sample: they lie between
   * frames {@code e - INTERVAL_LAG} and {@code e - INTERVAL_LAG + 1}.
   */
  public static final int INTERVAL_LAG = HALF;

  /** Kaiser window shape parameter. */
  public static final double KAISER_BETA = 9.0;

  // Density of the scans that compute the bounds, in positions per input period.
  private static final int SCAN = 1024;
  private static final double STEP = 1e-4;
  // Allowance for the bounds' variation between scanned positions (see the class tests, which
  // check them on a denser random set of positions).
  private static final double SCAN_ALLOWANCE = 1.01;

  // Fine table: position p / 64 (p = 0..64), tap k at p * TAPS + k.
  private static final double[] FINE = design();
  // Folded 8x taps, [tap][5] for k = 0..15: sums and differences of the mirrored taps of
  // positions 1/8, 2/8 and 3/8, then position 4/8 (its own mirror image).
  private static final double[] FOLDED = folded();
  // Refinement lanes [eighth q][tap][r - 1], r = 1..7: position (8 q + r) / 64.
  private static final double[] REFINE = refineLanes();

  /**
   * Upper bound, over every position, of {@code sum_k |g_k|}: no interpolated value exceeds it
   * times the largest input magnitude of its support.
   */
  public static final double SUM_ABS_BOUND;

  /**
   * Upper bound, over every position, of {@code sum_k |g_k''|}, in per input period squared: the
   * curvature of the waveform is at most this times the largest input magnitude of its support.
   */
  public static final double CURVATURE_BOUND;

  static {
    double sumAbs = 0.0;
    double slope = 0.0;
    double curvature = 0.0;
    for (int i = 0; i < SCAN; i++) {
      double phi = (i + 0.5) / SCAN;
      double[] g = normalized(phi);
      double[] gp = normalized(phi + STEP);
      double[] gm = normalized(phi - STEP);
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      for (int k = 0; k < TAPS; k++) {
        s0 += Math.abs(g[k]);
        s1 += Math.abs(gp[k] - gm[k]) / (2 * STEP);
        s2 += Math.abs(gp[k] - 2 * g[k] + gm[k]) / (STEP * STEP);
      }
      sumAbs = Math.max(sumAbs, s0);
      slope = Math.max(slope, s1);
      curvature = Math.max(curvature, s2);
    }
    // Between scanned positions (at most 1 / 2048 away) the sum of magnitudes moves by at most the
    // slope bound times that distance.
    SUM_ABS_BOUND = sumAbs + slope * SCAN_ALLOWANCE / (2.0 * SCAN);
    CURVATURE_BOUND = curvature * SCAN_ALLOWANCE;
  }

  private WidebandInterpolator() {}

  /** Returns the unnormalized kernel {@code h(t)} at {@code t} input periods from its centre. */
  public static double kernel(double t) {
    double r = t / HALF;
    if (Math.abs(r) >= 1) {
      return 0.0;
    }
    double sinc = t == 0 ? 1.0 : Math.sin(Math.PI * t) / (Math.PI * t);
    return sinc * Dsp.besselI0(KAISER_BETA * Math.sqrt(1 - r * r));
  }

  /** Returns the 32 taps at fraction {@code phi} of the interval, normalized to unit sum. */
  private static double[] normalized(double phi) {
    double[] g = new double[TAPS];
    double sum = 0.0;
    for (int k = 0; k < TAPS; k++) {
      g[k] = kernel(phi - (HALF - k));
      sum += g[k];
    }
    for (int k = 0; k < TAPS; k++) {
      g[k] /= sum;
    }
    return g;
  }

  private static double[] design() {
    double[] h = new double[(FINE_PHASES + 1) * TAPS];
    // The sample positions themselves are exact: the sinc vanishes at every other tap.
    h[HALF] = 1.0;
    h[FINE_PHASES * TAPS + HALF - 1] = 1.0;
    for (int p = 1; p <= FINE_PHASES / 2; p++) {
      double[] g = normalized(p / (double) FINE_PHASES);
      for (int k = 0; k < TAPS; k++) {
        // Position 1 - phi is position phi seen from the other side: the taps reversed.
        h[p * TAPS + k] = g[k];
        h[(FINE_PHASES - p) * TAPS + TAPS - 1 - k] = g[k];
      }
    }
    return h;
  }

  private static double[] folded() {
    double[] f = new double[HALF * 7];
    int step = FINE_PHASES / PHASES;
    for (int k = 0; k < HALF; k++) {
      for (int q = 1; q < PHASES / 2; q++) {
        double a = FINE[q * step * TAPS + k];
        double b = FINE[q * step * TAPS + TAPS - 1 - k];
        f[k * 7 + 2 * (q - 1)] = a + b;
        f[k * 7 + 2 * (q - 1) + 1] = a - b;
      }
      f[k * 7 + 6] = FINE[PHASES / 2 * step * TAPS + k];
    }
    return f;
  }

  private static double[] refineLanes() {
    int step = FINE_PHASES / PHASES;
    double[] lanes = new double[PHASES * TAPS * (step - 1)];
    for (int q = 0; q < PHASES; q++) {
      for (int k = 0; k < TAPS; k++) {
        for (int r = 1; r < step; r++) {
          lanes[(q * TAPS + k) * (step - 1) + r - 1] = FINE[(q * step + r) * TAPS + k];
        }
      }
    }
    return lanes;
  }

  /**
   * Returns tap {@code k} (0..TAPS - 1, newest sample first) of position {@code p / 64} of the
   * interval, {@code p = 0..64} (0 and 64 are the interval's two samples).
   */
  public static double coefficient(int p, int k) {
    return FINE[p * TAPS + k];
  }

  /**
   * Computes the eight grid values {@code y(a + q / 8)}, {@code q = 0..7}, of the interval after
   * {@code a = e - INTERVAL_LAG}; {@code out[0]} is the sample {@code x[a]} itself.
   *
   * <p>Positions {@code q / 8} and {@code 1 - q / 8} use the same taps reversed, so each pair is
   * computed from the sums and differences of the mirrored samples: 112 multiply-adds for the seven
   * values instead of 224.
   *
   * @param x samples, {@code x[newest - k]} being {@code x[e - k]}
   * @param newest index of the newest sample; {@code newest - (TAPS - 1)} must be a valid index
   * @param out receives the eight values
   */
  public static void evaluate8x(double[] x, int newest, double[] out) {
    evaluate4x(x, newest, out);
    evaluateOdd(x, newest, out);
  }

  /**
   * Computes the four values at {@code q = 0, 2, 4, 6} (see {@link #evaluate8x}) into the same
   * indices of {@code out}: 48 fused multiply-adds, each tap added to its partial sum with one
   * rounding.
   *
   * @param x samples, {@code x[newest - k]} being {@code x[e - k]}
   * @param newest index of the newest sample; {@code newest - (TAPS - 1)} must be a valid index
   * @param out receives the values at indices 0, 2, 4 and 6
   */
  public static void evaluate4x(double[] x, int newest, double[] out) {
    // Two sets of partial sums (even and odd k) halve the chains of dependent additions.
    double[] c = FOLDED;
    double s2 = 0.0;
    double d2 = 0.0;
    double s4 = 0.0;
    double t2 = 0.0;
    double e2 = 0.0;
    double t4 = 0.0;
    int oldest = newest - (TAPS - 1);
    for (int k = 0; k < HALF; k += 2) {
      double u = x[newest - k];
      double v = x[oldest + k];
      double s = u + v;
      double d = u - v;
      int b = k * 7;
      s2 = Math.fma(c[b + 2], s, s2);
      d2 = Math.fma(c[b + 3], d, d2);
      s4 = Math.fma(c[b + 6], s, s4);
      u = x[newest - k - 1];
      v = x[oldest + k + 1];
      s = u + v;
      d = u - v;
      b += 7;
      t2 = Math.fma(c[b + 2], s, t2);
      e2 = Math.fma(c[b + 3], d, e2);
      t4 = Math.fma(c[b + 6], s, t4);
    }
    s2 += t2;
    d2 += e2;
    out[0] = x[newest - HALF];
    out[2] = 0.5 * (s2 + d2);
    out[4] = s4 + t4;
    out[6] = 0.5 * (s2 - d2);
  }

  /**
   * Computes the four values at {@code q = 1, 3, 5, 7} (see {@link #evaluate8x}) into the same
   * indices of {@code out}: 64 multiply-adds.
   *
   * @param x samples, {@code x[newest - k]} being {@code x[e - k]}
   * @param newest index of the newest sample; {@code newest - (TAPS - 1)} must be a valid index
   * @param out receives the values at indices 1, 3, 5 and 7
   */
  public static void evaluateOdd(double[] x, int newest, double[] out) {
    double[] c = FOLDED;
    double s1 = 0.0;
    double d1 = 0.0;
    double s3 = 0.0;
    double d3 = 0.0;
    double t1 = 0.0;
    double e1 = 0.0;
    double t3 = 0.0;
    double e3 = 0.0;
    int oldest = newest - (TAPS - 1);
    for (int k = 0; k < HALF; k += 2) {
      double u = x[newest - k];
      double v = x[oldest + k];
      double s = u + v;
      double d = u - v;
      int b = k * 7;
      s1 += c[b] * s;
      d1 += c[b + 1] * d;
      s3 += c[b + 4] * s;
      d3 += c[b + 5] * d;
      u = x[newest - k - 1];
      v = x[oldest + k + 1];
      s = u + v;
      d = u - v;
      b += 7;
      t1 += c[b] * s;
      e1 += c[b + 1] * d;
      t3 += c[b + 4] * s;
      e3 += c[b + 5] * d;
    }
    s1 += t1;
    d1 += e1;
    s3 += t3;
    d3 += e3;
    out[1] = 0.5 * (s1 + d1);
    out[3] = 0.5 * (s3 + d3);
    out[5] = 0.5 * (s3 - d3);
    out[7] = 0.5 * (s1 - d1);
  }

  /**
   * Computes the seven values {@code y(a + (8 q + r) / 64)}, {@code r = 1..7}, inside eighth {@code
   * q} of the interval after {@code a = e - INTERVAL_LAG}, into {@code out[r]}.
   *
   * @param x samples, {@code x[newest - k]} being {@code x[e - k]}
   * @param newest index of the newest sample; {@code newest - (TAPS - 1)} must be a valid index
   * @param q the eighth, 0..7
   * @param out receives the values at indices 1..7
   */
  public static void evaluateFine(double[] x, int newest, int q, double[] out) {
    double[] c = REFINE;
    double a1 = 0.0;
    double a2 = 0.0;
    double a3 = 0.0;
    double a4 = 0.0;
    double a5 = 0.0;
    double a6 = 0.0;
    double a7 = 0.0;
    int base = q * TAPS * 7;
    for (int k = 0; k < TAPS; k++) {
      double v = x[newest - k];
      int b = base + k * 7;
      a1 += c[b] * v;
      a2 += c[b + 1] * v;
      a3 += c[b + 2] * v;
      a4 += c[b + 3] * v;
      a5 += c[b + 4] * v;
      a6 += c[b + 5] * v;
      a7 += c[b + 6] * v;
    }
    out[1] = a1;
    out[2] = a2;
    out[3] = a3;
    out[4] = a4;
    out[5] = a5;
    out[6] = a6;
    out[7] = a7;
  }

  /**
   * Returns how far the waveform can rise above the larger of two grid values {@code d} input
   * periods apart, for a support whose largest input magnitude is {@code maxAbsInput}.
   */
  public static double gridAllowance(double d, double maxAbsInput) {
    return d * d / 8 * CURVATURE_BOUND * maxAbsInput;
  }
}
