package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import lathe.console.master.DemoMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masters four different files to the streaming target and reads the results with ffmpeg's EBU R128
 * meter, which shares no code with Lathe.
 */
class DeliveryTargetTest {
  @TempDir Path dir;

  /** Writes {@code seconds} of a generated signal; {@code kind} picks the material. */
  private Path material(String name, int kind, int rate, int channels, double seconds)
      throws IOException {
    Path file = dir.resolve(name);
    int n = (int) (rate * seconds);
    double[][] buf = new double[channels][n];
    Random r = new Random(kind);
    switch (kind) {
      case 0 -> new DemoMix(rate, seconds).read(buf, n);
      case 1 -> {
        // Pink-ish noise with a slow swell from -40 to -12 dBFS and back: a wide dynamic range.
        double lp = 0;
        double lp2 = 0;
        for (int i = 0; i < n; i++) {
          double w = r.nextGaussian();
          lp += 0.05 * (w - lp);
          lp2 += 0.3 * (w - lp2);
          double swell = Math.pow(10, (-40 + 28 * Math.sin(Math.PI * i / n)) / 20);
          for (int c = 0; c < channels; c++) {
            buf[c][i] = swell * (2.5 * lp + 0.4 * lp2);
          }
        }
      }
      case 2 -> {
        // A quiet acoustic-like piece: decaying plucked tones every half second at about -30 dBFS.
        for (int i = 0; i < n; i++) {
          double t = (double) i / rate;
          double since = t % 0.5;
          int note = (int) (t / 0.5);
          double f = 220 * Math.pow(2, (note * 5 % 12) / 12.0);
          double v =
              0.05
                  * Math.exp(-since / 0.3)
                  * (Math.sin(2 * Math.PI * f * since) + 0.4 * Math.sin(4 * Math.PI * f * since));
          for (int c = 0; c < channels; c++) {
            buf[c][i] = v;
          }
        }
      }
      default -> {
        // A logarithmic sine sweep 40 Hz - 16 kHz at -6 dBFS with short fades.
        double f0 = 40;
        double f1 = 16000;
        double k = Math.log(f1 / f0);
        for (int i = 0; i < n; i++) {
          double t = (double) i / n;
          double phase = 2 * Math.PI * f0 * seconds / k * (Math.exp(k * t) - 1);
          double fade = Math.min(1, Math.min(i, n - 1 - i) / (0.01 * rate));
          for (int c = 0; c < channels; c++) {
            buf[c][i] = 0.5 * fade * Math.sin(phase);
          }
        }
      }
    }
    try (AudioFileWriter w = AudioFileWriter.create(file, rate, channels, SampleFormat.PCM_24)) {
      w.write(buf, 0, n);
      w.commit();
    }
    return file;
  }

  @Test
  void fourDifferentFilesLandOnTheStreamingTarget() throws Exception {
    assumeTrue(Ffmpeg.available(), Ffmpeg.MISSING);
    List<Path> files =
        List.of(
            material("mix.wav", 0, 48000, 2, 20),
            material("swell.wav", 1, 44100, 2, 20),
            material("quiet.wav", 2, 96000, 1, 15),
            material("sweep.wav", 3, 48000, 2, 15));
    for (Path in : files) {
      CliRun run = CliRun.of("master", in.toString(), "--target", "streaming");
      assertEquals(0, run.exitCode(), run.out() + run.err());
      Path out = in.resolveSibling(in.getFileName().toString().replace(".wav", ".master.wav"));
      double[] ffmpeg = Ffmpeg.r128Summary(out);
      System.out.printf(
          "%s: ffmpeg %.1f LUFS, %.1f dBTP; lathe passes: %s%n",
          in.getFileName(),
          ffmpeg[0],
          ffmpeg[1],
          run.out().lines().filter(l -> l.startsWith("target")).count() - 1);
      assertEquals(-14.0, ffmpeg[0], 0.2, in + " integrated");
      assertTrue(ffmpeg[1] <= -1.0, in + " true peak " + ffmpeg[1]);
      JsonNode report =
          new ObjectMapper()
              .readTree(
                  in.resolveSibling(in.getFileName().toString().replace(".wav", ".master.json"))
                      .toFile());
      assertEquals("streaming", report.path("target").path("name").asText());
      assertTrue(report.path("target").path("pass").asBoolean());
      assertEquals(-14.0, report.path("output").path("integratedLufs").asDouble(), 0.2);
    }
  }

  @Test
  void aTargetOutOfReachSaysByHowMuchAndExitsThree() throws Exception {
    Path in = material("swell.wav", 1, 44100, 2, 12);
    CliRun run = CliRun.of("master", in.toString(), "--target", "club", "--max-limiting", "3");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    Matcher m = Pattern.compile("fell ([0-9.]+) LU short").matcher(run.out());
    assertTrue(m.find(), run.out());
    assertTrue(Double.parseDouble(m.group(1)) > 0.2, run.out());
    assertTrue(run.out().contains("FAIL"), run.out());
  }

  @Test
  void targetsListsTheNamedTargets() {
    CliRun run = CliRun.of("targets");
    assertEquals(0, run.exitCode());
    for (String name : List.of("streaming", "ebu-r128", "atsc-a85", "club")) {
      assertTrue(run.out().contains(name + " "), run.out());
    }
    assertTrue(run.out().contains("-14.0"), run.out());
  }
}
