package lathe.dsp.saturation;

/**
 * Runs a saturation curve on one channel at 2, 4 or 8 times the sample rate, through cascaded
 * linear-phase halfband stages, and brings the result back to the base rate.
 *
 * <p>Stage 1 (between the base rate and twice it) is asymmetric. Its downsampler keeps up to 0.48
 * of the base rate and rejects from 0.52 of it (23.04 kHz and 24.96 kHz at 48 kHz) by {@value
 * #FIRST_STAGE_DECIBELS} dB, so a 5 kHz tone's fifth harmonic (25 kHz) cannot fold back; its 2K + 1
 * = 271 taps cost 68 multiplications per frame. Its upsampler only has to keep the audible band: it
 * is flat to 20 kHz at 44.1 kHz (0.4535 of the base rate, 21.8 kHz at 48 kHz) and rejects from
 * 0.5465 of it, so its 119 taps cost 30 multiplications per frame; the wet path rolls off between
 * 0.4535 and 0.5 of the base rate, and the images it lets through there (of content above 21.8 kHz
 * at 48 kHz) fall back on their own frequency or above 20 kHz. Later stages only need to keep 0.52
 * of the base rate and reject from their own rate's half minus that, so they are short (35 and 23
 * taps); they are designed for {@value #OUTER_STAGE_DECIBELS} dB and reach 118 and 112 dB (Kaiser's
 * length formula is optimistic for short filters).
 *
 * <p>The delay of up- and downsampling through every stage is whole at the base rate: where a
 * stage's total is odd at its own rate, its decimator adds one sample. The result ({@link
 * #latencyFrames}) is 97 frames at 2x, 106 at 4x and 109 at 8x, whatever the sample rate.
 */
final class Oversampler {
  /** Stopband attenuation of the first (steep) stage, in dB. */
  static final double FIRST_STAGE_DECIBELS = 85;

  /** Stopband attenuation of the second and third stages, in dB. */
  static final double OUTER_STAGE_DECIBELS = 120;

  /** Highest frequency kept by the first downsampling stage, as a fraction of the base rate. */
  static final double PASS_EDGE = 0.48;

  /**
   * Highest frequency kept flat by the first upsampling stage, as a fraction of the base rate: 20
   * kHz at 44.1 kHz (21.8 kHz at 48 kHz).
   */
  static final double UP_PASS_EDGE = 20000.0 / 44100.0;

  private final HalfbandUpsampler[] ups;
  private final HalfbandDecimator[] downs;
  private final double[][] buffers;
  private final int stages;

  /**
   * Creates the cascade for one channel.
   *
   * @param stages number of halfband stages: 1, 2 or 3 for 2x, 4x or 8x
   * @param maxFrames largest number of base-rate frames per call
   */
  Oversampler(int stages, int maxFrames) {
    this.stages = stages;
    ups = new HalfbandUpsampler[stages];
    downs = new HalfbandDecimator[stages];
    boolean[] pads = pads(stages);
    for (int s = 0; s < stages; s++) {
      ups[s] = new HalfbandUpsampler(upDesign(s), maxFrames << s);
      downs[s] = new HalfbandDecimator(downDesign(s), pads[s], maxFrames << s);
    }
    buffers = new double[stages + 1][];
    for (int s = 1; s <= stages; s++) {
      buffers[s] = new double[maxFrames << s];
    }
  }

  /** Returns the upsampling design of stage {@code s} (0 = next to the base rate). */
  static HalfbandDesign upDesign(int s) {
    return s == 0 ? Designs.FIRST_UP : Designs.ALL[s];
  }

  /** Returns the downsampling design of stage {@code s} (0 = next to the base rate). */
  static HalfbandDesign downDesign(int s) {
    return Designs.ALL[s];
  }

  /** Returns the delay of up- and downsampling through {@code stages} stages, in base frames. */
  static int latencyFrames(int stages) {
    int inner = 0;
    for (int s = stages - 1; s >= 0; s--) {
      int total = upDesign(s).halfLength() + downDesign(s).halfLength() + inner;
      total += total & 1;
      inner = total / 2;
    }
    return inner;
  }

  private static boolean[] pads(int stages) {
    boolean[] pads = new boolean[stages];
    int inner = 0;
    for (int s = stages - 1; s >= 0; s--) {
      int total = upDesign(s).halfLength() + downDesign(s).halfLength() + inner;
      pads[s] = (total & 1) != 0;
      inner = (total + (total & 1)) / 2;
    }
    return pads;
  }

  /** Shapes {@code frames} base-rate samples of {@code x} from {@code offset} in place. */
  void process(double[] x, int offset, int frames, SaturationCurve curve) {
    double[] src = x;
    int srcOffset = offset;
    for (int s = 0; s < stages; s++) {
      ups[s].process(src, srcOffset, buffers[s + 1], frames << s);
      src = buffers[s + 1];
      srcOffset = 0;
    }
    curve.shapeInPlace(buffers[stages], 0, frames << stages);
    for (int s = stages - 1; s >= 0; s--) {
      if (s == 0) {
        downs[0].process(buffers[1], x, offset, frames);
      } else {
        downs[s].process(buffers[s + 1], buffers[s], 0, frames << s);
      }
    }
  }

  /** Clears every filter's history. */
  void reset() {
    for (int s = 0; s < stages; s++) {
      ups[s].reset();
      downs[s].reset();
    }
  }

  /** Holds the three stage designs, built once. */
  private static final class Designs {
    static final HalfbandDesign FIRST_UP =
        new HalfbandDesign((1 - 2 * UP_PASS_EDGE) / 2, FIRST_STAGE_DECIBELS);
    static final HalfbandDesign[] ALL = {
      new HalfbandDesign((1 - 2 * PASS_EDGE) / 2, FIRST_STAGE_DECIBELS),
      new HalfbandDesign((2 - 2 * (1 - PASS_EDGE)) / 4, OUTER_STAGE_DECIBELS),
      new HalfbandDesign((4 - 2 * (1 - PASS_EDGE)) / 8, OUTER_STAGE_DECIBELS),
    };
  }
}
