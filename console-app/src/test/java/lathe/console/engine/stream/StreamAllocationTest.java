package lathe.console.engine.stream;

import static lathe.console.engine.stream.TestAudio.RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the player and the print the way an engine cycle does, on a dedicated thread, while the
 * control thread seeks and toggles the transport, and measures what that thread allocates.
 */
class StreamAllocationTest {
  private static final int BLOCK = 64;

  @TempDir Path dir;

  /** Plays a file at the engine's rate, and one the io thread converts from 44.1 kHz. */
  @ParameterizedTest
  @ValueSource(doubles = {48_000, 44_100})
  void playerReadAndPrintWriteAllocateNothingAfterWarmUp(double fileRate) throws Exception {
    Path mix =
        TestAudio.writeWav(
            dir.resolve("mix.wav"), fileRate, SampleFormat.PCM_24, TestAudio.noise(48_000, 21));
    FilePlayer player = FilePlayer.open(mix, RATE, BLOCK);
    PrintRecorder print =
        PrintRecorder.start(dir.resolve("print.wav"), RATE, SampleFormat.PCM_16, BLOCK);
    player.setLoop(true);
    player.play();
    AtomicLong allocated = new AtomicLong(-1);
    AtomicLong delivered = new AtomicLong();
    Thread audio =
        new Thread(
            () -> {
              var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
              double[][] buffer = new double[2][BLOCK];
              long frames = 0;
              for (int i = 0; i < 400_000; i++) {
                frames += player.read(buffer, BLOCK - (i & 3));
                print.write(buffer, BLOCK - (i & 3));
              }
              long before = mx.getCurrentThreadAllocatedBytes();
              for (int i = 0; i < 200_000; i++) {
                frames += player.read(buffer, BLOCK - (i & 3));
                print.write(buffer, BLOCK - (i & 3));
              }
              allocated.set(mx.getCurrentThreadAllocatedBytes() - before);
              delivered.set(frames);
            },
            "simulated-audio");
    audio.start();
    for (int k = 0; audio.isAlive(); k++) {
      switch (k % 4) {
        case 0 -> player.seekSeconds(0.5);
        case 1 -> player.pause();
        case 2 -> player.play();
        default -> player.setLoop(true);
      }
      audio.join(3);
    }
    player.close();
    print.abort();
    assertTrue(delivered.get() > 0, "the player delivered frames");
    assertEquals(0, allocated.get(), "bytes allocated by 200000 read+write cycles");
  }
}
