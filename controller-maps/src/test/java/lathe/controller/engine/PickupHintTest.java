package lathe.controller.engine;

import static lathe.controller.engine.FakeConsole.cc;
import static lathe.controller.engine.FakeConsole.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.ShortMessage;
import lathe.controller.map.MapException;
import lathe.controller.map.MapLoader;
import lathe.dsp.command.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a recall the parameters move while knobs without motors stay put: the engine tells which
 * way to turn each knob, and no knob changes the sound until it reaches its parameter.
 */
class PickupHintTest {
  private static final double EPS = 1e-12;
  static final String MAP =
      """
      device: {name: Pickup box, ports: ["Pickup*"], source: a test map}
      controls:
        - {name: Next, type: cc, number: 104, action: page next}
        - {name: Encoder, type: cc, number: 20, param: eq.band1.gain, mode: relative-twos}
      pages:
        - name: One
          controls:
            - {name: Knob 1, type: cc, number: 16, param: trim.gain, range: {min: -12, max: 12}}
            - {name: Knob 2, type: cc, number: 17, param: comp.threshold, takeover: jump}
            - {name: Knob 3, type: cc, number: 18, param: stereo.width, takeover: scale}
            - {name: Fader, type: cc, number: 19, param: sat.mix, invert: true}
        - name: Two
          controls:
            - {name: Knob 1, type: cc, number: 16, param: stereo.width}
      """;

  private FakeConsole console;
  private MappingEngine engine;
  private long micros = 1_000_000;

  @BeforeEach
  void setUp() throws MapException {
    console = new FakeConsole();
    engine = new MappingEngine(MapLoader.load("pickup.yaml", MAP), FakeConsole.PARAMS, console);
  }

  private List<Command> send(ShortMessage m) {
    List<Command> out = new ArrayList<>();
    micros += 10_000;
    engine.onMessage(m, micros, out::add, f -> {});
    console.apply(out);
    return out;
  }

  /** Sets a parameter as a recall would, and tells the engine as the console does. */
  private void recall(String id, double plain) {
    console.set(id, spec(id).toNormalized(plain));
    engine.feedbackFor(id);
  }

  private PickupHint hint(String control) {
    List<PickupHint> found =
        engine.pickupHints().stream().filter(h -> h.control().equals(control)).toList();
    assertEquals(1, found.size(), engine.pickupHints().toString());
    return found.get(0);
  }

  private List<String> hinted() {
    return engine.pickupHints().stream().map(PickupHint::control).toList();
  }

  @Test
  void recallingAValueTheKnobHeldEarlierStillMakesItPickUp() {
    // Knob 1 (trim.gain, -12..12 dB) is taken over and turned to the top, a slot is saved
    // there (+12 dB), the knob goes back to the middle, and the slot is recalled.
    send(cc(1, 16, 64));
    send(cc(1, 16, 127));
    assertEquals(12.0, spec("trim.gain").toPlain(console.normalized("trim.gain")), EPS);
    send(cc(1, 16, 96));
    send(cc(1, 16, 64));
    recall("trim.gain", 12.0);
    // +12 dB is a value this knob sent before, but not where it is now: it must pick up again.
    assertEquals(List.of(), send(cc(1, 16, 65)));
    assertEquals(12.0, spec("trim.gain").toPlain(console.normalized("trim.gain")), EPS);
    assertEquals(1, hint("Knob 1").direction());
  }

  @Test
  void knobNeverMovedHasAnUnknownDirection() {
    // trim.gain is 0 dB: the middle of a -12..12 dB knob
    PickupHint h = hint("Knob 1");
    assertEquals("trim.gain", h.paramId());
    assertTrue(Double.isNaN(h.knob()));
    assertEquals(0.5, h.target(), EPS);
    assertEquals(0, h.direction());
    // sat.mix on an inverted fader: 100 % sits at the bottom of the travel
    console.set("sat.mix", 1.0);
    assertEquals(0.0, hint("Fader").target(), EPS);
  }

