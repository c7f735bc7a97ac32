package lathe.controller.engine;

import static lathe.controller.engine.FakeConsole.cc;
import static lathe.controller.engine.FakeConsole.noteOff;
import static lathe.controller.engine.FakeConsole.noteOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import lathe.controller.map.MapException;
import lathe.controller.map.MapLoader;
import lathe.dsp.command.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slot buttons: a short press recalls, a long press saves; lamps show empty, filled, active. */
class SlotButtonTest {
  static final String MAP =
      """
      device: {name: Slot box, ports: ["Slot*"], source: a test map}
      controls:
        - {name: Shift, type: note, number: 100, action: shift}
        - {name: Slot 1, type: note, number: 8, action: recall 1, feedback: {message: "90 00 {v}", empty: 0, filled: 1, active: 2}}
        - {name: Slot 1, type: note, number: 8, action: save 1, layer: shift}
        - {name: Slot 2, type: cc, number: 50, action: recall 2, feedback: true}
        - {name: Slot 3, type: note, number: 10, action: recall 3, hold: 1000}
        - {name: Slot 4, type: cc, number: 70, action: recall 4, button: toggle}
        - {name: Slot 5, type: note, number: 12, action: recall 5, hold: 0}
        - {name: A/B, type: note, number: 19, action: ab, feedback: {message: "90 0B {v}", on: 1, off: 0}}
        - {name: Reference, type: note, number: 20, action: reference, feedback: {message: "90 0C {v}", on: 1, off: 0}}
        - {name: Knob, type: cc, number: 16, param: trim.gain, takeover: jump}
      """;

  /** An arbitrary start on the microsecond clock, away from any multiple of the blink period. */
  private static final long T0 = 7_123_456;

  private FakeConsole console;
  private MappingEngine engine;
  private final List<MidiMessage> feedback = new ArrayList<>();

  @BeforeEach
  void setUp() throws MapException {
    console = new FakeConsole();
    engine = new MappingEngine(MapLoader.load("slots.yaml", MAP), FakeConsole.PARAMS, console);
  }

  private List<Command> send(ShortMessage m, long micros) {
    List<Command> out = new ArrayList<>();
    engine.onMessage(m, micros, out::add, feedback::add);
    return out;
  }

  private List<Command> tick(long micros) {
    List<Command> out = new ArrayList<>();
    engine.tick(micros, out::add, feedback::add);
    return out;
  }

