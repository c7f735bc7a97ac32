package lathe.dsp.multiband;

import java.util.Arrays;
import lathe.dsp.Dsp;

/**
 * Splits a signal into 2 to 4 bands whose sum is an all-pass of flat magnitude.
 *
 * <p>The standard tree: crossover k splits what lies above crossover k - 1 into band k and the
 * rest; band k then passes the all-pass of every later crossover, so all bands carry the same phase
 * and sum to the product of the crossovers' all-passes. Every section is a biquad in transposed
 * direct form II, whose state stays at the signal's level, so the filters glide without clicks; the
 * sections of one crossover run in one loop so that their recursions overlap in the processor.
 *
 * <p>A Linkwitz-Riley 24 dB/oct crossover's low-pass and high-pass sum to the second-order all-pass
 * of its denominator, so each crossover runs its two low-pass sections and that one all-pass, and
 * takes the high band as the all-pass minus the low band: three sections in place of four. The high
 * band then differs from that of two high-pass biquads by rounding alone: their impulse responses
 * agree within 1e-13 of the impulse for crossovers from 20 Hz to 2 kHz at 44.1 to 96 kHz (measured
 * 6.6e-14), the bands follow the closed form within 5e-8 dB down to -120 dB, and their sum is flat
 * within 1e-10 dB.
 */
final class CrossoverTree {
  private static final int CROSSOVERS = MultibandCompressor.MAX_BANDS - 1;
  // Per channel and crossover: states (z1, z2) of low-pass 1 and 2, then of the all-pass.
  private final double[][][] split;
  // Per channel, band k and crossover j > k: state (z1, z2) of band k's copy of j's all-pass.
  private final double[][][] allPass;
  private final double[] lowB = new double[CROSSOVERS];
  private final double[] a1 = new double[CROSSOVERS];
  private final double[] a2 = new double[CROSSOVERS];
  private final double[] coefficients = new double[4];
  private int bands = 2;

  // Splits three stereo bands in vector lanes (the same bands bit for bit), or null.
  private VectorCrossovers vectors;

  CrossoverTree(int channels) {
    this(channels, 0);
  }

  /**
   * Creates the tree; with two channels and {@code maxFrames > 0}, three bands split in vector
   * lanes where {@link lathe.dsp.VectorSupport#enabled()}, for calls of at most {@code maxFrames}.
   */
  CrossoverTree(int channels, int maxFrames) {
    split = new double[channels][CROSSOVERS][8];
    allPass = new double[channels][CROSSOVERS][2 * CROSSOVERS];
    vectors =
        channels == 2 && maxFrames > 0 && lathe.dsp.VectorSupport.enabled()
            ? new VectorCrossovers(maxFrames)
            : null;
  }

