package lathe.dsp.filter;

import lathe.dsp.Dsp;

/**
 * Runs one second-order section in direct form I, in double precision, with separate state per
 * channel.
 *
 * <p>The transfer function is {@code (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}. A
 * first-order section is the special case {@code b2 = a2 = 0}. The state is the last two inputs and
 * outputs, which do not depend on the coefficients, so coefficients may be replaced at any frame
 * while a knob moves without the transient that the transposed forms give (their state holds
 * coefficient-weighted sums: a 36 dB step of a 12 kHz shelf made a 100 Hz tone jump by 14 times its
 * own steepest step).
 *
 * <p>Every loop computes {@code y[n] = fma(-a1, y[n-1], b0 x[n] + b1 x[n-1] + b2 x[n-2] - a2
 * y[n-2])}: everything but the last term is known an iteration early, so the recursion's critical
 * path is one fused multiply-add instead of a multiply and three dependent additions, and the loops
 * run about twice as fast. Every entry point uses the same expression, so they stay identical to
 * one another.
 */
public final class Biquad {
  private final double[] x1;
  private final double[] x2;
  private final double[] y1;
  private final double[] y2;
  private double b0 = 1.0;
  private double b1;
  private double b2;
  private double a1;
  private double a2;

  /** Creates an identity section for the given number of channels. */
  public Biquad(int channels) {
    x1 = new double[channels];
    x2 = new double[channels];
    y1 = new double[channels];
    y2 = new double[channels];
  }

  /** Replaces the coefficients (normalized so that a0 = 1); the state is kept. */
  public void setCoefficients(double b0, double b1, double b2, double a1, double a2) {
    this.b0 = b0;
    this.b1 = b1;
    this.b2 = b2;
    this.a1 = a1;
    this.a2 = a2;
  }

  /** Copies the coefficients from an array laid out as {b0, b1, b2, a1, a2}. */
  public void setCoefficients(double[] c) {
    setCoefficients(c[0], c[1], c[2], c[3], c[4]);
  }

  /** Makes the section pass its input unchanged; the state is kept. */
  public void setIdentity() {
    setCoefficients(1.0, 0.0, 0.0, 0.0, 0.0);
  }

  /** Filters {@code x[from..to)} of one channel in place. */
  public void process(double[] x, int from, int to, int channel) {
    filter(x, x, from, to, channel);
  }

  /**
   * Filters {@code in[from..to)} of one channel into {@code out[from..to)}; {@code out} may be
   * {@code in}.
   */
  public void filter(double[] in, double[] out, int from, int to, int channel) {
    double xa = x1[channel];
    double xb = x2[channel];
    double ya = y1[channel];
    double yb = y2[channel];
    final double c0 = b0;
    final double c1 = b1;
    final double c2 = b2;
    final double d1 = a1;
    final double d2 = a2;
    for (int i = from; i < to; i++) {
      double v = in[i];
      double o = Math.fma(-d1, ya, c0 * v + c1 * xa + c2 * xb - d2 * yb);
      xb = xa;
      xa = v;
      yb = ya;
      ya = o;
      out[i] = o;
    }
    x1[channel] = xa;
    x2[channel] = xb;
    y1[channel] = ya;
    y2[channel] = yb;
  }

  /**
   * Filters {@code left[from..to)} and {@code right[from..to)} in place as channels 0 and 1, both
   * recursions in one pass; the result is identical to two calls of {@link #process}.
   */
  public void processStereo(double[] left, double[] right, int from, int to) {
    filterStereo(left, right, left, right, from, to);
  }

  /**
   * Filters {@code inLeft} and {@code inRight} over {@code [from, to)} as channels 0 and 1 into
   * {@code left} and {@code right}, both recursions in one pass; the outputs may be the inputs.
   */
  public void filterStereo(
      double[] inLeft, double[] inRight, double[] left, double[] right, int from, int to) {
    filterStereoOnGrid(inLeft, inRight, left, right, from, to, to, 1); // no grid point inside
  }

