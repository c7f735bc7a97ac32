package lathe.dsp;

import java.lang.management.ManagementFactory;

/** Measures the bytes the calling thread allocates while running a piece of code. */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * Returns the fewest bytes allocated over five runs of {@code calls} calls of {@code work}, after
   * the same number of warm-up calls. Code that allocates on every call shows it in every run; the
   * JIT's one-off transitions (on-stack replacement, deoptimization) show in one run at most.
   */
  public static long steadyState(int calls, Runnable work) {
    for (int i = 0; i < calls; i++) {
      work.run();
    }
    long fewest = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5; attempt++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        work.run();
      }
      fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
    }
    return fewest;
  }
}
