package lathe.controller.learn;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import lathe.controller.map.MidiType;

/** Writes learned controls as a map file for the device on a port. */
public final class LearnedMapWriter {
  private LearnedMapWriter() {}

  /**
   * Writes the map text.
   *
   * @param portName the input port the controls were learned on
   * @param controls the learned controls, at least one
   * @param date the day of the learning, named in the map's source
   * @return the YAML text of the map
   */
  public static String write(String portName, List<LearnedControl> controls, LocalDate date) {
    if (controls.isEmpty()) {
      throw new IllegalArgumentException("a map needs at least one control");
    }
    String name = deviceName(portName);
    String source = "learned with lathe learn on " + date;
    StringBuilder s = new StringBuilder();
    s.append("# ").append(name).append(", ").append(source).append(" from the port ");
    s.append(quote(portName)).append(".\n");
    s.append("# Edit freely; 'lathe maps validate FILE' checks it.\n");
    s.append("device:\n");
    s.append("  name: ").append(quote(name)).append('\n');
    s.append("  ports: [").append(quote("*" + name + "*")).append("]\n");
    s.append("  source: ").append(quote(source)).append('\n');
    s.append("controls:\n");
    List<LearnedControl> sorted =
        controls.stream()
            .sorted(
                Comparator.comparing(LearnedControl::type)
                    .thenComparingInt(LearnedControl::channel)
                    .thenComparingInt(LearnedControl::number))
            .toList();
    for (LearnedControl c : sorted) {
      s.append("  - ").append(control(c)).append('\n');
    }
    return s.toString();
  }

  /**
   * Returns the device name a port's name stands for, without a system suffix such as [hw:1,0,0].
   */
  public static String deviceName(String portName) {
    String name = portName.replaceAll("\\s*\\[hw:[^\\]]*\\]\\s*$", "").replace('*', ' ').strip();
    return name.isEmpty() ? "MIDI controller" : name;
  }

  /**
   * Returns the file name for a learned map of the device on a port, e.g. {@code
   * nanokontrol2.yaml}.
   */
  public static String fileName(String portName) {
    String slug =
        deviceName(portName)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    return (slug.isEmpty() ? "controller" : slug) + ".yaml";
  }

  private static String control(LearnedControl c) {
    StringBuilder s = new StringBuilder("{name: ").append(quote(c.label()));
    s.append(", type: ").append(c.type().key());
    s.append(", channel: ").append(c.channel());
    switch (c.type()) {
      case CC14 -> {
        s.append(", msb: ").append(c.number()).append(", lsb: ").append(c.lsb());
        if (c.lsbFirst()) {
          s.append(", order: lsb-first");
        }
      }
      case PITCHBEND -> {}
      default -> s.append(", number: ").append(c.number());
    }
    if (c.target().action()) {
      s.append(", action: ").append(quote(c.target().text()));
    } else {
      s.append(", param: ").append(quote(c.target().text()));
      if (c.type() == MidiType.CC && c.mode().isRelative()) {
        s.append(", mode: ").append(c.mode().key());
      }
    }
    return s.append('}').toString();
  }

  /** Quotes text as a YAML double-quoted scalar. */
  static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (ch < 0x20) {
            s.append(String.format("\\x%02x", (int) ch));
          } else {
            s.append(ch);
          }
        }
      }
    }
    return s.append('"').toString();
  }
}
