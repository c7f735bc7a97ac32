package lathe.console.preset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.param.ParamSpec;

/** Reads presets from the shipped resources or from JSON files, and applies them to a chain. */
public final class PresetLoader {
  /** Names of the presets shipped inside Lathe. */
  public static final List<String> BUILT_IN = List.of("transparent", "gentle", "loud");

  private static final String FORMAT = "lathe-preset";
  private static final JsonFactory JSON = new JsonFactory();

  private PresetLoader() {}

  /**
   * Loads a built-in preset by name, or a preset file by path when the argument is not a built-in
   * name.
   */
  public static Preset load(String nameOrFile) throws PresetException {
    if (BUILT_IN.contains(nameOrFile)) {
      String resource = "/lathe/presets/" + nameOrFile + ".json";
      try (InputStream in = PresetLoader.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new PresetException(nameOrFile + ": built-in preset missing from the build");
        }
        return parse(in, "preset " + nameOrFile);
      } catch (IOException e) {
        throw new PresetException("preset " + nameOrFile + ": " + e.getMessage());
      }
    }
    Path file = Path.of(nameOrFile);
    if (!Files.exists(file) && !nameOrFile.contains("/") && !nameOrFile.endsWith(".json")) {
      throw new PresetException(
          "unknown preset '" + nameOrFile + "' (built in: " + String.join(", ", BUILT_IN) + ")");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new PresetException(file + ": no such file");
    } catch (IOException e) {
      throw new PresetException(file + ": " + e.getMessage());
    }
  }

  /** Parses a preset from JSON; {@code source} names it in messages. */
  public static Preset parse(InputStream in, String source) throws PresetException {
    String name = null;
    String description = "";
    String format = null;
    List<Preset.Value> values = null;
    try (JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(source, p, "not a preset: expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "format" -> format = p.getValueAsString();
          case "version" -> {
            if (p.getValueAsInt(-1) != 1) {
              throw error(source, p, "unsupported preset version " + p.getText());
            }
          }
          case "name" -> name = p.getValueAsString();
          case "description" -> description = p.getValueAsString("");
          case "parameters" -> values = readValues(p, source);
          default -> p.skipChildren();
        }
      }
      if (!FORMAT.equals(format)) {
        throw new PresetException(source + ": not a preset: \"format\" must be \"" + FORMAT + "\"");
      }
      if (values == null) {
        throw new PresetException(source + ": no \"parameters\" object");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new PresetException(
          source + ":" + line + ": broken JSON: " + e.getOriginalMessage().split("\n")[0]);
    } catch (IOException e) {
      throw new PresetException(source + ": " + e.getMessage());
    }
    return new Preset(name == null ? source : name, description, source, values);
  }

  private static List<Preset.Value> readValues(JsonParser p, String source)
      throws IOException, PresetException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw error(source, p, "\"parameters\" must be an object of id: value");
    }
    List<Preset.Value> values = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String id = p.currentName();
      JsonToken t = p.nextToken();
      int line = p.currentLocation().getLineNr();
      if (t != JsonToken.VALUE_NUMBER_INT
          && t != JsonToken.VALUE_NUMBER_FLOAT
          && t != JsonToken.VALUE_STRING) {
        throw error(source, p, id + ": value must be a number or a label");
      }
      values.add(new Preset.Value(id, p.getText(), line));
    }
    return values;
  }

  /**
   * Applies a preset's values to a chain, after checking every one of them.
   *
   * @throws PresetException naming the source, line and parameter of the first bad value; the chain
   *     is unchanged then
   */
  public static void apply(Preset preset, MasteringChain chain) throws PresetException {
    double[] parsed = new double[preset.values().size()];
    for (int i = 0; i < parsed.length; i++) {
      Preset.Value v = preset.values().get(i);
      String where = preset.source() + ":" + v.line() + ": ";
      if (!chain.has(v.id())) {
        throw new PresetException(where + "unknown parameter '" + v.id() + "'");
      }
      ParamSpec spec = chain.spec(v.id());
      try {
        parsed[i] = spec.parse(v.text());
      } catch (IllegalArgumentException e) {
        throw new PresetException(where + e.getMessage());
      }
    }
    for (int i = 0; i < parsed.length; i++) {
      chain.set(preset.values().get(i).id(), parsed[i]);
    }
  }

  private static PresetException error(String source, JsonParser p, String message) {
    return new PresetException(source + ":" + p.currentLocation().getLineNr() + ": " + message);
  }
}
