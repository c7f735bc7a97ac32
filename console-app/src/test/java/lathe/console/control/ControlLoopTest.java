package lathe.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import lathe.console.engine.AudioEngine;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.NullBackend;
import lathe.console.master.DemoMix;
import lathe.controller.map.BundledMaps;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import org.junit.jupiter.api.Test;

class ControlLoopTest {
  private static final String PORT = "nanoKONTROL2 SLIDER/KNOB";

  /** Reads a parameter's target at the start of every audio block, as the chain itself does. */
  private static final class AudioThreadProbe {
    private final MasteringChain chain;
    private final String id;
    private final DemoMix demo = new DemoMix(48000, 1e6);
    volatile double seen = Double.NaN;
    volatile long seenAtNanos;

    AudioThreadProbe(MasteringChain chain, String id) {
      this.chain = chain;
      this.id = id;
    }

    int read(double[][] dest, int frames) {
      double v = chain.get(id);
      if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(seen)) {
        seenAtNanos = System.nanoTime();
        seen = v;
      }
      return demo.read(dest, frames);
    }
  }

  @Test
  void sliderSweepReachesTheMappedMaximumAndTheAudioThreadWithinABlock() throws Exception {
    MasteringChain chain = StandardChain.create();
    AudioEngine engine =
        AudioEngine.open(new NullBackend(), new AudioSettings(48000, 64, 2, 0, 2), chain, 1.0);
    AudioThreadProbe probe = new AudioThreadProbe(chain, "limiter.gain");
    engine.setSource(probe::read);
    engine.warmUp(10.0, new DemoMix(48000, 1e6)::read);
    engine.start();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    List<MidiMessage> feedback = Collections.synchronizedList(new ArrayList<>());
    ConsoleState state = new ConsoleState(engine, null);
    try (ControlLoop loop = new ControlLoop(state, problems::add)) {
      loop.attach(PORT, BundledMaps.load("korg-nanokontrol2"), feedback::add);
      loop.sync();
      // Slider 7 (CC 6, channel 1) drives limiter.gain over 0..12 dB: push it from the bottom to
      // the top one step at a time, as a hand does, and time each step to the audio thread.
      long[] toAudio = new long[128];
      java.util.Random random = new java.util.Random(7);
      for (int v = 0; v <= 127; v++) {
        // Send at a random moment of the block, as a hand would, not right after a block start.
        java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(2_000_000));
        double before = probe.seen;
        long sent = System.nanoTime();
        loop.midi(PORT, new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 6, v), sent);
        long deadline = sent + 200_000_000L;
        while (probe.seen == before && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        toAudio[v] = probe.seen == before ? -1 : probe.seenAtNanos - sent;
      }
      loop.sync();
      assertEquals(12.0, chain.get("limiter.gain"), 1e-12, "the slider's mapped maximum");
      assertEquals(List.of(), problems);
      long[] moved = Arrays.stream(toAudio).filter(t -> t >= 0).sorted().toArray();
      // Step 0 does not move the gain (it is already 0 dB); every other step does.
      assertEquals(127, moved.length, Arrays.toString(toAudio));
      long median = moved[moved.length / 2];
      long p99 = moved[(int) Math.ceil(0.99 * moved.length) - 1];
      long[] published = loop.midiToTargetNanos();
      System.out.printf(
          "MIDI message to target published: median %.3f ms, p99 %.3f ms; to the audio thread:"
              + " median %.3f ms, p99 %.3f ms (block 64 = 1.333 ms)%n",
          published[published.length / 2] / 1e6,
          published[(int) Math.ceil(0.99 * published.length) - 1] / 1e6,
          median / 1e6,
          p99 / 1e6);
      // The audio thread reads targets once per block: one block period plus scheduling.
      assertTrue(median < 2_000_000L, "median " + median + " ns");
    } finally {
      engine.stop();
    }
  }

  @Test
  void commandsOfEverySurfaceMoveTheChainAndUnknownIdsAreReported() throws Exception {
    MasteringChain chain = StandardChain.create();
    AudioEngine engine =
        AudioEngine.open(new NullBackend(), new AudioSettings(48000, 256, 2, 0, 2), chain, 1.0);
    ConsoleState state = new ConsoleState(engine, null);
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    try (ControlLoop loop = new ControlLoop(state, problems::add)) {
      loop.submit(new Command.SetNormalized("comp.ratio", 1.0));
      loop.submit(new Command.Nudge("trim.gain", 0.25)); // from the middle (0 dB) a quarter up
      loop.submit(new Command.ToggleBypass("eq"));
      loop.submit(new Command.SetNormalized("no.such", 0.5));
      loop.submit(new Command.RecallSlot(3));
      loop.sync();
    }
    assertEquals(chain.spec("comp.ratio").toPlain(1.0), chain.get("comp.ratio"), 0.0);
    assertEquals(chain.spec("trim.gain").toPlain(0.75), chain.get("trim.gain"), 1e-12);
    assertEquals(1.0, chain.get("eq.bypass"));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("no.such"), problems.get(0));
    assertTrue(problems.get(1).contains("slot 3"), problems.get(1));
  }
}
