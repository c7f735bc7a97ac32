package lathe.dsp.fade;

import java.util.List;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;

/**
 * Fades the programme in from silence and out to silence ({@code fade}), by the frame position it
 * counts itself.
 *
 * <p>Which frame gets which gain: the module counts the frames it has processed since {@link
 * #prepare} or {@link #reset} (module frame {@code m}). The programme's frame {@code p = m - L}
 * where {@code L} is the upstream latency given to {@link #setTimeline}, and the programme is
 * {@code P} frames long. With {@code N = round(fade.in * rate)} and {@code M = round(fade.out *
 * rate)}:
 *
 * <ul>
 *   <li>fade-in (when {@code N > 0}): pre-roll frames {@code p < 0} get 0; frame {@code p = k},
 *       {@code k = 0 .. N-1}, gets {@code inCurve(k / N)}, so the programme's first frame is
 *       exactly 0; every later frame gets exactly 1;
 *   <li>fade-out (when {@code M > 0} and {@code P} is known): with {@code r = P - 1 - p} frames
 *       left after this one, frame {@code r = k}, {@code k = 0 .. M-1}, gets {@code outCurve(k /
 *       M)}, so the programme's last frame is exactly 0 and the fade-out is the mirror image of a
 *       fade-in of the same shape; frames after the programme ({@code r < 0}, the latency flush)
 *       get 0; earlier frames get exactly 1;
 *   <li>when the two fades overlap on a short programme, their gains multiply;
 *   <li>with {@code P = -1} (live or unknown length, the default) the fade-out does nothing; a live
 *       fade trigger is not part of this module yet.
 * </ul>
 *
 * <p>With both fades at 0 s the module is bit-transparent (pre-roll and flush pass unchanged).
 * Defaults: fade lengths 0 s, an equal-power fade-in (it keeps the level rising evenly to the ear)
 * and a logarithmic fade-out (an even decay in decibels, the usual mastering fade-out). A change of
 * a fade's length or curve while audio runs moves the gain to the new envelope over {@value
 * #GLIDE_SECONDS} s rather than jumping, except onto an exact zero (before, at or after the
 * programme's ends), which is honoured at once.
 */
public final class FadeModule extends Module {
  /** Length of the fade-in, in seconds (0 = none). */
  public static final ParamSpec IN =
      ParamSpec.number("fade.in", "Fade in", "s", 0, 60, 0, Taper.LINEAR);

  /** Shape of the fade-in: {@code linear}, {@code equal-power} (default) or {@code logarithmic}. */
  public static final ParamSpec IN_CURVE =
      ParamSpec.choice(
          "fade.in.curve", "Fade-in curve", FadeCurve.EQUAL_POWER.ordinal(), FadeCurve.labels());

  /** Length of the fade-out, in seconds (0 = none). */
  public static final ParamSpec OUT =
      ParamSpec.number("fade.out", "Fade out", "s", 0, 60, 0, Taper.LINEAR);

  /**
   * Shape of the fade-out: {@code linear}, {@code equal-power} or {@code logarithmic} (default).
   */
  public static final ParamSpec OUT_CURVE =
      ParamSpec.choice(
          "fade.out.curve", "Fade-out curve", FadeCurve.LOGARITHMIC.ordinal(), FadeCurve.labels());

  /** Time over which a changed setting glides to its new envelope, in seconds. */
  public static final double GLIDE_SECONDS = 0.010;

  private double sampleRate;
  private int channels;
  private boolean prepared;

  private double inSeconds = IN.defaultValue();
  private double outSeconds = OUT.defaultValue();
  private FadeCurve inCurve = FadeCurve.ofIndex(IN_CURVE.defaultValue());
  private FadeCurve outCurve = FadeCurve.ofIndex(OUT_CURVE.defaultValue());
  private long programFrames = -1;
  private long startFrame;

  private long inFrames;
  private long outFrames;
  private long unityBegin = Long.MIN_VALUE;
  private long unityEnd = Long.MAX_VALUE;

