package lathe.controller.engine;

import static lathe.controller.engine.FakeConsole.cc;
import static lathe.controller.engine.FakeConsole.noteOff;
import static lathe.controller.engine.FakeConsole.noteOn;
import static lathe.controller.engine.FakeConsole.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

/** One test per controller quirk, named after the behaviour and the device family that has it. */
class MappingEngineQuirkTest {
  private static final double EPS = 1e-12;
  static final String MAP =
      """
      device: {name: Quirk box, ports: ["Quirk*"], source: a test map}
      controls:
        - {name: Shift, type: note, number: 100, action: shift, feedback: true}
        - {name: Next, type: cc, number: 104, action: page next}
        - {name: Page 2, type: note, number: 102, action: page 2, feedback: {message: "90 66 {v}", on: 1, off: 0}}
        - {name: EQ in/out, type: note, number: 1, action: toggle-bypass eq, feedback: true}
        - {name: Hold sat, type: note, number: 2, action: bypass sat}
        - {name: Hold comp, type: cc, number: 64, action: bypass comp}
        - {name: Twos, type: cc, number: 20, param: eq.band1.gain, mode: relative-twos}
        - {name: Offset, type: cc, number: 21, param: eq.band2.gain, mode: relative-offset64}
        - {name: Signmag, type: cc, number: 22, param: eq.band3.gain, mode: relative-signmag}
        - {name: Fast, type: cc, number: 23, param: eq.band4.gain, mode: relative-twos, acceleration: {factor: 4, below-ms: 40}}
        - {name: Fine, type: cc14, msb: 7, lsb: 39, param: limiter.gain, takeover: jump}
        - {name: Fine back, type: cc14, msb: 8, lsb: 40, order: lsb-first, param: limiter.ceiling, takeover: jump}
        - {name: Bend, type: pitchbend, channel: 2, param: comp.makeup, takeover: jump}
        - {name: Nrpn, type: nrpn, channel: 3, number: 300, param: sat.drive, takeover: jump}
      pages:
        - name: One
          controls:
            - {name: Knob, type: cc, number: 16, param: trim.gain, range: {min: -12, max: 12}, feedback: true}
            - {name: Jump, type: cc, number: 17, param: comp.threshold, takeover: jump}
            - {name: Scale, type: cc, number: 18, param: comp.ratio, takeover: scale}
            - {name: Knob, type: cc, number: 16, param: eq.band5.gain, layer: shift, takeover: jump}
        - name: Two
          controls:
            - {name: Knob, type: cc, number: 16, param: stereo.width, feedback: true}
      meters:
        - {meter: gain-reduction, message: "B0 30 {v}", from: -20, to: 0}
      """;

  private FakeConsole console;
  private MappingEngine engine;
  private final List<MidiMessage> feedback = new ArrayList<>();

  @BeforeEach
  void setUp() throws MapException {
    console = new FakeConsole();
    engine = new MappingEngine(MapLoader.load("quirks.yaml", MAP), FakeConsole.PARAMS, console);
  }

  private List<Command> send(ShortMessage m) {
    return send(m, -1);
  }

  private List<Command> send(ShortMessage m, long micros) {
    List<Command> out = new ArrayList<>();
    engine.onMessage(m, micros, out::add, feedback::add);
    console.apply(out);
    return out;
  }

  /** The normalized position of trim.gain for a knob value mapped onto -12..12 dB. */
  private static double trimAt(int value) {
    return spec("trim.gain").toNormalized(-12 + 24 * value / 127.0);
  }

  private static double nudge(List<Command> cs) {
    assertEquals(1, cs.size(), cs.toString());
    return assertInstanceOf(Command.Nudge.class, cs.get(0)).delta();
  }

  private static double set(List<Command> cs) {
    assertEquals(1, cs.size(), cs.toString());
    return assertInstanceOf(Command.SetNormalized.class, cs.get(0)).normalized();
  }

