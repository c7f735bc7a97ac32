package lathe.console.preset;

/** Reports a preset that cannot be used, in one line naming the file, the line and the problem. */
public final class PresetException extends Exception {
  /** Creates the exception with its one-line message. */
  public PresetException(String message) {
    super(message);
  }
}
