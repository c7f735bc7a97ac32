package lathe.controller.map;

/**
 * Describes one thing wrong with a map file.
 *
 * @param file the file's name
 * @param line the 1-based line, 0 when the whole file is concerned
 * @param message what is wrong
 */
public record MapProblem(String file, int line, String message) {
  /** Formats the problem as {@code FILE:LINE: message}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
