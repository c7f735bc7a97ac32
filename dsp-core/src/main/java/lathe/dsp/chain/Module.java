package lathe.dsp.chain;

import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.Processor;
import lathe.dsp.param.ParamSpec;

/**
 * Is one module of the mastering chain: a processor with a short id and its parameters.
 *
 * <p>The chain adds a {@code <id>.bypass} switch for every module and delivers parameter values
 * with {@link #setParameter} on the audio thread at the top of a block. A setter stores the value
 * in engine units and marks coefficients dirty; smoothing happens inside {@link #process}. The
 * chain delivers every value once before {@link #prepare}, and {@code prepare} starts each smoother
 * at its target, so a freshly prepared module does not ramp.
 */
public abstract class Module implements Processor {
  private final String id;
  private final List<ParamSpec> params;
  private boolean inputSane;

  /**
   * Creates a module.
   *
   * @param id short lower-case id that prefixes every parameter id ({@code eq})
   * @param params the module's parameters, in display order, each id starting with {@code id + "."}
   */
  protected Module(String id, List<ParamSpec> params) {
    this.id = id;
    this.params = List.copyOf(params);
    for (ParamSpec p : this.params) {
      if (!p.id().startsWith(id + ".")) {
        throw new IllegalArgumentException(p.id() + " does not belong to module " + id);
      }
    }
  }

  /** Returns the module id, such as {@code eq}. */
  public final String id() {
    return id;
  }

  /** Returns the parameters of this module, without the bypass switch the chain adds. */
  public final List<ParamSpec> params() {
    return params;
  }

  /**
   * Sets a parameter's plain value, already clamped to its range; called on the audio thread.
   *
   * @param index position of the parameter in {@link #params()}
   * @param value plain value in the parameter's unit
   */
  public abstract void setParameter(int index, double value);

  /**
   * Tells the module where the programme starts and ends, for modules that act on position (fades).
   *
   * @param programFrames length of the programme in frames, or -1 when unknown (live)
   * @param upstreamLatencyFrames delay of the modules before this one, so that frame {@code
   *     upstreamLatencyFrames} seen here is the programme's first frame
   */
  public void setTimeline(long programFrames, int upstreamLatencyFrames) {}

  /**
   * Replaces NaN, infinite and absurdly large input samples by zero, in place, unless the chain
   * this module runs in has already done so: a chain sanitizes its input once and every module
   * outputs only finite samples, so re-checking each module's input would cost a pass over the
   * block per module (about 5 % of the full chain) for nothing. Call it at the top of {@code
   * process}.
   */
  protected final void sanitizeInput(double[][] x, int channels, int frames) {
    if (!inputSane) {
      Dsp.sanitize(x, channels, frames);
    }
  }

  /** Tells the module that its input is sanitized upstream (called by the chain). */
  final void setInputSanitized(boolean sane) {
    inputSane = sane;
  }

  /**
   * Tells whether the chain should crossfade this module's bypass; a module whose output must stay
   * on a grid (dither) switches at once instead, which is inaudible for it.
   */
  public boolean crossfadesBypass() {
    return true;
  }
}
