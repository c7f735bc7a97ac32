package lathe.controller.map;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;

/** Checks map files and reports every problem as {@code FILE:LINE: problem}. */
public final class MapValidator {
  private MapValidator() {}

  /**
   * Validates map text against the parameters of a chain.
   *
   * @param file the name to report problems under
   * @param text the YAML text
   * @param params the parameters the map may drive
   * @return the problems, in line order; empty when the map is valid
   */
  public static List<MapProblem> validate(String file, String text, List<ParamSpec> params) {
    MapParser parser = new MapParser(file, params);
    parser.parse(text);
    return List.copyOf(parser.problems());
  }

  /** Validates map text against the standard chain's parameters. */
  public static List<MapProblem> validate(String file, String text) {
    return validate(file, text, StandardChain.create().params());
  }

  /** Validates a map file against the standard chain's parameters. */
  public static List<MapProblem> validate(Path file) {
    String name = file.toString();
    try {
      return validate(name, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of(new MapProblem(name, 0, "cannot read: " + e.getMessage()));
    }
  }
}
