package lathe.dsp.command;

/** Names what a transport button does to the file player. */
public enum TransportAction {
  /** Starts playing. */
  PLAY,
  /** Pauses. */
  PAUSE,
  /** Plays when paused, pauses when playing. */
  TOGGLE,
  /** Jumps back to the start. */
  RESTART,
  /** Seeks backwards by the command's seconds. */
  REWIND,
  /** Seeks forwards by the command's seconds. */
  FORWARD,
  /** Turns looping on or off. */
  TOGGLE_LOOP
}
