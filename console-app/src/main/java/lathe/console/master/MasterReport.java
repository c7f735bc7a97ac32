package lathe.console.master;

import java.nio.file.Path;

/**
 * Holds the figures of a finished master.
 *
 * @param input the source file, or null for the demo mix
 * @param output the file written
 * @param sampleRate frames per second
 * @param channels number of channels
 * @param frames frames written (equal to frames read)
 * @param format the output sample format label
 * @param presetName the preset applied, or "default"
 * @param latencyFrames the chain's look-ahead, compensated in the output
 * @param inTruePeakDbtp input true peak
 * @param outTruePeakDbtp output true peak
 * @param inSamplePeakDbfs input sample peak
 * @param outSamplePeakDbfs output sample peak
 * @param inRmsDbfs input RMS level
 * @param outRmsDbfs output RMS level
 * @param maxGainReductionDb the limiter's largest gain reduction
 * @param clippedSamples samples clipped when converting to integers
 * @param seconds wall-clock time of the render
 */
public record MasterReport(
    Path input,
    Path output,
    double sampleRate,
    int channels,
    long frames,
    String format,
    String presetName,
    int latencyFrames,
    double inTruePeakDbtp,
    double outTruePeakDbtp,
    double inSamplePeakDbfs,
    double outSamplePeakDbfs,
    double inRmsDbfs,
    double outRmsDbfs,
    double maxGainReductionDb,
    long clippedSamples,
    double seconds) {

  /** Returns the duration of the material in seconds. */
  public double durationSeconds() {
    return frames / sampleRate;
  }

  /** Returns how many times faster than real time the render ran. */
  public double xRealtime() {
    return seconds > 0 ? durationSeconds() / seconds : Double.POSITIVE_INFINITY;
  }
}
