package lathe.dsp.dynamics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs the true-peak limiter's whole-chunk peak filters with explicit vectors, one frame per lane:
 * each lane sums its frame's folded taps in registers, in the order and with the roundings of the
 * scalar filters ({@code sum = sum + tap * (u + v)}, even and odd tap pairs apart), so the results
 * are the same bit for bit. The scalar passes ({@link TruePeakLimiter}'s {@code coarseRun} and
 * {@code annexRun}) keep every partial sum in memory and spend most of their time moving it; these
 * read each sample of the support once per frame and write one value.
 *
 * <p>Loaded only when {@link lathe.dsp.VectorSupport#enabled()}: it needs the incubating {@code
 * jdk.incubator.vector} module.
 */
final class VectorPeakFilters {
  // 256 bits, as every vector kernel of the chain: with one vector class loaded, the compiler
  // knows the exact type of every vector and keeps them all in registers; a second species in use
  // elsewhere can leave a kernel boxing its vectors on every call.
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

  private static volatile boolean warm;

  private VectorPeakFilters() {}

  /**
   * Compiles both filters before any audio needs them ({@link lathe.dsp.VectorSupport#warmUp}),
   * once per JVM, through every path: first channel and later ones, with and without a tail.
   */
  static void warmUp(double[] wideFolded, double[] annexFolded) {
    if (warm) {
      return;
    }
    synchronized (VectorPeakFilters.class) {
      if (warm) {
        return;
      }
      double[] w = new double[64 + 31];
      double[] out = new double[64];
      java.util.Random random = new java.util.Random(2);
      int[] call = {0};
      lathe.dsp.VectorSupport.warmUp(
          () -> {
            int k = call[0]++;
            int n = (k & 2) == 0 ? 64 : 61;
            boolean first = (k & 1) == 0;
            w[k % w.length] = random.nextDouble() - 0.5;
            coarse(w, n, wideFolded, out, first);
            annex(w, n, annexFolded, out, first);
          });
      warm = true;
    }
  }

  /**
   * Writes into {@code out[i]}, {@code i < n} (or folds into it with the larger, when not {@code
   * first}) the largest magnitude of the wideband 4x grid values at 2/8, 4/8 and 6/8 of the
   * interval of the support whose oldest sample is {@code w[i]}.
   *
   * @param folded per tap pair k, the sum and difference of taps k and 31 - k at 2/8, and tap k at
   *     4/8, as the limiter folds them
   */
  static void coarse(double[] w, int n, double[] folded, double[] out, boolean first) {
    int lanes = S.length();
    int i = 0;
    for (; i <= n - lanes; i += lanes) {
      DoubleVector s2 = DoubleVector.zero(S);
      DoubleVector d2 = s2;
      DoubleVector s4 = s2;
      DoubleVector t2 = s2;
      DoubleVector e2 = s2;
      DoubleVector t4 = s2;
      for (int k = 0; k < 16; k += 2) {
        DoubleVector u = DoubleVector.fromArray(S, w, i + 31 - k);
        DoubleVector v = DoubleVector.fromArray(S, w, i + k);
        DoubleVector a = u.add(v);
        DoubleVector b = u.sub(v);
        s2 = s2.add(a.mul(folded[3 * k]));
        d2 = d2.add(b.mul(folded[3 * k + 1]));
        s4 = s4.add(a.mul(folded[3 * k + 2]));
        u = DoubleVector.fromArray(S, w, i + 30 - k);
        v = DoubleVector.fromArray(S, w, i + k + 1);
        a = u.add(v);
        b = u.sub(v);
        t2 = t2.add(a.mul(folded[3 * k + 3]));
        e2 = e2.add(b.mul(folded[3 * k + 4]));
        t4 = t4.add(a.mul(folded[3 * k + 5]));
      }
      DoubleVector s = s2.add(t2);
      DoubleVector d = d2.add(e2);
      DoubleVector m =
          s.add(d)
              .mul(0.5)
              .lanewise(VectorOperators.ABS)
              .max(s4.add(t4).lanewise(VectorOperators.ABS))
              .max(s.sub(d).mul(0.5).lanewise(VectorOperators.ABS));
      if (!first) {
        m = DoubleVector.fromArray(S, out, i).max(m);
      }
      m.intoArray(out, i);
    }
    for (; i < n; i++) {
      double s2 = 0.0;
      double d2 = 0.0;
      double s4 = 0.0;
      double t2 = 0.0;
      double e2 = 0.0;
      double t4 = 0.0;
      for (int k = 0; k < 16; k += 2) {
        double u = w[i + 31 - k];
        double v = w[i + k];
        double a = u + v;
        double b = u - v;
        s2 = s2 + folded[3 * k] * a;
        d2 = d2 + folded[3 * k + 1] * b;
        s4 = s4 + folded[3 * k + 2] * a;
        u = w[i + 30 - k];
        v = w[i + k + 1];
        a = u + v;
        b = u - v;
        t2 = t2 + folded[3 * k + 3] * a;
        e2 = e2 + folded[3 * k + 4] * b;
        t4 = t4 + folded[3 * k + 5] * a;
      }
      double s = s2 + t2;
      double d = d2 + e2;
      double m =
          Math.max(Math.max(Math.abs(0.5 * (s + d)), Math.abs(s4 + t4)), Math.abs(0.5 * (s - d)));
      out[i] = first ? m : Math.max(out[i], m);
    }
  }

