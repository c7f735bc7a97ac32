package lathe.controller.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the maps shipped inside the jar, listed in {@code maps/index.txt}. */
public final class BundledMaps {
  private static final String DIR = "maps/";

  private BundledMaps() {}

  /** Returns the bundled maps' names (file names without {@code .yaml}), in index order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (String line : read(DIR + "index.txt").split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        names.add(l.replaceFirst("\\.yaml$", ""));
      }
    }
    return names;
  }

  /** Returns the YAML text of a bundled map. */
  public static String text(String name) {
    return read(DIR + name + ".yaml");
  }

  /**
   * Loads a bundled map by name.
   *
   * @throws MapException when the bundled file has a problem (a test keeps this from happening)
   */
  public static ControllerMap load(String name) throws MapException {
    return MapLoader.load(DIR + name + ".yaml", text(name));
  }

  /**
   * Finds a bundled map by its name or by a case-insensitive part of its device name.
   *
   * @return the map's name, or empty when none or more than one match
   */
  public static Optional<String> find(String query) throws MapException {
    String q = query.toLowerCase(Locale.ROOT);
    List<String> hits = new ArrayList<>();
    for (String name : names()) {
      if (name.equals(q)) {
        return Optional.of(name);
      }
      if (name.contains(q) || load(name).device().name().toLowerCase(Locale.ROOT).contains(q)) {
        hits.add(name);
      }
    }
    return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
  }

  /** Returns the first bundled map whose port patterns match a MIDI port name. */
  public static Optional<String> forPort(String portName) throws MapException {
    for (String name : names()) {
      if (load(name).device().matchesPort(portName)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static String read(String resource) {
    try (InputStream in = BundledMaps.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled map resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
