package lathe.controller.engine;

import static lathe.controller.engine.FakeConsole.cc;
import static lathe.controller.engine.FakeConsole.noteOff;
import static lathe.controller.engine.FakeConsole.noteOn;
import static lathe.controller.engine.FakeConsole.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import lathe.controller.map.BundledMaps;
import lathe.controller.map.MapException;
import lathe.dsp.command.Command;
import lathe.dsp.command.TransportAction;
import org.junit.jupiter.api.Test;

/**
 * Replays each device's factory-preset messages, with the numbers of its published chart, through
 * its bundled map.
 */
class BundledMapReplayTest {
  private final FakeConsole console = new FakeConsole();
  private final List<MidiMessage> feedback = new ArrayList<>();

  /** Builds an engine whose console position is unknown, so absolute controls move at once. */
  private MappingEngine engine(String name) throws MapException {
    return new MappingEngine(BundledMaps.load(name), FakeConsole.PARAMS, id -> Double.NaN);
  }

  private List<Command> send(MappingEngine e, ShortMessage m) {
    List<Command> out = new ArrayList<>();
    e.onMessage(m, -1, out::add, feedback::add);
    return out;
  }

  private static Command at(String id, double plain) {
    return new Command.SetNormalized(id, spec(id).toNormalized(plain));
  }

  private static List<Command> one(Command c) {
    return List.of(c);
  }

  @Test
  void korgNanoKontrol2FactoryScene() throws MapException {
    MappingEngine e = engine("korg-nanokontrol2");
    // knob 1 = CC 16, slider 1 = CC 0, slider 8 = CC 7, channel 1
    assertEquals(one(at("trim.gain", 12)), send(e, cc(1, 16, 127)));
    assertEquals(one(at("hpf.frequency", 10)), send(e, cc(1, 0, 0)));
    assertEquals(one(at("limiter.ceiling", 0)), send(e, cc(1, 7, 127)));
    // S 1 = CC 32, M 1 = CC 48: 127 on press, 0 on release
    assertEquals(one(new Command.ToggleBypass("trim")), send(e, cc(1, 32, 127)));
    assertEquals(List.of(), send(e, cc(1, 32, 0)));
    assertEquals(one(new Command.RecallSlot(1)), send(e, cc(1, 48, 127)));
    // Cycle (CC 46) held turns M into save
    send(e, cc(1, 46, 127));
    assertEquals(one(new Command.SaveSlot(1)), send(e, cc(1, 48, 127)));
    send(e, cc(1, 46, 0));
    // R 3 = CC 66 holds the compressor bypassed
    assertEquals(one(new Command.SetBypass("comp", true)), send(e, cc(1, 66, 127)));
    assertEquals(one(new Command.SetBypass("comp", false)), send(e, cc(1, 66, 0)));
    assertEquals(one(new Command.Transport(TransportAction.TOGGLE, 0)), send(e, cc(1, 41, 127)));
    assertEquals(one(new Command.Transport(TransportAction.REWIND, 5)), send(e, cc(1, 43, 127)));
    assertEquals(one(new Command.ToggleAb()), send(e, cc(1, 60, 127)));
    // Track > (CC 59) turns to page 2, where knob 1 is the low band's frequency
    send(e, cc(1, 59, 127));
    assertEquals(one(at("eq.band1.frequency", 20000)), send(e, cc(1, 16, 127)));
  }

  @Test
  void behringerXTouchMiniStandardMode() throws MapException {
    MappingEngine e = engine("behringer-x-touch-mini");
    // global channel 11: encoder 1 layer A = CC 1, fader layer A = CC 9
    assertEquals(one(at("trim.gain", -12 + 24 * 64 / 127.0)), send(e, cc(11, 1, 64)));
    assertEquals(one(at("limiter.gain", 12)), send(e, cc(11, 9, 127)));
    // encoder 1 layer B = CC 11
    assertEquals(one(at("eq.band1.frequency", 20)), send(e, cc(11, 11, 0)));
    // buttons: note 8 (top left, layer A), note-on 127 and note-off
    assertEquals(one(new Command.RecallSlot(1)), send(e, noteOn(11, 8, 127)));
    assertEquals(List.of(), send(e, noteOff(11, 8)));
    // encoder 1 push = note 0
    assertEquals(one(new Command.ToggleBypass("trim")), send(e, noteOn(11, 0, 127)));
    // bottom row button 2 = note 17: page 2, whose lamp (button id 9 on channel 1) lights
    send(e, noteOn(11, 17, 127));
    assertEquals(2, e.page());
    assertEquals(
        true,
        feedback.stream().anyMatch(m -> MappingEngineQuirkTest.hex(List.of(m)).equals("90 09 01")));
    assertEquals(one(at("mbc.band1.threshold", 0)), send(e, cc(11, 1, 127)));
  }

