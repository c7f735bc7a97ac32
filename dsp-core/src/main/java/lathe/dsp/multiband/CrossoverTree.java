package lathe.dsp.multiband;

import java.util.Arrays;
import lathe.dsp.Dsp;

/**
 * Splits a signal into 2 to 4 bands whose sum is an all-pass of flat magnitude.
 *
 * <p>The standard tree: crossover k splits what lies above crossover k - 1 into band k and the
 * rest; band k then passes the all-pass of every later crossover, so all bands carry the same phase
 * and sum to the product of the crossovers' all-passes. Every section is a biquad in transposed
 * direct form II; the four sections of one crossover run in one loop so that their recursions
 * overlap in the processor.
 */
final class CrossoverTree {
  private static final int CROSSOVERS = MultibandCompressor.MAX_BANDS - 1;
  // Per channel and crossover: states (z1, z2) of low-pass 1 and 2, then high-pass 1 and 2.
  private final double[][][] split;
  // Per channel, band k and crossover j > k: state (z1, z2) of band k's copy of j's all-pass.
  private final double[][][] allPass;
  private final double[] lowB = new double[CROSSOVERS];
  private final double[] highB = new double[CROSSOVERS];
  private final double[] a1 = new double[CROSSOVERS];
  private final double[] a2 = new double[CROSSOVERS];
  private final double[] coefficients = new double[4];
  private int bands = 2;

  CrossoverTree(int channels) {
    split = new double[channels][CROSSOVERS][8];
    allPass = new double[channels][CROSSOVERS][2 * CROSSOVERS];
  }

  /** Sets the number of bands, 2 to 4. */
  void setBands(int count) {
    bands = count;
  }

  /** Sets every section from the crossover frequencies in hertz, already ordered. */
  void design(double[] hertz, double sampleRate) {
    for (int k = 0; k < bands - 1; k++) {
      LinkwitzRileyDesign.design(hertz[k], sampleRate, coefficients);
      lowB[k] = coefficients[0];
      highB[k] = coefficients[1];
      a1[k] = coefficients[2];
      a2[k] = coefficients[3];
    }
  }

  /**
   * Splits {@code in[from..to)} of one channel into {@code out[band][at..at+to-from)}.
   *
   * @param out one buffer per band, each at least {@code at + to - from} long
   */
  void split(double[] in, int from, int to, int channel, double[][] out, int at) {
    int end = at + to - from;
    double[] rest = out[bands - 1];
    System.arraycopy(in, from, rest, at, to - from);
    for (int k = 0; k < bands - 1; k++) {
      double[] low = out[k];
      double[] s = split[channel][k];
      double lb = lowB[k];
      double lb2 = 2.0 * lb;
      double hb = highB[k];
      double hb2 = -2.0 * hb;
      double d1 = a1[k];
      double d2 = a2[k];
      double l1 = s[0];
      double l1b = s[1];
      double l2 = s[2];
      double l2b = s[3];
      double h1 = s[4];
      double h1b = s[5];
      double h2 = s[6];
      double h2b = s[7];
      for (int i = at; i < end; i++) {
        double x = rest[i];
        double y = lb * x + l1;
        l1 = lb2 * x - d1 * y + l1b;
        l1b = lb * x - d2 * y;
        double lo = lb * y + l2;
        l2 = lb2 * y - d1 * lo + l2b;
        l2b = lb * y - d2 * lo;
        double z = hb * x + h1;
        h1 = hb2 * x - d1 * z + h1b;
        h1b = hb * x - d2 * z;
        double hi = hb * z + h2;
        h2 = hb2 * z - d1 * hi + h2b;
        h2b = hb * z - d2 * hi;
        low[i] = lo;
        rest[i] = hi;
      }
      s[0] = l1;
      s[1] = l1b;
      s[2] = l2;
      s[3] = l2b;
      s[4] = h1;
      s[5] = h1b;
      s[6] = h2;
      s[7] = h2b;
      for (int j = k + 1; j < bands - 1; j++) {
        allPass(low, at, end, allPass[channel][k], 2 * j, a1[j], a2[j]);
      }
    }
  }

  /**
   * Splits {@code left[from..to)} and {@code right[from..to)} into {@code outLeft[band]} and {@code
   * outRight[band]} from index {@code at} on, the two channels in one loop; the same result as two
   * calls of {@link #split}.
   *
   * <p>Band 0's pass through the all-pass of crossover k runs in crossover k's loop, its recursion
   * overlapping theirs; each band still meets the all-passes in the order of {@link #split}, so
   * every sample is the same.
   */
  void splitStereo(
      double[] left,
      double[] right,
      int from,
      int to,
      double[][] outLeft,
      double[][] outRight,
      int at) {
    int end = at + to - from;
    double[] restL = outLeft[bands - 1];
    double[] restR = outRight[bands - 1];
    System.arraycopy(left, from, restL, at, to - from);
    System.arraycopy(right, from, restR, at, to - from);
    for (int k = 0; k < bands - 1; k++) {
      if (k == 0) {
        crossoverStereo(k, restL, restR, outLeft[k], outRight[k], at, end);
      } else {
        crossoverStereoWithAllPass(k, restL, restR, outLeft, outRight, at, end);
      }
      for (int b = 1; b < k; b++) {
        allPassStereo(outLeft[b], outRight[b], at, end, b, k);
      }
    }
  }

