package lathe.controller.engine;

/**
 * Reads the console's current parameter positions and the state its lamps show (snapshot slots,
 * A/B, reference), which the console supplies to the mapping engine; the engine only reads it.
 */
@FunctionalInterface
public interface ParameterView {
  /**
   * Returns a parameter's current position along its taper, 0..1, or NaN when it is not known.
   *
   * @param id the parameter's stable id
   */
  double normalized(String id);

  /**
   * Returns what the lamp of snapshot slot {@code number} shows.
   *
   * @param number the slot, 1 to 8
   */
  default SlotState slot(int number) {
    return SlotState.EMPTY;
  }

  /** Tells whether working state B is the one in use (the A/B lamp is lit). */
  default boolean abIsB() {
    return false;
  }

  /** Tells whether the reference track is what is heard (the reference lamp is lit). */
  default boolean referenceOn() {
    return false;
  }
}
