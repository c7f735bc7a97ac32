package lathe.console.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private long filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.count();
    }
  }

  @Test
  void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("mix.master.json");
    Files.writeString(target, "old");
    AtomicFiles.writeString(target, "{\"new\": true}\n");
    assertEquals("{\"new\": true}\n", Files.readString(target));
    assertEquals(1, filesIn(dir));
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNothingElse() throws IOException {
    Path target = dir.resolve("report.json");
    Files.writeString(target, "old");
    // The target is a folder's name now: the rename fails, the temporary file must go.
    Path blocked = dir.resolve("blocked");
    Files.createDirectory(blocked);
    Files.writeString(blocked.resolve("inside"), "x");
    assertThrows(IOException.class, () -> AtomicFiles.writeString(blocked, "new"));
    assertEquals("old", Files.readString(target));
    assertEquals(2, filesIn(dir));
  }
}
