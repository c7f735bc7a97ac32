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
   * @param holdMillis for a momentary {@code recall} button, how long a press must be held to save
   *     the slot instead (a shorter press recalls it on release); 0 for no long press
   */
  record Act(Action action, ButtonMode button, int holdMillis) implements Binding {
    /** How long a slot button is held to save, unless the map says otherwise. */
    public static final int DEFAULT_HOLD_MILLIS = 600;

    /** Creates an action binding with the default hold time where a long press applies. */
    public Act(Action action, ButtonMode button) {
      this(action, button, longPressable(action, button) ? DEFAULT_HOLD_MILLIS : 0);
    }

    /** Tells whether a long press saves the slot this button recalls. */
    public boolean longPress() {
      return holdMillis > 0 && longPressable(action, button);
    }

    /** Tells whether an action and button mode can have a long press (a momentary recall). */
    public static boolean longPressable(Action action, ButtonMode button) {
      return action.kind() == Action.Kind.RECALL && button == ButtonMode.MOMENTARY;
    }
  }
}
