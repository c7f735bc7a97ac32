package lathe.console.delivery;

import java.io.IOException;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.dynamics.TruePeakLimiter;
import lathe.dsp.meter.LoudnessMeter;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.render.ChainRenderer;
import lathe.dsp.render.FrameSource;

/**
 * Finds the gain into the limiter ({@code limiter.gain}) that lands a master's integrated loudness
 * on a target, by rendering the material through the chain into a loudness meter (nothing is
 * written) and correcting the gain with the secant method until the error is under {@link #AIM_LU}.
 *
 * <p>The limiter squeezes the loudness curve, so the gain-to-loudness slope falls below 1 as the
 * limiter works harder; the secant method follows it and typically lands in three or four passes.
 * When landing would take more gain reduction than the engineer allows, or more gain than the
 * limiter's input offers, the gain stops at the most that is allowed and the shortfall is reported.
 */
public final class LoudnessTargeting {
  /** Error aimed for, in LU: well inside the ±0.2 LU of a delivery spec. */
  public static final double AIM_LU = 0.05;

  private static final int MAX_PASSES = 12;

  /** Supplies the material from its first frame for each pass. */
  @FunctionalInterface
  public interface Rewind {
    /** Returns a source positioned at the first frame. */
    FrameSource rewind() throws IOException;
  }

  /** Reports each finished pass: its number, the gain tried and the loudness it gave. */
  @FunctionalInterface
  public interface PassListener {
    /** Reports one pass. */
    void pass(int number, double gainDb, double integratedLufs, double maxGainReductionDb);
  }

  /**
   * Holds the outcome of a search.
   *
   * @param gainDb the gain into the limiter chosen, in dB
   * @param integratedLufs the integrated loudness the chain gives with it
   * @param maxGainReductionDb the limiter's largest gain reduction with it
   * @param reached whether the loudness lands within {@link DeliveryTarget#TOLERANCE_LU}
   * @param shortfallLu how far below the target the loudness stays (0 when reached)
   * @param reason why it stopped short ("gain reduction limit", "gain limit", "silence"), or empty
   * @param passes how many renders the search took
   */
  public record Result(
      double gainDb,
      double integratedLufs,
      double maxGainReductionDb,
      boolean reached,
      double shortfallLu,
      String reason,
      int passes) {}

  private final MasteringChain chain;
  private final ProcessSpec spec;
  private final long programFrames;
  private final Rewind material;
  private final double[][] view;
  private int passes;

  /**
   * Creates a search over a configured chain.
   *
   * @param chain the chain with every setting but {@code limiter.gain} in place
   * @param spec the stream the chain is prepared for at each pass
   * @param programFrames the material's length in frames
   * @param material supplies the material from the start
   */
  public LoudnessTargeting(
      MasteringChain chain, ProcessSpec spec, long programFrames, Rewind material) {
    this.chain = chain;
    this.spec = spec;
    this.programFrames = programFrames;
    this.material = material;
    this.view = new double[spec.channels()][spec.maxFrames()];
  }

  /**
   * Searches the gain for {@code targetLufs}, allowing at most {@code maxGainReductionDb} of gain
   * reduction in the limiter.
   */
  public Result solve(double targetLufs, double maxGainReductionDb, PassListener listener)
      throws IOException {
    ParamSpec gainSpec = chain.spec("limiter.gain");
    double g0 = chain.get("limiter.gain");
    double[] m0 = measure(g0, listener);
    if (m0[0] == Double.NEGATIVE_INFINITY) {
      return new Result(g0, m0[0], m0[1], false, Double.POSITIVE_INFINITY, "silence", passes);
    }
    // Below the limiter's threshold the loudness follows the gain dB for dB.
    double gPrev = g0;
    double[] mPrev = m0;
    double g = gainSpec.clamp(g0 + (targetLufs - m0[0]));
    double[] m = g == g0 ? m0 : measure(g, listener);
    double lowOk = m0[1] <= maxGainReductionDb ? g0 : gainSpec.min();
    while (Math.abs(targetLufs - m[0]) > AIM_LU && passes < MAX_PASSES) {
      if (m[1] > maxGainReductionDb) {
        break;
      }
      lowOk = Math.max(lowOk, g);
      double slope = g == gPrev ? 1.0 : (m[0] - mPrev[0]) / (g - gPrev);
      slope = Math.clamp(slope, 0.05, 1.5);
      double next = gainSpec.clamp(g + (targetLufs - m[0]) / slope);
      if (next == g) {
        return shortOf(targetLufs, g, m, "gain limit");
      }
      gPrev = g;
      mPrev = m;
      g = next;
      m = measure(g, listener);
    }
    if (m[1] <= maxGainReductionDb) {
      boolean reached = Math.abs(targetLufs - m[0]) <= DeliveryTarget.TOLERANCE_LU;
      return reached
          ? new Result(g, m[0], m[1], true, 0.0, "", passes)
          : shortOf(targetLufs, g, m, passes >= MAX_PASSES ? "no convergence" : "gain limit");
    }
    // Too much limiting at g: bisect between the last gain that stayed within the limit and g.
    double high = g;
    double low = lowOk;
    double[] best = measure(low, listener);
    double bestGain = low;
    while (high - low > 0.05 && passes < MAX_PASSES + 8) {
      double mid = 0.5 * (low + high);
      double[] mm = measure(mid, listener);
      if (mm[1] <= maxGainReductionDb) {
        low = mid;
        best = mm;
        bestGain = mid;
      } else {
        high = mid;
      }
    }
    if (Math.abs(targetLufs - best[0]) <= DeliveryTarget.TOLERANCE_LU) {
      return new Result(bestGain, best[0], best[1], true, 0.0, "", passes);
    }
    return shortOf(targetLufs, bestGain, best, "gain reduction limit");
  }

  private Result shortOf(double targetLufs, double g, double[] m, String reason) {
    boolean reached = Math.abs(targetLufs - m[0]) <= DeliveryTarget.TOLERANCE_LU;
    return new Result(g, m[0], m[1], reached, Math.max(0.0, targetLufs - m[0]), reason, passes);
  }

  /**
   * Renders the material with the given gain; returns integrated loudness and largest reduction.
   */
  private double[] measure(double gainDb, PassListener listener) throws IOException {
    chain.set("limiter.gain", gainDb);
    chain.prepare(spec);
    LoudnessMeter meter = new LoudnessMeter(spec.channels(), spec.sampleRate());
    new ChainRenderer(chain, spec.channels(), spec.maxFrames())
        .render(
            material.rewind(),
            (src, off, n) -> {
              if (off == 0) {
                meter.addFrames(src, n);
              } else {
                for (int c = 0; c < view.length; c++) {
                  System.arraycopy(src[c], off, view[c], 0, n);
                }
                meter.addFrames(view, n);
              }
            },
            programFrames,
            null);
    passes++;
    double lufs = meter.integratedLufs();
    double reduction = ((TruePeakLimiter) chain.module("limiter")).maxGainReductionDb();
    if (listener != null) {
      listener.pass(passes, gainDb, lufs, reduction);
    }
    return new double[] {lufs, reduction};
  }
}
