package lathe.dsp.filter;

/**
 * Derives digital bell and shelf biquads whose magnitude follows the analog prototypes of {@link
 * AnalogEqPrototype} up to 20 kHz, without the cramping of the bilinear transform.
 *
 * <p>The poles are the analog poles mapped by {@code z = exp(s T)} (impulse invariance of the
 * poles, so the resonance sits at the analog frequency). The numerator is chosen in the
 * squared-magnitude domain, where {@code |b(e^jw)|^2 = B0 (1 - p) + B1 p + B2 4 p (1 - p)} with
 * {@code p = sin^2(w/2)} is linear in its three unknowns: they minimise the largest relative error
 * {@code |b|^2 / (|H_analog|^2 |a|^2) - 1} over a check grid (24 points spaced logarithmically from
 * 20 Hz to the top of the audio band, plus 9 points around the centre or corner frequency), found
 * by the exchange algorithm for weighted minimax polynomial approximation, which converges here in
 * at most a few iterations of a 4 by 4 solve. Only the band that is judged is fitted: the top of
 * the grid is 20 kHz at 44.1 and 48 kHz (so the part of a wide bell's skirt that lies between 20
 * kHz and Nyquist does not pull the audible band off), and a quarter of the sample rate at higher
 * rates. The numerator is then factored into its minimum-phase biquad. Should the fit fail, the
 * numerator falls back to matching the prototype at DC, at {@code f0} and at Nyquist.
 *
 * <p>Cuts are designed as the boost of the same size and inverted (the analog cut is exactly the
 * reciprocal of the analog boost), so the mapped poles always belong to the lower of the two
 * resonances. The design allocates nothing; an instance holds its scratch arrays and must be used
 * by one thread at a time.
 *
 * <p>Measured accuracy from 20 Hz to 20 kHz, gains within +-18 dB: bells of Q 0.1 to 10 centred up
 * to 16 kHz (and up to 20 kHz) within 0.34 dB at 44.1 kHz, 0.19 dB at 48 kHz and 0.02 dB at 88.2 to
 * 192 kHz; shelves of Q 0.1 to 2 with corners up to 20 kHz within 0.35 dB at 44.1 kHz, 0.24 dB at
 * 48 kHz and 0.03 dB above. A design takes about 1.2 microseconds. Shelves with a resonant Q above
 * about 3 are not held to this: even the best numerator for the mapped poles misses the prototype
 * by 0.7 dB at Q 4 and 1.3 dB at Q 10 at 44.1 kHz, because the dip (or peak) of the resonant pair
 * sits close to Nyquist where its mirror image bends the digital response, and the nine local grid
 * points do not resolve such narrow features; {@link ParametricEqModule} therefore limits the shelf
 * Q to 2.
 */
public final class MatchedEqDesign {
  /** Highest centre frequency as a fraction of the sample rate; higher requests are held here. */
  public static final double MAX_FREQUENCY_RATIO = 0.46;

  private static final double LOW_HERTZ = 20.0;
  private static final double AUDIO_TOP_HERTZ = 20000.0;
  private static final int LOG_POINTS = 24;
  private static final int LOCAL_STEPS = 4;
  private static final int MAX_POINTS = LOG_POINTS + 2 * LOCAL_STEPS + 1;
  private static final double MIN_SPACING_RATIO = 1.002;
  private static final int MAX_EXCHANGES = 16;

  private final double[] gridP = new double[MAX_POINTS];
  private final double[] gridTarget = new double[MAX_POINTS];
  private final double[] error = new double[MAX_POINTS];
  private final int[] reference = new int[4];
  private final double[] system = new double[20];
  private final double[] numerator = new double[3];

  /** Creates a designer with its own scratch space. */
  public MatchedEqDesign() {}