  private long position;
  private int glideFrames = 1;
  private int glideRemaining;
  private double glideOffset;

  /** Creates a fade module with both fades off. */
  public FadeModule() {
    super("fade", List.of(IN, IN_CURVE, OUT, OUT_CURVE));
  }

  @Override
  public void setParameter(int index, double value) {
    double before = prepared && position > 0 ? gainAt(position) : Double.NaN;
    switch (index) {
      case 0 -> inSeconds = value;
      case 1 -> inCurve = FadeCurve.ofIndex(value);
      case 2 -> outSeconds = value;
      case 3 -> outCurve = FadeCurve.ofIndex(value);
      default -> throw new IllegalArgumentException("no parameter " + index + " in fade");
    }
    update();
    if (!Double.isNaN(before)) {
      double after = envelope(position);
      if (before != after) {
        glideOffset = before - after;
        glideRemaining = glideFrames;
      }
    }
  }

  /**
   * Sets the programme's length and where it starts; call after {@link #prepare} and before
   * processing, never during it.
   *
   * @param programFrames length of the programme in frames, or -1 when unknown (live): then the
   *     fade-out does nothing
   * @param upstreamLatencyFrames delay of the modules before this one, in frames: the module's
   *     frame {@code upstreamLatencyFrames} is the programme's first frame
   */
  @Override
  public void setTimeline(long programFrames, int upstreamLatencyFrames) {
    this.programFrames = programFrames < 0 ? -1 : programFrames;
    this.startFrame = Math.max(0, upstreamLatencyFrames);
    update();
  }

  @Override
  public void prepare(ProcessSpec spec) {
    sampleRate = spec.sampleRate();
    channels = spec.channels();
    glideFrames = Math.max(1, (int) Math.round(sampleRate * GLIDE_SECONDS));
    prepared = true;
    update();
    reset();
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (glideRemaining == 0 && position >= unityBegin && position + frames <= unityEnd) {
      position += frames;
      return;
    }
    for (int i = 0; i < frames; i++) {
      double g = gainAt(position);
      if (glideRemaining > 0) {
        glideRemaining--;
      }
      for (int c = 0; c < channels; c++) {
        x[c][i] *= g;
      }
      position++;
    }
  }

  /** Returns the position to the first frame and drops any glide in progress. */
  @Override
  public void reset() {
    position = 0;
    glideRemaining = 0;
    glideOffset = 0;
  }

  /** Returns the number of frames processed since {@link #prepare} or {@link #reset}. */
  public long positionFrames() {
    return position;
  }

  private void update() {
    inFrames = Math.round(inSeconds * sampleRate);
    outFrames = Math.round(outSeconds * sampleRate);
    unityBegin = inFrames > 0 ? startFrame + inFrames : Long.MIN_VALUE;
    unityEnd =
        outFrames > 0 && programFrames >= 0
            ? startFrame + programFrames - outFrames
            : Long.MAX_VALUE;
  }

  /** Returns the gain of module frame {@code m}: the envelope, plus any glide in progress. */
  private double gainAt(long m) {
    double g = envelope(m);
    if (glideRemaining > 0 && g != 0.0) {
      g = Math.clamp(g + glideOffset * glideRemaining / glideFrames, 0.0, 1.0);
    }
    return g;
  }

  /** Returns the envelope of module frame {@code m} as the class comment defines it. */
  private double envelope(long m) {
    long p = m - startFrame;
    double g = 1.0;
    if (inFrames > 0) {
      if (p < 0) {
        return 0.0;
      }
      if (p < inFrames) {
        g = inCurve.gain((double) p / inFrames);
      }
    }
    if (outFrames > 0 && programFrames >= 0) {
      long r = programFrames - 1 - p;
      if (r < 0) {
        return 0.0;
      }
      if (r < outFrames) {
        g *= outCurve.gain((double) r / outFrames);
      }
    }
    return g;
  }
}
