package lathe.dsp.fade;

/**
 * Shapes a fade as a gain of the fade's progress {@code t} in 0..1, from silence ({@code t = 0},
 * gain exactly 0) towards full level ({@code t = 1}, gain 1).
 *
 * <p>A fade-in reads the curve forwards and a fade-out reads it backwards, so both start or end on
 * an exact zero.
 */
public enum FadeCurve {
  /** Rises in equal steps of amplitude: {@code g = t}. */
  LINEAR("linear"),
  /**
   * Rises as a quarter sine, {@code g = sin(t * pi / 2)}, the constant-power ("cosine") shape that
   * sounds even on a fade-in.
   */
  EQUAL_POWER("equal-power"),
  /**
   * Rises in equal steps of decibels from -60 dB just after {@code t = 0} up to 0 dB at {@code t =
   * 1}: {@code g = 10^(-3 (1 - t))}, and exactly 0 at {@code t = 0}; the natural-sounding fade-out.
   */
  LOGARITHMIC("logarithmic");

  /** Depth of the logarithmic curve at its quiet end, in decibels below full level. */
  public static final double LOGARITHMIC_RANGE_DECIBELS = 60.0;

  private final String label;

  FadeCurve(String label) {
    this.label = label;
  }

  /** Returns the choice label used by the parameter ({@code equal-power}). */
  public String label() {
    return label;
  }

  /** Returns the curve at a choice parameter's plain value (its index), clamped to the list. */
  public static FadeCurve ofIndex(double plain) {
    FadeCurve[] all = values();
    return all[(int) Math.clamp(Math.rint(plain), 0, all.length - 1)];
  }

  /** Returns every label, in the order of the choice parameter. */
  static String[] labels() {
    FadeCurve[] all = values();
    String[] labels = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      labels[i] = all[i].label;
    }
    return labels;
  }

  /**
   * Returns the linear gain at progress {@code t}: exactly 0 for {@code t <= 0}, exactly 1 for
   * {@code t >= 1}.
   */
  public double gain(double t) {
    if (t <= 0.0) {
      return 0.0;
    }
    if (t >= 1.0) {
      return 1.0;
    }
    return switch (this) {
      case LINEAR -> t;
      case EQUAL_POWER -> Math.sin(t * (Math.PI / 2.0));
      case LOGARITHMIC -> Math.pow(10.0, -LOGARITHMIC_RANGE_DECIBELS / 20.0 * (1.0 - t));
    };
  }
}
