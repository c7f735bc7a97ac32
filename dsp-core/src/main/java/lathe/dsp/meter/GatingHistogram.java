package lathe.dsp.meter;

import java.util.Arrays;

/**
 * Collects block loudnesses for gating in a fixed histogram, after libebur128: one bin per 0.01 LU
 * from -70 LUFS (the absolute gate) to +30 LUFS, each holding the number of blocks and the sum of
 * their energies. Nothing is allocated after construction.
 *
 * <p>Because every bin keeps the exact energy sum, a gated mean is the exact mean of the blocks it
 * includes; only the decision at the relative gate is binned. The bin that holds the threshold is
 * taken whole or left out by comparing its own mean energy with the threshold, so the result is
 * exactly that of an unbinned gate placed somewhere within that bin, no more than {@link #BIN_LU}
 * from the true threshold. Blocks at or below the absolute gate are dropped by an exact energy
 * comparison; blocks above +30 LUFS go to the top bin with their exact energy.
 */
final class GatingHistogram {
  /** Width of a bin, in loudness units. */
  static final double BIN_LU = 0.01;

  /** Loudness of the lower edge of the first bin (the absolute gate), in LUFS. */
  static final double FLOOR_LUFS = -70.0;

  /** Loudness of the upper edge of the last bin, in LUFS. */
  static final double CEILING_LUFS = 30.0;

  static final int BINS = (int) Math.round((CEILING_LUFS - FLOOR_LUFS) / BIN_LU);

  /** Energy of a block at the absolute gate: blocks must exceed it to count. */
  static final double ABSOLUTE_GATE_ENERGY = LoudnessMath.lufsToEnergy(FLOOR_LUFS);

  private final long[] counts = new long[BINS];
  private final double[] energies = new double[BINS];
  private long total;
  private double totalEnergy;

  /** Adds one block of the given mean-square energy; blocks at or below -70 LUFS are dropped. */
  void add(double energy) {
    if (!(energy > ABSOLUTE_GATE_ENERGY)) {
      return;
    }
    int bin = binOf(LoudnessMath.energyToLufs(energy));
    counts[bin]++;
    energies[bin] += energy;
    total++;
    totalEnergy += energy;
  }

  private static int binOf(double lufs) {
    int bin = (int) Math.floor((lufs - FLOOR_LUFS) / BIN_LU);
    return Math.max(0, Math.min(BINS - 1, bin));
  }

  /** Returns the number of blocks that passed the absolute gate. */
  long count() {
    return total;
  }

  /**
   * Returns the first bin that passes a relative gate {@code relativeLu} below the mean energy of
   * all blocks, or -1 when no block passed the absolute gate.
   */
  private int firstGatedBin(double relativeLu) {
    if (total == 0) {
      return -1;
    }
    double thresholdEnergy = totalEnergy / total * Math.pow(10.0, relativeLu / 10.0);
    double thresholdLufs = LoudnessMath.energyToLufs(thresholdEnergy);
    if (thresholdLufs < FLOOR_LUFS) {
      return 0;
    }
    int bin = binOf(thresholdLufs);
    // The bin holding the threshold counts when its blocks' mean energy passes the threshold.
    if (counts[bin] > 0 && !(energies[bin] / counts[bin] > thresholdEnergy)) {
      bin++;
    }
    return bin;
  }

  /**
   * Returns the mean energy of the blocks that pass a relative gate {@code relativeLu} (negative)
   * below the mean of all blocks that passed the absolute gate; zero when none does.
   */
  double gatedMeanEnergy(double relativeLu) {
    int first = firstGatedBin(relativeLu);
    if (first < 0) {
      return 0.0;
    }
    long n = 0;
    double sum = 0.0;
    for (int b = first; b < BINS; b++) {
      n += counts[b];
      sum += energies[b];
    }
    return n == 0 ? 0.0 : sum / n;
  }

  /**
   * Returns the spread in LU between the {@code high} and {@code low} nearest-rank percentiles
   * (fractions 0..1) of the blocks that pass a relative gate {@code relativeLu} below the mean
   * energy; NaN when no block passes. Each percentile is the mean energy of the bin holding that
   * rank, so it lies within the bin of the true value.
   */
  double percentileSpreadLu(double relativeLu, double low, double high) {
    int first = firstGatedBin(relativeLu);
    if (first < 0) {
      return Double.NaN;
    }
    long n = 0;
    for (int b = first; b < BINS; b++) {
      n += counts[b];
    }
    if (n == 0) {
      return Double.NaN;
    }
    long lowRank = (long) ((n - 1) * low + 0.5);
    long highRank = (long) ((n - 1) * high + 0.5);
    double lowLufs = Double.NaN;
    double highLufs = Double.NaN;
    long seen = 0;
    for (int b = first; b < BINS; b++) {
      if (counts[b] == 0) {
        continue;
      }
      seen += counts[b];
      double binLufs = LoudnessMath.energyToLufs(energies[b] / counts[b]);
      if (Double.isNaN(lowLufs) && seen > lowRank) {
        lowLufs = binLufs;
      }
      if (seen > highRank) {
        highLufs = binLufs;
        break;
      }
    }
    return highLufs - lowLufs;
  }

  /** Empties the histogram. */
  void clear() {
    Arrays.fill(counts, 0L);
    Arrays.fill(energies, 0.0);
    total = 0;
    totalEnergy = 0.0;
  }
}