  /** Runs crossover {@code k} on both channels: rest in, low band out, rest replaced by high. */
  private void crossoverStereo(
      int k, double[] restL, double[] restR, double[] lowL, double[] lowR, int from, int end) {
    double[] s = split[0][k];
    double[] t = split[1][k];
    double lb = lowB[k];
    double lb2 = 2.0 * lb;
    double hb = highB[k];
    double hb2 = -2.0 * hb;
    double d1 = a1[k];
    double d2 = a2[k];
    double l1 = s[0];
    double l1b = s[1];
    double l2 = s[2];
    double l2b = s[3];
    double h1 = s[4];
    double h1b = s[5];
    double h2 = s[6];
    double h2b = s[7];
    double m1 = t[0];
    double m1b = t[1];
    double m2 = t[2];
    double m2b = t[3];
    double g1 = t[4];
    double g1b = t[5];
    double g2 = t[6];
    double g2b = t[7];
    for (int i = from; i < end; i++) {
      double x = restL[i];
      double w = restR[i];
      double y = lb * x + l1;
      double v = lb * w + m1;
      l1 = lb2 * x - d1 * y + l1b;
      m1 = lb2 * w - d1 * v + m1b;
      l1b = lb * x - d2 * y;
      m1b = lb * w - d2 * v;
      double z = hb * x + h1;
      double u = hb * w + g1;
      h1 = hb2 * x - d1 * z + h1b;
      g1 = hb2 * w - d1 * u + g1b;
      h1b = hb * x - d2 * z;
      g1b = hb * w - d2 * u;
      double lo = lb * y + l2;
      double loR = lb * v + m2;
      l2 = lb2 * y - d1 * lo + l2b;
      m2 = lb2 * v - d1 * loR + m2b;
      l2b = lb * y - d2 * lo;
      m2b = lb * v - d2 * loR;
      double hi = hb * z + h2;
      double hiR = hb * u + g2;
      h2 = hb2 * z - d1 * hi + h2b;
      g2 = hb2 * u - d1 * hiR + g2b;
      h2b = hb * z - d2 * hi;
      g2b = hb * u - d2 * hiR;
      lowL[i] = lo;
      lowR[i] = loR;
      restL[i] = hi;
      restR[i] = hiR;
    }
    s[0] = l1;
    s[1] = l1b;
    s[2] = l2;
    s[3] = l2b;
    s[4] = h1;
    s[5] = h1b;
    s[6] = h2;
    s[7] = h2b;
    t[0] = m1;
    t[1] = m1b;
    t[2] = m2;
    t[3] = m2b;
    t[4] = g1;
    t[5] = g1b;
    t[6] = g2;
    t[7] = g2b;
  }

