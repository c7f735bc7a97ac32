package lathe.dsp.multiband;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Splits three bands of a stereo signal as {@link CrossoverTree} does, with four sections in the
 * four lanes of a 256-bit vector: a crossover's first low-pass and its all-pass (left, right, left,
 * right) take the same input, and its second low-pass (left, right) runs beside band 0's copy of
 * the second crossover's all-pass. Every section is the tree's transposed direct form II, {@code y
 * = b0 x + s1, s1 = b1 x - a1 y + s2, s2 = b2 x - a2 y}, with the low-pass taps {@code (b, 2b, b)}
 * or the all-pass taps {@code (a2, a1, 1)} per lane; each lane computes exactly the tree's scalar
 * expressions (a tap of 1 multiplies exactly), so the bands are the same bit for bit. Both
 * crossovers run in one loop, so their recursions overlap.
 *
 * <p>Loaded only when {@link lathe.dsp.VectorSupport#enabled()}: it needs the incubating {@code
 * jdk.incubator.vector} module.
 */
final class VectorCrossovers {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  private static final VectorMask<Double> UPPER =
      VectorMask.fromValues(S, false, false, true, true);
  private static final VectorShuffle<Double> LOWER_TWICE = VectorShuffle.fromValues(S, 0, 1, 0, 1);
  private static final VectorShuffle<Double> UPPER_TWICE = VectorShuffle.fromValues(S, 2, 3, 2, 3);

  // Per crossover, five lane vectors: b0, b1, b2, a1, a2.
  private final double[] taps = new double[2 * 5 * 4];
  // Per crossover, four lane vectors of state: s1 and s2 of the first pair of sections, then of
  // the second pair.
  private final double[] state = new double[2 * 4 * 4];
  private final double[] in;
  private final double[] outA;
  private final double[] outB;
  private static volatile boolean warm;

  VectorCrossovers(int maxFrames) {
    in = new double[4 * maxFrames];
    outA = new double[4 * maxFrames];
    outB = new double[4 * maxFrames];
  }

  /**
   * Compiles the split before any audio needs it ({@link lathe.dsp.VectorSupport#warmUp}), once per
   * JVM.
   */
  static void warmUp() {
    if (warm) {
      return;
    }
    synchronized (VectorCrossovers.class) {
      if (warm) {
        return;
      }
      CrossoverTree tree = new CrossoverTree(2, 64);
      tree.setBands(3);
      tree.design(new double[] {200, 2000}, 48000);
      double[] l = new double[64];
      double[] r = new double[64];
      double[][] outL = new double[3][64];
      double[][] outR = new double[3][64];
      java.util.Random random = new java.util.Random(3);
      int[] call = {0};
      lathe.dsp.VectorSupport.warmUp(
          () -> {
            int n = (call[0]++ & 1) == 0 ? 64 : 31;
            for (int i = 0; i < n; i++) {
              l[i] = random.nextDouble() - 0.5;
              r[i] = random.nextDouble() - 0.5;
            }
            tree.splitStereo(l, r, 0, n, outL, outR, 0);
            tree.snapDenormals();
          });
      warm = true;
    }
  }

  /** Sets the taps of crossover {@code k} (0 or 1) from its low-pass gain and denominator. */
  void design(int k, double lowB, double a1, double a2) {
    int o = 20 * k;
    for (int lane = 0; lane < 4; lane++) {
      // Lanes 0 and 1 are low-pass sections, 2 and 3 all-pass sections.
      boolean low = lane < 2;
      taps[o + lane] = low ? lowB : a2;
      taps[o + 4 + lane] = low ? 2.0 * lowB : a1;
      taps[o + 8 + lane] = low ? lowB : 1.0;
      taps[o + 12 + lane] = a1;
      taps[o + 16 + lane] = a2;
    }
  }

  private DoubleVector tap(int k, int which) {
    return DoubleVector.fromArray(S, taps, 20 * k + 4 * which);
  }

  private DoubleVector state(int k, int which) {
    return DoubleVector.fromArray(S, state, 16 * k + 4 * which);
  }

