package lathe.dsp.saturation;

/**
 * Names the transfer curves of the saturator; every curve has slope 1 at the origin, so a quiet
 * signal passes at unity gain whatever the curve.
 */
public enum SaturationCurve {
  /** Passes the signal untouched: the saturator's neutral setting. */
  OFF,
  /**
   * Shapes like magnetic tape: {@code y = atan(x)}, symmetric (odd harmonics only), with the
   * gentlest knee of the three: it leaves the line as {@code x - x^3/3} and nears its limits of
   * plus or minus pi/2 (+3.9 dBFS) only as {@code 1/x}.
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
      case TAPE -> Math.atan(x);
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
          x[i] = Math.atan(x[i]);
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
