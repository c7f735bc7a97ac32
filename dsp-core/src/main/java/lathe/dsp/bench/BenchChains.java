package lathe.dsp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.Module;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.dither.DitherModule;

/**
 * Builds the chains that speed is measured on and measures them: the full chain with every module
 * working, the light chain most tools offer (trim, high-pass, two EQ bells, bus compressor,
 * true-peak limiter), and each module alone.
 */
public final class BenchChains {
  /** Frames per block in every measurement. */
  public static final int BLOCK_FRAMES = 512;

  /**
   * Settings that make each module do real work, by parameter id; ids not in a chain are skipped.
   */
  private static final Map<String, Double> WORKING = new LinkedHashMap<>();

  static {
    WORKING.put("trim.gain", 3.0);
    WORKING.put("hpf.slope", 4.0); // 24 dB/oct
    WORKING.put("hpf.frequency", 30.0);
    WORKING.put("lpf.slope", 2.0); // 12 dB/oct
    WORKING.put("lpf.frequency", 19000.0);
    WORKING.put("eq.band1.gain", 1.5);
    WORKING.put("eq.band2.gain", -2.0);
    WORKING.put("eq.band3.gain", 1.0);
    WORKING.put("eq.band4.gain", -1.0);
    WORKING.put("eq.band5.gain", 2.0);
    WORKING.put("mbc.band1.threshold", -24.0);
    WORKING.put("mbc.band1.ratio", 3.0);
    WORKING.put("mbc.band2.threshold", -24.0);
    WORKING.put("mbc.band2.ratio", 2.0);
    WORKING.put("mbc.band3.threshold", -24.0);
    WORKING.put("mbc.band3.ratio", 2.0);
    WORKING.put("comp.threshold", -20.0);
    WORKING.put("comp.ratio", 2.0);
    WORKING.put("exp.threshold", -50.0);
    WORKING.put("exp.range", 12.0);
    WORKING.put("sat.curve", 1.0); // tape, 4x oversampled by default
    WORKING.put("sat.drive", 6.0);
    WORKING.put("sat.mix", 100.0);
    WORKING.put("stereo.width", 120.0);
    WORKING.put("stereo.monobass", 120.0);
    WORKING.put("limiter.gain", 6.0);
    WORKING.put("limiter.ceiling", -1.0);
  }

  private BenchChains() {}

  /** Returns the full standard chain with every module working (dither at 24 bits, shaped). */
  public static MasteringChain full() {
    MasteringChain chain = StandardChain.create();
    working(chain);
    return chain;
  }

  /** Returns the light chain: trim, high-pass, two EQ bells, bus compressor, true-peak limiter. */
  public static MasteringChain light() {
    List<Module> modules = new ArrayList<>();
    for (Module m : StandardChain.create().modules()) {
      if (List.of("trim", "hpf", "eq", "comp", "limiter").contains(m.id())) {
        modules.add(m);
      }
    }
    MasteringChain chain = new MasteringChain(modules);
    working(chain);
    for (int b : new int[] {1, 4, 5}) {
      chain.set("eq.band" + b + ".gain", 0.0); // two bells stay on
    }
    return chain;
  }

  /**
   * Returns one chain per module of the standard chain, each holding that module alone, working.
   */
  public static Map<String, Supplier<MasteringChain>> modules() {
    Map<String, Supplier<MasteringChain>> out = new LinkedHashMap<>();
    for (Module m : StandardChain.create().modules()) {
      String id = m.id();
      out.put(
          id,
          () -> {
            for (Module fresh : StandardChain.create().modules()) {
              if (fresh.id().equals(id)) {
                MasteringChain chain = new MasteringChain(List.of(fresh));
                working(chain);
                return chain;
              }
            }
            throw new IllegalStateException(id);
          });
    }
    return out;
  }

  private static void working(MasteringChain chain) {
    for (Map.Entry<String, Double> e : WORKING.entrySet()) {
      if (chain.has(e.getKey())) {
        chain.set(e.getKey(), e.getValue());
      }
    }
    if (chain.has("dither.mode")) {
      chain.set("dither.mode", 2); // shaped, to 24 bits
      ((DitherModule) chain.module("dither")).setOutputBits(24);
    }
  }

  /** Returns one second of stereo programme-like material (filtered noise with a beat). */
  public static double[][] material(double sampleRate) {
    int n = (int) sampleRate;
    double[][] x = new double[2][n];
    Random r = new Random(42);
    double lp = 0;
    for (int i = 0; i < n; i++) {
      lp += 0.1 * (r.nextGaussian() - lp);
      double beat = Math.exp(-(i % (n / 4)) / (0.05 * sampleRate));
      x[0][i] = 0.25 * lp + 0.3 * beat * Math.sin(2 * Math.PI * 55 * i / sampleRate);
      x[1][i] = 0.22 * lp + 0.3 * beat * Math.sin(2 * Math.PI * 55 * i / sampleRate);
    }
    return x;
  }

  /**
   * Measures how many times faster than real time a prepared chain processes stereo material at the
   * given rate on this thread: warm-up first (20 s of audio, then until the JIT is idle), then the
   * best of three timed runs.
   *
   * @param seconds seconds of audio per timed run
   */
  public static double xRealtime(MasteringChain chain, double sampleRate, double seconds) {
    chain.prepare(new ProcessSpec(sampleRate, BLOCK_FRAMES, 2));
    chain.setTimeline(-1);
    double[][] source = material(sampleRate);
    double[][] block = new double[2][BLOCK_FRAMES];
    int blocks = (int) Math.ceil(seconds * sampleRate / BLOCK_FRAMES);
    run(chain, source, block, Math.max(blocks, (int) (20 * sampleRate / BLOCK_FRAMES)));
    settle(chain, source, block, sampleRate);
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      long start = System.nanoTime();
      run(chain, source, block, blocks);
      best = Math.min(best, System.nanoTime() - start);
    }
    double audioSeconds = (double) blocks * BLOCK_FRAMES / sampleRate;
    return audioSeconds / (best / 1e9);
  }

  private static double sink;

  /**
   * Keeps running the chain until the JIT's total compilation time has stood still for half a
   * second (at most 20 s): large methods take the optimising compiler a while on a small machine,
   * and a timed run that starts before their final code is installed measures the compiler.
   */
  private static void settle(
      MasteringChain chain, double[][] source, double[][] block, double sampleRate) {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    int second = (int) Math.ceil(sampleRate / BLOCK_FRAMES);
    long deadline = System.nanoTime() + 20_000_000_000L;
    long last = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      run(chain, source, block, second);
      long now = System.nanoTime();
      long t = jit.getTotalCompilationTime();
      if (t != last) {
        last = t;
        quietSince = now;
      } else if (now - quietSince > 500_000_000L) {
        return;
      }
    }
  }

  private static void run(MasteringChain chain, double[][] source, double[][] block, int blocks) {
    int n = source[0].length;
    int pos = 0;
    double acc = 0;
    for (int b = 0; b < blocks; b++) {
      int first = Math.min(BLOCK_FRAMES, n - pos);
      for (int c = 0; c < 2; c++) {
        System.arraycopy(source[c], pos, block[c], 0, first);
        System.arraycopy(source[c], 0, block[c], first, BLOCK_FRAMES - first);
      }
      pos = (pos + BLOCK_FRAMES) % n;
      chain.process(block, BLOCK_FRAMES);
      acc += block[0][0];
    }
    sink += acc;
  }
}
