package lathe.dsp.filter;

/** Names the response shape of one equalizer band. */
public enum EqShape {
  /** Raises or lowers everything below the corner frequency (analog RBJ-style low shelf). */
  LOW_SHELF,
  /** Raises or lowers a band around the centre frequency (analog peaking section). */
  BELL,
  /** Raises or lowers everything above the corner frequency (analog RBJ-style high shelf). */
  HIGH_SHELF
}
