package lathe.console.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleFunction;
import lathe.console.audio.file.AudioFileReader;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import lathe.console.preset.Preset;
import lathe.console.preset.PresetException;
import lathe.console.preset.PresetLoader;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.dither.DitherModule;
import lathe.dsp.dynamics.TruePeakLimiter;
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
   */
  public record Settings(
      Path input,
      Path output,
      String preset,
      List<String> sets,
      SampleFormat format,
      double demoSeconds) {}

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
    MasteringChain chain = StandardChain.create();
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

  /** Renders the master and returns its report; on failure no output file is left behind. */
  public static MasterReport run(
      Settings s, MasteringChain chain, DoubleFunction<ChainRenderer.Progress> progressForRate)
      throws IOException {
    if (s.input() != null
        && s.input().toAbsolutePath().normalize().equals(s.output().toAbsolutePath().normalize())) {
      throw new IOException(s.output() + ": refusing to overwrite the input with its own master");
    }
    AudioFileReader reader = null;
    try {
      FrameSource source;
      double rate;
      int channels;
      long frames;
      if (s.input() == null) {
        DemoMix demo = new DemoMix(48000, s.demoSeconds());
        source = demo;
        rate = 48000;
        channels = 2;
        frames = demo.frames();
      } else {
        reader = AudioFileReader.open(s.input());
        source = reader::read;
        rate = reader.sampleRate();
        channels = reader.channels();
        frames = reader.frames();
      }
      ((DitherModule) chain.module("dither")).setOutputBits(integerBits(s.format()));
      chain.prepare(new ProcessSpec(rate, DEFAULT_BLOCK_FRAMES, channels));
      TruePeakLimiter limiter = (TruePeakLimiter) chain.module("limiter");
      SignalStats in = new SignalStats(channels, rate);
      SignalStats out = new SignalStats(channels, rate);
      long start = System.nanoTime();
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
                    progressForRate == null ? null : progressForRate.apply(rate));
        writer.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new MasterReport(
            s.input(),
            s.output(),
            rate,
            channels,
            written,
            s.format().encoding().describe(),
            s.preset() == null ? "default" : s.preset(),
            chain.latencyFrames(),
            in.truePeakDbtp(),
            out.truePeakDbtp(),
            in.samplePeakDbfs(),
            out.samplePeakDbfs(),
            in.rmsDbfs(),
            out.rmsDbfs(),
            limiter.maxGainReductionDb(),
            writer.clippedSamples(),
            seconds);
      }
    } finally {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