  /**
   * Computes the coefficients of one band; allocates nothing.
   *
   * @param shape bell or shelf
   * @param sampleRate sample rate in hertz
   * @param frequencyHertz centre (bell) or corner (shelf) frequency in hertz, held below 0.46 times
   *     the sample rate
   * @param gainDb gain in decibels; 0 gives the identity
   * @param q quality factor as defined by {@link AnalogEqPrototype}
   * @param out receives {b0, b1, b2, a1, a2} with a0 = 1
   */
  public void design(
      EqShape shape,
      double sampleRate,
      double frequencyHertz,
      double gainDb,
      double q,
      double[] out) {
    if (gainDb == 0.0) {
      setIdentity(out);
      return;
    }
    double f0 = Math.min(frequencyHertz, MAX_FREQUENCY_RATIO * sampleRate);
    double w0 = 2.0 * Math.PI * f0 / sampleRate;
    boolean invert;
    double designDb;
    if (shape == EqShape.HIGH_SHELF) {
      invert = gainDb > 0;
      designDb = -Math.abs(gainDb);
    } else {
      invert = gainDb < 0;
      designDb = Math.abs(gainDb);
    }
    double a = Math.pow(10.0, designDb / 40.0);
    double poleW;
    double poleQ;
    switch (shape) {
      case BELL -> {
        poleW = w0;
        poleQ = a * q;
      }
      case LOW_SHELF -> {
        poleW = w0 / Math.sqrt(a);
        poleQ = q;
      }
      default -> {
        poleW = w0 * Math.sqrt(a);
        poleQ = q;
      }
    }
    double zeta = 1.0 / (2.0 * poleQ);
    double decay = Math.exp(-zeta * poleW);
    double a1 =
        zeta <= 1.0
            ? -2.0 * decay * Math.cos(Math.sqrt(1.0 - zeta * zeta) * poleW)
            : -2.0 * decay * Math.cosh(Math.sqrt(zeta * zeta - 1.0) * poleW);
    double a2 = decay * decay;
    double den0 = sq(1.0 + a1 + a2);
    double den1 = sq(1.0 - a1 + a2);
    double den2 = -4.0 * a2;

    int n = buildGrid(shape, sampleRate, f0, a, q, den0, den1, den2);
    boolean fitted = fitNumerator(n) && factor(numerator[0], numerator[1], numerator[2], out);
    if (!fitted) {
      threePointNumerator(shape, w0, a, q, den0, den1, den2);
      if (!factor(numerator[0], numerator[1], numerator[2], out)) {
        setIdentity(out);
        return;
      }
    }
    double bb0 = out[0];
    double bb1 = out[1];
    double bb2 = out[2];
    if (invert) {
      out[0] = 1.0 / bb0;
      out[1] = a1 / bb0;
      out[2] = a2 / bb0;
      out[3] = bb1 / bb0;
      out[4] = bb2 / bb0;
    } else {
      out[3] = a1;
      out[4] = a2;
    }
  }

  /**
   * Fills the check grid, in ascending frequency, with {@code p} and the target numerator value
   * {@code |H_analog|^2 |a|^2}; returns the number of points.
   */
  private int buildGrid(
      EqShape shape,
      double sampleRate,
      double f0,
      double a,
      double q,
      double den0,
      double den1,
      double den2) {
    double top = Math.min(0.49 * sampleRate, Math.max(AUDIO_TOP_HERTZ, 0.25 * sampleRate));
    double logStep = Math.pow(top / LOW_HERTZ, 1.0 / (LOG_POINTS - 1));
    double octaves = shape == EqShape.BELL ? Math.min(1.0, 0.7 / q) : 1.0;
    double localStep = Math.pow(2.0, octaves / LOCAL_STEPS);
    double local = f0 / Math.pow(localStep, LOCAL_STEPS);
    double logHertz = LOW_HERTZ;
    int nextLog = 0;
    int nextLocal = 0;
    double last = 0.0;
    int n = 0;
    while (nextLog < LOG_POINTS || nextLocal <= 2 * LOCAL_STEPS) {
      double f;
      double logCandidate =
          nextLog < LOG_POINTS - 1 ? logHertz : nextLog == LOG_POINTS - 1 ? top : Double.MAX_VALUE;
      if (nextLocal <= 2 * LOCAL_STEPS && local < logCandidate) {
        f = local;
        nextLocal++;
        local *= localStep;
      } else {
        f = logCandidate;
        nextLog++;
        logHertz *= logStep;
      }
      if (f < LOW_HERTZ || f > top || f < last * MIN_SPACING_RATIO) {
        continue;
      }
      last = f;
      double p = sinSquaredHalf(2.0 * Math.PI * f / sampleRate);
      double den = den0 * (1.0 - p) + den1 * p + den2 * 4.0 * p * (1.0 - p);
      gridP[n] = p;
      gridTarget[n] = prototype(shape, f / f0, a, q) * den;
      n++;
    }
    return n;
  }

