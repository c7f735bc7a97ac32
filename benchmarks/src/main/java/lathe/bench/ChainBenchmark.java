package lathe.bench;

import java.util.concurrent.TimeUnit;
import lathe.dsp.ProcessSpec;
import lathe.dsp.bench.BenchChains;
import lathe.dsp.chain.MasteringChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures one 512-frame stereo block at 48 kHz through the full chain, the light chain or one
 * module alone. x-real-time = 48000 / (512 * microseconds per block * 1e-6), printed as the score
 * in microseconds per block; 10.67 us per block is 1000x real time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--sun-misc-unsafe-memory-access=allow",
      "--add-modules",
      "jdk.incubator.vector",
      "-XX:-UseCodeCacheFlushing"
    })
public class ChainBenchmark {
  private static final double RATE = 48000;

  /** The chain to measure: full, light, or a module id. */
  @Param({"full", "light", "trim", "hpf", "lpf", "eq", "limiter", "fade", "dither"})
  public String chain;

  private MasteringChain subject;
  private double[][] source;
  private double[][] block;
  private int position;

  /** Builds and prepares the chain. */
  @Setup
  public void setUp() {
    subject =
        switch (chain) {
          case "full" -> BenchChains.full();
          case "light" -> BenchChains.light();
          default -> BenchChains.modules().get(chain).get();
        };
    subject.prepare(new ProcessSpec(RATE, BenchChains.BLOCK_FRAMES, 2));
    subject.setTimeline(-1);
    source = BenchChains.material(RATE);
    block = new double[2][BenchChains.BLOCK_FRAMES];
  }

  /** Processes one block of programme material. */
  @Benchmark
  public double block() {
    int n = source[0].length;
    int first = Math.min(BenchChains.BLOCK_FRAMES, n - position);
    for (int c = 0; c < 2; c++) {
      System.arraycopy(source[c], position, block[c], 0, first);
      System.arraycopy(source[c], 0, block[c], first, BenchChains.BLOCK_FRAMES - first);
    }
    position = (position + BenchChains.BLOCK_FRAMES) % n;
    subject.process(block, BenchChains.BLOCK_FRAMES);
    return block[0][0];
  }
}
