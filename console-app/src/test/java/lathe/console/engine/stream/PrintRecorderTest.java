package lathe.console.engine.stream;

import static lathe.console.engine.stream.TestAudio.RATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Prints real blocks to real files from a producer thread and reads the files back. */
class PrintRecorderTest {
  private static final int BLOCK = 64;

  @TempDir Path dir;

  private List<Path> folder() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(SampleFormat.class)
  void theFileHoldsWhatWasWrittenAndReplacesTheOldOne(SampleFormat format) throws Exception {
    Path file = dir.resolve("print.wav");
    Files.writeString(file, "an older print");
    int frames = 5 * (int) RATE + 33; // more than the ring holds, so it wraps
    double[][] x = TestAudio.noise(frames, 11);
    x[0][1000] = 1.5;
    x[1][2000] = -1.25;
    x[0][3000] = 2.0;
    PrintRecorder print = PrintRecorder.start(file, RATE, format, BLOCK);
    double[][] block = new double[2][BLOCK];
    for (int at = 0, k = 0; at < frames; at += BLOCK, k++) {
      int n = Math.min(BLOCK, frames - at);
      for (int c = 0; c < 2; c++) {
        System.arraycopy(x[c], at, block[c], 0, n);
      }
      print.write(block, n);
      if (k % 32 == 31) {
        Thread.sleep(1); // about 2 M frames/s: faster than real time, slower than the disk
      }
    }
    PrintSummary summary = print.stop();
    assertEquals(file, summary.file());
    assertEquals(frames, summary.framesWritten());
    assertEquals(0, summary.droppedFrames());
    assertNull(summary.problem());
    assertEquals(format.isFloat() ? 0 : 3, summary.clippedSamples());
    assertEquals(List.of(file), folder(), "no temporary file left");

    double[][] got = TestAudio.readAll(file);
    double step = format.isFloat() ? 0 : Math.pow(2, 1 - format.bits());
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < frames; i++) {
        double want = x[c][i];
        if (format.isFloat()) {
          assertEquals((float) want, got[c][i], "float frame " + i);
        } else if (Math.abs(want) < 1) {
          assertEquals(want, got[c][i], step / 2, "frame " + i + " within half a step");
        } else {
          assertEquals(Math.signum(want) > 0 ? 1 - step : -1, got[c][i], "clamped frame " + i);
        }
      }
    }
  }

  @Test
  void aFullRingCountsEveryDroppedFrameAndKeepsTheRestInOrder() throws Exception {
    Path file = dir.resolve("fast.wav");
    int blocks = 20_000;
    PrintRecorder print = PrintRecorder.start(file, RATE, SampleFormat.FLOAT_32, BLOCK, 128);
    double[][] block = new double[2][BLOCK];
    long index = 1;
    for (int k = 0; k < blocks; k++) {
      for (int i = 0; i < BLOCK; i++, index++) {
        block[0][i] = index / 16_777_216.0; // exact in a float while index < 2^24
        block[1][i] = -block[0][i];
      }
      print.write(block, BLOCK);
    }
    long liveDropped = print.droppedFrames();
    PrintSummary summary = print.stop();
    assertTrue(summary.droppedFrames() > 0, "a producer with no pause must overrun 128 frames");
    assertEquals(liveDropped, summary.droppedFrames());
    assertEquals((long) blocks * BLOCK, summary.framesWritten() + summary.droppedFrames());
    double[][] got = TestAudio.readAll(file);
    assertEquals(summary.framesWritten(), got[0].length);
    double last = 0;
    for (int i = 0; i < got[0].length; i++) {
      double k = got[0][i] * 16_777_216.0;
      assertTrue(k > last && k == Math.rint(k), "frame " + i + " out of order: " + k);
      assertEquals(-got[0][i], got[1][i]);
      last = k;
    }
  }

  @Test
  void abortKeepsTheOlderFileAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("print.wav");
    TestAudio.writeWav(file, RATE, SampleFormat.PCM_16, TestAudio.noise(4_800, 12));
    byte[] before = Files.readAllBytes(file);
    PrintRecorder print = PrintRecorder.start(file, RATE, SampleFormat.PCM_24, BLOCK);
    double[][] block = TestAudio.noise(BLOCK, 13);
    for (int k = 0; k < 1_000; k++) {
      print.write(block, BLOCK);
    }
    Thread.sleep(50);
    assertTrue(print.framesWritten() > 0, "the io thread was writing");
    print.abort();
    print.write(block, BLOCK); // the audio thread may still call after abort
    print.abort();
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(List.of(file), folder());
  }
}
