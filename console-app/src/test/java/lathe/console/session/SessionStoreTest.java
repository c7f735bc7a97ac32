package lathe.console.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

  private SessionStore store() {
    return new SessionStore(dir.resolve("state"), clock);
  }

  private List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSessionWhoseFileIsGoneButWhoseLastGoodCopyIsThereIsStillListed() throws Exception {
    SessionStore store = new SessionStore(dir);
    store.save("kept", Session.defaults().withParameter("trim.gain", 1.5));
    store.save("kept", Session.defaults().withParameter("trim.gain", 2.5));
    store.save("other", Session.defaults());
    java.nio.file.Files.delete(store.fileOf("kept"));
    assertEquals(java.util.List.of("kept", "other"), store.list());
    assertEquals(2.5, store.load("kept").session().parameters().get("trim.gain"), 0.0);
  }

  @Test
  void resolvesTheStateFolder() {
    Path home = Path.of("/home/eng");
    Path given = Path.of("/var/lib/lathe");
    Map<String, String> xdg = Map.of("XDG_STATE_HOME", "/srv/state");
    assertEquals(given, SessionStore.resolveFolder(given, xdg, home));
    assertEquals(Path.of("/srv/state/lathe"), SessionStore.resolveFolder(null, xdg, home));
    assertEquals(
        Path.of("/home/eng/.local/state/lathe"), SessionStore.resolveFolder(null, Map.of(), home));
    assertEquals(
        Path.of("/home/eng/.local/state/lathe"),
        SessionStore.resolveFolder(null, Map.of("XDG_STATE_HOME", "relative/state"), home));
    assertEquals(
        Path.of("/home/eng/.local/state/lathe"),
        SessionStore.resolveFolder(null, Map.of("XDG_STATE_HOME", ""), home));
    // A systemd service with StateDirectory=lathe gets STATE_DIRECTORY=/var/lib/lathe.
    Map<String, String> service =
        Map.of("STATE_DIRECTORY", "/var/lib/lathe:/var/lib/other", "XDG_STATE_HOME", "/srv/state");
    assertEquals(Path.of("/var/lib/lathe"), SessionStore.resolveFolder(null, service, home));
    assertEquals(given, SessionStore.resolveFolder(given, service, home));
  }

  @Test
  void savesLoadsAndListsWithALastGoodCopyAndNoTemporaryFiles() throws IOException {
    SessionStore store = store();
    assertEquals(List.of(), store.list());
    Session s = SessionJsonTest.everyFieldSet();
    store.save("album side A", s);
    store.save("single", Session.defaults());
    SessionStore.Loaded loaded = store.load("album side A");
    assertEquals(s, loaded.session());
    assertEquals(List.of(), loaded.warnings());
    assertFalse(loaded.fromLastGood());
    assertEquals(List.of("album side A", "single"), store.list());
    assertEquals(
        Files.readString(store.fileOf("album side A")),
        Files.readString(store.lastGoodOf("album side A")));
    assertEquals(
        List.of(
            "album side A.session.json",
            "album side A.session.json.last-good",
            "single.session.json",
            "single.session.json.last-good"),
        filesIn(store.folder()));
  }

  @Test
  void aSuccessfulLoadRestoresTheLastGoodCopy() throws IOException {
    SessionStore store = store();
    store.save("s", SessionJsonTest.everyFieldSet());
    Files.delete(store.lastGoodOf("s"));
    store.load("s");
    assertEquals(Files.readString(store.fileOf("s")), Files.readString(store.lastGoodOf("s")));
  }

  @Test
  void aCorruptFileIsKeptAsideReportedAndTheLastGoodCopyLoaded() throws IOException {
    SessionStore store = store();
    Session good = SessionJsonTest.everyFieldSet();
    store.save("s", good);
    byte[] garbage =
        "{\"schemaVersion\": 2, \"parameters\": {\u0000 half a fi".getBytes(StandardCharsets.UTF_8);
    Files.write(store.fileOf("s"), garbage);

    SessionStore.Loaded loaded = store.load("s");

    assertEquals(good, loaded.session());
    assertTrue(loaded.fromLastGood());
    Path aside = store.folder().resolve("s.session.json.corrupt-20250304-050607");
    assertArrayEquals(garbage, Files.readAllBytes(aside), "the corrupt file is kept unchanged");
    assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
    String warning = loaded.warnings().get(0);
    assertTrue(warning.startsWith(store.fileOf("s") + ": line 1, column "), warning);
    assertTrue(warning.contains("kept as s.session.json.corrupt-20250304-050607"), warning);
    assertTrue(warning.contains("loaded the last good copy s.session.json.last-good"), warning);
    // The session file is whole again, and a second load is clean.
    assertEquals(Files.readString(store.lastGoodOf("s")), Files.readString(store.fileOf("s")));
    assertEquals(List.of(), store.load("s").warnings());
  }

  @Test
  void aSecondCorruptionTheSameSecondGetsItsOwnName() throws IOException {
    SessionStore store = store();
    store.save("s", Session.defaults());
    Files.writeString(store.fileOf("s"), "first");
    store.load("s");
    Files.writeString(store.fileOf("s"), "second");
    store.load("s");
    assertEquals(
        "first",
        Files.readString(store.folder().resolve("s.session.json.corrupt-20250304-050607")));
    assertEquals(
        "second",
        Files.readString(store.folder().resolve("s.session.json.corrupt-20250304-050607-2")));
  }

  @Test
  void anUnreadableFileIsKeptAsideToo() throws IOException {
    SessionStore store = store();
    store.save("s", Session.defaults());
    Files.delete(store.fileOf("s"));
    Files.createDirectory(store.fileOf("s")); // a folder in the file's place cannot be read
    SessionStore.Loaded loaded = store.load("s");
    assertEquals(Session.defaults(), loaded.session());
    assertTrue(Files.isDirectory(store.folder().resolve("s.session.json.corrupt-20250304-050607")));
    assertTrue(Files.isRegularFile(store.fileOf("s")));
  }

  @Test
  void aCorruptFileWithoutLastGoodCopyIsKeptAsideAndFails() throws IOException {
    SessionStore store = store();
    Files.createDirectories(store.folder());
    Files.writeString(store.fileOf("s"), "not json");
    SessionFormatException e = assertThrows(SessionFormatException.class, () -> store.load("s"));
    assertTrue(e.getMessage().contains("no last good copy"), e.getMessage());
    assertTrue(e.getMessage().startsWith(store.fileOf("s").toString()), e.getMessage());
    assertEquals(
        "not json",
        Files.readString(store.folder().resolve("s.session.json.corrupt-20250304-050607")));
    assertFalse(Files.exists(store.fileOf("s")));
  }

  @Test
  void aMissingSessionIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> store().load("nothing"));
  }

  @Test
  void namesThatAreNotPlainFileNamesAreRefused() {
    SessionStore store = store();
    for (String bad : List.of("", "../x", "a/b", ".hidden", "-dash")) {
      assertThrows(IllegalArgumentException.class, () -> store.fileOf(bad), bad);
    }
  }
}
