package lathe.controller.map;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lathe.dsp.command.TransportAction;
import lathe.dsp.param.ParamSpec;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a map file through the YAML node tree (so every problem can name its line), collecting
 * every problem instead of stopping at the first.
 */
final class MapParser {
  static final double DEFAULT_STEP = 0.01;
  static final double DEFAULT_ACCELERATION_MILLIS = 40;

  private static final Set<String> TOP_KEYS = Set.of("device", "controls", "pages", "meters");
  private static final Set<String> DEVICE_KEYS =
      Set.of("name", "ports", "source", "channel", "hold");
  private static final Set<String> PAGE_KEYS = Set.of("name", "controls");
  private static final Set<String> CONTROL_KEYS =
      Set.of(
          "name",
          "type",
          "channel",
          "number",
          "msb",
          "lsb",
          "order",
          "param",
          "range",
          "taper",
          "invert",
          "mode",
          "takeover",
          "step",
          "acceleration",
          "action",
          "layer",
          "button",
          "hold",
          "feedback");
  private static final Set<String> RANGE_KEYS = Set.of("min", "max");
  private static final Set<String> ACCEL_KEYS = Set.of("factor", "below-ms");
  private static final Set<String> FEEDBACK_KEYS =
      Set.of("message", "min", "max", "on", "off", "empty", "filled", "active");
  private static final List<String> SLOT_LAMP_KEYS = List.of("empty", "filled", "active");
  private static final int MAX_HOLD_MILLIS = 10_000;
  private static final int MIN_HOLD_MILLIS = 100;
  private static final Set<String> METER_KEYS =
      Set.of("meter", "message", "from", "to", "min", "max");

  private final String file;
  private final Map<String, ParamSpec> params = new HashMap<>();
  private final Set<String> modules = new TreeSet<>();
  private final List<MapProblem> problems = new ArrayList<>();
  private int defaultChannel = 1;
  private int defaultHoldMillis = Binding.Act.DEFAULT_HOLD_MILLIS;
  private int declaredControls;

  MapParser(String file, List<ParamSpec> specs) {
    this.file = file;
    for (ParamSpec p : specs) {
      params.put(p.id(), p);
      if (p.id().endsWith(".bypass") && p.id().indexOf('.') == p.id().lastIndexOf('.')) {
        modules.add(p.id().substring(0, p.id().indexOf('.')));
      }
    }
  }

  List<MapProblem> problems() {
    problems.sort(Comparator.comparingInt(MapProblem::line));
    return problems;
  }

  /** Parses the text; returns null when the file is too broken to build a map from. */
  ControllerMap parse(String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      problem(line, "not valid YAML: " + e.getProblem());
      return null;
    } catch (YAMLException e) {
      problem(0, "not valid YAML: " + e.getMessage());
      return null;
    }
    if (!(root instanceof MappingNode top)) {
      problem(root == null ? 0 : line(root), "a map is a mapping with device, controls and pages");
      return null;
    }
    Map<String, NodeTuple> keys = keys(top, TOP_KEYS, "map");
    Device device = null;
    if (keys.containsKey("device")) {
      device = device(keys.get("device").getValueNode());
    } else {
      problem(line(top), "missing key 'device'");
    }
    List<Control> shared = new ArrayList<>();
    if (keys.containsKey("controls")) {
      controls(keys.get("controls").getValueNode(), shared);
    }
    List<String> pageNames = new ArrayList<>();
    List<List<Control>> pageControls = new ArrayList<>();
    List<Integer> pageLines = new ArrayList<>();
    if (keys.containsKey("pages")) {
      Node pagesNode = keys.get("pages").getValueNode();
      if (pagesNode instanceof SequenceNode seq) {
        for (Node pn : seq.getValue()) {
          if (!(pn instanceof MappingNode pm)) {
            problem(line(pn), "a page is a mapping with name and controls");
            continue;
          }
          Map<String, NodeTuple> pk = keys(pm, PAGE_KEYS, "page");
          String name =
              pk.containsKey("name")
                  ? string(pk.get("name").getValueNode(), "page name")
                  : "Page " + (pageNames.size() + 1);
          List<Control> cs = new ArrayList<>();
          if (pk.containsKey("controls")) {
            controls(pk.get("controls").getValueNode(), cs);
          }
          pageNames.add(name);
          pageControls.add(cs);
          pageLines.add(line(pm));
        }
      } else {
        problem(line(pagesNode), "pages must be a list");
      }
    }
    if (pageNames.isEmpty()) {
      if (declaredControls == 0) {
        problem(line(top), "the map has no controls");
      }
      pageNames.add("Main");
      pageControls.add(new ArrayList<>());
      pageLines.add(line(top));
    }
    List<MeterOutput> meters = new ArrayList<>();
    if (keys.containsKey("meters")) {
      meters(keys.get("meters").getValueNode(), meters);
    }

