package lathe.console.engine.stream;

import static lathe.console.engine.stream.TestAudio.RATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import lathe.console.audio.file.AudioFileException;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plays real files through the player on the test thread, which stands in for the audio thread,
 * while the player's own io thread reads ahead, and compares every frame with the reader's.
 */
class FilePlayerTest {
  private static final int BLOCK = 64;
  private static final long TIMEOUT_NANOS = 20_000_000_000L;

  @TempDir Path dir;

  /** Plays until the player finishes, collecting only the frames it reports as delivered. */
  private static double[][] playToEnd(FilePlayer player, int block) {
    int total = Math.toIntExact(player.lengthFrames() - player.positionFrames());
    double[][] got = new double[2][total];
    double[][] dest = new double[2][block];
    int at = 0;
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (!player.isFinished()) {
      assertTrue(System.nanoTime() < deadline, "player did not finish; at frame " + at);
      int n = player.read(dest, block);
      assertTrue(at + n <= total, "more frames than the file holds");
      for (int c = 0; c < 2; c++) {
        System.arraycopy(dest[c], 0, got[c], at, n);
        for (int i = n; i < block; i++) {
          assertEquals(0.0, dest[c][i], "silence after the delivered frames");
        }
      }
      at += n;
    }
    assertEquals(total, at, "frames delivered");
    return got;
  }

  /** Reads until {@code frames} frames were delivered, in blocks of {@code block}. */
  private static double[][] take(FilePlayer player, int frames, int block) {
    double[][] got = new double[2][frames];
    double[][] dest = new double[2][block];
    int at = 0;
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (at < frames) {
      assertTrue(System.nanoTime() < deadline, "player stalled at frame " + at);
      int n = player.read(dest, Math.min(block, frames - at));
      for (int c = 0; c < 2; c++) {
        System.arraycopy(dest[c], 0, got[c], at, n);
      }
      at += n;
    }
    return got;
  }

  private static void assertFrames(double[][] file, int fileStart, double[][] got, String what) {
    for (int i = 0; i < got[0].length; i++) {
      int f = fileStart + i;
      for (int c = 0; c < 2; c++) {
        double want = file[Math.min(c, file.length - 1)][f];
        if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got[c][i])) {
          throw new AssertionError(
              what + ": channel " + c + " frame " + i + " is not file frame " + f);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SampleFormat.class)
  void wavFromTheWriterPlaysBitIdenticalToTheReader(SampleFormat format) throws Exception {
    Path file =
        TestAudio.writeWav(
            dir.resolve("mix.wav"), RATE, format, TestAudio.noise(3 * (int) RATE + 17, 1));
    double[][] want = TestAudio.readAll(file);
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      player.play();
      double[][] got = playToEnd(player, BLOCK);
      assertArrayEquals(want[0], got[0]);
      assertArrayEquals(want[1], got[1]);
      assertEquals(player.lengthFrames(), player.positionFrames());
      assertNull(player.failure());
    }
  }