  // Akai (MIDImix, APC) and Novation (Launchpad) send note-on with velocity 0 for a release,
  // which lets running status carry a whole press-release pair.
  @Test
  void noteOnWithVelocityZeroIsARelease() {
    assertEquals(List.of(new Command.SetBypass("sat", true)), send(noteOn(1, 2, 127)));
    assertEquals(List.of(new Command.SetBypass("sat", false)), send(noteOn(1, 2, 0)));
    send(noteOn(1, 100, 127));
    assertTrue(engine.shifted());
    send(noteOn(1, 100, 0));
    assertFalse(engine.shifted());
  }

  @Test
  void noteOffIsAReleaseToo() {
    send(noteOn(1, 2, 90));
    assertEquals(List.of(new Command.SetBypass("sat", false)), send(noteOff(1, 2)));
  }

  // Korg nanoKONTROL2, Behringer BCR2000, Novation Launch Control XL arrows: CC 127 on press,
  // CC 0 on release.
  @Test
  void ccButtonPressesAt127AndReleasesAt0() {
    assertEquals(List.of(new Command.SetBypass("comp", true)), send(cc(1, 64, 127)));
    assertEquals(List.of(new Command.SetBypass("comp", false)), send(cc(1, 64, 0)));
    assertEquals(List.of(), send(cc(1, 104, 127)));
    assertEquals(2, engine.page());
    send(cc(1, 104, 0));
    assertEquals(2, engine.page(), "a release does not turn the page again");
  }

  // Behringer BCR2000 "Relative 1", Arturia "Relative 2" (two's complement): 1..63 up, 127.. down.
  @Test
  void relativeTwosComplementEncoder() {
    assertEquals(0.01, nudge(send(cc(1, 20, 1))), EPS);
    assertEquals(-0.01, nudge(send(cc(1, 20, 127))), EPS);
    assertEquals(0.03, nudge(send(cc(1, 20, 3))), EPS);
    assertEquals(-0.03, nudge(send(cc(1, 20, 125))), EPS);
  }

  // Behringer "Relative 2" (binary offset), Arturia "Relative 1": 64 is rest, 65 up, 63 down.
  @Test
  void relativeOffset64Encoder() {
    assertEquals(0.01, nudge(send(cc(1, 21, 65))), EPS);
    assertEquals(-0.01, nudge(send(cc(1, 21, 63))), EPS);
    assertEquals(-0.05, nudge(send(cc(1, 21, 59))), EPS);
    assertEquals(List.of(), send(cc(1, 21, 64)));
  }

  // Behringer "Relative 3" (MSB as sign), Arturia "Relative 3": bit 6 set means down.
  @Test
  void relativeSignMagnitudeEncoder() {
    assertEquals(0.01, nudge(send(cc(1, 22, 1))), EPS);
    assertEquals(-0.01, nudge(send(cc(1, 22, 65))), EPS);
    assertEquals(-0.03, nudge(send(cc(1, 22, 67))), EPS);
  }

  // 14-bit CC pairs (BCR2000 in 14-bit modes, faders of many DJ mixers): coarse on CC n, fine on
  // CC n+32; the value goes out when the pair is complete.
  @Test
  void fourteenBitPairArrivingMsbFirst() {
    assertEquals(List.of(), send(cc(1, 7, 0x40)), "the coarse half waits for the fine half");
    assertEquals(8192 / 16383.0, set(send(cc(1, 39, 0x00))), EPS);
    send(cc(1, 7, 0x7F));
    assertEquals(1.0, set(send(cc(1, 39, 0x7F))), EPS);
  }

  @Test
  void fourteenBitPairArrivingLsbFirst() {
    assertEquals(List.of(), send(cc(1, 40, 0x01)), "the fine half waits for the coarse half");
    assertEquals((0x20 << 7 | 0x01) / 16383.0, set(send(cc(1, 8, 0x20))), EPS);
  }