  /**
   * Finds the numerator that minimises the largest relative error on the grid by single-point
   * exchange; returns false if the grid is too small or a solve breaks down.
   */
  private boolean fitNumerator(int n) {
    if (n < 4) {
      return false;
    }
    reference[0] = 0;
    reference[1] = n / 3;
    reference[2] = (2 * n) / 3;
    reference[3] = n - 1;
    for (int iteration = 0; iteration < MAX_EXCHANGES; iteration++) {
      double level = solveReference();
      if (!Double.isFinite(level)) {
        return false;
      }
      double n0 = numerator[0];
      double n1 = numerator[1];
      double n2 = numerator[2];
      int worst = 0;
      double worstAbs = -1.0;
      for (int k = 0; k < n; k++) {
        double p = gridP[k];
        double e = (n0 * (1.0 - p) + n1 * p + n2 * 4.0 * p * (1.0 - p)) / gridTarget[k] - 1.0;
        error[k] = e;
        double abs = Math.abs(e);
        if (abs > worstAbs) {
          worstAbs = abs;
          worst = k;
        }
      }
      if (!(worstAbs <= Math.abs(level) * 1.01 + 1e-6) && !isReference(worst)) {
        exchange(worst);
      } else {
        return true;
      }
    }
    return true;
  }

  private boolean isReference(int k) {
    return reference[0] == k || reference[1] == k || reference[2] == k || reference[3] == k;
  }

  /** Brings grid point {@code k} into the reference, keeping the error signs alternating. */
  private void exchange(int k) {
    boolean positive = error[k] > 0.0;
    if (k < reference[0]) {
      if ((error[reference[0]] > 0.0) == positive) {
        reference[0] = k;
      } else {
        reference[3] = reference[2];
        reference[2] = reference[1];
        reference[1] = reference[0];
        reference[0] = k;
      }
    } else if (k > reference[3]) {
      if ((error[reference[3]] > 0.0) == positive) {
        reference[3] = k;
      } else {
        reference[0] = reference[1];
        reference[1] = reference[2];
        reference[2] = reference[3];
        reference[3] = k;
      }
    } else {
      int i = 1;
      while (reference[i] < k) {
        i++;
      }
      if ((error[reference[i - 1]] > 0.0) == positive) {
        reference[i - 1] = k;
      } else {
        reference[i] = k;
      }
    }
  }

  /**
   * Solves for the numerator whose relative error is {@code +-level} with alternating signs at the
   * four reference points; stores the numerator and returns the level (NaN on breakdown).
   */
  private double solveReference() {
    double[] m = system;
    for (int i = 0; i < 4; i++) {
      int k = reference[i];
      double p = gridP[k];
      double t = gridTarget[k];
      // Each row is divided by the target, so the equations read (N(p) / target) -+ level = 1.
      int r = 5 * i;
      m[r] = (1.0 - p) / t;
      m[r + 1] = p / t;
      m[r + 2] = 4.0 * p * (1.0 - p) / t;
      m[r + 3] = (i & 1) == 0 ? -1.0 : 1.0;
      m[r + 4] = 1.0;
    }
    for (int col = 0; col < 4; col++) {
      int pivot = col;
      double best = Math.abs(m[5 * col + col]);
      for (int row = col + 1; row < 4; row++) {
        double v = Math.abs(m[5 * row + col]);
        if (v > best) {
          best = v;
          pivot = row;
        }
      }
      if (!(best > 0.0)) {
        return Double.NaN;
      }
      if (pivot != col) {
        for (int j = 0; j < 5; j++) {
          double tmp = m[5 * col + j];
          m[5 * col + j] = m[5 * pivot + j];
          m[5 * pivot + j] = tmp;
        }
      }
      double inv = 1.0 / m[5 * col + col];
      for (int row = col + 1; row < 4; row++) {
        double factor = m[5 * row + col] * inv;
        if (factor != 0.0) {
          for (int j = col; j < 5; j++) {
            m[5 * row + j] -= factor * m[5 * col + j];
          }
        }
      }
    }
    double level = m[19] / m[18];
    double x2 = (m[14] - m[13] * level) / m[12];
    double x1 = (m[9] - m[8] * level - m[7] * x2) / m[6];
    double x0 = (m[4] - m[3] * level - m[2] * x2 - m[1] * x1) / m[0];
    numerator[0] = x0;
    numerator[1] = x1;
    numerator[2] = x2;
    return Double.isFinite(x0) && Double.isFinite(x1) && Double.isFinite(x2) ? level : Double.NaN;
  }

