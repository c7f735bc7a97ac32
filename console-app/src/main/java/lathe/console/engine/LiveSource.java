package lathe.console.engine;

/** Supplies programme to the engine on the audio thread: never blocks, allocates or does I/O. */
@FunctionalInterface
public interface LiveSource {
  /**
   * Writes the next {@code frames} frames into {@code dest[0..1][0..frames)}, silence where it has
   * none (paused, finished, or its reader fell behind).
   *
   * @return the frames of programme delivered (the rest is silence)
   */
  int read(double[][] dest, int frames);
}
