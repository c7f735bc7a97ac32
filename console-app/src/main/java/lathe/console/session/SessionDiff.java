package lathe.console.session;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lathe.dsp.param.ParamSpec;

/**
 * Compares two parameter states of the standard chain and writes what differs, one line per
 * parameter, with values formatted by their {@link ParamSpec} and units.
 */
public final class SessionDiff {
  private SessionDiff() {}

  /**
   * Holds one parameter whose value differs between two states.
   *
   * @param spec the parameter
   * @param from its plain value in the first state
   * @param to its plain value in the second state
   */
  public record Change(ParamSpec spec, double from, double to) {
    /** Returns the first value as displayed, with its unit. */
    public String fromText() {
      return texts()[0];
    }

    /** Returns the second value as displayed, with its unit. */
    public String toText() {
      return texts()[1];
    }

    /**
     * Formats both values; when the display rounds them to the same text, shows them in full so
     * that the line never reads as no change.
     */
    private String[] texts() {
      String a = value(spec, from);
      String b = value(spec, to);
      if (a.equals(b)) {
        a = exact(from) + unit(spec);
        b = exact(to) + unit(spec);
      }
      return new String[] {a, b};
    }
  }

  /**
   * Returns the parameters of the standard chain whose values differ between {@code from} and
   * {@code to}, in chain order; a parameter missing from a state counts at its default.
   */
  public static List<Change> between(Map<String, Double> from, Map<String, Double> to) {
    List<Change> changes = new ArrayList<>();
    for (ParamSpec p : Session.standardParams()) {
      double a = from.getOrDefault(p.id(), p.defaultValue());
      double b = to.getOrDefault(p.id(), p.defaultValue());
      if (Double.compare(a, b) != 0 && a != b) {
        changes.add(new Change(p, a, b));
      }
    }
    return changes;
  }

  /** Returns the lines {@code id valueA -> valueB}, ids padded to one column, or none. */
  public static List<String> lines(List<Change> changes, String indent) {
    int width = 0;
    for (Change c : changes) {
      width = Math.max(width, c.spec().id().length());
    }
    List<String> lines = new ArrayList<>(changes.size());
    for (Change c : changes) {
      String id = c.spec().id();
      lines.add(
          indent + id + " ".repeat(width - id.length() + 2) + c.fromText() + " -> " + c.toText());
    }
    return lines;
  }

  /** Returns the parameters of one side of the A/B state: the session's own for the active one. */
  public static Map<String, Double> side(Session session, Session.Side side) {
    return session.ab().active() == side ? session.parameters() : session.ab().other();
  }

  /** Returns a plain value as the console shows it: formatted by its spec, with its unit. */
  public static String value(ParamSpec spec, double plain) {
    return shown(spec, plain) + unit(spec);
  }

  /** Returns the spec's display text of a value. */
  static String shown(ParamSpec spec, double plain) {
    return spec.format(plain);
  }

  /** Returns the unit to append to a value: none for choices, {@code :1} without a space. */
  static String unit(ParamSpec spec) {
    if (spec.isChoice() || spec.unit().isEmpty()) {
      return "";
    }
    return spec.unit().startsWith(":") ? spec.unit() : " " + spec.unit();
  }

  /** Returns the shortest decimal text that reads back as exactly {@code plain}. */
  public static String exact(double plain) {
    if (plain == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(plain)).stripTrailingZeros().toPlainString();
  }
}
