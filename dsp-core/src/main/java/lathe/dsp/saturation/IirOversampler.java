package lathe.dsp.saturation;

/**
 * Moves two channels to 2, 4 or 8 times the sample rate and back through cascaded minimum-phase
 * polyphase IIR halfbands ({@link IirHalfbandDesign}), leaving the work at the high rate to the
 * caller: {@link #upsample} fills the high-rate buffer, the caller changes it in place, and {@link
 * #downsample} brings it back.
 *
 * <p>The edges are those of the linear-phase {@link Oversampler}: the first downsampler keeps up to
 * 0.48 of the base rate and rejects from 0.52 of it (nine coefficients, 92.0 dB), so a 5 kHz tone's
 * fifth harmonic cannot fold back at 48 kHz; the first upsampler keeps 20 kHz at 44.1 kHz and
 * rejects from 0.5465 of the base rate (seven coefficients, 91.1 dB); the second and third stages
 * keep 0.52 of the base rate and reject from their own rate's half minus that (three coefficients,
 * 86.8 dB, and two, 92.5 dB). Every stage asks for {@value Oversampler#FIRST_STAGE_DECIBELS} dB,
 * the linear-phase path's figure for its steep stage, and its stopband is equiripple at about that
 * level: the largest alias of a 0 dBFS 5 kHz tone driven 12 dB is then about -100 dBFS at 4x, as
 * with the FIR stages. Up and down, the branches run at the lower rate of each stage: 28
 * first-order sections per base frame at 4x.
 *
 * <p>The delay is not constant over frequency. {@link #groupDelayFrames} is its low-frequency value
 * in base frames, from the coefficients in closed form, and {@link #latencyFrames} rounds it.
 */
final class IirOversampler {
  private final IirHalfbandUpsampler[] ups;
  private final IirHalfbandDecimator[] downs;
  private final double[][] buffersL;
  private final double[][] buffersR;
  private final int stages;
  // The four-lane cascade that runs 4x in place of the scalar stages, or null.
  private final QuadLaneCascade quad;

  /**
   * Creates the cascade for two channels (left and right, or any pair).
   *
   * @param stages number of halfband stages: 1, 2 or 3 for 2x, 4x or 8x
   * @param maxFrames largest number of base-rate frames per call
   */
  IirOversampler(int stages, int maxFrames) {
    this(stages, maxFrames, true);
  }

  /**
   * Creates the cascade as {@link #IirOversampler(int, int)}, on the scalar stages even where the
   * four-lane cascade could run (which gives the same samples): for tests that compare the two.
   */
  static IirOversampler scalar(int stages, int maxFrames) {
    return new IirOversampler(stages, maxFrames, false);
  }

  private IirOversampler(int stages, int maxFrames, boolean vectors) {
    this.stages = stages;
    ups = new IirHalfbandUpsampler[stages];
    downs = new IirHalfbandDecimator[stages];
    for (int s = 0; s < stages; s++) {
      ups[s] = new IirHalfbandUpsampler(upDesign(s), maxFrames << s);
      downs[s] = new IirHalfbandDecimator(downDesign(s), maxFrames << s);
    }
    quad =
        vectors && stages == 2 && useVectors()
            ? new QuadLaneCascade(upDesign(0), upDesign(1), downDesign(1), downDesign(0), maxFrames)
            : null;
    buffersL = new double[stages + 1][];
    buffersR = new double[stages + 1][];
    for (int s = 1; s <= stages; s++) {
      buffersL[s] = new double[maxFrames << s];
      buffersR[s] = new double[maxFrames << s];
    }
  }

  private static boolean useVectors() {
    return lathe.dsp.VectorSupport.enabled()
        && QuadLaneCascade.fits(upDesign(0), upDesign(1), downDesign(1), downDesign(0));
  }

  private static volatile boolean vectorsWarm;

  /**
   * Compiles the four-lane cascade's loops before any audio needs them ({@link
   * lathe.dsp.VectorSupport#warmUp}), once per JVM; does nothing when they do not run here.
   */
  static void warmUpVectors() {
    if (vectorsWarm || !useVectors()) {
      return;
    }
    synchronized (IirOversampler.class) {
      if (vectorsWarm) {
        return;
      }
      IirOversampler o = new IirOversampler(2, 64);
      double[] l = new double[64];
      double[] r = new double[64];
      java.util.Random random = new java.util.Random(1);
      int[] call = {0};
      lathe.dsp.VectorSupport.warmUp(
          () -> {
            int n = (call[0]++ & 1) == 0 ? 64 : 33;
            for (int i = 0; i < n; i++) {
              l[i] = random.nextDouble() - 0.5;
              r[i] = random.nextDouble() - 0.5;
            }
            o.upsample(l, r, 0, n, 0);
            o.downsample(l, r, 0, n, 0);
            o.snapDenormals();
          });
      vectorsWarm = true;
    }
  }

  /** Tells whether the four-lane vector cascade runs the stages. */
  boolean vectorized() {
    return quad != null;
  }

  /** Returns the upsampling design of stage {@code s} (0 = next to the base rate). */
  static IirHalfbandDesign upDesign(int s) {
    return s == 0 ? Designs.FIRST_UP : Designs.ALL[s];
  }

