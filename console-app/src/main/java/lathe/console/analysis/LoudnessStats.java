package lathe.console.analysis;

/**
 * Holds the loudness and peak figures of a programme; a figure that does not exist (silence, or
 * nothing above the gates) is null rather than an infinity or NaN, so it can go into JSON as is.
 *
 * @param integratedLufs gated integrated loudness, LUFS (ITU-R BS.1770-4)
 * @param loudnessRangeLu loudness range, LU (EBU Tech 3342)
 * @param truePeakDbtp largest true peak over all channels, dBTP (BS.1770-4 Annex 2)
 * @param samplePeakDbfs largest sample magnitude over all channels, dBFS
 * @param maxMomentaryLufs largest momentary (400 ms) loudness, LUFS
 * @param maxShortTermLufs largest short-term (3 s) loudness, LUFS
 * @param plrDb peak-to-loudness ratio: true peak minus integrated loudness, dB
 */
public record LoudnessStats(
    Double integratedLufs,
    Double loudnessRangeLu,
    Double truePeakDbtp,
    Double samplePeakDbfs,
    Double maxMomentaryLufs,
    Double maxShortTermLufs,
    Double plrDb) {

  /**
   * Builds the figures from a meter's raw readings, mapping infinities and NaN to null and deriving
   * the PLR.
   */
  public static LoudnessStats of(
      double integratedLufs,
      double loudnessRangeLu,
      double truePeakDbtp,
      double samplePeakDbfs,
      double maxMomentaryLufs,
      double maxShortTermLufs) {
    Double integrated = finite(integratedLufs);
    Double truePeak = finite(truePeakDbtp);
    return new LoudnessStats(
        integrated,
        finite(loudnessRangeLu),
        truePeak,
        finite(samplePeakDbfs),
        finite(maxMomentaryLufs),
        finite(maxShortTermLufs),
        integrated == null || truePeak == null ? null : truePeak - integrated);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
