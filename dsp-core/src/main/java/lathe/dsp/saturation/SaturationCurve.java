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
      case TUBE -> (Math.tanh(x + TUBE_BIAS) - TUBE_OFFSET) * TUBE_SCALE;
      case SOFT_CLIP -> Math.tanh(x);
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
          x[i] = (Math.tanh(x[i] + TUBE_BIAS) - TUBE_OFFSET) * TUBE_SCALE;
        }
      }
      case SOFT_CLIP -> {
        for (int i = offset; i < end; i++) {
          x[i] = Math.tanh(x[i]);
        }
      }
    }
  }

  /** Tells whether the curve is asymmetric and so makes a DC offset that must be removed. */
  public boolean makesDc() {
    return this == TUBE;
  }
}
