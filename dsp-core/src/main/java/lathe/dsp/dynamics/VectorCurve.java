package lathe.dsp.dynamics;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs the gain computer's curve ({@link GainComputer#gainDbForKneeScale}) over a row of levels,
 * four frames per vector: every region's value is computed and the region is chosen per lane by a
 * mask, where the scalar loop branches on levels that cross the knee unpredictably. Each lane's
 * value is the scalar one bit for bit.
 *
 * <p>Loaded only when {@link lathe.dsp.VectorSupport#enabled()}: it needs the incubating {@code
 * jdk.incubator.vector} module.
 */
final class VectorCurve {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  private static volatile boolean warm;
  // Handles for the warm-up, which the loops are small enough to be inlined into (see
  // VectorSupport.handle); not final.
  private static MethodHandle gatedHandle;
  private static MethodHandle rowHandle;

  private VectorCurve() {}

  /** Compiles the loops before any audio needs them, once per JVM. */
  static void warmUp() {
    if (warm) {
      return;
    }
    synchronized (VectorCurve.class) {
      if (warm) {
        return;
      }
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      gatedHandle = lathe.dsp.VectorSupport.handle(lookup, VectorCurve.class, "gated");
      rowHandle = lathe.dsp.VectorSupport.handle(lookup, VectorCurve.class, "row");
      double[] level = new double[67];
      double[] db = new double[67];
      double[] out = new double[67];
      java.util.Random random = new java.util.Random(5);
      int[] call = {0};
      lathe.dsp.VectorSupport.warmUp(
          () -> {
            int k = call[0]++;
            int n = (k & 1) == 0 ? 67 : k % 13;
            for (int i = 0; i < n; i++) {
              db[i] = -60 + 60 * random.nextDouble();
              level[i] = random.nextDouble();
            }
            try {
              gatedHandle.invokeExact(level, db, out, 0, n, 0.1, -24.0, -0.5, 6.0, -0.5 / 12);
              rowHandle.invokeExact(db, 0, n, -24.0, -0.5, 6.0, -0.5 / 12);
            } catch (Throwable e) {
              throw new IllegalStateException(e);
            }
          });
      warm = true;
    }
  }

  private static DoubleVector curve(
      DoubleVector db, double threshold, double slope, double half, double kneeScale) {
    DoubleVector over = db.sub(threshold);
    DoubleVector into = over.add(half);
    DoubleVector knee = into.mul(kneeScale).mul(into);
    DoubleVector line = over.mul(slope);
    DoubleVector r = line.blend(knee, over.compare(VectorOperators.LT, half));
    return r.blend(0.0, over.compare(VectorOperators.LE, -half));
  }

  /** Replaces {@code db[from..to)} by the curve's gain in dB. */
  static void row(
      double[] db, int from, int to, double threshold, double slope, double knee, double scale) {
    double half = 0.5 * knee;
    int i = from;
    for (; i <= to - 4; i += 4) {
      curve(DoubleVector.fromArray(S, db, i), threshold, slope, half, scale).intoArray(db, i);
    }
    GainComputer.curveRowScalar(db, i, to, threshold, slope, knee, scale);
  }

  /**
   * Writes into {@code out[i]} the curve's gain in dB at {@code db[i]} where {@code level[i] >
   * kneeStart}, else 0.0; {@code out} may be {@code db}.
   */
  static void gated(
      double[] level,
      double[] db,
      double[] out,
      int from,
      int to,
      double kneeStart,
      double threshold,
      double slope,
      double knee,
      double scale) {
    double half = 0.5 * knee;
    int i = from;
    for (; i <= to - 4; i += 4) {
      DoubleVector r = curve(DoubleVector.fromArray(S, db, i), threshold, slope, half, scale);
      DoubleVector l = DoubleVector.fromArray(S, level, i);
      r.blend(0.0, l.compare(VectorOperators.GT, kneeStart).not()).intoArray(out, i);
    }
    GainComputer.curveRowAboveKneeScalar(
        level, db, out, i, to, kneeStart, threshold, slope, knee, scale);
  }
}
