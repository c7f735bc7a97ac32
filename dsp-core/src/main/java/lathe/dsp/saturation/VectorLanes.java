package lathe.dsp.saturation;

/**
 * Answers for {@link lathe.dsp.VectorSupport} whether the four-lane cascade can run here; loading
 * it loads the vector module's classes, so it is only called once the module is known to be there.
 */
public final class VectorLanes {
  private VectorLanes() {}

  /** Tells whether this processor's preferred vectors hold at least four doubles. */
  public static boolean quadSupported() {
    return QuadLaneCascade.supported();
  }
}
