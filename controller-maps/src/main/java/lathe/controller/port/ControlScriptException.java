package lathe.controller.port;

import java.util.List;

/** Reports that a control script cannot be played, with one {@code FILE:LINE: problem} per line. */
public final class ControlScriptException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The problems, in file order, each formatted {@code FILE:LINE: problem}. */
  private final transient List<String> problems;

  /** Creates the exception; its message is the problems, one per line. */
  public ControlScriptException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns the problems, in file order, each formatted {@code FILE:LINE: problem}. */
  public List<String> problems() {
    return problems;
  }
}
