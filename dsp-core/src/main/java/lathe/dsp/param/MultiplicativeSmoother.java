package lathe.dsp.param;

/**
 * Ramps a positive value to its target by equal ratios per frame; for frequencies, Q and gains that
 * a person hears on a logarithmic scale.
 */
public final class MultiplicativeSmoother {
  private int rampFrames = 1;
  private double current = 1.0;
  private double target = 1.0;
  private double factor = 1.0;
  private int remaining;

  /** Sets the ramp time for the given sample rate and jumps to the target. */
  public void reset(double sampleRate, double rampSeconds) {
    rampFrames = Math.max(1, (int) Math.round(sampleRate * rampSeconds));
    setCurrentAndTarget(target);
  }

  /** Jumps to a positive value with no ramp. */
  public void setCurrentAndTarget(double value) {
    current = requirePositive(value);
    target = current;
    remaining = 0;
    factor = 1.0;
  }

  /** Starts a ramp to a new positive target; a repeated target changes nothing. */
  public void setTarget(double value) {
    requirePositive(value);
    if (value == target) {
      return;
    }
    target = value;
    remaining = rampFrames;
    factor = Math.exp(Math.log(target / current) / rampFrames);
  }

  /** Advances one frame and returns the value for it. */
  public double next() {
    if (remaining > 0) {
      remaining--;
      current = remaining == 0 ? target : current * factor;
    }
    return current;
  }

  /** Advances {@code frames} frames at once. */
  public void skip(int frames) {
    if (remaining <= 0) {
      return;
    }
    if (frames >= remaining) {
      remaining = 0;
      current = target;
    } else {
      remaining -= frames;
      current *= Math.pow(factor, frames);
    }
  }

  /** Tells whether a ramp is still running. */
  public boolean isSmoothing() {
    return remaining > 0;
  }

  /** Returns the value of the last frame. */
  public double current() {
    return current;
  }

  /** Returns the value the ramp is heading to. */
  public double target() {
    return target;
  }

  private static double requirePositive(double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(
          "multiplicative smoothing needs a positive value: " + value);
    }
    return value;
  }
}