  /**
   * Runs crossover {@code k} (at least 1) on both channels as {@link #crossoverStereo} does, and in
   * the same loop passes band 0 of both channels through that crossover's all-pass.
   */
  private void crossoverStereoWithAllPass(
      int k,
      double[] restL,
      double[] restR,
      double[][] outLeft,
      double[][] outRight,
      int from,
      int end) {
    double[] lowL = outLeft[k];
    double[] lowR = outRight[k];
    double[] bandL = outLeft[0];
    double[] bandR = outRight[0];
    double[] s = split[0][k];
    double[] t = split[1][k];
    double[] p = allPass[0][0];
    double[] q = allPass[1][0];
    int at = 2 * k;
    double lb = lowB[k];
    double lb2 = 2.0 * lb;
    double hb = highB[k];
    double hb2 = -2.0 * hb;
    double d1 = a1[k];
    double d2 = a2[k];
    double l1 = s[0];
    double l1b = s[1];
    double l2 = s[2];
    double l2b = s[3];
    double h1 = s[4];
    double h1b = s[5];
    double h2 = s[6];
    double h2b = s[7];
    double m1 = t[0];
    double m1b = t[1];
    double m2 = t[2];
    double m2b = t[3];
    double g1 = t[4];
    double g1b = t[5];
    double g2 = t[6];
    double g2b = t[7];
    double p1 = p[at];
    double p2 = p[at + 1];
    double q1 = q[at];
    double q2 = q[at + 1];
    for (int i = from; i < end; i++) {
      double x = restL[i];
      double w = restR[i];
      double aL = bandL[i];
      double aR = bandR[i];
      double y = lb * x + l1;
      double v = lb * w + m1;
      double apL = d2 * aL + p1;
      double apR = d2 * aR + q1;
      l1 = lb2 * x - d1 * y + l1b;
      m1 = lb2 * w - d1 * v + m1b;
      p1 = d1 * aL - d1 * apL + p2;
      q1 = d1 * aR - d1 * apR + q2;
      l1b = lb * x - d2 * y;
      m1b = lb * w - d2 * v;
      p2 = aL - d2 * apL;
      q2 = aR - d2 * apR;
      double z = hb * x + h1;
      double u = hb * w + g1;
      h1 = hb2 * x - d1 * z + h1b;
      g1 = hb2 * w - d1 * u + g1b;
      h1b = hb * x - d2 * z;
      g1b = hb * w - d2 * u;
      double lo = lb * y + l2;
      double loR = lb * v + m2;
      l2 = lb2 * y - d1 * lo + l2b;
      m2 = lb2 * v - d1 * loR + m2b;
      l2b = lb * y - d2 * lo;
      m2b = lb * v - d2 * loR;
      double hi = hb * z + h2;
      double hiR = hb * u + g2;
      h2 = hb2 * z - d1 * hi + h2b;
      g2 = hb2 * u - d1 * hiR + g2b;
      h2b = hb * z - d2 * hi;
      g2b = hb * u - d2 * hiR;
      lowL[i] = lo;
      lowR[i] = loR;
      restL[i] = hi;
      restR[i] = hiR;
      bandL[i] = apL;
      bandR[i] = apR;
    }
    s[0] = l1;
    s[1] = l1b;
    s[2] = l2;
    s[3] = l2b;
    s[4] = h1;
    s[5] = h1b;
    s[6] = h2;
    s[7] = h2b;
    t[0] = m1;
    t[1] = m1b;
    t[2] = m2;
    t[3] = m2b;
    t[4] = g1;
    t[5] = g1b;
    t[6] = g2;
    t[7] = g2b;
    p[at] = p1;
    p[at + 1] = p2;
    q[at] = q1;
    q[at + 1] = q2;
  }

  /** Passes band {@code band} of both channels through the all-pass of crossover {@code k}. */
  private void allPassStereo(double[] bandL, double[] bandR, int from, int end, int band, int k) {
    double[] p = allPass[0][band];
    double[] q = allPass[1][band];
    int at = 2 * k;
    double d1 = a1[k];
    double d2 = a2[k];
    double p1 = p[at];
    double p2 = p[at + 1];
    double q1 = q[at];
    double q2 = q[at + 1];
    for (int i = from; i < end; i++) {
      double aL = bandL[i];
      double aR = bandR[i];
      double apL = d2 * aL + p1;
      double apR = d2 * aR + q1;
      p1 = d1 * aL - d1 * apL + p2;
      q1 = d1 * aR - d1 * apR + q2;
      p2 = aL - d2 * apL;
      q2 = aR - d2 * apR;
      bandL[i] = apL;
      bandR[i] = apR;
    }
    p[at] = p1;
    p[at + 1] = p2;
    q[at] = q1;
    q[at + 1] = q2;
  }

  /** Runs a second-order all-pass {@code (d2 + d1 z^-1 + z^-2) / (1 + d1 z^-1 + d2 z^-2)}. */
  private static void allPass(
      double[] x, int from, int end, double[] state, int at, double d1, double d2) {
    double z1 = state[at];
    double z2 = state[at + 1];
    for (int i = from; i < end; i++) {
      double v = x[i];
      double y = d2 * v + z1;
      z1 = d1 * v - d1 * y + z2;
      z2 = v - d2 * y;
      x[i] = y;
    }
    state[at] = z1;
    state[at + 1] = z2;
  }

  /** Clears every section's state. */
  void reset() {
    for (double[][] channel : split) {
      for (double[] s : channel) {
        Arrays.fill(s, 0.0);
      }
    }
    for (double[][] channel : allPass) {
      for (double[] s : channel) {
        Arrays.fill(s, 0.0);
      }
    }
  }

  /** Snaps tiny state to zero, and clears state that is no longer finite. */
  void snapDenormals() {
    // Sections the band count leaves unused were cleared by reset before it was set, and hold 0.
    int crossovers = bands - 1;
    for (int c = 0; c < split.length; c++) {
      for (int k = 0; k < crossovers; k++) {
        snap(split[c][k], 0, 8);
        snap(allPass[c][k], 2 * (k + 1), 2 * crossovers);
      }
    }
  }

  private static void snap(double[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      s[i] = Dsp.isSane(s[i]) ? Dsp.flushDenormal(s[i]) : 0.0;
    }
  }

  /** Tells whether every section's state is exactly zero. */
  boolean isSilent() {
    return isZero(split) && isZero(allPass);
  }

  private static boolean isZero(double[][][] states) {
    for (double[][] channel : states) {
      for (double[] s : channel) {
        for (double v : s) {
          if (v != 0.0) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
