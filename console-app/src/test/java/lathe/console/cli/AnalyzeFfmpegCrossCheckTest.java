package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@code lathe analyze} against a real reference meter, ffmpeg's {@code ebur128} filter
 * (libavfilter), on programme-like material generated here: within 0.1 LU integrated, 0.5 LU
 * loudness range and 0.2 dB true peak. Skipped when ffmpeg is not on the PATH ({@code ./lathe test}
 * installs it).
 *
 * <p>ffmpeg's Summary prints one decimal, so the figures compared are the filter's own frame
 * metadata (three decimals; peaks as linear amplitudes) at the end of the file; the test also
 * checks that those round to the Summary. ffmpeg weighs a mono channel 1 (it has a {@code dualmono}
 * option, off by default), as BS.1770-4 and Lathe do.
 */
class AnalyzeFfmpegCrossCheckTest {
  private static final Pattern META =
      Pattern.compile("lavfi\\.r128\\.(I|LRA|true_peak|sample_peak)=(\\S+)");
  private static final Pattern SUMMARY_I = Pattern.compile("\\n\\s*I:\\s+(-?[\\d.]+|-inf) LUFS");
  private static final Pattern SUMMARY_LRA = Pattern.compile("\\n\\s*LRA:\\s+(-?[\\d.]+) LU");
  private static final Pattern SUMMARY_TP =
      Pattern.compile("True peak:\\s*\\n\\s*Peak:\\s+(-?[\\d.]+|-inf) dBFS");

  @TempDir static Path dir;

