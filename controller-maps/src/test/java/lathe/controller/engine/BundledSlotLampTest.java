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
import lathe.controller.map.BundledMaps;
import lathe.controller.map.MapException;
import lathe.dsp.command.Command;
import org.junit.jupiter.api.Test;

/**
 * Checks the slot, A/B and reference lamps of the bundled maps against the numbers of each device's
 * published chart, and the long press on their slot buttons.
 */
class BundledSlotLampTest {
  private final FakeConsole console = new FakeConsole();

  private MappingEngine engine(String name) throws MapException {
    console.slots[1] = SlotState.ACTIVE;
    console.slots[2] = SlotState.FILLED;
    console.abIsB = true;
    return new MappingEngine(BundledMaps.load(name), FakeConsole.PARAMS, console);
  }

  private static List<String> hex(List<MidiMessage> ms) {
    HexFormat h = HexFormat.ofDelimiter(" ").withUpperCase();
    return ms.stream().map(m -> h.formatHex(m.getMessage())).toList();
  }

  @Test
  void xTouchMiniButtonLampsFollowItsReceiveChart() throws MapException {
    // RX chart: button LEDs on the global channel (1), upper row notes 0-7, lower row 8-15,
    // velocity 0 off, 1 on, 2 blinking
    MappingEngine e = engine("behringer-x-touch-mini");
    List<String> lamps = hex(e.feedbackActions());
    assertEquals(
        List.of(
            "90 00 02",
            "90 01 01",
            "90 02 00",
            "90 03 00",
            "90 04 00",
            "90 05 00",
            "90 06 00",
            "90 07 00",
            "90 0B 01",
            "90 0C 00"),
        lamps);
    // button 1 (note 8 on channel 11) held for 600 ms saves slot 1
    List<Command> out = new ArrayList<>();
    e.onMessage(noteOn(11, 8, 127), 1_000_000, out::add, m -> {});
    e.tick(1_580_000, out::add, m -> {});
    assertEquals(List.of(), out);
    e.tick(1_600_000, out::add, m -> {});
    assertEquals(List.of(new Command.SaveSlot(1)), out);
    e.onMessage(noteOff(11, 8), 1_700_000, out::add, m -> {});
    assertEquals(List.of(new Command.SaveSlot(1)), out);
  }

  @Test
  void midimixRecArmLampsAreNotesAt127() throws MapException {
    MappingEngine e = engine("akai-midimix");
    List<String> lamps = hex(e.feedbackActions());
    // rec arm 1..8 = notes 3, 6, .. 24; slot 1 active is lit before the first tick
    assertEquals(
        List.of(
            "90 03 7F",
            "90 06 7F",
            "90 09 00",
            "90 0C 00",
            "90 0F 00",
            "90 12 00",
            "90 15 00",
            "90 18 00"),
        lamps);
    List<MidiMessage> blink = new ArrayList<>();
    for (long t = 0; t <= 1_000_000; t += 20_000) {
      e.tick(t, c -> {}, blink::add);
    }
    assertEquals(List.of("90 03 00", "90 03 7F", "90 03 00", "90 03 7F"), hex(blink));
  }

  @Test
  void bcr2000SecondButtonRowEchoesCcValues() throws MapException {
    MappingEngine e = engine("behringer-bcr2000");
    List<String> lamps = hex(e.feedbackActions());
    assertEquals(8, lamps.size(), lamps.toString());
    assertEquals(List.of("B0 49 7F", "B0 4A 7F", "B0 4B 00"), lamps.subList(0, 3));
    assertEquals("B0 50 00", lamps.get(7));
  }

  @Test
  void launchControlXlTrackControlLampsUseItsColours() throws MapException {
    // velocity = 16 x green + red + 12: 12 off, 60 full green, 63 full amber
    MappingEngine e = engine("novation-launch-control-xl");
    List<String> lamps = hex(e.feedbackActions());
    assertTrue(
        lamps.containsAll(List.of("98 49 3F", "98 4A 3C", "98 4B 0C", "98 5C 0C")),
        lamps.toString());
    assertTrue(lamps.containsAll(List.of("98 6A 3F", "98 6B 0C")), lamps.toString());
    // with Device (shift) held the same lamps show the save buttons' slots
    List<MidiMessage> shown = new ArrayList<>();
    e.onMessage(noteOn(9, 105, 127), 0, c -> {}, shown::add);
    assertTrue(hex(shown).containsAll(List.of("98 49 3F", "98 4A 3C")), hex(shown).toString());
  }

  @Test
  void nanoKontrol2MLampsEchoCcValues() throws MapException {
    MappingEngine e = engine("korg-nanokontrol2");
    List<String> lamps = hex(e.feedbackActions());
    assertTrue(
        lamps.containsAll(List.of("B0 30 7F", "B0 31 7F", "B0 32 00", "B0 2D 00")),
        lamps.toString());
    List<Command> out = new ArrayList<>();
    e.onMessage(cc(1, 48, 127), 0, out::add, m -> {});
    e.onMessage(cc(1, 48, 0), 250_000, out::add, m -> {});
    assertEquals(List.of(new Command.RecallSlot(1)), out);
  }
}
