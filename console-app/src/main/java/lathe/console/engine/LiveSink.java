package lathe.console.engine;

/** Takes the engine's output on the audio thread: never blocks, allocates or does I/O. */
@FunctionalInterface
public interface LiveSink {
  /** Takes {@code src[0..1][0..frames)}; a sink that cannot keep up drops and counts frames. */
  void write(double[][] src, int frames);
}
