package lathe.controller.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hold time and slot-lamp keys: accepted where they mean something, refused by line elsewhere.
 */
class SlotKeysValidatorTest {
  private static final String HEAD =
      """
      device:
        name: Test box
        ports: ["Test*"]
        source: a test
        hold: 800
      controls:
      """;

  private static List<String> problems(String controls) {
    return MapValidator.validate("t.yaml", HEAD + controls).stream()
        .map(MapProblem::toString)
        .toList();
  }

  private static Action slot(Action.Kind kind, int n) {
    return new Action(kind, "", n, null, 0);
  }

  @Test
  void holdAndSlotLampsAreValidOnSlotButtons() throws MapException {
    String controls =
        """
          - {name: S1, type: note, number: 8, action: recall 1, hold: 1500, feedback: {message: "90 00 {v}", empty: 0, filled: 1, active: 2}}
          - {name: S2, type: note, number: 9, action: recall 2, feedback: {message: "90 01 {v}", on: 1, off: 0}}
          - {name: S3, type: note, number: 10, action: save 3, feedback: {message: "90 02 {v}", filled: 5}}
          - {name: S4, type: note, number: 11, action: recall 4, hold: 0}
          - {name: S5, type: cc, number: 12, action: recall 5, button: toggle}
        """;
    assertEquals(List.of(), problems(controls));
    List<Control> cs = MapLoader.load("t.yaml", HEAD + controls).pages().get(0).controls();
    // sorted: the cc first, then notes 8..11
    Binding.Act toggle = (Binding.Act) cs.get(0).binding();
    assertEquals(new Binding.Act(slot(Action.Kind.RECALL, 5), ButtonMode.TOGGLE, 0), toggle);
    assertEquals(false, toggle.longPress());
    assertEquals(
        new Binding.Act(slot(Action.Kind.RECALL, 1), ButtonMode.MOMENTARY, 1500),
        cs.get(1).binding());
    // the device's hold is the default
    assertEquals(
        new Binding.Act(slot(Action.Kind.RECALL, 2), ButtonMode.MOMENTARY, 800),
        cs.get(2).binding());
    assertEquals(
        new Binding.Act(slot(Action.Kind.SAVE, 3), ButtonMode.MOMENTARY, 0), cs.get(3).binding());
    assertEquals(false, ((Binding.Act) cs.get(4).binding()).longPress());
    Feedback f = cs.get(1).feedback();
    assertEquals(
        List.of(0, 1, 2, false),
        List.of(f.emptyValue(), f.filledValue(), f.active(), f.blinksActive()));
    Feedback g = cs.get(2).feedback();
    assertEquals(List.of(0, 1, true), List.of(g.emptyValue(), g.filledValue(), g.blinksActive()));
    Feedback h = cs.get(3).feedback();
    assertEquals(List.of(0, 5, true), List.of(h.emptyValue(), h.filledValue(), h.blinksActive()));
  }

  @Test
  void withoutHoldTheDefaultIs600Millis() throws MapException {
    String map =
        """
        device: {name: Test box, ports: ["Test*"], source: a test}
        controls:
          - {name: S1, type: note, number: 8, action: recall 1}
        """;
    Binding.Act a =
        (Binding.Act) MapLoader.load("t.yaml", map).pages().get(0).controls().get(0).binding();
    assertEquals(600, a.holdMillis());
    assertEquals(true, a.longPress());
  }

  @Test
  void badHoldTimesNameTheirLine() {
    assertEquals(
        List.of("t.yaml:7: hold must be 0 (no long press) or 100..10000 ms, not 50"),
        problems("  - {name: S, type: note, number: 8, action: recall 1, hold: 50}\n"));
    assertEquals(
        List.of("t.yaml:7: hold must be a whole number, not 'long'"),
        problems("  - {name: S, type: note, number: 8, action: recall 1, hold: long}\n"));
    assertEquals(
        List.of("t.yaml:5: hold must be 0 (no long press) or 100..10000 ms, not 20000"),
        MapValidator.validate(
                "t.yaml",
                HEAD.replace("hold: 800", "hold: 20000")
                    + "  - {name: S, type: note, number: 8, action: recall 1}\n")
            .stream()
            .map(MapProblem::toString)
            .toList());
  }

  @Test
  void holdOnlyBelongsOnMomentaryRecallButtons() {
    assertEquals(
        List.of(
            "t.yaml:7: 'hold' is for recall buttons (a long press saves the slot), not 'save 1'"),
        problems("  - {name: S, type: note, number: 8, action: save 1, hold: 700}\n"));
    assertEquals(
        List.of("t.yaml:7: 'hold' is for momentary buttons: a toggle button recalls at once"),
        problems(
            "  - {name: S, type: cc, number: 8, action: recall 1, button: toggle, hold: 700}\n"));
    assertEquals(
        List.of("t.yaml:7: 'hold' is for momentary recall buttons"),
        problems("  - {name: K, type: cc, number: 16, param: trim.gain, hold: 700}\n"));
  }

  @Test
  void slotStateValuesOnlyBelongOnSlotLamps() {
    assertEquals(
        List.of("t.yaml:8: 'empty' is for slot lamps (recall and save controls); use off/on"),
        problems(
            """
              - {name: AB, type: note, number: 19, action: ab,
                 feedback: {message: "90 0B {v}", empty: 0, on: 1}}
            """));
    assertEquals(
        List.of("t.yaml:8: 'active' is for slot lamps (recall and save controls); use min/max"),
        problems(
            """
              - {name: K, type: cc, number: 16, param: trim.gain,
                 feedback: {message: "B0 10 {v}", active: 2}}
            """));
    assertEquals(
        List.of("t.yaml:8: bad MIDI number: filled 200 is outside 0..127"),
        problems(
            """
              - {name: S, type: note, number: 8, action: recall 1,
                 feedback: {message: "90 00 {v}", filled: 200}}
            """));
  }
}
