package lathe.dsp;

/**
 * Describes the stream a processor is prepared for.
 *
 * @param sampleRate frames per second, in hertz
 * @param maxFrames the largest block that {@link Processor#process} will be given
 * @param channels the number of channels (1 or 2)
 */
public record ProcessSpec(double sampleRate, int maxFrames, int channels) {
  /** Validates the spec. */
  public ProcessSpec {
    if (!(sampleRate >= 8000 && sampleRate <= 768000)) {
      throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
    }
    if (maxFrames < 1) {
      throw new IllegalArgumentException("maxFrames must be at least 1: " + maxFrames);
    }
    if (channels < 1 || channels > 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
  }
}
