package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleReferenceTest {
  @TempDir Path dir;

  /** Writes 5 s of stereo white noise at 48 kHz, 24-bit, RMS 0.05 (-26 dBFS) per channel. */
  private Path noiseReference() throws Exception {
    int rate = 48000;
    int frames = 5 * rate;
    int[] samples = new int[2 * frames];
    Random random = new Random(5);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (int) Math.round(0.05 * random.nextGaussian() * (1 << 23));
    }
    Path file = dir.resolve("reference.wav");
    WavBytes.writePcm24(file, rate, 2, samples);
    return file;
  }

  @Test
  void consoleStartsWithTheReferenceLoadedButNotHeardAndReportsItsOffset() throws Exception {
    Path file = noiseReference();
    double fileLufs =
        lathe.console.analysis.ProgramAnalyzer.analyze(file).integratedLufs().doubleValue();
    CliRun run =
        CliRun.nullConsole(
            "--seconds",
            "4",
            "--settle",
            "1",
            "--json",
            "--reference",
            file.toString(),
            "--match",
            "integrated");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode j = new ObjectMapper().readTree(run.out());
    JsonNode r = j.get("reference");
    assertEquals(file.toString(), r.get("path").asText());
    assertEquals("integrated", r.get("mode").asText());
    assertFalse(r.get("active").asBoolean());
    double master = j.get("meters").get("integratedLufs").asDouble();
    System.out.printf(
        "console: reference %.2f LUFS, master %.2f LUFS, offset %+.2f LU%n",
        fileLufs, master, r.get("offsetLu").asDouble());
    // The offset is the master's integrated loudness minus the reference file's.
    assertEquals(master - fileLufs, r.get("offsetLu").asDouble(), 0.5);
    assertTrue(j.get("allocatedBytesAfterWarmup").asLong() >= 0);
  }

  @Test
  void aMissingReferenceIsOneLineNamingIt() {
    CliRun run =
        CliRun.nullConsole(
            "--seconds", "1", "--reference", dir.resolve("missing-master.wav").toString());
    assertEquals(2, run.exitCode(), run.err());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("lathe: missing-master.wav: "), err);
  }

  @Test
  void anUnknownMatchingModeIsOneLineNamingIt() throws Exception {
    CliRun run =
        CliRun.nullConsole(
            "--seconds", "1", "--reference", noiseReference().toString(), "--match", "momentary");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("lathe: --match momentary: expected short-term or integrated", run.err().strip());
  }
}
