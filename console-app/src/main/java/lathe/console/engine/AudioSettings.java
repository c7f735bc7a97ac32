package lathe.console.engine;

/**
 * Holds what the console asks of an audio device.
 *
 * @param sampleRate frames per second, in hertz
 * @param blockFrames frames per callback, 32 to 2048
 * @param buffers device buffers of {@code blockFrames} each (2 or more; Java Sound only)
 * @param inputChannels channels to capture, 0 (no input) or 2
 * @param outputChannels channels to play, 2
 */
public record AudioSettings(
    double sampleRate, int blockFrames, int buffers, int inputChannels, int outputChannels) {
  /** Smallest block the engine accepts, in frames. */
  public static final int MIN_BLOCK = 32;

  /** Largest block the engine accepts, in frames. */
  public static final int MAX_BLOCK = 2048;

  /** Checks the values, naming the one out of range. */
  public AudioSettings {
    if (!(sampleRate >= 8000 && sampleRate <= 384000)) {
      throw new IllegalArgumentException(
          "sample rate " + sampleRate + " Hz is outside 8000..384000");
    }
    if (blockFrames < MIN_BLOCK || blockFrames > MAX_BLOCK) {
      throw new IllegalArgumentException(
          "block " + blockFrames + " frames is outside " + MIN_BLOCK + ".." + MAX_BLOCK);
    }
    if (buffers < 2 || buffers > 64) {
      throw new IllegalArgumentException("buffer count " + buffers + " is outside 2..64");
    }
    if (inputChannels != 0 && inputChannels != 2) {
      throw new IllegalArgumentException("input channels " + inputChannels + " must be 0 or 2");
    }
    if (outputChannels != 2) {
      throw new IllegalArgumentException("output channels " + outputChannels + " must be 2");
    }
  }
}
