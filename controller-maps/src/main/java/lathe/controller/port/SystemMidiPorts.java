package lathe.controller.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiDeviceProvider;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiException;

/**
 * Lists the hardware ports javax.sound.midi knows. On macOS the JDK's own provider never notices
 * devices plugged in after start-up, so the list comes from CoreMIDI4J there when its native
 * library loads; elsewhere (and as a fallback) it comes from {@link MidiSystem}.
 */
final class SystemMidiPorts implements MidiPortSource {
  private final boolean coreMidi;

  SystemMidiPorts() {
    this.coreMidi = isMac() && coreMidiLoaded();
  }

  @Override
  public List<MidiDevice> devices() throws MidiUnavailableException {
    MidiDevice.Info[] infos =
        coreMidi ? CoreMidiDeviceProvider.getMidiDeviceInfo() : MidiSystem.getMidiDeviceInfo();
    List<MidiDevice> devices = new ArrayList<>();
    for (MidiDevice.Info info : infos) {
      MidiDevice device;
      try {
        device = MidiSystem.getMidiDevice(info);
      } catch (MidiUnavailableException | IllegalArgumentException e) {
        continue; // vanished between the two calls
      }
      if (!(device instanceof Sequencer) && !(device instanceof Synthesizer)) {
        devices.add(device);
      }
    }
    return devices;
  }

  private static boolean isMac() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac");
  }

  private static boolean coreMidiLoaded() {
    try {
      return CoreMidiDeviceProvider.isLibraryLoaded();
    } catch (CoreMidiException | LinkageError e) {
      return false;
    }
  }
}
