package lathe.console.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import lathe.dsp.chain.Module;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;

/**
 * Writes a session's recall sheet, as analog mastering engineers keep them: every control and its
 * value with units, grouped by module in chain order, then the A/B state, the snapshot slots (what
 * each changes from the working state), the reference, the files, the device and the controller
 * map. The text fits {@value #WIDTH} columns, for printing.
 */
public final class RecallSheet {
  /** Widest line of the text sheet, in characters. */
  public static final int WIDTH = 100;

  /** Value of the {@code "format"} field of the JSON sheet. */
  public static final String FORMAT = "lathe-recall-sheet";

  private static final List<Module> MODULES = StandardChain.create().modules();
  private static final Map<String, String> TITLES =
      Map.ofEntries(
          Map.entry("trim", "Trim"),
          Map.entry("hpf", "High-pass filter"),
          Map.entry("lpf", "Low-pass filter"),
          Map.entry("eq", "Parametric equalizer"),
          Map.entry("mbc", "Multiband compressor"),
          Map.entry("comp", "Bus compressor"),
          Map.entry("exp", "Downward expander"),
          Map.entry("sat", "Saturator"),
          Map.entry("stereo", "Stereo"),
          Map.entry("limiter", "True-peak limiter"),
          Map.entry("fade", "Fades"),
          Map.entry("dither", "Dither"));
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String name;
  private final Session session;
  private final Path file;
  private final Instant modified;
  private final ZoneId zone;

