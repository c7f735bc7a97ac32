package lathe.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      Process child = start(loadedCounter + 1);
      AtomicLong lastSaved = new AtomicLong(-1);
      CountDownLatch ready = new CountDownLatch(1);
      Thread reader = Thread.ofPlatform().daemon().start(() -> follow(child, ready, lastSaved));
      assertTrue(ready.await(20, TimeUnit.SECONDS), "the save loop did not start");
      Thread.sleep(15 + random.nextInt(110));
      child.destroyForcibly();
      child.waitFor();
      // Every line the child printed before it died must be read before the load is judged.
      reader.join(30_000);
      assertTrue(!reader.isAlive(), "the child's output was not read to its end");
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

  private Process start(long firstCounter) throws IOException {
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
        .start();
  }

  private static void follow(Process child, CountDownLatch ready, AtomicLong lastSaved) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("ready")) {
          ready.countDown();
        } else if (line.startsWith("saved ")) {
          lastSaved.set(Long.parseLong(line.substring(6)));
        }
      }
    } catch (IOException e) {
      // the pipe closes when the child dies
    }
  }
}
