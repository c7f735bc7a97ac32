package lathe.dsp.saturation;

/**
 * Designs a minimum-phase polyphase IIR halfband low-pass, {@code H(z) = (A0(z^2) + z^-1 A1(z^2)) /
 * 2}, where each branch {@code A0}, {@code A1} is a cascade of first-order all-pass sections {@code
 * (a + w^-1) / (1 + a w^-1)} in {@code w = z^2}.
 *
 * <p>The filter is the elliptic halfband of odd order {@code n = 2N + 1} (N coefficients in all),
 * designed in closed form after the method of Valenzuela and Constantinides ("Digital signal
 * processing schemes for efficient interpolation and decimation", IEE Proceedings G, 1983), as also
 * given in Mitra's and in Renfors and Saramaki's treatments of lattice-wave halfbands. With the
 * passband edge {@code wp} and the stopband edge {@code pi - wp} (a transition band centred on a
 * quarter of the sample rate), the selectivity is {@code k = tan^2(wp / 2)}, the complementary
 * modulus {@code k' = sqrt(1 - k^2)}, and the nome {@code q} of the elliptic functions follows from
 * {@code q0 = (1 - sqrt(k')) / (2 (1 + sqrt(k')))} by its series {@code q = q0 + 2 q0^5 + 15 q0^9 +
 * 150 q0^13}. The degree equation of elliptic filters, with the passband and stopband ripples tied
 * by power complementarity ({@code |H|^2 + |H(-z)|^2 = 1}), gives the stopband attenuation {@code
 * 10 log10(1 + q^(-n/2) / 4)} dB, so N is the smallest count that reaches the requested figure. The
 * poles come from Jacobi's theta functions at {@code u = i / n}, {@code i = 1 .. N}:
 *
 * <pre>
 *   w_i = 2 q^(1/4) sum_m (-1)^m q^(m(m+1)) sin((2m+1) pi i / n)
 *         / (1 + 2 sum_(m>=1) (-1)^m q^(m^2) cos(2 m pi i / n))
 *   b_i = sqrt((1 - k w_i^2)(1 - w_i^2 / k)) / (1 + w_i^2),   a_i = (1 - b_i) / (1 + b_i)
 * </pre>
 *
 * and the coefficients, sorted increasing, go alternately to {@code A0} and {@code A1}. The
 * passband ripple is the square of the stopband's (about 1e-9 dB at 85 dB), so the response is flat
 * in the passband; the phase is not linear, and the group delay peaks near the band edge.
 */
final class IirHalfbandDesign {
  private final double[] coefficients;
  private final double[] branch0;
  private final double[] branch1;
  private final double transitionWidth;

  /**
   * Designs the filter with the smallest number of coefficients that reaches the attenuation.
   *
   * @param transitionWidth width of the transition band centred on a quarter of the sample rate, as
   *     a fraction of the filter's sample rate (0.02 means from 0.24 to 0.26)
   * @param attenuationDecibels smallest stopband attenuation wanted, in dB
   */
  IirHalfbandDesign(double transitionWidth, double attenuationDecibels) {
    this.transitionWidth = transitionWidth;
    double k = selectivity(transitionWidth);
    double q = nome(k);
    int count = 1;
    while (attenuationDecibels(q, count) < attenuationDecibels) {
      count++;
    }
    coefficients = coefficients(k, q, count);
    branch0 = new double[(count + 1) / 2];
    branch1 = new double[count / 2];
    for (int i = 0; i < count; i++) {
      if (i % 2 == 0) {
        branch0[i / 2] = coefficients[i];
      } else {
        branch1[i / 2] = coefficients[i];
      }
    }
  }

  /** Returns the selectivity {@code k = tan^2(wp / 2)} for a transition band centred on fs/4. */
  static double selectivity(double transitionWidth) {
    double t = Math.tan(Math.PI * (0.25 - transitionWidth / 2));
    return t * t;
  }

  /** Returns the nome q of the elliptic functions of modulus k, by its series in q0. */
  static double nome(double k) {
    double root = Math.sqrt(Math.sqrt(1 - k * k));
    double q0 = 0.5 * (1 - root) / (1 + root);
    double q4 = q0 * q0 * q0 * q0;
    return q0 * (1 + q4 * (2 + q4 * (15 + q4 * 150)));
  }

