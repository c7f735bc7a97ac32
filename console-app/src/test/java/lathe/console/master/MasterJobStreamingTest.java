package lathe.console.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shows that a render streams: the memory it allocates does not grow with the length of the file,
 * so an hour of 96 kHz audio needs no more heap than a minute.
 */
class MasterJobStreamingTest {
  @TempDir Path dir;

  private Path mix(String name, double seconds) throws Exception {
    Path file = dir.resolve(name);
    DemoMix demo = new DemoMix(96000, seconds);
    double[][] buf = new double[2][8192];
    try (AudioFileWriter w = AudioFileWriter.create(file, 96000, 2, SampleFormat.PCM_24)) {
      int n;
      while ((n = demo.read(buf, buf[0].length)) > 0) {
        w.write(buf, 0, n);
      }
      w.commit();
    }
    return file;
  }

  private static long allocatedByRender(Path in, Path out) throws Exception {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var chain = MasterJob.configure("loud", List.of());
    long before = mx.getCurrentThreadAllocatedBytes();
    MasterReport r =
        MasterJob.run(
            new MasterJob.Settings(in, out, "loud", List.of(), SampleFormat.PCM_24, 0, null, 12),
            chain,
            null);
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertEquals(96000, r.sampleRate());
    return allocated;
  }

  @Test
  void allocationDoesNotGrowWithTheLengthOfTheFile() throws Exception {
    Path shortMix = mix("short.wav", 4);
    Path longMix = mix("long.wav", 40);
    allocatedByRender(shortMix, dir.resolve("warm.wav")); // first run loads classes
    long shortBytes = allocatedByRender(shortMix, dir.resolve("short.master.wav"));
    long longBytes = allocatedByRender(longMix, dir.resolve("long.master.wav"));
    System.out.printf("render allocation: 4 s -> %d B, 40 s -> %d B%n", shortBytes, longBytes);
    // Ten times the audio (7.7 MB more of 64-bit samples per channel) may not cost more than 256
    // KB.
    assertTrue(
        longBytes - shortBytes < 256 * 1024,
        "4 s allocated " + shortBytes + " B, 40 s allocated " + longBytes + " B");
    // And the whole render lives in a small, fixed budget: buffers, meters and the chain.
    assertTrue(longBytes < 16L << 20, "40 s at 96 kHz allocated " + longBytes + " B");
  }
}
