package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Random;
import lathe.console.audio.file.AudioFileReader;
import lathe.console.engine.JackServer;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCommandTest {
  @RegisterExtension static final JackServer JACK = new JackServer(48000, 256);

  @Test
  void nullBackEndRunsForTheSecondsAskedAndReportsEveryParameter() throws Exception {
    CliRun run =
        CliRun.nullConsole(
            "--block",
            "128",
            "--seconds",
            "4",
            "--json",
            "--set",
            "limiter.ceiling=-2.5",
            "--preset",
            "gentle");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertTrue(j.get("backend").asText().startsWith("null"), run.out());
    assertEquals(48000, j.get("sampleRate").asDouble());
    assertEquals(128, j.get("block").asInt());
    // Four seconds of 128-frame blocks at 48 kHz: 1500 callbacks, paced by the clock.
    assertEquals(1500, j.get("callbacks").asLong(), 45);
    assertTrue(j.get("xruns").asLong() >= 0);
    assertTrue(j.get("maxDspLoad").asDouble() > 0);
    // Latency: one block, the null device's one block of output, the chain's look-ahead.
    int chainLatency = 76; // limiter 72 + saturator 4 (minimum phase, 4x) at 48 kHz
    assertEquals((128 + 128 + chainLatency) / 48.0, j.get("latencyMs").asDouble(), 1e-9);
    assertTrue(j.get("allocatedBytesAfterWarmup").asLong() >= 0);
    JsonNode params = j.get("params");
    assertEquals(-2.5, params.get("limiter.ceiling").asDouble(), 0.0);
    int count = 0;
    for (ParamSpec p : StandardChain.create().params()) {
      assertTrue(params.has(p.id()), p.id());
      count++;
    }
    assertEquals(count, params.size());
  }

  @Test
  void jackBackEndStreamsThroughARealServer() throws Exception {
    CliRun run =
        CliRun.of(
            "console",
            "--session",
            "none",
            "--audio",
            "jack:" + JACK.name(),
            "--seconds",
            "3",
            "--settle",
            "1",
            "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertTrue(j.get("backend").asText().startsWith("jack"), run.out());
    assertEquals(256, j.get("block").asInt(), "JACK's own period");
    // 3 s at 48000 / 256 = 562.5 callbacks; a loaded machine may lose a few.
    assertEquals(562, j.get("callbacks").asLong(), 40, run.err());
  }

  @Test
  void aFileAtARateTheDeviceDoesNotRunIsConvertedToTheDevicesRate(@TempDir Path dir)
      throws Exception {
    // Two seconds of a 44.1 kHz mix on a JACK server running at 48 kHz.
    Path file = dir.resolve("cd.wav");
    double[][] tone = new double[2][88200];
    for (int i = 0; i < tone[0].length; i++) {
      tone[0][i] = tone[1][i] = 0.25 * Math.sin(2 * Math.PI * 1000 * i / 44100.0);
    }
    try (lathe.console.audio.file.AudioFileWriter w =
        lathe.console.audio.file.AudioFileWriter.create(
            file, 44100, 2, lathe.console.audio.file.SampleFormat.FLOAT_32)) {
      w.write(tone, 0, tone[0].length);
      w.commit();
    }
    CliRun run =
        CliRun.of(
            "console",
            "--session",
            "none",
            "--audio",
            "jack:" + JACK.name(),
            "--input",
            file.toString(),
            "--seconds",
            "2",
            "--settle",
            "1",
            "--json");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("running at 48000 Hz and converting cd.wav"), run.err());
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertEquals(48000, j.get("sampleRate").asDouble(), 0.0);
    // The player counts in engine frames: 2 s of the file are 96000 frames at 48 kHz.
    assertEquals(96000, j.get("player").get("lengthFrames").asLong());
  }

  @Test
  void livePrintOfAFileEqualsTheOfflineMasterBitForBit(@TempDir Path dir) throws Exception {
    int rate = 44100;
    Random random = new Random(5);
    int[] pcm = new int[2 * 2 * rate]; // two seconds of stereo noise, 24-bit
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (int) Math.round(random.nextGaussian() * 1_500_000);
    }
    Path mix = dir.resolve("mix.wav");
    WavBytes.writePcm24(mix, rate, 2, pcm);
    Path print = dir.resolve("print.wav");
    CliRun live =
        CliRun.nullConsole(
            "--input",
            mix.toString(),
            "--print",
            print.toString(),
            "--print-bits",
            "32f",
            "--preset",
            "gentle",
            "--seconds",
            "3",
            "--json");
    assertEquals(0, live.exitCode(), live.err());
    JsonNode j = new ObjectMapper().readTree(live.out());
    assertEquals(rate, j.get("sampleRate").asDouble(), "the file's rate");
    assertEquals(0, j.get("print").get("droppedFrames").asLong());
    Path master = dir.resolve("master.wav");
    CliRun offline =
        CliRun.of(
            "master",
            mix.toString(),
            "-o",
            master.toString(),
            "--preset",
            "gentle",
            "--bits",
            "32f");
    assertEquals(0, offline.exitCode(), offline.err());

    double[][] heard = readAll(print);
    double[][] rendered = readAll(master);
    int latency = (int) Math.round(j.get("latency").get("chainMs").asDouble() * rate / 1000);
    assertEquals(2 * rate, rendered[0].length);
    assertTrue(heard[0].length >= latency + rendered[0].length, "print covers the mix");
    int differing = 0;
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < rendered[c].length; i++) {
        if (heard[c][latency + i] != rendered[c][i]) {
          differing++;
        }
      }
    }
    assertEquals(0, differing, "samples differing between the live print and the master");
  }

  private static double[][] readAll(Path file) throws Exception {
    try (AudioFileReader r = AudioFileReader.open(file)) {
      int n = (int) r.frames();
      double[][] all = new double[2][n];
      double[][] buf = new double[2][4096];
      int at = 0;
      while (at < n) {
        int got = r.read(buf, Math.min(4096, n - at));
        for (int c = 0; c < 2; c++) {
          System.arraycopy(buf[c], 0, all[c], at, got);
        }
        at += got;
      }
      return all;
    }
  }

  @Test
  void controlScriptTurnsTheFirstKnobOfABundledControllerFullyUp(@TempDir Path dir)
      throws Exception {
    // nanoKONTROL2 factory CC mode: knob 1 sends CC 16 on channel 1 (status B0); the bundled map
    // drives trim.gain over -12..+12 dB with it, with pick-up takeover from the middle.
    StringBuilder script = new StringBuilder("# knob 1 from fully left to fully right\n");
    for (int v = 0; v <= 127; v += 3) {
      script.append(String.format(java.util.Locale.ROOT, "%.3f B0 10 %02X%n", 0.1 + v * 0.004, v));
    }
    script.append("0.700 B0 10 7F\n");
    Path file = dir.resolve("knob.txt");
    java.nio.file.Files.writeString(file, script);
    CliRun run =
        CliRun.nullConsole(
            "--map",
            "nanokontrol2",
            "--control-script",
            file.toString(),
            "--seconds",
            "2",
            "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertEquals(12.0, j.get("params").get("trim.gain").asDouble(), 1e-12, "the mapped maximum");
    assertEquals("Korg nanoKONTROL2", j.get("controllers").get("control-script").asText());
    assertTrue(j.get("midi").get("moves").asLong() > 10, run.out());
  }

  @Test
  void sessionKeepsTheKnobsAcrossRestarts(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("knob.txt");
    java.nio.file.Files.writeString(script, "0.10 B0 10 40\n0.20 B0 10 60\n0.30 B0 10 7F\n");
    CliRun first =
        CliRun.of(
            "console",
            "--audio",
            "null",
            "--state-dir",
            dir.toString(),
            "--session",
            "mix1",
            "--map",
            "nanokontrol2",
            "--control-script",
            script.toString(),
            "--seconds",
            "1.5",
            "--json");
    assertEquals(0, first.exitCode(), first.err());
    Path file = dir.resolve("mix1.session.json");
    assertTrue(java.nio.file.Files.exists(file), first.out());
    JsonNode saved = new ObjectMapper().readTree(file.toFile());
    assertEquals(12.0, saved.get("parameters").get("trim.gain").asDouble(), 1e-12);
    // A new console on the same session starts where the last one stopped; --set still wins.
    CliRun second =
        CliRun.of(
            "console",
            "--audio",
            "null",
            "--state-dir",
            dir.toString(),
            "--session",
            "mix1",
            "--set",
            "comp.ratio=3",
            "--seconds",
            "1",
            "--json");
    assertEquals(0, second.exitCode(), second.err());
    JsonNode params = new ObjectMapper().readTree(second.out()).get("params");
    assertEquals(12.0, params.get("trim.gain").asDouble(), 1e-12, "restored");
    assertEquals(3.0, params.get("comp.ratio").asDouble(), 0.0, "--set over the session");
    assertTrue(second.err().contains("session mix1 restored"), second.err());
  }

  @Test
  void aHeldSlotButtonSavesAShortPressRecallsAndTheKnobWaitsToPickUp(@TempDir Path dir)
      throws Exception {
    Path script = dir.resolve("slots.txt");
    java.nio.file.Files.writeString(
        script,
        String.join(
            "\n",
            "# knob 1 (CC 16, trim.gain) up to the top, taking the parameter over on the way",
            "0.10 B0 10 40",
            "0.20 B0 10 60",
            "0.30 B0 10 7F",
            "# M 1 (CC 48) held for 0.7 s: saves slot 1",
            "0.40 B0 30 7F",
            "1.10 B0 30 00",
            "# the knob back to the middle (0 dB)",
            "1.20 B0 10 60",
            "1.30 B0 10 40",
            "# a short press of M 1 recalls slot 1 (+12 dB)",
            "1.50 B0 30 7F",
            "1.60 B0 30 00",
            "# the knob, still in the middle, moves a little: it must not pull trim.gain down",
            "1.80 B0 10 41",
            "1.90 B0 10 42",
            ""));
    CliRun run =
        CliRun.of(
            "console",
            "--audio",
            "null",
            "--state-dir",
            dir.toString(),
            "--session",
            "slots",
            "--map",
            "nanokontrol2",
            "--control-script",
            script.toString(),
            "--seconds",
            "2.5",
            "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode out = new ObjectMapper().readTree(run.out());
    assertEquals(12.0, out.get("params").get("trim.gain").asDouble(), 1e-12, run.err());
    assertEquals(
        "[1] 2  3  4  5  6  7  8    A/B A   undo 3 redo 0",
        out.get("session").get("slots").asText());
    JsonNode saved = new ObjectMapper().readTree(dir.resolve("slots.session.json").toFile());
    assertEquals(12.0, saved.get("slots").get(0).get("trim.gain").asDouble(), 1e-12);
    assertTrue(saved.get("slots").get(1).isNull(), saved.get("slots").toString());
  }

  @Test
  void brokenControlScriptsAndMissingMapsAreOneLineErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.txt");
    java.nio.file.Files.writeString(file, "0.1 B0 10 40\n0.05 B0 10 41\n");
    CliRun noMap = CliRun.nullConsole("--control-script", file.toString(), "--seconds", "1");
    assertEquals(2, noMap.exitCode());
    assertTrue(noMap.err().contains("needs --map"), noMap.err());
    CliRun backwards =
        CliRun.nullConsole(
            "--map", "nanokontrol2", "--control-script", file.toString(), "--seconds", "1");
    assertEquals(2, backwards.exitCode());
    assertTrue(backwards.err().contains("bad.txt:2:"), backwards.err());
  }

  @Test
  void unknownBackEndAndBadBlockAreOneLineErrors() {
    CliRun unknown =
        CliRun.of("console", "--session", "none", "--audio", "nosuchcard", "--seconds", "1");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("nosuchcard"), unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    CliRun block = CliRun.nullConsole("--block", "10", "--seconds", "1");
    assertEquals(2, block.exitCode());
    assertEquals("lathe: block 10 frames is outside 32..2048", block.err().strip());
  }
}
