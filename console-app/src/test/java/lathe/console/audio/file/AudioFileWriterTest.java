package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks written files against the JDK's own WAV parser and the file-replacement guarantees. */
class AudioFileWriterTest {
  private static final double RATE = 48_000;

  @TempDir Path dir;

  /** A stereo test signal: two sines, then edge values (full scale, over, NaN, rounding ties). */
  private static double[][] signal() {
    double[] left = Signals.sine(RATE, 997, 0.9, 0, 4800);
    double[] right = Signals.sine(RATE, 1500, 0.5, 1.0, 4800);
    double[] edgesL = {1.0, -1.0, 1.5, -1.5, Double.NaN, 0.5 / 32768, -0.5 / 32768, 3e-9};
    double[] edgesR = {-1.0, 1.0, Double.POSITIVE_INFINITY, -2.0, 0, 1.5 / 32768, -1.5 / 32768, 0};
    return new double[][] {concat(left, edgesL), concat(right, edgesR)};
  }

  private static double[] concat(double[] a, double[] b) {
    double[] r = new double[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The stated rule: floor(x * 2^(bits-1) + 1/2), clamped; NaN as 0. */
  private static long expectedInteger(double x, int bits) {
    double scale = Math.pow(2, bits - 1);
    if (Double.isNaN(x)) {
      return 0;
    }
    double v = Math.floor(x * scale + 0.5);
    return (long) Math.max(-scale, Math.min(scale - 1, v));
  }

  private static void writeInOddBlocks(AudioFileWriter w, double[][] x) throws Exception {
    int[] sizes = {1, 2, 31, 64, 65, 999, 4095};
    int at = 0;
    for (int k = 0; at < x[0].length; k++) {
      int n = Math.min(sizes[k % sizes.length], x[0].length - at);
      w.write(x, at, n);
      at += n;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SampleFormat.class,
      names = {"PCM_16", "PCM_24"})
  void integerFilesReadBackByTheJdkMatchTheRoundingRule(SampleFormat format) throws Exception {
    double[][] x = signal();
    Path file = dir.resolve("print.wav");
    long clipped;
    try (AudioFileWriter w = AudioFileWriter.create(file, RATE, 2, format)) {
      writeInOddBlocks(w, x);
      w.commit();
      clipped = w.clippedSamples();
    }
    Signals.Jdk jdk = Signals.readWithJdk(file);
    assertEquals(AudioFormat.Encoding.PCM_SIGNED, jdk.format().getEncoding());
    assertEquals(format.bits(), jdk.format().getSampleSizeInBits());
    assertEquals(RATE, jdk.format().getSampleRate());
    assertEquals(2, jdk.format().getChannels());
    for (int c = 0; c < 2; c++) {
      assertEquals(x[c].length, jdk.integers()[c].length);
      for (int i = 0; i < x[c].length; i++) {
        assertEquals(
            expectedInteger(x[c][i], format.bits()), jdk.integers()[c][i], "c" + c + " i" + i);
      }
    }
    // 1.5, -1.5, +inf, -2.0 and NaN; the full-scale +1.0 samples clip too (2^(b-1) is out of
    // range).
    assertEquals(7, clipped);
    assertEquals(List.of("print.wav"), Signals.names(dir));
  }

  @Test
  void floatFilesReadBackByTheJdkHoldTheFloatValues() throws Exception {
    double[][] x = signal();
    Path file = dir.resolve("print.wav");
    try (AudioFileWriter w = AudioFileWriter.create(file, RATE, 2, SampleFormat.FLOAT_32)) {
      writeInOddBlocks(w, x);
      w.commit();
      assertEquals(2, w.clippedSamples(), "NaN and +inf");
    }
    Signals.Jdk jdk = Signals.readWithJdk(file);
    assertEquals(AudioFormat.Encoding.PCM_FLOAT, jdk.format().getEncoding());
    assertEquals(32, jdk.format().getSampleSizeInBits());
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < x[c].length; i++) {
        double v = x[c][i];
        double want =
            Double.isNaN(v) ? 0 : Double.isInfinite(v) ? Float.MAX_VALUE : (double) (float) v;
        assertEquals(want, jdk.floats()[c][i], "c" + c + " i" + i);
      }
    }
    byte[] bytes = Files.readAllBytes(file);
    assertEquals("fact", new String(bytes, 38, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(
        x[0].length,
        java.nio.ByteBuffer.wrap(bytes, 46, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
  }

  @Test
  void oddLengthDataGetsAPadByteAndStaysReadable() throws Exception {
    Path file = dir.resolve("mono.wav");
    double[][] x = {Signals.sine(44_100, 440, 0.5, 0, 101)};
    try (AudioFileWriter w = AudioFileWriter.create(file, 44_100, 1, SampleFormat.PCM_24)) {
      w.write(x, 0, 101);
      w.commit();
    }
    assertEquals(44 + 303 + 1, Files.size(file));
    Signals.Jdk jdk = Signals.readWithJdk(file);
    assertEquals(101, jdk.integers()[0].length);
    assertEquals(expectedInteger(x[0][100], 24), jdk.integers()[0][100]);
  }

  @Test
  void closeWithoutCommitLeavesTheTargetUntouchedAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("master.wav");
    Files.writeString(file, "previous master");
    try (AudioFileWriter w = AudioFileWriter.create(file, RATE, 2, SampleFormat.PCM_24)) {
      w.write(signal(), 0, 1000);
      Path tmp = w.temporaryFile();
      assertEquals(dir, tmp.getParent());
      assertTrue(
          tmp.getFileName().toString().matches("\\.master\\.wav\\.tmp-[0-9a-f]{16}"),
          tmp.toString());
      assertTrue(Files.exists(tmp));
    }
    assertEquals("previous master", Files.readString(file));
    assertEquals(List.of("master.wav"), Signals.names(dir));
  }

  @Test
  void commitReplacesAnExistingTargetWhole() throws Exception {
    Path file = dir.resolve("master.wav");
    Files.writeString(file, "previous master");
    AudioFileWriter w = AudioFileWriter.create(file, RATE, 1, SampleFormat.PCM_16);
    w.write(new double[][] {{0.25, -0.25}}, 0, 2);
    assertEquals("previous master", Files.readString(file), "untouched until commit");
    w.commit();
    w.close();
    byte[] b = Files.readAllBytes(file);
    assertEquals(48, b.length);
    assertEquals(List.of("master.wav"), Signals.names(dir));
    assertArrayEquals(new long[] {8192, -8192}, Signals.readWithJdk(file).integers()[0]);
    assertThrows(IllegalStateException.class, () -> w.write(new double[][] {{0}}, 0, 1));
  }

  @Test
  void refusesToPassTheWavSizeLimitAndLeavesNothingBehind() throws Exception {
    Path file = dir.resolve("long.wav");
    long limit = 44 + 4 * 1000;
    AudioFileException e;
    try (AudioFileWriter w = AudioFileWriter.create(file, RATE, 2, SampleFormat.PCM_16, limit)) {
      double[][] x = new double[2][600];
      w.write(x, 0, 600);
      e = assertThrows(AudioFileException.class, () -> w.write(x, 0, 600));
      assertEquals(600, w.framesWritten(), "the refused block was not written");
      w.write(x, 0, 400);
    }
    assertEquals(
        "long.wav: too large: a WAV file holds at most 4 GiB; stopped after 600 frames",
        e.getMessage());
    assertEquals(List.of(), Signals.names(dir));
    assertEquals(0xFFFFFFFFL + 8, AudioFileWriter.WAV_MAX_FILE_BYTES);
  }

  @Test
  void rejectsUnsupportedChannelCountsRatesAndFolders() {
    assertEquals(
        "x.wav: 6 channels not supported (mono or stereo only)",
        assertThrows(
                AudioFileException.class,
                () -> AudioFileWriter.create(dir.resolve("x.wav"), RATE, 6, SampleFormat.PCM_24))
            .getMessage());
    assertEquals(
        "x.wav: unsupported sample rate: 4000 Hz",
        assertThrows(
                AudioFileException.class,
                () -> AudioFileWriter.create(dir.resolve("x.wav"), 4000, 2, SampleFormat.PCM_24))
            .getMessage());
    assertEquals(
        "x.wav: unsupported sample rate: 44100.5 Hz",
        assertThrows(
                AudioFileException.class,
                () -> AudioFileWriter.create(dir.resolve("x.wav"), 44100.5, 2, SampleFormat.PCM_24))
            .getMessage());
    Path missing = dir.resolve("nope").resolve("x.wav");
    assertTrue(
        assertThrows(
                AudioFileException.class,
                () -> AudioFileWriter.create(missing, RATE, 2, SampleFormat.PCM_24))
            .getMessage()
            .startsWith("x.wav: no such folder: "));
    assertFalse(Files.exists(missing.getParent()));
  }

  @Test
  void sampleFormatParsesTheCommandLineNames() {
    assertEquals(SampleFormat.PCM_16, SampleFormat.parse("16"));
    assertEquals(SampleFormat.PCM_24, SampleFormat.parse(" 24 "));
    assertEquals(SampleFormat.FLOAT_32, SampleFormat.parse("32F"));
    assertEquals(
        "unknown sample format '32' (use 16, 24 or 32f)",
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.parse("32")).getMessage());
  }

  @Test
  void writeAndReadAllocateNothingPerCall() throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    Path file = dir.resolve("alloc.wav");
    double[][] block = {Signals.sine(RATE, 440, 0.5, 0, 512), Signals.sine(RATE, 660, 0.5, 0, 512)};
    try (AudioFileWriter w = AudioFileWriter.create(file, RATE, 2, SampleFormat.PCM_24)) {
      for (int i = 0; i < 200; i++) {
        w.write(block, 0, 512);
      }
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 200; i++) {
        w.write(block, 0, 512);
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      assertEquals(0, allocated, "bytes allocated by 200 writes");
      w.commit();
    }
    try (AudioFileReader r = AudioFileReader.open(file)) {
      for (int i = 0; i < 200; i++) {
        r.read(block, 512);
      }
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 200; i++) {
        assertEquals(512, r.read(block, 512));
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      assertEquals(0, allocated, "bytes allocated by 200 reads");
    }
  }
}
