package lathe.console.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lathe.console.audio.file.SampleFormat;
import lathe.console.master.MasterJob;
import lathe.console.master.MasterReport;
import lathe.console.preset.PresetException;
import lathe.dsp.chain.MasteringChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders a mix through the mastering chain into a master file. */
@Command(
    name = "master",
    mixinStandardHelpOptions = true,
    description = {
      "Render a mix through the mastering chain into a master file (offline, as fast as the CPU"
          + " allows).",
      "Reads WAV (16/24/32-bit integer, 32/64-bit float, extensible) and AIFF/AIFF-C, mono or"
          + " stereo, 44.1-192 kHz."
    },
    footer = {
      "",
      "Examples:",
      "  lathe master --demo",
      "  lathe master mix.wav --preset gentle",
      "  lathe master mix.wav -o out.wav --set trim.gain=4 --bits 16",
      "  lathe master mix.wav --preset transparent --bits 32f  (bit-exact copy)"
    })
final class MasterCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The mix to master.")
  Path input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "OUT",
      description =
          "Master file (default: beside IN as NAME.master.wav; lathe-demo.master.wav for"
              + " --demo).")
  Path output;

  @Option(
      names = "--preset",
      paramLabel = "NAME|FILE",
      description = "A built-in preset (transparent, gentle, loud) or a preset JSON file.")
  String preset;

  @Option(
      names = "--set",
      paramLabel = "ID=VALUE",
      description = "Set any parameter after the preset (see 'lathe params'); repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--bits",
      paramLabel = "16|24|32f",
      defaultValue = "24",
      description =
          "Output sample format (default: ${DEFAULT-VALUE}). 16 and 24 are dithered"
              + " (dither.mode).")
  String bits;

  @Option(names = "--fade-in", paramLabel = "SEC", description = "Fade-in length in seconds.")
  Double fadeIn;

  @Option(names = "--fade-out", paramLabel = "SEC", description = "Fade-out length in seconds.")
  Double fadeOut;

  @Option(names = "--demo", description = "Master a demo mix generated in code (no file needed).")
  boolean demo;

  @Option(
      names = "--demo-seconds",
      paramLabel = "SEC",
      defaultValue = "20",
      description = "Length of the demo mix (default: ${DEFAULT-VALUE}).",
      hidden = true)
  double demoSeconds;

  @Override
  public Integer call() throws IOException, PresetException {
    PrintWriter out = spec.commandLine().getOut();
    if (demo == (input != null)) {
      throw new PresetException(
          demo
              ? "give either IN or --demo, not both"
              : "missing IN (or --demo); see 'lathe master --help'");
    }
    SampleFormat format;
    try {
      format = SampleFormat.parse(bits);
    } catch (IllegalArgumentException e) {
      throw new PresetException("--bits " + bits + ": expected 16, 24 or 32f");
    }
    List<String> all = new ArrayList<>(sets);
    if (fadeIn != null) {
      all.add("fade.in=" + fadeIn);
    }
    if (fadeOut != null) {
      all.add("fade.out=" + fadeOut);
    }
    MasteringChain chain = MasterJob.configure(preset, all);
    Path target = output != null ? output : defaultOutput();
    if (demo) {
      out.println("lathe: no input given; rendering the built-in demo mix (" + demoSeconds + " s)");
      out.flush();
    }
    MasterReport r =
        MasterJob.run(
            new MasterJob.Settings(input, target, preset, all, format, demoSeconds),
            chain,
            ProgressBar::forTerminal);
    print(out, r);
    return 0;
  }

  private Path defaultOutput() {
    if (input == null) {
      return Path.of("lathe-demo.master.wav");
    }
    String name = input.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return input.resolveSibling(stem + ".master.wav");
  }

  static void print(PrintWriter out, MasterReport r) {
    String src = r.input() == null ? "demo mix" : r.input().toString();
    out.printf(Locale.ROOT, "mastered  %s -> %s%n", src, r.output());
    out.printf(
        Locale.ROOT,
        "format    %.0f Hz, %s, %s, %.3f s (%d frames)%n",
        r.sampleRate(),
        r.channels() == 1 ? "mono" : "stereo",
        r.format(),
        r.durationSeconds(),
        r.frames());
    out.printf(
        Locale.ROOT,
        "chain     preset %s; latency %d frames (%.2f ms), compensated%n",
        r.presetName(),
        r.latencyFrames(),
        r.latencyFrames() * 1000.0 / r.sampleRate());
    out.printf(Locale.ROOT, "                    input    output%n");
    out.printf(
        Locale.ROOT,
        "true peak     %8s  %8s  dBTP%n",
        db(r.inTruePeakDbtp()),
        db(r.outTruePeakDbtp()));
    out.printf(
        Locale.ROOT,
        "sample peak   %8s  %8s  dBFS%n",
        db(r.inSamplePeakDbfs()),
        db(r.outSamplePeakDbfs()));
    out.printf(
        Locale.ROOT, "RMS           %8s  %8s  dBFS%n", db(r.inRmsDbfs()), db(r.outRmsDbfs()));
    out.printf(Locale.ROOT, "limiter   largest gain reduction %.2f dB%n", r.maxGainReductionDb());
    if (r.clippedSamples() > 0) {
      out.printf(
          Locale.ROOT,
          "warning   %d samples clipped in the integer conversion%n",
          r.clippedSamples());
    }
    out.printf(
        Locale.ROOT,
        "speed     %.0fx real time (%.2f s of audio in %.2f s)%n",
        r.xRealtime(),
        r.durationSeconds(),
        r.seconds());
    out.flush();
  }

  private static String db(double v) {
    return Double.isInfinite(v) ? "-inf" : String.format(Locale.ROOT, "%.2f", v);
  }
}
