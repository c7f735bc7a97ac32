package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lathe.console.engine.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the real {@code lathe console} in a child JVM whose ALSA {@code default} PCM is routed to a
 * private JACK server (dummy back-end, paced in real time), so the console finds the default Java
 * Sound device by itself, as it would find a USB interface.
 */
class ConsoleJavaSoundTest {
  private static final int RATE = 48000;
  private static final int BLOCK = 256;
  private static final int SECONDS = 8;
  private static final int CHAIN_LATENCY_FRAMES = 76; // limiter 72 + saturator 4 (minimum phase)

  @RegisterExtension static final JackServer JACK = new JackServer(RATE, BLOCK);

  @Test
  void consoleRunsOnTheDefaultJavaSoundDeviceWithoutAllocating() throws Exception {
    Run run =
        lathe(
            "console",
            "--session",
            "none",
            "--block",
            Integer.toString(BLOCK),
            "--seconds",
            Integer.toString(SECONDS),
            "--settle",
            "4",
            "--json");
    String context = run.context();
    assertEquals(0, run.exitCode(), context);
    JsonNode j = new ObjectMapper().readTree(run.out());
    long callbacks = j.get("callbacks").asLong();
    long xruns = j.get("xruns").asLong();
    long allocated = j.get("allocatedBytesAfterWarmup").asLong();
    double latencyMs = j.get("latencyMs").asDouble();
    double outputMs = j.get("latency").get("outputMs").asDouble();
    System.out.printf(
        "lathe console on the default Java Sound device at block %d: %s, %d callbacks in %d s"
            + " (clock %d), xruns %d, allocated %d B after warm-up, latency %.3f ms"
            + " (output buffer %.3f ms), max DSP load %.3f%n",
        BLOCK,
        j.get("backend").asText(),
        callbacks,
        SECONDS,
        SECONDS * RATE / BLOCK,
        xruns,
        allocated,
        latencyMs,
        outputMs,
        j.get("maxDspLoad").asDouble());
    assertTrue(j.get("backend").asText().startsWith("Java Sound"), context);
    assertEquals(RATE, j.get("sampleRate").asDouble(), 0.0, context);
    assertEquals(BLOCK, j.get("block").asInt(), context);
    double expectedCallbacks = (double) SECONDS * RATE / BLOCK;
    assertEquals(expectedCallbacks, callbacks, 0.03 * expectedCallbacks, context);
    assertEquals(0, allocated, context);
    double outputFrames = outputMs * RATE / 1000.0;
    assertEquals(Math.rint(outputFrames), outputFrames, 1e-6, "whole frames: " + context);
    assertTrue(outputFrames >= BLOCK, "the output buffer holds at least a block: " + context);
    assertEquals(0.0, j.get("latency").get("inputMs").asDouble(), 0.0, context);
    assertEquals(
        (BLOCK + Math.rint(outputFrames) + CHAIN_LATENCY_FRAMES) / (RATE / 1000.0),
        latencyMs,
        1e-9,
        context);
  }

  @Test
  void unknownDeviceNameExitsWithOneLineNamingItAndTheDevices() throws Exception {
    Run run =
        lathe("console", "--session", "none", "--audio", "nosuch", "--seconds", "1", "--json");
    String context = run.context();
    assertEquals(2, run.exitCode(), context);
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    List<String> naming = lines.stream().filter(l -> l.contains("'nosuch'")).toList();
    assertEquals(1, naming.size(), context);
    String message = naming.get(0);
    assertTrue(message.contains("default"), "names the devices that exist: " + message);
    assertEquals(1, lines.size(), "one line: " + context);
    assertEquals("", run.out().strip(), context);
  }

  private record Run(int exitCode, String out, String err) {
    String context() {
      return "exit " + exitCode + "\nout: " + out + "\nerr: " + err + "\njackd: " + JACK.log();
    }
  }

  private static Run lathe(String... args) throws IOException, InterruptedException {
    Path conf;
    try {
      conf = Path.of(ConsoleJavaSoundTest.class.getResource("/alsa/jack.conf").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add(LatheCommand.class.getName());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("lathe-console-out-", ".txt");
    Path err = Files.createTempFile("lathe-console-err-", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.environment().put("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + conf);
    pb.environment().put("JACK_DEFAULT_SERVER", JACK.name());
    Process process = pb.start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "lathe " + String.join(" ", args) + " did not finish: " + Files.readString(err));
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
