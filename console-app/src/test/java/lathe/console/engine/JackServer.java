package lathe.console.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real JACK server with the dummy back-end (no sound card needed) as a child process for the
 * tests of one class, under a private server name so that it never meets a server someone else
 * runs, and stops it afterwards. As root (CI) it runs in real-time mode, so its clients' process
 * threads are scheduled ahead of the build's other threads, as on a rack box. Register it with
 * {@code @RegisterExtension static final JackServer JACK = new JackServer(48000, 64);} and pass
 * {@link #name()} to the client.
 */
public final class JackServer implements BeforeAllCallback, AfterAllCallback {
  private final int sampleRate;
  private final int period;
  private final String name;
  private Process process;
  private Path log;

  /** Creates the server description; it starts before the class's first test. */
  public JackServer(int sampleRate, int period) {
    this.sampleRate = sampleRate;
    this.period = period;
    this.name = "lathe-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
  }

  /** Returns the private server name to connect to. */
  public String name() {
    return name;
  }

  /** Returns the server's sample rate, in hertz. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Returns the server's period (frames per callback). */
  public int period() {
    return period;
  }

  /** Returns what the server printed so far, for failure messages. */
  public String log() {
    try {
      return log == null ? "" : Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts jackd and waits until it accepts clients (at most 10 s). */
  public void start() throws IOException, InterruptedException {
    if (process != null) {
      return;
    }
    Path jackd = findJackd();
    log = Files.createTempFile("lathe-jackd-", ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(jackd.toString());
    if (!"0".equals(uid())) {
      cmd.add("--no-realtime"); // without root, real-time scheduling is usually refused
    }
    cmd.add("-n");
    cmd.add(name);
    cmd.add("-d");
    cmd.add("dummy");
    cmd.add("-r");
    cmd.add(Integer.toString(sampleRate));
    cmd.add("-p");
    cmd.add(Integer.toString(period));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
    process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("jackd exited at start: " + log());
      }
      if (accepts()) {
        return;
      }
      Thread.sleep(50);
    }
    stop();
    throw new IllegalStateException("jackd did not accept clients within 10 s: " + log());
  }

  /** Stops jackd (TERM, then KILL after 5 s). */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private static String uid() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private boolean accepts() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("jack_lsp", "-s", name).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    return p.waitFor() == 0 && out.contains("system:playback_1");
  }

  private static Path findJackd() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "jackd");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "jackd is not installed: the tests run a real JACK server (dummy back-end); "
            + "install the jackd2 package (./lathe test does so)");
  }
}
