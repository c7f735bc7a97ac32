package lathe.console.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lathe.console.master.DemoMix;
import lathe.dsp.ProcessSpec;
import lathe.dsp.bench.BenchChains;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.render.ChainRenderer;
import org.junit.jupiter.api.Test;

class AudioEngineTest {
  private static final double RATE = 48000;

  @Test
  void nullBackendKeepsTimeAndAllocatesNothingOnceSettled() throws Exception {
    AudioSettings settings = new AudioSettings(RATE, 128, 2, 0, 2);
    AudioEngine engine = AudioEngine.open(new NullBackend(), settings, BenchChains.full(), 2.0);
    engine.setSource(new DemoMix(RATE, 1e6)::read);
    engine.warmUp(10.0, new DemoMix(RATE, 1e6)::read);
    long start = System.nanoTime();
    engine.start();
    List<String> events = new ArrayList<>();
    engine.onEvent(events::add);
    // Every parameter keeps moving on this (control) thread while the audio thread runs.
    MasteringChain chain = engine.chain();
    int step = 0;
    while (System.nanoTime() - start < 7_000_000_000L) {
      engine.supervise();
      engine.set("eq.band2.gain", (step % 20) - 10);
      engine.set("comp.threshold", -10 - step % 15);
      engine.set("stereo.width", 80 + step % 60);
      step++;
      Thread.sleep(20);
    }
    EngineStats s = engine.stats();
    double elapsed = (System.nanoTime() - start) / 1e9;
    engine.stop();
    double expected = elapsed * RATE / 128;
    assertEquals(expected, s.callbacks(), expected * 0.03, "blocks paced by the clock");
    assertTrue(s.measuredSeconds() >= 3.5, "measured " + s.measuredSeconds() + " s");
    assertEquals(0, s.allocatedBytesAfterWarmup(), "bytes allocated on the audio thread");
    // Wall-clock load includes preemption on a shared machine: measured, printed, not bounded.
    assertTrue(s.maxDspLoad() > 0, "max DSP load " + s.maxDspLoad());
    assertEquals(List.of(), events);
    assertEquals(-10 - (step - 1) % 15, chain.get("comp.threshold"), 0.0);
    System.out.printf(
        "null back-end: %d callbacks in %.2f s (%.1f expected), xruns %d, max DSP %.1f %%,"
            + " %d B allocated over %.1f s%n",
        s.callbacks(),
        elapsed,
        expected,
        s.xruns(),
        100 * s.maxDspLoad(),
        s.allocatedBytesAfterWarmup(),
        s.measuredSeconds());
  }

  @Test
  void lostDeviceIsReportedRetriedAndResumedWithoutRestarting() throws Exception {
    AudioSettings settings = new AudioSettings(RATE, 256, 2, 0, 2);
    FlakyBackend device = new FlakyBackend(200, 2); // ~1.07 s, then two refused reopenings
    AudioEngine engine = AudioEngine.open(device, settings, BenchChains.light(), 0.5);
    engine.setSource(new DemoMix(RATE, 1e6)::read);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    engine.onEvent(events::add);
    engine.start();
    long start = System.nanoTime();
    long lostAt = -1;
    long backAt = -1;
    while (System.nanoTime() - start < 6_000_000_000L) {
      engine.supervise();
      if (lostAt < 0 && engine.isRetrying()) {
        lostAt = System.nanoTime();
      }
      if (lostAt > 0 && backAt < 0 && !engine.isRetrying()) {
        backAt = System.nanoTime();
      }
      Thread.sleep(10);
    }
    long before = engine.stats().callbacks();
    Thread.sleep(300);
    engine.supervise();
    long after = engine.stats().callbacks();
    EngineStats s = engine.stats();
    engine.stop();
    assertEquals(1, s.deviceLosses());
    assertTrue(lostAt > 0 && backAt > lostAt, "lost and back: " + events);
    double downSeconds = (backAt - lostAt) / 1e9;
    // Two refused attempts a second apart, the third succeeds: back after about 3 s.
    assertEquals(3.0, downSeconds, 0.3, "seconds without the device");
    assertTrue(events.get(0).startsWith("audio device lost: flaky (test device) was unplugged"));
    assertTrue(events.get(1).startsWith("audio device back after"), events.toString());
    assertEquals(0.3 * RATE / 256, after - before, 20, "blocks flow again after the return");
  }

  @Test
  void liveOutputEqualsTheOfflineRenderSampleForSample() throws Exception {
    int block = 64;
    MasteringChain live = BenchChains.full();
    SteppedBackend device = new SteppedBackend();
    AudioEngine engine =
        AudioEngine.open(device, new AudioSettings(RATE, block, 2, 0, 2), live, 1.0);
    engine.warmUp(0.5, new DemoMix(RATE, 10)::read);
    engine.setSource(new DemoMix(RATE, 3)::read);
    engine.start();
    int frames = 3 * (int) RATE;
    int latency = live.latencyFrames();
    double[][] heard = new double[2][frames + latency + block];
    for (int pos = 0; pos < heard[0].length - block; pos += block) {
      double[][] out = device.step();
      for (int c = 0; c < 2; c++) {
        System.arraycopy(out[c], 0, heard[c], pos, block);
      }
    }
    engine.stop();

    MasteringChain offline = BenchChains.full();
    offline.prepare(new ProcessSpec(RATE, 4096, 2));
    double[][] printed = new double[2][frames];
    int[] at = {0};
    new ChainRenderer(offline, 2, 4096)
        .render(
            new DemoMix(RATE, 3),
            (src, offset, n) -> {
              for (int c = 0; c < 2; c++) {
                System.arraycopy(src[c], offset, printed[c], at[0], n);
              }
              at[0] += n;
            },
            -1,
            null);
    assertEquals(frames, at[0]);
    int differing = 0;
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < frames; i++) {
        if (Double.doubleToLongBits(heard[c][i + latency])
            != Double.doubleToLongBits(printed[c][i])) {
          differing++;
        }
      }
    }
    assertEquals(0, differing, "samples differing between the live and the offline path");
  }
}
