package lathe.console.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import lathe.console.audio.file.AudioFileReader;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;

/** Test signals, WAV files made by the project's writer or by sox, and whole-file reads. */
final class TestAudio {
  static final double RATE = 48_000;

  private TestAudio() {}

  /** Returns seeded stereo noise at 0.9 of full scale, different on each channel. */
  static double[][] noise(int frames, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[2][frames];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < frames; i++) {
        x[c][i] = 0.9 * (2 * random.nextDouble() - 1);
      }
    }
    return x;
  }

  /** Writes a stereo WAV with the project's writer. */
  static Path writeWav(Path file, double rate, SampleFormat format, double[][] x) throws Exception {
    try (AudioFileWriter w = AudioFileWriter.create(file, rate, x.length, format)) {
      w.write(x, 0, x[0].length);
      w.commit();
    }
    return file;
  }

  /** Makes a file with sox (skipping the test when sox is missing). */
  static Path sox(Path file, String... arguments) throws Exception {
    boolean found = false;
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      found |= Files.isExecutable(Path.of(folder, "sox"));
    }
    assumeTrue(found, "sox is not installed");
    List<String> command = new java.util.ArrayList<>(List.of("sox", "-n"));
    command.addAll(List.of(arguments));
    command.add(1, "-D");
    command.add(file.toString());
    command.add("synth");
    command.add("3");
    command.add("whitenoise");
    command.add("vol");
    command.add("0.5");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS), "sox timed out");
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
    return file;
  }

  /** Reads a whole file directly with the reader, as the reference the player must match. */
  static double[][] readAll(Path file) throws Exception {
    try (AudioFileReader r = AudioFileReader.open(file)) {
      int total = Math.toIntExact(r.frames());
      double[][] all = new double[r.channels()][total];
      int n = r.read(all, total);
      assertEquals(total, n, "frames read");
      return all;
    }
  }
}
