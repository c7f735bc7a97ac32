package lathe.controller.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading control scripts: times, hex bytes, running status, SysEx and the errors. */
class ControlScriptTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path file = dir.resolve("knob.midi.txt");
    Files.writeString(file, text);
    return file;
  }

  private List<String> problems(String text) throws Exception {
    Path file = write(text);
    return assertThrows(ControlScriptException.class, () -> ControlScript.read(file)).problems();
  }

  private static List<String> bytes(ControlScript script) {
    Function<TimedMidiMessage, String> hex =
        t ->
            java.util.HexFormat.ofDelimiter(" ")
                .withUpperCase()
                .formatHex(t.message().getMessage());
    return script.messages().stream().map(hex).toList();
  }

  @Test
  void readsTimesAndMessagesSkippingCommentsAndBlankLines() throws Exception {
    ControlScript script =
        ControlScript.read(
            write(
                """
                # turn the first knob fully up
                0.250 B0 07 64

                0.5   b0 07 7f   # lower case is fine
                1 90 3C 00
                1.000 C1 05
                2.125 F8
                """));
    assertEquals(List.of("B0 07 64", "B0 07 7F", "90 3C 00", "C1 05", "F8"), bytes(script));
    assertEquals(
        List.of(250_000_000L, 500_000_000L, 1_000_000_000L, 1_000_000_000L, 2_125_000_000L),
        script.messages().stream().map(TimedMidiMessage::nanos).toList());
    assertEquals(List.of(2, 4, 5, 6, 7), script.messages().stream().map(t -> t.line()).toList());
    assertEquals(2_125_000_000L, script.durationNanos());
    ShortMessage first = (ShortMessage) script.messages().getFirst().message();
    assertEquals(ShortMessage.CONTROL_CHANGE, first.getCommand());
    assertEquals(7, first.getData1());
    assertEquals(100, first.getData2());
  }

  @Test
  void runningStatusCarriesTheStatusOfTheLineBefore() throws Exception {
    ControlScript script =
        ControlScript.parse(
            "s",
            """
            0.0 B0 10 00
            0.1 10 40
            0.2 F8
            0.3 10 7F
            0.4 C0 03
            0.5 04
            """);
    assertEquals(
        List.of("B0 10 00", "B0 10 40", "F8", "B0 10 7F", "C0 03", "C0 04"), bytes(script));
  }

  @Test
  void systemExclusiveLinesAreCheckedAndSkipped() throws Exception {
    ControlScript script =
        ControlScript.parse(
            "s",
            """
            0.0 F0 42 40 00 01 13 00 1F 12 00 F7
            0.1 B0 07 64
            """);
    assertEquals(List.of("B0 07 64"), bytes(script));
    assertEquals(1, script.messages().getFirst().line() - 1);
  }

  @Test
  void emptyScriptHasNoMessages() throws Exception {
    ControlScript script = ControlScript.read(write("# nothing yet\n\n"));
    assertEquals(List.of(), script.messages());
    assertEquals(0, script.durationNanos());
  }

  @Test
  void reportsEachProblemAsFileLineAndProblem() throws Exception {
    Path file = write("");
    List<String> problems =
        problems(
            """
            0.5 B0 07 64
            abc B0 07 64
            0.4 B0 07 64
            0.6 B0 0G 64
            0.7 B0 07
            0.8 F4
            0.9 F0 7E 7F
            1.0 90 3C 40 3C
            1.1
            -1 B0 07 64
            """);
    String f = file.toString();
    assertEquals(
        List.of(
            f + ":2: bad time 'abc': expected seconds such as 0.250",
            f + ":3: time 0.4 goes backwards (the line before is at 0.5 s)",
            f + ":4: bad hex byte '0G': expected a byte in hex such as B0",
            f + ":5: incomplete message: B0 takes 2 data bytes, got 1",
            f + ":6: unknown status byte F4",
            f + ":7: incomplete message: SysEx without its closing F7",
            f + ":8: more bytes than one 90 message takes (one message per line)",
            f + ":9: no message bytes after the time",
            f + ":10: bad time '-1': expected seconds such as 0.250"),
        problems);
  }

  @Test
  void dataBytesWithoutAnyStatusBeforeThemAreAnError() throws Exception {
    assertEquals(
        List.of("s:2: data byte 07 without a status byte before it"),
        assertThrows(
                ControlScriptException.class,
                () -> ControlScript.parse("s", "# starts mid-message\n0.0 07 64\n"))
            .problems());
  }

  @Test
  void systemExclusiveEndsRunningStatus() throws Exception {
    ControlScriptException e =
        assertThrows(
            ControlScriptException.class,
            () -> ControlScript.parse("s", "0 B0 07 64\n0.1 F0 01 F7\n0.2 07 65\n"));
    assertEquals(List.of("s:3: data byte 07 without a status byte before it"), e.problems());
    assertEquals("s:3: data byte 07 without a status byte before it", e.getMessage());
  }

  @Test
  void statusByteInsideAMessageIsAnError() throws Exception {
    assertEquals(
        List.of("s:1: status byte 90 where a data byte of B0 belongs (one message per line)"),
        assertThrows(ControlScriptException.class, () -> ControlScript.parse("s", "0 B0 90 64"))
            .problems());
  }

  @Test
  void timesKeepTheirNanosecondsExactly() throws Exception {
    ControlScript script = ControlScript.parse("s", "0.000000001 F8\n.5 F8\n12.3456789 F8\n");
    assertEquals(
        List.of(1L, 500_000_000L, 12_345_678_900L),
        script.messages().stream().map(TimedMidiMessage::nanos).toList());
  }
}
