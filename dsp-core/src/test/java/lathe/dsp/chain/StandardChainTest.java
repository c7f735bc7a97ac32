package lathe.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import lathe.dsp.bench.BenchChains;
import lathe.dsp.dither.DitherModule;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.Test;

class StandardChainTest {
  private static final int RATE = 48000;

  private static double[][] music(int frames, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[2][frames];
    double lp = 0;
    for (int i = 0; i < frames; i++) {
      lp += 0.05 * (r.nextGaussian() - lp);
      double kick = (i % 24000) < 4000 ? Math.sin(i * 0.01) * Math.exp(-(i % 24000) / 900.0) : 0;
      x[0][i] = 0.5 * lp + 0.6 * kick + 0.1 * r.nextGaussian();
      x[1][i] = 0.4 * lp + 0.6 * kick + 0.1 * r.nextGaussian();
    }
    return x;
  }

  /** Settings that switch every module on, so every code path runs. */
  /**
   * Returns the full chain with every module working (the benchmark's settings), plus the features
   * the benchmark leaves off: side-chain filter, auto-release and parallel mix of the compressor,
   * parallel saturation, fades.
   */
  private static MasteringChain busyChain() {
    MasteringChain chain = BenchChains.full();
    chain.set("comp.sidechain", 80);
    chain.set("comp.autorelease", 1);
    chain.set("comp.mix", 80);
    chain.set("sat.mix", 50);
    chain.set("fade.in", 0.05);
    chain.set("fade.out", 0.05);
    return chain;
  }

  private static double[][] render(MasteringChain chain, double[][] in, int[] blocks) {
    chain.prepare(new ProcessSpec(RATE, BlockRunner.largest(blocks), 2));
    chain.setTimeline(in[0].length);
    return BlockRunner.run(chain, in, blocks);
  }

  @Test
  void neutralChainIsBitExactAfterItsLatency() {
    MasteringChain chain = StandardChain.create();
    chain.set("limiter.bypass", 1);
    chain.set("dither.mode", 0);
    double[][] in = music(RATE, 1);
    double[][] out = render(chain, in, new int[] {512});
    int lat = chain.latencyFrames();
    for (int c = 0; c < 2; c++) {
      double[] expected = java.util.Arrays.copyOfRange(in[c], 0, in[c].length - lat);
      double[] got = java.util.Arrays.copyOfRange(out[c], lat, out[c].length);
      assertArrayEquals(expected, got, "channel " + c);
    }
  }

  @Test
  void everyModuleOnGivesTheSameSamplesWhateverTheBlockSplit() {
    double[][] in = music(RATE, 2);
    double[][] reference = render(busyChain(), in, new int[] {RATE});
    int[][] splits = {{1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 64, 4095, 2, 31, 999, 65}};
    for (int[] split : splits) {
      double[][] got = render(busyChain(), in, split);
      for (int c = 0; c < 2; c++) {
        assertArrayEquals(reference[c], got[c], "split " + java.util.Arrays.toString(split));
      }
    }
  }

  @Test
  void silenceAfterAnImpulseDecaysToExactZero() {
    MasteringChain chain = busyChain();
    chain.set("fade.in", 0);
    chain.set("fade.out", 0);
    chain.set(
        "dither.mode", 0); // dither adds its noise by design; the state under test is upstream
    double[][] x = new double[2][10 * RATE];
    x[0][100] = 1.0;
    x[1][100] = -1.0;
    double[][] out = render(chain, x, new int[] {512});
    // Ten seconds on, every filter state has decayed below the snapping threshold.
    for (int c = 0; c < 2; c++) {
      for (int i = 9 * RATE; i < 10 * RATE; i++) {
        assertEquals(0.0, out[c][i], "channel " + c + " frame " + i);
      }
    }
  }

