package lathe.console.engine.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JackBackendFailureTest {
  @RegisterExtension static final JackServer JACK = new JackServer(48000, 64);

  private static final AudioSettings SETTINGS = new AudioSettings(48000, 64, 2, 2, 2);

  @Test
  void serverThatStopsIsReportedAndTheClientOpensAgainWhenItReturns() throws Exception {
    JackBackend backend = new JackBackend(JACK.name(), "lathe-gone");
    try {
      backend.open(SETTINGS);
      backend.start((in, out, n) -> {});
      awaitCallbacks(backend, 100);

      JACK.stop();
      long stopped = System.nanoTime();
      while (backend.failure() == null && System.nanoTime() - stopped < 2_000_000_000L) {
        Thread.sleep(10);
      }
      System.out.printf(
          "JACK: failure reported %d ms after the server stopped: %s%n",
          (System.nanoTime() - stopped) / 1_000_000, backend.failure());
      assertEquals(JackBackend.SERVER_GONE, backend.failure());
      assertTimeoutPreemptively(Duration.ofSeconds(5), backend::close);

      JACK.start();
      backend.open(SETTINGS);
      assertNull(backend.failure());
      backend.start((in, out, n) -> {});
      awaitCallbacks(backend, 100);
      assertNull(backend.failure());
    } finally {
      backend.close();
    }
  }

  @Test
  void absentServerIsOneLineNamingIt() {
    String name = "lathe-absent-" + ProcessHandle.current().pid();
    JackBackend backend = new JackBackend(name, "lathe-nobody");
    AudioDeviceException e = assertThrows(AudioDeviceException.class, () -> backend.open(SETTINGS));
    String message = e.getMessage();
    assertTrue(message.contains(name) && message.contains("not running"), message);
    assertFalse(message.contains("\n"), message);
    backend.close();

    assertFalse(JackBackend.available(name));
    assertEquals(message, JackBackend.unavailableReason(name));
    assertEquals(List.of(), JackBackend.systemPorts(name));
  }

  @Test
  void runningServerIsAvailableAndListsItsSystemPorts() {
    assertTrue(JackBackend.available(JACK.name()), JackBackend.unavailableReason(JACK.name()));
    List<String> ports = JackBackend.systemPorts(JACK.name());
    assertTrue(
        ports.containsAll(
            List.of(
                "system:capture_1", "system:capture_2", "system:playback_1", "system:playback_2")),
        ports.toString());
  }

  private static void awaitCallbacks(JackBackend backend, long count) throws InterruptedException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (backend.callbacks() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(backend.callbacks() >= count, "callbacks: " + backend.callbacks());
  }
}