  @Test
  void nrpnAssemblesParameterNumberAndData() {
    assertEquals(List.of(), send(cc(3, 99, 300 >> 7)));
    assertEquals(List.of(), send(cc(3, 98, 300 & 0x7F)));
    assertEquals(List.of(), send(cc(3, 6, 0x10)));
    assertEquals((0x10 << 7 | 0x05) / 16383.0, set(send(cc(3, 38, 0x05))), EPS);
  }

  // Mackie-style faders send pitch bend: 14 bits, LSB first in the message.
  @Test
  void pitchBendCarriesFourteenBits() {
    assertEquals(0x2000 / 16383.0, set(send(FakeConsole.msg(0xE0, 2, 0x00, 0x40))), EPS);
  }

  // Devices that optimise their output leave out repeated status bytes (running status); a
  // clock byte in the middle must not break it.
  @Test
  void runningStatusStreamBecomesSeparateMessages() {
    byte[] stream = HexFormat.of().parseHex("9002" + "7f" + "f8" + "0200" + "b040" + "7f" + "00");
    List<ShortMessage> parsed = new MidiStreamParser().parse(stream);
    assertEquals(4, parsed.size());
    assertArrayEquals(noteOn(1, 2, 127).getMessage(), parsed.get(0).getMessage());
    assertEquals(ShortMessage.TIMING_CLOCK, parsed.get(1).getStatus());
    assertArrayEquals(noteOn(1, 2, 0).getMessage(), parsed.get(2).getMessage());
    assertArrayEquals(cc(1, 64, 127).getMessage(), parsed.get(3).getMessage());
    List<Command> out = new ArrayList<>();
    for (ShortMessage m : parsed) {
      out.addAll(send(m));
    }
    assertEquals(
        List.of(
            new Command.SetBypass("sat", true),
            new Command.SetBypass("sat", false),
            new Command.SetBypass("comp", true)),
        out);
  }

  // A knob turned faster than the message rate: the encoder folds several detents into one
  // message (value 5), and messages closer than the window are accelerated by the closed form
  // 1 + (factor - 1) * (window - dt) / window.
  @Test
  void encoderTurnedFasterThanTheMessageRateKeepsEveryStep() {
    assertEquals(0.05, nudge(send(cc(1, 20, 5))), EPS);
    assertEquals(0.01, nudge(send(cc(1, 23, 1), 1_000_000)), EPS);
    assertEquals(0.01 * (1 + 3 * (40 - 10) / 40.0), nudge(send(cc(1, 23, 1), 1_010_000)), EPS);
    assertEquals(0.01, nudge(send(cc(1, 23, 1), 1_110_000)), EPS);
  }

  // An absolute knob turned so fast that its messages skip over the parameter's value still
  // picks the parameter up.
  @Test
  void absoluteKnobSkippingOverTheValueStillPicksItUp() {
    assertEquals(0.5, console.normalized("trim.gain"), EPS);
    assertEquals(List.of(), send(cc(1, 16, 20)));
    assertEquals(trimAt(100), set(send(cc(1, 16, 100))), EPS);
  }

  @Test
  void softTakeoverPickupWaitsUntilTheKnobReachesTheValue() {
    assertEquals(List.of(), send(cc(1, 16, 0)));
    assertEquals(List.of(), send(cc(1, 16, 10)));
    assertEquals(0.5, console.normalized("trim.gain"), EPS);
    assertEquals(trimAt(63), set(send(cc(1, 16, 63))), EPS);
    assertEquals(trimAt(70), set(send(cc(1, 16, 70))), EPS);
  }

  @Test
  void softTakeoverJumpMovesAtOnce() {
    assertEquals(1.0, console.normalized("comp.threshold"), EPS);
    assertEquals(0.0, set(send(cc(1, 17, 0))), EPS);
  }

  @Test
  void softTakeoverScaleClosesTheGapInProportion() {
    console.set("comp.ratio", 0.5);
    assertEquals(List.of(), send(cc(1, 18, 0)), "the first message only tells where the knob is");
    double t = 32 / 127.0;
    assertEquals(0.5 + t * (1 - 0.5) / (1 - 0), set(send(cc(1, 18, 32))), EPS);
  }