  @Test
  void audioThreadAllocatesNothingAfterWarmUpWhileEveryParameterMoves() throws Exception {
    MasteringChain chain = busyChain();
    ((DitherModule) chain.module("dither")).setOutputBits(16);
    chain.set("dither.mode", 2);
    chain.prepare(new ProcessSpec(RATE, 256, 2));
    chain.setTimeline(-1);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger recallsMade =
        new java.util.concurrent.atomic.AtomicInteger();
    long[] allocated = new long[1];
    double[][] block = music(256, 3);
    Thread audio =
        new Thread(
            () -> {
              // Warm-up: 20 s of audio so the JIT has compiled the chain.
              for (int i = 0; i < 20 * RATE / 256; i++) {
                chain.process(block, 256);
              }
              measuring.set(true);
              long before = mx.getCurrentThreadAllocatedBytes();
              // Ten seconds of audio at least, while the control thread moves every parameter,
              // and until more than 100 of its recalls came in (a fast machine runs ten seconds
              // of audio in a few dozen milliseconds).
              for (int i = 0;
                  i < 10 * RATE / 256 || (recallsMade.get() <= 110 && i < 600 * RATE / 256);
                  i++) {
                chain.process(block, 256);
                if (Math.abs(block[0][0]) > 10) {
                  block[0][0] = 0; // keep the data dependency alive
                }
              }
              allocated[0] = mx.getCurrentThreadAllocatedBytes() - before;
              stop.set(true);
            },
            "audio");
    audio.start();
    Random r = new Random(5);
    int moves = 0;
    int recalls = 0;
    while (!stop.get()) {
      java.util.Map<String, Double> snapshot = new java.util.HashMap<>();
      for (ParamSpec p : chain.params()) {
        if (!p.id().endsWith(".bypass") && !p.id().startsWith("fade.")) {
          chain.setNormalized(p.id(), r.nextDouble());
          snapshot.put(p.id(), p.toPlain(r.nextDouble()));
          moves += measuring.get() ? 1 : 0;
        }
      }
      Thread.sleep(1);
      // Snapshot recalls too: the audio thread glides every parameter at once.
      chain.recall(snapshot, 0.050);
      recalls += measuring.get() ? 1 : 0;
      recallsMade.set(recalls);
      Thread.sleep(1);
    }
    audio.join();
    assertTrue(moves > 1000, "parameters moved " + moves + " times");
    assertTrue(recalls > 100, "recalls " + recalls);
    assertEquals(0, allocated[0], "bytes allocated on the audio thread");
  }

  @Test
  void nanAndInfinityNeverReachTheOutputAndTheChainRecovers() {
    MasteringChain chain = busyChain();
    chain.prepare(new ProcessSpec(RATE, 512, 2));
    double[][] x = music(512, 4);
    x[0][10] = Double.NaN;
    x[1][20] = Double.POSITIVE_INFINITY;
    x[0][30] = Double.NEGATIVE_INFINITY;
    x[1][40] = Double.MIN_VALUE;
    chain.process(x, 512);
    for (int b = 0; b < 20; b++) {
      for (double[] ch : x) {
        for (double v : ch) {
          assertTrue(Double.isFinite(v));
        }
      }
      x = music(512, 10 + b);
      chain.process(x, 512);
    }
    double energy = 0;
    for (double v : x[0]) {
      energy += v * v;
    }
    assertTrue(energy > 1.0, "the chain passes audio again after the fault: " + energy);
  }

  @Test
  void togglingDitherBypassKeepsEverySampleOnThe16BitGrid() {
    MasteringChain chain = StandardChain.create();
    ((DitherModule) chain.module("dither")).setOutputBits(16);
    chain.prepare(new ProcessSpec(RATE, 480, 2));
    double[][] x = music(480, 6);
    for (int block = 0; block < 40; block++) {
      if (block % 10 == 5) {
        chain.set("dither.bypass", 1);
      } else if (block % 10 == 8) {
        chain.set("dither.bypass", 0);
      }
      double[][] y = {x[0].clone(), x[1].clone()};
      chain.process(y, 480);
      boolean bypassed = chain.get("dither.bypass") == 1;
      for (double[] ch : y) {
        for (double v : ch) {
          double lsb = v * 32768;
          if (!bypassed) {
            assertEquals(Math.rint(lsb), lsb, 0.0, "block " + block);
          }
        }
      }
    }
  }
}
