package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs ffmpeg, the independent reference meter of the tests, on a file. */
final class Ffmpeg {
  /** Why a test skips when ffmpeg is missing. */
  static final String MISSING = "ffmpeg is not installed; './lathe test' installs it";

  private Ffmpeg() {}

  /** Tells whether ffmpeg can be started. */
  static boolean available() {
    try {
      return new ProcessBuilder("ffmpeg", "-version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs an audio filter over a file into the null muxer and returns everything ffmpeg printed. */
  static String filter(Path file, String filter) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-nostats",
                "-i",
                file.toString(),
                "-af",
                filter,
                "-f",
                "null",
                "-")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg timed out");
    assertEquals(0, p.exitValue(), log);
    return log;
  }

  /** Returns the integrated loudness and true peak of ffmpeg's EBU R128 summary. */
  static double[] r128Summary(Path file) throws Exception {
    String log = filter(file, "ebur128=peak=true");
    String summary = log.substring(log.lastIndexOf("Summary:"));
    Matcher i = Pattern.compile("I:\\s+(-?[0-9.]+) LUFS").matcher(summary);
    Matcher pk = Pattern.compile("Peak:\\s+(-?[0-9.]+) dBFS").matcher(summary);
    assertTrue(i.find() && pk.find(), summary);
    return new double[] {Double.parseDouble(i.group(1)), Double.parseDouble(pk.group(1))};
  }
}
