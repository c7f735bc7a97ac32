package lathe.dsp.saturation;

/**
 * Names the transfer curves of the saturator; every curve has slope 1 at the origin, so a quiet
 * signal passes at unity gain whatever the curve.
 */
public enum SaturationCurve {
  /** Passes the signal untouched: the saturator's neutral setting. */
  OFF,
  /**
   * Shapes like magnetic tape: {@code y = atan(x)} (evaluated by {@link #atan}, within 2e-15 of
   * {@link Math#atan}), symmetric (odd harmonics only), with the gentlest knee of the three: it
   * leaves the line as {@code x - x^3/3} and nears its limits of plus or minus pi/2 (+3.9 dBFS)
   * only as {@code 1/x}.
   */
  TAPE,
  /**
   * Shapes like a biased triode: {@code y = (tanh(x + b) - tanh(b)) / (1 - tanh(b)^2)} with bias
   * {@code b = 0.2}, asymmetric, so it adds even harmonics and a signal-dependent DC offset, which
   * the saturator removes with a 5 Hz high-pass; its limits are +0.835 and -1.245.
   */
  TUBE,
  /** Clips softly: {@code y = tanh(x)}, symmetric, limits plus or minus 1. */
  SOFT_CLIP;

  /** Bias of the tube curve, in units of the driven signal. */
  public static final double TUBE_BIAS = 0.2;

  private static final double TUBE_OFFSET = Math.tanh(TUBE_BIAS);
  private static final double TUBE_SCALE = 1.0 / (1.0 - TUBE_OFFSET * TUBE_OFFSET);

  private static final SaturationCurve[] ALL = values();

  // Coefficients of atan(w) / w as a polynomial in w^2, fitted on Chebyshev nodes over |w| <=
  // tan(pi/8); the fit alone is within 6e-16 of atan there, after the factor 4 of two halvings.
  private static final double ATAN_C0 = 1.0;
  private static final double ATAN_C1 = -0.3333333333334146;
  private static final double ATAN_C2 = 0.20000000000651794;
  private static final double ATAN_C3 = -0.14285714295600307;
  private static final double ATAN_C4 = 0.1111111016266172;
  private static final double ATAN_C5 = -0.0909085538979222;
  private static final double ATAN_C6 = 0.0769101096288788;
  private static final double ATAN_C7 = -0.06648754298979738;
  private static final double ATAN_C8 = 0.05730215001635268;
  private static final double ATAN_C9 = -0.044626846664627746;
  private static final double ATAN_C10 = 0.022475730998975332;

  /** Largest magnitude fed to {@link #atan}'s square, far below where {@code x * x} overflows. */
  private static final double ATAN_CLAMP = 1e150;

  /** Labels of the curve choice, indexed by the parameter's plain value. */
  public static final String[] LABELS = {"off", "tape", "tube", "soft-clip"};

  /** Returns the curve at a choice index, clamped to the range. */
  public static SaturationCurve ofIndex(int index) {
    return ALL[Math.clamp(index, 0, ALL.length - 1)];
  }

  /** Returns the curve's output for a driven input sample (full scale 1). */
  public double shape(double x) {
    return switch (this) {
      case OFF -> x;
      case TAPE -> atan(x);
      case TUBE -> (tanh(x + TUBE_BIAS) - TUBE_OFFSET) * TUBE_SCALE;
      case SOFT_CLIP -> tanh(x);
    };
  }

  /** Shapes {@code length} samples of {@code x} from {@code offset} in place. */
  public void shapeInPlace(double[] x, int offset, int length) {
    int end = offset + length;
    switch (this) {
      case OFF -> {}
      case TAPE -> {
        for (int i = offset; i < end; i++) {
          // A loop of plain arithmetic on one array at one index, so it runs vectorised.
          x[i] = atan(x[i]);
        }
      }
      case TUBE -> {
        for (int i = offset; i < end; i++) {
          x[i] = (tanh(x[i] + TUBE_BIAS) - TUBE_OFFSET) * TUBE_SCALE;
        }
      }
      case SOFT_CLIP -> {
        for (int i = offset; i < end; i++) {
          x[i] = tanh(x[i]);
        }
      }
    }
  }

  /**
   * Returns the arctangent, within 2e-15 of {@link Math#atan} for every input (1.1e-15 measured),
   * with no branch or table, so a loop over an array of it vectorises: two halvings of the angle,
   * {@code atan(x) = 2 atan(x / (1 + sqrt(1 + x^2)))}, bring the argument within tan(pi/8) = 0.414,
   * where a degree-21 odd polynomial finishes. Every step is smooth, so the curve keeps a
   * continuous slope (no new harmonics from the approximation); zero maps to zero and the result is
   * odd. Inputs beyond 1e150 in magnitude are clamped there, which changes the result by under
   * 1e-150.
   */
  static double atan(double x) {
    double a = Math.max(-ATAN_CLAMP, Math.min(ATAN_CLAMP, x));
    double v = a / (1 + Math.sqrt(Math.fma(a, a, 1)));
    double w = v / (1 + Math.sqrt(Math.fma(v, v, 1)));
    double s = w * w;
    double p = Math.fma(s, ATAN_C10, ATAN_C9);
    p = Math.fma(p, s, ATAN_C8);
    p = Math.fma(p, s, ATAN_C7);
    p = Math.fma(p, s, ATAN_C6);
    p = Math.fma(p, s, ATAN_C5);
    p = Math.fma(p, s, ATAN_C4);
    p = Math.fma(p, s, ATAN_C3);
    p = Math.fma(p, s, ATAN_C2);
    p = Math.fma(p, s, ATAN_C1);
    p = Math.fma(p, s, ATAN_C0);
    return 4 * w * p;
  }

  /**
   * Returns the hyperbolic tangent, within 1e-14 of {@link Math#tanh}, faster: {@code (e^2x - 1) /
   * (e^2x + 1)} through the intrinsic {@link Math#exp}, its Taylor series below |x| = 0.001, and
   * plus or minus 1 beyond |x| = 20.
   */
  static double tanh(double x) {
    double ax = Math.abs(x);
    if (ax < 1e-3) {
      double x2 = x * x;
      return x * (1 - x2 * (1.0 / 3 - x2 * (2.0 / 15 - x2 * (17.0 / 315 - x2 * (62.0 / 2835)))));
    }
    if (ax > 20) {
      return Math.copySign(1.0, x);
    }
    double e = Math.exp(2 * ax);
    return Math.copySign((e - 1) / (e + 1), x);
  }

  /** Tells whether the curve is asymmetric and so makes a DC offset that must be removed. */
  public boolean makesDc() {
    return this == TUBE;
  }
}
