package lathe.controller.map;

import java.util.List;

/**
 * Describes a meter shown on the device's LEDs: which reading, its span and the message that
 * carries it.
 *
 * @param meter the reading, one of {@link #METERS}
 * @param from the reading shown as the feedback's minimum (e.g. -20 dB)
 * @param to the reading shown as the feedback's maximum
 * @param feedback the message template and its value range
 * @param line the line in the map file
 */
public record MeterOutput(String meter, double from, double to, Feedback feedback, int line) {

  /** Lists the readings a map can show. */
  public static final List<String> METERS =
      List.of(
          "peak",
          "true-peak",
          "momentary",
          "short-term",
          "integrated",
          "gain-reduction",
          "correlation");
}
