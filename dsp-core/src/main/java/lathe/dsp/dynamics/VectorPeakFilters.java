package lathe.dsp.dynamics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs the true-peak limiter's whole-chunk peak filters with explicit vectors, one frame per lane:
 * each lane sums its frame's folded taps in registers, in the order and with the roundings of the
 * scalar filters ({@code sum = fma(tap, u + v, sum)}, even and odd tap pairs apart), so the results
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
  // Handles on LimiterLanes' kernels for the warm-up (see VectorSupport.handle); not final.
  private static java.lang.invoke.MethodHandle limitsAndCounts;
  private static java.lang.invoke.MethodHandle estimates;
  private static java.lang.invoke.MethodHandle settled;

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
      double[] a = new double[64];
      double[] b = new double[64];
      double[] c = new double[64];
      double[] d = new double[64];
      double[] e = new double[64];
      double[] f = new double[64];
      boolean[] flags = new boolean[64];
      double[] lanes8 = new double[8];
      java.lang.invoke.MethodHandles.Lookup lookup = LimiterLanes.lookup();
      limitsAndCounts =
          lathe.dsp.VectorSupport.handle(lookup, LimiterLanes.class, "limitsAndCounts");
      estimates = lathe.dsp.VectorSupport.handle(lookup, LimiterLanes.class, "estimates");
      settled = lathe.dsp.VectorSupport.handle(lookup, LimiterLanes.class, "settled");
      java.util.Random random = new java.util.Random(2);
      int[] call = {0};
      lathe.dsp.VectorSupport.warmUp(
          () -> {
            int k = call[0]++;
            int n = (k & 2) == 0 ? 64 : 61;
            boolean first = (k & 1) == 0;
            w[k % w.length] = random.nextDouble() - 0.5;
            coarse(w, n, wideFolded, out, first, lanes8);
            annex(w, n, annexFolded, out, first);
            // The estimate's per-frame choices, on the same scratch (the values do not matter).
            // They are small enough to inline, so they are called through handles.
            try {
              long counts =
                  (long) limitsAndCounts.invokeExact(w, 0, 1, out, a, b, n, 0.9, 1.7, 1.2);
              estimates.invokeExact(out, a, b, w, w, c, d, e, f, n, 0.9 + (counts & 1));
              settled.invokeExact(
                  (long) k, n, out, 0, f, 63, a, b, c, d, e, 63, 16, 6, 0.99, 1.0, 1.7, 1.2, flags);
            } catch (Throwable t) {
              throw new IllegalStateException(t);
            }
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
   * @param scratch eight values, for the frames past the last whole vector
   */
  static void coarse(
      double[] w, int n, double[] folded, double[] out, boolean first, double[] scratch) {
    int lanes = S.length();
    int i = 0;
    final double c0s = folded[0];
    final double c0d = folded[1];
    final double c0m = folded[2];
    final double c1s = folded[3];
    final double c1d = folded[4];
    final double c1m = folded[5];
    final double c2s = folded[6];
    final double c2d = folded[7];
    final double c2m = folded[8];
    final double c3s = folded[9];
    final double c3d = folded[10];
    final double c3m = folded[11];
    final double c4s = folded[12];
    final double c4d = folded[13];
    final double c4m = folded[14];
    final double c5s = folded[15];
    final double c5d = folded[16];
    final double c5m = folded[17];
    final double c6s = folded[18];
    final double c6d = folded[19];
    final double c6m = folded[20];
    final double c7s = folded[21];
    final double c7d = folded[22];
    final double c7m = folded[23];
    final double c8s = folded[24];
    final double c8d = folded[25];
    final double c8m = folded[26];
    final double c9s = folded[27];
    final double c9d = folded[28];
    final double c9m = folded[29];
    final double c10s = folded[30];
    final double c10d = folded[31];
    final double c10m = folded[32];
    final double c11s = folded[33];
    final double c11d = folded[34];
    final double c11m = folded[35];
    final double c12s = folded[36];
    final double c12d = folded[37];
    final double c12m = folded[38];
    final double c13s = folded[39];
    final double c13d = folded[40];
    final double c13m = folded[41];
    final double c14s = folded[42];
    final double c14d = folded[43];
    final double c14m = folded[44];
    final double c15s = folded[45];
    final double c15d = folded[46];
    final double c15m = folded[47];
    for (; i <= n - lanes; i += lanes) {
      // The pairs written out, so that every load sits at a constant offset from i and its bounds
      // check leaves the loop.
      DoubleVector z = DoubleVector.zero(S);
      DoubleVector s2 = z;
      DoubleVector d2 = z;
      DoubleVector s4 = z;
      DoubleVector t2 = z;
      DoubleVector e2 = z;
      DoubleVector t4 = z;
      DoubleVector u;
      DoubleVector v;
      DoubleVector a;
      DoubleVector b;
      u = DoubleVector.fromArray(S, w, i + 31);
      v = DoubleVector.fromArray(S, w, i + 0);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c0s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c0d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c0m, s4);
      u = DoubleVector.fromArray(S, w, i + 30);
      v = DoubleVector.fromArray(S, w, i + 1);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c1s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c1d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c1m, t4);
      u = DoubleVector.fromArray(S, w, i + 29);
      v = DoubleVector.fromArray(S, w, i + 2);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c2s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c2d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c2m, s4);
      u = DoubleVector.fromArray(S, w, i + 28);
      v = DoubleVector.fromArray(S, w, i + 3);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c3s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c3d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c3m, t4);
      u = DoubleVector.fromArray(S, w, i + 27);
      v = DoubleVector.fromArray(S, w, i + 4);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c4s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c4d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c4m, s4);
      u = DoubleVector.fromArray(S, w, i + 26);
      v = DoubleVector.fromArray(S, w, i + 5);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c5s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c5d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c5m, t4);
      u = DoubleVector.fromArray(S, w, i + 25);
      v = DoubleVector.fromArray(S, w, i + 6);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c6s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c6d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c6m, s4);
      u = DoubleVector.fromArray(S, w, i + 24);
      v = DoubleVector.fromArray(S, w, i + 7);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c7s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c7d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c7m, t4);
      u = DoubleVector.fromArray(S, w, i + 23);
      v = DoubleVector.fromArray(S, w, i + 8);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c8s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c8d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c8m, s4);
      u = DoubleVector.fromArray(S, w, i + 22);
      v = DoubleVector.fromArray(S, w, i + 9);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c9s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c9d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c9m, t4);
      u = DoubleVector.fromArray(S, w, i + 21);
      v = DoubleVector.fromArray(S, w, i + 10);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c10s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c10d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c10m, s4);
      u = DoubleVector.fromArray(S, w, i + 20);
      v = DoubleVector.fromArray(S, w, i + 11);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c11s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c11d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c11m, t4);
      u = DoubleVector.fromArray(S, w, i + 19);
      v = DoubleVector.fromArray(S, w, i + 12);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c12s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c12d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c12m, s4);
      u = DoubleVector.fromArray(S, w, i + 18);
      v = DoubleVector.fromArray(S, w, i + 13);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c13s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c13d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c13m, t4);
      u = DoubleVector.fromArray(S, w, i + 17);
      v = DoubleVector.fromArray(S, w, i + 14);
      a = u.add(v);
      b = u.sub(v);
      s2 = a.lanewise(VectorOperators.FMA, c14s, s2);
      d2 = b.lanewise(VectorOperators.FMA, c14d, d2);
      s4 = a.lanewise(VectorOperators.FMA, c14m, s4);
      u = DoubleVector.fromArray(S, w, i + 16);
      v = DoubleVector.fromArray(S, w, i + 15);
      a = u.add(v);
      b = u.sub(v);
      t2 = a.lanewise(VectorOperators.FMA, c15s, t2);
      e2 = b.lanewise(VectorOperators.FMA, c15d, e2);
      t4 = a.lanewise(VectorOperators.FMA, c15m, t4);
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
      // The frames past the last whole vector, as the limiter's frame-by-frame path.
      lathe.dsp.meter.WidebandInterpolator.evaluate4x(w, i + 31, scratch);
      double m =
          Math.max(Math.max(Math.abs(scratch[2]), Math.abs(scratch[4])), Math.abs(scratch[6]));
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
    final double a0s0 = folded[0];
    final double a0d0 = folded[1];
    final double a0s1 = folded[2];
    final double a0d1 = folded[3];
    final double a1s0 = folded[4];
    final double a1d0 = folded[5];
    final double a1s1 = folded[6];
    final double a1d1 = folded[7];
    final double a2s0 = folded[8];
    final double a2d0 = folded[9];
    final double a2s1 = folded[10];
    final double a2d1 = folded[11];
    final double a3s0 = folded[12];
    final double a3d0 = folded[13];
    final double a3s1 = folded[14];
    final double a3d1 = folded[15];
    final double a4s0 = folded[16];
    final double a4d0 = folded[17];
    final double a4s1 = folded[18];
    final double a4d1 = folded[19];
    final double a5s0 = folded[20];
    final double a5d0 = folded[21];
    final double a5s1 = folded[22];
    final double a5d1 = folded[23];
    for (; i <= n - lanes; i += lanes) {
      DoubleVector z = DoubleVector.zero(S);
      DoubleVector s0 = z;
      DoubleVector d0 = z;
      DoubleVector s1 = z;
      DoubleVector d1 = z;
      DoubleVector u;
      DoubleVector v;
      DoubleVector a;
      DoubleVector b;
      u = DoubleVector.fromArray(S, w, i + 31);
      v = DoubleVector.fromArray(S, w, i + 20);
      a = u.add(v);
      b = u.sub(v);
      s0 = a.lanewise(VectorOperators.FMA, a0s0, s0);
      d0 = b.lanewise(VectorOperators.FMA, a0d0, d0);
      s1 = a.lanewise(VectorOperators.FMA, a0s1, s1);
      d1 = b.lanewise(VectorOperators.FMA, a0d1, d1);
      u = DoubleVector.fromArray(S, w, i + 30);
      v = DoubleVector.fromArray(S, w, i + 21);
      a = u.add(v);
      b = u.sub(v);
      s0 = a.lanewise(VectorOperators.FMA, a1s0, s0);
      d0 = b.lanewise(VectorOperators.FMA, a1d0, d0);
      s1 = a.lanewise(VectorOperators.FMA, a1s1, s1);
      d1 = b.lanewise(VectorOperators.FMA, a1d1, d1);
      u = DoubleVector.fromArray(S, w, i + 29);
      v = DoubleVector.fromArray(S, w, i + 22);
      a = u.add(v);
      b = u.sub(v);
      s0 = a.lanewise(VectorOperators.FMA, a2s0, s0);
      d0 = b.lanewise(VectorOperators.FMA, a2d0, d0);
      s1 = a.lanewise(VectorOperators.FMA, a2s1, s1);
      d1 = b.lanewise(VectorOperators.FMA, a2d1, d1);
      u = DoubleVector.fromArray(S, w, i + 28);
      v = DoubleVector.fromArray(S, w, i + 23);
      a = u.add(v);
      b = u.sub(v);
      s0 = a.lanewise(VectorOperators.FMA, a3s0, s0);
      d0 = b.lanewise(VectorOperators.FMA, a3d0, d0);
      s1 = a.lanewise(VectorOperators.FMA, a3s1, s1);
      d1 = b.lanewise(VectorOperators.FMA, a3d1, d1);
      u = DoubleVector.fromArray(S, w, i + 27);
      v = DoubleVector.fromArray(S, w, i + 24);
      a = u.add(v);
      b = u.sub(v);
      s0 = a.lanewise(VectorOperators.FMA, a4s0, s0);
      d0 = b.lanewise(VectorOperators.FMA, a4d0, d0);
      s1 = a.lanewise(VectorOperators.FMA, a4s1, s1);
      d1 = b.lanewise(VectorOperators.FMA, a4d1, d1);
      u = DoubleVector.fromArray(S, w, i + 26);
      v = DoubleVector.fromArray(S, w, i + 25);
      a = u.add(v);
      b = u.sub(v);
      s0 = a.lanewise(VectorOperators.FMA, a5s0, s0);
      d0 = b.lanewise(VectorOperators.FMA, a5d0, d0);
      s1 = a.lanewise(VectorOperators.FMA, a5s1, s1);
      d1 = b.lanewise(VectorOperators.FMA, a5d1, d1);
      DoubleVector m0 = s0.lanewise(VectorOperators.ABS).add(d0.lanewise(VectorOperators.ABS));
      DoubleVector m1 = s1.lanewise(VectorOperators.ABS).add(d1.lanewise(VectorOperators.ABS));
      DoubleVector m = m0.max(m1).mul(0.5);
      if (!first) {
        m = DoubleVector.fromArray(S, out, i).max(m);
      }
      m.intoArray(out, i);
    }
    for (; i < n; i++) {
      double m = TruePeakLimiter.annexMaxAbs(w, i + 31);
      out[i] = first ? m : Math.max(out[i], m);
    }
  }
}
