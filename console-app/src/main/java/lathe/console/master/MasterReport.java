package lathe.console.master;

import java.nio.file.Path;
import lathe.console.analysis.LoudnessStats;
import lathe.console.delivery.DeliveryTarget;
import lathe.console.delivery.LoudnessTargeting;

/**
 * Holds the figures of a finished master.
 *
 * @param input the source file, or null for the demo mix
 * @param output the file written
 * @param report the JSON report written beside it
 * @param sampleRate frames per second
 * @param channels number of channels
 * @param frames frames written (equal to frames read)
 * @param format the output sample format, for people
 * @param presetName the preset applied, or "default"
 * @param latencyFrames the chain's look-ahead, compensated in the output
 * @param in loudness and peaks of the input
 * @param out loudness and peaks of the output
 * @param ceilingDbtp the true-peak ceiling asked for
 * @param limiterCeilingDbtp the ceiling the limiter ran at, under it by the dither's headroom
 * @param limiterGainDb the gain into the limiter
 * @param maxGainReductionDb the limiter's largest gain reduction
 * @param target the delivery target, or null
 * @param targeting how the loudness search ended, or null without a target
 * @param clippedSamples samples clipped when converting to integers
 * @param seconds wall-clock time of the final render
 */
public record MasterReport(
    Path input,
    Path output,
    Path report,
    double sampleRate,
    int channels,
    long frames,
    String format,
    String presetName,
    int latencyFrames,
    LoudnessStats in,
    LoudnessStats out,
    double ceilingDbtp,
    double limiterCeilingDbtp,
    double limiterGainDb,
    double maxGainReductionDb,
    DeliveryTarget target,
    LoudnessTargeting.Result targeting,
    long clippedSamples,
    double seconds) {

  /** Returns the duration of the material in seconds. */
  public double durationSeconds() {
    return frames / sampleRate;
  }

  /** Returns how many times faster than real time the final render ran. */
  public double xRealtime() {
    return seconds > 0 ? durationSeconds() / seconds : Double.POSITIVE_INFINITY;
  }

  /**
   * Tells whether the output meets the target (loudness within ±0.2 LU, true peak at most its
   * limit).
   */
  public boolean passesTarget() {
    return target != null
        && out.integratedLufs() != null
        && out.truePeakDbtp() != null
        && target.passes(out.integratedLufs(), out.truePeakDbtp());
  }
}
