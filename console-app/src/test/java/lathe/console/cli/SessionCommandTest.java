package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lathe.console.io.AtomicFiles;
import lathe.console.session.Session;
import lathe.console.session.SessionStore;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCommandTest {
  @TempDir Path dir;

  private Path state;
  private SessionStore store;

  /** The working state of the session "album": values a person set, typed here by hand. */
  private static Map<String, Double> working() {
    Map<String, Double> v = new LinkedHashMap<>(Session.defaultParameters());
    v.put("trim.gain", -3.25);
    v.put("hpf.bypass", 1.0);
    v.put("eq.band2.gain", 2.5);
    v.put("comp.ratio", 4.0);
    v.put("sat.curve", (double) spec("sat.curve").choices().indexOf("tube"));
    v.put("limiter.ceiling", -0.3);
    return v;
  }

  private static ParamSpec spec(String id) {
    return Session.standardParams().stream().filter(p -> p.id().equals(id)).findFirst().get();
  }

  private static Map<String, Double> with(Map<String, Double> base, String id, double value) {
    Map<String, Double> v = new LinkedHashMap<>(base);
    v.put(id, value);
    return v;
  }

  private static Session album() {
    Map<String, Double> a = working();
    Map<String, Double> b = with(with(a, "eq.band2.gain", 0.0), "trim.gain", -1.0);
    return Session.defaults()
        .withParameters(a)
        .withAb(new Session.AbState(Session.Side.A, b))
        .withSlot(2, Optional.of(with(a, "stereo.width", 120.0)))
        .withSlot(4, Optional.of(a))
        .withSlot(5, Optional.of(with(a, "eq.band3.frequency", 1000.4)))
        .withReference(
            new Session.Reference(Path.of("/refs/ref track.wav"), Session.MatchMode.INTEGRATED))
        .withFiles(new Session.AudioFiles(Path.of("/mixes/song.wav"), Path.of("/prints/m.wav")))
        .withDevice(new Session.Device("jack:studio", 96000, 128, 4))
        .withControllerMap("nanokontrol2");
  }

  @BeforeEach
  void storeTwoSessions() throws IOException {
    state = dir.resolve("state");
    store = new SessionStore(state);
    store.save("album", album());
    Session other = Session.defaults().withParameter("trim.gain", 6.0);
    store.save("default", other.withAb(new Session.AbState(Session.Side.B, other.parameters())));
  }

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--state-dir");
    all.add(state.toString());
    return CliRun.of(all.toArray(String[]::new));
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  @Test
  void listShowsNameTimeSlotsAndActiveSide() throws IOException {
    Instant when = Instant.parse("2026-01-02T03:04:05Z");
    Files.setLastModifiedTime(store.fileOf("album"), FileTime.from(when));
    CliRun r = run("session", "list");
    assertEquals(0, r.exitCode(), r.err());
    String time =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .format(when.atZone(ZoneId.systemDefault()));
    List<String> out = lines(r.out());
    assertEquals(3, out.size(), r.out());
    assertTrue(out.get(0).matches("NAME +MODIFIED +SLOTS +A/B"), out.get(0));
    assertTrue(out.get(1).matches("album +" + time + " +3/8 +A"), out.get(1));
    assertTrue(out.get(2).matches("default +\\S+ \\S+ +0/8 +B"), out.get(2));
  }

  @Test
  void listJson() throws IOException {
    CliRun r = run("session", "list", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode list = new ObjectMapper().readTree(r.out());
    assertEquals(2, list.size());
    assertEquals("album", list.get(0).get("name").asText());
    assertEquals(3, list.get(0).get("slotsFilled").asInt());
    assertEquals("A", list.get(0).get("abActive").asText());
    assertEquals("B", list.get(1).get("abActive").asText());
    assertEquals(
        Files.getLastModifiedTime(store.fileOf("default")).toInstant(),
        Instant.parse(list.get(1).get("modified").asText()));
  }

  @Test
  void listReportsAnUnreadableSessionWithoutMovingIt() throws IOException {
    Files.writeString(store.fileOf("default"), "{ broken");
    CliRun r = run("session", "list");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(lines(r.out()).get(2).matches("default +\\S+ \\S+ +\\? +unreadable"), r.out());
    assertTrue(
        r.err().startsWith("lathe: " + store.fileOf("default") + ": line 1, column "), r.err());
    assertEquals("{ broken", Files.readString(store.fileOf("default")), "listing changes nothing");
  }

  @Test
  void listOfAnEmptyFolderSaysSo() {
    CliRun r = CliRun.of("session", "list", "--state-dir", dir.resolve("none").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("no sessions in " + dir.resolve("none") + "\n", r.out());
  }

  @Test
  void showListsTheSettingsAndEveryChangedParameter() {
    CliRun r = run("session", "show", "album");
    assertEquals(0, r.exitCode(), r.err());
    List<String> out = lines(r.out());
    assertTrue(out.contains("Changed from the defaults (6):"), r.out());
    List<String> changed =
        out.subList(out.indexOf("Changed from the defaults (6):") + 1, out.size());
    assertEquals(
        List.of(
            "  trim.gain        -3.25 dB  (default 0 dB)",
            "  hpf.bypass       on  (default off)",
            "  eq.band2.gain    2.5 dB  (default 0 dB)",
            "  comp.ratio       4:1  (default 1:1)",
            "  sat.curve        tube  (default off)",
            "  limiter.ceiling  -0.3 dBTP  (default -1 dBTP)"),
        changed);
    assertTrue(out.contains("Device     jack:studio, 96000 Hz, 128 frames x 4 buffers"), r.out());
    assertTrue(
        out.contains("Reference  /refs/ref track.wav, loudness matched integrated"), r.out());
    assertTrue(out.contains("Slots      3, 5, 6 filled of 8"), r.out());
    assertTrue(out.contains("A/B        A active; B differs in 2 parameters"), r.out());
  }

  @Test
  void showJsonPrintsTheStoredFile() throws IOException {
    CliRun r = run("session", "show", "album", "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Files.readString(store.fileOf("album")), r.out());
  }

  @Test
  void anUnknownNameIsOneLineListingTheSessionsThatExist() {
    for (String[] args :
        List.of(
            new String[] {"session", "show", "nosuch"},
            new String[] {"session", "sheet", "nosuch"},
            new String[] {"session", "export", "nosuch", dir.resolve("x.json").toString()},
            new String[] {"session", "diff", "nosuch", "album"})) {
      CliRun r = run(args);
      assertEquals(2, r.exitCode(), String.join(" ", args));
      assertEquals(
          "lathe: no session 'nosuch' in " + state + "; sessions there: album, default\n",
          r.err(),
          String.join(" ", args));
      assertEquals("", r.out());
    }
    CliRun none = CliRun.of("session", "show", "x", "--state-dir", dir.resolve("e").toString());
    assertEquals(2, none.exitCode());
    assertEquals(
        "lathe: no session 'x' in " + dir.resolve("e") + "; there are no sessions there\n",
        none.err());
  }

  @Test
  void sheetShowsEveryControlGroupedByModuleWithItsSpecFormatting() {
    CliRun r = run("session", "sheet", "album");
    assertEquals(0, r.exitCode(), r.err());
    List<String> out = lines(r.out());
    for (String line : out) {
      assertTrue(line.length() <= 100, "wider than 100 columns: " + line);
    }
    assertTrue(out.get(0).matches("LATHE RECALL SHEET +session: album"), out.get(0));
    assertTrue(out.contains("File       " + store.fileOf("album")), r.out());
    assertTrue(out.contains("Input      /mixes/song.wav"), r.out());
    assertTrue(out.contains("Print      /prints/m.wav"), r.out());
    assertTrue(out.contains("Map        nanokontrol2"), r.out());
    // Modules in chain order, each with its bypass state.
    List<String> heads = out.stream().filter(l -> l.matches(" ?\\d+ [A-Z].*")).toList();
    assertEquals(12, heads.size(), heads.toString());
    assertTrue(heads.get(0).matches(" 1 TRIM +in"), heads.get(0));
    assertTrue(heads.get(1).matches(" 2 HIGH-PASS FILTER +BYPASSED"), heads.get(1));
    assertTrue(heads.get(3).matches(" 4 PARAMETRIC EQUALIZER +in"), heads.get(3));
    assertTrue(heads.get(11).matches("12 DITHER +in"), heads.get(11));
    assertEquals(100, heads.get(0).length(), "the bypass state ends at the last column");
    // Values set by hand, shown as the parameter's spec formats them.
    assertLine(out, "   \\* Trim +trim\\.gain +-3\\.25 dB");
    assertLine(out, "   \\* Band 2 gain +eq\\.band2\\.gain +2\\.5 dB");
    assertLine(out, "     Band 2 frequency +eq\\.band2\\.frequency +250 Hz");
    assertLine(out, "   \\* Ratio +comp\\.ratio +4:1");
    assertLine(out, "   \\* Curve +sat\\.curve +tube");
    assertLine(out, "   \\* Ceiling +limiter\\.ceiling +-0\\.3 dBTP");
    assertLine(out, "     Width +stereo\\.width +100 %");
    // Every parameter once, bypass switches as module states.
    int ab = out.indexOf("A/B (A -> B)");
    List<String> modules = out.subList(0, ab);
    for (ParamSpec p : Session.standardParams()) {
      long seen =
          modules.stream()
              .filter(l -> l.matches(".* " + p.id().replace(".", "\\.") + " .*"))
              .count();
      assertEquals(
          p.id().endsWith(".bypass") && !p.id().startsWith("mbc.band") ? 0 : 1, seen, p.id());
    }
    // A/B and the filled slots, with what differs from the working state.
    assertEquals(
        List.of(
            "   A is active; 2 parameters differ",
            "     trim.gain      -3.25 dB -> -1 dB",
            "     eq.band2.gain  2.5 dB -> 0 dB"),
        out.subList(ab + 1, ab + 4));
    int slots = out.indexOf("SNAPSHOT SLOTS (working state -> slot)");
    assertEquals(
        List.of(
            "   Slot 3: 1 parameter",
            "     stereo.width  100 % -> 120 %",
            "   Slot 5: same as the working state",
            "   Slot 6: 1 parameter",
            "     eq.band3.frequency  1000 Hz -> 1000.4 Hz",
            "   Empty: 1, 2, 4, 7, 8"),
        out.subList(slots + 1, out.size()));
  }

  private static void assertLine(List<String> out, String regex) {
    assertTrue(
        out.stream().anyMatch(l -> l.matches(regex)), regex + " in\n" + String.join("\n", out));
  }

  @Test
  void sheetFitsAHundredColumnsWithLongNamesAndPaths() throws IOException {
    String name = "a".repeat(120);
    Session s =
        album()
            .withFiles(
                new Session.AudioFiles(
                    Path.of("/" + "very long folder/".repeat(10) + "song.wav"), null));
    store.save(name, s);
    CliRun r = run("session", "sheet", name);
    assertEquals(0, r.exitCode(), r.err());
    for (String line : lines(r.out())) {
      assertTrue(line.length() <= 100, "wider than 100 columns: " + line);
    }
    assertTrue(r.out().contains("song.wav\n"), "the end of a long path is kept");
  }

  @Test
  void sheetJson() throws IOException {
    CliRun r = run("session", "sheet", "album", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode sheet = new ObjectMapper().readTree(r.out());
    assertEquals("album", sheet.get("session").asText());
    JsonNode modules = sheet.get("modules");
    assertEquals(12, modules.size());
    assertEquals("hpf", modules.get(1).get("id").asText());
    assertTrue(modules.get(1).get("bypassed").asBoolean());
    JsonNode eq = modules.get(3);
    assertEquals("eq", eq.get("id").asText());
    JsonNode gain = eq.get("parameters").get(3);
    assertEquals("eq.band2.gain", gain.get("id").asText());
    assertEquals(2.5, gain.get("value").asDouble());
    assertEquals("dB", gain.get("unit").asText());
    assertEquals("2.5 dB", gain.get("display").asText());
    assertFalse(gain.get("isDefault").asBoolean());
    assertEquals("A", sheet.get("ab").get("active").asText());
    assertEquals(2, sheet.get("ab").get("differences").size());
    assertEquals(
        "stereo.width", sheet.get("slots").get(2).get("differences").get(0).get("id").asText());
    assertEquals(120.0, sheet.get("slots").get(2).get("differences").get(0).get("to").asDouble());
    assertFalse(sheet.get("slots").get(0).get("filled").asBoolean());
    assertEquals("integrated", sheet.get("reference").get("mode").asText());
    assertEquals(96000.0, sheet.get("device").get("sampleRateHertz").asDouble());
  }

  @Test
  void diffOfTheCurrentSessionsAAndB() {
    CliRun r = run("session", "diff", "A", "B", "--session", "album");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("trim.gain      -3.25 dB -> -1 dB\neq.band2.gain  2.5 dB -> 0 dB\n", r.out());
    CliRun reversed = run("session", "diff", "album:B", "album:A");
    assertEquals(
        "trim.gain      -1 dB -> -3.25 dB\neq.band2.gain  0 dB -> 2.5 dB\n", reversed.out());
  }

  @Test
  void bareAAndBMeanTheDefaultSession() {
    // In "default" B is active and both sides hold the same values.
    CliRun r = run("session", "diff", "A", "B");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("no differences\n", r.out());
    CliRun withWorking = run("session", "diff", "album", "default");
    assertEquals(0, withWorking.exitCode(), withWorking.err());
    assertEquals(
        List.of(
            "trim.gain        -3.25 dB -> 6 dB",
            "hpf.bypass       on -> off",
            "eq.band2.gain    2.5 dB -> 0 dB",
            "comp.ratio       4:1 -> 1:1",
            "sat.curve        tube -> off",
            "limiter.ceiling  -0.3 dBTP -> -1 dBTP"),
        lines(withWorking.out()));
  }

  @Test
  void diffOfSlotsAndFiles() throws IOException {
    assertEquals(
        "stereo.width  120 % -> 100 %\n", run("session", "diff", "album:3", "album").out());
    assertEquals(
        "stereo.width  120 % -> 100 %\n",
        run("session", "diff", "3", "album", "--session", "album").out());
    CliRun same = run("session", "diff", "album", "album:5");
    assertEquals(0, same.exitCode(), same.err());
    assertEquals("no differences\n", same.out());
    // Rounded alike on display, the values are shown in full.
    assertEquals(
        "eq.band3.frequency  1000 Hz -> 1000.4 Hz\n",
        run("session", "diff", "album", "album:6").out());
    Path file = dir.resolve("other.json");
    Files.writeString(
        file,
        "{\"format\": \"lathe-session\", \"schemaVersion\": 1, \"values\": {\"trim.gain\": -3.25},"
            + " \"slots\": [null, null, null, null, null, null, null, null],"
            + " \"files\": {\"input\": null, \"print\": null},"
            + " \"device\": {\"backend\": \"null\", \"sampleRateHertz\": 44100, \"blockFrames\": 64,"
            + " \"buffers\": 2}}");
    CliRun r = run("session", "diff", "album", file.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        List.of(
            "hpf.bypass       on -> off",
            "eq.band2.gain    2.5 dB -> 0 dB",
            "comp.ratio       4:1 -> 1:1",
            "sat.curve        tube -> off",
            "limiter.ceiling  -0.3 dBTP -> -1 dBTP"),
        lines(r.out()));
    // A file's A/B states and slots, as a stored session's.
    Path exported = dir.resolve("album-copy.json");
    assertEquals(0, run("session", "export", "album", exported.toString()).exitCode());
    assertEquals(
        "trim.gain      -3.25 dB -> -1 dB\neq.band2.gain  2.5 dB -> 0 dB\n",
        run("session", "diff", exported + ":A", "album:B").out());
    assertEquals("no differences\n", run("session", "diff", exported + ":3", "album:3").out());
  }

  @Test
  void diffRefusesBadStatesWithExit2() {
    assertBad(run("session", "diff", "album:9", "album"), "state 'album:9': slot 9 does not exist");
    assertBad(run("session", "diff", "album:0", "album"), "state 'album:0': slot 0 does not exist");
    assertBad(
        run("session", "diff", "album:2", "album"), "state 'album:2': slot 2 of album is empty");
    assertBad(run("session", "diff", "album:C", "album"), "state 'album:C': after the colon");
    assertBad(run("session", "diff", "A", "B", "--session", "gone"), "no session 'gone'");
    assertBad(
        run("session", "diff", "album", dir.resolve("missing.json").toString()),
        dir.resolve("missing.json") + ": no such file");
  }

  private static void assertBad(CliRun r, String start) {
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().startsWith("lathe: " + start), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void exportAndImportRoundTripBitForBit() throws IOException {
    byte[] stored = Files.readAllBytes(store.fileOf("album"));
    Path exported = dir.resolve("album-copy.session.json");
    CliRun r = run("session", "export", "album", exported.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertArrayEquals(stored, Files.readAllBytes(exported));

    CliRun imported = run("session", "import", exported.toString());
    assertEquals(0, imported.exitCode(), imported.err());
    assertEquals("", imported.err());
    assertArrayEquals(stored, Files.readAllBytes(store.fileOf("album-copy")));
    assertEquals(album(), store.load("album-copy").session());

    Path again = dir.resolve("again.json");
    assertEquals(0, run("session", "export", "album-copy", again.toString()).exitCode());
    assertArrayEquals(stored, Files.readAllBytes(again));
    assertEquals(0, run("session", "import", again.toString(), "--as", "third").exitCode());
    assertArrayEquals(stored, Files.readAllBytes(store.fileOf("third")));
  }

  @Test
  void exportRefusesToOverwriteUnlessForced() throws IOException {
    Path file = dir.resolve("taken.json");
    Files.writeString(file, "keep me");
    CliRun r = run("session", "export", "album", file.toString());
    assertEquals(2, r.exitCode());
    assertEquals("lathe: " + file + " exists; --force replaces it\n", r.err());
    assertEquals("keep me", Files.readString(file));
    CliRun forced = run("session", "export", "album", file.toString(), "--force");
    assertEquals(0, forced.exitCode(), forced.err());
    assertArrayEquals(Files.readAllBytes(store.fileOf("album")), Files.readAllBytes(file));
  }

  @Test
  void importRefusesToReplaceUnlessForcedAndKeepsTheOldOne() throws IOException {
    byte[] oldDefault = Files.readAllBytes(store.fileOf("default"));
    Path file = dir.resolve("album.session.json");
    assertEquals(0, run("session", "export", "album", file.toString()).exitCode());

    CliRun r = run("session", "import", file.toString(), "--as", "default");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("lathe: session 'default' exists ("), r.err());
    assertArrayEquals(oldDefault, Files.readAllBytes(store.fileOf("default")));

    CliRun forced = run("session", "import", file.toString(), "--as", "default", "--force");
    assertEquals(0, forced.exitCode(), forced.err());
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(store.fileOf("default")));
    List<Path> kept;
    try (var s = Files.list(state)) {
      kept =
          s.filter(p -> p.getFileName().toString().startsWith("default.session.json.replaced-"))
              .toList();
    }
    assertEquals(1, kept.size(), kept.toString());
    assertArrayEquals(oldDefault, Files.readAllBytes(kept.get(0)), "the replaced session is kept");
    assertTrue(
        forced.out().contains("the previous one kept as " + kept.get(0).getFileName()),
        forced.out());
  }

  @Test
  void aCorruptImportNamesTheFileLineAndColumnAndStoresNothing() throws IOException {
    Path file = dir.resolve("broken.json");
    // The second comma on line 4 sits at column 36.
    Files.writeString(
        file,
        "{\n"
            + "  \"format\": \"lathe-session\",\n"
            + "  \"schemaVersion\": 2,\n"
            + "  \"parameters\": { \"trim.gain\": 1.0,, }\n"
            + "}\n",
        StandardCharsets.UTF_8);
    CliRun r = run("session", "import", file.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("lathe: " + file + ": line 4, column 36: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(store.exists("broken"));
    assertEquals(List.of("album", "default"), store.list());
  }

  @Test
  void anImportThatIsNotASessionIsRefused() throws IOException {
    Path file = dir.resolve("preset.json");
    Files.writeString(file, "{\"format\": \"lathe-preset\", \"version\": 1}");
    CliRun r = run("session", "import", file.toString());
    assertEquals(2, r.exitCode());
    assertEquals(
        "lathe: " + file + ": not a session: format is 'lathe-preset', not lathe-session\n",
        r.err());
    Path binary = dir.resolve("noise.json");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
    CliRun b = run("session", "import", binary.toString());
    assertEquals(2, b.exitCode());
    assertEquals("lathe: " + binary + ": not UTF-8 text, not a session\n", b.err());
  }

  @Test
  void openingTheStoreRemovesStaleTemporaryFiles() throws IOException {
    Path stale = AtomicFiles.temporaryBeside(store.fileOf("album"));
    Files.writeString(stale, "{\"half");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(120)));
    Path fresh = AtomicFiles.temporaryBeside(store.fileOf("album"));
    Files.writeString(fresh, "{\"half");
    assertEquals(0, run("session", "list").exitCode());
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(fresh));
  }
}
