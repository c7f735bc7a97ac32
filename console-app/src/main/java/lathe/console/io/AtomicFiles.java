package lathe.console.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a crash or power cut leaves either the old file or the new one, never half
 * of one: the content goes to a hidden temporary file beside the target, is fsynced, renamed over
 * the target, and the folder is fsynced.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Returns a fresh hidden temporary name beside {@code target}: {@code .NAME.tmp-<random>}. */
  public static Path temporaryBeside(Path target) {
    Path absolute = target.toAbsolutePath();
    String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    return absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + random);
  }

  /** Renames a finished, fsynced temporary file over the target and fsyncs the folder. */
  public static void replace(Path temporary, Path target) throws IOException {
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncFolder(target);
  }

  /** Fsyncs the folder that holds {@code file}, so a rename in it survives a power cut. */
  public static void syncFolder(Path file) throws IOException {
    try (FileChannel dir =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** Replaces {@code target} with {@code text} in UTF-8, atomically. */
  public static void writeString(Path target, String text) throws IOException {
    Path temporary = temporaryBeside(target);
    try {
      try (FileChannel ch =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      replace(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
