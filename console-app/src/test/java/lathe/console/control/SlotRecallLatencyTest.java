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
import lathe.controller.engine.SlotState;
import lathe.controller.map.BundledMaps;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import org.junit.jupiter.api.Test;

/**
 * Saves a slot with a long press of a nanoKONTROL2 button and recalls it with short presses, timing
 * each recall from the button's release message to the audio thread taking it up.
 */
class SlotRecallLatencyTest {
  private static final String PORT = "nanoKONTROL2 SLIDER/KNOB";

  private static ShortMessage cc(int number, int value) throws Exception {
    return new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, number, value);
  }

  @Test
  void aShortPressRecallsWithinTwentyMillisecondsAndAHoldSaves() throws Exception {
    MasteringChain chain = StandardChain.create();
    AudioEngine engine =
        AudioEngine.open(new NullBackend(), new AudioSettings(48000, 64, 2, 0, 2), chain, 1.0);
    engine.setSource(new DemoMix(48000, 1e6)::read);
    engine.warmUp(10.0, new DemoMix(48000, 1e6)::read);
    engine.start();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    List<MidiMessage> feedback = Collections.synchronizedList(new ArrayList<>());
    ConsoleState state = new ConsoleState(engine, null);
    try (ControlLoop loop = new ControlLoop(state, problems::add)) {
      loop.attach(PORT, BundledMaps.load("korg-nanokontrol2"), feedback::add);
      loop.submit(new Command.SetNormalized("trim.gain", chain.spec("trim.gain").toNormalized(3)));
      // M 1 (CC 48) held for 0.7 s: longer than the 600 ms hold, so slot 1 is saved.
      loop.midi(PORT, cc(48, 127), System.nanoTime());
      Thread.sleep(700);
      loop.sync();
      assertEquals(SlotState.ACTIVE, state.slot(1), "saved by the hold");
      loop.midi(PORT, cc(48, 0), System.nanoTime());
      loop.sync();
      assertEquals(3.0, chain.get("trim.gain"), 1e-12, "a release after a save recalls nothing");
      // The slot's lamp (CC 48 on channel 1, on/off only) blinks while the slot is active: 250 ms
      // lit, 250 ms dark.
      Thread.sleep(600);
      long lit = feedback.stream().filter(m -> is(m, 48, 127)).count();
      long dark = feedback.stream().filter(m -> is(m, 48, 0)).count();
      assertTrue(lit >= 1 && dark >= 1, "lamp messages lit " + lit + ", dark " + dark);

      long[] latency = new long[40];
      for (int i = 0; i < latency.length; i++) {
        loop.submit(
            new Command.SetNormalized("trim.gain", chain.spec("trim.gain").toNormalized(-3)));
        loop.sync();
        long applied = chain.recallsApplied();
        loop.midi(PORT, cc(48, 127), System.nanoTime());
        Thread.sleep(30 + i % 7 * 10); // a short press, released at a random moment of a block
        long released = System.nanoTime();
        loop.midi(PORT, cc(48, 0), released);
        long deadline = released + 500_000_000L;
        while (chain.recallsApplied() == applied && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        latency[i] = System.nanoTime() - released;
        assertTrue(chain.recallsApplied() > applied, "recall " + i + " reached the audio thread");
        // The audio thread takes the recall up from its own copy of the values, which the chain
        // publishes before the targets that get() reads: let the control thread finish first.
        loop.sync();
        assertEquals(3.0, chain.get("trim.gain"), 1e-12);
      }
      Arrays.sort(latency);
      double median = latency[latency.length / 2] / 1e6;
      double worst = latency[latency.length - 1] / 1e6;
      System.out.printf(
          "slot recall, release message to audio thread: median %.2f ms, worst %.2f ms of %d"
              + " (block 64 = 1.33 ms)%n",
          median, worst, latency.length);
      assertTrue(median < 20, "median " + median + " ms");
      assertEquals(List.of(), problems);
    } finally {
      engine.stop();
    }
  }

  private static boolean is(MidiMessage m, int number, int value) {
    return m instanceof ShortMessage s
        && s.getCommand() == ShortMessage.CONTROL_CHANGE
        && s.getData1() == number
        && s.getData2() == value;
  }
}
