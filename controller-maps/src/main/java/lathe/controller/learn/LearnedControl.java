package lathe.controller.learn;

import lathe.controller.map.MidiType;
import lathe.controller.map.ValueMode;

/**
 * Describes a control learned for one target: what it sends and how its values are read.
 *
 * @param target the parameter or action it drives
 * @param type the message it sends
 * @param channel the MIDI channel, 1..16
 * @param number the CC or note number, the NRPN number, the MSB number of a {@code cc14} pair, or
 *     -1 for pitch bend
 * @param lsb the LSB number of a {@code cc14} pair, otherwise -1
 * @param lsbFirst whether a {@code cc14} pair's LSB arrives before its MSB
 * @param mode absolute, or the relative encoding an encoder's steps use
 */
public record LearnedControl(
    LearnTarget target,
    MidiType type,
    int channel,
    int number,
    int lsb,
    boolean lsbFirst,
    ValueMode mode) {

  /** Returns the control's label: its message and number, e.g. {@code CC 16} or {@code Note 36}. */
  public String label() {
    String ch = channel == 1 ? "" : " ch " + channel;
    return switch (type) {
      case CC -> "CC " + number + ch;
      case CC14 -> "CC " + number + "/" + lsb + ch;
      case NOTE -> "Note " + number + ch;
      case PITCHBEND -> "Pitch bend ch " + channel;
      case NRPN -> "NRPN " + number + ch;
    };
  }

  /** Describes the control in one line, e.g. {@code CC 20, relative-twos}. */
  public String describe() {
    if (target.action()) {
      return label() + ", button";
    }
    if (type == MidiType.CC14) {
      return label() + ", 14-bit " + (lsbFirst ? "lsb-first" : "msb-first");
    }
    return label() + ", " + mode.key();
  }
}
