package lathe.controller.port;

import java.util.Optional;
import lathe.controller.map.BundledMaps;
import lathe.controller.map.Device;
import lathe.controller.map.MapException;

/** Decides which map, if any, drives the controller on a MIDI port. */
@FunctionalInterface
public interface PortMatcher {
  /**
   * Finds the map for a port.
   *
   * @param portName the input port's name
   * @return the map's name, or empty to leave the port alone
   */
  Optional<String> mapFor(String portName);

  /** Returns a matcher that picks the first bundled map whose port patterns match. */
  static PortMatcher bundled() {
    return portName -> {
      try {
        return BundledMaps.forPort(portName);
      } catch (MapException e) {
        throw new IllegalStateException("a bundled map does not load: " + e.getMessage(), e);
      }
    };
  }

  /** Returns a matcher for one given map, which takes the ports its device's patterns match. */
  static PortMatcher of(String mapName, Device device) {
    return portName -> device.matchesPort(portName) ? Optional.of(mapName) : Optional.empty();
  }
}
