package lathe.dsp.saturation;

import lathe.dsp.Dsp;

/**
 * Runs the two all-pass branches of a polyphase IIR halfband ({@link IirHalfbandDesign}) for two
 * channels at once, at the lower rate, and keeps their state.
 *
 * <p>Each section {@code y[n] = a x[n] + x[n-1] - a y[n-1]} is evaluated as {@code fma(a, x[n] -
 * y[n-1], x[n-1])}: a subtraction and a fused multiply-add, which most cores issue to different
 * pipes. What one sample hands the next through a section is those two operations, so a single
 * chain would wait on them; a pass therefore runs up to three sections of both branches of both
 * channels over the block, twelve independent recurrences that overlap in the pipeline, with their
 * state in local variables (not in an array the loop would reload). The first pass reads the
 * caller's samples where they are (interleaved for a decimator, one input for both branches of an
 * upsampler) and the last writes them where they go (interleaved for an upsampler, or the
 * decimator's half sum), so no separate loop copies, splits or interleaves them. With an odd
 * coefficient count A1 has one section fewer than A0, which the last pass leaves out.
 */
final class IirPolyphase {
  /**
   * Tells where a pass reads or writes sample i of each channel's branch: {@code l0[offset0 +
   * stride * i]} for the left channel's A0, {@code l1[offset1 + stride * i]} for its A1, likewise
   * on the right. Its owner re-aims it before each call, so nothing is allocated while processing.
   */
  static final class Lanes {
    double[] l0;
    double[] l1;
    double[] r0;
    double[] r1;
    int offset0;
    int offset1;
    int stride;

    /** Points the lanes at new arrays and positions, and returns them. */
    Lanes set(
        double[] l0, double[] l1, double[] r0, double[] r1, int offset0, int offset1, int stride) {
      this.l0 = l0;
      this.l1 = l1;
      this.r0 = r0;
      this.r1 = r1;
      this.offset0 = offset0;
      this.offset1 = offset1;
      this.stride = stride;
      return this;
    }
  }

  private final double[] a0;
  private final double[] a1;
  // state[2t] is the previous input of section t, state[2t + 1] its previous output; per channel
  // (L, R) and branch (0, 1). Inside a pass a section's previous input is the previous output of
  // the section before it, but a pass must keep its own first input: the pass before it has
  // already overwritten that section's output state with the newest sample when it runs.
  private final double[] stateL0;
  private final double[] stateL1;
  private final double[] stateR0;
  private final double[] stateR1;
  private final int[] passSizes;
  // The passes of run: those of passSizes, except that four A0 sections with three in A1 (the
  // first upsampler's seven coefficients) run as one pass, which only the upsampler has.
  private final int[] runSizes;
  // The passes of runAndCombine: likewise, five A0 sections with four in A1 (the first
  // decimator's nine coefficients) run as one pass.
  private final int[] combineSizes;
  private final Lanes work;

  /** Creates the branches of {@code design}, at rest, for calls of at most {@code maxFrames}. */
  IirPolyphase(IirHalfbandDesign design, int maxFrames) {
    a0 = design.branch0();
    a1 = design.branch1();
    stateL0 = new double[2 * a0.length];
    stateL1 = new double[2 * a1.length];
    stateR0 = new double[2 * a0.length];
    stateR1 = new double[2 * a1.length];
    // Threes while they leave no single section alone, then twos, then a one if the count is odd.
    int sections = a0.length;
    int[] sizes = new int[sections];
    int count = 0;
    int left = sections;
    while (left >= 5 || left == 3) {
      sizes[count++] = 3;
      left -= 3;
    }
    while (left >= 2) {
      sizes[count++] = 2;
      left -= 2;
    }
    if (left == 1) {
      sizes[count++] = 1;
    }
    passSizes = java.util.Arrays.copyOf(sizes, count);
    runSizes = sections == 4 && a1.length == 3 ? new int[] {4} : passSizes;
    combineSizes = sections == 5 && a1.length == 4 ? new int[] {5} : passSizes;
    double[] l0 = new double[maxFrames];
    double[] l1 = new double[maxFrames];
    double[] r0 = new double[maxFrames];
    double[] r1 = new double[maxFrames];
    work = new Lanes().set(l0, l1, r0, r1, 0, 0, 1);
  }

