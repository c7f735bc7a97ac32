package lathe.controller.map;

import java.util.Locale;
import lathe.dsp.command.TransportAction;

/**
 * Describes what a button does when it is not driving a parameter.
 *
 * @param kind what the action is
 * @param module the module of a bypass action, otherwise empty
 * @param number the slot (1..8) or page (1..) number, otherwise 0
 * @param transport the transport action, or null
 * @param seconds how far a rewind or forward seeks, otherwise 0
 */
public record Action(
    Action.Kind kind, String module, int number, TransportAction transport, double seconds) {

  /** Names the kinds of action a button can have. */
  public enum Kind {
    /** Bypasses a module while held and brings it back on release. */
    BYPASS,
    /** Flips a module's bypass on each press. */
    TOGGLE_BYPASS,
    /** Recalls a snapshot slot. */
    RECALL,
    /** Saves a snapshot slot. */
    SAVE,
    /** Switches between A and B. */
    AB,
    /** Switches between the master and the reference track. */
    REFERENCE,
    /** Drives the file player. */
    TRANSPORT,
    /** Goes to the next page. */
    PAGE_NEXT,
    /** Goes to the previous page. */
    PAGE_PREV,
    /** Goes to a numbered page. */
    PAGE,
    /** Holds the shift layer while pressed. */
    SHIFT,
    /** Undoes the last change. */
    UNDO,
    /** Redoes what the last undo took back. */
    REDO
  }

  /** Creates an action without arguments. */
  public static Action of(Kind kind) {
    return new Action(kind, "", 0, null, 0);
  }

  /** Describes the action the way a map file writes it. */
  @Override
  public String toString() {
    return switch (kind) {
      case BYPASS -> "bypass " + module;
      case TOGGLE_BYPASS -> "toggle-bypass " + module;
      case RECALL -> "recall " + number;
      case SAVE -> "save " + number;
      case AB -> "ab";
      case REFERENCE -> "reference";
      case TRANSPORT ->
          "transport "
              + transportKey(transport)
              + (seconds > 0
                  ? " " + (seconds == Math.rint(seconds) ? (long) seconds : seconds)
                  : "");
      case PAGE_NEXT -> "page next";
      case PAGE_PREV -> "page prev";
      case PAGE -> "page " + number;
      case SHIFT -> "shift";
      case UNDO -> "undo";
      case REDO -> "redo";
    };
  }

  /** Returns the map-file name of a transport action (play, pause, toggle, restart, ...). */
  public static String transportKey(TransportAction a) {
    return a == TransportAction.TOGGLE_LOOP ? "loop" : a.name().toLowerCase(Locale.ROOT);
  }
}