  /**
   * Filters {@code x[from..to)} of one channel in place through section {@code first} and then
   * section {@code second} in one pass; the result is identical to processing the two in turn.
   */
  public static void processPair(
      Biquad first, Biquad second, double[] x, int from, int to, int channel) {
    double pa = first.x1[channel];
    double pb = first.x2[channel];
    double pc = first.y1[channel];
    double pd = first.y2[channel];
    double qa = second.x1[channel];
    double qb = second.x2[channel];
    double qc = second.y1[channel];
    double qd = second.y2[channel];
    final double p0 = first.b0;
    final double p1 = first.b1;
    final double p2 = first.b2;
    final double pe = first.a1;
    final double pf = first.a2;
    final double q0 = second.b0;
    final double q1 = second.b1;
    final double q2 = second.b2;
    final double qe = second.a1;
    final double qf = second.a2;
    for (int i = from; i < to; i++) {
      double in = x[i];
      double mid = Math.fma(-pe, pc, p0 * in + p1 * pa + p2 * pb - pf * pd);
      double out = Math.fma(-qe, qc, q0 * mid + q1 * qa + q2 * qb - qf * qd);
      pb = pa;
      pa = in;
      pd = pc;
      pc = mid;
      qb = qa;
      qa = mid;
      qd = qc;
      qc = out;
      x[i] = out;
    }
    first.x1[channel] = pa;
    first.x2[channel] = pb;
    first.y1[channel] = pc;
    first.y2[channel] = pd;
    second.x1[channel] = qa;
    second.x2[channel] = qb;
    second.y1[channel] = qc;
    second.y2[channel] = qd;
  }

  /**
   * Filters {@code left[from..to)} and {@code right[from..to)} in place as channels 0 and 1 through
   * section {@code first} and then section {@code second}, all four recursions in one pass; the
   * result is identical to processing each section and channel in turn.
   */
  public static void processPairStereo(
      Biquad first, Biquad second, double[] left, double[] right, int from, int to) {
    processPairStereoOnGrid(first, second, left, right, from, to, to, 1); // no grid point inside
  }

  /**
   * Filters {@code x[c][from..to)} in place for channels {@code 0..channels) (1 or 2) through
   * {@code count} sections of {@code sections} in order, two sections and both channels per pass;
   * the result is identical to processing each section and channel in turn.
   */
  public static void processCascade(
      Biquad[] sections, int count, double[][] x, int channels, int from, int to) {
    int s = 0;
    if (channels == 2) {
      double[] left = x[0];
      double[] right = x[1];
      for (; s + 1 < count; s += 2) {
        processPairStereo(sections[s], sections[s + 1], left, right, from, to);
      }
      if (s < count) {
        sections[s].processStereo(left, right, from, to);
      }
    } else {
      for (int c = 0; c < channels; c++) {
        for (s = 0; s + 1 < count; s += 2) {
          processPair(sections[s], sections[s + 1], x[c], from, to, c);
        }
        if (s < count) {
          sections[s].process(x[c], from, to, c);
        }
      }
    }
  }

  /**
   * Filters {@code x[c][from..to)} in place as {@link #processCascade} does, and snaps the state of
   * every section ({@link #snapDenormals}) before each frame {@code nextPoint + k period} inside
   * {@code (from, to)}: the same result as cutting the range at those frames and snapping every
   * section between the pieces, with each section pair run over the whole range in one call.
   *
   * <p>A module whose coefficients hold still over a block calls this once instead of once per grid
   * segment: the state stays in registers across grid points, and the calls, the state's loads and
   * stores and the loop entries and exits of every short segment go away.
   *
   * @param nextPoint the first grid point after {@code from} (may be {@code to} or beyond)
   * @param period frames between two grid points
   */
  public static void processCascadeOnGrid(
      Biquad[] sections,
      int count,
      double[][] x,
      int channels,
      int from,
      int to,
      int nextPoint,
      int period) {
    if (channels != 2) {
      for (int start = from; start < to; ) {
        int end = Math.min(to, start == from ? nextPoint : start + period);
        if (start != from) {
          for (int s = 0; s < count; s++) {
            sections[s].snapDenormals();
          }
        }
        processCascade(sections, count, x, channels, start, end);
        start = end;
      }
      return;
    }
    int s = 0;
    for (; s + 1 < count; s += 2) {
      processPairStereoOnGrid(
          sections[s], sections[s + 1], x[0], x[1], from, to, nextPoint, period);
    }
    if (s < count) {
      sections[s].filterStereoOnGrid(x[0], x[1], x[0], x[1], from, to, nextPoint, period);
    }
  }

