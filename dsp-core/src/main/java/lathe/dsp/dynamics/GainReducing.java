package lathe.dsp.dynamics;

/** Is a dynamics module whose gain reduction the meters show. */
public interface GainReducing {
  /** Returns the module's id, such as {@code limiter}. */
  String id();

  /** Returns the gain reduction at the end of the last block, in positive dB (0 for none). */
  double gainReductionDb();
}
