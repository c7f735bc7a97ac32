package lathe.dsp.dynamics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs the per-frame steps of the true-peak limiter's estimate that pick between values (which the
 * compiler leaves scalar, a conditional move per choice) four frames at a time, the choices made by
 * masks. Every lane computes the scalar expressions of {@link TruePeakLimiter}'s estimate step, so
 * the values are the same bit for bit; the tails run those expressions as they are.
 *
 * <p>Loaded only when {@link lathe.dsp.VectorSupport#enabled()}: it needs the incubating {@code
 * jdk.incubator.vector} module.
 */
final class LimiterLanes {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

  private LimiterLanes() {}

  /** Returns a lookup with access to this class's kernels, for warm-up handles. */
  static java.lang.invoke.MethodHandles.Lookup lookup() {
    return java.lang.invoke.MethodHandles.lookup();
  }

  /**
   * Writes each frame's limits, the smaller ceiling of its interval's two frames, and returns how
   * many frames' support bounds exceed their aims: the wideband count in the upper 32 bits, the
   * Annex 2 count in the lower.
   *
   * @param cl ceilings; frame i's wideband interval starts at {@code cl[wideAt + i]}, its Annex 2
   *     interval at {@code cl[annexAt + i]}
   */
  static long limitsAndCounts(
      double[] cl,
      int wideAt,
      int annexAt,
      double[] sp,
      double[] wl,
      double[] al,
      int n,
      double target,
      double sumWide,
      double sumAnnex) {
    int wide = 0;
    int annex = 0;
    int i = 0;
    for (; i <= n - 4; i += 4) {
      DoubleVector w =
          DoubleVector.fromArray(S, cl, wideAt + i)
              .min(DoubleVector.fromArray(S, cl, wideAt + i + 1));
      DoubleVector a =
          DoubleVector.fromArray(S, cl, annexAt + i)
              .min(DoubleVector.fromArray(S, cl, annexAt + i + 1));
      w.intoArray(wl, i);
      a.intoArray(al, i);
      DoubleVector s = DoubleVector.fromArray(S, sp, i);
      wide += s.mul(sumWide).compare(VectorOperators.GT, w.mul(target)).trueCount();
      annex += s.mul(sumAnnex).compare(VectorOperators.GT, a.mul(target)).trueCount();
    }
    for (; i < n; i++) {
      double w = Math.min(cl[wideAt + i], cl[wideAt + i + 1]);
      double a = Math.min(cl[annexAt + i], cl[annexAt + i + 1]);
      wl[i] = w;
      al[i] = a;
      wide += sp[i] * sumWide > w * target ? 1 : 0;
      annex += sp[i] * sumAnnex > a * target ? 1 : 0;
    }
    return ((long) wide << 32) | annex;
  }

  /**
   * Step 2 (a) of the estimate: each frame as if its 4x grid settled it, writing the wideband
   * estimate and bound, whether the 8x grid must settle it (1.0 or 0.0) and the Annex 2 estimate.
   */
  static void estimates(
      double[] sp,
      double[] wl,
      double[] al,
      double[] coarseOf,
      double[] annexOf,
      double[] wide,
      double[] upper,
      double[] grid,
      double[] annex,
      int n,
      double target) {
    final double sumWide = TruePeakLimiter.SUM_ABS_WIDE;
    final double sumAnnex = TruePeakLimiter.SUM_ABS_ANNEX;
    final double coarseAllowance = TruePeakLimiter.COARSE_ALLOWANCE;
    int i = 0;
    for (; i <= n - 4; i += 4) {
      DoubleVector supportMax = DoubleVector.fromArray(S, sp, i);
      DoubleVector wideAim = DoubleVector.fromArray(S, wl, i).mul(target);
      DoubleVector bound = supportMax.mul(sumWide);
      DoubleVector coarse =
          DoubleVector.fromArray(S, coarseOf, i).add(supportMax.mul(coarseAllowance));
      VectorMask<Double> over = bound.compare(VectorOperators.GT, wideAim);
      DoubleVector w = bound.blend(coarse, over);
      w.intoArray(wide, i);
      w.intoArray(upper, i);
      DoubleVector.zero(S)
          .blend(1.0, over.and(coarse.compare(VectorOperators.GT, wideAim)))
          .intoArray(grid, i);
      DoubleVector annexCap = supportMax.mul(sumAnnex);
      VectorMask<Double> annexOver =
          annexCap.compare(VectorOperators.GT, DoubleVector.fromArray(S, al, i).mul(target));
      annexCap.blend(DoubleVector.fromArray(S, annexOf, i), annexOver).intoArray(annex, i);
    }
    TruePeakLimiter.estimates(
        i, n, sp, wl, al, coarseOf, annexOf, wide, upper, grid, annex, target);
  }

