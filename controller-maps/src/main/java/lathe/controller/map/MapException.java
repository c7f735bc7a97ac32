package lathe.controller.map;

import java.util.List;
import java.util.stream.Collectors;

/** Reports that a map file cannot be used, with every problem found in it. */
public final class MapException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The problems, in file order. */
  private final transient List<MapProblem> problems;

  /** Creates the exception; its message is one {@code FILE:LINE: problem} line per problem. */
  public MapException(List<MapProblem> problems) {
    super(problems.stream().map(MapProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** Returns the problems, in file order. */
  public List<MapProblem> problems() {
    return problems;
  }
}