  @Test
  void akaiMidimixFactoryMapping() throws MapException {
    MappingEngine e = engine("akai-midimix");
    // column 1: knobs CC 16/17/18, fader CC 19; master fader CC 62; channel 1
    assertEquals(one(at("trim.gain", 12)), send(e, cc(1, 16, 127)));
    assertEquals(one(at("eq.band1.frequency", 20)), send(e, cc(1, 17, 0)));
    assertEquals(one(at("hpf.frequency", 10)), send(e, cc(1, 19, 0)));
    assertEquals(one(at("limiter.gain", 12)), send(e, cc(1, 62, 127)));
    // column 8 fader CC 61
    assertEquals(one(at("limiter.ceiling", 0)), send(e, cc(1, 61, 127)));
    // mute 1 = note 1, solo 1 = note 2, rec arm 1 = note 3
    assertEquals(one(new Command.ToggleBypass("trim")), send(e, noteOn(1, 1, 127)));
    assertEquals(List.of(), send(e, noteOff(1, 1)));
    assertEquals(one(new Command.SaveSlot(1)), send(e, noteOn(1, 2, 127)));
    assertEquals(one(new Command.RecallSlot(8)), send(e, noteOn(1, 24, 127)));
    // bank right = note 26: page 2
    send(e, noteOn(1, 26, 127));
    assertEquals(one(at("mbc.band1.threshold", -40)), send(e, cc(1, 16, 0)));
  }

  @Test
  void novationLaunchControlXlFactoryTemplate1() throws MapException {
    MappingEngine e = engine("novation-launch-control-xl");
    // factory template 1 sends on channel 9: send A 1 = CC 13, fader 1 = CC 77, pan 8 = CC 56
    assertEquals(one(at("trim.gain", 12)), send(e, cc(9, 13, 127)));
    assertEquals(one(at("hpf.frequency", 10)), send(e, cc(9, 77, 0)));
    assertEquals(one(at("sat.mix", 100)), send(e, cc(9, 56, 127)));
    // track focus 1 = note 41, track control 1 = note 73, device = note 105
    assertEquals(one(new Command.ToggleBypass("trim")), send(e, noteOn(9, 41, 127)));
    assertEquals(one(new Command.RecallSlot(1)), send(e, noteOn(9, 73, 127)));
    send(e, noteOn(9, 105, 127));
    assertEquals(one(new Command.SaveSlot(1)), send(e, noteOn(9, 73, 127)));
    send(e, noteOff(9, 105));
    assertEquals(one(new Command.ToggleReference()), send(e, noteOn(9, 107, 127)));
    // send select down = CC 105 (127 press, 0 release): page 2
    send(e, cc(9, 105, 127));
    send(e, cc(9, 105, 0));
    assertEquals(one(at("mbc.band1.threshold", 0)), send(e, cc(9, 13, 127)));
    // track focus lamps: red (15) when bypassed
    FakeConsole view = console;
    view.set("eq.bypass", 1.0);
    MappingEngine lit =
        new MappingEngine(BundledMaps.load("novation-launch-control-xl"), FakeConsole.PARAMS, view);
    assertEquals("98 2A 0F", MappingEngineQuirkTest.hex(lit.feedbackFor("eq.bypass")));
  }

  @Test
  void arturiaBeatStepFactoryPreset() throws MapException {
    MappingEngine e = engine("arturia-beatstep");
    // encoder 1 = CC 10, encoder 9 = CC 114, large encoder = CC 7, channel 1
    assertEquals(one(at("trim.gain", 12)), send(e, cc(1, 10, 127)));
    assertEquals(one(at("limiter.ceiling", -3)), send(e, cc(1, 114, 0)));
    assertEquals(one(at("limiter.gain", 12)), send(e, cc(1, 7, 127)));
    assertEquals(one(at("comp.release", 2000)), send(e, cc(1, 72, 127)));
    // pads on channel 10: pad 1 = note 44, pad 15 = note 42, pad 10 = note 37
    assertEquals(one(new Command.RecallSlot(1)), send(e, noteOn(10, 44, 100)));
    assertEquals(List.of(), send(e, noteOff(10, 44)));
    assertEquals(one(new Command.ToggleAb()), send(e, noteOn(10, 42, 64)));
    send(e, noteOn(10, 37, 90));
    assertEquals(one(at("mbc.band1.threshold", -40)), send(e, cc(1, 10, 0)));
  }

  @Test
  void behringerBcr2000FactoryPreset1() throws MapException {
    MappingEngine e = engine("behringer-bcr2000");
    // push encoder 1 of group 1 = CC 1; encoder rows start at CC 81, 89, 97; channel 1
    assertEquals(one(at("trim.gain", 12)), send(e, cc(1, 1, 127)));
    assertEquals(one(at("eq.band1.frequency", 20)), send(e, cc(1, 9, 0)));
    assertEquals(one(at("hpf.frequency", 10)), send(e, cc(1, 81, 0)));
    assertEquals(one(at("exp.threshold", 0)), send(e, cc(1, 97, 127)));
    // buttons: row 1 = CC 65-72, row 2 = CC 73-80, push of encoder 3 = CC 35, user 1 = CC 105
    assertEquals(one(new Command.ToggleBypass("trim")), send(e, cc(1, 65, 127)));
    assertEquals(one(new Command.RecallSlot(8)), send(e, cc(1, 80, 127)));
    assertEquals(one(new Command.SetBypass("comp", true)), send(e, cc(1, 35, 127)));
    assertEquals(one(new Command.SetBypass("comp", false)), send(e, cc(1, 35, 0)));
    assertEquals(one(new Command.ToggleAb()), send(e, cc(1, 105, 127)));
    // the ring of encoder 1 follows trim.gain: +6 dB on -12..12 dB is 3/4 of the travel
    console.set("trim.gain", spec("trim.gain").toNormalized(6));
    MappingEngine shown =
        new MappingEngine(BundledMaps.load("behringer-bcr2000"), FakeConsole.PARAMS, console);
    assertEquals(
        "B0 01 " + String.format("%02X", Math.round(127 * 0.75)),
        MappingEngineQuirkTest.hex(shown.feedbackFor("trim.gain")));
  }
}
