package lathe.dsp.meter;

import java.util.List;
import lathe.dsp.dynamics.GainReducing;

/**
 * Measures what leaves the chain for every display — loudness, peaks, correlation and the gain
 * reduction of each dynamics module — and publishes one lock-free snapshot per block.
 *
 * <p>The audio thread calls {@link #process} after the chain; screens, terminals and LED meters
 * call {@link #read} at their own rate and apply their own ballistics. Loudness values are in LUFS,
 * peaks in dBTP or dBFS, ratios in dB; a value that does not exist yet (silence, a window not yet
 * full) is negative infinity, or NaN for the loudness range. Nothing is allocated after
 * construction.
 */
public final class MeterBank {
  /** Index of the momentary loudness (400 ms), LUFS. */
  public static final int MOMENTARY = 0;

  /** Index of the short-term loudness (3 s), LUFS. */
  public static final int SHORT_TERM = 1;

  /** Index of the integrated loudness since the last reset, LUFS. */
  public static final int INTEGRATED = 2;

  /** Index of the loudness range since the last reset, LU. */
  public static final int LOUDNESS_RANGE = 3;

  /** Index of the true peak of the last block, dBTP. */
  public static final int TRUE_PEAK = 4;

  /** Index of the largest true peak since the last reset, dBTP. */
  public static final int TRUE_PEAK_MAX = 5;

  /** Index of the sample peak of the last block, dBFS. */
  public static final int SAMPLE_PEAK = 6;

  /** Index of the peak-to-loudness ratio: largest true peak minus integrated loudness, dB. */
  public static final int PLR = 7;

  /** Index of the peak-to-short-term ratio: true peak of the last 3 s minus short-term, dB. */
  public static final int PSR = 8;

  /** Index of the stereo correlation over 300 ms, -1..1 (1 for mono). */
  public static final int CORRELATION = 9;

  /** Index of the first gain reduction, in the order of the dynamics modules given, dB. */
  public static final int GAIN_REDUCTION = 10;

  private static final int BINS = 30; // 100 ms bins of true peak over the short-term window

  private final LoudnessMeter loudness;
  private final TruePeakMeter truePeak;
  private final StereoCorrelationMeter correlation;
  private final List<GainReducing> dynamics;
  private final MeterSnapshot snapshot;
  private final double[] values;
  private final double[] binPeaks = new double[BINS];
  private final int binFrames;
  private int bin;
  private int framesInBin;
  private double maxTruePeak;

  /**
   * Creates a bank for the chain's output.
   *
   * @param channels 1 or 2
   * @param sampleRate frames per second
   * @param dynamics the modules whose gain reduction is shown, in display order
   */
  public MeterBank(int channels, double sampleRate, List<GainReducing> dynamics) {
    this.loudness = new LoudnessMeter(channels, sampleRate);
    this.truePeak = new TruePeakMeter(channels, sampleRate);
    this.correlation = channels == 2 ? new StereoCorrelationMeter(sampleRate) : null;
    this.dynamics = List.copyOf(dynamics);
    this.values = new double[GAIN_REDUCTION + this.dynamics.size()];
    this.snapshot = new MeterSnapshot(values.length);
    this.binFrames = Math.max(1, (int) Math.round(sampleRate / 10));
    reset();
  }

  /** Returns the number of values in a snapshot. */
  public int size() {
    return values.length;
  }

  /** Returns the module ids whose gain reduction follows {@link #GAIN_REDUCTION}, in order. */
  public List<String> dynamicsIds() {
    return dynamics.stream().map(GainReducing::id).toList();
  }

  /** Measures a block that left the chain and publishes the snapshot; call on the audio thread. */
  public void process(double[][] x, int frames) {
    loudness.addFrames(x, frames);
    if (correlation != null) {
      correlation.addFrames(x, frames);
    }
    truePeak.resetPeaks();
    truePeak.addFrames(x, frames);
    double blockPeak = truePeak.truePeakLinear();
    maxTruePeak = Math.max(maxTruePeak, blockPeak);
    binPeaks[bin] = Math.max(binPeaks[bin], blockPeak);
    framesInBin += frames;
    while (framesInBin >= binFrames) {
      framesInBin -= binFrames;
      bin = (bin + 1) % BINS;
      binPeaks[bin] = framesInBin > 0 ? blockPeak : 0.0;
    }
    double recentPeak = 0.0;
    for (double p : binPeaks) {
      recentPeak = Math.max(recentPeak, p);
    }
    values[MOMENTARY] = loudness.momentaryLufs();
    values[SHORT_TERM] = loudness.shortTermLufs();
    values[INTEGRATED] = loudness.integratedLufs();
    values[LOUDNESS_RANGE] = loudness.loudnessRangeLu();
    values[TRUE_PEAK] = toDb(blockPeak);
    values[TRUE_PEAK_MAX] = toDb(maxTruePeak);
    values[SAMPLE_PEAK] = toDb(truePeak.samplePeakLinear());
    values[PLR] = difference(values[TRUE_PEAK_MAX], values[INTEGRATED]);
    values[PSR] = difference(toDb(recentPeak), values[SHORT_TERM]);
    values[CORRELATION] = correlation == null ? 1.0 : correlation.correlation();
    for (int i = 0; i < dynamics.size(); i++) {
      values[GAIN_REDUCTION + i] = dynamics.get(i).gainReductionDb();
    }
    snapshot.publish(values);
  }

  /**
   * Copies the latest snapshot into {@code dest} (at least {@link #size()} long); safe from any
   * thread, never blocks the audio thread.
   *
   * @return how many snapshots have been published so far
   */
  public long read(double[] dest) {
    return snapshot.read(dest);
  }

  /**
   * Starts a new measurement: integrated loudness, range and maximum peak start again. Call on the
   * audio thread, or while it is stopped.
   */
  public void reset() {
    loudness.reset();
    truePeak.reset();
    if (correlation != null) {
      correlation.reset();
    }
    java.util.Arrays.fill(binPeaks, 0.0);
    bin = 0;
    framesInBin = 0;
    maxTruePeak = 0.0;
  }

  private static double toDb(double linear) {
    return 20 * Math.log10(linear);
  }

  private static double difference(double peakDb, double loudnessLufs) {
    return Double.isFinite(peakDb) && Double.isFinite(loudnessLufs)
        ? peakDb - loudnessLufs
        : Double.NEGATIVE_INFINITY;
  }
}