  /** Makes three bands split on the scalar loops, for tests that compare the two. */
  void scalarForTest() {
    vectors = null;
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
      a1[k] = coefficients[2];
      a2[k] = coefficients[3];
      if (vectors != null && k < 2) {
        vectors.design(k, lowB[k], a1[k], a2[k]);
      }
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
      double d1 = a1[k];
      double d2 = a2[k];
      double l1 = s[0];
      double l1b = s[1];
      double l2 = s[2];
      double l2b = s[3];
      double p1 = s[4];
      double p2 = s[5];
      for (int i = at; i < end; i++) {
        double x = rest[i];
        double y = lb * x + l1;
        l1 = lb2 * x - d1 * y + l1b;
        l1b = lb * x - d2 * y;
        double lo = lb * y + l2;
        l2 = lb2 * y - d1 * lo + l2b;
        l2b = lb * y - d2 * lo;
        double ap = d2 * x + p1;
        p1 = d1 * x - d1 * ap + p2;
        p2 = x - d2 * ap;
        low[i] = lo;
        rest[i] = ap - lo;
      }
      s[0] = l1;
      s[1] = l1b;
      s[2] = l2;
      s[3] = l2b;
      s[4] = p1;
      s[5] = p2;
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
    if (bands == 3 && vectors != null) {
      vectors.split(
          restL, restR, outLeft[0], outRight[0], outLeft[1], outRight[1], at, end, split, allPass);
      return;
    }
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
    double d1 = a1[k];
    double d2 = a2[k];
    double l1 = s[0];
    double l1b = s[1];
    double l2 = s[2];
    double l2b = s[3];
    double p1 = s[4];
    double p2 = s[5];
    double m1 = t[0];
    double m1b = t[1];
    double m2 = t[2];
    double m2b = t[3];
    double q1 = t[4];
    double q2 = t[5];
    for (int i = from; i < end; i++) {
      double x = restL[i];
      double z = restR[i];
      double y = lb * x + l1;
      double v = lb * z + m1;
      l1 = lb2 * x - d1 * y + l1b;
      m1 = lb2 * z - d1 * v + m1b;
      l1b = lb * x - d2 * y;
      m1b = lb * z - d2 * v;
      double ap = d2 * x + p1;
      double apR = d2 * z + q1;
      p1 = d1 * x - d1 * ap + p2;
      q1 = d1 * z - d1 * apR + q2;
      p2 = x - d2 * ap;
      q2 = z - d2 * apR;
      double lo = lb * y + l2;
      double loR = lb * v + m2;
      l2 = lb2 * y - d1 * lo + l2b;
      m2 = lb2 * v - d1 * loR + m2b;
      l2b = lb * y - d2 * lo;
      m2b = lb * v - d2 * loR;
      lowL[i] = lo;
      lowR[i] = loR;
      restL[i] = ap - lo;
      restR[i] = apR - loR;
    }
    s[0] = l1;
    s[1] = l1b;
    s[2] = l2;
    s[3] = l2b;
    s[4] = p1;
    s[5] = p2;
    t[0] = m1;
    t[1] = m1b;
    t[2] = m2;
    t[3] = m2b;
    t[4] = q1;
    t[5] = q2;
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
    double[] e = allPass[0][0];
    double[] f = allPass[1][0];
    int at = 2 * k;
    double lb = lowB[k];
    double lb2 = 2.0 * lb;
    double d1 = a1[k];
    double d2 = a2[k];
    double l1 = s[0];
    double l1b = s[1];
    double l2 = s[2];
    double l2b = s[3];
    double p1 = s[4];
    double p2 = s[5];
    double m1 = t[0];
    double m1b = t[1];
    double m2 = t[2];
    double m2b = t[3];
    double q1 = t[4];
    double q2 = t[5];
    double e1 = e[at];
    double e2 = e[at + 1];
    double f1 = f[at];
    double f2 = f[at + 1];
    for (int i = from; i < end; i++) {
      double x = restL[i];
      double z = restR[i];
      double aL = bandL[i];
      double aR = bandR[i];
      double bL = d2 * aL + e1;
      double bR = d2 * aR + f1;
      e1 = d1 * aL - d1 * bL + e2;
      f1 = d1 * aR - d1 * bR + f2;
      e2 = aL - d2 * bL;
      f2 = aR - d2 * bR;
      double y = lb * x + l1;
      double v = lb * z + m1;
      l1 = lb2 * x - d1 * y + l1b;
      m1 = lb2 * z - d1 * v + m1b;
      l1b = lb * x - d2 * y;
      m1b = lb * z - d2 * v;
      double ap = d2 * x + p1;
      double apR = d2 * z + q1;
      p1 = d1 * x - d1 * ap + p2;
      q1 = d1 * z - d1 * apR + q2;
      p2 = x - d2 * ap;
      q2 = z - d2 * apR;
      double lo = lb * y + l2;
      double loR = lb * v + m2;
      l2 = lb2 * y - d1 * lo + l2b;
      m2 = lb2 * v - d1 * loR + m2b;
      l2b = lb * y - d2 * lo;
      m2b = lb * v - d2 * loR;
      lowL[i] = lo;
      lowR[i] = loR;
      restL[i] = ap - lo;
      restR[i] = apR - loR;
      bandL[i] = bL;
      bandR[i] = bR;
    }
    s[0] = l1;
    s[1] = l1b;
    s[2] = l2;
    s[3] = l2b;
    s[4] = p1;
    s[5] = p2;
    t[0] = m1;
    t[1] = m1b;
    t[2] = m2;
    t[3] = m2b;
    t[4] = q1;
    t[5] = q2;
    e[at] = e1;
    e[at + 1] = e2;
    f[at] = f1;
    f[at + 1] = f2;
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