  @BeforeAll
  static void needsFfmpeg() {
    assumeTrue(Ffmpeg.available(), Ffmpeg.MISSING);
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String signal : List.of("pink-dynamics", "sweep", "quiet-then-loud", "float-over")) {
      for (int rate : new int[] {44100, 48000}) {
        for (int channels : new int[] {2, 1}) {
          all.add(Arguments.of(signal, rate, channels));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} Hz {2} ch")
  @MethodSource("cases")
  void analyzeAgreesWithFfmpeg(String signal, int rate, int channels) throws Exception {
    double[][] x = generate(signal, rate, channels);
    SampleFormat format = signal.equals("float-over") ? SampleFormat.FLOAT_32 : SampleFormat.PCM_24;
    Path file = dir.resolve(signal + "-" + rate + "-" + channels + ".wav");
    try (AudioFileWriter w = AudioFileWriter.create(file, rate, channels, format)) {
      w.write(x, 0, x[0].length);
      w.commit();
    }

    CliRun run = CliRun.of("analyze", "--json", file.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode ours = new ObjectMapper().readTree(run.out());
    Reference ff = ffmpeg(file);

    double dI = ours.get("integratedLufs").asDouble() - ff.integratedLufs;
    double dLra = ours.get("loudnessRangeLu").asDouble() - ff.loudnessRangeLu;
    double dTp = ours.get("truePeakDbtp").asDouble() - ff.truePeakDbtp;
    double dSp = ours.get("samplePeakDbfs").asDouble() - ff.samplePeakDbfs;
    System.out.printf(
        Locale.ROOT,
        "%-16s %5d Hz %d ch | I %7.2f / %7.3f (%+.3f) | LRA %5.2f / %6.3f (%+.3f) | TP %6.2f /"
            + " %7.3f (%+.3f) | SP %6.2f / %7.3f (%+.3f)  [lathe / ffmpeg]%n",
        signal,
        rate,
        channels,
        ours.get("integratedLufs").asDouble(),
        ff.integratedLufs,
        dI,
        ours.get("loudnessRangeLu").asDouble(),
        ff.loudnessRangeLu,
        dLra,
        ours.get("truePeakDbtp").asDouble(),
        ff.truePeakDbtp,
        dTp,
        ours.get("samplePeakDbfs").asDouble(),
        ff.samplePeakDbfs,
        dSp);

    assertEquals(0, dI, 0.1, "integrated loudness, LU");
    assertEquals(0, dLra, 0.5, "loudness range, LU");
    if (signal.equals("sweep")) {
      // A sine's true peak is its amplitude: both meters must read the sweep at -6 dBFS.
      assertEquals(SWEEP_DBFS, ff.truePeakDbtp, 0.01, "ffmpeg's true peak of the sweep");
      assertEquals(SWEEP_DBFS, ours.get("truePeakDbtp").asDouble(), 0.05, "our true peak");
    }
    assertEquals(0, dTp, 0.2, "true peak, dB");
    // Both read the same samples; the tolerance covers ffmpeg's three-decimal linear metadata.
    assertEquals(0, dSp, 0.05, "sample peak, dB");
  }

  /** Generates about 30 s of one kind of programme, peaking below 0 dBFS except "float-over". */
  static double[][] generate(String signal, int rate, int channels) {
    return switch (signal) {
      case "pink-dynamics" -> pinkWithDynamics(rate, channels, 30, 11);
      case "sweep" -> sweep(rate, channels, 24);
      case "quiet-then-loud" -> quietThenLoud(rate, channels);
      case "float-over" -> scale(pinkWithDynamics(rate, channels, 25, 13), 1.8);
      default -> throw new IllegalArgumentException(signal);
    };
  }

  /**
   * Makes pink-ish noise: Gaussian noise through a three-pole filter (about -3 dB/octave from 40 Hz
   * to 10 kHz), under a slow envelope that swells by 18 dB over 9 s, with a different noise in each
   * channel.
   */
  static double[][] pinkWithDynamics(int rate, int channels, double seconds, long seed) {
    int n = (int) (seconds * rate);
    double[][] x = new double[channels][n];
    Random r = new Random(seed);
    double[] poles = {Math.exp(-2 * Math.PI * 40 / rate), Math.exp(-2 * Math.PI * 400 / rate)};
    double p3 = Math.exp(-2 * Math.PI * 4000 / rate);
    for (int c = 0; c < channels; c++) {
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int i = 0; i < n; i++) {
        double w = r.nextGaussian();
        s1 = poles[0] * s1 + (1 - poles[0]) * w;
        s2 = poles[1] * s2 + (1 - poles[1]) * w;
        s3 = p3 * s3 + (1 - p3) * w;
        double pink = 0.9 * s1 * 8 + 0.6 * s2 * 2.5 + 0.4 * s3 + 0.1 * w;
        double t = (double) i / rate;
        double envelopeDb = -9 + 9 * Math.sin(2 * Math.PI * t / 9 + c);
        x[c][i] = pink * Math.pow(10, envelopeDb / 20);
      }
    }
    return normalize(x, 0.7);
  }

  static final double SWEEP_LOW_HERTZ = 20;
  static final double SWEEP_HIGH_HERTZ = 20000;
  static final double SWEEP_DBFS = -6;

  /** Makes a logarithmic sine sweep from 20 Hz to 20 kHz at -6 dBFS, the right channel inverted. */
  static double[][] sweep(int rate, int channels, double seconds) {
    int n = (int) (seconds * rate);
    double[][] x = new double[channels][n];
    double f0 = SWEEP_LOW_HERTZ;
    double f1 = SWEEP_HIGH_HERTZ;
    double k = Math.log(f1 / f0);
    double a = Math.pow(10, SWEEP_DBFS / 20);
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      double phase = 2 * Math.PI * f0 * seconds / k * (Math.exp(t / seconds * k) - 1);
      // A 10 ms fade at each end keeps the ends from clicking.
      double fade = Math.min(1, Math.min(t, seconds - t) / 0.01);
      double v = a * fade * Math.sin(phase);
      for (int c = 0; c < channels; c++) {
        x[c][i] = c == 0 ? v : -v;
      }
    }
    return x;
  }

  /** Makes 15 s of noise about 24 dB down followed by 15 s at full level. */
  static double[][] quietThenLoud(int rate, int channels) {
    double[][] x = pinkWithDynamics(rate, channels, 30, 17);
    int half = x[0].length / 2;
    for (double[] ch : x) {
      for (int i = 0; i < half; i++) {
        ch[i] *= 0.063;
      }
    }
    return x;
  }

  static double[][] normalize(double[][] x, double peak) {
    double max = 0;
    for (double[] ch : x) {
      for (double v : ch) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return scale(x, peak / max);
  }

  static double[][] scale(double[][] x, double gain) {
    for (double[] ch : x) {
      for (int i = 0; i < ch.length; i++) {
        ch[i] *= gain;
      }
    }
    return x;
  }

  record Reference(
      double integratedLufs, double loudnessRangeLu, double truePeakDbtp, double samplePeakDbfs) {}

  /** Runs ffmpeg's ebur128 filter on a file and returns its final figures. */
  static Reference ffmpeg(Path file) throws Exception {
    String log = Ffmpeg.filter(file, "ebur128=peak=true+sample:metadata=1,ametadata=print");
    double integrated = Double.NaN;
    double range = Double.NaN;
    double truePeak = 0;
    double samplePeak = 0;
    Matcher m = META.matcher(log);
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      switch (m.group(1)) {
        case "I" -> integrated = v;
        case "LRA" -> range = v;
        case "true_peak" -> truePeak = Math.max(truePeak, v);
        default -> samplePeak = Math.max(samplePeak, v);
      }
    }
    Reference r =
        new Reference(integrated, range, 20 * Math.log10(truePeak), 20 * Math.log10(samplePeak));
    // The metadata must be what the Summary prints, to its one decimal.
    assertEquals(summary(SUMMARY_I, log), r.integratedLufs, 0.051, "Summary I");
    assertEquals(summary(SUMMARY_LRA, log), r.loudnessRangeLu, 0.051, "Summary LRA");
    assertEquals(summary(SUMMARY_TP, log), r.truePeakDbtp, 0.051 + 0.02, "Summary true peak");
    return r;
  }

  private static double summary(Pattern p, String log) {
    Matcher m = p.matcher(log);
    if (!m.find()) {
      throw new AssertionError("no " + p + " in ffmpeg's Summary:\n" + log);
    }
    return Double.parseDouble(m.group(1));
  }
}
