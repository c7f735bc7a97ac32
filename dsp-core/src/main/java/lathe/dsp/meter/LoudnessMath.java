package lathe.dsp.meter;

/**
 * Converts between mean-square energy and loudness after ITU-R BS.1770-4: L = -0.691 + 10 log10 E.
 */
final class LoudnessMath {
  /** Offset of the loudness formula, in LU: a 1 kHz tone reads its level in dB. */
  static final double OFFSET_LU = -0.691;

  private LoudnessMath() {}

  /**
   * Returns the loudness in LUFS of a weighted mean-square energy; zero gives negative infinity.
   */
  static double energyToLufs(double energy) {
    return OFFSET_LU + 10.0 * Math.log10(energy);
  }

  /** Returns the weighted mean-square energy of a loudness in LUFS. */
  static double lufsToEnergy(double lufs) {
    return Math.pow(10.0, (lufs - OFFSET_LU) / 10.0);
  }
}