  /** Returns the stopband attenuation, in dB, of the halfband with {@code count} coefficients. */
  static double attenuationDecibels(double q, int count) {
    int order = 2 * count + 1;
    return 10 * Math.log10(1 + Math.pow(q, -order / 2.0) / 4);
  }

  private static double[] coefficients(double k, double q, int count) {
    int order = 2 * count + 1;
    double[] a = new double[count];
    for (int i = 1; i <= count; i++) {
      double num = 0;
      for (int m = 0; m < 20; m++) {
        double term = Math.pow(q, m * (m + 1.0)) * Math.sin((2 * m + 1) * Math.PI * i / order);
        num += m % 2 == 0 ? term : -term;
      }
      double den = 0;
      for (int m = 1; m < 20; m++) {
        double term = Math.pow(q, (double) m * m) * Math.cos(2 * m * Math.PI * i / order);
        den += m % 2 == 0 ? term : -term;
      }
      double w = 2 * Math.pow(q, 0.25) * num / (1 + 2 * den);
      double w2 = w * w;
      double b = Math.sqrt((1 - k * w2) * (1 - w2 / k)) / (1 + w2);
      a[i - 1] = (1 - b) / (1 + b);
    }
    java.util.Arrays.sort(a);
    return a;
  }

  /** Returns the width of the transition band, as a fraction of the filter's sample rate. */
  double transitionWidth() {
    return transitionWidth;
  }

  /** Returns all N coefficients, sorted increasing. */
  double[] coefficients() {
    return coefficients.clone();
  }

  /** Returns the coefficients of the branch {@code A0} (applied without the extra delay). */
  double[] branch0() {
    return branch0.clone();
  }

  /** Returns the coefficients of the branch {@code A1} (applied after the one-sample delay). */
  double[] branch1() {
    return branch1.clone();
  }

  /** Returns the stopband attenuation the degree equation promises for this design, in dB. */
  double promisedAttenuationDecibels() {
    return attenuationDecibels(nome(selectivity(transitionWidth)), coefficients.length);
  }

  /**
   * Returns {@code H(e^(j 2 pi f))} as {@code {re, im}}, from the coefficients in closed form: each
   * section {@code (a + e^(-j2t)) / (1 + a e^(-j2t))} with {@code t = 2 pi f}.
   *
   * @param f frequency as a fraction of the filter's sample rate
   */
  double[] response(double f) {
    double t = 2 * Math.PI * f;
    double[] p0 = branchResponse(branch0, 2 * t);
    double[] p1 = branchResponse(branch1, 2 * t);
    double c = Math.cos(t);
    double s = -Math.sin(t);
    double re = p0[0] + (p1[0] * c - p1[1] * s);
    double im = p0[1] + (p1[0] * s + p1[1] * c);
    return new double[] {re / 2, im / 2};
  }

  /** Returns {@code |H(e^(j 2 pi f))|} in dB, from the coefficients in closed form. */
  double magnitudeDecibels(double f) {
    double[] h = response(f);
    return 10 * Math.log10(h[0] * h[0] + h[1] * h[1]);
  }

  private static double[] branchResponse(double[] a, double theta) {
    double re = 1;
    double im = 0;
    double c = Math.cos(theta);
    double s = -Math.sin(theta);
    for (double ai : a) {
      // (a + e^-j theta) / (1 + a e^-j theta)
      double nr = ai + c;
      double ni = s;
      double dr = 1 + ai * c;
      double di = ai * s;
      double d = dr * dr + di * di;
      double sr = (nr * dr + ni * di) / d;
      double si = (ni * dr - nr * di) / d;
      double r = re * sr - im * si;
      im = re * si + im * sr;
      re = r;
    }
    return new double[] {re, im};
  }

  /**
   * Returns the group delay of H at DC, in samples of the filter's rate: each section delays DC by
   * {@code (1 - a) / (1 + a)} samples of {@code w = z^2}, and at DC both branches have unit gain
   * and zero phase, so H delays by the mean of the two branches' delays (A1's including its extra
   * sample).
   */
  double dcGroupDelay() {
    return (branchDelay(branch0) + 1 + branchDelay(branch1)) / 2;
  }

  private static double branchDelay(double[] a) {
    double d = 0;
    for (double ai : a) {
      d += 2 * (1 - ai) / (1 + ai);
    }
    return d;
  }
}
