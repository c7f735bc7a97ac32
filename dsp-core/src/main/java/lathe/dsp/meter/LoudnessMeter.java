package lathe.dsp.meter;

import java.util.Arrays;
import lathe.dsp.Dsp;

/**
 * Measures loudness after ITU-R BS.1770-4 and EBU R128 (EBU Tech 3341 and 3342): momentary (400
 * ms), short-term (3 s), integrated (gated) loudness, loudness range, and the largest momentary and
 * short-term values, for mono or stereo at any rate from 8 kHz.
 *
 * <p>Shaped like libebur128: the K-weighting filter ({@link KWeighting}) runs in double precision
 * with its state carried across calls; squared samples are summed into 10 ms sub-blocks (boundaries
 * at frame {@code floor(k * rate / 100)}, exact for integer rates, so 44.1 kHz sub-blocks are 441
 * frames and 22.05 kHz ones alternate 220 and 221); the momentary value is the mean square over the
 * last 40 sub-blocks and the short-term one over the last 300, both recomputed at every sub-block
 * boundary, so their maxima are searched on a 10 ms grid. Every 100 ms a 400 ms gating block (75 %
 * overlap) enters the integrated histogram and a 3 s short-term value enters the range histogram;
 * both are fixed {@link GatingHistogram}s, so nothing is allocated after construction.
 *
 * <p>What the histograms cost in accuracy: the integrated loudness is the exact mean of the blocks
 * that pass a relative gate placed within 0.01 LU of the true one, so it equals an unbinned meter's
 * reading unless some block lies within 0.01 LU of the threshold, and then differs only by that
 * block's inclusion or exclusion. Each loudness-range percentile is the mean of the 0.01 LU bin
 * that holds it, so the range is within 0.02 LU of the exact nearest-rank value (for the same gate
 * decision).
 *
 * <p>Channel weights are 1.0 for mono and for left and right, as in the standard (and libebur128's
 * default). NaN, infinite and absurd samples count as silence. Results do not depend on how the
 * stream is split into calls: every sum is accumulated in the same order whatever the split.
 */
public final class LoudnessMeter {
  private static final int MOMENTARY_SUB_BLOCKS = 40;
  private static final int SHORT_TERM_SUB_BLOCKS = 300;
  private static final int GATING_HOP_SUB_BLOCKS = 10;
  private static final double INTEGRATED_RELATIVE_GATE_LU = -10.0;
  private static final double RANGE_RELATIVE_GATE_LU = -20.0;
  private static final double RANGE_LOW_PERCENTILE = 0.10;
  private static final double RANGE_HIGH_PERCENTILE = 0.95;

  private final int channels;
  private final double sampleRate;
  private final long integerRate;

  // Stage 1 (shelf) and stage 2 (high-pass) coefficients; the high-pass numerator is 1, -2, 1.
  private final double sb0;
  private final double sb1;
  private final double sb2;
  private final double sa1;
  private final double sa2;
  private final double ha1;
  private final double ha2;

  // Transposed direct form II state of both stages, per channel.
  private final double[] shelf1;
  private final double[] shelf2;
  private final double[] high1;
  private final double[] high2;

  // Sum of squares of the current sub-block, per channel, and its length so far.
  private final double[] subBlockSquares;
  private int subBlockFrames;
  private long framesSeen;
  private long nextBoundary;
  private long subBlocks;

  // The last 300 finished sub-blocks: squares summed over channels, and frame counts.
  private final double[] ringSquares = new double[SHORT_TERM_SUB_BLOCKS];
  private final int[] ringFrames = new int[SHORT_TERM_SUB_BLOCKS];
  private int ringNext;

  private double momentaryEnergy;
  private double shortTermEnergy;
  private double maxMomentaryEnergy;
  private double maxShortTermEnergy;

  private final GatingHistogram gatingBlocks = new GatingHistogram();
  private final GatingHistogram shortTermBlocks = new GatingHistogram();

