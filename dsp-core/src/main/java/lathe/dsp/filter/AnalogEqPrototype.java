package lathe.dsp.filter;

/**
 * Evaluates the squared magnitude of the analog equalizer prototypes that the digital bands match.
 *
 * <p>With {@code x = f / f0} and {@code A = 10^(gainDb / 40)}:
 *
 * <ul>
 *   <li>bell {@code H(s) = (s^2 + s A/Q + 1) / (s^2 + s/(A Q) + 1)}: 0 dB far away, {@code gainDb}
 *       at {@code f0}, half the gain in dB at the two edges whose distance is {@code f0/Q};
 *   <li>low shelf {@code H(s) = A (s^2 + s sqrt(A)/Q + A) / (A s^2 + s sqrt(A)/Q + 1)}: {@code
 *       gainDb} at DC, 0 dB far above, half the gain at {@code f0};
 *   <li>high shelf {@code H(s) = A (A s^2 + s sqrt(A)/Q + 1) / (s^2 + s sqrt(A)/Q + A)}: 0 dB at
 *       DC, {@code gainDb} far above, half the gain at {@code f0}.
 * </ul>
 */
public final class AnalogEqPrototype {
  private AnalogEqPrototype() {}

  /**
   * Returns {@code |H(j 2 pi f)|^2} of a prototype.
   *
   * @param shape the band shape
   * @param ratio the frequency over the centre or corner frequency, {@code f / f0}
   * @param gainDb gain at the centre (bell) or on the shelf, in decibels
   * @param q quality factor as defined in the class description
   */
  public static double magnitudeSquared(EqShape shape, double ratio, double gainDb, double q) {
    double a = Math.pow(10.0, gainDb / 40.0);
    double x2 = ratio * ratio;
    return switch (shape) {
      case BELL -> {
        double r = 1.0 - x2;
        double num = r * r + x2 * a * a / (q * q);
        double den = r * r + x2 / (a * a * q * q);
        yield num / den;
      }
      case LOW_SHELF -> {
        double n = a - x2;
        double d = 1.0 - a * x2;
        double mid = a * x2 / (q * q);
        yield a * a * (n * n + mid) / (d * d + mid);
      }
      case HIGH_SHELF -> {
        double n = 1.0 - a * x2;
        double d = a - x2;
        double mid = a * x2 / (q * q);
        yield a * a * (n * n + mid) / (d * d + mid);
      }
    };
  }
}