  /**
   * Runs {@link #filterStereo} over {@code [from, to)}, snapping the state at each grid point; the
   * outputs may be the inputs.
   */
  private void filterStereoOnGrid(
      double[] inLeft,
      double[] inRight,
      double[] left,
      double[] right,
      int from,
      int to,
      int nextPoint,
      int period) {
    double la = x1[0];
    double lb = x2[0];
    double lc = y1[0];
    double ld = y2[0];
    double ra = x1[1];
    double rb = x2[1];
    double rc = y1[1];
    double rd = y2[1];
    final double c0 = b0;
    final double c1 = b1;
    final double c2 = b2;
    final double d1 = a1;
    final double d2 = a2;
    int end = Math.min(to, nextPoint);
    int start = from;
    while (true) {
      for (int i = start; i < end; i++) {
        double inL = inLeft[i];
        double inR = inRight[i];
        double outL = Math.fma(-d1, lc, c0 * inL + c1 * la + c2 * lb - d2 * ld);
        double outR = Math.fma(-d1, rc, c0 * inR + c1 * ra + c2 * rb - d2 * rd);
        lb = la;
        la = inL;
        ld = lc;
        lc = outL;
        rb = ra;
        ra = inR;
        rd = rc;
        rc = outR;
        left[i] = outL;
        right[i] = outR;
      }
      if (end >= to) {
        break;
      }
      la = snap(la);
      lb = snap(lb);
      lc = snap(lc);
      ld = snap(ld);
      ra = snap(ra);
      rb = snap(rb);
      rc = snap(rc);
      rd = snap(rd);
      start = end;
      end = Math.min(to, end + period);
    }
    x1[0] = la;
    x2[0] = lb;
    y1[0] = lc;
    y2[0] = ld;
    x1[1] = ra;
    x2[1] = rb;
    y1[1] = rc;
    y2[1] = rd;
  }

