package lathe.console.engine.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lathe.console.engine.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the Java Sound back-end on real lines: ALSA's {@code default} PCM routed to a private JACK
 * server (dummy back-end, paced in real time) or to ALSA's null PCM. The ALSA configuration and the
 * server name must be in the environment before a JVM starts, so each case runs {@link
 * JavaSoundProbe} in a child JVM and reads the one line it prints.
 */
class JavaSoundBackendTest {
  private static final int RATE = 48000;
  private static final int BLOCK = 256;
  private static final int BUFFERS = 4;

  @RegisterExtension static final JackServer JACK = new JackServer(RATE, BLOCK);

  @Test
  void fullDuplexThroughJackIsPacedByTheClockAndAllocatesNothing() throws Exception {
    Run run = probe("jack.conf", "default", 2, 10, 5);
    Map<String, String> r = run.result();
    double seconds = Double.parseDouble(r.get("seconds"));
    long frames = Long.parseLong(r.get("frames"));
    double framesPerSecond = frames / seconds;
    System.out.printf(
        "Java Sound full duplex at block %d: %.1f frames/s (clock %d), %s callbacks in %.2f s,"
            + " xruns %s (all run %s), allocated %s B after warm-up, latency out %s in %s frames%n",
        BLOCK,
        framesPerSecond,
        RATE,
        r.get("callbacks"),
        seconds,
        r.get("xruns"),
        r.get("totalXruns"),
        r.get("allocatedBytes"),
        r.get("outputLatency"),
        r.get("inputLatency"));
    assertEquals("none", r.get("failure"), run.output());
    assertPacedInRealTime(r, run);
    assertEquals(frames, Long.parseLong(r.get("callbacks")) * BLOCK, run.output());
    assertEquals(0, Long.parseLong(r.get("allocatedBytes")), run.output());
    assertEquals(BLOCK * BUFFERS, Integer.parseInt(r.get("outputLatency")), run.output());
    assertEquals(BLOCK, Integer.parseInt(r.get("inputLatency")), run.output());
    assertEquals(2, Integer.parseInt(r.get("inputChannels")), run.output());
    assertEquals("true", r.get("reopened"), run.output());
  }

  @Test
  void outputOnlyThroughJackIsPacedByTheClock() throws Exception {
    Run run = probe("jack.conf", "default", 0, 3, 4);
    Map<String, String> r = run.result();
    double framesPerSecond = Long.parseLong(r.get("frames")) / Double.parseDouble(r.get("seconds"));
    System.out.printf(
        "Java Sound output only at block %d: %.1f frames/s, xruns %s, latency out %s frames%n",
        BLOCK, framesPerSecond, r.get("xruns"), r.get("outputLatency"));
    assertEquals("none", r.get("failure"), run.output());
    assertPacedInRealTime(r, run);
    assertEquals(0, Integer.parseInt(r.get("inputLatency")), run.output());
    assertEquals(0, Integer.parseInt(r.get("inputChannels")), run.output());
  }

  /**
   * Stalls the cycle for six blocks' time once a second (longer than the four-block output buffer),
   * so the device underruns, and checks that the underruns are counted and that the audio thread
   * allocates nothing after warm-up. The child JVM halves the JIT's thresholds so that the moment
   * the JDK's line classes would otherwise be queued for full compilation from the audio thread
   * (which resolves their string constants there: 368 bytes, about 15 s into a session at normal
   * thresholds) falls inside the measured window.
   */
  @Test
  void underrunsAreCountedAndAllocateNothingOnTheAudioThread() throws Exception {
    Run run =
        probe(
            "jack.conf",
            List.of("-XX:CompileThresholdScaling=0.5"),
            "default",
            Integer.toString(RATE),
            Integer.toString(BLOCK),
            Integer.toString(BUFFERS),
            "0",
            "4",
            "5",
            "jackclock",
            "6");
    Map<String, String> r = run.result();
    long frames = Long.parseLong(r.get("frames"));
    long deviceFrames = Long.parseLong(r.get("deviceFrames"));
    System.out.printf(
        "Java Sound with a 6-block stall every second at block %d: %s callbacks, xruns %s,"
            + " %d of %d frames delivered, allocated %s B after warm-up%n",
        BLOCK, r.get("callbacks"), r.get("xruns"), frames, deviceFrames, r.get("allocatedBytes"));
    String context = "\n" + run.output() + "\njackd: " + JACK.log();
    assertEquals("none", r.get("failure"), context);
    assertTrue(Long.parseLong(r.get("xruns")) > 0, "the stalls must show as xruns" + context);
    assertTrue(frames > 0.9 * deviceFrames, "the stream keeps running" + context);
    assertEquals(0, Long.parseLong(r.get("allocatedBytes")), context);
  }