    boolean hasShift = false;
    List<Page> pages = new ArrayList<>();
    for (int i = 0; i < pageNames.size(); i++) {
      List<Control> all = new ArrayList<>(shared);
      all.addAll(pageControls.get(i));
      checkDuplicates(all, pageNames.get(i));
      for (Control c : all) {
        if (c.binding() instanceof Binding.Act a) {
          hasShift |= a.action().kind() == Action.Kind.SHIFT;
          if (a.action().kind() == Action.Kind.PAGE && a.action().number() > pageNames.size()) {
            problem(
                c.line(),
                "page "
                    + a.action().number()
                    + " does not exist (the map has "
                    + pageNames.size()
                    + ")");
          }
        }
      }
      all.sort(
          Comparator.comparing((Control c) -> c.input().type())
              .thenComparingInt(c -> c.input().channel())
              .thenComparingInt(c -> c.input().number())
              .thenComparing(Control::layer));
      pages.add(new Page(pageNames.get(i), all));
    }
    if (!hasShift) {
      List<Control> declared = new ArrayList<>(shared);
      pageControls.forEach(declared::addAll);
      for (Control c : declared) {
        if (c.layer() == Layer.SHIFT) {
          problem(c.line(), "layer: shift, but no control has the shift action");
        }
      }
    }
    if (device == null) {
      return null;
    }
    return new ControllerMap(file, device, pages, meters);
  }

  // ---- sections

  private Device device(Node node) {
    if (!(node instanceof MappingNode m)) {
      problem(line(node), "device must be a mapping with name, ports and source");
      return null;
    }
    Map<String, NodeTuple> k = keys(m, DEVICE_KEYS, "device");
    String name = required(k, "name", m) ? string(k.get("name").getValueNode(), "name") : "";
    String source =
        required(k, "source", m) ? string(k.get("source").getValueNode(), "source") : "";
    List<String> ports = new ArrayList<>();
    if (required(k, "ports", m)) {
      Node pn = k.get("ports").getValueNode();
      if (pn instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
        for (Node p : seq.getValue()) {
          ports.add(string(p, "port pattern"));
        }
      } else if (pn instanceof ScalarNode) {
        ports.add(string(pn, "port pattern"));
      } else {
        problem(line(pn), "ports must be a list of port-name patterns");
      }
    }
    if (k.containsKey("channel")) {
      Integer ch = integer(k.get("channel").getValueNode(), "channel");
      if (ch != null && checkChannel(ch, line(k.get("channel").getValueNode()))) {
        defaultChannel = ch;
      }
    }
    if (k.containsKey("hold")) {
      Integer hold = holdMillis(k.get("hold").getValueNode());
      if (hold != null) {
        defaultHoldMillis = hold;
      }
    }
    return new Device(name, ports, source);
  }

  private void controls(Node node, List<Control> out) {
    if (!(node instanceof SequenceNode seq)) {
      problem(line(node), "controls must be a list");
      return;
    }
    for (Node cn : seq.getValue()) {
      declaredControls++;
      if (!(cn instanceof MappingNode cm)) {
        problem(line(cn), "a control is a mapping with name, type, number and param or action");
        continue;
      }
      Control c = control(cm);
      if (c != null) {
        out.add(c);
      }
    }
  }

  private Control control(MappingNode m) {
    int line = line(m);
    int before = problems.size();
    Map<String, NodeTuple> k = keys(m, CONTROL_KEYS, "control");
    String name = k.containsKey("name") ? string(k.get("name").getValueNode(), "name") : "";
    MidiInput input = input(k, m);
    Layer layer = Layer.NORMAL;
    if (k.containsKey("layer")) {
      String l = string(k.get("layer").getValueNode(), "layer");
      switch (l) {
        case "normal" -> layer = Layer.NORMAL;
        case "shift" -> layer = Layer.SHIFT;
        default -> problem(line(k.get("layer").getValueNode()), "layer must be normal or shift");
      }
    }
    Binding binding = null;
    boolean hasParam = k.containsKey("param");
    boolean hasAction = k.containsKey("action");
    if (hasParam == hasAction) {
      problem(line, "a control needs exactly one of 'param' and 'action'");
    } else if (hasParam) {
      binding = param(k, input);
      for (String key : List.of("button")) {
        if (k.containsKey(key)) {
          problem(line(k.get(key).getKeyNode()), "'" + key + "' is for action controls");
        }
      }
      if (k.containsKey("hold")) {
        problem(line(k.get("hold").getKeyNode()), "'hold' is for momentary recall buttons");
      }
    } else {
      binding = act(k, input);
      for (String key :
          List.of("range", "taper", "invert", "mode", "takeover", "step", "acceleration")) {
        if (k.containsKey(key)) {
          problem(line(k.get(key).getKeyNode()), "'" + key + "' is for parameter controls");
        }
      }
    }
    Feedback feedback = null;
    if (k.containsKey("feedback") && input != null) {
      feedback = feedback(k.get("feedback").getValueNode(), input, binding);
    }
    if (problems.size() > before || input == null || binding == null) {
      return null;
    }
    return new Control(
        name.isEmpty() ? input.toString() : name, input, layer, binding, feedback, line);
  }

  private MidiInput input(Map<String, NodeTuple> k, MappingNode m) {
    if (!required(k, "type", m)) {
      return null;
    }
    Node tn = k.get("type").getValueNode();
    MidiType type = MidiType.parse(string(tn, "type"));
    if (type == null) {
      problem(line(tn), "unknown MIDI type '" + scalar(tn) + "' (cc, note, pitchbend, nrpn, cc14)");
      return null;
    }
    int channel = defaultChannel;
    if (k.containsKey("channel")) {
      Node cn = k.get("channel").getValueNode();
      Integer ch = integer(cn, "channel");
      if (ch == null || !checkChannel(ch, line(cn))) {
        return null;
      }
      channel = ch;
    }
    switch (type) {
      case PITCHBEND -> {
        for (String key : List.of("number", "msb", "lsb", "order")) {
          if (k.containsKey(key)) {
            problem(line(k.get(key).getKeyNode()), "pitchbend has no '" + key + "'");
          }
        }
        return MidiInput.of(type, channel, 0);
      }
      case CC14 -> {
        if (k.containsKey("number")) {
          problem(line(k.get("number").getKeyNode()), "cc14 takes msb and lsb, not number");
        }
        if (!required(k, "msb", m) | !required(k, "lsb", m)) {
          return null;
        }
        Integer msb = midiNumber(k.get("msb").getValueNode(), 127, "cc");
        Integer lsb = midiNumber(k.get("lsb").getValueNode(), 127, "cc");
        if (msb == null || lsb == null) {
          return null;
        }
        if (msb.equals(lsb)) {
          problem(line(k.get("lsb").getValueNode()), "msb and lsb must be different numbers");
          return null;
        }
        boolean lsbFirst = false;
        if (k.containsKey("order")) {
          Node on = k.get("order").getValueNode();
          String o = string(on, "order");
          if (o.equals("lsb-first")) {
            lsbFirst = true;
          } else if (!o.equals("msb-first")) {
            problem(line(on), "order must be msb-first or lsb-first");
          }
        }
        return new MidiInput(type, channel, msb, lsb, lsbFirst);
      }
      default -> {
        for (String key : List.of("msb", "lsb", "order")) {
          if (k.containsKey(key)) {
            problem(line(k.get(key).getKeyNode()), "'" + key + "' is for cc14 controls");
          }
        }
        if (!required(k, "number", m)) {
          return null;
        }
        Integer n =
            midiNumber(
                k.get("number").getValueNode(), type == MidiType.NRPN ? 16383 : 127, type.key());
        return n == null ? null : MidiInput.of(type, channel, n);
      }
    }
  }

  private Binding.Param param(Map<String, NodeTuple> k, MidiInput input) {
    Node idNode = k.get("param").getValueNode();
    String id = string(idNode, "param");
    ParamSpec spec = params.get(id);
    if (spec == null) {
      problem(line(idNode), "unknown parameter id '" + id + "' (see 'lathe params')");
    }
    double min = Double.NaN;
    double max = Double.NaN;
    if (k.containsKey("range")) {
      Node rn = k.get("range").getValueNode();
      if (rn instanceof MappingNode rm) {
        Map<String, NodeTuple> r = keys(rm, RANGE_KEYS, "range");
        Double lo = r.containsKey("min") ? number(r.get("min").getValueNode(), "min") : null;
        Double hi = r.containsKey("max") ? number(r.get("max").getValueNode(), "max") : null;
        if (spec != null && lo != null && hi != null) {
          if (!(lo < hi)) {
            problem(
                line(rn),
                "bad range: min "
                    + fmt(lo)
                    + " must be below max "
                    + fmt(hi)
                    + " (use invert: true to reverse a control)");
          } else if (!spec.accepts(lo) || !spec.accepts(hi)) {
            problem(
                line(rn),
                "bad range: "
                    + fmt(lo)
                    + " .. "
                    + fmt(hi)
                    + " is outside "
                    + id
                    + "'s "
                    + spec.format(spec.min())
                    + " .. "
                    + spec.format(spec.max())
                    + spec.unitSuffix());
          } else {
            min = lo;
            max = hi;
          }
        } else if (lo == null || hi == null) {
          problem(line(rn), "bad range: it needs both min and max");
        }
      } else {
        problem(line(rn), "range must be a mapping with min and max");
      }
    }
    Binding.Curve curve = Binding.Curve.PARAM;
    if (k.containsKey("taper")) {
      Node tn = k.get("taper").getValueNode();
      switch (string(tn, "taper")) {
        case "param" -> curve = Binding.Curve.PARAM;
        case "linear" -> curve = Binding.Curve.LINEAR;
        default -> problem(line(tn), "taper must be param or linear");
      }
    }
    boolean invert = k.containsKey("invert") && bool(k.get("invert").getValueNode(), "invert");
    ValueMode mode = ValueMode.ABSOLUTE;
    if (k.containsKey("mode")) {
      Node mn = k.get("mode").getValueNode();
      mode = ValueMode.parse(string(mn, "mode"));
      if (mode == null) {
        problem(
            line(mn),
            "unknown mode '"
                + scalar(mn)
                + "' (absolute, relative-twos, relative-offset64, relative-signmag)");
        mode = ValueMode.ABSOLUTE;
      } else if (mode.isRelative() && input != null && input.type() != MidiType.CC) {
        problem(line(mn), "relative modes are for 7-bit cc controls, not " + input.type().key());
      }
    }
    Takeover takeover =
        input != null && input.type() == MidiType.NOTE ? Takeover.JUMP : Takeover.PICKUP;
    if (k.containsKey("takeover")) {
      Node tn = k.get("takeover").getValueNode();
      Takeover t = Takeover.parse(string(tn, "takeover"));
      if (t == null) {
        problem(line(tn), "unknown takeover '" + scalar(tn) + "' (pickup, jump, scale)");
      } else if (mode.isRelative()) {
        problem(line(tn), "takeover is for absolute controls");
      } else {
        takeover = t;
      }
    }
    double step = DEFAULT_STEP;
    if (k.containsKey("step")) {
      Node sn = k.get("step").getValueNode();
      Double s = number(sn, "step");
      if (s != null && !(s > 0 && s <= 1)) {
        problem(line(sn), "step must be above 0 and at most 1 (a fraction of the travel)");
      } else if (s != null) {
        step = s;
      }
      if (!mode.isRelative()) {
        problem(line(sn), "step is for relative controls");
      }
    }
    double accel = 1;
    double accelMillis = DEFAULT_ACCELERATION_MILLIS;
    if (k.containsKey("acceleration")) {
      Node an = k.get("acceleration").getValueNode();
      Double factor = null;
      if (an instanceof MappingNode am) {
        Map<String, NodeTuple> a = keys(am, ACCEL_KEYS, "acceleration");
        factor = a.containsKey("factor") ? number(a.get("factor").getValueNode(), "factor") : null;
        if (factor == null) {
          problem(line(an), "acceleration needs a factor");
        }
        if (a.containsKey("below-ms")) {
          Double ms = number(a.get("below-ms").getValueNode(), "below-ms");
          if (ms != null && ms > 0) {
            accelMillis = ms;
          } else if (ms != null) {
            problem(line(a.get("below-ms").getValueNode()), "below-ms must be above 0");
          }
        }
      } else {
        factor = number(an, "acceleration");
      }
      if (factor != null && !(factor >= 1 && factor <= 100)) {
        problem(line(an), "acceleration factor must be 1..100");
      } else if (factor != null) {
        accel = factor;
      }
      if (!mode.isRelative()) {
        problem(line(an), "acceleration is for relative controls");
      }
    }
    return new Binding.Param(id, min, max, curve, invert, mode, takeover, step, accel, accelMillis);
  }

  private Binding.Act act(Map<String, NodeTuple> k, MidiInput input) {
    Node an = k.get("action").getValueNode();
    Action action = action(an);
    ButtonMode button = ButtonMode.MOMENTARY;
    if (k.containsKey("button")) {
      Node bn = k.get("button").getValueNode();
      button = ButtonMode.parse(string(bn, "button"));
      if (button == null) {
        problem(line(bn), "button must be momentary or toggle");
        button = ButtonMode.MOMENTARY;
      }
    }
    if (input != null && input.type() != MidiType.CC && input.type() != MidiType.NOTE) {
      problem(line(an), "actions are for cc and note buttons, not " + input.type().key());
    }
    int hold = defaultHoldMillis;
    if (k.containsKey("hold")) {
      Node hn = k.get("hold").getValueNode();
      Integer h = holdMillis(hn);
      if (h != null) {
        hold = h;
      }
      if (action != null && action.kind() != Action.Kind.RECALL) {
        problem(
            line(k.get("hold").getKeyNode()),
            "'hold' is for recall buttons (a long press saves the slot), not '" + action + "'");
      } else if (button == ButtonMode.TOGGLE) {
        problem(
            line(k.get("hold").getKeyNode()),
            "'hold' is for momentary buttons: a toggle button recalls at once");
      }
    }
    if (action == null) {
      return null;
    }
    return new Binding.Act(action, button, Binding.Act.longPressable(action, button) ? hold : 0);
  }

  /** Reads a hold time: 0 (no long press) or MIN_HOLD_MILLIS..MAX_HOLD_MILLIS. */
  private Integer holdMillis(Node n) {
    Integer v = integer(n, "hold");
    if (v != null && v != 0 && (v < MIN_HOLD_MILLIS || v > MAX_HOLD_MILLIS)) {
      problem(
          line(n),
          "hold must be 0 (no long press) or "
              + MIN_HOLD_MILLIS
              + ".."
              + MAX_HOLD_MILLIS
              + " ms, not "
              + v);
      return null;
    }
    return v;
  }

  private Action action(Node node) {
    String text = string(node, "action").trim();
    String[] w = text.split("\\s+");
    int line = line(node);
    String verb = w[0];
    try {
      switch (verb) {
        case "bypass", "toggle-bypass" -> {
          if (w.length != 2 || !modules.contains(w[1])) {
            problem(line, verb + " needs a module: one of " + String.join(", ", modules));
            return null;
          }
          return new Action(
              verb.equals("bypass") ? Action.Kind.BYPASS : Action.Kind.TOGGLE_BYPASS,
              w[1],
              0,
              null,
              0);
        }
        case "recall", "save" -> {
          int slot = w.length == 2 ? Integer.parseInt(w[1]) : -1;
          if (slot < 1 || slot > 8) {
            problem(line, verb + " needs a slot 1..8");
            return null;
          }
          return new Action(
              verb.equals("recall") ? Action.Kind.RECALL : Action.Kind.SAVE, "", slot, null, 0);
        }
        case "ab", "reference", "shift", "undo", "redo" -> {
          if (w.length != 1) {
            problem(line, verb + " takes no argument");
            return null;
          }
          return Action.of(
              switch (verb) {
                case "ab" -> Action.Kind.AB;
                case "reference" -> Action.Kind.REFERENCE;
                case "shift" -> Action.Kind.SHIFT;
                case "undo" -> Action.Kind.UNDO;
                default -> Action.Kind.REDO;
              });
        }
        case "page" -> {
          if (w.length != 2) {
            problem(line, "page needs next, prev or a page number");
            return null;
          }
          if (w[1].equals("next")) {
            return Action.of(Action.Kind.PAGE_NEXT);
          }
          if (w[1].equals("prev")) {
            return Action.of(Action.Kind.PAGE_PREV);
          }
          int n = Integer.parseInt(w[1]);
          if (n < 1) {
            problem(line, "page numbers start at 1");
            return null;
          }
          return new Action(Action.Kind.PAGE, "", n, null, 0);
        }
        case "transport" -> {
          TransportAction t = null;
          if (w.length >= 2) {
            for (TransportAction a : TransportAction.values()) {
              if (Action.transportKey(a).equals(w[1])) {
                t = a;
              }
            }
          }
          if (t == null) {
            problem(
                line, "transport needs play, pause, toggle, restart, rewind S, forward S or loop");
            return null;
          }
          boolean seeks = t == TransportAction.REWIND || t == TransportAction.FORWARD;
          double seconds = seeks && w.length == 3 ? Double.parseDouble(w[2]) : 0;
          if (seeks && !(seconds > 0) || !seeks && w.length != 2 || w.length > 3) {
            problem(
                line,
                seeks
                    ? "transport " + w[1] + " needs seconds above 0"
                    : "transport " + w[1] + " takes no seconds");
            return null;
          }
          return new Action(Action.Kind.TRANSPORT, "", 0, t, seconds);
        }
        default -> {
          problem(
              line,
              "unknown action '"
                  + text
                  + "' (bypass M, toggle-bypass M, recall N,"
                  + " save N, ab, reference, transport A, page next|prev|N, shift, undo, redo)");
          return null;
        }
      }
    } catch (NumberFormatException e) {
      problem(line, "'" + text + "': not a number where one is needed");
      return null;
    }
  }

  private Feedback feedback(Node node, MidiInput input, Binding binding) {
    boolean lamp = binding instanceof Binding.Act;
    if (node instanceof ScalarNode) {
      if (!bool(node, "feedback")) {
        return null;
      }
      int ch = input.channel() - 1;
      return switch (input.type()) {
        case CC ->
            new Feedback(new byte[] {(byte) (0xB0 | ch), (byte) input.number(), 0}, 2, 0, 127);
        case NOTE ->
            new Feedback(new byte[] {(byte) (0x90 | ch), (byte) input.number(), 0}, 2, 0, 127);
        default -> {
          problem(
              line(node),
              "feedback: true mirrors cc and note controls; give a message for "
                  + input.type().key());
          yield null;
        }
      };
    }
    if (!(node instanceof MappingNode m)) {
      problem(line(node), "feedback must be true or a mapping with message and a value range");
      return null;
    }
    Map<String, NodeTuple> k = keys(m, FEEDBACK_KEYS, "feedback");
    if (!required(k, "message", m)) {
      return null;
    }
    Feedback t = template(k.get("message").getValueNode());
    if (t == null) {
      return null;
    }
    String lo = lamp ? "off" : "min";
    String hi = lamp ? "on" : "max";
    for (String key : lamp ? List.of("min", "max") : List.of("on", "off")) {
      if (k.containsKey(key)) {
        problem(
            line(k.get(key).getKeyNode()),
            "'"
                + key
                + "' is for "
                + (lamp ? "parameter" : "button")
                + " feedback; use "
                + lo
                + "/"
                + hi);
      }
    }
    int min = k.containsKey(lo) ? dataByte(k.get(lo).getValueNode(), lo) : 0;
    int max = k.containsKey(hi) ? dataByte(k.get(hi).getValueNode(), hi) : 127;
    boolean slot =
        binding instanceof Binding.Act a
            && (a.action().kind() == Action.Kind.RECALL || a.action().kind() == Action.Kind.SAVE);
    int[] states = {-1, -1, -1};
    for (int i = 0; i < SLOT_LAMP_KEYS.size(); i++) {
      String key = SLOT_LAMP_KEYS.get(i);
      if (!k.containsKey(key)) {
        continue;
      }
      if (binding != null && !slot) {
        problem(
            line(k.get(key).getKeyNode()),
            "'" + key + "' is for slot lamps (recall and save controls); use " + lo + "/" + hi);
      } else {
        states[i] = dataByte(k.get(key).getValueNode(), key);
      }
    }
    return new Feedback(t.template(), t.valueIndex(), min, max, states[0], states[1], states[2]);
  }

  private void meters(Node node, List<MeterOutput> out) {
    if (!(node instanceof SequenceNode seq)) {
      problem(line(node), "meters must be a list");
      return;
    }
    for (Node mn : seq.getValue()) {
      if (!(mn instanceof MappingNode m)) {
        problem(line(mn), "a meter is a mapping with meter, message, from and to");
        continue;
      }
      int before = problems.size();
      Map<String, NodeTuple> k = keys(m, METER_KEYS, "meter");
      boolean ok =
          required(k, "meter", m)
              & required(k, "message", m)
              & required(k, "from", m)
              & required(k, "to", m);
      if (!ok) {
        continue;
      }
      String meter = string(k.get("meter").getValueNode(), "meter");
      if (!MeterOutput.METERS.contains(meter)) {
        problem(
            line(k.get("meter").getValueNode()),
            "unknown meter '" + meter + "' (" + String.join(", ", MeterOutput.METERS) + ")");
      }
      Feedback t = template(k.get("message").getValueNode());
      Double from = number(k.get("from").getValueNode(), "from");
      Double to = number(k.get("to").getValueNode(), "to");
      if (from != null && to != null && from.equals(to)) {
        problem(line(m), "bad range: from and to must differ");
      }
      int min = k.containsKey("min") ? dataByte(k.get("min").getValueNode(), "min") : 0;
      int max = k.containsKey("max") ? dataByte(k.get("max").getValueNode(), "max") : 127;
      if (problems.size() == before && t != null) {
        out.add(
            new MeterOutput(
                meter, from, to, new Feedback(t.template(), t.valueIndex(), min, max), line(m)));
      }
    }
  }

  /** Parses a message template such as {@code B0 10 {v}}. */
  private Feedback template(Node node) {
    String text = string(node, "message").trim();
    String[] w = text.split("\\s+");
    if (w.length < 2 || w.length > 3) {
      problem(
          line(node), "message must be two or three bytes in hex with one {v}, e.g. 'B0 10 {v}'");
      return null;
    }
    byte[] b = new byte[w.length];
    int valueIndex = -1;
    for (int i = 0; i < w.length; i++) {
      if (w[i].equals("{v}")) {
        if (i == 0 || valueIndex >= 0) {
          problem(line(node), "message: {v} stands for one data byte, not the status");
          return null;
        }
        valueIndex = i;
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(w[i], 16);
      } catch (NumberFormatException e) {
        problem(line(node), "message: '" + w[i] + "' is not a hex byte");
        return null;
      }
      if (i == 0 ? v < 0x80 || v >= 0xF0 : v < 0 || v > 0x7F) {
        problem(
            line(node),
            i == 0
                ? "message: status byte must be 80..EF, not " + w[i]
                : "bad MIDI number: data byte " + w[i] + " is above 7F");
        return null;
      }
      b[i] = (byte) v;
    }
    if (valueIndex < 0) {
      problem(line(node), "message needs a {v} where the value goes");
      return null;
    }
    return new Feedback(b, valueIndex, 0, 127);
  }

  private void checkDuplicates(List<Control> controls, String page) {
    Map<String, Control> seen = new LinkedHashMap<>();
    for (Control c : controls) {
      for (String key : addresses(c.input())) {
        Control other = seen.putIfAbsent(key + " " + c.layer(), c);
        if (other != null && other != c) {
          problem(
              c.line(),
              "duplicate control: "
                  + key
                  + " is already '"
                  + other.name()
                  + "' (line "
                  + other.line()
                  + ") on page '"
                  + page
                  + "'"
                  + (c.layer() == Layer.SHIFT ? " (shift layer)" : ""));
        }
      }
    }
  }

  private static List<String> addresses(MidiInput in) {
    return switch (in.type()) {
      case CC14 ->
          List.of(
              "cc " + in.number() + " ch" + in.channel(),
              "cc " + in.lsbNumber() + " ch" + in.channel());
      case CC -> List.of("cc " + in.number() + " ch" + in.channel());
      default -> List.of(in.toString());
    };
  }

  // ---- scalars

  private Map<String, NodeTuple> keys(MappingNode m, Set<String> known, String what) {
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node kn = t.getKeyNode();
      String key = scalar(kn);
      if (key == null) {
        problem(line(kn), "keys must be plain words");
      } else if (!known.contains(key)) {
        problem(
            line(kn),
            "unknown key '"
                + key
                + "' in "
                + what
                + " (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")");
      } else if (out.putIfAbsent(key, t) != null) {
        problem(line(kn), "key '" + key + "' appears twice in " + what);
      }
    }
    return out;
  }

  private boolean required(Map<String, NodeTuple> k, String key, Node owner) {
    if (!k.containsKey(key)) {
      problem(line(owner), "missing key '" + key + "'");
      return false;
    }
    return true;
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : null;
  }

  private String string(Node n, String what) {
    String s = scalar(n);
    if (s == null) {
      problem(line(n), what + " must be a single value");
      return "";
    }
    return s;
  }

  private Double number(Node n, String what) {
    String s = string(n, what);
    try {
      double v = Double.parseDouble(s);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(line(n), what + " must be a number, not '" + s + "'");
    return null;
  }

  private Integer integer(Node n, String what) {
    String s = string(n, what);
    try {
      return Integer.decode(s);
    } catch (NumberFormatException e) {
      problem(line(n), what + " must be a whole number, not '" + s + "'");
      return null;
    }
  }

  private boolean bool(Node n, String what) {
    String s = string(n, what).toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("yes") || s.equals("on")) {
      return true;
    }
    if (!s.equals("false") && !s.equals("no") && !s.equals("off")) {
      problem(line(n), what + " must be true or false");
    }
    return false;
  }

  private Integer midiNumber(Node n, int max, String type) {
    Integer v = integer(n, "number");
    if (v != null && (v < 0 || v > max)) {
      problem(line(n), "bad MIDI number " + v + " for " + type + " (0.." + max + ")");
      return null;
    }
    return v;
  }

  private int dataByte(Node n, String what) {
    Integer v = integer(n, what);
    if (v != null && (v < 0 || v > 127)) {
      problem(line(n), "bad MIDI number: " + what + " " + v + " is outside 0..127");
      return 0;
    }
    return v == null ? 0 : v;
  }

  private boolean checkChannel(int ch, int line) {
    if (ch < 1 || ch > 16) {
      problem(line, "bad MIDI channel " + ch + " (1..16)");
      return false;
    }
    return true;
  }

  private static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private void problem(int line, String message) {
    problems.add(new MapProblem(file, line, message));
  }
}