  /**
   * Creates a meter.
   *
   * @param channels 1 (mono) or 2 (left, right)
   * @param sampleRate sample rate in hertz, at least 8000
   */
  public LoudnessMeter(int channels, double sampleRate) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
    if (!(sampleRate >= 8000.0) || Double.isInfinite(sampleRate)) {
      throw new IllegalArgumentException("sample rate must be at least 8000 Hz: " + sampleRate);
    }
    this.channels = channels;
    this.sampleRate = sampleRate;
    this.integerRate = sampleRate == Math.rint(sampleRate) ? (long) sampleRate : -1;
    double[] s = KWeighting.shelf(sampleRate);
    double[] h = KWeighting.highPass(sampleRate);
    sb0 = s[0];
    sb1 = s[1];
    sb2 = s[2];
    sa1 = s[3];
    sa2 = s[4];
    ha1 = h[3];
    ha2 = h[4];
    shelf1 = new double[channels];
    shelf2 = new double[channels];
    high1 = new double[channels];
    high2 = new double[channels];
    subBlockSquares = new double[channels];
    reset();
  }

  /**
   * Adds {@code frames} frames of every channel to the measurement; nothing is allocated.
   *
   * @param x one array per channel, each at least {@code frames} long (not modified)
   * @param frames number of frames to read from each array
   */
  public void addFrames(double[][] x, int frames) {
    int from = 0;
    while (from < frames) {
      int n = (int) Math.min(frames - from, nextBoundary - framesSeen);
      int to = from + n;
      for (int c = 0; c < channels; c++) {
        filterAndSquare(x[c], from, to, c);
      }
      subBlockFrames += n;
      framesSeen += n;
      from = to;
      if (framesSeen == nextBoundary) {
        finishSubBlock();
      }
    }
  }

  private void filterAndSquare(double[] in, int from, int to, int c) {
    final double b0 = sb0;
    final double b1 = sb1;
    final double b2 = sb2;
    final double a1 = sa1;
    final double a2 = sa2;
    final double d1 = ha1;
    final double d2 = ha2;
    double s1 = shelf1[c];
    double s2 = shelf2[c];
    double h1 = high1[c];
    double h2 = high2[c];
    double acc = subBlockSquares[c];
    for (int i = from; i < to; i++) {
      double v = in[i];
      if (!(Math.abs(v) <= Dsp.MAX_SAMPLE)) {
        v = 0.0;
      }
      double y = b0 * v + s1;
      s1 = b1 * v - a1 * y + s2;
      s2 = b2 * v - a2 * y;
      double z = y + h1;
      h1 = -2.0 * y - d1 * z + h2;
      h2 = y - d2 * z;
      acc += z * z;
    }
    shelf1[c] = s1;
    shelf2[c] = s2;
    high1[c] = h1;
    high2[c] = h2;
    subBlockSquares[c] = acc;
  }

  private void finishSubBlock() {
    double squares = 0.0;
    for (int c = 0; c < channels; c++) {
      squares += subBlockSquares[c];
      subBlockSquares[c] = 0.0;
      // Snapped on the absolute sub-block grid, so the split into calls cannot change the result.
      shelf1[c] = Dsp.flushDenormal(shelf1[c]);
      shelf2[c] = Dsp.flushDenormal(shelf2[c]);
      high1[c] = Dsp.flushDenormal(high1[c]);
      high2[c] = Dsp.flushDenormal(high2[c]);
    }
    ringSquares[ringNext] = squares;
    ringFrames[ringNext] = subBlockFrames;
    ringNext = ringNext + 1 == SHORT_TERM_SUB_BLOCKS ? 0 : ringNext + 1;
    subBlockFrames = 0;
    subBlocks++;
    nextBoundary = boundary(subBlocks + 1);

    boolean gatingHop = subBlocks % GATING_HOP_SUB_BLOCKS == 0;
    if (subBlocks >= MOMENTARY_SUB_BLOCKS) {
      momentaryEnergy = windowEnergy(MOMENTARY_SUB_BLOCKS);
      if (momentaryEnergy > maxMomentaryEnergy) {
        maxMomentaryEnergy = momentaryEnergy;
      }
      if (gatingHop) {
        gatingBlocks.add(momentaryEnergy);
      }
    }
    if (subBlocks >= SHORT_TERM_SUB_BLOCKS) {
      shortTermEnergy = windowEnergy(SHORT_TERM_SUB_BLOCKS);
      if (shortTermEnergy > maxShortTermEnergy) {
        maxShortTermEnergy = shortTermEnergy;
      }
      if (gatingHop) {
        shortTermBlocks.add(shortTermEnergy);
      }
    }
  }

  /** Returns the frame index at which sub-block {@code k} (counted from 1) ends. */
  private long boundary(long k) {
    if (integerRate > 0) {
      return k * integerRate / 100;
    }
    return (long) Math.floor(k * sampleRate / 100.0);
  }

  /** Returns the mean square, summed over channels, of the last {@code count} sub-blocks. */
  private double windowEnergy(int count) {
    double squares = 0.0;
    long frames = 0;
    int i = ringNext - count;
    if (i < 0) {
      i += SHORT_TERM_SUB_BLOCKS;
    }
    for (int k = 0; k < count; k++) {
      squares += ringSquares[i];
      frames += ringFrames[i];
      if (++i == SHORT_TERM_SUB_BLOCKS) {
        i = 0;
      }
    }
    return squares / frames;
  }

  /**
   * Returns the momentary loudness of the last 400 ms (ending at the last 10 ms boundary) in LUFS;
   * negative infinity before 400 ms or for silence.
   */
  public double momentaryLufs() {
    return subBlocks < MOMENTARY_SUB_BLOCKS
        ? Double.NEGATIVE_INFINITY
        : LoudnessMath.energyToLufs(momentaryEnergy);
  }

  /**
   * Returns the short-term loudness of the last 3 s (ending at the last 10 ms boundary) in LUFS;
   * negative infinity before 3 s or for silence.
   */
  public double shortTermLufs() {
    return subBlocks < SHORT_TERM_SUB_BLOCKS
        ? Double.NEGATIVE_INFINITY
        : LoudnessMath.energyToLufs(shortTermEnergy);
  }

  /**
   * Returns the integrated loudness in LUFS, gated after BS.1770-4 (400 ms blocks every 100 ms,
   * absolute gate -70 LUFS, relative gate -10 LU); negative infinity when no block passes.
   */
  public double integratedLufs() {
    return LoudnessMath.energyToLufs(gatingBlocks.gatedMeanEnergy(INTEGRATED_RELATIVE_GATE_LU));
  }

  /**
   * Returns the loudness range in LU after EBU Tech 3342 (3 s values every 100 ms, gates -70 LUFS
   * and -20 LU, spread between the 10th and 95th percentiles); NaN when no value passes the gates.
   */
  public double loudnessRangeLu() {
    return shortTermBlocks.percentileSpreadLu(
        RANGE_RELATIVE_GATE_LU, RANGE_LOW_PERCENTILE, RANGE_HIGH_PERCENTILE);
  }

  /**
   * Returns the largest momentary loudness in LUFS over full 400 ms windows ending on the 10 ms
   * grid; negative infinity if there is none.
   */
  public double maxMomentaryLufs() {
    return subBlocks < MOMENTARY_SUB_BLOCKS
        ? Double.NEGATIVE_INFINITY
        : LoudnessMath.energyToLufs(maxMomentaryEnergy);
  }

  /**
   * Returns the largest short-term loudness in LUFS over full 3 s windows ending on the 10 ms grid;
   * negative infinity if there is none.
   */
  public double maxShortTermLufs() {
    return subBlocks < SHORT_TERM_SUB_BLOCKS
        ? Double.NEGATIVE_INFINITY
        : LoudnessMath.energyToLufs(maxShortTermEnergy);
  }

  /** Clears every measurement and the filter state, as on a fresh meter. */
  public void reset() {
    Arrays.fill(shelf1, 0.0);
    Arrays.fill(shelf2, 0.0);
    Arrays.fill(high1, 0.0);
    Arrays.fill(high2, 0.0);
    Arrays.fill(subBlockSquares, 0.0);
    Arrays.fill(ringSquares, 0.0);
    Arrays.fill(ringFrames, 0);
    ringNext = 0;
    subBlockFrames = 0;
    framesSeen = 0;
    subBlocks = 0;
    nextBoundary = boundary(1);
    momentaryEnergy = 0.0;
    shortTermEnergy = 0.0;
    maxMomentaryEnergy = 0.0;
    maxShortTermEnergy = 0.0;
    gatingBlocks.clear();
    shortTermBlocks.clear();
  }
}