  /** Returns the downsampling design of stage {@code s} (0 = next to the base rate). */
  static IirHalfbandDesign downDesign(int s) {
    return Designs.ALL[s];
  }

  /**
   * Returns the low-frequency delay of up- and downsampling through {@code stages} stages, in base
   * frames: a stage whose up and down filters delay DC by {@code tu} and {@code td} samples of its
   * high rate, around inner stages that delay by {@code D} of them, delays by {@code (tu + td - 1 +
   * D) / 2} samples of its low rate (the decimator keeps the odd outputs, one sample early).
   */
  static double groupDelayFrames(int stages) {
    double inner = 0;
    for (int s = stages - 1; s >= 0; s--) {
      inner = (upDesign(s).dcGroupDelay() + downDesign(s).dcGroupDelay() - 1 + inner) / 2;
    }
    return inner;
  }

  /** Returns {@link #groupDelayFrames} rounded to whole frames. */
  static int latencyFrames(int stages) {
    return (int) Math.round(groupDelayFrames(stages));
  }

  /** Returns the number of stages (1, 2 or 3). */
  int stages() {
    return stages;
  }

  /**
   * Upsamples {@code frames} base-rate samples of each channel from {@code offset} into the
   * high-rate buffers ({@link #highLeft}, {@link #highRight}), {@code frames << stages} samples
   * from index 0.
   */
  void upsample(double[] left, double[] right, int offset, int frames) {
    upsample(left, right, offset, frames, 0);
  }

  /**
   * Upsamples as {@link #upsample(double[], double[], int, int)}, into the high-rate buffers from
   * index {@code at << stages}: successive calls with {@code at} counting the frames already done
   * fill the buffers with a whole block, for the caller to change in one pass.
   */
  void upsample(double[] left, double[] right, int offset, int frames, int at) {
    if (quad != null) {
      quad.upsample(left, right, offset, frames, buffersL[2], buffersR[2], at);
      return;
    }
    ups[0].process(left, right, offset, buffersL[1], buffersR[1], at << 1, frames);
    for (int s = 1; s < stages; s++) {
      ups[s].process(
          buffersL[s],
          buffersR[s],
          at << s,
          buffersL[s + 1],
          buffersR[s + 1],
          at << (s + 1),
          frames << s);
    }
  }

  /** Returns the left channel's high-rate buffer, which the caller may change in place. */
  double[] highLeft() {
    return buffersL[stages];
  }

  /** Returns the right channel's high-rate buffer, which the caller may change in place. */
  double[] highRight() {
    return buffersR[stages];
  }

  /**
   * Downsamples the {@code frames << stages} samples of the high-rate buffers into {@code frames}
   * samples of each output from {@code offset}.
   */
  void downsample(double[] left, double[] right, int offset, int frames) {
    downsample(left, right, offset, frames, 0);
  }

  /**
   * Downsamples as {@link #downsample(double[], double[], int, int)}, reading the high-rate buffers
   * from index {@code at << stages}.
   */
  void downsample(double[] left, double[] right, int offset, int frames, int at) {
    if (quad != null) {
      quad.downsample(buffersL[2], buffersR[2], at, frames, left, right, offset);
      return;
    }
    for (int s = stages - 1; s > 0; s--) {
      downs[s].process(
          buffersL[s + 1],
          buffersR[s + 1],
          at << (s + 1),
          buffersL[s],
          buffersR[s],
          at << s,
          frames << s);
    }
    downs[0].process(buffersL[1], buffersR[1], at << 1, left, right, offset, frames);
  }

  /** Snaps tiny filter state to zero, so that silence decays to exact zeros. */
  void snapDenormals() {
    snapUpsamplers();
    snapDownsamplers();
  }

  /** Snaps tiny state of the upsampling filters to zero. */
  void snapUpsamplers() {
    if (quad != null) {
      quad.snapUpsamplers();
      return;
    }
    for (IirHalfbandUpsampler u : ups) {
      u.snapDenormals();
    }
  }

  /** Snaps tiny state of the downsampling filters to zero. */
  void snapDownsamplers() {
    if (quad != null) {
      quad.snapDownsamplers();
      return;
    }
    for (IirHalfbandDecimator d : downs) {
      d.snapDenormals();
    }
  }

  /** Clears every filter's history. */
  void reset() {
    if (quad != null) {
      quad.reset();
    }
    for (int s = 0; s < stages; s++) {
      ups[s].reset();
      downs[s].reset();
    }
  }

  /** Holds the stage designs, built once. */
  private static final class Designs {
    static final IirHalfbandDesign FIRST_UP =
        new IirHalfbandDesign(
            (1 - 2 * Oversampler.UP_PASS_EDGE) / 2, Oversampler.FIRST_STAGE_DECIBELS);
    static final IirHalfbandDesign[] ALL = {
      new IirHalfbandDesign((1 - 2 * Oversampler.PASS_EDGE) / 2, Oversampler.FIRST_STAGE_DECIBELS),
      new IirHalfbandDesign(
          (2 - 2 * (1 - Oversampler.PASS_EDGE)) / 4, Oversampler.FIRST_STAGE_DECIBELS),
      new IirHalfbandDesign(
          (4 - 2 * (1 - Oversampler.PASS_EDGE)) / 8, Oversampler.FIRST_STAGE_DECIBELS),
    };
  }
}
