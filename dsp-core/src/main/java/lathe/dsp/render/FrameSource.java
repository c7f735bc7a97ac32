package lathe.dsp.render;

import java.io.IOException;

/** Supplies frames of audio to an offline render, such as a file being read. */
@FunctionalInterface
public interface FrameSource {
  /**
   * Reads up to {@code maxFrames} frames into {@code dest[c][0..n)}.
   *
   * @return the number of frames read; 0 at the end of the material
   */
  int read(double[][] dest, int maxFrames) throws IOException;
}
