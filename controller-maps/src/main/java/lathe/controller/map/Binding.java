package lathe.controller.map;

/** Describes what a control drives: a parameter or an action. */
public sealed interface Binding permits Binding.Param, Binding.Act {

  /** Names how a parameter binding maps the control's travel onto its range. */
  enum Curve {
    /** Along the parameter's own taper (logarithmic for frequencies, and so on). */
    PARAM,
    /** In equal steps of the plain value. */
    LINEAR
  }

  /**
   * Drives a parameter.
   *
   * @param id the parameter's stable id
   * @param min the plain value at the bottom of the control's travel, NaN for the parameter's own
   * @param max the plain value at the top of the travel, NaN for the parameter's own
   * @param curve how the travel maps onto min..max
   * @param invert whether the travel is reversed
   * @param mode absolute or one of the relative encodings
   * @param takeover what an absolute control does when it is away from the value
   * @param step the normalized change per encoder step (relative modes)
   * @param acceleration the largest multiplier of a fast-turned encoder's steps (1 for none)
   * @param accelerationMillis the message interval below which acceleration starts
   */
  record Param(
      String id,
      double min,
      double max,
      Curve curve,
      boolean invert,
      ValueMode mode,
      Takeover takeover,
      double step,
      double acceleration,
      double accelerationMillis)
      implements Binding {

    /** Tells whether the binding narrows the parameter's range. */
    public boolean hasRange() {
      return !Double.isNaN(min);
    }
  }

  /**
   * Performs an action on press (and, for held actions, on release).
   *
   * @param action the action
   * @param button how the device sends presses
   */
  record Act(Action action, ButtonMode button) implements Binding {}
}
