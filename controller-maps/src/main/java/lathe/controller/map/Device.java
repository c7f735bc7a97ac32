package lathe.controller.map;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Identifies a controller.
 *
 * @param name the maker and model, e.g. {@code Korg nanoKONTROL2}
 * @param ports port-name patterns ({@code *} matches anything, case is ignored)
 * @param source the chart or manual section the map was written from
 */
public record Device(String name, List<String> ports, String source) {
  /** Copies the list. */
  public Device {
    ports = List.copyOf(ports);
  }

  /** Tells whether a MIDI port name matches one of the patterns. */
  public boolean matchesPort(String portName) {
    String lower = portName.toLowerCase(Locale.ROOT);
    for (String p : ports) {
      StringBuilder re = new StringBuilder();
      String[] parts = p.toLowerCase(Locale.ROOT).split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          re.append(".*");
        }
        re.append(Pattern.quote(parts[i]));
      }
      if (Pattern.matches(re.toString(), lower)) {
        return true;
      }
    }
    return false;
  }
}