  /**
   * Writes into {@code out[i]}, {@code i < n} (or folds into it with the larger, when not {@code
   * first}) the largest magnitude of the four Annex 2 values of the support whose newest sample is
   * {@code w[i + 31]}, as the limiter's {@code annexMaxAbs}.
   *
   * @param folded per tap pair k (taps k and 11 - k), for phases 0 and 1 the sum and the difference
   */
  static void annex(double[] w, int n, double[] folded, double[] out, boolean first) {
    int lanes = S.length();
    int i = 0;
    for (; i <= n - lanes; i += lanes) {
      DoubleVector s0 = DoubleVector.zero(S);
      DoubleVector d0 = s0;
      DoubleVector s1 = s0;
      DoubleVector d1 = s0;
      for (int k = 0; k < 6; k++) {
        DoubleVector u = DoubleVector.fromArray(S, w, i + 31 - k);
        DoubleVector v = DoubleVector.fromArray(S, w, i + 20 + k);
        DoubleVector a = u.add(v);
        DoubleVector b = u.sub(v);
        s0 = s0.add(a.mul(folded[4 * k]));
        d0 = d0.add(b.mul(folded[4 * k + 1]));
        s1 = s1.add(a.mul(folded[4 * k + 2]));
        d1 = d1.add(b.mul(folded[4 * k + 3]));
      }
      DoubleVector m0 = s0.lanewise(VectorOperators.ABS).add(d0.lanewise(VectorOperators.ABS));
      DoubleVector m1 = s1.lanewise(VectorOperators.ABS).add(d1.lanewise(VectorOperators.ABS));
      DoubleVector m = m0.max(m1).mul(0.5);
      if (!first) {
        m = DoubleVector.fromArray(S, out, i).max(m);
      }
      m.intoArray(out, i);
    }
    for (; i < n; i++) {
      double s0 = 0.0;
      double d0 = 0.0;
      double s1 = 0.0;
      double d1 = 0.0;
      for (int k = 0; k < 6; k++) {
        double u = w[i + 31 - k];
        double v = w[i + 20 + k];
        double a = u + v;
        double b = u - v;
        s0 = s0 + folded[4 * k] * a;
        d0 = d0 + folded[4 * k + 1] * b;
        s1 = s1 + folded[4 * k + 2] * a;
        d1 = d1 + folded[4 * k + 3] * b;
      }
      double m = 0.5 * Math.max(Math.abs(s0) + Math.abs(d0), Math.abs(s1) + Math.abs(d1));
      out[i] = first ? m : Math.max(out[i], m);
    }
  }
}
