package lathe.console.session;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import lathe.dsp.param.ParamSpec;

/**
 * Writes sessions as versioned JSON and reads them back, migrating older schema versions step by
 * step to the current one.
 *
 * <p>Schema version 1 held the parameters under {@code "values"} and had no A/B state and no
 * reference track; version 2 holds them under {@code "parameters"} and adds {@code "ab"} and {@code
 * "reference"}.
 */
public final class SessionJson {
  /** Value of the {@code "format"} field that marks a session document. */
  public static final String FORMAT = "lathe-session";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * Migrations by index: entry {@code i} turns a version {@code i + 1} document into {@code i + 2}.
   */
  private static final List<UnaryOperator<ObjectNode>> MIGRATIONS =
      List.of(SessionJson::version1To2);

  private SessionJson() {}

  /**
   * Holds a session read from JSON and the problems that were not fatal.
   *
   * @param session the session, migrated to the current schema
   * @param warnings one line per problem (unknown parameters, missing ones set to defaults)
   */
  public record Read(Session session, List<String> warnings) {
    /** Freezes the warnings. */
    public Read {
      warnings = List.copyOf(warnings);
    }
  }

  /** Returns the session as a JSON document of the current schema version, ending in a newline. */
  public static String write(Session session) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("format", FORMAT);
    root.put("schemaVersion", Session.SCHEMA_VERSION);
    root.set("parameters", parameters(session.parameters()));
    ArrayNode slots = root.putArray("slots");
    for (Optional<Map<String, Double>> slot : session.slots()) {
      slots.add(slot.map(SessionJson::parameters).orElse(null));
    }
    if (slots.size() != Session.SLOT_COUNT) {
      throw new IllegalStateException("slot count");
    }
    ObjectNode ab = root.putObject("ab");
    ab.put("active", session.ab().active().name());
    ab.set("other", parameters(session.ab().other()));
    putSettings(root, session);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a session tree", e);
    }
  }

  /**
   * Reads a session document of any known schema version; {@code source} names it in messages.
   *
   * @throws SessionFormatException if the document is not JSON or not a session, naming the source,
   *     and the line and column where the JSON breaks
   */
  public static Read read(String text, String source) throws SessionFormatException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SessionFormatException(source + where(e.getLocation()) + ": " + oneLine(e));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new SessionFormatException(source + ": empty document, not a session");
    }
    if (!tree.isObject()) {
      throw new SessionFormatException(source + ": not a session: expected a JSON object");
    }
    ObjectNode root = migrate((ObjectNode) tree, source);
    return new Fields(source).session(root);
  }

  /**
   * Brings a document of any older schema version to the current one, one step at a time.
   *
   * @throws SessionFormatException if the version is missing, unknown or newer than this build
   */
  static ObjectNode migrate(ObjectNode root, String source) throws SessionFormatException {
    JsonNode format = root.get("format");
    if (format != null && !format.isNull() && !FORMAT.equals(format.asText())) {
      throw new SessionFormatException(
          source + ": not a session: format is '" + format.asText() + "', not " + FORMAT);
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null || !version.isInt()) {
      throw new SessionFormatException(source + ": not a session: no integer schemaVersion");
    }
    int v = version.intValue();
    if (v < 1) {
      throw new SessionFormatException(source + ": schema version " + v + " does not exist");
    }
    if (v > Session.SCHEMA_VERSION) {
      throw new SessionFormatException(
          source
              + ": schema version "
              + v
              + " is newer than this Lathe reads ("
              + Session.SCHEMA_VERSION
              + ")");
    }
    ObjectNode doc = root.deepCopy();
    for (; v < Session.SCHEMA_VERSION; v++) {
      doc = MIGRATIONS.get(v - 1).apply(doc);
      doc.put("schemaVersion", v + 1);
    }
    return doc;
  }

  /** Renames {@code "values"} to {@code "parameters"} and adds A/B (at A) and no reference. */
  private static ObjectNode version1To2(ObjectNode v1) {
    ObjectNode v2 = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = v1.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      v2.set(e.getKey().equals("values") ? "parameters" : e.getKey(), e.getValue());
    }
    JsonNode values = v2.get("parameters");
    ObjectNode ab = v2.putObject("ab");
    ab.put("active", Session.Side.A.name());
    ab.set("other", values == null ? null : values.deepCopy());
    ObjectNode reference = v2.putObject("reference");
    reference.putNull("track");
    reference.put("mode", Session.MatchMode.SHORT_TERM.jsonName());
    return v2;
  }

  private static ObjectNode parameters(Map<String, Double> values) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    values.forEach(node::put);
    return node;
  }

  private static String text(Path path) {
    return path == null ? null : path.toString();
  }

  private static String where(JsonLocation at) {
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return ": line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String oneLine(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** Reads the fields of a current-version document, collecting warnings. */
  private static final class Fields {
    private final String source;
    private final List<String> warnings = new ArrayList<>();

    Fields(String source) {
      this.source = source;
    }

    Read session(ObjectNode root) throws SessionFormatException {
      Map<String, Double> parameters = parameterMap(required(root, "parameters"), "parameters");
      JsonNode slotsNode = required(root, "slots");
      if (!slotsNode.isArray() || slotsNode.size() != Session.SLOT_COUNT) {
        throw problem("'slots' must be an array of " + Session.SLOT_COUNT + " entries");
      }
      List<Optional<Map<String, Double>>> slots = new ArrayList<>();
      for (int i = 0; i < Session.SLOT_COUNT; i++) {
        JsonNode slot = slotsNode.get(i);
        slots.add(
            slot.isNull()
                ? Optional.empty()
                : Optional.of(parameterMap(slot, "slots[" + (i + 1) + "]")));
      }
      JsonNode abNode = required(root, "ab");
      Session.Side active;
      try {
        active = Session.Side.valueOf(string(abNode, "ab", "active", false));
      } catch (IllegalArgumentException e) {
        throw problem("'ab.active' must be A or B");
      }
      Session.AbState ab =
          new Session.AbState(active, parameterMap(required(abNode, "other"), "ab.other"));
      JsonNode ref = required(root, "reference");
      Session.MatchMode mode;
      try {
        mode = Session.MatchMode.fromJson(string(ref, "reference", "mode", false));
      } catch (IllegalArgumentException e) {
        throw problem("'reference.mode': " + e.getMessage());
      }
      Session.Reference reference = new Session.Reference(path(ref, "reference", "track"), mode);
      JsonNode files = required(root, "files");
      Session.AudioFiles io =
          new Session.AudioFiles(path(files, "files", "input"), path(files, "files", "print"));
      JsonNode dev = required(root, "device");
      Session.Device device;
      try {
        device =
            new Session.Device(
                string(dev, "device", "backend", false),
                number(dev, "device", "sampleRateHertz"),
                integer(dev, "device", "blockFrames"),
                integer(dev, "device", "buffers"));
      } catch (IllegalArgumentException e) {
        throw problem("'device': " + e.getMessage());
      }
      String map = root.has("controllerMap") ? string(root, "", "controllerMap", true) : null;
      return new Read(new Session(parameters, slots, ab, reference, io, device, map), warnings);
    }

    private Map<String, Double> parameterMap(JsonNode node, String field)
        throws SessionFormatException {
      if (!node.isObject()) {
        throw problem("'" + field + "' must be an object of parameter values");
      }
      Map<String, Double> known = Session.defaultParameters();
      Map<String, Double> read = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String id = e.getKey();
        JsonNode value = e.getValue();
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
          throw problem("'" + field + "." + id + "' must be a number, not " + value);
        }
        if (!known.containsKey(id)) {
          warnings.add(source + ": unknown parameter '" + id + "' in " + field + " ignored");
          continue;
        }
        read.put(id, value.doubleValue());
      }
      Map<String, Double> values = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      for (ParamSpec p : Session.standardParams()) {
        Double v = read.get(p.id());
        if (v == null) {
          missing.add(p.id());
          v = p.defaultValue();
        }
        values.put(p.id(), v);
      }
      if (!missing.isEmpty()) {
        warnings.add(
            source
                + ": "
                + missing.size()
                + " parameter(s) missing in "
                + field
                + ", set to defaults: "
                + String.join(", ", missing));
      }
      return values;
    }

    private JsonNode required(JsonNode parent, String field) throws SessionFormatException {
      JsonNode node = parent.get(field);
      if (node == null || node.isNull()) {
        throw problem("missing '" + field + "'");
      }
      return node;
    }

    private String string(JsonNode parent, String where, String field, boolean nullable)
        throws SessionFormatException {
      JsonNode node = parent.get(field);
      if (nullable && (node == null || node.isNull())) {
        return null;
      }
      if (node == null || !node.isTextual()) {
        throw problem("'" + dotted(where, field) + "' must be a string");
      }
      return node.textValue();
    }

    private Path path(JsonNode parent, String where, String field) throws SessionFormatException {
      String text = string(parent, where, field, true);
      try {
        return text == null ? null : Path.of(text);
      } catch (InvalidPathException e) {
        throw problem("'" + dotted(where, field) + "' is not a path: " + e.getReason());
      }
    }

    private double number(JsonNode parent, String where, String field)
        throws SessionFormatException {
      JsonNode node = parent.get(field);
      if (node == null || !node.isNumber()) {
        throw problem("'" + dotted(where, field) + "' must be a number");
      }
      return node.doubleValue();
    }

    private int integer(JsonNode parent, String where, String field) throws SessionFormatException {
      JsonNode node = parent.get(field);
      if (node == null || !node.isInt()) {
        throw problem("'" + dotted(where, field) + "' must be an integer");
      }
      return node.intValue();
    }

    private static String dotted(String where, String field) {
      return where.isEmpty() ? field : where + "." + field;
    }

    private SessionFormatException problem(String what) {
      return new SessionFormatException(source + ": " + what);
    }
  }

  /**
   * Writes a session's reference, files, device and map into a JSON object, as the file has them.
   */
  static void putSettings(ObjectNode root, Session session) {
    ObjectNode reference = root.putObject("reference");
    reference.put("track", text(session.reference().track()));
    reference.put("mode", session.reference().mode().jsonName());
    ObjectNode files = root.putObject("files");
    files.put("input", text(session.files().input()));
    files.put("print", text(session.files().print()));
    ObjectNode device = root.putObject("device");
    device.put("backend", session.device().backend());
    device.put("sampleRateHertz", session.device().sampleRateHertz());
    device.put("blockFrames", session.device().blockFrames());
    device.put("buffers", session.device().buffers());
    root.put("controllerMap", session.controllerMap());
  }
}
