package lathe.dsp.dynamics;

import lathe.dsp.Dsp;

/**
 * Follows a detected level (a linear amplitude) with attack and release ballistics, optionally with
 * a program-dependent dual release.
 *
 * <p>Each stage is a one-pole filter whose coefficient depends on the direction of the change:
 * {@code e += a (level - e)} with {@code a = 1 - exp(-1 / (tau * sampleRate))}. The time constant
 * {@code tau} is the time in which the envelope covers {@code 1 - 1/e} (63.2 %) of a step of the
 * level, upward for the attack and downward for the release.
 *
 * <p>With auto-release, a fast stage releases with a fifth of the release time, and a slow stage
 * charges from the fast one with a {@value #CHARGE_MILLIS} ms time constant and releases with the
 * release time itself; the envelope is the larger of the two. A short transient barely charges the
 * slow stage, so the gain recovers quickly; a reduction held for longer than about the charge time
 * recovers at the release time. Switching auto-release on or off leaves the envelope continuous.
 */
public final class EnvelopeFollower {
  /** Time constant with which the slow stage of the auto-release charges, in milliseconds. */
  public static final double CHARGE_MILLIS = 300.0;

  /** Ratio of the release time to the fast stage's release time under auto-release. */
  public static final double FAST_RELEASE_DIVISOR = 5.0;

  private double attackCoefficient = 1.0;
  private double releaseCoefficient = 1.0;
  private double fastReleaseCoefficient = 1.0;
  private double chargeCoefficient = 1.0;
  private boolean autoRelease;
  private double fast;
  private double slow;

  /** Returns the one-pole coefficient of a time constant in milliseconds at a sample rate in Hz. */
  public static double coefficient(double millis, double sampleRate) {
    return -Math.expm1(-1000.0 / (millis * sampleRate));
  }

  /**
   * Sets the time constants, in milliseconds, at a sample rate in hertz; the state is kept.
   *
   * @param autoRelease true for the program-dependent dual release
   */
  public void setTimes(
      double sampleRate, double attackMillis, double releaseMillis, boolean autoRelease) {
    attackCoefficient = coefficient(attackMillis, sampleRate);
    releaseCoefficient = coefficient(releaseMillis, sampleRate);
    fastReleaseCoefficient = coefficient(releaseMillis / FAST_RELEASE_DIVISOR, sampleRate);
    chargeCoefficient = coefficient(CHARGE_MILLIS, sampleRate);
    if (autoRelease && !this.autoRelease) {
      slow = fast;
    } else if (!autoRelease && this.autoRelease) {
      fast = Math.max(fast, slow);
      slow = fast;
    }
    this.autoRelease = autoRelease;
  }

  /** Advances one frame with the detected level (a linear amplitude) and returns the envelope. */
  public double next(double level) {
    if (!autoRelease) {
      fast += (level > fast ? attackCoefficient : releaseCoefficient) * (level - fast);
      return fast;
    }
    fast += (level > fast ? attackCoefficient : fastReleaseCoefficient) * (level - fast);
    slow += (fast > slow ? chargeCoefficient : releaseCoefficient) * (fast - slow);
    return Math.max(fast, slow);
  }

  /** Returns the envelope of the last frame, as a linear amplitude. */
  public double value() {
    return autoRelease ? Math.max(fast, slow) : fast;
  }

  /** Snaps a tiny state to zero, and clears a state that is no longer finite. */
  public void snapDenormals() {
    fast = Dsp.isSane(fast) ? Dsp.flushDenormal(fast) : 0.0;
    slow = Dsp.isSane(slow) ? Dsp.flushDenormal(slow) : 0.0;
  }

  /** Clears the state. */
  public void reset() {
    fast = 0.0;
    slow = 0.0;
  }

  /** Tells whether the state is exactly zero. */
  public boolean isSilent() {
    return fast == 0.0 && slow == 0.0;
  }

  /** Tells whether another follower holds exactly this one's state and time constants. */
  boolean sameAs(EnvelopeFollower o) {
    return fast == o.fast
        && slow == o.slow
        && autoRelease == o.autoRelease
        && attackCoefficient == o.attackCoefficient
        && releaseCoefficient == o.releaseCoefficient
        && fastReleaseCoefficient == o.fastReleaseCoefficient
        && chargeCoefficient == o.chargeCoefficient;
  }

  /** Copies another follower's state (its time constants must already match). */
  void copyStateFrom(EnvelopeFollower o) {
    fast = o.fast;
    slow = o.slow;
  }
}
