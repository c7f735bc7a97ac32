package lathe.controller.map;

/** Names the kind of MIDI message a control sends. */
public enum MidiType {
  /** A 7-bit control change. */
  CC("cc", 127),
  /** A note: on with a velocity, off (or on with velocity 0) on release. */
  NOTE("note", 127),
  /** A 14-bit pitch bend (Mackie-style faders). */
  PITCHBEND("pitchbend", 16383),
  /** A 14-bit non-registered parameter number, sent through CC 99/98 and data entry CC 6/38. */
  NRPN("nrpn", 16383),
  /** A 14-bit pair of control changes, a coarse (MSB) and a fine (LSB) number. */
  CC14("cc14", 16383);

  private final String key;
  private final int maxValue;

  MidiType(String key, int maxValue) {
    this.key = key;
    this.maxValue = maxValue;
  }

  /** Returns the name used in map files. */
  public String key() {
    return key;
  }

  /** Returns the largest value the message carries (127 or 16383). */
  public int maxValue() {
    return maxValue;
  }

  /** Returns the type named in a map file, or null. */
  public static MidiType parse(String text) {
    for (MidiType t : values()) {
      if (t.key.equals(text)) {
        return t;
      }
    }
    return null;
  }
}
