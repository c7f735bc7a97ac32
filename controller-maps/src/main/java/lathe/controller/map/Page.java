package lathe.controller.map;

import java.util.List;

/**
 * Holds the controls of one page (bank), including the map's controls shared by every page.
 *
 * @param name the page's name
 * @param controls its controls, sorted by MIDI type, channel and number
 */
public record Page(String name, List<Control> controls) {
  /** Copies the list. */
  public Page {
    controls = List.copyOf(controls);
  }
}