  /**
   * Writes into {@code settled[i]}, {@code i < n}, whether frame {@code m0 + i} is settled by the
   * safety stage's bounds, as {@code TruePeakLimiter.settledBySafetyBounds} decides it, four frames
   * at a time where none of the rings the frames read wraps inside the four, else frame by frame.
   */
  static void settled(
      long m0,
      int n,
      double[] entry,
      int entryAt,
      double[] ceiling,
      int ceilingMask,
      double[] highs,
      double[] lows,
      double[] inputBound,
      double[] wideBound,
      double[] annexBound,
      int flagMask,
      int wideLag,
      int annexLag,
      double fineScale,
      double tolerance,
      double sumWide,
      double sumAnnex,
      boolean[] settled) {
    int i = 0;
    for (; i < n; ) {
      long m = m0 + i;
      int si = (int) (m & ceilingMask);
      int f = (int) (m & flagMask);
      int w = (int) ((m - wideLag) & ceilingMask);
      int a = (int) ((m - annexLag) & ceilingMask);
      // Four frames and the next ceiling of each interval without a wrap.
      boolean whole =
          i <= n - 4
              && si <= ceilingMask - 3
              && f <= flagMask - 3
              && w <= ceilingMask - 4
              && a <= ceilingMask - 4;
      if (whole) {
        DoubleVector high = DoubleVector.fromArray(S, highs, i);
        DoubleVector spread =
            high.sub(DoubleVector.fromArray(S, lows, i))
                .mul(DoubleVector.fromArray(S, inputBound, f));
        DoubleVector wideLimit =
            DoubleVector.fromArray(S, ceiling, w)
                .min(DoubleVector.fromArray(S, ceiling, w + 1))
                .mul(tolerance);
        DoubleVector annexLimit =
            DoubleVector.fromArray(S, ceiling, a)
                .min(DoubleVector.fromArray(S, ceiling, a + 1))
                .mul(tolerance);
        VectorMask<Double> under =
            DoubleVector.fromArray(S, entry, entryAt + i)
                .compare(VectorOperators.GT, DoubleVector.fromArray(S, ceiling, si).mul(fineScale))
                .not();
        VectorMask<Double> wideProven =
            high.mul(DoubleVector.fromArray(S, wideBound, f))
                .add(spread.mul(sumWide))
                .compare(VectorOperators.LE, wideLimit);
        VectorMask<Double> annexProven =
            high.mul(DoubleVector.fromArray(S, annexBound, f))
                .add(spread.mul(sumAnnex))
                .compare(VectorOperators.LE, annexLimit);
        under.and(wideProven).and(annexProven).intoArray(settled, i);
        i += 4;
      } else {
        double h = highs[i];
        double sp = (h - lows[i]) * inputBound[f];
        double wl =
            Math.min(ceiling[w], ceiling[(int) ((m - wideLag + 1) & ceilingMask)]) * tolerance;
        double al =
            Math.min(ceiling[a], ceiling[(int) ((m - annexLag + 1) & ceilingMask)]) * tolerance;
        settled[i] =
            !(entry[entryAt + i] > ceiling[si] * fineScale)
                & h * wideBound[f] + sp * sumWide <= wl
                & h * annexBound[f] + sp * sumAnnex <= al;
        i++;
      }
    }
  }
}
