package lathe.controller.map;

/** Names the layer a binding lives on: the plain one, or the one reached while shift is held. */
public enum Layer {
  /** The binding used when shift is not held. */
  NORMAL,
  /** The binding used while shift is held; controls without one keep their normal binding. */
  SHIFT
}
