package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterCommandTest {
  @TempDir Path dir;

  @Test
  void transparentPresetInto32BitFloatIsABitExactCopy() throws IOException {
    // Programme-like noise with peaks above 0 dBFS, tiny values and denormal floats.
    Random r = new Random(7);
    float[] x = new float[2 * 48000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 0.4);
    }
    x[100] = 1.9f;
    x[101] = -2.5f;
    x[102] = Float.MIN_VALUE;
    x[103] = 1e-40f;
    Path in = dir.resolve("mix.wav");
    WavBytes.writeFloat32(in, 48000, 2, x);
    CliRun run = CliRun.of("master", in.toString(), "--preset", "transparent", "--bits", "32f");
    assertEquals(0, run.exitCode(), run.err());
    Path out = dir.resolve("mix.master.wav");
    assertArrayEquals(new int[] {3, 32}, WavBytes.formatAndBits(out));
    assertArrayEquals(WavBytes.dataChunk(in), WavBytes.dataChunk(out));
  }

  @Test
  void transparentPresetInto24BitIsABitExactCopyOf24BitInput() throws IOException {
    Random r = new Random(11);
    int[] x = new int[2 * 44100];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(1 << 24) - (1 << 23);
    }
    Path in = dir.resolve("take.wav");
    WavBytes.writePcm24(in, 44100, 2, x);
    Path out = dir.resolve("copy.wav");
    CliRun run =
        CliRun.of("master", in.toString(), "-o", out.toString(), "--preset", "transparent");
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(WavBytes.dataChunk(in), WavBytes.dataChunk(out));
  }

  @Test
  void truncatedFileFailsWithOneLineNamingItAndLeavesNothingBehind() throws IOException {
    Path in = dir.resolve("crashed.wav");
    WavBytes.writePcm24(in, 48000, 2, new int[2 * 4800]);
    byte[] all = Files.readAllBytes(in);
    Files.write(in, java.util.Arrays.copyOf(all, all.length / 2));
    CliRun run = CliRun.of("master", in.toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "crashed.wav");
    assertOnlyFiles("crashed.wav");
  }

  @Test
  void notAudioAtAllFailsWithOneLine() throws IOException {
    Path in = dir.resolve("notes.txt");
    Files.writeString(in, "these are not the samples you are looking for\n");
    CliRun run = CliRun.of("master", in.toString(), "-o", dir.resolve("x.wav").toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "notes.txt");
    assertOnlyFiles("notes.txt");
  }

  @Test
  void missingFileFailsWithOneLine() {
    CliRun run = CliRun.of("master", dir.resolve("nowhere.wav").toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "nowhere.wav");
  }

  @Test
  void unknownParameterAndOutOfRangeValueAreNamed() throws IOException {
    Path in = dir.resolve("mix.wav");
    WavBytes.writeFloat32(in, 48000, 1, new float[480]);
    CliRun run = CliRun.of("master", in.toString(), "--set", "eq.band9.gain=3");
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "eq.band9.gain");
    run = CliRun.of("master", in.toString(), "--set", "limiter.ceiling=+3");
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "limiter.ceiling: +3 is out of range");
    assertOnlyFiles("mix.wav");
  }

  @Test
  void brokenPresetFileNamesTheFileAndLine() throws IOException {
    Path in = dir.resolve("mix.wav");
    WavBytes.writeFloat32(in, 48000, 1, new float[480]);
    Path preset = dir.resolve("mine.json");
    Files.writeString(
        preset,
        """
        {
          "format": "lathe-preset",
          "version": 1,
          "parameters": {
            "trim.gain": 3,
            "eq.band2.gain": 40
          }
        }
        """);
    CliRun run = CliRun.of("master", in.toString(), "--preset", preset.toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "mine.json:6: eq.band2.gain: 40 is out of range");
    Files.writeString(preset, "{ \"format\": \"lathe-preset\", \"parameters\": { \"trim.gain\": ");
    run = CliRun.of("master", in.toString(), "--preset", preset.toString());
    assertEquals(2, run.exitCode());
    assertOneLineNaming(run.err(), "mine.json:1: broken JSON");
  }

  @Test
  void paramsListsEveryModuleOfTheChain() {
    CliRun run = CliRun.of("params");
    assertEquals(0, run.exitCode(), run.err());
    for (String id :
        new String[] {
          "trim.gain",
          "hpf.frequency",
          "hpf.slope",
          "lpf.frequency",
          "eq.band1.gain",
          "eq.band5.q",
          "limiter.ceiling",
          "limiter.release",
          "fade.in",
          "fade.out",
          "dither.mode",
          "limiter.bypass"
        }) {
      assertTrue(run.out().contains(id + " "), id + " missing from:\n" + run.out());
    }
  }

  private static void assertOneLineNaming(String err, String fragment) {
    String trimmed = err.strip();
    assertFalse(trimmed.contains("\n"), "more than one line:\n" + err);
    assertTrue(trimmed.startsWith("lathe: "), err);
    assertTrue(trimmed.contains(fragment), "'" + fragment + "' not in: " + err);
  }

  private void assertOnlyFiles(String... names) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          java.util.Set.of(names),
          s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
  }
}
