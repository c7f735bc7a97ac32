package lathe.dsp.param;

/** Maps a knob's normalized 0..1 position to a parameter's plain value and back. */
public enum Taper {
  /** Equal steps of the plain value per degree of rotation. */
  LINEAR,
  /**
   * Equal ratios per degree of rotation, for frequencies and times; the minimum must be positive.
   */
  LOGARITHMIC,
  /**
   * Fader law for a decibel value: the top of the travel gets more resolution (value = min + (max -
   * min) * (1 - (1 - position)^2)).
   */
  DECIBEL;

  /** Returns the plain value at a normalized position, clamped to 0..1. */
  public double toPlain(double position, double min, double max) {
    double p = Math.clamp(position, 0.0, 1.0);
    return switch (this) {
      case LINEAR -> min + p * (max - min);
      case LOGARITHMIC -> min * Math.pow(max / min, p);
      case DECIBEL -> min + (max - min) * (1.0 - (1.0 - p) * (1.0 - p));
    };
  }

  /** Returns the normalized position 0..1 of a plain value, clamped to the range. */
  public double toNormalized(double value, double min, double max) {
    double v = Math.clamp(value, Math.min(min, max), Math.max(min, max));
    return switch (this) {
      case LINEAR -> (v - min) / (max - min);
      case LOGARITHMIC -> Math.log(v / min) / Math.log(max / min);
      case DECIBEL -> 1.0 - Math.sqrt(Math.max(0.0, 1.0 - (v - min) / (max - min)));
    };
  }
}
