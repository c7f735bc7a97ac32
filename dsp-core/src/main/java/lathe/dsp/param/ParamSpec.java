package lathe.dsp.param;

import java.util.List;
import java.util.Locale;

/**
 * Describes one parameter of the chain under a stable dotted id such as {@code eq.band2.gain}.
 *
 * <p>Maps, sessions, presets and the user interfaces all name parameters by these ids; renaming one
 * is a breaking change.
 *
 * @param id stable dotted id
 * @param name display name
 * @param unit display unit ({@code dB}, {@code Hz}, {@code ms}, {@code %}, empty for none)
 * @param min smallest plain value
 * @param max largest plain value
 * @param defaultValue plain value on a fresh console
 * @param step smallest meaningful change of the plain value (1 for choices), 0 for continuous
 * @param taper how a knob's travel maps onto the range
 * @param choices labels of a choice parameter, indexed by its plain value; empty for numbers
 */
public record ParamSpec(
    String id,
    String name,
    String unit,
    double min,
    double max,
    double defaultValue,
    double step,
    Taper taper,
    List<String> choices) {

  /** Validates the spec. */
  public ParamSpec {
    if (id == null || !id.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+")) {
      throw new IllegalArgumentException("parameter id must be dotted lower case: " + id);
    }
    if (!(min < max) || defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException("bad range for " + id);
    }
    if (taper == Taper.LOGARITHMIC && min <= 0) {
      throw new IllegalArgumentException("logarithmic taper needs a positive minimum: " + id);
    }
    choices = List.copyOf(choices);
  }

  /** Creates a continuous parameter. */
  public static ParamSpec number(
      String id, String name, String unit, double min, double max, double def, Taper taper) {
    return new ParamSpec(id, name, unit, min, max, def, 0.0, taper, List.of());
  }

  /** Creates a choice parameter whose plain value is the index of the chosen label. */
  public static ParamSpec choice(String id, String name, int defaultIndex, String... labels) {
    return new ParamSpec(
        id, name, "", 0, labels.length - 1, defaultIndex, 1.0, Taper.LINEAR, List.of(labels));
  }

  /** Creates an on/off switch (0 = off, 1 = on). */
  public static ParamSpec toggle(String id, String name, boolean on) {
    return choice(id, name, on ? 1 : 0, "off", "on");
  }

  /** Tells whether this parameter picks one of a list of labels. */
  public boolean isChoice() {
    return !choices.isEmpty();
  }

  /** Converts a normalized 0..1 knob position to the plain value, snapped to the step. */
  public double toPlain(double normalized) {
    return snap(taper.toPlain(normalized, min, max));
  }

  /** Converts a plain value to the normalized 0..1 knob position. */
  public double toNormalized(double plain) {
    return taper.toNormalized(plain, min, max);
  }

  /** Clamps a plain value to the range and snaps it to the step. */
  public double clamp(double plain) {
    return snap(Math.clamp(plain, min, max));
  }

  /** Tells whether a plain value lies in the range (NaN does not). */
  public boolean accepts(double plain) {
    return plain >= min && plain <= max;
  }

  private double snap(double plain) {
    if (step <= 0) {
      return plain;
    }
    return Math.clamp(min + Math.rint((plain - min) / step) * step, min, max);
  }

  /**
   * Parses a value as typed by a person: a number, or a choice label ({@code on}, {@code shaped}).
   *
   * @throws IllegalArgumentException naming the id and the value when it is not understood or out
   *     of range
   */
  public double parse(String text) {
    String t = text.trim();
    if (isChoice()) {
      for (int i = 0; i < choices.size(); i++) {
        if (choices.get(i).equalsIgnoreCase(t)) {
          return i;
        }
      }
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          id + ": '" + text + "' is not a " + (isChoice() ? "choice of " + choices : "number"));
    }
    if (!accepts(v)) {
      throw new IllegalArgumentException(
          id
              + ": "
              + text
              + " is out of range "
              + format(min)
              + " .. "
              + format(max)
              + unitSuffix());
    }
    return clamp(v);
  }

  /** Formats a plain value for display, with its unit or choice label. */
  public String format(double plain) {
    if (isChoice()) {
      int i = (int) Math.rint(plain);
      return i >= 0 && i < choices.size() ? choices.get(i) : Double.toString(plain);
    }
    if (plain == Math.rint(plain) && Math.abs(plain) < 1e9) {
      return Long.toString((long) plain);
    }
    if (!Double.isFinite(plain)) {
      return Double.toString(plain);
    }
    // Four significant digits, but never fewer than the whole number: 1000.4 Hz shows as 1000.
    int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(Math.abs(plain))));
    String s = String.format(Locale.ROOT, "%." + decimals + "f", plain);
    if (s.indexOf('.') >= 0) {
      s = s.replaceFirst("\\.?0+$", "");
    }
    return s.equals("-0") ? "0" : s;
  }

  /** Returns the unit with a leading space, or an empty string. */
  public String unitSuffix() {
    return unit.isEmpty() ? "" : " " + unit;
  }
}
