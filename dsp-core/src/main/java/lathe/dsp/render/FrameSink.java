package lathe.dsp.render;

import java.io.IOException;

/** Takes the frames an offline render produces, such as a file being written. */
@FunctionalInterface
public interface FrameSink {
  /** Accepts {@code frames} frames of every channel starting at {@code offset}. */
  void write(double[][] src, int offset, int frames) throws IOException;
}