  private static String hex(MidiMessage m) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(m.getMessage());
  }

  private static List<String> hex(List<MidiMessage> ms) {
    return ms.stream().map(SlotButtonTest::hex).toList();
  }

  @Test
  void shortPressRecallsAtTheRelease() {
    assertEquals(List.of(), send(noteOn(1, 8, 127), T0));
    assertEquals(List.of(), tick(T0 + 20_000));
    assertEquals(List.of(new Command.RecallSlot(1)), send(noteOff(1, 8), T0 + 180_000));
    assertEquals(List.of(), tick(T0 + 2_000_000));
  }

  @Test
  void releaseAt599MillisRecallsAndAt601MillisSaves() {
    // no tick in between: the hold is measured from the two messages' timestamps alone
    send(noteOn(1, 8, 127), T0);
    assertEquals(List.of(new Command.RecallSlot(1)), send(noteOff(1, 8), T0 + 599_000));
    send(noteOn(1, 8, 127), T0 + 5_000_000);
    assertEquals(List.of(new Command.SaveSlot(1)), send(noteOff(1, 8), T0 + 5_601_000));
    // a CC button (127 press, 0 release) behaves the same
    send(cc(1, 50, 127), T0 + 9_000_000);
    assertEquals(List.of(new Command.RecallSlot(2)), send(cc(1, 50, 0), T0 + 9_599_000));
  }

  @Test
  void holdSavesOnceThroughTickWithoutWaitingForTheRelease() {
    send(noteOn(1, 8, 127), T0);
    List<Long> savedAt = new ArrayList<>();
    List<Command> all = new ArrayList<>();
    for (long t = T0; t <= T0 + 3_000_000; t += 20_000) {
      List<Command> out = tick(t);
      if (!out.isEmpty()) {
        savedAt.add(t - T0);
      }
      all.addAll(out);
    }
    assertEquals(List.of(new Command.SaveSlot(1)), all);
    // the first tick at or after 600 ms saves
    assertEquals(List.of(600_000L), savedAt);
    assertEquals(List.of(), send(noteOff(1, 8), T0 + 3_100_000));
  }

  @Test
  void tickAt599MillisWaitsAndAt601MillisSaves() {
    send(noteOn(1, 8, 127), T0);
    assertEquals(List.of(), tick(T0 + 599_000));
    assertEquals(List.of(new Command.SaveSlot(1)), tick(T0 + 601_000));
    assertEquals(List.of(), tick(T0 + 700_000));
    assertEquals(List.of(), send(noteOff(1, 8), T0 + 800_000));
  }

  @Test
  void anyLaterMessageAlsoEndsTheHold() {
    send(noteOn(1, 8, 127), T0);
    List<Command> out = send(cc(1, 16, 64), T0 + 650_000);
    assertEquals(new Command.SaveSlot(1), out.get(0));
    assertEquals(2, out.size(), out.toString());
    assertEquals(List.of(), send(noteOff(1, 8), T0 + 900_000));
  }

  @Test
  void aControlsOwnHoldTimeApplies() {
    send(noteOn(1, 10, 127), T0);
    assertEquals(List.of(), tick(T0 + 900_000));
    assertEquals(List.of(new Command.RecallSlot(3)), send(noteOff(1, 10), T0 + 950_000));
    send(noteOn(1, 10, 127), T0 + 2_000_000);
    assertEquals(List.of(new Command.SaveSlot(3)), tick(T0 + 3_000_000));
  }

  @Test
  void deviceHoldTimeIsTheDefault() throws MapException {
    String map =
        """
        device: {name: Slot box, ports: ["Slot*"], source: a test map, hold: 300}
        controls:
          - {name: Slot 1, type: note, number: 8, action: recall 1}
        """;
    engine = new MappingEngine(MapLoader.load("hold.yaml", map), FakeConsole.PARAMS, console);
    send(noteOn(1, 8, 127), T0);
    assertEquals(List.of(), tick(T0 + 299_000));
    assertEquals(List.of(new Command.SaveSlot(1)), tick(T0 + 300_000));
  }

  @Test
  void holdZeroRecallsOnPress() {
    assertEquals(List.of(new Command.RecallSlot(5)), send(noteOn(1, 12, 127), T0));
    assertEquals(List.of(), send(noteOff(1, 12), T0 + 2_000_000));
  }

  // Behringer BCR2000 and Korg nanoKONTROL2 buttons set to toggle in their editors latch on the
  // device and send 127 and 0 on alternate presses: each message is a press, so it recalls at once.
  @Test
  void toggleButtonsRecallAtOnce() {
    assertEquals(List.of(new Command.RecallSlot(4)), send(cc(1, 70, 127), T0));
    assertEquals(List.of(), tick(T0 + 2_000_000));
    assertEquals(List.of(new Command.RecallSlot(4)), send(cc(1, 70, 0), T0 + 3_000_000));
  }

  @Test
  void untimedPressAndReleaseStillRecall() {
    List<Command> out = new ArrayList<>(engine.onMessage(noteOn(1, 8, 127)));
    out.addAll(engine.onMessage(noteOff(1, 8)));
    assertEquals(List.of(new Command.RecallSlot(1)), out);
  }

  @Test
  void shiftLayerSaveStillWorks() {
    send(noteOn(1, 100, 127), T0);
    assertEquals(List.of(new Command.SaveSlot(1)), send(noteOn(1, 8, 127), T0 + 100_000));
    assertEquals(List.of(), send(noteOff(1, 8), T0 + 150_000));
    send(noteOff(1, 100), T0 + 200_000);
  }

  @Test
  void releaseBelongsToTheHeldButtonEvenAfterShiftIsPressed() {
    send(noteOn(1, 8, 127), T0);
    send(noteOn(1, 100, 127), T0 + 100_000);
    assertEquals(List.of(new Command.RecallSlot(1)), send(noteOff(1, 8), T0 + 200_000));
    assertEquals(List.of(), tick(T0 + 2_000_000));
  }

  @Test
  void lampValuesForEachSlotStateAsTheMapGivesThem() {
    console.slots[1] = SlotState.EMPTY;
    assertTrue(hex(engine.feedbackActions()).contains("90 00 00"));
    console.slots[1] = SlotState.FILLED;
    assertTrue(hex(engine.feedbackActions()).contains("90 00 01"));
    console.slots[1] = SlotState.ACTIVE;
    assertTrue(hex(engine.feedbackActions()).contains("90 00 02"));
    // the device blinks velocity 2 itself: the engine sends it once and never again
    feedback.clear();
    for (long t = T0; t <= T0 + 2_000_000; t += 20_000) {
      tick(t);
    }
    assertEquals(List.of(), hex(feedback).stream().filter(h -> h.startsWith("90 00")).toList());
  }

  @Test
  void onOffLampShowsEmptyOffFilledOnAndBlinksActiveAtTwoHertz() {
    console.slots[2] = SlotState.EMPTY;
    assertTrue(hex(engine.feedbackActions()).contains("B0 32 00"));
    console.slots[2] = SlotState.FILLED;
    assertTrue(hex(engine.feedbackActions()).contains("B0 32 7F"));
    console.slots[2] = SlotState.ACTIVE;
    feedback.clear();
    List<Long> times = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (long t = T0; t <= T0 + 3_000_000; t += 20_000) {
      int before = feedback.size();
      tick(t);
      for (MidiMessage m : feedback.subList(before, feedback.size())) {
        if (hex(m).startsWith("B0 32")) {
          times.add(t);
          sent.add(hex(m));
        }
      }
    }
    // only changes are sent: the lamp alternates on and off
    assertTrue(sent.size() >= 11, sent.toString());
    for (int i = 1; i < sent.size(); i++) {
      assertTrue(!sent.get(i).equals(sent.get(i - 1)), sent.toString());
      assertTrue(sent.get(i).equals("B0 32 7F") || sent.get(i).equals("B0 32 00"), sent.get(i));
    }
    // 2 Hz: each half lasts 250 ms, within one 20 ms tick
    for (int i = 2; i < times.size(); i++) {
      long half = times.get(i) - times.get(i - 1);
      assertTrue(half >= 230_000 && half <= 270_000, "half period " + half);
    }
    long periods = times.get(times.size() - 1) - times.get(1);
    assertEquals(500_000.0, periods / ((times.size() - 2) / 2.0), 20_000.0);
  }

  @Test
  void abAndReferenceLampsFollowTheConsole() {
    assertEquals(
        List.of("B0 32 00", "90 00 00", "90 0B 00", "90 0C 00"), hex(engine.feedbackActions()));
    console.abIsB = true;
    console.referenceOn = true;
    console.slots[1] = SlotState.FILLED;
    console.slots[2] = SlotState.FILLED;
    assertEquals(
        List.of("B0 32 7F", "90 00 01", "90 0B 01", "90 0C 01"), hex(engine.feedbackActions()));
    // already shown: the next tick sends nothing
    feedback.clear();
    tick(T0);
    assertEquals(List.of(), hex(feedback));
    console.abIsB = false;
    tick(T0 + 20_000);
    assertEquals(List.of("90 0B 00"), hex(feedback));
  }

  @Test
  void feedbackAllIncludesTheActionLamps() {
    console.slots[1] = SlotState.ACTIVE;
    console.referenceOn = true;
    List<String> all = hex(engine.feedbackAll());
    assertTrue(
        all.containsAll(List.of("90 00 02", "90 0B 00", "90 0C 01", "B0 32 00")), all.toString());
  }
}
