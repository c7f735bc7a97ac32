package lathe.dsp.saturation;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Runs the two IIR stages of 4x oversampling ({@link IirOversampler}'s designs) for a pair of
 * channels with the four all-pass branches of a stage (left A0, left A1, right A0, right A1) as the
 * four lanes of one 256-bit vector, so that one subtraction and one fused multiply-add advance a
 * section of all four. Both stages of each direction run in one loop over the base-rate frames:
 * what the first stage hands the second stays in registers, and the second stage's two steps per
 * frame overlap with the first stage's.
 *
 * <p>Every lane computes exactly what the scalar {@link IirPolyphase} computes for its branch, the
 * same operations on the same values in the same order ({@code fma(a, x - y', x')} per section,
 * {@code 0.5 * (A0 + A1)} per decimated sample), so the two paths agree bit for bit and the state
 * is the same state: the value entering each branch and each section's last output. A branch with
 * one section fewer than its partner (A1 of an odd coefficient count) takes the partner's last
 * section with a coefficient of 0 and keeps its own previous value instead of the result: a blend,
 * not a branch. The lanes' state is snapped by {@link #snapUpsamplers} and {@link
 * #snapDownsamplers} exactly as the scalar filters snap theirs.
 *
 * <p>It needs the incubating {@code jdk.incubator.vector} module and a processor whose preferred
 * vectors hold four doubles; {@link VectorSupport} tells whether both are there. Laid out for the
 * designs of 4x: seven coefficients up and nine down in the first stage, three in the second
 * ({@link #fits} checks).
 */
final class QuadLaneCascade {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
  private static final VectorMask<Double> A0_LANES =
      VectorMask.fromValues(S, true, false, true, false);
  private static final VectorMask<Double> A1_LANES =
      VectorMask.fromValues(S, false, true, false, true);
  private static final VectorMask<Double> UPPER =
      VectorMask.fromValues(S, false, false, true, true);
  private static final VectorShuffle<Double> EVENS = VectorShuffle.fromValues(S, 0, 0, 2, 2);
  private static final VectorShuffle<Double> ODDS = VectorShuffle.fromValues(S, 1, 1, 3, 3);
  private static final VectorShuffle<Double> PAIRS_SWAPPED =
      VectorShuffle.fromValues(S, 1, 0, 3, 2);
  private static final VectorShuffle<Double> HALVES_SWAPPED =
      VectorShuffle.fromValues(S, 2, 3, 0, 1);
  private static final VectorShuffle<Double> FIRST_PAIR_SWAPPED =
      VectorShuffle.fromValues(S, 1, 0, 1, 0);
  private static final VectorShuffle<Double> SECOND_PAIR_SWAPPED =
      VectorShuffle.fromValues(S, 3, 2, 3, 2);

  private static final int UP_FIRST = 4;
  private static final int UP_SECOND = 2;
  private static final int DOWN_SECOND = 2;
  private static final int DOWN_FIRST = 5;

  // Per section, the lane coefficients (A0, A1, A0, A1), 0 for a missing A1 section.
  private final double[] upFirst;
  private final double[] upSecond;
  private final double[] downSecond;
  private final double[] downFirst;
  // Per stage, sections + 1 lane vectors: the value that entered the branch last, then each
  // section's last output (which is the next section's last input).
  private final double[] upFirstState = new double[4 * (UP_FIRST + 1)];
  private final double[] upSecondState = new double[4 * (UP_SECOND + 1)];
  private final double[] downSecondState = new double[4 * (DOWN_SECOND + 1)];
  private final double[] downFirstState = new double[4 * (DOWN_FIRST + 1)];
  // Per base frame, four values: the input (l, l, r, r) or the output half sums.
  private final double[] lanes;

  /** Tells whether the designs have the shapes this cascade is laid out for. */
  static boolean fits(
      IirHalfbandDesign upFirst,
      IirHalfbandDesign upSecond,
      IirHalfbandDesign downSecond,
      IirHalfbandDesign downFirst) {
    return shaped(upFirst, UP_FIRST)
        && shaped(upSecond, UP_SECOND)
        && shaped(downSecond, DOWN_SECOND)
        && shaped(downFirst, DOWN_FIRST);
  }

  private static boolean shaped(IirHalfbandDesign d, int sections) {
    return d.branch0().length == sections && d.branch1().length == sections - 1;
  }

  /**
   * Tells whether this processor's preferred vectors hold at least four doubles, without loading
   * the vector class of another species (see {@code VectorPeakFilters}).
   */
  static boolean supported() {
    return VectorShape.preferredShape().vectorBitSize() >= S.vectorBitSize();
  }

  /** Creates the cascade at rest, for calls of at most {@code maxFrames} base-rate frames. */
  QuadLaneCascade(
      IirHalfbandDesign upFirst,
      IirHalfbandDesign upSecond,
      IirHalfbandDesign downSecond,
      IirHalfbandDesign downFirst,
      int maxFrames) {
    if (!fits(upFirst, upSecond, downSecond, downFirst)) {
      throw new IllegalArgumentException("designs do not fit the four-lane 4x cascade");
    }
    this.upFirst = laneCoefficients(upFirst);
    this.upSecond = laneCoefficients(upSecond);
    this.downSecond = laneCoefficients(downSecond);
    this.downFirst = laneCoefficients(downFirst);
    lanes = new double[4 * maxFrames];
  }

  private static double[] laneCoefficients(IirHalfbandDesign d) {
    double[] a0 = d.branch0();
    double[] a1 = d.branch1();
    double[] c = new double[4 * a0.length];
    for (int t = 0; t < a0.length; t++) {
      double b = t < a1.length ? a1[t] : 0.0;
      c[4 * t] = a0[t];
      c[4 * t + 1] = b;
      c[4 * t + 2] = a0[t];
      c[4 * t + 3] = b;
    }
    return c;
  }

  private static DoubleVector load(double[] a, int vector) {
    return DoubleVector.fromArray(S, a, 4 * vector);
  }

  /** One section of all four lanes: {@code fma(a, x - y', x')}. */
  private static DoubleVector section(
      DoubleVector x, DoubleVector lastOut, DoubleVector a, DoubleVector lastIn) {
    return x.sub(lastOut).lanewise(VectorOperators.FMA, a, lastIn);
  }

  /**
   * Upsamples {@code frames} samples of {@code left} and {@code right} from {@code offset} by four,
   * into {@code highL} and {@code highR} from index {@code 4 * at}.
   */
  void upsample(
      double[] left,
      double[] right,
      int offset,
      int frames,
      double[] highL,
      double[] highR,
      int at) {
    double[] in = lanes;
    for (int i = 0; i < frames; i++) {
      double l = left[offset + i];
      double r = right[offset + i];
      in[4 * i] = l;
      in[4 * i + 1] = l;
      in[4 * i + 2] = r;
      in[4 * i + 3] = r;
    }
    final DoubleVector a0 = load(upFirst, 0);
    final DoubleVector a1 = load(upFirst, 1);
    final DoubleVector a2 = load(upFirst, 2);
    final DoubleVector a3 = load(upFirst, 3);
    final DoubleVector b0 = load(upSecond, 0);
    final DoubleVector b1 = load(upSecond, 1);
    double[] fs = upFirstState;
    double[] ss = upSecondState;
    DoubleVector p0 = load(fs, 0);
    DoubleVector p1 = load(fs, 1);
    DoubleVector p2 = load(fs, 2);
    DoubleVector p3 = load(fs, 3);
    DoubleVector p4 = load(fs, 4);
    DoubleVector q0 = load(ss, 0);
    DoubleVector q1 = load(ss, 1);
    DoubleVector q2 = load(ss, 2);
    for (int i = 0; i < frames; i++) {
      // First stage: (A0 x, A1 x) of each channel, the even and odd samples at twice the rate.
      DoubleVector x = DoubleVector.fromArray(S, in, 4 * i);
      DoubleVector y1 = section(x, p1, a0, p0);
      DoubleVector y2 = section(y1, p2, a1, p1);
      DoubleVector y3 = section(y2, p3, a2, p2);
      DoubleVector y4 = y3.blend(section(y3, p4, a3, p3), A0_LANES);
      p0 = x;
      p1 = y1;
      p2 = y2;
      p3 = y3;
      p4 = y4;
      // Second stage, once per sample at twice the rate, each sample into both branches.
      DoubleVector u = y4.rearrange(EVENS);
      DoubleVector z1 = section(u, q1, b0, q0);
      DoubleVector early = z1.blend(section(z1, q2, b1, q1), A0_LANES);
      q0 = u;
      q1 = z1;
      q2 = early;
      u = y4.rearrange(ODDS);
      z1 = section(u, q1, b0, q0);
      DoubleVector late = z1.blend(section(z1, q2, b1, q1), A0_LANES);
      q0 = u;
      q1 = z1;
      q2 = late;
      // early = (l0, l1, r0, r1), late = (l2, l3, r2, r3): four samples of each channel.
      early.blend(late.rearrange(HALVES_SWAPPED), UPPER).intoArray(highL, 4 * (at + i));
      early.rearrange(HALVES_SWAPPED).blend(late, UPPER).intoArray(highR, 4 * (at + i));
    }
    p0.intoArray(fs, 0);
    p1.intoArray(fs, 4);
    p2.intoArray(fs, 8);
    p3.intoArray(fs, 12);
    p4.intoArray(fs, 16);
    q0.intoArray(ss, 0);
    q1.intoArray(ss, 4);
    q2.intoArray(ss, 8);
  }

  /**
   * Downsamples {@code 4 * frames} samples of {@code highL} and {@code highR} from index {@code 4 *
   * at} by four, into {@code left} and {@code right} from {@code offset}.
   */
  void downsample(
      double[] highL,
      double[] highR,
      int at,
      int frames,
      double[] left,
      double[] right,
      int offset) {
    final DoubleVector b0 = load(downSecond, 0);
    final DoubleVector b1 = load(downSecond, 1);
    final DoubleVector a0 = load(downFirst, 0);
    final DoubleVector a1 = load(downFirst, 1);
    final DoubleVector a2 = load(downFirst, 2);
    final DoubleVector a3 = load(downFirst, 3);
    final DoubleVector a4 = load(downFirst, 4);
    double[] ss = downSecondState;
    double[] fs = downFirstState;
    DoubleVector q0 = load(ss, 0);
    DoubleVector q1 = load(ss, 1);
    DoubleVector q2 = load(ss, 2);
    DoubleVector p0 = load(fs, 0);
    DoubleVector p1 = load(fs, 1);
    DoubleVector p2 = load(fs, 2);
    DoubleVector p3 = load(fs, 3);
    DoubleVector p4 = load(fs, 4);
    DoubleVector p5 = load(fs, 5);
    double[] out = lanes;
    for (int i = 0; i < frames; i++) {
      DoubleVector l = DoubleVector.fromArray(S, highL, 4 * (at + i));
      DoubleVector r = DoubleVector.fromArray(S, highR, 4 * (at + i));
      // Second stage: A0 takes the odd samples, A1 the even ones, then their half sum.
      DoubleVector u =
          l.rearrange(FIRST_PAIR_SWAPPED).blend(r.rearrange(FIRST_PAIR_SWAPPED), UPPER);
      DoubleVector z1 = section(u, q1, b0, q0);
      DoubleVector z2 = z1.blend(section(z1, q2, b1, q1), A0_LANES);
      q0 = u;
      q1 = z1;
      q2 = z2;
      DoubleVector even = z2.add(z2.rearrange(PAIRS_SWAPPED)).mul(0.5);
      u = l.rearrange(SECOND_PAIR_SWAPPED).blend(r.rearrange(SECOND_PAIR_SWAPPED), UPPER);
      z1 = section(u, q1, b0, q0);
      z2 = z1.blend(section(z1, q2, b1, q1), A0_LANES);
      q0 = u;
      q1 = z1;
      q2 = z2;
      DoubleVector odd = z2.add(z2.rearrange(PAIRS_SWAPPED)).mul(0.5);
      // First stage: A0 takes the odd sample at twice the rate, A1 the even one.
      DoubleVector x = odd.blend(even, A1_LANES);
      DoubleVector y1 = section(x, p1, a0, p0);
      DoubleVector y2 = section(y1, p2, a1, p1);
      DoubleVector y3 = section(y2, p3, a2, p2);
      DoubleVector y4 = section(y3, p4, a3, p3);
      DoubleVector y5 = y4.blend(section(y4, p5, a4, p4), A0_LANES);
      p0 = x;
      p1 = y1;
      p2 = y2;
      p3 = y3;
      p4 = y4;
      p5 = y5;
      y5.add(y5.rearrange(PAIRS_SWAPPED)).mul(0.5).intoArray(out, 4 * i);
    }
    q0.intoArray(ss, 0);
    q1.intoArray(ss, 4);
    q2.intoArray(ss, 8);
    p0.intoArray(fs, 0);
    p1.intoArray(fs, 4);
    p2.intoArray(fs, 8);
    p3.intoArray(fs, 12);
    p4.intoArray(fs, 16);
    p5.intoArray(fs, 20);
    for (int i = 0; i < frames; i++) {
      left[offset + i] = out[4 * i];
      right[offset + i] = out[4 * i + 2];
    }
  }

  /** Snaps tiny state of the upsampling stages to zero. */
  void snapUpsamplers() {
    snap(upFirstState);
    snap(upSecondState);
  }

  /** Snaps tiny state of the downsampling stages to zero. */
  void snapDownsamplers() {
    snap(downSecondState);
    snap(downFirstState);
  }

  private static void snap(double[] state) {
    for (int i = 0; i < state.length; i++) {
      state[i] = lathe.dsp.Dsp.flushDenormal(state[i]);
    }
  }

  /** Clears every stage's history. */
  void reset() {
    java.util.Arrays.fill(upFirstState, 0.0);
    java.util.Arrays.fill(upSecondState, 0.0);
    java.util.Arrays.fill(downSecondState, 0.0);
    java.util.Arrays.fill(downFirstState, 0.0);
  }
}
