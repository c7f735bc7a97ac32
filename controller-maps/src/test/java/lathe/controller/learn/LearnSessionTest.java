package lathe.controller.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;
import lathe.controller.engine.MappingEngine;
import lathe.controller.map.ControllerMap;
import lathe.controller.map.MapLoader;
import lathe.controller.map.MapValidator;
import lathe.controller.map.MidiType;
import lathe.controller.map.ValueMode;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.Test;

/** Learns controls from the messages real controllers send, one test per kind of control. */
class LearnSessionTest {
  private static final long MS = 1000;

  private long now;

  private static List<LearnTarget> targets(String... texts) {
    return java.util.Arrays.stream(texts).map(LearnTarget::parse).toList();
  }

  /** Feeds messages 20 ms apart and returns what the last one decided. */
  private Optional<LearnedControl> feed(LearnSession s, ShortMessage... messages) {
    Optional<LearnedControl> last = Optional.empty();
    for (ShortMessage m : messages) {
      now += 20 * MS;
      last = s.offer(m, now);
    }
    return last;
  }

  private Optional<LearnedControl> ccs(LearnSession s, int channel, int cc, int... values) {
    Optional<LearnedControl> last = Optional.empty();
    for (int v : values) {
      last = feed(s, cc(channel, cc, v));
    }
    return last;
  }

  static ShortMessage cc(int channel, int number, int value) {
    return msg(ShortMessage.CONTROL_CHANGE, channel, number, value);
  }

  static ShortMessage noteOn(int channel, int note, int velocity) {
    return msg(ShortMessage.NOTE_ON, channel, note, velocity);
  }

  static ShortMessage noteOff(int channel, int note) {
    return msg(ShortMessage.NOTE_OFF, channel, note, 0);
  }

  static ShortMessage bend(int channel, int value) {
    return msg(ShortMessage.PITCH_BEND, channel, value & 0x7F, value >> 7);
  }

