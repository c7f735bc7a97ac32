package lathe.console.engine;

import java.util.function.Consumer;
import lathe.console.engine.jack.JackBackend;
import lathe.console.engine.javasound.AudioDevices;
import lathe.console.engine.javasound.JavaSoundBackend;

/** Chooses the audio back-end that {@code --audio} names, or the embedded default. */
public final class Backends {
  private Backends() {}

  /**
   * Holds the chosen back-end.
   *
   * @param backend the back-end, not yet opened
   * @param fallback whether it is the embedded default chosen because nothing else was found
   */
  public record Choice(AudioBackend backend, boolean fallback) {}

  /**
   * Returns the back-end for {@code name}: {@code null} (the embedded paced clock), {@code jack}
   * (or {@code jack:SERVER} for a named server), or a Java Sound device; without a name, the
   * default Java Sound device when one exists, else the null back-end (said through {@code say}).
   *
   * @param bits the Java Sound sample size, 16, 24 or 32, or 0 for the best the device takes
   * @throws AudioDeviceException when the name matches nothing, listing what exists
   */
  public static Choice choose(String name, AudioSettings settings, int bits, Consumer<String> say)
      throws AudioDeviceException {
    if (name == null) {
      if (hasJavaSoundOutput()) {
        return new Choice(new JavaSoundBackend(null, bits), false);
      }
      say.accept(
          "lathe: no audio interface found (Java Sound lists no output device); running on the"
              + " embedded null back-end");
      return new Choice(nullBackend(), true);
    }
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (n.equals("null")) {
      return new Choice(nullBackend(), false);
    }
    if (n.equals("jack") || n.startsWith("jack:")) {
      String server = n.equals("jack") ? null : name.trim().substring("jack:".length());
      String why = JackBackend.unavailableReason(server);
      if (why != null) {
        throw new AudioDeviceException("--audio " + name + ": " + why);
      }
      return new Choice(new JackBackend(server, "lathe"), false);
    }
    return new Choice(new JavaSoundBackend(name.trim(), bits), false);
  }

  private static boolean hasJavaSoundOutput() {
    try {
      return AudioDevices.list().stream().anyMatch(d -> !d.outputRates().isEmpty());
    } catch (LinkageError | RuntimeException e) {
      // Java Sound's native library cannot load (no libasound2): there is no device to use.
      return false;
    }
  }

  /** Returns the embedded default: a paced clock with no device. */
  public static AudioBackend nullBackend() {
    return new NullBackend();
  }
}