  /**
   * Splits {@code rest[from..end)} of both channels: band 0 and band 1 out, the rest replaced by
   * band 2; {@code split} and {@code allPass} are the tree's state, read before and written after.
   */
  void split(
      double[] restL,
      double[] restR,
      double[] bandL,
      double[] bandR,
      double[] midL,
      double[] midR,
      int from,
      int end,
      double[][][] split,
      double[][][] allPass) {
    load(split, allPass);
    double[] x = in;
    int n = end - from;
    for (int i = 0; i < n; i++) {
      double l = restL[from + i];
      double r = restR[from + i];
      x[4 * i] = l;
      x[4 * i + 1] = r;
      x[4 * i + 2] = l;
      x[4 * i + 3] = r;
    }
    final DoubleVector b0 = tap(0, 0);
    final DoubleVector b1 = tap(0, 1);
    final DoubleVector b2 = tap(0, 2);
    final DoubleVector a1 = tap(0, 3);
    final DoubleVector a2 = tap(0, 4);
    final DoubleVector c0 = tap(1, 0);
    final DoubleVector c1 = tap(1, 1);
    final DoubleVector c2 = tap(1, 2);
    final DoubleVector e1 = tap(1, 3);
    final DoubleVector e2 = tap(1, 4);
    DoubleVector s1 = state(0, 0);
    DoubleVector s2 = state(0, 1);
    DoubleVector t1 = state(0, 2);
    DoubleVector t2 = state(0, 3);
    DoubleVector u1 = state(1, 0);
    DoubleVector u2 = state(1, 1);
    DoubleVector w1 = state(1, 2);
    DoubleVector w2 = state(1, 3);
    double[] oa = outA;
    double[] ob = outB;
    for (int i = 0; i < n; i++) {
      // Crossover 0: first low-pass and all-pass of (l, r, l, r), then the second low-pass.
      DoubleVector v = DoubleVector.fromArray(S, x, 4 * i);
      DoubleVector y = v.mul(b0).add(s1);
      s1 = v.mul(b1).sub(y.mul(a1)).add(s2);
      s2 = v.mul(b2).sub(y.mul(a2));
      DoubleVector lo = y.mul(b0).add(t1);
      t1 = y.mul(b1).sub(lo.mul(a1)).add(t2);
      t2 = y.mul(b2).sub(lo.mul(a2));
      // The high band (all-pass minus low-pass) into crossover 1, band 0 into its all-pass.
      DoubleVector low = lo.rearrange(LOWER_TWICE);
      DoubleVector h = y.rearrange(UPPER_TWICE).sub(low);
      DoubleVector z = h.mul(c0).add(u1);
      u1 = h.mul(c1).sub(z.mul(e1)).add(u2);
      u2 = h.mul(c2).sub(z.mul(e2));
      DoubleVector q = z.blend(low, UPPER);
      DoubleVector m = q.mul(c0).add(w1);
      w1 = q.mul(c1).sub(m.mul(e1)).add(w2);
      w2 = q.mul(c2).sub(m.mul(e2));
      // m = (band 1 left, right, band 0 left, right); z's upper lanes minus m's lower: band 2.
      m.intoArray(oa, 4 * i);
      z.rearrange(UPPER_TWICE).sub(m).intoArray(ob, 4 * i);
    }
    s1.intoArray(state, 0);
    s2.intoArray(state, 4);
    t1.intoArray(state, 8);
    t2.intoArray(state, 12);
    u1.intoArray(state, 16);
    u2.intoArray(state, 20);
    w1.intoArray(state, 24);
    w2.intoArray(state, 28);
    for (int i = 0; i < n; i++) {
      midL[from + i] = oa[4 * i];
      midR[from + i] = oa[4 * i + 1];
      bandL[from + i] = oa[4 * i + 2];
      bandR[from + i] = oa[4 * i + 3];
      restL[from + i] = ob[4 * i];
      restR[from + i] = ob[4 * i + 1];
    }
    store(split, allPass);
  }

  // The tree's state per channel c and crossover k: split[c][k] = (l1, l1b, l2, l2b, p1, p2), and
  // band 0's copy of crossover 1's all-pass at allPass[c][0][2..3].
  private void load(double[][][] split, double[][][] allPass) {
    for (int k = 0; k < 2; k++) {
      int o = 16 * k;
      for (int c = 0; c < 2; c++) {
        double[] s = split[c][k];
        state[o + c] = s[0];
        state[o + 2 + c] = s[4];
        state[o + 4 + c] = s[1];
        state[o + 6 + c] = s[5];
        state[o + 8 + c] = s[2];
        state[o + 12 + c] = s[3];
      }
    }
    for (int c = 0; c < 2; c++) {
      state[26 + c] = allPass[c][0][2];
      state[30 + c] = allPass[c][0][3];
      // The unused upper lanes of crossover 0's second pair start from rest each call.
      state[10 + c] = 0.0;
      state[14 + c] = 0.0;
    }
  }

  private void store(double[][][] split, double[][][] allPass) {
    for (int k = 0; k < 2; k++) {
      int o = 16 * k;
      for (int c = 0; c < 2; c++) {
        double[] s = split[c][k];
        s[0] = state[o + c];
        s[4] = state[o + 2 + c];
        s[1] = state[o + 4 + c];
        s[5] = state[o + 6 + c];
        s[2] = state[o + 8 + c];
        s[3] = state[o + 12 + c];
      }
    }
    for (int c = 0; c < 2; c++) {
      allPass[c][0][2] = state[26 + c];
      allPass[c][0][3] = state[30 + c];
    }
  }
}
