package lathe.console.engine.stream;

import java.nio.file.Path;

/**
 * Reports a finished print.
 *
 * @param file the WAV file written
 * @param framesWritten frames in the file
 * @param droppedFrames frames the engine produced that are not in the file, because the ring was
 *     full (the disk fell behind) or the io thread had stopped after a failure
 * @param clippedSamples samples clamped to the file's range (over all channels)
 * @param problem why the io thread stopped writing before the end, or {@code null}
 */
public record PrintSummary(
    Path file, long framesWritten, long droppedFrames, long clippedSamples, String problem) {
  /** Returns whether every frame offered reached the file unchanged in range. */
  public boolean isComplete() {
    return droppedFrames == 0 && problem == null;
  }
}
