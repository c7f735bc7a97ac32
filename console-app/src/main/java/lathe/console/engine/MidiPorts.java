package lathe.console.engine;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiUnavailableException;
import lathe.controller.port.MidiPortSource;

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

  /**
   * Returns the hardware MIDI ports present now, as the controller port watcher sees them (so on
   * macOS through CoreMIDI4J), or none when the MIDI system cannot be asked.
   */
  public static List<Port> list() {
    List<Port> ports = new ArrayList<>();
    List<MidiDevice> devices;
    try {
      devices = MidiPortSource.system().devices();
    } catch (MidiUnavailableException e) {
      return ports;
    }
    for (MidiDevice d : devices) {
      MidiDevice.Info info = d.getDeviceInfo();
      ports.add(
          new Port(
              info.getName(),
              info.getDescription(),
              info.getVendor(),
              d.getMaxTransmitters() != 0,
              d.getMaxReceivers() != 0));
    }
    return ports;
  }
}