  static ShortMessage msg(int command, int channel, int d1, int d2) {
    try {
      return new ShortMessage(command, channel - 1, d1, d2);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void absoluteKnobSweepIsLearnedAsAbsoluteCc() {
    LearnSession s = new LearnSession(targets("trim.gain", "eq.band2.gain"));
    assertTrue(ccs(s, 1, 16, 40, 41).isEmpty(), "two messages decide nothing");
    LearnedControl c = ccs(s, 1, 16, 43).orElseThrow();
    assertEquals(
        new LearnedControl(
            LearnTarget.parse("trim.gain"), MidiType.CC, 1, 16, -1, false, ValueMode.ABSOLUTE),
        c);
    assertEquals("eq.band2.gain", s.current().orElseThrow().text());
  }

  @Test
  void absoluteKnobTurnedDownOnAnotherChannelIsAbsolute() {
    LearnSession s = new LearnSession(targets("comp.threshold"));
    LearnedControl c = ccs(s, 11, 1, 90, 87, 85).orElseThrow();
    assertEquals(11, c.channel());
    assertEquals(ValueMode.ABSOLUTE, c.mode());
    assertTrue(s.done());
  }

  /** Behringer X-Touch Mini (MC mode) and Arturia BeatStep "relative 3": 1 up, 127 down. */
  @Test
  void twosComplementEncoderIsToldFromItsData() {
    LearnSession s = new LearnSession(targets("eq.band1.gain"));
    assertEquals(ValueMode.RELATIVE_TWOS, ccs(s, 1, 20, 1, 1, 127).orElseThrow().mode());
  }

  /** Arturia BeatStep "relative 1" and many Akai encoders: 65 up, 63 down around 64. */
  @Test
  void offset64EncoderIsToldFromItsData() {
    LearnSession s = new LearnSession(targets("eq.band1.gain"));
    assertEquals(ValueMode.RELATIVE_OFFSET64, ccs(s, 1, 20, 65, 65, 63).orElseThrow().mode());
  }

  /** Behringer BCR2000 "relative 2" and Mackie V-Pots: bit 6 is the sign, 1 up, 65 down. */
  @Test
  void signMagnitudeEncoderIsToldFromItsData() {
    LearnSession s = new LearnSession(targets("eq.band1.gain"));
    assertEquals(ValueMode.RELATIVE_SIGNMAG, ccs(s, 1, 20, 1, 1, 65).orElseThrow().mode());
  }

  @Test
  void encoderTurnedOneWayWaitsThenTakesTheCommonEncoding() {
    LearnSession s = new LearnSession(targets("eq.band1.gain", "eq.band2.gain"));
    assertTrue(
        ccs(s, 1, 20, 1, 1, 1, 1, 1).isEmpty(), "1s fit two's complement and sign-magnitude");
    assertEquals(ValueMode.RELATIVE_TWOS, ccs(s, 1, 20, 1).orElseThrow().mode());
    assertTrue(ccs(s, 1, 21, 65, 65, 65, 65, 65).isEmpty());
    assertEquals(ValueMode.RELATIVE_OFFSET64, ccs(s, 1, 21, 65).orElseThrow().mode());
  }

  @Test
  void accelerationBiggerStepsStayRelative() {
    LearnSession s = new LearnSession(targets("eq.band1.gain"));
    assertEquals(ValueMode.RELATIVE_TWOS, ccs(s, 1, 20, 3, 3, 125).orElseThrow().mode());
  }

  @Test
  void absoluteKnobWiggledBackAndForthIsAbsolute() {
    assertEquals(ValueMode.ABSOLUTE, MotionClassifier.classify(List.of(40, 41, 40, 41)));
    assertEquals(ValueMode.ABSOLUTE, MotionClassifier.classify(List.of(3, 2, 1, 2, 3)));
    assertEquals(ValueMode.ABSOLUTE, MotionClassifier.classify(List.of(62, 63, 64, 63)));
    assertEquals(null, MotionClassifier.classify(List.of(1, 1)));
  }

  @Test
  void fourteenBitPairArrivingMsbFirstIsOneControl() {
    LearnSession s = new LearnSession(targets("limiter.gain", "trim.gain"));
    LearnedControl c =
        feed(s, cc(1, 7, 64), cc(1, 39, 0), cc(1, 7, 64), cc(1, 39, 40), cc(1, 7, 64))
            .orElseThrow();
    assertEquals(MidiType.CC14, c.type());
    assertEquals(7, c.number());
    assertEquals(39, c.lsb());
    assertFalse(c.lsbFirst());
    // the pair's halves are both taken: moving it again learns nothing
    assertTrue(
        feed(s, cc(1, 7, 65), cc(1, 39, 0), cc(1, 7, 65), cc(1, 39, 9), cc(1, 7, 65)).isEmpty());
  }

  @Test
  void fourteenBitPairArrivingLsbFirstKeepsItsOrder() {
    LearnSession s = new LearnSession(targets("limiter.gain"));
    LearnedControl c =
        feed(s, cc(2, 40, 100), cc(2, 8, 10), cc(2, 40, 20), cc(2, 8, 10), cc(2, 40, 60))
            .orElseThrow();
    assertEquals(
        new LearnedControl(
            LearnTarget.parse("limiter.gain"), MidiType.CC14, 2, 8, 40, true, ValueMode.ABSOLUTE),
        c);
  }

  /** Most pad and button controllers: note-on to press, note-on with velocity 0 to release. */
  @Test
  void noteOnWithVelocityZeroReleaseMakesAButton() {
    LearnSession s = new LearnSession(targets("toggle-bypass eq", "ab"));
    assertTrue(feed(s, noteOn(1, 36, 100)).isEmpty(), "a press alone decides nothing");
    LearnedControl c = feed(s, noteOn(1, 36, 0)).orElseThrow();
    assertEquals(MidiType.NOTE, c.type());
    assertEquals(36, c.number());
    assertEquals("toggle-bypass eq", c.target().text());
    assertTrue(c.target().action());
    LearnedControl ab = feed(s, noteOn(1, 37, 127), noteOff(1, 37)).orElseThrow();
    assertEquals(37, ab.number());
  }

  /** Korg nanoKONTROL2 and most CC-mode buttons: 127 on press, 0 on release. */
  @Test
  void ccPushButtonMakesAButton() {
    LearnSession s = new LearnSession(targets("reference"));
    assertTrue(ccs(s, 1, 20, 1, 1, 127).isEmpty(), "an encoder is no button");
    LearnedControl c = ccs(s, 1, 41, 127, 0).orElseThrow();
    assertEquals(MidiType.CC, c.type());
    assertEquals(41, c.number());
  }

  @Test
  void controlAlreadyLearnedIsIgnoredForTheNextParameter() {
    LearnSession s = new LearnSession(targets("trim.gain", "stereo.width"));
    ccs(s, 1, 16, 10, 11, 12).orElseThrow();
    assertTrue(ccs(s, 1, 16, 13, 14, 15, 16, 17, 18, 19).isEmpty());
    assertEquals(17, ccs(s, 1, 17, 100, 99, 98).orElseThrow().number());
  }

  @Test
  void messagesOfAnEarlierBurstDoNotCount() {
    LearnSession s = new LearnSession(targets("trim.gain"));
    ccs(s, 1, 16, 10, 11);
    now += 2_000 * MS;
    assertTrue(ccs(s, 1, 16, 12).isEmpty(), "a pause starts a new burst");
    assertTrue(ccs(s, 1, 16, 13, 14).isPresent());
  }

  /** Mackie Control and HUI faders send pitch bend on their own channel. */
  @Test
  void pitchBendFaderIsLearned() {
    LearnSession s = new LearnSession(targets("comp.makeup"));
    LearnedControl c = feed(s, bend(2, 8000), bend(2, 8100), bend(2, 8200)).orElseThrow();
    assertEquals(MidiType.PITCHBEND, c.type());
    assertEquals(2, c.channel());
  }

  @Test
  void nrpnKnobIsLearnedByItsNumber() {
    LearnSession s = new LearnSession(targets("sat.drive"));
    List<ShortMessage> m = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      m.addAll(List.of(cc(3, 99, 2), cc(3, 98, 44), cc(3, 6, 10 + v), cc(3, 38, 0)));
    }
    LearnedControl c = feed(s, m.toArray(ShortMessage[]::new)).orElseThrow();
    assertEquals(MidiType.NRPN, c.type());
    assertEquals(2 * 128 + 44, c.number());
  }

  @Test
  void skipGoesToTheNextTarget() {
    LearnSession s = new LearnSession(targets("trim.gain", "stereo.width"));
    s.skip();
    assertEquals("stereo.width", s.current().orElseThrow().text());
    assertEquals(List.of(LearnTarget.parse("trim.gain")), s.skipped());
  }

  @Test
  void unknownTargetsAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LearnSession(targets("eq.gain")));
    assertTrue(e.getMessage().contains("unknown parameter id"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LearnSession(targets("bypass nothing")));
    assertThrows(
        IllegalArgumentException.class, () -> new LearnSession(targets("trim.gain", "trim.gain")));
  }

