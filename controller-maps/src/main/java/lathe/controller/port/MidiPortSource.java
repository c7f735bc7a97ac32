package lathe.controller.port;

import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiUnavailableException;

/** Lists the hardware MIDI ports present at the moment of the call. */
@FunctionalInterface
public interface MidiPortSource {
  /**
   * Lists the hardware ports present now, without sequencers and synthesizers.
   *
   * <p>A device with transmitters is an input port (a controller sends on it), one with receivers
   * an output port; a device may be both. The devices are not opened.
   *
   * @throws MidiUnavailableException when the MIDI system cannot be asked
   */
  List<MidiDevice> devices() throws MidiUnavailableException;

  /** Returns the system's ports: javax.sound.midi, through CoreMIDI4J on macOS when it loads. */
  static MidiPortSource system() {
    return new SystemMidiPorts();
  }
}
