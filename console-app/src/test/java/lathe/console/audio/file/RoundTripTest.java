package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads files and writes them again in the same format: the audio bytes must not change. */
class RoundTripTest {
  @TempDir Path dir;

  static void copy(Path from, Path to, SampleFormat format) throws Exception {
    try (AudioFileReader r = AudioFileReader.open(from);
        AudioFileWriter w = AudioFileWriter.create(to, r.sampleRate(), r.channels(), format)) {
      double[][] block = new double[r.channels()][777];
      int n;
      while ((n = r.read(block, 777)) > 0) {
        w.write(block, 0, n);
      }
      w.commit();
      assertEquals(0, w.clippedSamples());
    }
  }

  /** Returns the body of the first data chunk (found by its id after the RIFF header). */
  static byte[] dataChunk(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    String text = new String(b, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("data", 12);
    int size =
        (b[at + 4] & 0xFF)
            | (b[at + 5] & 0xFF) << 8
            | (b[at + 6] & 0xFF) << 16
            | (b[at + 7] & 0xFF) << 24;
    return Arrays.copyOfRange(b, at + 8, at + 8 + size);
  }

  @ParameterizedTest
  @CsvSource({"16, PCM_16", "24, PCM_24"})
  void integerFilesFromTheJdkKeepTheirBytes(int bits, SampleFormat format) throws Exception {
    Random random = new Random(bits);
    int[][] ints = new int[2][2001];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < ints[c].length; i++) {
        ints[c][i] = random.nextInt(1 << bits) - (1 << (bits - 1));
      }
      ints[c][0] = -(1 << (bits - 1));
      ints[c][1] = (1 << (bits - 1)) - 1;
    }
    Path source = dir.resolve("jdk.wav");
    Signals.writeWithJdk(source, Signals.AudioFileFormatType.WAVE, 48_000f, bits, ints, false);
    Path copy = dir.resolve("copy.wav");
    copy(source, copy, format);
    assertArrayEquals(dataChunk(source), dataChunk(copy));

    Path again = dir.resolve("again.wav");
    copy(copy, again, format);
    assertArrayEquals(Files.readAllBytes(copy), Files.readAllBytes(again), "whole file");
  }

  @Test
  void float32RoundTripsExactlyIncludingValuesAboveFullScale() throws Exception {
    Random random = new Random(7);
    double[][] x = new double[2][3001];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < x[c].length; i++) {
        x[c][i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 2.0 : 1e-4));
      }
    }
    x[0][5] = Float.MIN_VALUE;
    x[1][5] = -0.0;
    Path first = dir.resolve("f.wav");
    try (AudioFileWriter w = AudioFileWriter.create(first, 96_000, 2, SampleFormat.FLOAT_32)) {
      w.write(x, 0, 3001);
      w.commit();
    }
    double[][] back = Signals.readAll(first);
    for (int c = 0; c < 2; c++) {
      assertArrayEquals(x[c], back[c]);
    }
    Path second = dir.resolve("g.wav");
    copy(first, second, SampleFormat.FLOAT_32);
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }
}