  @Test
  void jumpingControlsAndEncodersNeverNeedAHint() {
    recall("comp.threshold", -30);
    recall("eq.band1.gain", 6);
    assertEquals(List.of("Knob 1", "Knob 3", "Fader"), hinted());
    send(cc(1, 17, 0));
    send(cc(1, 20, 1));
    assertEquals(List.of("Knob 1", "Knob 3", "Fader"), hinted());
  }

  @Test
  void directionPointsUpForAKnobBelowItsTargetAndDownForOneAbove() {
    // the knob picks trim.gain up at its middle (0 dB)
    assertEquals(1, send(cc(1, 16, 64)).size());
    assertTrue(!hinted().contains("Knob 1"));
    // a recall sets +6 dB: three quarters of the knob's travel, above where the knob is
    recall("trim.gain", 6);
    PickupHint up = hint("Knob 1");
    assertEquals(64 / 127.0, up.knob(), EPS);
    assertEquals(0.75, up.target(), EPS);
    assertEquals(1, up.direction());
    // a recall of -6 dB: a quarter of the travel, below the knob
    recall("trim.gain", -6);
    PickupHint down = hint("Knob 1");
    assertEquals(0.25, down.target(), EPS);
    assertEquals(-1, down.direction());
  }

  @Test
  void noKnobJumpsTheSoundAndTheHintGoesOnceItIsPickedUp() {
    send(cc(1, 16, 64));
    recall("trim.gain", 6);
    double recalled = console.normalized("trim.gain");
    // the knob creeps up towards +6 dB (value 95.25); it picks the parameter up within 3/128 of
    // trim.gain's -24..24 dB (1.125 dB, above value 89.3): until then nothing is sent
    for (int v : new int[] {65, 66, 70, 80, 89}) {
      assertEquals(List.of(), send(cc(1, 16, v)), "value " + v);
      assertEquals(recalled, console.normalized("trim.gain"), EPS);
      assertEquals(1, hint("Knob 1").direction());
      assertEquals(v / 127.0, hint("Knob 1").knob(), EPS);
    }
    // value 91 (+5.2 dB) is close enough: the knob picks the parameter up where it is
    List<Command> out = send(cc(1, 16, 91));
    assertEquals(1, out.size(), out.toString());
    double picked = assertInstanceOf(Command.SetNormalized.class, out.get(0)).normalized();
    assertEquals(spec("trim.gain").toNormalized(-12 + 24 * 91 / 127.0), picked, EPS);
    assertTrue(!hinted().contains("Knob 1"), hinted().toString());
    // from then on it follows
    assertEquals(1, send(cc(1, 16, 90)).size());
  }

  @Test
  void pageChangesKeepWhereTheKnobPhysicallyIs() {
    send(cc(1, 16, 100));
    console.set("stereo.width", 0.25);
    send(cc(1, 104, 127));
    send(cc(1, 104, 0));
    assertEquals(2, engine.page());
    PickupHint two = hint("Knob 1");
    assertEquals("stereo.width", two.paramId());
    assertEquals(100 / 127.0, two.knob(), EPS);
    assertEquals(0.25, two.target(), EPS);
    assertEquals(-1, two.direction());
    // back on page one the knob is still at 100, above 0 dB
    send(cc(1, 104, 127));
    send(cc(1, 104, 0));
    PickupHint one = hint("Knob 1");
    assertEquals("trim.gain", one.paramId());
    assertEquals(100 / 127.0, one.knob(), EPS);
    assertEquals(0.5, one.target(), EPS);
    assertEquals(-1, one.direction());
  }

  @Test
  void knobWithinTheToleranceNeedsNoHint() {
    // 0 dB is value 63.5: 63 is within 3/128 of the middle though not yet engaged after a page
    send(cc(1, 16, 63));
    send(cc(1, 104, 127));
    send(cc(1, 104, 127));
    assertEquals(1, engine.page());
    assertTrue(!hinted().contains("Knob 1"), hinted().toString());
  }
}
