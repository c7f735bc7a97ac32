package lathe.dsp.dither;

import java.util.Arrays;
import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.param.ParamSpec;

/**
 * Requantizes the master to the output file's integer grid ({@code dither}), with triangular (TPDF)
 * dither, optionally noise-shaped.
 *
 * <p>{@link #setOutputBits} chooses the grid: 0 (the default, float output) leaves the audio
 * untouched, bit for bit; 16 or 24 quantizes here, so the writer's conversion ({@code value *
 * 2^(bits-1)}, rounded) is exact. With {@code q = 2^(bits-1)} and one LSB = {@code 1/q}, each
 * sample becomes {@code y = round(x q + d) / q}, clamped to {@code [-1, 1 - 1/q]}, where {@code d}
 * depends on {@code dither.mode}:
 *
 * <ul>
 *   <li>{@code off}: {@code d = 0}, plain rounding (still on the grid, but the error follows the
 *       signal: distortion on quiet material);
 *   <li>{@code tpdf} (default): {@code d} is the sum of two independent uniform [-0.5, 0.5) LSB
 *       values (on a grid of 2^-32 LSB, both from one 64-bit draw), so the total error has mean 0
 *       and power {@code 1/4} LSB² (1/12 rounding + 1/6 dither) whatever the signal;
 *   <li>{@code shaped}: the same TPDF dither inside an error-feedback loop, {@code y = round(x q -
 *       sum h[k] e[n-1-k] + d)}, {@code e = y - (x q - sum h[k] e[n-1-k])}, which shapes the total
 *       error by {@code 1 - H(z)} (see {@link NoiseShape}); {@code e} is clipped to ±1.5 LSB (its
 *       largest value when nothing clips) so that full-scale clipping cannot drive the loop. The
 *       fed-back sum is taken oldest error first and the newest with the dither in one fused
 *       multiply-add, for speed; {@code y} then differs from the plain order of operations only
 *       where {@code x q - sum + d} lies within rounding (a few 2^-29 LSB) of a half-LSB boundary,
 *       and by one LSB there. At rates outside 44.1..48 kHz, where the shape was not designed, it
 *       falls back to flat TPDF.
 * </ul>
 *
 * <p>Each channel has its own xoshiro256** generator, seeded from the module's seed and the channel
 * at {@link #prepare} and {@link #reset}, so renders are repeatable. A mode change applies at the
 * top of the next block and clears the feedback history.
 */
public final class DitherModule extends Module {
  /** Dither mode: {@code off} (plain rounding), {@code tpdf} (default) or {@code shaped}. */
  public static final ParamSpec MODE =
      ParamSpec.choice("dither.mode", "Dither", 1, "off", "tpdf", "shaped");

  /** Index of {@code off} in {@link #MODE}. */
  public static final int MODE_OFF = 0;

  /** Index of {@code tpdf} in {@link #MODE}. */
  public static final int MODE_TPDF = 1;

  /** Index of {@code shaped} in {@link #MODE}. */
  public static final int MODE_SHAPED = 2;

  /** Seed of a module built without one. */
  public static final long DEFAULT_SEED = 0x6C617468654449L;

  /** Largest magnitude of the fed-back loop error, in LSB. */
  public static final double ERROR_CLIP_LSB = 1.5;

  private final long seed;
  private int outputBits;
  private int mode = MODE_TPDF;
  private int channels;
  private boolean shapingApplies;
  private Xoshiro256[] random = new Xoshiro256[0];
  private double[][] history = new double[0][];

  /** Creates a dither module with the default seed and float output (no quantization). */
  public DitherModule() {
    this(DEFAULT_SEED);
  }

  /** Creates a dither module whose random sequences start from {@code seed}. */
  public DitherModule(long seed) {
    super("dither", List.of(MODE));
    this.seed = seed;
  }

  /**
   * Sets the output word length; call from the control thread before {@link #prepare}.
   *
   * @param bits 16 or 24 for integer output, 0 for float output (the module then does nothing)
   */
  public void setOutputBits(int bits) {
    if (bits != 0 && bits != 16 && bits != 24) {
      throw new IllegalArgumentException("output bits must be 0, 16 or 24: " + bits);
    }
    outputBits = bits;
  }

