package lathe.dsp.filter;

import java.util.HashMap;
import java.util.Map;

/** Measures the deviation of the matched EQ design from the analog prototypes. */
final class EqMatchSurvey {
  static final double[] RATES = {44100, 48000};
  static final double[] HIGH_RATES = {88200, 96000, 176400, 192000};
  static final double[] GAINS = {-18, -15, -12, -9, -6, -3, -1, -0.1, 0.1, 1, 3, 6, 9, 12, 15, 18};
  static final double[] CENTRES = {
    20, 30, 50, 100, 250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000,
    12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000, 20000
  };

  private static final MatchedEqDesign DESIGNER = new MatchedEqDesign();

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

  /**
   * Returns the largest |digital - analog| in dB on a 1001-point log grid 20 Hz - 20 kHz, each side
   * evaluated by complex arithmetic on its own polynomials (digital in e^-jw, analog in j f/f0).
   */
  static double deviationDb(EqShape shape, double rate, double f0, double gainDb, double q) {
    double[] c = new double[5];
    DESIGNER.design(shape, rate, f0, gainDb, q, c);
    double a = Math.pow(10, gainDb / 40);
    double r = Math.sqrt(a);
    double[] num;
    double[] den;
    switch (shape) {
      case BELL -> {
        num = new double[] {1, a / q, 1};
        den = new double[] {1, 1 / (a * q), 1};
      }
      case LOW_SHELF -> {
        num = new double[] {a, a * r / q, a * a};
        den = new double[] {a, r / q, 1};
      }
      default -> {
        num = new double[] {a * a, a * r / q, a};
        den = new double[] {1, r / q, a};
      }
    }
    double[][] trig = trig(rate);
    double worst = 0;
    for (int k = 0; k < GRID_HERTZ.length; k++) {
      double c1 = trig[0][k];
      double s1 = trig[1][k];
      double c2 = trig[2][k];
      double s2 = trig[3][k];
      double br = c[0] + c[1] * c1 + c[2] * c2;
      double bi = -(c[1] * s1 + c[2] * s2);
      double ar = 1 + c[3] * c1 + c[4] * c2;
      double ai = -(c[3] * s1 + c[4] * s2);
      double x = GRID_HERTZ[k] / f0;
      double nr = num[2] - num[0] * x * x;
      double ni = num[1] * x;
      double dr = den[2] - den[0] * x * x;
      double di = den[1] * x;
      double digital = (br * br + bi * bi) / (ar * ar + ai * ai);
      double analog = (nr * nr + ni * ni) / (dr * dr + di * di);
      double d = Math.abs(10 * Math.log10(digital / analog));
      if (!(d <= worst)) {
        worst = d;
      }
    }
    return worst;
  }

  private static final double[] GRID_HERTZ = new double[1001];
  private static final Map<Double, double[][]> TRIG = new HashMap<>();

  static {
    for (int k = 0; k < GRID_HERTZ.length; k++) {
      GRID_HERTZ[k] = 20 * Math.pow(1000, k / 1000.0);
    }
  }

  /** Returns cos w, sin w, cos 2w, sin 2w on the grid for one rate. */
  private static double[][] trig(double rate) {
    return TRIG.computeIfAbsent(
        rate,
        fs -> {
          double[][] t = new double[4][GRID_HERTZ.length];
          for (int k = 0; k < GRID_HERTZ.length; k++) {
            double w = 2 * Math.PI * GRID_HERTZ[k] / fs;
            t[0][k] = Math.cos(w);
            t[1][k] = Math.sin(w);
            t[2][k] = Math.cos(2 * w);
            t[3][k] = Math.sin(2 * w);
          }
          return t;
        });
  }

  /** Returns the worst deviation at 44.1 and 48 kHz over centres up to maxCentre and the Qs. */
  static double worst(EqShape shape, double maxCentre, double[] qs, StringBuilder where) {
    return worst(shape, RATES, maxCentre, qs, where);
  }

  /** Returns the worst deviation over the rates, the centres up to maxCentre, gains and Qs. */
  static double worst(
      EqShape shape, double[] rates, double maxCentre, double[] qs, StringBuilder where) {
    double worst = 0;
    for (double rate : rates) {
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