  /** Filters {@code n} samples from {@code in} through both branches into {@code out}. */
  void run(Lanes in, Lanes out, int n) {
    Lanes from = in;
    int s = 0;
    int last = runSizes.length - 1;
    for (int p = 0; p <= last; p++) {
      Lanes to = p == last ? out : work;
      // A1 has one section fewer than A0 when the coefficient count is odd: in the last pass.
      boolean shortened = p == last && a1.length < a0.length;
      switch (runSizes[p]) {
        case 4 -> quadShortPass(s, from, to, n);
        case 3 -> {
          if (shortened) {
            tripleShortPass(s, from, to, n);
          } else {
            triplePass(s, from, to, n);
          }
        }
        case 2 -> {
          if (shortened) {
            pairShortPass(s, from, to, n);
          } else {
            pairPass(s, from, to, n);
          }
        }
        default -> {
          if (shortened) {
            singleShortPass(s, from, to, n);
          } else {
            singlePass(s, from, to, n);
          }
        }
      }
      s += runSizes[p];
      from = work;
    }
  }

  /**
   * Filters {@code n} samples from {@code in} through both branches and writes each channel's half
   * sum {@code (A0 + A1) / 2} to {@code outL} and {@code outR} from {@code outOffset}.
   */
  void runAndCombine(Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    Lanes from = in;
    int s = 0;
    int last = combineSizes.length - 1;
    for (int p = 0; p < last; p++) {
      switch (combineSizes[p]) {
        case 3 -> triplePass(s, from, work, n);
        case 2 -> pairPass(s, from, work, n);
        default -> singlePass(s, from, work, n);
      }
      s += combineSizes[p];
      from = work;
    }
    boolean shortened = a1.length < a0.length;
    switch (combineSizes[last]) {
      case 5 -> quintShortCombine(s, from, outL, outR, outOffset, n);
      case 3 -> {
        if (shortened) {
          tripleShortCombine(s, from, outL, outR, outOffset, n);
        } else {
          tripleCombine(s, from, outL, outR, outOffset, n);
        }
      }
      case 2 -> {
        if (shortened) {
          pairShortCombine(s, from, outL, outR, outOffset, n);
        } else {
          pairCombine(s, from, outL, outR, outOffset, n);
        }
      }
      default -> {
        if (shortened) {
          singleShortCombine(s, from, outL, outR, outOffset, n);
        } else {
          singleCombine(s, from, outL, outR, outOffset, n);
        }
      }
    }
  }

