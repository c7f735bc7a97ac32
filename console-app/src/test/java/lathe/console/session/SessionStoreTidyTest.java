package lathe.console.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import lathe.console.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTidyTest {
  @TempDir Path dir;

  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  private SessionStore store() {
    return new SessionStore(dir.resolve("state"), clock);
  }

  private List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Leaves a temporary file as a write killed before its rename does, written at {@code when}. */
  private static Path leftBehind(Path target, Instant when) throws IOException {
    Path temporary = AtomicFiles.temporaryBeside(target);
    Files.writeString(temporary, "{\"half\": ");
    Files.setLastModifiedTime(temporary, FileTime.from(when));
    return temporary;
  }

  @Test
  void openingTheStoreRemovesTemporaryFilesOlderThanAMinuteAndKeepsTheRest() throws IOException {
    SessionStore first = store();
    first.save("s", Session.defaults());
    Path oldSession = leftBehind(first.fileOf("s"), NOW.minusSeconds(61));
    Path oldLastGood = leftBehind(first.lastGoodOf("s"), NOW.minusSeconds(3600));
    Path young = leftBehind(first.fileOf("s"), NOW.minusSeconds(59));
    Path notOurs = first.folder().resolve(".notes.txt.tmp-0123456789abcdef");
    Files.writeString(notOurs, "x");
    Files.setLastModifiedTime(notOurs, FileTime.from(NOW.minusSeconds(3600)));

    // A new store is what a new process opens; its first use tidies the folder.
    SessionStore second = store();
    assertEquals(List.of("s"), second.list());

    assertFalse(Files.exists(oldSession));
    assertFalse(Files.exists(oldLastGood));
    assertTrue(Files.exists(young), "a write in flight in another process is left alone");
    assertTrue(Files.exists(notOurs), "only the store's own temporary files are removed");
    assertEquals(
        List.of(
            ".notes.txt.tmp-0123456789abcdef",
            young.getFileName().toString(),
            "s.session.json",
            "s.session.json.last-good"),
        filesIn(second.folder()));
    assertEquals(Session.defaults(), second.load("s").session());
  }

  @Test
  void loadAndSaveTidyToo() throws IOException {
    store().save("s", Session.defaults());
    Path stale = leftBehind(store().fileOf("s"), NOW.minusSeconds(120));
    store().load("s");
    assertFalse(Files.exists(stale));
    Path again = leftBehind(store().fileOf("s"), NOW.minusSeconds(120));
    store().save("t", Session.defaults());
    assertFalse(Files.exists(again));
  }

  @Test
  void removeStaleTemporariesReportsWhatItRemoved() throws IOException {
    SessionStore store = store();
    assertEquals(List.of(), store.removeStaleTemporaries(), "no folder yet");
    store.save("s", Session.defaults());
    Path stale = leftBehind(store.fileOf("s"), NOW.minusSeconds(600));
    assertEquals(List.of(stale.getFileName()), fileNames(store.removeStaleTemporaries()));
    assertEquals(List.of(), store.removeStaleTemporaries());
  }

  private static List<Path> fileNames(List<Path> paths) {
    return paths.stream().map(Path::getFileName).toList();
  }

  @Test
  void replaceKeepsTheReplacedSessionBesideIt() throws IOException {
    SessionStore store = store();
    Session old = Session.defaults().withParameter("trim.gain", -3.0);
    store.save("s", old);
    byte[] oldBytes = Files.readAllBytes(store.fileOf("s"));
    Session fresh = Session.defaults().withParameter("trim.gain", 4.5);

    List<Path> kept = store.replace("s", fresh);

    assertEquals(List.of(store.folder().resolve("s.session.json.replaced-20250304-050607")), kept);
    assertArrayEquals(oldBytes, Files.readAllBytes(kept.get(0)));
    assertEquals(fresh, store.load("s").session());
    assertEquals(List.of("s"), store.list(), "the copy is not listed as a session");
  }

  @Test
  void replaceKeepsALastGoodCopyThatDiffersFromACorruptFile() throws IOException {
    SessionStore store = store();
    store.save("s", Session.defaults().withParameter("trim.gain", -3.0));
    byte[] good = Files.readAllBytes(store.lastGoodOf("s"));
    Files.writeString(store.fileOf("s"), "garbage");

    List<Path> kept = store.replace("s", Session.defaults());

    assertEquals(
        List.of(
            store.folder().resolve("s.session.json.replaced-20250304-050607"),
            store.folder().resolve("s.session.json.last-good.replaced-20250304-050607")),
        kept);
    assertEquals("garbage", Files.readString(kept.get(0)));
    assertArrayEquals(good, Files.readAllBytes(kept.get(1)));
  }

  @Test
  void replaceOfANewNameKeepsNothingAndSaves() throws IOException {
    SessionStore store = store();
    assertEquals(List.of(), store.replace("new", Session.defaults()));
    assertTrue(store.exists("new"));
    assertFalse(store.exists("other"));
  }

  @Test
  void temporaryFilesLeftByAKilledWriterAreRemovedOnceStale() throws Exception {
    Path folder = dir.resolve("killed");
    SessionStore store = new SessionStore(folder);
    store.save("live", SaveLoop.sessionFor(0));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                SaveLoop.class.getName(),
                folder.toString(),
                "live",
                "1")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    // Freeze the save loop at random moments until one finds a write in flight, then SIGKILL it
    // there: the temporary file stays behind exactly as after a crash.
    List<Path> left = List.of();
    int freezes = 0;
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (left.isEmpty() && System.nanoTime() < deadline) {
        signal(child, "STOP");
        freezes++;
        left = temporaries(folder);
        if (left.isEmpty()) {
          signal(child, "CONT");
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertFalse(left.isEmpty(), "no freeze landed in the middle of a write");
    System.out.println(freezes + " freezes; the kill left " + left.size() + " temporary file(s)");
    assertEquals(left, temporaries(folder), "still there after the kill");

    // Young, they may belong to a live writer: kept. Over a minute old: removed on opening.
    new SessionStore(folder).list();
    assertEquals(left, temporaries(folder));
    for (Path p : left) {
      Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(61)));
    }
    SessionStore.Loaded loaded = new SessionStore(folder).load("live");

    assertEquals(List.of(), temporaries(folder));
    assertEquals(List.of(), loaded.warnings());
    assertEquals(List.of("live.session.json", "live.session.json.last-good"), filesIn(folder));
  }

  private static List<Path> temporaries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().contains(".tmp-")).sorted().toList();
    }
  }

  /** Sends a signal to a child process through kill(1). */
  private static void signal(Process child, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid())).start();
    assertEquals(0, kill.waitFor(), "kill -" + name);
  }
}
