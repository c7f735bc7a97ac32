package lathe.console.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lathe.console.audio.file.SampleFormat;
import lathe.console.delivery.DeliveryTarget;
import lathe.console.master.MasterJob;
import lathe.console.master.MasterReport;
import lathe.console.preset.PresetException;
import lathe.dsp.chain.MasteringChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin ChainOptions chainOptions;

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

  @Option(
      names = "--target",
      paramLabel = "NAME",
      description = "Land on a named delivery target (see 'lathe targets'), e.g. streaming.")
  String targetName;

  @Option(
      names = "--target-lufs",
      paramLabel = "LUFS",
      description = "Land the integrated loudness on this value, within 0.2 LU.")
  Double targetLufs;

  @Option(
      names = "--ceiling-dbtp",
      paramLabel = "DBTP",
      description = "True-peak ceiling (sets limiter.ceiling; overrides a target's).")
  Double ceilingDbtp;

  @Option(
      names = "--max-limiting",
      paramLabel = "DB",
      defaultValue = "12",
      description =
          "Most gain reduction the limiter may use to reach a target (default: ${DEFAULT-VALUE} dB).")
  double maxLimitingDb;

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
    List<String> all = new ArrayList<>(chainOptions.sets);
    if (fadeIn != null) {
      all.add("fade.in=" + fadeIn);
    }
    if (fadeOut != null) {
      all.add("fade.out=" + fadeOut);
    }
    if (ceilingDbtp != null) {
      all.add("limiter.ceiling=" + ceilingDbtp);
    }
    MasteringChain chain = MasterJob.configure(chainOptions.preset, all);
    DeliveryTarget target = target(chain);
    Path destination = output != null ? output : defaultOutput();
    if (demo) {
      out.println("lathe: no input given; rendering the built-in demo mix (" + demoSeconds + " s)");
      out.flush();
    }
    MasterJob.Listener listener =
        new MasterJob.Listener() {
          @Override
          public void targetPass(int n, double gainDb, double lufs, double reductionDb) {
            out.printf(
                Locale.ROOT,
                "target    pass %d: limiter gain %+.2f dB -> %s LUFS, gain reduction up to %.1f dB%n",
                n,
                gainDb,
                fmt(lufs),
                reductionDb);
            out.flush();
          }

          @Override
          public lathe.dsp.render.ChainRenderer.Progress progress(double sampleRate) {
            return ProgressBar.forTerminal(sampleRate);
          }
        };
    MasterReport r =
        MasterJob.run(
            new MasterJob.Settings(
                input,
                destination,
                chainOptions.preset,
                all,
                format,
                demoSeconds,
                target,
                maxLimitingDb),
            chain,
            listener);
    print(out, r);
    return r.target() == null || r.passesTarget() ? 0 : EXIT_TARGET_MISSED;
  }

  /** Exit code when the master was written but misses its delivery target. */
  static final int EXIT_TARGET_MISSED = 3;

  private DeliveryTarget target(MasteringChain chain) throws PresetException {
    if (targetName == null && targetLufs == null) {
      return null;
    }
    DeliveryTarget named = null;
    if (targetName != null) {
      try {
        named = DeliveryTarget.named(targetName);
      } catch (IllegalArgumentException e) {
        throw new PresetException("--target " + targetName + ": " + e.getMessage());
      }
    }
    double lufs = targetLufs != null ? targetLufs : named.integratedLufs();
    if (!(lufs >= -70 && lufs <= 0)) {
      throw new PresetException("--target-lufs " + lufs + ": out of range -70 .. 0 LUFS");
    }
    double peak =
        ceilingDbtp != null
            ? ceilingDbtp
            : named != null ? named.truePeakDbtp() : chain.get("limiter.ceiling");
    if (named != null && targetLufs == null && ceilingDbtp == null) {
      return named;
    }
    String name = named != null ? named.name() + " (adjusted)" : "custom";
    return new DeliveryTarget(
        name, lufs, peak, String.format(Locale.ROOT, "%.1f LUFS, %.1f dBTP", lufs, peak));
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
    out.printf(
        Locale.ROOT,
        "limiter   ceiling %.2f dBTP, gain %+.2f dB, largest gain reduction %.2f dB%n",
        r.ceilingDbtp(),
        r.limiterGainDb(),
        r.maxGainReductionDb());
    out.printf(Locale.ROOT, "                        input    output%n");
    row(out, "integrated", r.in().integratedLufs(), r.out().integratedLufs(), "LUFS");
    row(out, "loudness range", r.in().loudnessRangeLu(), r.out().loudnessRangeLu(), "LU");
    row(out, "true peak", r.in().truePeakDbtp(), r.out().truePeakDbtp(), "dBTP");
    row(out, "sample peak", r.in().samplePeakDbfs(), r.out().samplePeakDbfs(), "dBFS");
    row(out, "max momentary", r.in().maxMomentaryLufs(), r.out().maxMomentaryLufs(), "LUFS");
    row(out, "max short-term", r.in().maxShortTermLufs(), r.out().maxShortTermLufs(), "LUFS");
    row(out, "PLR", r.in().plrDb(), r.out().plrDb(), "dB");
    if (r.target() != null) {
      String verdict = r.passesTarget() ? "PASS" : "FAIL";
      out.printf(
          Locale.ROOT,
          "target    %s: %.1f LUFS, %.1f dBTP -> %s%n",
          r.target().name(),
          r.target().integratedLufs(),
          r.target().truePeakDbtp(),
          verdict);
      if (r.targeting() != null && !r.targeting().reached()) {
        out.printf(
            Locale.ROOT,
            "          fell %.2f LU short: stopped by the %s (raise --max-limiting or lower the target)%n",
            r.targeting().shortfallLu(),
            r.targeting().reason());
      }
    }
    if (r.clippedSamples() > 0) {
      out.printf(
          Locale.ROOT,
          "warning   %d samples clipped in the integer conversion%n",
          r.clippedSamples());
    }
    out.printf(Locale.ROOT, "report    %s%n", r.report());
    out.printf(
        Locale.ROOT,
        "speed     %.0fx real time (%.2f s of audio in %.2f s)%n",
        r.xRealtime(),
        r.durationSeconds(),
        r.seconds());
    out.flush();
  }

  private static void row(PrintWriter out, String label, Double in, Double outValue, String unit) {
    out.printf(Locale.ROOT, "%-16s %9s %9s  %s%n", label, fmt(in), fmt(outValue), unit);
  }

  private static String fmt(Double v) {
    return v == null || v.isInfinite() || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
