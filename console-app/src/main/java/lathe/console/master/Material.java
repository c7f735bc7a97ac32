package lathe.console.master;

import java.io.IOException;
import java.nio.file.Path;
import lathe.console.audio.file.AudioFileReader;
import lathe.dsp.render.FrameSource;

/** Is the material to master, which can be read from the start as often as needed. */
interface Material extends AutoCloseable {
  double sampleRate();

  int channels();

  long frames();

  /** Returns a source positioned at the first frame. */
  FrameSource rewind() throws IOException;

  @Override
  void close();

  /** Opens a file, or the demo mix when {@code file} is null. */
  static Material open(Path file, double demoSeconds) throws IOException {
    if (file == null) {
      return new Material() {
        private final DemoMix probe = new DemoMix(48000, demoSeconds);

        @Override
        public double sampleRate() {
          return 48000;
        }

        @Override
        public int channels() {
          return 2;
        }

        @Override
        public long frames() {
          return probe.frames();
        }

        @Override
        public FrameSource rewind() {
          return new DemoMix(48000, demoSeconds);
        }

        @Override
        public void close() {}
      };
    }
    AudioFileReader reader = AudioFileReader.open(file);
    return new Material() {
      @Override
      public double sampleRate() {
        return reader.sampleRate();
      }

      @Override
      public int channels() {
        return reader.channels();
      }

      @Override
      public long frames() {
        return reader.frames();
      }

      @Override
      public FrameSource rewind() throws IOException {
        reader.seekFrame(0);
        return reader::read;
      }

      @Override
      public void close() {
        reader.close();
      }
    };
  }
}
