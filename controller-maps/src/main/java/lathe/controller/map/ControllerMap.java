package lathe.controller.map;

import java.util.List;

/**
 * Holds a loaded, validated controller map.
 *
 * @param file where it was read from (a path or a bundled resource name)
 * @param device the controller it is for
 * @param pages its pages, at least one
 * @param meters meter readings shown on the device
 */
public record ControllerMap(
    String file, Device device, List<Page> pages, List<MeterOutput> meters) {
  /** Copies the lists. */
  public ControllerMap {
    pages = List.copyOf(pages);
    meters = List.copyOf(meters);
  }
}