  @Test
  void unknownDeviceNameExitsWithOneLineListingTheDevices() throws Exception {
    Run run = probe("jack.conf", "NoSuchInterface", 0, 0, 0);
    assertEquals(2, run.exitCode(), run.output());
    List<String> errors = run.lines("ERROR ");
    assertEquals(1, errors.size(), run.output());
    String message = errors.get(0);
    assertTrue(message.contains("'NoSuchInterface'"), message);
    assertTrue(message.contains("default"), message);
  }

  @Test
  void listsTheDefaultDeviceWithItsRatesAndChannels() throws Exception {
    Run run = probe("jack.conf", "--list");
    List<String> devices = run.lines("DEVICE ");
    assertEquals(1, devices.size(), run.output());
    String device = devices.get(0);
    assertTrue(device.contains("[default]"), device);
    assertTrue(device.contains("outputRates=[44100, 48000, 88200, 96000"), device);
    assertTrue(device.contains("inputRates=[44100, 48000"), device);
    assertTrue(device.matches(".*outputChannels=\\[[^]]*\\b2\\b.*"), device);
  }

  @Test
  void nullAlsaDeviceOpensAndRunsUnpaced() throws Exception {
    Run run = probe("null.conf", "default", 0, 0.5, 1);
    Map<String, String> r = run.result();
    double framesPerSecond = Long.parseLong(r.get("frames")) / Double.parseDouble(r.get("seconds"));
    assertEquals("none", r.get("failure"), run.output());
    assertTrue(framesPerSecond > 2 * RATE, "a null PCM takes audio faster than the clock");
    assertEquals("true", r.get("reopened"), run.output());
  }

  /**
   * Checks that the back-end delivered as many frames as the JACK server consumed (within 3 %, and
   * any shortfall over 1 % shows as xruns), and as many as the wall clock asks for (within 3 %)
   * whenever the server itself kept to the wall clock within 1 %: the test's server runs without
   * real-time rights, so on a loaded host its own clock falls behind, and that is not the
   * back-end's doing.
   */
  private static void assertPacedInRealTime(Map<String, String> r, Run run) {
    double seconds = Double.parseDouble(r.get("seconds"));
    long frames = Long.parseLong(r.get("frames"));
    long deviceFrames = Long.parseLong(r.get("deviceFrames"));
    double serverRatio = deviceFrames / seconds / RATE;
    System.out.printf(
        "  JACK server clock %.1f frames/s, back-end %.1f frames/s, back-end/server %.4f%n",
        deviceFrames / seconds, frames / seconds, (double) frames / deviceFrames);
    String context = "\n" + run.output() + "\njackd: " + JACK.log();
    double delivered = (double) frames / deviceFrames;
    assertEquals(1.0, delivered, 0.03, "frames against the server" + context);
    if (delivered < 0.99) {
      assertTrue(Long.parseLong(r.get("xruns")) > 0, "frames went missing uncounted" + context);
    }
    if (Math.abs(serverRatio - 1) <= 0.01) {
      assertEquals(1.0, frames / seconds / RATE, 0.03, "frames/s against the clock" + context);
    } else {
      System.out.printf(
          "  the JACK server ran %.1f %% off the wall clock (host load), so the back-end was"
              + " checked against the server's clock only%n",
          100 * (serverRatio - 1));
    }
  }

  private record Run(int exitCode, String output) {
    List<String> lines(String prefix) {
      List<String> found = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (line.startsWith(prefix)) {
          found.add(line.substring(prefix.length()));
        }
      }
      return found;
    }

    Map<String, String> result() {
      List<String> results = lines("RESULT ");
      assertEquals(1, results.size(), "exit " + exitCode + ": " + output);
      Map<String, String> values = new HashMap<>();
      for (String pair : results.get(0).split(" ")) {
        int eq = pair.indexOf('=');
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return values;
    }
  }

  private static Run probe(
      String alsaConf, String device, int inputs, double warmupSeconds, double measureSeconds)
      throws Exception {
    return probe(
        alsaConf,
        device,
        Integer.toString(RATE),
        Integer.toString(BLOCK),
        Integer.toString(BUFFERS),
        Integer.toString(inputs),
        Double.toString(warmupSeconds),
        Double.toString(measureSeconds),
        alsaConf.equals("jack.conf") ? "jackclock" : "wallclock");
  }

  private static Run probe(String alsaConf, String... args)
      throws IOException, InterruptedException, URISyntaxException {
    return probe(alsaConf, List.of(), args);
  }

  private static Run probe(String alsaConf, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException, URISyntaxException {
    Path conf = Path.of(JavaSoundBackendTest.class.getResource("/alsa/" + alsaConf).toURI());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmOptions);
    cmd.add(JavaSoundProbe.class.getName());
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile("lathe-javasound-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + conf);
    pb.environment().put("JACK_DEFAULT_SERVER", JACK.name());
    Process process = pb.start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the Java Sound probe did not finish: " + Files.readString(log));
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