  @Test
  void softTakeoverLetsGoWhenAnotherSurfaceMovesTheParameter() {
    send(cc(1, 16, 63));
    send(cc(1, 16, 64));
    assertEquals(trimAt(64), console.normalized("trim.gain"), EPS);
    console.set("trim.gain", 0.9);
    engine.feedbackFor("trim.gain");
    assertEquals(List.of(), send(cc(1, 16, 65)), "the knob must pick the new value up again");
  }

  @Test
  void pagesChangeWhatAKnobDrivesAndWrapAround() {
    console.set("stereo.width", 0.0);
    send(cc(1, 104, 127));
    assertEquals("Two", engine.pageName());
    assertEquals(List.of(new Command.SetNormalized("stereo.width", 1 / 127.0)), send(cc(1, 16, 1)));
    send(cc(1, 104, 127));
    assertEquals(1, engine.page());
  }

  @Test
  void shiftLayerOverridesOnlyTheControlsItBinds() {
    send(noteOn(1, 100, 127));
    assertEquals(List.of(new Command.SetNormalized("eq.band5.gain", 1.0)), send(cc(1, 16, 127)));
    assertEquals(List.of(new Command.SetNormalized("comp.threshold", 0.0)), send(cc(1, 17, 0)));
  }

  @Test
  void pageChangeSendsTheNewPagesFeedback() {
    send(cc(1, 104, 127));
    // stereo.width defaults to 100 % of 0..200 %: position 0.5, value round(63.5) = 64
    assertTrue(contains(feedback, "B0 10 40"), hex(feedback));
    assertTrue(contains(feedback, "90 66 01"), "the page 2 lamp is lit: " + hex(feedback));
  }

  @Test
  void feedbackShowsARangedKnobAtItsPosition() {
    console.set("trim.gain", spec("trim.gain").toNormalized(-6));
    // -6 dB on a -12..12 dB knob is a quarter of the travel: round(127 / 4) = 32
    assertTrue(contains(engine.feedbackAll(), "B0 10 20"), hex(engine.feedbackAll()));
  }

  @Test
  void lampShowsAModulesBypass() {
    console.set("eq.bypass", 1.0);
    assertEquals("90 01 7F", hex(engine.feedbackFor("eq.bypass")));
    console.set("eq.bypass", 0.0);
    assertEquals("90 01 00", hex(engine.feedbackFor("eq.bypass")));
  }

  // Motorised faders and some encoders echo what they are sent; the echo must not come back as a
  // move (no drift, no loop).
  @Test
  void feedbackNeverComesBackAsInput() {
    console.set("trim.gain", trimAt(40));
    List<MidiMessage> shown = engine.feedbackAll();
    for (MidiMessage m : shown) {
      assertEquals(List.of(), send((ShortMessage) m), "echo of " + hex(List.of(m)));
    }
    assertEquals(trimAt(40), console.normalized("trim.gain"), EPS);
    assertEquals(trimAt(41), set(send(cc(1, 16, 41))), EPS, "a real move still works");
  }

  @Test
  void meterFeedbackScalesTheReading() {
    // -10 dB of gain reduction on a -20..0 dB scale is half way: round(63.5) = 64
    assertEquals("B0 30 40", hex(engine.meterFeedback("gain-reduction", -10)));
    assertEquals("B0 30 00", hex(engine.meterFeedback("gain-reduction", -40)));
  }

  private static boolean contains(List<MidiMessage> ms, String hex) {
    return ms.stream().anyMatch(m -> hex(List.of(m)).equals(hex));
  }

  static String hex(List<MidiMessage> ms) {
    StringBuilder s = new StringBuilder();
    for (MidiMessage m : ms) {
      if (!s.isEmpty()) {
        s.append(" | ");
      }
      byte[] b = m.getMessage();
      for (int i = 0; i < m.getLength(); i++) {
        s.append(i > 0 ? " " : "").append(String.format("%02X", b[i] & 0xFF));
      }
    }
    return s.toString();
  }
}
