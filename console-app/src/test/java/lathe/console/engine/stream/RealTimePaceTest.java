package lathe.console.engine.stream;

import static lathe.console.engine.stream.TestAudio.RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the player into the print at the pace of a 48 kHz device with 64-frame blocks, seeks from
 * the control thread meanwhile, and measures underruns, dropped frames and how soon a seek is
 * heard.
 */
class RealTimePaceTest {
  private static final int BLOCK = 64;
  private static final long PERIOD_NANOS = Math.round(BLOCK / RATE * 1e9);

  @TempDir Path dir;

  @Test
  void atDevicePaceNothingRunsDryNothingIsDroppedAndASeekIsHeardWithinMilliseconds()
      throws Exception {
    Path mix =
        TestAudio.writeWav(
            dir.resolve("mix.wav"), RATE, SampleFormat.FLOAT_32, TestAudio.noise(4 * 48_000, 31));
    Path out = dir.resolve("print.wav");
    int blocks = 1_500; // 2 s
    FilePlayer player = FilePlayer.open(mix, RATE, BLOCK);
    PrintRecorder print = PrintRecorder.start(out, RATE, SampleFormat.FLOAT_32, BLOCK);
    AtomicLong lateBlocks = new AtomicLong();
    player.play();
    Thread audio =
        new Thread(
            () -> {
              double[][] buffer = new double[2][BLOCK];
              long next = System.nanoTime();
              for (int i = 0; i < blocks; i++) {
                player.read(buffer, BLOCK);
                print.write(buffer, BLOCK);
                next += PERIOD_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                } else {
                  lateBlocks.incrementAndGet();
                }
              }
            },
            "simulated-audio");
    long started = System.nanoTime();
    audio.start();
    Thread.sleep(500);
    long worstSeekNanos = 0;
    for (int k = 0; k < 5; k++) {
      long target = 48_000 + 24_000L * k;
      long t0 = System.nanoTime();
      player.seekFrame(target);
      while (player.positionFrames() <= target) {
        LockSupport.parkNanos(50_000);
      }
      long took = System.nanoTime() - t0;
      System.out.printf("seek to %d heard after %.2f ms%n", target, took / 1e6);
      worstSeekNanos = Math.max(worstSeekNanos, took);
      Thread.sleep(150);
    }
    audio.join();
    double seconds = (System.nanoTime() - started) / 1e9;
    long underruns = player.underruns();
    player.close();
    PrintSummary summary = print.stop();
    System.out.printf(
        "paced %d blocks of %d in %.3f s (%d late); underruns %d; dropped %d; worst seek %.2f ms%n",
        blocks,
        BLOCK,
        seconds,
        lateBlocks.get(),
        underruns,
        summary.droppedFrames(),
        worstSeekNanos / 1e6);
    assertEquals(0, underruns, "underruns at device pace");
    assertEquals(0, summary.droppedFrames(), "frames dropped from the print");
    assertNull(summary.problem());
    assertEquals((long) blocks * BLOCK, summary.framesWritten());
    assertTrue(worstSeekNanos < 100_000_000L, "a seek took " + worstSeekNanos / 1e6 + " ms");
    assertEquals(blocks * BLOCK, TestAudio.readAll(out)[0].length);
  }
}
