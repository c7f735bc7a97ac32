package lathe.dsp;

/**
 * Processes audio in place, in 64-bit floating point, on the audio thread.
 *
 * <p>{@link #prepare} allocates everything and may be called again when the rate or block size
 * changes. {@link #process} never allocates, locks, logs, does I/O or throws on the normal path.
 */
public interface Processor {
  /** Allocates buffers and derives coefficients for the given stream. */
  void prepare(ProcessSpec spec);

  /**
   * Processes {@code frames} frames of every channel in place.
   *
   * @param channels one array per channel, each at least {@code frames} long
   * @param frames the number of frames, at most {@link ProcessSpec#maxFrames()}
   */
  void process(double[][] channels, int frames);

  /** Clears filter, delay and envelope state as if the processor had just been prepared. */
  void reset();

  /** Returns the delay this processor adds, in frames, which the chain compensates. */
  default int latencyFrames() {
    return 0;
  }
}
