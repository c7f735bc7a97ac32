package lathe.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL in the middle of its save loop a hundred times, and loads the
 * session after each kill: it must be the last saved one or the one being saved, never broken.
 */
class SigkillSaveTest {
  private static final int KILLS = 100;
  private static final String NAME = "live";

  @TempDir Path state;
  @TempDir Path log;

  @Test
  void aKilledSaveLeavesTheOldOrTheNewSession() throws Exception {
    SessionStore store = new SessionStore(state);
    store.save(NAME, SaveLoop.sessionFor(0));
    long loadedCounter = 0;
    int kills = 0;
    int broken = 0;
    long savesSeen = 0;
    List<String> problems = new ArrayList<>();
    Random random = new Random(7);
    for (int round = 0; round < KILLS; round++) {
      // The child's output goes to a file, read whole after the kill: a pipe read while the child
      // dies can lose its last lines (the JDK drains and closes it under the reader's feet).
      Path output = log.resolve("child-" + round + ".txt");
      Process child = start(loadedCounter + 1, output);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!ready(output) && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertTrue(ready(output), "the save loop did not start");
      Thread.sleep(15 + random.nextInt(110));
      child.destroyForcibly();
      child.waitFor();
      AtomicLong lastSaved = new AtomicLong(-1);
      for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
        if (line.startsWith("saved ")) {
          lastSaved.set(Long.parseLong(line.substring(6)));
        }
      }
      kills++;
      long before = Math.max(loadedCounter, lastSaved.get());
      if (lastSaved.get() >= 0) {
        savesSeen += lastSaved.get() - loadedCounter;
      }
      try {
        SessionStore.Loaded loaded = store.load(NAME);
        long counter = (long) (double) loaded.session().parameters().get(SaveLoop.COUNTER);
        boolean expected = counter == before || counter == before + 1;
        if (!expected
            || !loaded.warnings().isEmpty()
            || !loaded.session().equals(SaveLoop.sessionFor(counter))
            || !store.list().equals(List.of(NAME))) {
          broken++;
          problems.add(
              "kill "
                  + kills
                  + ": counter "
                  + counter
                  + " after "
                  + before
                  + ", "
                  + loaded.warnings());
        }
        loadedCounter = counter;
      } catch (IOException e) {
        broken++;
        problems.add("kill " + kills + ": " + e.getMessage());
      }
    }
    System.out.println(
        "kills " + kills + ", broken loads " + broken + " (about " + savesSeen + " saves)");
    assertEquals(KILLS, kills);
    assertEquals(List.of(), problems);
    assertEquals(0, broken);
    assertTrue(
        loadedCounter > KILLS, "the loop saved too rarely to test anything: " + loadedCounter);
  }

  private Process start(long firstCounter, Path output) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            SaveLoop.class.getName(),
            state.toString(),
            NAME,
            Long.toString(firstCounter))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(output.toFile())
        .start();
  }

  private static boolean ready(Path output) throws IOException {
    return Files.exists(output)
        && Files.readString(output, StandardCharsets.UTF_8).startsWith("ready\n");
  }
}