  @Test
  void defaultTargetsAreAllLearnable() {
    assertEquals(12, new LearnSession(LearnSession.defaultTargets()).targets().size());
  }

  @Test
  void writtenMapValidatesAndMovesTheLearnedParameters() throws Exception {
    LearnSession s =
        new LearnSession(
            targets(
                "trim.gain", "eq.band2.gain", "limiter.gain", "toggle-bypass eq", "comp.ratio"));
    ccs(s, 1, 16, 60, 61, 62).orElseThrow();
    ccs(s, 1, 20, 1, 1, 127).orElseThrow();
    feed(s, cc(1, 7, 64), cc(1, 39, 0), cc(1, 7, 64), cc(1, 39, 40), cc(1, 7, 64)).orElseThrow();
    feed(s, noteOn(1, 36, 100), noteOn(1, 36, 0)).orElseThrow();
    s.skip();
    assertTrue(s.done());

    String yaml =
        LearnedMapWriter.write("nanoKONTROL2 [hw:1,0,0]", s.learned(), LocalDate.of(2025, 3, 1));
    assertEquals(List.of(), MapValidator.validate("learned.yaml", yaml), yaml);
    ControllerMap map = MapLoader.load("learned.yaml", yaml);
    assertEquals("nanoKONTROL2", map.device().name());
    assertEquals("learned with lathe learn on 2025-03-01", map.device().source());
    assertTrue(map.device().matchesPort("nanoKONTROL2 [hw:2,0,0]"));

    List<ParamSpec> params = StandardChain.create().params();
    Map<String, Double> values = new HashMap<>();
    params.forEach(p -> values.put(p.id(), p.toNormalized(p.defaultValue())));
    MappingEngine engine = new MappingEngine(map, params, id -> values.get(id));

    engine.onMessage(cc(1, 16, 64)); // picks trim up at its centre
    assertEquals(
        List.of(new Command.SetNormalized("trim.gain", 1.0)), engine.onMessage(cc(1, 16, 127)));
    List<Command> nudge = engine.onMessage(cc(1, 20, 1));
    assertEquals(1, nudge.size());
    Command.Nudge n = (Command.Nudge) nudge.get(0);
    assertEquals("eq.band2.gain", n.id());
    assertTrue(n.delta() > 0);
    assertEquals(List.of(new Command.ToggleBypass("eq")), engine.onMessage(noteOn(1, 36, 90)));
    engine.onMessage(cc(1, 7, 42)); // picks the limiter's gain up at 0 dB, a third of the travel
    engine.onMessage(cc(1, 39, 85));
    engine.onMessage(cc(1, 7, 127));
    List<Command> fine = engine.onMessage(cc(1, 39, 127));
    assertEquals(1, fine.size(), "the limiter's 14-bit pair moves limiter.gain");
    assertEquals(new Command.SetNormalized("limiter.gain", 1.0), fine.get(0));
  }

  @Test
  void deviceAndFileNamesComeFromThePortName() {
    assertEquals("X-TOUCH MINI", LearnedMapWriter.deviceName("X-TOUCH MINI [hw:1,0,0]"));
    assertEquals("x-touch-mini.yaml", LearnedMapWriter.fileName("X-TOUCH MINI [hw:1,0,0]"));
    assertEquals("midi-controller.yaml", LearnedMapWriter.fileName("***"));
  }
}
