package lathe.controller.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lathe.controller.port.RecordingListener.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Playing control scripts in real time, as if a controller sent them. */
class ControlScriptPlayerTest {
  /**
   * How far a message may be handed on from its time. The player spins the last half millisecond
   * and is within 0-5 ms on a quiet machine, but its thread is an ordinary one: a garbage
   * collection or a busy two-core CI runner can delay it (5.6 ms was seen once in a full build),
   * and the test must not fail for the machine's sake.
   */
  private static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  @TempDir Path dir;

  @Test
  void handsEachMessageOnAtItsTimeAndReportsCompletion() throws Exception {
    Path file = dir.resolve("knob-up.txt");
    Files.writeString(
        file,
        """
        # first knob of a nanoKONTROL2 from the bottom to the top
        0.000 B0 10 00
        0.050 B0 10 40
        0.120 10 7F     # running status
        0.120 90 29 7F
        0.300 80 29 00
        """);
    ControlScript script = ControlScript.read(file);
    RecordingListener listener = new RecordingListener();
    ControlScriptPlayer player = new ControlScriptPlayer(script, "nanoKONTROL2", listener);
    long before = System.nanoTime();
    player.start();
    player.completion().get(5, TimeUnit.SECONDS);
    assertTrue(player.startNanos() >= before);

    for (TimedMidiMessage expected : script.messages()) {
      Message got = assertInstanceOf(Message.class, listener.next(Duration.ZERO));
      assertEquals("nanoKONTROL2", got.port());
      assertArrayEquals(expected.message().getMessage(), got.message().getMessage());
      long late = got.nanos() - player.startNanos() - expected.nanos();
      assertTrue(
          late >= 0 && late < TOLERANCE_NANOS,
          "line " + expected.line() + " handed on " + late / 1e6 + " ms after its time");
    }
    assertNull(listener.next(Duration.ZERO));
  }

  @Test
  void closingStopsThePlayAndCancelsTheCompletion() throws Exception {
    ControlScript script = ControlScript.parse("s", "0 B0 07 00\n30 B0 07 7F\n");
    RecordingListener listener = new RecordingListener();
    ControlScriptPlayer player =
        new ControlScriptPlayer(script, ControlScriptPlayer.DEFAULT_PORT, listener);
    player.start();
    Message first = assertInstanceOf(Message.class, listener.next(Duration.ofSeconds(5)));
    assertEquals(ControlScriptPlayer.DEFAULT_PORT, first.port());
    long closing = System.nanoTime();
    player.close();
    assertTrue(System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(1), "close waits no longer");
    assertThrows(CancellationException.class, () -> player.completion().get());
    assertNull(listener.next(Duration.ofMillis(50)));
  }

  @Test
  void listenerFailureCompletesExceptionally() throws Exception {
    ControlScript script = ControlScript.parse("s", "0 B0 07 00\n0.01 B0 07 01\n");
    ControlScriptPlayer player =
        new ControlScriptPlayer(
            script,
            "x",
            (port, message, nanos) -> {
              throw new IllegalStateException("queue full");
            });
    Thread.UncaughtExceptionHandler quiet = (t, e) -> {};
    Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(quiet);
    try {
      player.start();
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> player.completion().get(5, TimeUnit.SECONDS));
      assertEquals("queue full", e.getCause().getMessage());
      assertFalse(player.completion().isCancelled());
    } finally {
      player.close();
      Thread.setDefaultUncaughtExceptionHandler(old);
    }
  }
}
