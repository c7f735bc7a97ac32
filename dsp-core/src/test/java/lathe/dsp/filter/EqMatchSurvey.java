package lathe.dsp.filter;

/** Measures the deviation of the matched EQ design from the analog prototypes. */
final class EqMatchSurvey {
  static final double[] RATES = {44100, 48000};
  static final double[] GAINS = {-18, -12, -6, -3, -1, -0.1, 0.1, 1, 3, 6, 12, 18};
  static final double[] CENTRES = {
    20, 50, 100, 250, 500, 1000, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000
  };

  private EqMatchSurvey() {}

  /** Returns the analog prototype |H(j x)| in dB by complex evaluation of H(s), x = f/f0. */
  static double analogDb(EqShape shape, double x, double gainDb, double q) {
    double a = Math.pow(10, gainDb / 40);
    double r = Math.sqrt(a);
    return switch (shape) {
      case BELL ->
          Responses.analogDb(new double[] {1, a / q, 1}, new double[] {1, 1 / (a * q), 1}, x);
      case LOW_SHELF ->
          Responses.analogDb(new double[] {a, a * r / q, a * a}, new double[] {a, r / q, 1}, x);
      case HIGH_SHELF ->
          Responses.analogDb(new double[] {a * a, a * r / q, a}, new double[] {1, r / q, a}, x);
    };
  }

  /** Returns the largest |digital - analog| in dB on a 1000-point log grid 20 Hz - 20 kHz. */
  static double deviationDb(EqShape shape, double rate, double f0, double gainDb, double q) {
    double[] c = new double[5];
    MatchedEqDesign.design(shape, rate, f0, gainDb, q, c);
    double worst = 0;
    for (int k = 0; k <= 1000; k++) {
      double hz = 20 * Math.pow(1000, k / 1000.0);
      double d =
          Responses.sectionDb(2 * Math.PI * hz / rate, c[0], c[1], c[2], c[3], c[4])
              - analogDb(shape, hz / f0, gainDb, q);
      if (!(Math.abs(d) <= worst)) {
        worst = Math.abs(d);
      }
    }
    return worst;
  }

  /** Returns the worst deviation over the matrix restricted to the given centres and Qs. */
  static double worst(EqShape shape, double maxCentre, double[] qs, StringBuilder where) {
    double worst = 0;
    for (double rate : RATES) {
      for (double f0 : CENTRES) {
        if (f0 > maxCentre) {
          continue;
        }
        for (double g : GAINS) {
          for (double q : qs) {
            double d = deviationDb(shape, rate, f0, g, q);
            if (!(d <= worst)) {
              worst = d;
              where.setLength(0);
              where.append(rate).append(" Hz, f0 ").append(f0).append(", ").append(g);
              where.append(" dB, Q ").append(q);
            }
          }
        }
      }
    }
    return worst;
  }
}