  /**
   * Sets the numerator that matches the prototype at DC and Nyquist, and at {@code f0} (at most 0.9
   * times Nyquist), as a fallback for a failed fit.
   */
  private void threePointNumerator(
      EqShape shape, double w0, double a, double q, double den0, double den1, double den2) {
    double n0 = prototype(shape, 0.0, a, q) * den0;
    double n1 = prototype(shape, Math.PI / w0, a, q) * den1;
    double wm = Math.min(w0, 0.9 * Math.PI);
    double p1 = sinSquaredHalf(wm);
    double p0 = 1.0 - p1;
    double p2 = 4.0 * p0 * p1;
    double den = den0 * p0 + den1 * p1 + den2 * p2;
    numerator[0] = n0;
    numerator[1] = n1;
    numerator[2] = (prototype(shape, wm / w0, a, q) * den - n0 * p0 - n1 * p1) / p2;
  }

  /**
   * Factors a squared-magnitude numerator into its minimum-phase {b0, b1, b2} in {@code out};
   * returns false if it is not a valid squared magnitude.
   */
  private static boolean factor(double n0, double n1, double n2, double[] out) {
    if (!(n0 > 0.0) || !(n1 >= 0.0)) {
      return false;
    }
    double s0 = Math.sqrt(n0);
    double s1 = Math.sqrt(n1);
    double w = 0.5 * (s0 + s1);
    double disc = w * w + n2;
    if (!(disc >= 0.0)) {
      return false;
    }
    double b0 = 0.5 * (w + Math.sqrt(disc));
    double b1 = 0.5 * (s0 - s1);
    double b2 = -n2 / (4.0 * b0);
    if (!(b0 > 0.0) || !(Math.abs(b2) <= b0) || !Double.isFinite(b1)) {
      return false;
    }
    out[0] = b0;
    out[1] = b1;
    out[2] = b2;
    return true;
  }

  private static void setIdentity(double[] out) {
    out[0] = 1.0;
    out[1] = 0.0;
    out[2] = 0.0;
    out[3] = 0.0;
    out[4] = 0.0;
  }

  private static double prototype(EqShape shape, double ratio, double a, double q) {
    double x2 = ratio * ratio;
    switch (shape) {
      case BELL -> {
        double r = 1.0 - x2;
        return (r * r + x2 * a * a / (q * q)) / (r * r + x2 / (a * a * q * q));
      }
      case LOW_SHELF -> {
        double n = a - x2;
        double d = 1.0 - a * x2;
        double mid = a * x2 / (q * q);
        return a * a * (n * n + mid) / (d * d + mid);
      }
      default -> {
        double n = 1.0 - a * x2;
        double d = a - x2;
        double mid = a * x2 / (q * q);
        return a * a * (n * n + mid) / (d * d + mid);
      }
    }
  }

  private static double sinSquaredHalf(double w) {
    double s = Math.sin(0.5 * w);
    return s * s;
  }

  private static double sq(double v) {
    return v * v;
  }
}
