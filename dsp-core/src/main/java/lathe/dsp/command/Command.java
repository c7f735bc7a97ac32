package lathe.dsp.command;

/**
 * Is one thing a surface asks of the console. Parameters are named by their stable ids and moved in
 * normalized units (0..1 along the parameter's taper), which is what a knob, fader or encoder
 * produces; the control thread converts to plain values through the parameter's spec.
 */
public sealed interface Command
    permits Command.SetNormalized,
        Command.Nudge,
        Command.SetBypass,
        Command.ToggleBypass,
        Command.RecallSlot,
        Command.SaveSlot,
        Command.ToggleAb,
        Command.ToggleReference,
        Command.Transport,
        Command.Undo,
        Command.Redo {

  /**
   * Moves a parameter to an absolute position (an absolute knob or fader).
   *
   * @param id the parameter's stable id, e.g. {@code eq.band2.gain}
   * @param normalized the position along the parameter's taper, 0..1
   */
  record SetNormalized(String id, double normalized) implements Command {
    /** Checks the position. */
    public SetNormalized {
      if (!(normalized >= 0 && normalized <= 1)) {
        throw new IllegalArgumentException(
            id + ": normalized value " + normalized + " is outside 0..1");
      }
    }
  }

  /**
   * Moves a parameter by a step from where it is (a relative encoder).
   *
   * @param id the parameter's stable id
   * @param delta the change along the parameter's taper, in normalized units (may be negative)
   */
  record Nudge(String id, double delta) implements Command {}

  /**
   * Bypasses a module or brings it back.
   *
   * @param module the module id, e.g. {@code comp}
   * @param bypassed whether the module is to be bypassed
   */
  record SetBypass(String module, boolean bypassed) implements Command {}

  /**
   * Flips a module's bypass.
   *
   * @param module the module id
   */
  record ToggleBypass(String module) implements Command {}

  /**
   * Recalls a snapshot slot.
   *
   * @param slot the slot, 1..8
   */
  record RecallSlot(int slot) implements Command {}

  /**
   * Saves the current settings into a snapshot slot.
   *
   * @param slot the slot, 1..8
   */
  record SaveSlot(int slot) implements Command {}

  /** Switches between the two working states A and B. */
  record ToggleAb() implements Command {}

  /** Switches between the mastered signal and the reference track, at matched loudness. */
  record ToggleReference() implements Command {}

  /**
   * Drives the file player.
   *
   * @param action what to do
   * @param seconds for the seek actions, how far (positive), otherwise 0
   */
  record Transport(TransportAction action, double seconds) implements Command {}

  /** Undoes the last parameter change or recall. */
  record Undo() implements Command {}

  /** Redoes what the last undo took back. */
  record Redo() implements Command {}
}
