package lathe.controller.map;

/** Tells what an absolute control does when its position differs from its parameter's value. */
public enum Takeover {
  /** Nothing happens until the control reaches (or passes) the parameter's value. */
  PICKUP("pickup"),
  /** The parameter jumps to the control's position. */
  JUMP("jump"),
  /** The parameter moves in proportion, so that both reach the end of travel together. */
  SCALE("scale");

  private final String key;

  Takeover(String key) {
    this.key = key;
  }

  /** Returns the name used in map files. */
  public String key() {
    return key;
  }

  /** Returns the takeover named in a map file, or null. */
  public static Takeover parse(String text) {
    for (Takeover t : values()) {
      if (t.key.equals(text)) {
        return t;
      }
    }
    return null;
  }
}