  /**
   * Creates the sheet of a stored session.
   *
   * @param name the session's name
   * @param session the session
   * @param file the file it is stored in, or null
   * @param modified when that file was written, or null
   * @param zone the time zone the text shows times in
   */
  public RecallSheet(String name, Session session, Path file, Instant modified, ZoneId zone) {
    this.name = Objects.requireNonNull(name, "name");
    this.session = Objects.requireNonNull(session, "session");
    this.file = file;
    this.modified = modified;
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** Returns the display title of a module, such as {@code Parametric equalizer} for {@code eq}. */
  public static String title(String moduleId) {
    return TITLES.getOrDefault(moduleId, moduleId);
  }

  /** Returns the lines that sum up a session's settings other than its parameters. */
  public static List<String> settingsLines(Session session) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Input      "
            + (session.files().input() == null ? "(live input)" : session.files().input()));
    lines.add(
        "Print      " + (session.files().print() == null ? "(none)" : session.files().print()));
    lines.add(
        "Reference  "
            + (session.reference().track() == null ? "(none)" : session.reference().track())
            + ", loudness matched "
            + session.reference().mode().jsonName());
    Session.Device d = session.device();
    lines.add(
        "Device     "
            + d.backend()
            + ", "
            + SessionDiff.exact(d.sampleRateHertz())
            + " Hz, "
            + d.blockFrames()
            + " frames x "
            + d.buffers()
            + " buffers");
    lines.add(
        "Map        " + (session.controllerMap() == null ? "(none)" : session.controllerMap()));
    Session.Side active = session.ab().active();
    int abChanges = SessionDiff.between(session.parameters(), session.ab().other()).size();
    lines.add(
        "A/B        "
            + active
            + " active; "
            + active.other()
            + (abChanges == 0 ? " is the same" : " differs in " + count(abChanges)));
    lines.add("Slots      " + slotsSummary(session));
    return lines;
  }

  /** Returns which slots are filled, as {@code 1, 3 filled of 8} or {@code none filled of 8}. */
  public static String slotsSummary(Session session) {
    List<String> filled = new ArrayList<>();
    for (int i = 0; i < session.slots().size(); i++) {
      if (session.slots().get(i).isPresent()) {
        filled.add(Integer.toString(i + 1));
      }
    }
    return (filled.isEmpty() ? "none" : String.join(", ", filled))
        + " filled of "
        + Session.SLOT_COUNT;
  }

  /** Returns the sheet as plain text for printing, no line wider than {@value #WIDTH}. */
  public String text() {
    List<String> lines = new ArrayList<>();
    lines.add(spread("LATHE RECALL SHEET", "session: " + fit(name, WIDTH - 30)));
    if (modified != null) {
      lines.add("Saved      " + TIME.format(modified.atZone(zone)) + " " + zone.getId());
    }
    if (file != null) {
      lines.add("File       " + fit(file.toString(), WIDTH - 11));
    }
    for (String line : settingsLines(session)) {
      lines.add(fit(line, WIDTH));
    }
    lines.add("");
    lines.add("* differs from the default");
    int position = 0;
    for (Module m : MODULES) {
      position++;
      lines.add("");
      String head = String.format("%2d %s", position, title(m.id()).toUpperCase(Locale.ROOT));
      lines.add(spread(head, bypassed(m) ? "BYPASSED" : "in"));
      for (ParamSpec p : m.params()) {
        double v = valueOf(session.parameters(), p);
        lines.add(
            fit(
                String.format(
                    "   %s %-30s %-24s %s",
                    v == p.defaultValue() ? " " : "*",
                    fit(p.name(), 30),
                    p.id(),
                    SessionDiff.value(p, v)),
                WIDTH));
      }
    }
    lines.add("");
    lines.add("A/B (A -> B)");
    List<SessionDiff.Change> ab =
        SessionDiff.between(
            SessionDiff.side(session, Session.Side.A), SessionDiff.side(session, Session.Side.B));
    lines.add(
        "   "
            + session.ab().active()
            + " is active"
            + (ab.isEmpty() ? "; A and B are the same" : "; " + count(ab.size()) + " differ"));
    lines.addAll(fitAll(SessionDiff.lines(ab, "     ")));
    lines.add("");
    lines.add("SNAPSHOT SLOTS (working state -> slot)");
    List<String> empty = new ArrayList<>();
    for (int i = 0; i < session.slots().size(); i++) {
      Optional<Map<String, Double>> slot = session.slots().get(i);
      if (slot.isEmpty()) {
        empty.add(Integer.toString(i + 1));
        continue;
      }
      List<SessionDiff.Change> changes = SessionDiff.between(session.parameters(), slot.get());
      lines.add(
          "   Slot "
              + (i + 1)
              + ": "
              + (changes.isEmpty() ? "same as the working state" : count(changes.size())));
      lines.addAll(fitAll(SessionDiff.lines(changes, "     ")));
    }
    if (!empty.isEmpty()) {
      lines.add("   Empty: " + String.join(", ", empty));
    }
    return String.join("\n", lines) + "\n";
  }

  /** Returns the sheet as an indented JSON document, ending in a newline. */
  public String json() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("format", FORMAT);
    root.put("session", name);
    root.put("file", file == null ? null : file.toString());
    root.put("modified", modified == null ? null : modified.toString());
    ArrayNode modules = root.putArray("modules");
    int position = 0;
    for (Module m : MODULES) {
      ObjectNode mod = modules.addObject();
      mod.put("position", ++position);
      mod.put("id", m.id());
      mod.put("title", title(m.id()));
      mod.put("bypassed", bypassed(m));
      ArrayNode params = mod.putArray("parameters");
      for (ParamSpec p : m.params()) {
        double v = valueOf(session.parameters(), p);
        ObjectNode param = params.addObject();
        param.put("id", p.id());
        param.put("name", p.name());
        param.put("value", v);
        param.put("unit", p.unit());
        param.put("display", SessionDiff.value(p, v));
        param.put("isDefault", v == p.defaultValue());
      }
    }
    ObjectNode ab = root.putObject("ab");
    ab.put("active", session.ab().active().name());
    ab.set(
        "differences",
        changes(
            SessionDiff.between(
                SessionDiff.side(session, Session.Side.A),
                SessionDiff.side(session, Session.Side.B))));
    ArrayNode slots = root.putArray("slots");
    for (int i = 0; i < session.slots().size(); i++) {
      Optional<Map<String, Double>> slot = session.slots().get(i);
      ObjectNode s = slots.addObject();
      s.put("slot", i + 1);
      s.put("filled", slot.isPresent());
      if (slot.isPresent()) {
        s.set("differences", changes(SessionDiff.between(session.parameters(), slot.get())));
      }
    }
    SessionJson.putSettings(root, session);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a recall sheet", e);
    }
  }

  /** Returns a list of changes as JSON objects with plain and displayed values. */
  public static ArrayNode changes(List<SessionDiff.Change> changes) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (SessionDiff.Change c : changes) {
      ObjectNode o = list.addObject();
      o.put("id", c.spec().id());
      o.put("from", c.from());
      o.put("to", c.to());
      o.put("fromDisplay", c.fromText());
      o.put("toDisplay", c.toText());
    }
    return list;
  }

  private boolean bypassed(Module m) {
    return session.parameters().getOrDefault(m.id() + ".bypass", 0.0) >= 0.5;
  }

  private static double valueOf(Map<String, Double> values, ParamSpec p) {
    return values.getOrDefault(p.id(), p.defaultValue());
  }

  private static String count(int n) {
    return n + (n == 1 ? " parameter" : " parameters");
  }

  /** Returns the left and right texts on one line, the right one ending at the last column. */
  private static String spread(String left, String right) {
    int gap = Math.max(1, WIDTH - left.length() - right.length());
    return fit(left + " ".repeat(gap) + right, WIDTH);
  }

  private static List<String> fitAll(List<String> lines) {
    return lines.stream().map(l -> fit(l, WIDTH)).toList();
  }

  /** Shortens a text to {@code width} characters by eliding its middle. */
  static String fit(String text, int width) {
    if (text.length() <= width) {
      return text;
    }
    int head = (width - 3) / 2;
    int tail = width - 3 - head;
    return text.substring(0, head) + "..." + text.substring(text.length() - tail);
  }
}
