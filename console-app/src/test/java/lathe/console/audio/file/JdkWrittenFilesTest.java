package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads files that javax.sound.sampled wrote and compares every sample with the integers given. */
class JdkWrittenFilesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "WAVE, 16, 1, false, WAV",
    "WAVE, 16, 2, false, WAV",
    "WAVE, 24, 2, false, WAV",
    "WAVE, 32, 2, false, WAV",
    "AIFF, 16, 1, true, AIFF",
    "AIFF, 16, 2, true, AIFF",
    "AIFF, 24, 2, true, AIFF",
    "AIFF, 32, 1, true, AIFF",
  })
  void readsEverySampleAsTheIntegerOverTwoToTheBitsMinusOne(
      Signals.AudioFileFormatType type, int bits, int channels, boolean bigEndian, String name)
      throws Exception {
    int frames = 3001;
    int[][] ints = new int[channels][frames];
    Random random = new Random(bits * 10L + channels);
    long min = -(1L << (bits - 1));
    long max = (1L << (bits - 1)) - 1;
    for (int c = 0; c < channels; c++) {
      ints[c][0] = (int) min;
      ints[c][1] = (int) max;
      ints[c][2] = 0;
      ints[c][3] = -1;
      for (int i = 4; i < frames; i++) {
        ints[c][i] = (int) (min + (long) (random.nextDouble() * (max - min + 1)));
      }
    }
    Path file = dir.resolve("jdk." + (type == Signals.AudioFileFormatType.WAVE ? "wav" : "aif"));
    Signals.writeWithJdk(file, type, 44_100f, bits, ints, bigEndian);

    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals(name, r.formatName());
      assertEquals(44_100.0, r.sampleRate());
      assertEquals(channels, r.channels());
      assertEquals(frames, r.frames());
      assertEquals(SampleEncoding.pcm(bits), r.encoding());
    }
    double[][] x = Signals.readAll(file);
    double scale = Math.pow(2, bits - 1);
    for (int c = 0; c < channels; c++) {
      assertEquals(-1.0, x[c][0]);
      assertEquals(1.0 - 1.0 / scale, x[c][1]);
      for (int i = 0; i < frames; i++) {
        assertEquals(ints[c][i] / scale, x[c][i], "c" + c + " i" + i);
      }
    }
  }
}
