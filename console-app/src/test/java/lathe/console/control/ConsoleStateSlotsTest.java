package lathe.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import lathe.console.engine.AudioEngine;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.NullBackend;
import lathe.console.session.Session;
import lathe.controller.engine.SlotState;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import org.junit.jupiter.api.Test;

/** Checks snapshot slots, undo and redo, and the A/B working states. */
class ConsoleStateSlotsTest {
  private static ConsoleState console(MasteringChain chain) throws Exception {
    AudioEngine engine =
        AudioEngine.open(new NullBackend(), new AudioSettings(48000, 256, 2, 0, 2), chain, 1);
    return new ConsoleState(engine, null);
  }

  private static Command set(MasteringChain chain, String id, double plain) {
    return new Command.SetNormalized(id, chain.spec(id).toNormalized(plain));
  }

  @Test
  void slotsRecallWhatWasSavedAndTheirLampsFollow() throws Exception {
    MasteringChain chain = StandardChain.create();
    ConsoleState state = console(chain);
    assertEquals(SlotState.EMPTY, state.slot(1));
    state.apply(set(chain, "trim.gain", 3.0));
    state.apply(set(chain, "stereo.width", 150.0));
    state.apply(new Command.SaveSlot(1));
    assertEquals(SlotState.ACTIVE, state.slot(1));
    state.apply(set(chain, "trim.gain", -6.0));
    state.apply(new Command.ToggleBypass("eq"));
    state.apply(new Command.SaveSlot(2));
    assertEquals(SlotState.FILLED, state.slot(1));
    assertEquals(SlotState.ACTIVE, state.slot(2));

    List<String> moved = state.apply(new Command.RecallSlot(1));
    assertEquals(3.0, chain.get("trim.gain"), 1e-12);
    assertEquals(150.0, chain.get("stereo.width"), 1e-12);
    assertEquals(0.0, chain.get("eq.bypass"));
    assertEquals(java.util.Set.of("trim.gain", "eq.bypass"), java.util.Set.copyOf(moved));
    assertEquals(SlotState.ACTIVE, state.slot(1));
    assertEquals(SlotState.FILLED, state.slot(2));
    assertEquals(SlotState.EMPTY, state.slot(8));

    UnsupportedOperationException empty =
        assertThrows(
            UnsupportedOperationException.class, () -> state.apply(new Command.RecallSlot(5)));
    assertTrue(empty.getMessage().contains("slot 5 is empty"), empty.getMessage());
    IllegalArgumentException nine =
        assertThrows(IllegalArgumentException.class, () -> state.apply(new Command.SaveSlot(9)));
    assertTrue(nine.getMessage().contains("slot 9"), nine.getMessage());
  }

  @Test
  void undoAndRedoWalkBackAndForthOverAHundredAndFiftySteps() throws Exception {
    MasteringChain chain = StandardChain.create();
    ConsoleState state = console(chain);
    String[] ids = {"trim.gain", "limiter.gain"};
    // 150 steps: two knobs taking turns, so each move is a step of its own.
    for (int i = 1; i <= 150; i++) {
      state.apply(set(chain, ids[i % 2], (i % 2 == 0 ? 0.05 : 0.07) * i));
    }
    double trimAfter = chain.get("trim.gain");
    double limiterAfter = chain.get("limiter.gain");
    assertEquals(150, state.undoDepth()[0]);
    for (int i = 150; i >= 1; i--) {
      state.apply(new Command.Undo());
      // After undoing step i, both knobs show what they had after step i - 1.
      int lastTrim = (i - 1) % 2 == 0 ? i - 1 : i - 2;
      int lastLimiter = (i - 1) % 2 == 1 ? i - 1 : i - 2;
      double trim =
          lastTrim >= 1
              ? chain.spec("trim.gain").clamp(0.05 * lastTrim)
              : chain.spec("trim.gain").defaultValue();
      assertEquals(trim, chain.get("trim.gain"), 1e-9, "after undoing step " + i);
      double lim =
          lastLimiter >= 1
              ? chain.spec("limiter.gain").clamp(0.07 * lastLimiter)
              : chain.spec("limiter.gain").defaultValue();
      assertEquals(lim, chain.get("limiter.gain"), 1e-9, "after undoing step " + i);
    }
    assertThrows(UnsupportedOperationException.class, () -> state.apply(new Command.Undo()));
    for (int i = 0; i < 150; i++) {
      state.apply(new Command.Redo());
    }
    assertEquals(trimAfter, chain.get("trim.gain"), 0.0);
    assertEquals(limiterAfter, chain.get("limiter.gain"), 0.0);
    assertThrows(UnsupportedOperationException.class, () -> state.apply(new Command.Redo()));
  }

  @Test
  void oneTurnOfAKnobIsOneStepAndANewChangeForgetsTheRedo() throws Exception {
    MasteringChain chain = StandardChain.create();
    ConsoleState state = console(chain);
    for (int v = 0; v <= 127; v++) {
      state.apply(new Command.SetNormalized("stereo.width", v / 127.0));
    }
    assertEquals(1, state.undoDepth()[0], "a sweep of one knob within a second and a half");
    state.apply(new Command.Undo());
    assertEquals(100.0, chain.get("stereo.width"), 1e-12, "back to the default width");
    state.apply(set(chain, "trim.gain", 1.0));
    assertEquals(0, state.undoDepth()[1], "redo forgotten after a new change");
    state.apply(new Command.SaveSlot(1));
    state.apply(set(chain, "trim.gain", 2.0));
    state.apply(new Command.RecallSlot(1));
    state.apply(new Command.Undo());
    assertEquals(2.0, chain.get("trim.gain"), 1e-12, "a recall is undone like a move");
  }

  @Test
  void abSwitchesBetweenTwoWorkingStatesAndTheSessionKeepsThem() throws Exception {
    MasteringChain chain = StandardChain.create();
    ConsoleState state = console(chain);
    state.apply(set(chain, "trim.gain", 4.0));
    state.apply(new Command.ToggleAb());
    assertTrue(state.abIsB());
    // B starts as the state the console opened with.
    assertEquals(0.0, chain.get("trim.gain"), 0.0);
    state.apply(set(chain, "comp.ratio", 4.0));
    state.apply(new Command.SaveSlot(3));
    state.apply(new Command.ToggleAb());
    assertEquals(Session.Side.A, state.side());
    assertEquals(4.0, chain.get("trim.gain"), 1e-12);
    assertEquals(chain.spec("comp.ratio").defaultValue(), chain.get("comp.ratio"), 1e-12);

    Session saved = state.toSession(Session.defaults());
    assertEquals(Session.Side.A, saved.ab().active());
    assertEquals(4.0, saved.ab().other().get("comp.ratio"), 1e-12);
    assertEquals(4.0, saved.parameters().get("trim.gain"), 1e-12);
    assertTrue(saved.slots().get(2).isPresent());

    MasteringChain again = StandardChain.create();
    for (Map.Entry<String, Double> e : saved.parameters().entrySet()) {
      again.set(e.getKey(), e.getValue());
    }
    ConsoleState restored = console(again);
    restored.restore(saved);
    assertEquals(SlotState.FILLED, restored.slot(3));
    restored.apply(new Command.ToggleAb());
    assertEquals(4.0, again.get("comp.ratio"), 1e-12);
    assertEquals(0.0, again.get("trim.gain"), 0.0);
  }
}