  private void triplePass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c02 = a0[s + 2];
    final double c10 = a1[s];
    final double c11 = a1[s + 1];
    final double c12 = a1[s + 2];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l0s3 = stateL0[2 * s + 5];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double l1s3 = stateL1[2 * s + 5];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r0s3 = stateR0[2 * s + 5];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    double r1s3 = stateR1[2 * s + 5];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      double l0v3 = Math.fma(c02, l0v2 - l0s3, l0s2);
      double l1v3 = Math.fma(c12, l1v2 - l1s3, l1s2);
      double r0v3 = Math.fma(c02, r0v2 - r0s3, r0s2);
      double r1v3 = Math.fma(c12, r1v2 - r1s3, r1s2);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l0s3 = l0v3;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      l1s3 = l1v3;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r0s3 = r0v3;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      r1s3 = r1v3;
      ol0[o0 + os * i] = l0v3;
      ol1[o1 + os * i] = l1v3;
      or0[o0 + os * i] = r0v3;
      or1[o1 + os * i] = r1v3;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL0[2 * s + 5] = l0s3;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateL1[2 * s + 5] = l1s3;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR0[2 * s + 5] = r0s3;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
    stateR1[2 * s + 5] = r1s3;
  }

  private void pairPass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c10 = a1[s];
    final double c11 = a1[s + 1];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      ol0[o0 + os * i] = l0v2;
      ol1[o1 + os * i] = l1v2;
      or0[o0 + os * i] = r0v2;
      or1[o1 + os * i] = r1v2;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
  }

  private void singlePass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s];
    final double c10 = a1[s];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l1s0 = l1v0;
      l1s1 = l1v1;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r1s0 = r1v0;
      r1s1 = r1v1;
      ol0[o0 + os * i] = l0v1;
      ol1[o1 + os * i] = l1v1;
      or0[o0 + os * i] = r0v1;
      or1[o1 + os * i] = r1v1;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
  }

  private void tripleShortPass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c02 = a0[s + 2];
    final double c10 = a1[s];
    final double c11 = a1[s + 1];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l0s3 = stateL0[2 * s + 5];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r0s3 = stateR0[2 * s + 5];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      double l0v3 = Math.fma(c02, l0v2 - l0s3, l0s2);
      double r0v3 = Math.fma(c02, r0v2 - r0s3, r0s2);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l0s3 = l0v3;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r0s3 = r0v3;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      ol0[o0 + os * i] = l0v3;
      ol1[o1 + os * i] = l1v2;
      or0[o0 + os * i] = r0v3;
      or1[o1 + os * i] = r1v2;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL0[2 * s + 5] = l0s3;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR0[2 * s + 5] = r0s3;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
  }

  private void pairShortPass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c10 = a1[s];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l1s0 = l1v0;
      l1s1 = l1v1;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r1s0 = r1v0;
      r1s1 = r1v1;
      ol0[o0 + os * i] = l0v2;
      ol1[o1 + os * i] = l1v1;
      or0[o0 + os * i] = r0v2;
      or1[o1 + os * i] = r1v1;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
  }

  /**
   * Runs the four sections of A0 from {@code s} and the three of the shortened A1 in one loop, the
   * same arithmetic as a pair pass followed by a shortened pair pass: fourteen recurrences overlap
   * in the pipeline, where two loops of eight and six each wait on their own.
   */
  private void quadShortPass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s + 0];
    final double c01 = a0[s + 1];
    final double c02 = a0[s + 2];
    final double c03 = a0[s + 3];
    final double c10 = a1[s + 0];
    final double c11 = a1[s + 1];
    final double c12 = a1[s + 2];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l0s3 = stateL0[2 * s + 5];
    double l0s4 = stateL0[2 * s + 7];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double l1s3 = stateL1[2 * s + 5];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r0s3 = stateR0[2 * s + 5];
    double r0s4 = stateR0[2 * s + 7];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    double r1s3 = stateR1[2 * s + 5];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      double l0v3 = Math.fma(c02, l0v2 - l0s3, l0s2);
      double l1v3 = Math.fma(c12, l1v2 - l1s3, l1s2);
      double r0v3 = Math.fma(c02, r0v2 - r0s3, r0s2);
      double r1v3 = Math.fma(c12, r1v2 - r1s3, r1s2);
      double l0v4 = Math.fma(c03, l0v3 - l0s4, l0s3);
      double r0v4 = Math.fma(c03, r0v3 - r0s4, r0s3);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l0s3 = l0v3;
      l0s4 = l0v4;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      l1s3 = l1v3;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r0s3 = r0v3;
      r0s4 = r0v4;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      r1s3 = r1v3;
      ol0[o0 + os * i] = l0v4;
      ol1[o1 + os * i] = l1v3;
      or0[o0 + os * i] = r0v4;
      or1[o1 + os * i] = r1v3;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL0[2 * s + 5] = l0s3;
    stateL0[2 * s + 7] = l0s4;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateL1[2 * s + 5] = l1s3;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR0[2 * s + 5] = r0s3;
    stateR0[2 * s + 7] = r0s4;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
    stateR1[2 * s + 5] = r1s3;
  }

  private void singleShortPass(int s, Lanes in, Lanes out, int n) {
    final double c00 = a0[s];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    final double[] ol0 = out.l0;
    final double[] ol1 = out.l1;
    final double[] or0 = out.r0;
    final double[] or1 = out.r1;
    final int o0 = out.offset0;
    final int o1 = out.offset1;
    final int os = out.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      l0s0 = l0v0;
      l0s1 = l0v1;
      r0s0 = r0v0;
      r0s1 = r0v1;
      ol0[o0 + os * i] = l0v1;
      ol1[o1 + os * i] = l1v0;
      or0[o0 + os * i] = r0v1;
      or1[o1 + os * i] = r1v0;
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
  }

  private void tripleCombine(int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c02 = a0[s + 2];
    final double c10 = a1[s];
    final double c11 = a1[s + 1];
    final double c12 = a1[s + 2];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l0s3 = stateL0[2 * s + 5];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double l1s3 = stateL1[2 * s + 5];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r0s3 = stateR0[2 * s + 5];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    double r1s3 = stateR1[2 * s + 5];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      double l0v3 = Math.fma(c02, l0v2 - l0s3, l0s2);
      double l1v3 = Math.fma(c12, l1v2 - l1s3, l1s2);
      double r0v3 = Math.fma(c02, r0v2 - r0s3, r0s2);
      double r1v3 = Math.fma(c12, r1v2 - r1s3, r1s2);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l0s3 = l0v3;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      l1s3 = l1v3;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r0s3 = r0v3;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      r1s3 = r1v3;
      outL[outOffset + i] = 0.5 * (l0v3 + l1v3);
      outR[outOffset + i] = 0.5 * (r0v3 + r1v3);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL0[2 * s + 5] = l0s3;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateL1[2 * s + 5] = l1s3;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR0[2 * s + 5] = r0s3;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
    stateR1[2 * s + 5] = r1s3;
  }

  private void pairCombine(int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c10 = a1[s];
    final double c11 = a1[s + 1];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      outL[outOffset + i] = 0.5 * (l0v2 + l1v2);
      outR[outOffset + i] = 0.5 * (r0v2 + r1v2);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
  }

  private void singleCombine(int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s];
    final double c10 = a1[s];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l1s0 = l1v0;
      l1s1 = l1v1;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r1s0 = r1v0;
      r1s1 = r1v1;
      outL[outOffset + i] = 0.5 * (l0v1 + l1v1);
      outR[outOffset + i] = 0.5 * (r0v1 + r1v1);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
  }

  private void tripleShortCombine(
      int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c02 = a0[s + 2];
    final double c10 = a1[s];
    final double c11 = a1[s + 1];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l0s3 = stateL0[2 * s + 5];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r0s3 = stateR0[2 * s + 5];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      double l0v3 = Math.fma(c02, l0v2 - l0s3, l0s2);
      double r0v3 = Math.fma(c02, r0v2 - r0s3, r0s2);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l0s3 = l0v3;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r0s3 = r0v3;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      outL[outOffset + i] = 0.5 * (l0v3 + l1v2);
      outR[outOffset + i] = 0.5 * (r0v3 + r1v2);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL0[2 * s + 5] = l0s3;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR0[2 * s + 5] = r0s3;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
  }

  private void pairShortCombine(
      int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s];
    final double c01 = a0[s + 1];
    final double c10 = a1[s];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l1s0 = l1v0;
      l1s1 = l1v1;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r1s0 = r1v0;
      r1s1 = r1v1;
      outL[outOffset + i] = 0.5 * (l0v2 + l1v1);
      outR[outOffset + i] = 0.5 * (r0v2 + r1v1);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
  }

  /**
   * Runs the five sections of A0 from {@code s} and the four of the shortened A1 in one loop and
   * writes the half sums, the same arithmetic as a triple pass followed by a shortened pair
   * combine: eighteen recurrences overlap in the pipeline, where two loops of twelve and eight each
   * wait on their own.
   */
  private void quintShortCombine(
      int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s + 0];
    final double c01 = a0[s + 1];
    final double c02 = a0[s + 2];
    final double c03 = a0[s + 3];
    final double c04 = a0[s + 4];
    final double c10 = a1[s + 0];
    final double c11 = a1[s + 1];
    final double c12 = a1[s + 2];
    final double c13 = a1[s + 3];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l0s2 = stateL0[2 * s + 3];
    double l0s3 = stateL0[2 * s + 5];
    double l0s4 = stateL0[2 * s + 7];
    double l0s5 = stateL0[2 * s + 9];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double l1s2 = stateL1[2 * s + 3];
    double l1s3 = stateL1[2 * s + 5];
    double l1s4 = stateL1[2 * s + 7];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r0s2 = stateR0[2 * s + 3];
    double r0s3 = stateR0[2 * s + 5];
    double r0s4 = stateR0[2 * s + 7];
    double r0s5 = stateR0[2 * s + 9];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    double r1s2 = stateR1[2 * s + 3];
    double r1s3 = stateR1[2 * s + 5];
    double r1s4 = stateR1[2 * s + 7];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double l1v1 = Math.fma(c10, l1v0 - l1s1, l1s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      double r1v1 = Math.fma(c10, r1v0 - r1s1, r1s0);
      double l0v2 = Math.fma(c01, l0v1 - l0s2, l0s1);
      double l1v2 = Math.fma(c11, l1v1 - l1s2, l1s1);
      double r0v2 = Math.fma(c01, r0v1 - r0s2, r0s1);
      double r1v2 = Math.fma(c11, r1v1 - r1s2, r1s1);
      double l0v3 = Math.fma(c02, l0v2 - l0s3, l0s2);
      double l1v3 = Math.fma(c12, l1v2 - l1s3, l1s2);
      double r0v3 = Math.fma(c02, r0v2 - r0s3, r0s2);
      double r1v3 = Math.fma(c12, r1v2 - r1s3, r1s2);
      double l0v4 = Math.fma(c03, l0v3 - l0s4, l0s3);
      double l1v4 = Math.fma(c13, l1v3 - l1s4, l1s3);
      double r0v4 = Math.fma(c03, r0v3 - r0s4, r0s3);
      double r1v4 = Math.fma(c13, r1v3 - r1s4, r1s3);
      double l0v5 = Math.fma(c04, l0v4 - l0s5, l0s4);
      double r0v5 = Math.fma(c04, r0v4 - r0s5, r0s4);
      l0s0 = l0v0;
      l0s1 = l0v1;
      l0s2 = l0v2;
      l0s3 = l0v3;
      l0s4 = l0v4;
      l0s5 = l0v5;
      l1s0 = l1v0;
      l1s1 = l1v1;
      l1s2 = l1v2;
      l1s3 = l1v3;
      l1s4 = l1v4;
      r0s0 = r0v0;
      r0s1 = r0v1;
      r0s2 = r0v2;
      r0s3 = r0v3;
      r0s4 = r0v4;
      r0s5 = r0v5;
      r1s0 = r1v0;
      r1s1 = r1v1;
      r1s2 = r1v2;
      r1s3 = r1v3;
      r1s4 = r1v4;
      outL[outOffset + i] = 0.5 * (l0v5 + l1v4);
      outR[outOffset + i] = 0.5 * (r0v5 + r1v4);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateL0[2 * s + 3] = l0s2;
    stateL0[2 * s + 5] = l0s3;
    stateL0[2 * s + 7] = l0s4;
    stateL0[2 * s + 9] = l0s5;
    stateL1[2 * s] = l1s0;
    stateL1[2 * s + 1] = l1s1;
    stateL1[2 * s + 3] = l1s2;
    stateL1[2 * s + 5] = l1s3;
    stateL1[2 * s + 7] = l1s4;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
    stateR0[2 * s + 3] = r0s2;
    stateR0[2 * s + 5] = r0s3;
    stateR0[2 * s + 7] = r0s4;
    stateR0[2 * s + 9] = r0s5;
    stateR1[2 * s] = r1s0;
    stateR1[2 * s + 1] = r1s1;
    stateR1[2 * s + 3] = r1s2;
    stateR1[2 * s + 5] = r1s3;
    stateR1[2 * s + 7] = r1s4;
  }

  private void singleShortCombine(
      int s, Lanes in, double[] outL, double[] outR, int outOffset, int n) {
    final double c00 = a0[s];
    final double[] il0 = in.l0;
    final double[] il1 = in.l1;
    final double[] ir0 = in.r0;
    final double[] ir1 = in.r1;
    final int i0 = in.offset0;
    final int i1 = in.offset1;
    final int is = in.stride;
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = il0[i0 + is * i];
      double l1v0 = il1[i1 + is * i];
      double r0v0 = ir0[i0 + is * i];
      double r1v0 = ir1[i1 + is * i];
      double l0v1 = Math.fma(c00, l0v0 - l0s1, l0s0);
      double r0v1 = Math.fma(c00, r0v0 - r0s1, r0s0);
      l0s0 = l0v0;
      l0s1 = l0v1;
      r0s0 = r0v0;
      r0s1 = r0v1;
      outL[outOffset + i] = 0.5 * (l0v1 + l1v0);
      outR[outOffset + i] = 0.5 * (r0v1 + r1v0);
    }
    stateL0[2 * s] = l0s0;
    stateL0[2 * s + 1] = l0s1;
    stateR0[2 * s] = r0s0;
    stateR0[2 * s + 1] = r0s1;
  }

  /** Snaps tiny state to zero, so that silence decays to exact zeros. */
  void snapDenormals() {
    for (int i = 0; i < stateL0.length; i++) {
      stateL0[i] = Dsp.flushDenormal(stateL0[i]);
      stateR0[i] = Dsp.flushDenormal(stateR0[i]);
    }
    for (int i = 0; i < stateL1.length; i++) {
      stateL1[i] = Dsp.flushDenormal(stateL1[i]);
      stateR1[i] = Dsp.flushDenormal(stateR1[i]);
    }
  }

  /** Clears the state. */
  void reset() {
    java.util.Arrays.fill(stateL0, 0.0);
    java.util.Arrays.fill(stateL1, 0.0);
    java.util.Arrays.fill(stateR0, 0.0);
    java.util.Arrays.fill(stateR1, 0.0);
  }
}
