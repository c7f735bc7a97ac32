package lathe.console.engine;

/** Reports in one line that an audio device is unknown, refused a setting, or failed. */
public final class AudioDeviceException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one-line message. */
  public AudioDeviceException(String message) {
    super(message);
  }

  /** Creates the exception with its one-line message and cause. */
  public AudioDeviceException(String message, Throwable cause) {
    super(message, cause);
  }
}
