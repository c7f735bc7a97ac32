package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MapsCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new MapsCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listNamesEveryBundledMapAndDevice() {
    Run r = run("list");
    assertEquals(0, r.code(), r.err());
    for (String device :
        new String[] {
          "Behringer X-Touch Mini",
          "Korg nanoKONTROL2",
          "Akai MIDImix",
          "Novation Launch Control XL",
          "Arturia BeatStep",
          "Behringer BCR2000"
        }) {
      assertTrue(r.out().contains(device), device + " in\n" + r.out());
    }
  }

  @Test
  void showPrintsControlsAndWhatTheyDrive() {
    Run r = run("show", "nanokontrol2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Korg nanoKONTROL2"), r.out());
    assertTrue(r.out().contains("source: Korg nanoKONTROL2 MIDI Implementation"), r.out());
    assertTrue(r.out().contains("Page 1: Tone and dynamics"), r.out());
    assertTrue(r.out().matches("(?s).*Knob 1 +cc 16 ch1 +trim\\.gain -12 \\.\\. 12.*"), r.out());
    assertTrue(r.out().contains("shift: save 1"), r.out());
  }

  @Test
  void showUnknownNameExits2() {
    Run r = run("show", "no-such-box");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("lathe maps list"), r.err());
  }

  @Test
  void validateValidFileSaysValidAndExits0() throws IOException {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(
        f,
        """
        device: {name: Box, ports: ["Box*"], source: a test}
        controls:
          - {name: K, type: cc, number: 16, param: trim.gain}
        """);
    Run r = run("validate", f.toString());
    assertEquals(0, r.code(), r.out());
    assertEquals(f + ": valid", r.out().strip());
  }

  @Test
  void validatePrintsFileLineProblemAndExits2() throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        """
        device: {name: Box, ports: ["Box*"], source: a test}
        controls:
          - {name: K, type: cc, number: 16, param: trim.gian}
          - {name: L, type: cc, number: 16, param: eq.band1.gain}
          - {name: M, type: cc, number: 17, param: comp.ratio, range: {min: 0, max: 4}}
          - {name: N, type: cc, number: 18, param: comp.ratio, speed: 2}
        """);
    Run r = run("validate", f.toString());
    assertEquals(2, r.code());
    String[] lines = r.out().strip().split("\n");
    assertEquals(3, lines.length, r.out());
    assertTrue(lines[0].startsWith(f + ":3: unknown parameter id 'trim.gian'"), lines[0]);
    assertTrue(lines[1].startsWith(f + ":5: bad range"), lines[1]);
    assertTrue(lines[2].startsWith(f + ":6: unknown key 'speed'"), lines[2]);
  }

  @Test
  void validateReportsADuplicateControl() throws IOException {
    Path f = dir.resolve("dup.yaml");
    Files.writeString(
        f,
        """
        device: {name: Box, ports: ["Box*"], source: a test}
        controls:
          - {name: K, type: cc, number: 16, param: trim.gain}
          - {name: L, type: cc, number: 16, param: eq.band1.gain}
        """);
    Run r = run("validate", f.toString());
    assertEquals(2, r.code());
    assertTrue(r.out().startsWith(f + ":4: duplicate control: cc 16 ch1"), r.out());
  }
}
