package lathe.dsp;

/**
 * Tells whether the DSP may use the incubating vector module ({@code jdk.incubator.vector}) for the
 * loops that gain from explicit vectors: the saturator's 4x filters, the limiter's peak filters,
 * the multiband's three-band split and the compressors' curve. The module must be resolved (the JVM
 * started with {@code --add-modules jdk.incubator.vector}, as {@code lathe} and the build do), the
 * processor's preferred vectors must hold four doubles, the JVM must use its fused multiply-add,
 * and the system property {@value #SCALAR_PROPERTY} must not be {@code true}. Otherwise the scalar
 * loops run, which give the same samples bit for bit, more slowly: on 64-bit ARM, whose NEON
 * vectors hold two doubles, that is always the case. Nothing in this class refers to the module, so
 * it loads without it.
 *
 * <p>Vector code that the optimising compiler has not compiled boxes every vector, so the kernels
 * are compiled before any audio needs them ({@link #warmUp}), and the JVM must keep that code:
 * {@code lathe}, the tests and the benchmarks start it with {@code -XX:-UseCodeCacheFlushing}, as a
 * kernel that its callers inline can otherwise be flushed as cold, and a caller that is deoptimised
 * later runs it interpreted: a few hundred bytes allocated on the audio thread, once, seen in long
 * test runs.
 */
public final class VectorSupport {
  /** System property that, set to {@code true}, keeps the DSP on its scalar loops. */
  public static final String SCALAR_PROPERTY = "lathe.scalar";

  private static final String MODULE = "jdk.incubator.vector";
  private static final boolean ENABLED = detect();

  private VectorSupport() {}

  private static boolean detect() {
    if (Boolean.getBoolean(SCALAR_PROPERTY)) {
      return false;
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty() || !hardwareFma()) {
      return false;
    }
    try {
      return lathe.dsp.saturation.VectorLanes.quadSupported();
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * Tells whether the JVM uses the processor's fused multiply-add: without it {@link Math#fma} is
   * computed in software, slowly and with allocations, and the vectors' fused multiply-adds are not
   * compiled to instructions (vector code that is not compiled boxes every vector). A JVM that
   * cannot tell is taken at its word that it has one.
   */
  public static boolean hardwareFma() {
    try {
      com.sun.management.HotSpotDiagnosticMXBean vm =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      return vm == null || !"false".equals(vm.getVMOption("UseFMA").getValue());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return true;
    }
  }

  /**
   * Runs {@code call} until it has run {@value #CLEAN_CALLS} times in a row without allocating on
   * this thread, or for {@value #WARM_UP_SECONDS} seconds at most, and returns the calls made.
   *
   * <p>Vector code allocates a box for every vector until the optimising compiler has compiled it
   * (and runs many times slower); from then on it allocates nothing. A module whose processing uses
   * vectors calls this for each of its vector kernels from {@code prepare}, on the control thread,
   * once per JVM, so that the audio thread never meets the kernels uncompiled.
   */
  public static int warmUp(Runnable call) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
    int clean = 0;
    int calls = 0;
    while (clean < CLEAN_CALLS && System.nanoTime() < deadline) {
      long before = threads.getCurrentThreadAllocatedBytes();
      call.run();
      calls++;
      clean = threads.getCurrentThreadAllocatedBytes() == before ? clean + 1 : 0;
    }
    return calls;
  }

  /**
   * Returns a handle on the static method {@code name} of {@code owner} (the only one of that
   * name), found with the owner's {@code lookup}. A warm-up that calls a kernel through a handle
   * kept in a field that is not final keeps the compiler from inlining the kernel into the warm-up,
   * so the kernel is compiled by itself: a caller that is deoptimised (a new branch taken when a
   * setting moves) then calls that compiled kernel, never a boxing one, until it is compiled again.
   * Kernels too large to inline need no handle.
   */
  public static java.lang.invoke.MethodHandle handle(
      java.lang.invoke.MethodHandles.Lookup lookup, Class<?> owner, String name) {
    java.lang.reflect.Method found = null;
    for (java.lang.reflect.Method m : owner.getDeclaredMethods()) {
      if (m.getName().equals(name) && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        if (found != null) {
          throw new IllegalArgumentException(owner.getName() + "." + name + " is overloaded");
        }
        found = m;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("no static " + owner.getName() + "." + name);
    }
    try {
      return lookup.unreflect(found);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Consecutive calls without allocation after which a kernel counts as compiled. */
  public static final int CLEAN_CALLS = 2000;

  /** Longest time {@link #warmUp} spends on one kernel. */
  public static final double WARM_UP_SECONDS = 20.0;

  /** Tells whether the four-lane vector loops are in use in this JVM. */
  public static boolean enabled() {
    return ENABLED;
  }

  /**
   * Returns a one-line note when the vector loops are not in use, saying why and what that costs,
   * or {@code null} when they are.
   */
  public static String note() {
    if (ENABLED) {
      return null;
    }
    if (Boolean.getBoolean(SCALAR_PROPERTY)) {
      return "vector loops off (-D" + SCALAR_PROPERTY + "=true): the chain runs its scalar loops";
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return "the JVM was started without --add-modules "
          + MODULE
          + ": the chain runs its scalar loops, slower (start it through lathe)";
    }
    if (!hardwareFma()) {
      return "the JVM does not use this CPU's fused multiply-add: the chain runs its scalar loops";
    }
    return "this CPU's vectors hold fewer than four doubles: the chain runs its scalar loops";
  }
}
