package lathe.controller.engine;

/** Tells what a snapshot slot's lamp shows. */
public enum SlotState {
  /** Nothing has been saved in the slot. */
  EMPTY,
  /** The slot holds a snapshot that is not the one in use. */
  FILLED,
  /** The slot holds the snapshot last recalled or saved, and nothing has moved since. */
  ACTIVE
}
