package lathe.console.analysis;

import java.nio.file.Path;
import lathe.console.audio.file.AudioFileException;
import lathe.console.audio.file.AudioFileReader;
import lathe.dsp.meter.LoudnessMeter;
import lathe.dsp.meter.TruePeakMeter;
import lathe.dsp.render.ChainRenderer;

/**
 * Measures a stream of frames block by block: loudness (momentary, short-term, integrated, range)
 * and true and sample peak. Nothing is allocated after construction, so it can sit on a render's
 * audio path. Not thread-safe.
 */
public final class ProgramAnalyzer {
  /** Frames read per block when analysing a file. */
  public static final int BLOCK_FRAMES = 4096;

  private final int channels;
  private final LoudnessMeter loudness;
  private final TruePeakMeter truePeak;
  // The meters take arrays that start at frame 0; frames at an offset are copied here first.
  private final double[][] view;

  /**
   * Creates an analyzer.
   *
   * @param channels number of channels, 1 or 2
   * @param sampleRate sample rate, hertz
   */
  public ProgramAnalyzer(int channels, double sampleRate) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be at least 1: " + channels);
    }
    this.channels = channels;
    this.loudness = new LoudnessMeter(channels, sampleRate);
    this.truePeak = new TruePeakMeter(channels, sampleRate);
    this.view = new double[channels][BLOCK_FRAMES];
  }

  /**
   * Adds {@code frames} frames of every channel, starting at {@code offset} in each array.
   *
   * @param x one array per channel
   */
  public void add(double[][] x, int offset, int frames) {
    if (frames <= 0) {
      return;
    }
    if (offset == 0) {
      measure(x, frames);
      return;
    }
    for (int done = 0; done < frames; ) {
      int n = Math.min(frames - done, BLOCK_FRAMES);
      for (int c = 0; c < channels; c++) {
        System.arraycopy(x[c], offset + done, view[c], 0, n);
      }
      measure(view, n);
      done += n;
    }
  }

  private void measure(double[][] x, int frames) {
    loudness.addFrames(x, frames);
    truePeak.addFrames(x, frames);
  }

  /** Returns the figures of everything added so far. */
  public LoudnessStats stats() {
    return LoudnessStats.of(
        loudness.integratedLufs(),
        loudness.loudnessRangeLu(),
        truePeak.truePeakDbtp(),
        truePeak.samplePeakDbfs(),
        loudness.maxMomentaryLufs(),
        loudness.maxShortTermLufs());
  }

  /**
   * Measures a whole audio file (WAV, RF64, AIFF, AIFF-C), streaming it in constant memory.
   *
   * @throws AudioFileException if the file cannot be opened or read
   */
  public static LoudnessStats analyze(Path file) throws AudioFileException {
    try (AudioFileReader reader = AudioFileReader.open(file)) {
      return analyze(reader, null);
    }
  }

  /**
   * Measures the rest of an open file, from its current position to its end.
   *
   * @param progress told the frames done after each block, or null
   * @throws AudioFileException if the file cannot be read
   */
  public static LoudnessStats analyze(AudioFileReader reader, ChainRenderer.Progress progress)
      throws AudioFileException {
    ProgramAnalyzer analyzer = new ProgramAnalyzer(reader.channels(), reader.sampleRate());
    double[][] block = new double[reader.channels()][BLOCK_FRAMES];
    int n;
    while ((n = reader.read(block, BLOCK_FRAMES)) > 0) {
      analyzer.add(block, 0, n);
      if (progress != null) {
        progress.update(reader.position(), reader.frames());
      }
    }
    return analyzer.stats();
  }
}
