package lathe.controller.map;

/** Tells how a button's messages become presses and releases. */
public enum ButtonMode {
  /**
   * The button sends a press (note-on with velocity, or CC 64..127) and a release (note-off,
   * note-on with velocity 0, or CC 0..63).
   */
  MOMENTARY("momentary"),
  /**
   * The device latches the button itself and sends on and off on alternate presses; every message
   * is a press.
   */
  TOGGLE("toggle");

  private final String key;

  ButtonMode(String key) {
    this.key = key;
  }

  /** Returns the name used in map files. */
  public String key() {
    return key;
  }

  /** Returns the mode named in a map file, or null. */
  public static ButtonMode parse(String text) {
    for (ButtonMode m : values()) {
      if (m.key.equals(text)) {
        return m;
      }
    }
    return null;
  }
}
