package lathe.console.engine;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;

/**
 * Lists the MIDI ports of controllers (hardware ports; Java's own synthesizer and sequencer left
 * out).
 */
public final class MidiPorts {
  private MidiPorts() {}

  /**
   * Describes one MIDI port.
   *
   * @param name the port's name, as maps match it
   * @param description the driver's description
   * @param vendor the driver's vendor
   * @param input whether the port sends messages to Lathe (a controller's knobs)
   * @param output whether the port takes messages from Lathe (LED feedback)
   */
  public record Port(
      String name, String description, String vendor, boolean input, boolean output) {}

  /** Returns the hardware MIDI ports present now. */
  public static List<Port> list() {
    List<Port> ports = new ArrayList<>();
    for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
      try {
        MidiDevice d = MidiSystem.getMidiDevice(info);
        if (d instanceof Sequencer || d instanceof Synthesizer) {
          continue;
        }
        ports.add(
            new Port(
                info.getName(),
                info.getDescription(),
                info.getVendor(),
                d.getMaxTransmitters() != 0,
                d.getMaxReceivers() != 0));
      } catch (MidiUnavailableException | IllegalArgumentException e) {
        // A port that vanished between the listing and the lookup is simply not there.
      }
    }
    return ports;
  }
}
