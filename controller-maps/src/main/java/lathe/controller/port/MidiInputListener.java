package lathe.controller.port;

import javax.sound.midi.MidiMessage;

/**
 * Receives what arrives from MIDI controllers and what happens to their ports.
 *
 * <p>{@link #onMessage} is called on the port's own input thread (or a script player's thread) and
 * should only turn the message into commands and enqueue them; the port events are called on the
 * watcher's polling thread. A port listens before its connection is reported, so every message sent
 * after {@link #onConnected} arrives, and one sent at that very moment may come just before.
 */
@FunctionalInterface
public interface MidiInputListener {
  /**
   * Handles one message from a port.
   *
   * @param portName the port it came from
   * @param message the message, as the device sent it
   * @param arrivalNanos when it arrived, in {@link System#nanoTime()} units
   */
  void onMessage(String portName, MidiMessage message, long arrivalNanos);

  /**
   * Learns that a controller's port was opened (again), so its whole feedback state can be sent.
   *
   * @param portName the input port's name, also the name to {@link MidiPortWatcher#send} feedback
   *     to
   * @param mapName the map the port's name matched
   */
  default void onConnected(String portName, String mapName) {}

  /** Learns that a controller's port vanished and was closed. */
  default void onDisconnected(String portName) {}

  /**
   * Reports a port that could not be used, once per appearance of the port.
   *
   * @param portName the port concerned
   * @param problem what went wrong, one line
   */
  default void onPortError(String portName, String problem) {
    System.err.println("lathe: MIDI port " + portName + ": " + problem);
  }
}