  /**
   * Runs {@link #processPairStereo} over {@code [from, to)}, snapping both sections' state at each
   * grid point.
   */
  private static void processPairStereoOnGrid(
      Biquad first,
      Biquad second,
      double[] left,
      double[] right,
      int from,
      int to,
      int nextPoint,
      int period) {
    final double[] px1 = first.x1;
    final double[] px2 = first.x2;
    final double[] py1 = first.y1;
    final double[] py2 = first.y2;
    final double[] qx1 = second.x1;
    final double[] qx2 = second.x2;
    final double[] qy1 = second.y1;
    final double[] qy2 = second.y2;
    double lpa = px1[0];
    double lpb = px2[0];
    double lpc = py1[0];
    double lpd = py2[0];
    double rpa = px1[1];
    double rpb = px2[1];
    double rpc = py1[1];
    double rpd = py2[1];
    double lqa = qx1[0];
    double lqb = qx2[0];
    double lqc = qy1[0];
    double lqd = qy2[0];
    double rqa = qx1[1];
    double rqb = qx2[1];
    double rqc = qy1[1];
    double rqd = qy2[1];
    final double p0 = first.b0;
    final double p1 = first.b1;
    final double p2 = first.b2;
    final double pe = first.a1;
    final double pf = first.a2;
    final double q0 = second.b0;
    final double q1 = second.b1;
    final double q2 = second.b2;
    final double qe = second.a1;
    final double qf = second.a2;
    int end = Math.min(to, nextPoint);
    int start = from;
    while (true) {
      for (int i = start; i < end; i++) {
        double inL = left[i];
        double inR = right[i];
        double midL = Math.fma(-pe, lpc, p0 * inL + p1 * lpa + p2 * lpb - pf * lpd);
        double midR = Math.fma(-pe, rpc, p0 * inR + p1 * rpa + p2 * rpb - pf * rpd);
        double outL = Math.fma(-qe, lqc, q0 * midL + q1 * lqa + q2 * lqb - qf * lqd);
        double outR = Math.fma(-qe, rqc, q0 * midR + q1 * rqa + q2 * rqb - qf * rqd);
        lpb = lpa;
        lpa = inL;
        lpd = lpc;
        lpc = midL;
        rpb = rpa;
        rpa = inR;
        rpd = rpc;
        rpc = midR;
        lqb = lqa;
        lqa = midL;
        lqd = lqc;
        lqc = outL;
        rqb = rqa;
        rqa = midR;
        rqd = rqc;
        rqc = outR;
        left[i] = outL;
        right[i] = outR;
      }
      if (end >= to) {
        break;
      }
      lpa = snap(lpa);
      lpb = snap(lpb);
      lpc = snap(lpc);
      lpd = snap(lpd);
      rpa = snap(rpa);
      rpb = snap(rpb);
      rpc = snap(rpc);
      rpd = snap(rpd);
      lqa = snap(lqa);
      lqb = snap(lqb);
      lqc = snap(lqc);
      lqd = snap(lqd);
      rqa = snap(rqa);
      rqb = snap(rqb);
      rqc = snap(rqc);
      rqd = snap(rqd);
      start = end;
      end = Math.min(to, end + period);
    }
    px1[0] = lpa;
    px2[0] = lpb;
    py1[0] = lpc;
    py2[0] = lpd;
    px1[1] = rpa;
    px2[1] = rpb;
    py1[1] = rpc;
    py2[1] = rpd;
    qx1[0] = lqa;
    qx2[0] = lqb;
    qy1[0] = lqc;
    qy2[0] = lqd;
    qx1[1] = rqa;
    qx2[1] = rqb;
    qy1[1] = rqc;
    qy2[1] = rqd;
  }

  /** Snaps state of tiny magnitude to zero, and clears state that is no longer finite. */
  public void snapDenormals() {
    for (int c = 0; c < y1.length; c++) {
      x1[c] = snap(x1[c]);
      x2[c] = snap(x2[c]);
      y1[c] = snap(y1[c]);
      y2[c] = snap(y2[c]);
    }
  }

  /**
   * Returns {@code v} when its magnitude lies in [{@link Dsp#DENORMAL_THRESHOLD}, {@link
   * Dsp#MAX_SAMPLE}], else +0.0: the same value as {@code isSane(v) ? flushDenormal(v) : 0.0} (NaN
   * fails both comparisons), with one absolute value and two comparisons, as this runs for every
   * section at every grid point.
   */
  static double snap(double v) {
    double a = Math.abs(v);
    return a >= Dsp.DENORMAL_THRESHOLD && a <= Dsp.MAX_SAMPLE ? v : 0.0;
  }

  /** Clears the state of every channel. */
  public void reset() {
    java.util.Arrays.fill(x1, 0.0);
    java.util.Arrays.fill(x2, 0.0);
    java.util.Arrays.fill(y1, 0.0);
    java.util.Arrays.fill(y2, 0.0);
  }

  /** Tells whether every channel's state is exactly zero. */
  public boolean isSilent() {
    for (int c = 0; c < y1.length; c++) {
      if (x1[c] != 0.0 || x2[c] != 0.0 || y1[c] != 0.0 || y2[c] != 0.0) {
        return false;
      }
    }
    return true;
  }

  /** Returns the feed-forward coefficient b0. */
  public double b0() {
    return b0;
  }

  /** Returns the feed-forward coefficient b1. */
  public double b1() {
    return b1;
  }

  /** Returns the feed-forward coefficient b2. */
  public double b2() {
    return b2;
  }

  /** Returns the feedback coefficient a1 (with a0 = 1). */
  public double a1() {
    return a1;
  }

  /** Returns the feedback coefficient a2 (with a0 = 1). */
  public double a2() {
    return a2;
  }
}
