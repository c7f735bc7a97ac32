package lathe.console.engine;

/** Tells whether this CPU runs what the chain's inner loops rely on at full speed. */
public final class CpuFeatures {
  private CpuFeatures() {}

  /**
   * Returns a one-line warning when the JVM does not use the CPU's fused multiply-add (the filters
   * and gain series call {@link Math#fma}, which without it is computed in software, slowly and
   * with allocations), or {@code null} when all is well or the JVM cannot tell.
   */
  public static String fmaWarning() {
    if (lathe.dsp.VectorSupport.hardwareFma()) {
      return null;
    }
    return "this CPU has no fused multiply-add (FMA) that the JVM uses: the chain will run"
        + " slowly and may glitch; use a CPU with FMA (x86 since 2013, any 64-bit ARM)";
  }
}
