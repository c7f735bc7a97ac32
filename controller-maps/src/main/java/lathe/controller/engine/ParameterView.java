package lathe.controller.engine;

/**
 * Reads the console's current parameter positions, which the console supplies to the mapping
 * engine; the engine only reads it.
 */
@FunctionalInterface
public interface ParameterView {
  /**
   * Returns a parameter's current position along its taper, 0..1, or NaN when it is not known.
   *
   * @param id the parameter's stable id
   */
  double normalized(String id);
}
