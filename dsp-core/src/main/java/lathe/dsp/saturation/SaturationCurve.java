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

  // atan(r) / r = P(t) / Q(t), t = r^2, for |r| <= 1: a degree-(6, 6) rational fitted by weighted
  // least squares on 200 Chebyshev nodes of t in [0, 1], within 6e-18 of the exact ratio (4e-17
  // with the coefficients rounded to doubles). Every coefficient is positive, so the sums never
  // cancel and their rounding stays a few units in the last place.
  private static final double ATAN_P0 = 1.0;
  private static final double ATAN_P1 = 2.505871154104823;
  private static final double ATAN_P2 = 2.283552921076217;
  private static final double ATAN_P3 = 0.9214099303568215;
  private static final double ATAN_P4 = 0.15930676772763608;
  private static final double ATAN_P5 = 0.00936890873257289;
  private static final double ATAN_P6 = 8.081629455475669e-05;
  private static final double ATAN_Q1 = 2.839204487438154;
  private static final double ATAN_Q2 = 3.029954416889149;
  private static final double ATAN_Q3 = 1.5064109813494633;
  private static final double ATAN_Q4 = 0.34994240819043027;
  private static final double ATAN_Q5 = 0.033026737446235035;
  private static final double ATAN_Q6 = 0.00082764269702187;

  // Scale that turns any |x| - 1 > 0 (at least 2.2e-16), times |x| > 1, into a product over 1.
  private static final double ABOVE_ONE = 1e300;

  private static final double HALF_PI = Math.PI / 2;

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
   * Replaces each of the first {@code length} samples {@code x} of {@code up} by {@code
   * fma(wetGain, shape(x * drive), dryGain * x)}: a driven, shaped copy mixed with the sample, in
   * one pass, each curve's loop free of branches so that it vectorises.
   */
  public void driveShapeAndMix(
      double[] up, int length, double drive, double wetGain, double dryGain) {
    switch (this) {
      case OFF -> {
        for (int i = 0; i < length; i++) {
          up[i] = Math.fma(wetGain, up[i] * drive, dryGain * up[i]);
        }
      }
      case TAPE -> {
        for (int i = 0; i < length; i++) {
          up[i] = Math.fma(wetGain, atan(up[i] * drive), dryGain * up[i]);
        }
      }
      case TUBE -> {
        for (int i = 0; i < length; i++) {
          double v = (tanh(up[i] * drive + TUBE_BIAS) - TUBE_OFFSET) * TUBE_SCALE;
          up[i] = Math.fma(wetGain, v, dryGain * up[i]);
        }
      }
      case SOFT_CLIP -> {
        for (int i = 0; i < length; i++) {
          up[i] = Math.fma(wetGain, tanh(up[i] * drive), dryGain * up[i]);
        }
      }
    }
  }

  /**
   * Returns the arctangent, within 2e-15 of {@link Math#atan} for every finite input (2.3e-16
   * measured), with no branch or table, so a loop over an array of it vectorises: {@code r = x /
   * max(|x|, 1)^2} is {@code x} for {@code |x| <= 1} and {@code 1/x} beyond, where {@code atan(x) =
   * sign(x) pi/2 - atan(1/x)}; a rational function gives {@code atan(r)}, and a weight of 0 or plus
   * or minus 1, not a branch, picks the form. Its two divisions run beside the multiply-adds, where
   * square roots would not. The forms meet at {@code |x| = 1} within rounding (2e-16), so the slope
   * stays continuous (no new harmonics from the approximation); zero maps to zero, the result is
   * exactly odd, and beyond 1.3e154 in magnitude it is plus or minus pi/2. An infinite input gives
   * NaN (the saturator's input is sanitized, so none reaches it).
   */
  static double atan(double x) {
    double ax = Math.abs(x);
    double den = Math.max(ax, 1.0);
    double r = x / (den * den);
    // 0 for |x| <= 1, the sign of x beyond.
    double far = Math.max(-1.0, Math.min(1.0, x * (den - 1.0) * ABOVE_ONE));
    return Math.fma(1.0 - 2.0 * Math.abs(far), atanWithinOne(r), far * HALF_PI);
  }

  /**
   * Returns {@code atan(r)} for {@code |r| <= 1} as {@code r P(r^2) / Q(r^2)}; a method of its own
   * so that {@link #atan} stays small enough for the compiler to inline into the vector loop of
   * {@link #shapeInPlace}.
   */
  private static double atanWithinOne(double r) {
    double t = r * r;
    double p = Math.fma(t, ATAN_P6, ATAN_P5);
    p = Math.fma(p, t, ATAN_P4);
    p = Math.fma(p, t, ATAN_P3);
    p = Math.fma(p, t, ATAN_P2);
    p = Math.fma(p, t, ATAN_P1);
    p = Math.fma(p, t, ATAN_P0);
    double q = Math.fma(t, ATAN_Q6, ATAN_Q5);
    q = Math.fma(q, t, ATAN_Q4);
    q = Math.fma(q, t, ATAN_Q3);
    q = Math.fma(q, t, ATAN_Q2);
    q = Math.fma(q, t, ATAN_Q1);
    q = Math.fma(q, t, 1.0);
    return r * p / q;
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
