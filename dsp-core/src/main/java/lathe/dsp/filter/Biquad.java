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
      double in = x[i];
      double out = c0 * in + c1 * xa + c2 * xb - d1 * ya - d2 * yb;
      xb = xa;
      xa = in;
      yb = ya;
      ya = out;
      x[i] = out;
    }
    x1[channel] = xa;
    x2[channel] = xb;
    y1[channel] = ya;
    y2[channel] = yb;
  }

  /** Snaps state of tiny magnitude to zero, and clears state that is no longer finite. */
  public void snapDenormals() {
    for (int c = 0; c < y1.length; c++) {
      x1[c] = Dsp.isSane(x1[c]) ? Dsp.flushDenormal(x1[c]) : 0.0;
      x2[c] = Dsp.isSane(x2[c]) ? Dsp.flushDenormal(x2[c]) : 0.0;
      y1[c] = Dsp.isSane(y1[c]) ? Dsp.flushDenormal(y1[c]) : 0.0;
      y2[c] = Dsp.isSane(y2[c]) ? Dsp.flushDenormal(y2[c]) : 0.0;
    }
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
