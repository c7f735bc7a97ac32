package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import lathe.console.master.DemoMix;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the limiter's ceiling on loud music with ffmpeg's meters, which share no code with Lathe:
 * the EBU R128 filter's true peak (the published acceptance figure) and a 192 kHz resample followed
 * by a plain peak reading, which prints six decimals.
 */
class TruePeakCeilingTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"48000,12,-1,24", "44100,12,-1,24", "48000,18,-1,16", "96000,12,-0.3,24"})
  void masterStaysUnderTheCeilingOnAnIndependentMeter(
      int rate, double trim, double ceiling, String bits) throws Exception {
    assumeTrue(Ffmpeg.available(), Ffmpeg.MISSING);
    Path in = dir.resolve("loud.wav");
    DemoMix mix = new DemoMix(rate, 12);
    double[][] buf = new double[2][4096];
    try (AudioFileWriter w = AudioFileWriter.create(in, rate, 2, SampleFormat.PCM_24)) {
      int n;
      while ((n = mix.read(buf, 4096)) > 0) {
        w.write(buf, 0, n);
      }
      w.commit();
    }
    masterAndMeasure(in, "demo mix", rate, trim, ceiling, bits);
  }

  /**
   * Masters material that the demo mix does not contain, with its energy at the top of the band:
   * white noise, and a 19 kHz sine on the left with a 15 kHz sine on the right. The files fade in
   * and out over 10 ms, because the resampler reads a little over full level on a file that starts
   * or stops abruptly at full level (its edge handling), whatever the limiter does.
   */
  @ParameterizedTest
  @CsvSource({"white,48000", "white,44100", "sines,48000", "sines,44100"})
  void wideBandMaterialStaysUnderTheCeilingOnAnIndependentMeter(String kind, int rate)
      throws Exception {
    assumeTrue(Ffmpeg.available(), Ffmpeg.MISSING);
    Path in = dir.resolve("loud.wav");
    int frames = 6 * rate;
    int fade = rate / 100;
    Random random = new Random(rate);
    double[][] x = new double[2][frames];
    for (int i = 0; i < frames; i++) {
      double envelope = Math.min(1.0, Math.min(i, frames - 1 - i) / (double) fade);
      for (int c = 0; c < 2; c++) {
        double v =
            kind.equals("white")
                ? 0.3 * (2 * random.nextDouble() - 1)
                : 0.4 * Math.sin(2 * Math.PI * (c == 0 ? 19000 : 15000) * i / rate);
        x[c][i] = envelope * v;
      }
    }
    try (AudioFileWriter w = AudioFileWriter.create(in, rate, 2, SampleFormat.PCM_24)) {
      w.write(x, 0, frames);
      w.commit();
    }
    masterAndMeasure(in, kind, rate, 12, -1, "24");
  }

  private void masterAndMeasure(
      Path in, String label, int rate, double trim, double ceiling, String bits) throws Exception {
    Path out = dir.resolve("loud.master.wav");
    CliRun run =
        CliRun.of(
            "master",
            in.toString(),
            "--set",
            "trim.gain=" + trim,
            "--set",
            "limiter.ceiling=" + ceiling,
            "--bits",
            bits);
    assertEquals(0, run.exitCode(), run.err());

    String r128 = Ffmpeg.filter(out, "ebur128=peak=true");
    Matcher m = Pattern.compile("Peak:\\s+(-?[0-9.]+) dBFS").matcher(r128);
    assertTrue(m.find(), r128);
    double r128Peak = Double.parseDouble(m.group(1));

    String stats = Ffmpeg.filter(out, "aresample=192000,astats=measure_perchannel=none");
    m = Pattern.compile("Peak level dB: (-?[0-9.]+)").matcher(stats);
    assertTrue(m.find(), stats);
    double resampledPeak = Double.parseDouble(m.group(1));
    System.out.printf(
        "%s, %d Hz, trim %+.0f dB, ceiling %.1f dBTP, %s bits: ebur128 %.1f dBTP, 192 kHz peak"
            + " %.4f dB (%+.4f dB re ceiling)%n",
        label, rate, trim, ceiling, bits, r128Peak, resampledPeak, resampledPeak - ceiling);
    assertTrue(r128Peak <= ceiling, "ebur128 true peak " + r128Peak + " > " + ceiling);
    // The limiter bounds the resampler's own reconstruction; 0.01 dB covers the 24-bit rounding
    // of the file and the meter's printing.
    assertTrue(resampledPeak <= ceiling + 0.01, "192 kHz peak " + resampledPeak);
  }
}