  /**
   * Returns the largest difference, in output LSBs, between the module's input and its quantized
   * output for a mode at a rate (when nothing clips): 0.5 for plain rounding, 1.5 for TPDF, and for
   * shaped dither 1.5 plus the clipped error fed back through the shaping filter.
   */
  public static double peakErrorLsb(int mode, double sampleRate) {
    if (mode == MODE_OFF) {
      return 0.5;
    }
    if (mode == MODE_TPDF || !NoiseShape.appliesAt(sampleRate)) {
      return 1.5;
    }
    double sum = 0.0;
    for (int k = 0; k < NoiseShape.taps(); k++) {
      sum += Math.abs(NoiseShape.coefficient(k));
    }
    return 1.5 + ERROR_CLIP_LSB * sum;
  }

  /** Returns the output word length in bits, 0 for float output. */
  public int outputBits() {
    return outputBits;
  }

  @Override
  public void setParameter(int index, double value) {
    if (index != 0) {
      throw new IllegalArgumentException("no parameter " + index + " in dither");
    }
    int m = (int) Math.clamp(Math.rint(value), MODE_OFF, MODE_SHAPED);
    if (m != mode) {
      mode = m;
      clearHistory();
    }
  }

  @Override
  public void prepare(ProcessSpec spec) {
    channels = spec.channels();
    shapingApplies = NoiseShape.appliesAt(spec.sampleRate());
    random = new Xoshiro256[channels];
    history = new double[channels][NoiseShape.taps()];
    for (int c = 0; c < channels; c++) {
      random[c] = new Xoshiro256(seed);
    }
    reset();
  }

  @Override
  public void process(double[][] x, int frames) {
    sanitizeInput(x, channels, frames);
    if (outputBits == 0) {
      return;
    }
    double q = Math.scalb(1.0, outputBits - 1);
    double lowest = -q;
    double highest = q - 1;
    if (mode == MODE_SHAPED && shapingApplies) {
      if (channels == 2) {
        // two independent loops side by side, so that their latencies overlap
        shapeStereo(x[0], x[1], frames, random[0], random[1], history[0], history[1], q);
      } else {
        shape(x[0], frames, random[0], history[0], q);
      }
      return;
    }
    double lsb = 1.0 / q;
    for (int c = 0; c < channels; c++) {
      double[] ch = x[c];
      if (mode == MODE_OFF) {
        for (int i = 0; i < frames; i++) {
          ch[i] = Math.clamp(Math.rint(ch[i] * q), lowest, highest) * lsb;
        }
      } else {
        Xoshiro256 r = random[c];
        for (int i = 0; i < frames; i++) {
          ch[i] = clampWord(Math.rint(ch[i] * q + r.nextTriangular()), q) * lsb;
        }
      }
    }
  }

  /** Clamps a rounded (finite) value to the word {@code [-q, q - 1]}; rarely taken branches. */
  private static double clampWord(double y, double q) {
    return y < -q ? -q : y > q - 1 ? q - 1 : y;
  }

  /** Clamps the (finite) loop error to ±{@link #ERROR_CLIP_LSB}; rarely taken branches. */
  private static double clampError(double e) {
    return e > ERROR_CLIP_LSB ? ERROR_CLIP_LSB : e < -ERROR_CLIP_LSB ? -ERROR_CLIP_LSB : e;
  }

