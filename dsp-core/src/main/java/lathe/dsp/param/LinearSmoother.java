package lathe.dsp.param;

/** Ramps a value linearly to its target over a fixed time; for linear gains and mix amounts. */
public final class LinearSmoother {
  private int rampFrames = 1;
  private double current;
  private double target;
  private double increment;
  private int remaining;

  /** Sets the ramp time for the given sample rate and jumps to the target. */
  public void reset(double sampleRate, double rampSeconds) {
    rampFrames = Math.max(1, (int) Math.round(sampleRate * rampSeconds));
    setCurrentAndTarget(target);
  }

  /** Jumps to a value with no ramp. */
  public void setCurrentAndTarget(double value) {
    current = value;
    target = value;
    remaining = 0;
    increment = 0;
  }

  /** Starts a ramp from the current value to a new target; a repeated target changes nothing. */
  public void setTarget(double value) {
    if (value == target) {
      return;
    }
    target = value;
    remaining = rampFrames;
    increment = (target - current) / rampFrames;
  }

  /** Advances one frame and returns the value for it. */
  public double next() {
    if (remaining > 0) {
      remaining--;
      current = remaining == 0 ? target : current + increment;
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
      current += increment * frames;
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
}
