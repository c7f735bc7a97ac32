package lathe.console.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import lathe.console.engine.AudioCycle;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.DeviceFormat;
import lathe.console.engine.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JackBackendTest {
  @RegisterExtension static final JackServer JACK = new JackServer(48000, 64);

  private static final AudioSettings DUPLEX = new AudioSettings(48000, 64, 2, 2, 2);

  @Test
  void callsBackOncePerPeriodWithoutAllocatingAfterWarmUp() throws Exception {
    JackBackend backend = new JackBackend(JACK.name(), "lathe-rate");
    try {
      DeviceFormat format = backend.open(DUPLEX);
      HalfGain cycle = new HalfGain();
      backend.start(cycle);
      Thread.sleep(12_000); // C2 needs about 10 s of callbacks to compile the upcall path

      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      long audioThread = backend.audioThreadId();
      long allocatedBefore = threads.getThreadAllocatedBytes(audioThread);
      long xrunsBefore = backend.xruns();
      long callbacksBefore = backend.callbacks();
      long start = System.nanoTime();
      Thread.sleep(5_000);
      long callbacksAfter = backend.callbacks();
      long end = System.nanoTime();
      long allocatedAfter = threads.getThreadAllocatedBytes(audioThread);
      long xrunsAfter = backend.xruns();

      double perSecond = (callbacksAfter - callbacksBefore) / ((end - start) / 1e9);
      double expected = JACK.sampleRate() / (double) JACK.period();
      System.out.printf(
          "JACK: %.1f callbacks/s (expected %.1f), %d B allocated on the JACK thread in %d"
              + " callbacks after warm-up, xruns %d in the window (%d in total), latency in %d /"
              + " out %d frames%n",
          perSecond,
          expected,
          allocatedAfter - allocatedBefore,
          callbacksAfter - callbacksBefore,
          xrunsAfter - xrunsBefore,
          xrunsAfter,
          format.inputLatencyFrames(),
          format.outputLatencyFrames());
      assertTrue(audioThread > 0, "the callback recorded its thread");
      assertEquals(expected, perSecond, expected * 0.02, JACK.log());
      assertEquals(0, allocatedAfter - allocatedBefore, "bytes allocated on the JACK thread");
      assertTrue(cycle.frames > 0);
      assertNull(backend.failure());
    } finally {
      backend.close();
    }
  }

  @Test
  void signalComesBackThroughTheServerOnePeriodLater() throws Exception {
    JackBackend backend = new JackBackend(JACK.name(), "lathe-loop", false);
    try {
      backend.open(DUPLEX);
      Loopback cycle = new Loopback();
      backend.start(cycle);
      for (int c = 0; c < 2; c++) {
        backend.connect(backend.outputPortNames().get(c), backend.inputPortNames().get(c));
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!cycle.full && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(cycle.full, "the loop ran one second of audio");
      assertNull(backend.failure());

      // each connection takes effect at its own cycle boundary, so each channel starts on its own
      int[] first = new int[2];
      for (int c = 0; c < 2; c++) {
        while (first[c] < Loopback.CAPACITY && cycle.captured[c][first[c]] == 0) {
          first[c]++;
        }
        assertTrue(first[c] < Loopback.CAPACITY - 4096, "channel " + c + " connected in time");
      }
      int delay = -1;
      for (int d = 0; d < 1000 && d <= first[0]; d++) {
        if (cycle.captured[0][first[0]] == (float) Loopback.ramp(first[0] - d)) {
          delay = d;
          break;
        }
      }
      assertEquals(JACK.period(), delay, "frames between the output and the input");

      int mismatches = 0;
      String firstMismatch = "";
      for (int c = 0; c < 2; c++) {
        for (int k = first[c]; k < Loopback.CAPACITY; k++) {
          double sent = c == 0 ? Loopback.ramp(k - delay) : Loopback.sineOrNaN(k - delay);
          double want = Double.isNaN(sent) ? 0.0 : (float) sent;
          if (cycle.captured[c][k] != want && mismatches++ == 0) {
            firstMismatch = "channel " + c + " frame " + k + ": " + cycle.captured[c][k];
          }
        }
      }
      System.out.printf(
          "JACK loopback: %d frames back exactly %d frames later (%d mismatches)%n",
          2 * Loopback.CAPACITY - first[0] - first[1], delay, mismatches);
      assertEquals(
          0, mismatches, "samples that did not come back exactly; first: " + firstMismatch);
    } finally {
      backend.close();
    }
  }

  @Test
  void wrongRateIsRefusedNamingBothRatesAndTheBlockIsTheServers() throws Exception {
    JackBackend backend = new JackBackend(JACK.name(), "lathe-rates");
    AudioDeviceException e =
        assertThrows(
            AudioDeviceException.class, () -> backend.open(new AudioSettings(44100, 64, 2, 0, 2)));
    String message = e.getMessage();
    assertTrue(message.contains("44100") && message.contains("48000"), message);
    assertFalse(message.contains("\n"), message);

    DeviceFormat format = backend.open(new AudioSettings(48000, 256, 2, 0, 2));
    try {
      assertEquals(JACK.period(), format.blockFrames());
      assertEquals(48000.0, format.sampleRate());
      assertEquals(0, format.inputChannels());
      assertEquals(2, format.outputChannels());
      assertTrue(format.outputLatencyFrames() >= JACK.period(), format.toString());
    } finally {
      backend.close();
    }
  }

  @Test
  void closesTwiceAndOpensAgain() throws Exception {
    JackBackend backend = new JackBackend(JACK.name(), "lathe-again");
    for (int round = 0; round < 2; round++) {
      backend.open(DUPLEX);
      HalfGain cycle = new HalfGain();
      backend.start(cycle);
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (backend.callbacks() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(backend.callbacks() >= 50, "callbacks in round " + round);
      backend.close();
      backend.close();
    }
  }

  /** Passes the input on at half gain, the smallest cycle that touches every sample. */
  private static final class HalfGain implements AudioCycle {
    volatile long frames;

    @Override
    public void process(double[][] in, double[][] out, int n) {
      for (int c = 0; c < out.length; c++) {
        for (int i = 0; i < n; i++) {
          out[c][i] = 0.5 * in[c][i];
        }
      }
      frames += n;
    }
  }

  /** Plays a ramp and a sine with NaN holes, and records one second of what comes back. */
  private static final class Loopback implements AudioCycle {
    static final int CAPACITY = 48000;
    final double[][] captured = new double[2][CAPACITY];
    long frame;
    volatile boolean full;

    static double ramp(long k) {
      return 0.25 + (k % 1000) / 4000.0; // never zero, distinct over 1000 frames
    }

    static double sineOrNaN(long k) {
      return k % 97 == 0 ? Double.NaN : 0.7 * Math.sin(2 * Math.PI * 997 * k / 48000.0);
    }

    @Override
    public void process(double[][] in, double[][] out, int n) {
      for (int i = 0; i < n; i++) {
        long k = frame + i;
        out[0][i] = ramp(k);
        out[1][i] = sineOrNaN(k);
        if (k < CAPACITY) {
          captured[0][(int) k] = in[0][i];
          captured[1][(int) k] = in[1][i];
        }
      }
      frame += n;
      if (frame >= CAPACITY) {
        full = true;
      }
    }
  }
}
