package lathe.console.engine;

/**
 * Holds the delays between the sound going in and coming out, in frames.
 *
 * @param sampleRate frames per second, in hertz
 * @param blockFrames one block: the cycle cannot start before a whole block has arrived
 * @param inputFrames the device's capture buffering
 * @param outputFrames the device's playback buffering (all buffers but the one being filled)
 * @param chainFrames the chain's look-ahead and oversampling delay
 */
public record Latency(
    double sampleRate, int blockFrames, int inputFrames, int outputFrames, int chainFrames) {
  /** Returns the sum of every delay, in frames. */
  public int totalFrames() {
    return blockFrames + inputFrames + outputFrames + chainFrames;
  }

  /** Returns the sum of every delay, in milliseconds. */
  public double totalMs() {
    return ms(totalFrames());
  }

  /** Converts frames at this rate to milliseconds. */
  public double ms(int frames) {
    return frames * 1000.0 / sampleRate;
  }
}
