package lathe.controller.map;

/**
 * Identifies the messages a control sends.
 *
 * @param type the message type
 * @param channel the MIDI channel, 1..16
 * @param number the CC, note or NRPN number; the coarse (MSB) number of a 14-bit pair; 0 for pitch
 *     bend
 * @param lsbNumber the fine (LSB) number of a 14-bit pair, otherwise -1
 * @param lsbFirst whether a 14-bit pair arrives fine part first
 */
public record MidiInput(MidiType type, int channel, int number, int lsbNumber, boolean lsbFirst) {

  /** Creates a single-number input (cc, note, nrpn, pitchbend). */
  public static MidiInput of(MidiType type, int channel, int number) {
    return new MidiInput(type, channel, number, -1, false);
  }

  /** Describes the input as a map file writes it, e.g. {@code cc 16 ch1}. */
  @Override
  public String toString() {
    return switch (type) {
      case PITCHBEND -> "pitchbend ch" + channel;
      case CC14 ->
          "cc14 " + number + "/" + lsbNumber + " ch" + channel + (lsbFirst ? " lsb-first" : "");
      default -> type.key() + " " + number + " ch" + channel;
    };
  }
}
