package lathe.console.engine;

/**
 * Moves audio between one device and the engine: once started, it calls the engine's {@link
 * AudioCycle} once per block from its own real-time thread, converting the device's samples to and
 * from planar doubles in buffers it allocated when it opened.
 *
 * <p>Life cycle: {@link #open}, {@link #start}, then {@link #close}; a closed back-end may be
 * opened again (the engine does so when a device that failed comes back). A device that fails while
 * running (USB unplugged, server gone) does not throw on the audio thread: the back-end stops
 * calling the cycle and reports it through {@link #failure}; the engine then closes it and retries.
 */
public interface AudioBackend {
  /**
   * Returns the kind and device in a few words, e.g. {@code jack} or {@code null (paced clock)}.
   */
  String description();

  /**
   * Opens the device with the requested settings.
   *
   * @return what the device granted (JACK's block and rate are the server's)
   * @throws AudioDeviceException when the device is unknown, absent or refuses the settings, with a
   *     one-line message naming it
   */
  DeviceFormat open(AudioSettings requested) throws AudioDeviceException;

  /** Starts calling {@code cycle} from the device thread; returns at once. */
  void start(AudioCycle cycle) throws AudioDeviceException;

  /** Stops calling the cycle, waits for the device thread to leave it, and closes the device. */
  void close();

  /** Returns the over- and underruns seen since the last {@link #open}. */
  long xruns();

  /** Returns why the device stopped while running, or {@code null} while it is healthy. */
  String failure();
}
