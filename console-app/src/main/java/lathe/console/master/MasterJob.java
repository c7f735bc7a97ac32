package lathe.console.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lathe.console.analysis.ProgramAnalyzer;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import lathe.console.delivery.DeliveryTarget;
import lathe.console.delivery.LoudnessTargeting;
import lathe.console.io.AtomicFiles;
import lathe.console.preset.Preset;
import lathe.console.preset.PresetException;
import lathe.console.preset.PresetLoader;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.dither.DitherModule;
import lathe.dsp.dynamics.TruePeakLimiter;
import lathe.dsp.meter.TruePeakInterpolator;
import lathe.dsp.meter.WidebandInterpolator;
import lathe.dsp.render.ChainRenderer;
import lathe.dsp.render.FrameSource;

/** Renders a mix (a file or the demo) through the standard chain into a master file. */
public final class MasterJob {
  /** Frames per block for offline renders; the live engine uses the same chain code. */
  public static final int DEFAULT_BLOCK_FRAMES = 512;

  /**
   * Describes one master render.
   *
   * @param input the mix, or null to render the demo mix
   * @param output the master file to write
   * @param preset a preset name or file, or null for the chain's defaults
   * @param sets {@code id=value} assignments applied after the preset
   * @param format the output sample format
   * @param demoSeconds length of the demo mix when {@code input} is null
   * @param target a delivery target to land on, or null to keep the chain's gain
   * @param maxGainReductionDb the most gain reduction the limiter may apply to reach the target
   */
  public record Settings(
      Path input,
      Path output,
      String preset,
      List<String> sets,
      SampleFormat format,
      double demoSeconds,
      DeliveryTarget target,
      double maxGainReductionDb) {}

  /** Receives what a master run does before its final render, for people to follow. */
  public interface Listener {
    /** Reports one pass of the loudness search. */
    default void targetPass(int number, double gainDb, double lufs, double maxGainReductionDb) {}

    /** Returns a progress display for the final render at this rate, or null. */
    default ChainRenderer.Progress progress(double sampleRate) {
      return null;
    }
  }

  private MasterJob() {}

  /** Returns the integer word length of a format, or 0 for floating point (no dither). */
  static int integerBits(SampleFormat format) {
    return format.isFloat() ? 0 : format.bits();
  }

  /**
   * Builds the standard chain with the preset and the assignments applied, or fails naming them.
   */
  public static MasteringChain configure(String presetName, List<String> sets)
      throws PresetException {
    return configure(StandardChain.create(), presetName, sets);
  }

  /**
   * Applies the preset and then the assignments to {@code chain} (over what it holds, such as a
   * restored session), or fails naming them.
   */
  public static MasteringChain configure(MasteringChain chain, String presetName, List<String> sets)
      throws PresetException {
    if (presetName != null) {
      Preset preset = PresetLoader.load(presetName);
      PresetLoader.apply(preset, chain);
    }
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new PresetException("--set " + set + ": expected ID=VALUE, e.g. eq.band2.gain=-1.5");
      }
      String id = set.substring(0, eq).trim();
      try {
        chain.set(id, chain.spec(id).parse(set.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw new PresetException("--set " + set + ": " + e.getMessage());
      }
    }
    return chain;
  }

  /** Returns where the JSON report of a master goes: {@code NAME.master.json} beside it. */
  public static Path reportPath(Path output) {
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    if (!stem.endsWith(".master")) {
      stem = stem + ".master";
    }
    return output.resolveSibling(stem + ".json");
  }

  /**
   * Returns how far under the ceiling the limiter must stay, as a linear amplitude, so that the
   * dither's error cannot push a sample, or the band-limited waveform between samples, over it.
   */
  static double ditherHeadroom(MasteringChain chain, SampleFormat format, double sampleRate) {
    if (format.isFloat() || chain.get("dither.bypass") >= 0.5) {
      return 0.0;
    }
    int mode = (int) chain.get("dither.mode");
    double errorLsb = DitherModule.peakErrorLsb(mode, sampleRate);
    double gain =
        Math.max(WidebandInterpolator.SUM_ABS_BOUND, TruePeakInterpolator.largestAbsoluteSum());
    return gain * errorLsb * Math.scalb(1.0, 1 - format.bits());
  }

  /** Renders the master and returns its report; on failure no output file is left behind. */
  public static MasterReport run(Settings s, MasteringChain chain, Listener listener)
      throws IOException {
    if (s.input() != null
        && s.input().toAbsolutePath().normalize().equals(s.output().toAbsolutePath().normalize())) {
      throw new IOException(s.output() + ": refusing to overwrite the input with its own master");
    }
    Listener events = listener == null ? new Listener() {} : listener;
    try (Material material = Material.open(s.input(), s.demoSeconds())) {
      double rate = material.sampleRate();
      int channels = material.channels();
      long frames = material.frames();
      ProcessSpec spec = new ProcessSpec(rate, DEFAULT_BLOCK_FRAMES, channels);
      ((DitherModule) chain.module("dither")).setOutputBits(integerBits(s.format()));
      if (s.target() != null) {
        chain.set("limiter.bypass", 0);
        chain.set("limiter.ceiling", s.target().truePeakDbtp());
      }
      double ceilingDbtp = chain.get("limiter.ceiling");
      double headroom = ditherHeadroom(chain, s.format(), rate);
      double limiterCeiling = Dsp.gainToDb(Dsp.dbToGain(ceilingDbtp) - headroom);
      chain.set("limiter.ceiling", limiterCeiling);
      LoudnessTargeting.Result targeting = null;
      if (s.target() != null) {
        targeting =
            new LoudnessTargeting(chain, spec, frames, material::rewind)
                .solve(s.target().integratedLufs(), s.maxGainReductionDb(), events::targetPass);
        chain.set("limiter.gain", targeting.gainDb());
      }
      chain.prepare(spec);
      TruePeakLimiter limiter = (TruePeakLimiter) chain.module("limiter");
      ProgramAnalyzer in = new ProgramAnalyzer(channels, rate);
      ProgramAnalyzer out = new ProgramAnalyzer(channels, rate);
      long start = System.nanoTime();
      FrameSource source = material.rewind();
      try (AudioFileWriter writer =
          AudioFileWriter.create(s.output(), rate, channels, s.format())) {
        FrameSource measured =
            (dest, max) -> {
              int n = source.read(dest, max);
              in.add(dest, 0, n);
              return n;
            };
        long written =
            new ChainRenderer(chain, channels, DEFAULT_BLOCK_FRAMES)
                .render(
                    measured,
                    (src, off, n) -> {
                      out.add(src, off, n);
                      writer.write(src, off, n);
                    },
                    frames,
                    events.progress(rate));
        MasterReport report =
            new MasterReport(
                s.input(),
                s.output(),
                reportPath(s.output()),
                rate,
                channels,
                written,
                s.format().encoding().describe(),
                s.preset() == null ? "default" : s.preset(),
                chain.latencyFrames(),
                in.stats(),
                out.stats(),
                ceilingDbtp,
                limiterCeiling,
                chain.get("limiter.gain"),
                limiter.maxGainReductionDb(),
                s.target(),
                targeting,
                writer.clippedSamples(),
                (System.nanoTime() - start) / 1e9);
        writer.commit();
        AtomicFiles.writeString(report.report(), MasterReportJson.write(report, chain));
        return report;
      }
    }
  }
}
