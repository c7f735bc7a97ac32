package lathe.controller.map;

/** Tells how a continuous control's value is read: as a position or as a step from where it is. */
public enum ValueMode {
  /** The value is the position (a pot, a fader, an encoder that counts by itself). */
  ABSOLUTE("absolute"),
  /** Steps in two's complement: 1..63 up, 127 (-1) .. 64 (-64) down. */
  RELATIVE_TWOS("relative-twos"),
  /** Steps around 64: 65 is +1, 63 is -1. */
  RELATIVE_OFFSET64("relative-offset64"),
  /** Steps as sign and magnitude: bit 6 set means down, bits 0..5 the size (65 is -1, 1 is +1). */
  RELATIVE_SIGNMAG("relative-signmag");

  private final String key;

  ValueMode(String key) {
    this.key = key;
  }

  /** Returns the name used in map files. */
  public String key() {
    return key;
  }

  /** Tells whether the control sends steps rather than positions. */
  public boolean isRelative() {
    return this != ABSOLUTE;
  }

  /**
   * Decodes a 7-bit relative value into signed steps; absolute controls return 0.
   *
   * @param value the data byte, 0..127
   */
  public int steps(int value) {
    return switch (this) {
      case ABSOLUTE -> 0;
      case RELATIVE_TWOS -> value < 64 ? value : value - 128;
      case RELATIVE_OFFSET64 -> value - 64;
      case RELATIVE_SIGNMAG -> (value & 0x40) != 0 ? -(value & 0x3F) : value & 0x3F;
    };
  }

  /** Returns the mode named in a map file, or null. */
  public static ValueMode parse(String text) {
    for (ValueMode m : values()) {
      if (m.key.equals(text)) {
        return m;
      }
    }
    return null;
  }
}
