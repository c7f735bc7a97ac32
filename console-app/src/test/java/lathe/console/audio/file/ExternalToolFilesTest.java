package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads files made by sox and ffmpeg (skipped when they are not on the PATH) and compares them with
 * the closed-form sine they were asked for.
 */
class ExternalToolFilesTest {
  @TempDir Path dir;

  private static boolean onPath(String tool) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(folder, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS), "tool timed out");
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
  }

  private static void assertSine(
      Path file, double rate, int channels, double amplitude, double tolerance, long frames)
      throws Exception {
    double[][] x = Signals.readAll(file);
    assertEquals(channels, x.length);
    assertEquals(frames, x[0].length);
    double worst = 0;
    for (double[] ch : x) {
      double[] want = Signals.sine(rate, 1000, amplitude, 0, ch.length);
      for (int i = 0; i < ch.length; i++) {
        worst = Math.max(worst, Math.abs(ch[i] - want[i]));
      }
    }
    assertEquals(0, worst, tolerance, "largest deviation from the sine");
  }

  /**
   * Sox's sine is full scale with phase 0, generated at the output rate (rate and channels given
   * before {@code -n}, so nothing is resampled) and not dithered (-D): integer files are within one
   * step (rounding, and +1.0 clamped to the largest code), float files within float rounding, and
   * 64-bit float within 1e-9 because sox computes in 32-bit integers.
   */
  @ParameterizedTest
  @CsvSource({
    "s16.wav, 48000, 2, -b 16, WAV, PCM_16, 0.0000306",
    "s24.wav, 48000, 2, -b 24, WAV, PCM_24, 0.00000012",
    "s32.wav, 96000, 1, -b 32, WAV, PCM_32, 0.000000001",
    "f32.wav, 44100, 2, -e floating-point -b 32, WAV, FLOAT_32, 0.00000006",
    "f64.wav, 192000, 1, -e floating-point -b 64, WAV, FLOAT_64, 0.000000001",
    "s16.aiff, 44100, 2, -b 16, AIFF, PCM_16, 0.0000306",
    "s24.aiff, 88200, 1, -b 24, AIFF, PCM_24, 0.00000012",
  })
  void soxFilesMatchTheSine(
      String name,
      int rate,
      int channels,
      String encodingArgs,
      String format,
      SampleEncoding encoding,
      double tolerance)
      throws Exception {
    assumeTrue(onPath("sox"), "sox not on the PATH");
    Path file = dir.resolve(name);
    List<String> cmd =
        new ArrayList<>(List.of("sox", "-D", "-r", "" + rate, "-c", "" + channels, "-n"));
    cmd.addAll(List.of(encodingArgs.split(" ")));
    cmd.addAll(List.of(file.toString(), "synth", "0.1", "sine", "1000"));
    run(cmd);
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals(format, r.formatName());
      assertEquals(encoding, r.encoding());
      assertEquals(rate, r.sampleRate());
    }
    assertSine(file, rate, channels, 1.0, tolerance, rate / 10);
  }

  /**
   * Ffmpeg's sine source is 16-bit at amplitude 1/8 from an integer phase table, so every encoding
   * (mono source copied to both channels at unity) is compared within 2^-14 (-84 dBFS); the files
   * add LIST chunks, extensible headers for 24 bit, RF64, and AIFF-C with sowt and fl32.
   */
  @ParameterizedTest
  @CsvSource({
    "ff16.wav, pcm_s16le, , WAV, PCM_16",
    "ff24.wav, pcm_s24le, , WAV, PCM_24",
    "ff32.wav, pcm_s32le, , WAV, PCM_32",
    "fff32.wav, pcm_f32le, , WAV, FLOAT_32",
    "fff64.wav, pcm_f64le, , WAV, FLOAT_64",
    "ffrf.wav, pcm_s24le, -rf64 always, RF64, PCM_24",
    "ff24.aiff, pcm_s24be, , AIFF, PCM_24",
    "ffsowt.aiff, pcm_s16le, , AIFF-C, PCM_16",
    "fffl32.aiff, pcm_f32be, , AIFF-C, FLOAT_32",
    "fffl64.aiff, pcm_f64be, , AIFF-C, FLOAT_64",
  })
  void ffmpegFilesMatchTheSine(
      String name, String codec, String extra, String format, SampleEncoding encoding)
      throws Exception {
    assumeTrue(onPath("ffmpeg"), "ffmpeg not on the PATH");
    Path file = dir.resolve(name);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=1000:sample_rate=48000:duration=0.1",
                "-af",
                "pan=stereo|c0=c0|c1=c0",
                "-c:a",
                codec));
    if (extra != null) {
      cmd.addAll(List.of(extra.split(" ")));
    }
    cmd.add(file.toString());
    run(cmd);
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals(format, r.formatName());
      assertEquals(encoding, r.encoding());
    }
    assertSine(file, 48_000, 2, 0.125, 1.0 / 16_384, 4800);
  }

  @Test
  void soxExtensible24BitKeepsItsAudioBytesThroughReadAndWrite() throws Exception {
    assumeTrue(onPath("sox"), "sox not on the PATH");
    Path source = dir.resolve("sox24.wav");
    run(
        List.of(
            "sox",
            "-D",
            "-r",
            "48000",
            "-c",
            "2",
            "-n",
            "-b",
            "24",
            source.toString(),
            "synth",
            "0.1",
            "sine",
            "1000",
            "vol",
            "0.7"));
    Path copy = dir.resolve("copy.wav");
    RoundTripTest.copy(source, copy, SampleFormat.PCM_24);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        RoundTripTest.dataChunk(source), RoundTripTest.dataChunk(copy));
  }
}
