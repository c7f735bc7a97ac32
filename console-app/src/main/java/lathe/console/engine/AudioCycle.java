package lathe.console.engine;

/** Processes one block on the device's real-time thread: must not allocate, lock, log or do I/O. */
@FunctionalInterface
public interface AudioCycle {
  /**
   * Reads the device input and writes the device output for one block.
   *
   * @param in {@code in[c][0..frames)}: captured audio, planar, full scale 1.0 (all zero when the
   *     device has no input in use); the array has as many rows as the device format's output
   * @param out {@code out[c][0..frames)}: audio to play, planar, full scale 1.0; the back-end
   *     clamps to its format
   * @param frames frames in this block, at most the device format's block
   */
  void process(double[][] in, double[][] out, int frames);
}
