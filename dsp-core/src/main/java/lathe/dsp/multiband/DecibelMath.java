package lathe.dsp.multiband;

import lathe.dsp.dynamics.GainComputer;

/**
 * Converts between linear levels and decibels faster than {@link Math#log} and {@link Math#exp}, to
 * within 1e-8 dB, for the band envelopes that need both on every frame; the series live in {@link
 * GainComputer}, shared with the bus compressor.
 */
final class DecibelMath {
  private DecibelMath() {}

  /** Returns {@code 20 log10(level)} in dB for a normal positive level (at least 2.2e-308). */
  static double levelDb(double level) {
    return GainComputer.levelDb(level);
  }

  /** Returns {@code 10^(db/20)}, a linear gain, for a gain in dB (0 below -6000 dB). */
  static double gain(double db) {
    return GainComputer.dbGain(db);
  }

  /**
   * Writes {@link #levelDb} of {@code level[i]} into {@code out[i]} for {@code i} in {@code [from,
   * to)}, in vector loops; {@code bits} and {@code mantissas} are scratch, at least {@code to}
   * long.
   */
  static void levelsDb(
      double[] level, double[] out, int from, int to, long[] bits, double[] mantissas) {
    GainComputer.levelsDb(level, out, from, to, bits, mantissas);
  }

  /**
   * Writes {@link #gain} of {@code db[i]} into {@code out[i]} for {@code i} in {@code [from, to)},
   * in vector loops; {@code bits} is scratch, at least {@code to} long.
   */
  static void gains(double[] db, double[] out, int from, int to, long[] bits) {
    GainComputer.dbGains(db, out, from, to, bits);
  }
}
