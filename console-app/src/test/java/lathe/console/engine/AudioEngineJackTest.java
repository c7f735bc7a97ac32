package lathe.console.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lathe.console.engine.jack.JackBackend;
import lathe.console.master.DemoMix;
import lathe.dsp.bench.BenchChains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the whole engine (full chain, every module working) on a real JACK server. */
class AudioEngineJackTest {
  @RegisterExtension static final JackServer JACK = new JackServer(48000, 64);

  @Test
  void fullChainOnJackAllocatesNothingOnTheJackThreadOnceSettled() throws Exception {
    AudioSettings settings = new AudioSettings(48000, 64, 2, 0, 2);
    JackBackend jack = new JackBackend(JACK.name(), "lathe-engine-test");
    AudioEngine engine = AudioEngine.open(jack, settings, BenchChains.full(), 10.0);
    engine.setSource(new DemoMix(48000, 1e6)::read);
    engine.warmUp(10.0, new DemoMix(48000, 1e6)::read);
    engine.start();
    long start = System.nanoTime();
    while (System.nanoTime() - start < 16_000_000_000L) {
      engine.supervise();
      engine.set("eq.band3.gain", ((System.nanoTime() / 100_000_000L) % 12) - 6.0);
      Thread.sleep(50);
    }
    EngineStats s = engine.stats();
    double elapsed = (System.nanoTime() - start) / 1e9;
    engine.stop();
    System.out.printf(
        "engine on JACK: %d callbacks in %.1f s, xruns %d, max DSP %.1f %%, %d B allocated"
            + " on the JACK thread over %.1f s, latency %.2f ms%n",
        s.callbacks(),
        elapsed,
        s.xruns(),
        100 * s.maxDspLoad(),
        s.allocatedBytesAfterWarmup(),
        s.measuredSeconds(),
        s.latency().totalMs());
    assertTrue(s.measuredSeconds() >= 5, "measured " + s.measuredSeconds() + " s");
    assertEquals(0, s.allocatedBytesAfterWarmup(), "bytes allocated on the JACK thread");
    assertEquals(elapsed * 750, s.callbacks(), elapsed * 750 * 0.05, "callbacks at 750/s");
    assertEquals(0, s.deviceLosses());
  }
}
