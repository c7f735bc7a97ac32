package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
  private static final List<String> KEYS =
      List.of(
          "file",
          "integratedLufs",
          "loudnessRangeLu",
          "truePeakDbtp",
          "samplePeakDbfs",
          "maxMomentaryLufs",
          "maxShortTermLufs",
          "plrDb");

  @TempDir Path dir;

  /** Writes a stereo 1 kHz sine at -23 dBFS (EBU Tech 3341 case 1: -23 LUFS). */
  private Path tone(String name, int seconds) throws IOException {
    int rate = 48000;
    float[] x = new float[2 * rate * seconds];
    double a = Math.pow(10, -23 / 20.0);
    for (int i = 0; i < x.length / 2; i++) {
      float v = (float) (a * Math.sin(2 * Math.PI * 1000 * i / rate));
      x[2 * i] = v;
      x[2 * i + 1] = v;
    }
    Path file = dir.resolve(name);
    WavBytes.writeFloat32(file, rate, 2, x);
    return file;
  }

  private Path silence(String name) throws IOException {
    Path file = dir.resolve(name);
    WavBytes.writePcm24(file, 44100, 2, new int[2 * 44100 * 4]);
    return file;
  }

  private static List<String> keys(JsonNode o) {
    List<String> k = new ArrayList<>();
    o.fieldNames().forEachRemaining(k::add);
    return k;
  }

  @Test
  void jsonForOneFileIsOneObjectWithExactlyTheKeys() throws IOException {
    Path file = tone("tone.wav", 5);
    CliRun run = CliRun.of("analyze", file.toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode o = new ObjectMapper().readTree(run.out());
    assertTrue(o.isObject(), run.out());
    assertEquals(KEYS, keys(o));
    assertEquals(file.toString(), o.get("file").asText());
    assertEquals(-23.0, o.get("integratedLufs").asDouble(), 0.1);
    assertEquals(0.0, o.get("loudnessRangeLu").asDouble(), 0.1);
    assertEquals(-23.0, o.get("truePeakDbtp").asDouble(), 0.05);
    assertEquals(-23.0, o.get("samplePeakDbfs").asDouble(), 0.01);
    assertEquals(-23.0, o.get("maxMomentaryLufs").asDouble(), 0.1);
    assertEquals(-23.0, o.get("maxShortTermLufs").asDouble(), 0.1);
    assertEquals(0.0, o.get("plrDb").asDouble(), 0.15);
    for (String k : KEYS.subList(1, KEYS.size())) {
      assertTrue(o.get(k).isNumber(), k);
      double v = o.get(k).asDouble();
      assertEquals(Math.round(v * 100) / 100.0, v, 0.0, k + " is rounded to 0.01");
    }
  }

  @Test
  void silenceGivesNullsInJson() throws IOException {
    Path file = silence("silence.wav");
    CliRun run = CliRun.of("analyze", "--json", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode o = new ObjectMapper().readTree(run.out());
    assertEquals(KEYS, keys(o));
    for (String k : KEYS.subList(1, KEYS.size())) {
      assertTrue(o.get(k).isNull(), k + " should be null for silence: " + run.out());
    }
  }

  @Test
  void jsonForSeveralFilesIsAnArrayInArgumentOrder() throws IOException {
    Path a = tone("a.wav", 4);
    Path b = silence("b.wav");
    CliRun run = CliRun.of("analyze", "--json", a.toString(), b.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode all = new ObjectMapper().readTree(run.out());
    assertTrue(all.isArray());
    assertEquals(2, all.size());
    assertEquals(a.toString(), all.get(0).get("file").asText());
    assertEquals(b.toString(), all.get(1).get("file").asText());
    assertEquals(KEYS, keys(all.get(1)));
  }

  @Test
  void textReportNamesEveryFigureAndTheSpeed() throws IOException {
    CliRun run =
        CliRun.of("analyze", tone("tone.wav", 4).toString(), silence("quiet.wav").toString());
    assertEquals(0, run.exitCode(), run.err());
    String out = run.out();
    for (String label :
        List.of(
            "integrated",
            "loudness range",
            "true peak",
            "sample peak",
            "max momentary",
            "max short-term",
            "PLR",
            "x real time")) {
      assertTrue(out.contains(label), label + " missing in:\n" + out);
    }
    Matcher integrated = Pattern.compile("integrated\\s+(-?\\d+\\.\\d\\d) LUFS").matcher(out);
    assertTrue(integrated.find(), out);
    assertEquals(-23.0, Double.parseDouble(integrated.group(1)), 0.1);
    assertTrue(out.matches("(?s).*quiet\\.wav.*integrated\\s+n/a LUFS.*"), out);
    assertFalse(out.contains("Infinity") || out.contains("NaN"), out);
  }

  @Test
  void badFileFailsWithOneLineAndExitCode2() throws IOException {
    Path bad = dir.resolve("notes.wav");
    Files.writeString(bad, "not audio\n");
    CliRun run = CliRun.of("analyze", bad.toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "notes.wav");
    assertEquals("", run.out());
  }

  @Test
  void missingFileFailsWithOneLineAndExitCode2() {
    CliRun run = CliRun.of("analyze", "--json", dir.resolve("nowhere.wav").toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "nowhere.wav");
    assertEquals("", run.out(), "no JSON for a file that could not be read");
  }

  @Test
  void goodFilesAreAnalyzedAndBadOnesReportedThenExit2() throws IOException {
    Path good = tone("good.wav", 4);
    Path truncated = tone("cut.wav", 2);
    byte[] all = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(all, all.length / 2));
    Path after = silence("after.wav");
    CliRun run =
        CliRun.of("analyze", "--json", good.toString(), truncated.toString(), after.toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "cut.wav");
    JsonNode results = new ObjectMapper().readTree(run.out());
    assertEquals(2, results.size(), run.out());
    assertEquals(good.toString(), results.get(0).get("file").asText());
    assertEquals(after.toString(), results.get(1).get("file").asText());
  }

  @Test
  void noFileIsAUsageError() {
    CliRun run = CliRun.of("analyze");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("FILE"), run.err());
  }

  private static void assertOneLineNaming(String err, String name) {
    String[] lines = err.strip().split("\\R");
    assertEquals(1, lines.length, "exactly one line on stderr: " + err);
    assertTrue(lines[0].startsWith("lathe: "), lines[0]);
    assertTrue(lines[0].contains(name), lines[0]);
  }
}
