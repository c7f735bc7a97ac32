package lathe.dsp.saturation;

import lathe.dsp.Dsp;

/**
 * Runs the two all-pass branches of a polyphase IIR halfband ({@link IirHalfbandDesign}) for two
 * channels at once, at the lower rate, in place over one buffer per channel and branch, and keeps
 * their state.
 *
 * <p>Each section {@code y[n] = a x[n] + x[n-1] - a y[n-1]} is evaluated as {@code fma(a, x[n] -
 * y[n-1], x[n-1])}: a subtraction and a fused multiply-add, which most cores issue to different
 * pipes. What one sample hands the next through a section is those two operations, so a single
 * chain would wait on them; a pass therefore runs up to three sections of both branches of both
 * channels over the block, twelve independent recurrences that overlap in the pipeline, with their
 * state in local variables (not in an array the loop would reload), and each sample is loaded and
 * stored once per pass. The branches have equal lengths ({@link IirHalfbandDesign} makes the
 * coefficient count even).
 */
final class IirPolyphase {
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

  /** Creates the branches of {@code design}, at rest. */
  IirPolyphase(IirHalfbandDesign design) {
    a0 = design.branch0();
    a1 = design.branch1();
    stateL0 = new double[2 * a0.length];
    stateL1 = new double[2 * a1.length];
    stateR0 = new double[2 * a0.length];
    stateR1 = new double[2 * a1.length];
  }

  /**
   * Filters {@code n} samples in place: of {@code l0} and {@code r0} through A0, of {@code l1} and
   * {@code r1} through A1, the first two for the left channel's state, the others for the right's.
   */
  void run(double[] l0, double[] l1, double[] r0, double[] r1, int n) {
    int s = 0;
    int sections = a0.length;
    for (; sections - s >= 5 || sections - s == 3; s += 3) {
      triplePass(s, l0, l1, r0, r1, n);
    }
    for (; s + 1 < sections; s += 2) {
      pairPass(s, l0, l1, r0, r1, n);
    }
    if (s < sections) {
      singlePass(s, l0, l1, r0, r1, n);
    }
  }

  private void triplePass(int s, double[] l0, double[] l1, double[] r0, double[] r1, int n) {
    final double c00 = a0[s];
    final double c10 = a1[s];
    final double c01 = a0[s + 1];
    final double c11 = a1[s + 1];
    final double c02 = a0[s + 2];
    final double c12 = a1[s + 2];
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
      double l0v0 = l0[i];
      double l1v0 = l1[i];
      double r0v0 = r0[i];
      double r1v0 = r1[i];
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
      l0[i] = l0v3;
      l1[i] = l1v3;
      r0[i] = r0v3;
      r1[i] = r1v3;
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

  private void pairPass(int s, double[] l0, double[] l1, double[] r0, double[] r1, int n) {
    final double c00 = a0[s];
    final double c10 = a1[s];
    final double c01 = a0[s + 1];
    final double c11 = a1[s + 1];
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
      double l0v0 = l0[i];
      double l1v0 = l1[i];
      double r0v0 = r0[i];
      double r1v0 = r1[i];
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
      l0[i] = l0v2;
      l1[i] = l1v2;
      r0[i] = r0v2;
      r1[i] = r1v2;
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

  private void singlePass(int s, double[] l0, double[] l1, double[] r0, double[] r1, int n) {
    final double c00 = a0[s];
    final double c10 = a1[s];
    double l0s0 = stateL0[2 * s];
    double l0s1 = stateL0[2 * s + 1];
    double l1s0 = stateL1[2 * s];
    double l1s1 = stateL1[2 * s + 1];
    double r0s0 = stateR0[2 * s];
    double r0s1 = stateR0[2 * s + 1];
    double r1s0 = stateR1[2 * s];
    double r1s1 = stateR1[2 * s + 1];
    for (int i = 0; i < n; i++) {
      double l0v0 = l0[i];
      double l1v0 = l1[i];
      double r0v0 = r0[i];
      double r1v0 = r1[i];
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
      l0[i] = l0v1;
      l1[i] = l1v1;
      r0[i] = r0v1;
      r1[i] = r1v1;
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

  /** Snaps tiny state to zero, so that silence decays to exact zeros. */
  void snapDenormals() {
    for (int i = 0; i < stateL0.length; i++) {
      stateL0[i] = Dsp.flushDenormal(stateL0[i]);
      stateL1[i] = Dsp.flushDenormal(stateL1[i]);
      stateR0[i] = Dsp.flushDenormal(stateR0[i]);
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
