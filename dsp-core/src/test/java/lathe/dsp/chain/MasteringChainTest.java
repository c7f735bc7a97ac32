package lathe.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import lathe.dsp.gain.TrimModule;
import org.junit.jupiter.api.Test;

class MasteringChainTest {
  private static final double RATE = 48000;

  private static double[][] noise(int frames, long seed) {
    return BlockRunner.noise(2, frames, seed);
  }

  private static double[][] copy(double[][] x) {
    return new double[][] {x[0].clone(), x[1].clone()};
  }

  @Test
  void latencyIsTheSumOfTheModulesAndBypassKeepsIt() {
    MasteringChain chain =
        new MasteringChain(
            List.of(
                new LatencyTestModule("early", 7),
                new TrimModule(),
                new LatencyTestModule("late", 64)));
    chain.set("late.bypass", 1);
    chain.prepare(new ProcessSpec(RATE, 256, 2));
    assertEquals(71, chain.latencyFrames());
    double[][] in = noise(1000, 1);
    double[][] x = copy(in);
    chain.process(x, 256);
    chain.process(new double[][] {new double[256], new double[256]}, 0);
    // Output frame i is input frame i - 71: a pure delay, bit-exact, with one module bypassed.
    for (int i = 71; i < 256; i++) {
      assertEquals(in[0][i - 71], x[0][i]);
      assertEquals(in[1][i - 71], x[1][i]);
    }
  }

  @Test
  void bypassCrossfadesOverTenMillisecondsThenIsExactlyTheDelayedDryPath() {
    MasteringChain chain = new MasteringChain(List.of(new LatencyTestModule("late", 32)));
    chain.set("late.gain", -6.0206); // about 0.5 in linear gain
    chain.prepare(new ProcessSpec(RATE, 4800, 1));
    double wetGain = Math.pow(10, -6.0206 / 20);
    double[][] ones = {new double[4800]};
    java.util.Arrays.fill(ones[0], 1.0);
    chain.process(ones, 4800);
    assertEquals(wetGain, ones[0][4799], 1e-15);

    chain.set("late.bypass", 1);
    double[][] x = {new double[4800]};
    java.util.Arrays.fill(x[0], 1.0);
    chain.process(x, 4800);
    int fade = (int) Math.round(RATE * MasteringChain.BYPASS_FADE_SECONDS); // 480 frames
    // During the fade the output moves monotonically from wet (0.5) to dry (1.0), linearly.
    for (int i = 0; i < fade; i++) {
      double w = 1.0 - (i + 1.0) / fade;
      assertEquals(1.0 + w * (wetGain - 1.0), x[0][i], 1e-12, "frame " + i);
    }
    for (int i = fade; i < 4800; i++) {
      assertEquals(1.0, x[0][i], "frame " + i);
    }
  }

  @Test
  void neutralTrimIsBitTransparent() {
    MasteringChain chain = new MasteringChain(List.of(new TrimModule()));
    chain.prepare(new ProcessSpec(RATE, 512, 2));
    double[][] in = noise(512, 2);
    double[][] x = copy(in);
    chain.process(x, 512);
    assertArrayEquals(in[0], x[0]);
    assertArrayEquals(in[1], x[1]);
  }

  @Test
  void trimReachesItsGainWithoutAJump() {
    MasteringChain chain = new MasteringChain(List.of(new TrimModule()));
    chain.prepare(new ProcessSpec(RATE, 4800, 1));
    chain.set("trim.gain", 12);
    double[][] x = {new double[4800]};
    java.util.Arrays.fill(x[0], 0.1);
    chain.process(x, 4800);
    double largestStep = 0;
    for (int i = 1; i < 4800; i++) {
      largestStep = Math.max(largestStep, Math.abs(x[0][i] - x[0][i - 1]));
    }
    double target = 0.1 * Math.pow(10, 12 / 20.0);
    assertEquals(target, x[0][4799], 1e-12);
    // A 20 ms linear ramp of 960 frames: each step is (target - 0.1) / 960.
    assertEquals((target - 0.1) / 960, largestStep, 1e-12);
  }

  @Test
  void nanAndInfinityBecomeSilenceAndAreCounted() {
    MasteringChain chain = new MasteringChain(List.of(new TrimModule()));
    chain.set("trim.gain", 6);
    chain.prepare(new ProcessSpec(RATE, 8, 1));
    double[][] x = {{1, Double.NaN, Double.POSITIVE_INFINITY, -1e300, 0.5, 0, 0, 0}};
    chain.process(x, 8);
    for (double v : x[0]) {
      assertTrue(Double.isFinite(v));
    }
    assertEquals(0.0, x[0][1]);
    assertEquals(3, chain.faultSamples());
  }

  @Test
  void unknownIdsAndOutOfRangeValuesAreRefusedOrClamped() {
    MasteringChain chain = new MasteringChain(List.of(new TrimModule()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> chain.set("trim.gian", 1));
    assertTrue(e.getMessage().contains("'trim.gian'"));
    chain.set("trim.gain", 99);
    assertEquals(24.0, chain.get("trim.gain"));
    assertEquals(
        List.of("trim.bypass", "trim.gain"), chain.params().stream().map(p -> p.id()).toList());
  }
}