  @Test
  void soxFilesPlayBitIdenticalAndMonoOnBothChannels() throws Exception {
    Path aiff = TestAudio.sox(dir.resolve("ref.aiff"), "-r", "48000", "-c", "2", "-b", "24");
    Path mono = TestAudio.sox(dir.resolve("mono.wav"), "-r", "48000", "-c", "1", "-b", "16");
    Path flt =
        TestAudio.sox(
            dir.resolve("float.wav"), "-r", "48000", "-c", "2", "-e", "float", "-b", "32");
    for (Path file : new Path[] {aiff, mono, flt}) {
      double[][] want = TestAudio.readAll(file);
      try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
        player.play();
        double[][] got = playToEnd(player, BLOCK);
        assertFrames(want, 0, got, file.getFileName().toString());
      }
    }
  }

  @Test
  void aRingTooSmallToKeepUpCountsUnderrunsAndStillDeliversEveryFrame() throws Exception {
    Path file =
        TestAudio.writeWav(
            dir.resolve("mix.wav"), RATE, SampleFormat.PCM_24, TestAudio.noise(48_000, 2));
    double[][] want = TestAudio.readAll(file);
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK, 256)) {
      player.play();
      double[][] got = playToEnd(player, BLOCK);
      assertFrames(want, 0, got, "tiny ring");
      assertTrue(player.underruns() > 0, "a reader faster than the io thread must run dry");
      long underruns = player.underruns();
      double[][] dest = new double[2][BLOCK];
      assertEquals(0, player.read(dest, BLOCK));
      assertEquals(underruns, player.underruns(), "the end of the file is not an underrun");
    }
  }

  @Test
  void seekLandsOnTheExactFrameAndNoStaleFrameFollows() throws Exception {
    Path file =
        TestAudio.writeWav(
            dir.resolve("mix.wav"), RATE, SampleFormat.FLOAT_32, TestAudio.noise(3 * 48_000, 3));
    double[][] want = TestAudio.readAll(file);
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      player.play();
      take(player, 10_000, BLOCK);
      Thread.sleep(30); // let the io thread fill the ring with frames that the seek makes stale
      player.seekSeconds(1.0);
      assertEquals(48_000, player.positionFrames());
      assertFrames(want, 48_000, take(player, 5_000, BLOCK), "after seekSeconds(1.0)");
      assertEquals(53_000, player.positionFrames());

      SplittableRandom random = new SplittableRandom(4);
      for (int k = 0; k < 30; k++) {
        int target = random.nextInt(3 * 48_000 - 2_000);
        boolean paused = (k & 1) == 1;
        if (paused) {
          player.pause();
        }
        player.seekFrame(target);
        if ((k & 3) == 0) {
          player.seekFrame(random.nextInt(3 * 48_000)); // a seek overtaken by the next one
          player.seekFrame(target);
        }
        if (paused) {
          Thread.sleep(2);
          player.play();
        }
        int block = 1 + random.nextInt(BLOCK);
        assertFrames(want, target, take(player, 2_000, block), "after seekFrame(" + target + ")");
      }
    }
  }

  @Test
  void loopWrapsSampleExactAndStopsWhenTurnedOff() throws Exception {
    int length = 10_007;
    Path file =
        TestAudio.writeWav(
            dir.resolve("loop.wav"), RATE, SampleFormat.PCM_16, TestAudio.noise(length, 5));
    double[][] want = TestAudio.readAll(file);
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      player.setLoop(true);
      player.play();
      int frames = 5 * length + 123;
      double[][] got = take(player, frames, 61);
      for (int i = 0; i < frames; i++) {
        int f = i % length;
        if (got[0][i] != want[0][f] || got[1][i] != want[1][f]) {
          throw new AssertionError("looped frame " + i + " is not file frame " + f);
        }
      }
      assertFalse(player.isFinished());
      assertEquals(123, player.positionFrames());
      player.setLoop(false);
      double[][] dest = new double[2][BLOCK];
      long deadline = System.nanoTime() + TIMEOUT_NANOS;
      while (!player.isFinished()) {
        assertTrue(System.nanoTime() < deadline, "did not finish");
        player.read(dest, BLOCK);
      }
      assertEquals(length, player.positionFrames());
      assertEquals(0, player.read(dest, BLOCK), "finished: silence");

      player.play(); // at the end, play starts again from the top
      assertFalse(player.isFinished());
      assertFrames(want, 0, take(player, 100, BLOCK), "play after the end");
      long underruns = player.underruns();
      player.seekFrame(length); // a seek straight to the end finishes without a frame
      deadline = System.nanoTime() + TIMEOUT_NANOS;
      while (!player.isFinished()) {
        assertTrue(System.nanoTime() < deadline, "a seek to the end did not finish");
        assertEquals(0, player.read(dest, BLOCK));
      }
      assertEquals(length, player.positionFrames());
      assertEquals(
          underruns, player.underruns(), "the reads that waited for the seek are not underruns");
    }
  }

  @Test
  void pauseGivesSilenceAndResumesOnTheNextFrame() throws Exception {
    Path file =
        TestAudio.writeWav(
            dir.resolve("mix.wav"), RATE, SampleFormat.PCM_24, TestAudio.noise(48_000, 6));
    double[][] want = TestAudio.readAll(file);
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      double[][] dest = new double[2][BLOCK];
      java.util.Arrays.fill(dest[0], 7.0);
      assertEquals(0, player.read(dest, BLOCK), "opens paused");
      assertArrayEquals(new double[BLOCK], dest[0]);
      player.play();
      take(player, 1_000, BLOCK);
      player.pause();
      for (int k = 0; k < 100; k++) {
        java.util.Arrays.fill(dest[0], 7.0);
        java.util.Arrays.fill(dest[1], 7.0);
        assertEquals(0, player.read(dest, BLOCK));
        assertArrayEquals(new double[BLOCK], dest[0]);
        assertArrayEquals(new double[BLOCK], dest[1]);
      }
      assertEquals(1_000, player.positionFrames());
      assertEquals(0, player.underruns(), "a paused player does not run dry");
      player.play();
      assertFrames(want, 1_000, take(player, 3_000, BLOCK), "after resume");
    }
  }

  @Test
  void aRateTheConverterCannotTakeIsOneLineNamingTheFileAndBothRates() throws Exception {
    Path file =
        TestAudio.writeWav(
            dir.resolve("odd.wav"), 47_999, SampleFormat.PCM_16, TestAudio.noise(4_800, 7));
    AudioFileException e =
        assertThrows(AudioFileException.class, () -> FilePlayer.open(file, RATE, BLOCK));
    String message = e.getMessage();
    assertTrue(message.startsWith("odd.wav: "), message);
    assertTrue(message.contains("47999") && message.contains("48000"), message);
    assertFalse(message.contains("\n"), message);
  }

  /**
   * Returns a sine at {@code hertz} sampled at {@code rate}: left {@code amplitude}, right -6 dB.
   */
  private static double[][] sine(double rate, double hertz, double amplitude, int frames) {
    double[][] x = new double[2][frames];
    for (int i = 0; i < frames; i++) {
      x[0][i] = amplitude * Math.sin(2 * Math.PI * hertz * i / rate);
      x[1][i] = 0.5 * x[0][i];
    }
    return x;
  }

  @Test
  void aCdRateWavPlaysAtTheEngineRateWithItsFrequencyAmplitudeAndLength() throws Exception {
    double amplitude = Math.pow(10, -1 / 20.0);
    int fileFrames = 3 * 44_100 + 7;
    Path file =
        TestAudio.writeWav(
            dir.resolve("cd.wav"),
            44_100,
            SampleFormat.FLOAT_32,
            sine(44_100, 1_000, amplitude, fileFrames));
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      assertTrue(player.isConverting());
      assertEquals(44_100, player.fileSampleRate());
      assertEquals(48_000, player.sampleRate());
      // 3 s and 7 frames of 44.1 kHz span 144000 + 7 * 48000 / 44100 (rounded up) frames at 48 kHz.
      assertEquals(144_008, player.lengthFrames());
      player.play();
      double[][] got = playToEnd(player, BLOCK);
      assertEquals(144_008, player.positionFrames());
      assertEquals(144_008, got[0].length);
      // Against the closed form at 48 kHz: same frequency, amplitude and time (file frame 0 is
      // engine frame 0), away from the two ends where the file starts and stops abruptly.
      int edge = 400;
      double worst = 0;
      double ss = 0;
      double sy = 0;
      int rising = 0;
      for (int m = edge; m < got[0].length - edge; m++) {
        double s = Math.sin(2 * Math.PI * 1_000 * m / 48_000);
        worst = Math.max(worst, Math.abs(got[0][m] - amplitude * s));
        worst = Math.max(worst, Math.abs(got[1][m] - 0.5 * amplitude * s));
        ss += s * s;
        sy += s * got[0][m];
        if (got[0][m - 1] < 0 && got[0][m] >= 0) {
          rising++;
        }
      }
      double seconds = (got[0].length - 2 * edge) / 48_000.0;
      assertTrue(Math.abs(rising - 1_000 * seconds) <= 1, rising + " cycles in " + seconds + " s");
      double gain = 20 * Math.log10(sy / ss / amplitude);
      assertTrue(Math.abs(gain) < 0.001, "amplitude off by " + gain + " dB");
      assertTrue(20 * Math.log10(worst) < -120, "error peak " + 20 * Math.log10(worst) + " dBFS");
      assertNull(player.failure());
    }
  }

  @Test
  void aConvertedFileSeeksAndLoopsOnTheSameSamplesAsPlayingThrough() throws Exception {
    int fileFrames = 88_200 + 13;
    Path file =
        TestAudio.writeWav(
            dir.resolve("ref.wav"), 44_100, SampleFormat.PCM_24, TestAudio.noise(fileFrames, 9));
    double[][] through;
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      player.play();
      through = playToEnd(player, BLOCK);
    }
    try (FilePlayer player = FilePlayer.open(file, RATE, BLOCK)) {
      int length = (int) player.lengthFrames();
      assertEquals(through[0].length, length);
      player.play();
      take(player, 5_000, BLOCK);
      player.seekSeconds(1.0);
      assertEquals(48_000, player.positionFrames());
      assertFrames(through, 48_000, take(player, 3_000, BLOCK), "after seekSeconds(1.0)");
      SplittableRandom random = new SplittableRandom(10);
      for (int k = 0; k < 20; k++) {
        int target = random.nextInt(length - 2_000);
        player.seekFrame(target);
        assertFrames(
            through, target, take(player, 2_000, 1 + random.nextInt(BLOCK)), "at " + target);
      }
      player.setLoop(true);
      player.seekFrame(length - 1_000);
      double[][] wrap = take(player, 3_000, 61);
      for (int i = 0; i < 3_000; i++) {
        int f = (length - 1_000 + i) % length;
        if (wrap[0][i] != through[0][f] || wrap[1][i] != through[1][f]) {
          throw new AssertionError("looped frame " + i + " is not engine frame " + f);
        }
      }
      assertEquals(2_000, player.positionFrames());
    }
  }

  @Test
  void aTruncatedWavIsOneLineNamingTheFile() throws Exception {
    Path file =
        TestAudio.writeWav(
            dir.resolve("crashed.wav"), RATE, SampleFormat.PCM_16, TestAudio.noise(48_000, 8));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(file) / 2);
    }
    AudioFileException e =
        assertThrows(AudioFileException.class, () -> FilePlayer.open(file, RATE, BLOCK));
    String message = e.getMessage();
    assertTrue(message.startsWith("crashed.wav: "), message);
    assertTrue(message.contains("truncated"), message);
    assertFalse(message.contains("\n"), message);
  }
}
