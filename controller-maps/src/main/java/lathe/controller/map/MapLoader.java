package lathe.controller.map;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;

/** Loads map files into {@link ControllerMap}s, refusing any map with a problem. */
public final class MapLoader {
  private MapLoader() {}

  /**
   * Loads map text against the parameters of a chain.
   *
   * @param file the name to report problems under
   * @param text the YAML text
   * @param params the parameters the map may drive
   * @throws MapException listing every problem when the map is not valid
   */
  public static ControllerMap load(String file, String text, List<ParamSpec> params)
      throws MapException {
    MapParser parser = new MapParser(file, params);
    ControllerMap map = parser.parse(text);
    List<MapProblem> problems = parser.problems();
    if (!problems.isEmpty() || map == null) {
      throw new MapException(
          problems.isEmpty() ? List.of(new MapProblem(file, 0, "not a map")) : problems);
    }
    return map;
  }

  /** Loads map text against the standard chain's parameters. */
  public static ControllerMap load(String file, String text) throws MapException {
    return load(file, text, StandardChain.create().params());
  }

  /** Loads a map file against the standard chain's parameters. */
  public static ControllerMap load(Path file) throws MapException {
    try {
      return load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MapException(
          List.of(new MapProblem(file.toString(), 0, "cannot read: " + e.getMessage())));
    }
  }
}
