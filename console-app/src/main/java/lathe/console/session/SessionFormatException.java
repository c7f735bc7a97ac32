package lathe.console.session;

import java.io.IOException;

/** Signals a session document that cannot be read, with a one-line message naming the source. */
public final class SessionFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the source and the problem. */
  public SessionFormatException(String message) {
    super(message);
  }
}
