package lathe.console.audio.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reports a file that cannot be read or written, with a one-line message of the form {@code NAME:
 * problem}.
 */
public final class AudioFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final String problem;

  /** Creates an exception for the given file and problem (the problem is kept on one line). */
  public AudioFileException(Path file, String problem) {
    this(file, problem, null);
  }

  /** Creates an exception for the given file and problem, caused by a lower-level exception. */
  public AudioFileException(Path file, String problem, Throwable cause) {
    super(nameOf(file) + ": " + oneLine(problem), cause);
    this.fileName = nameOf(file);
    this.problem = oneLine(problem);
  }

  /** Returns the name of the file (without its folder) that the message starts with. */
  public String fileName() {
    return fileName;
  }

  /** Returns the problem, without the file name. */
  public String problem() {
    return problem;
  }

  static String nameOf(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  private static String oneLine(String text) {
    String t = text == null ? "unknown problem" : text;
    return t.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