  private static void shape(double[] ch, int frames, Xoshiro256 r, double[] e, double q) {
    // unrolled for the five taps of NoiseShape
    double h0 = NoiseShape.coefficient(0);
    double h1 = NoiseShape.coefficient(1);
    double h2 = NoiseShape.coefficient(2);
    double h3 = NoiseShape.coefficient(3);
    double h4 = NoiseShape.coefficient(4);
    double e0 = e[0];
    double e1 = e[1];
    double e2 = e[2];
    double e3 = e[3];
    double e4 = e[4];
    double lsb = 1.0 / q;
    for (int i = 0; i < frames; i++) {
      // see shapeStereo for the order of the sum
      double p = ch[i] * q - (h4 * e4 + h3 * e3 + h2 * e2 + h1 * e1);
      double v = Math.fma(-h0, e0, p);
      double y = clampWord(Math.rint(Math.fma(-h0, e0, p + r.nextTriangular())), q);
      e4 = e3;
      e3 = e2;
      e2 = e1;
      e1 = e0;
      e0 = clampError(y - v);
      ch[i] = y * lsb;
    }
    storeHistory(e, e0, e1, e2, e3, e4);
  }

  private static void shapeStereo(
      double[] a,
      double[] b,
      int frames,
      Xoshiro256 ra,
      Xoshiro256 rb,
      double[] ea,
      double[] eb,
      double q) {
    double h0 = NoiseShape.coefficient(0);
    double h1 = NoiseShape.coefficient(1);
    double h2 = NoiseShape.coefficient(2);
    double h3 = NoiseShape.coefficient(3);
    double h4 = NoiseShape.coefficient(4);
    double a0 = ea[0];
    double a1 = ea[1];
    double a2 = ea[2];
    double a3 = ea[3];
    double a4 = ea[4];
    double b0 = eb[0];
    double b1 = eb[1];
    double b2 = eb[2];
    double b3 = eb[3];
    double b4 = eb[4];
    double lsb = 1.0 / q;
    for (int i = 0; i < frames; i++) {
      // The loop is bound by its recursion, from one frame's error to the next. The fed-back sum
      // takes the older errors first, newest last, and the newest (a0) in one fused multiply-add,
      // which the dither is added ahead of, so the recursion is that fused multiply-add, the
      // rounding, the clamps and one subtraction: about half the latency of summing from a0 on.
      double pa = a[i] * q - (h4 * a4 + h3 * a3 + h2 * a2 + h1 * a1);
      double pb = b[i] * q - (h4 * b4 + h3 * b3 + h2 * b2 + h1 * b1);
      double va = Math.fma(-h0, a0, pa);
      double vb = Math.fma(-h0, b0, pb);
      double ya = clampWord(Math.rint(Math.fma(-h0, a0, pa + ra.nextTriangular())), q);
      double yb = clampWord(Math.rint(Math.fma(-h0, b0, pb + rb.nextTriangular())), q);
      a4 = a3;
      a3 = a2;
      a2 = a1;
      a1 = a0;
      a0 = clampError(ya - va);
      b4 = b3;
      b3 = b2;
      b2 = b1;
      b1 = b0;
      b0 = clampError(yb - vb);
      a[i] = ya * lsb;
      b[i] = yb * lsb;
    }
    storeHistory(ea, a0, a1, a2, a3, a4);
    storeHistory(eb, b0, b1, b2, b3, b4);
  }

  private static void storeHistory(
      double[] e, double e0, double e1, double e2, double e3, double e4) {
    e[0] = Dsp.flushDenormal(e0);
    e[1] = Dsp.flushDenormal(e1);
    e[2] = Dsp.flushDenormal(e2);
    e[3] = Dsp.flushDenormal(e3);
    e[4] = Dsp.flushDenormal(e4);
  }

  /** Reseeds every channel's generator and clears the noise-shaping history. */
  @Override
  public void reset() {
    for (int c = 0; c < random.length; c++) {
      random[c].reseed(seed + 0x632BE59BD9B4E019L * (c + 1));
    }
    clearHistory();
  }

  private void clearHistory() {
    for (double[] h : history) {
      Arrays.fill(h, 0.0);
    }
  }

  /** Returns the fed-back error of a channel {@code k + 1} frames ago, in LSB (for tests). */
  double loopErrorLsb(int channel, int k) {
    return history[channel][k];
  }

  /**
   * Switches bypass at once: a crossfade would mix the quantized output with the unquantized one.
   */
  @Override
  public boolean crossfadesBypass() {
    return false;
  }
}
