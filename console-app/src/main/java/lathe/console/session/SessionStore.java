package lathe.console.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lathe.console.io.AtomicFiles;

/**
 * Keeps named sessions as {@code NAME.session.json} files in the state folder, written atomically,
 * with a last good copy of each beside it so that a corrupt file never costs the session.
 */
public final class SessionStore {
  /** Suffix of a session file. */
  public static final String SUFFIX = ".session.json";

  /** Suffix added to a session file for its last good copy. */
  public static final String LAST_GOOD = ".last-good";

  /**
   * Age after which a temporary file of an interrupted write is removed: a write takes
   * milliseconds, so a temporary file this old belongs to a process that died mid-write.
   */
  public static final Duration STALE_TEMPORARY_AGE = Duration.ofMinutes(1);

  /** Temporary names {@link AtomicFiles} gives the files of this store. */
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+\\.session\\.json.*\\.tmp-[0-9a-f]{16}");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,127}");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path folder;
  private final Clock clock;
  private boolean tidied;

  /** Creates a store on a state folder, which is created on the first save. */
  public SessionStore(Path folder) {
    this(folder, Clock.systemDefaultZone());
  }

  /** Creates a store on a state folder, stamping corrupt files with the given clock's time. */
  public SessionStore(Path folder, Clock clock) {
    this.folder = Objects.requireNonNull(folder, "folder");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Holds a loaded session and what the store had to report while loading it.
   *
   * @param session the session
   * @param warnings one line per problem: unknown parameters, a corrupt file kept aside
   * @param fromLastGood whether the session came from the last good copy
   */
  public record Loaded(Session session, List<String> warnings, boolean fromLastGood) {
    /** Freezes the warnings. */
    public Loaded {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Returns the state folder: {@code stateDirOption} when given, else {@code $STATE_DIRECTORY} (set
   * by systemd for a service with {@code StateDirectory=}; the first of a colon-separated list),
   * else {@code $XDG_STATE_HOME/lathe} when that variable holds an absolute path, else {@code
   * HOME/.local/state/lathe}.
   */
  public static Path resolveFolder(Path stateDirOption, Map<String, String> env, Path home) {
    if (stateDirOption != null) {
      return stateDirOption;
    }
    String service = env.get("STATE_DIRECTORY");
    if (service != null && !service.isBlank()) {
      Path first = Path.of(service.split(":", -1)[0]);
      if (first.isAbsolute()) {
        return first;
      }
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg).resolve("lathe");
    }
    return home.resolve(".local").resolve("state").resolve("lathe");
  }

  /** Returns the state folder of this store. */
  public Path folder() {
    return folder;
  }

  /** Returns the file that holds the named session. */
  public Path fileOf(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "session name '"
              + name
              + "' must start with a letter or digit and hold only letters, digits, '.', '_', '-'"
              + " and spaces");
    }
    return folder.resolve(name + SUFFIX);
  }

  /** Returns the last good copy of the named session's file. */
  public Path lastGoodOf(String name) {
    Path file = fileOf(name);
    return file.resolveSibling(file.getFileName() + LAST_GOOD);
  }

  /** Writes the session atomically, then its last good copy. */
  public void save(String name, Session session) throws IOException {
    Path file = fileOf(name);
    Files.createDirectories(folder);
    tidyOnce();
    String text = SessionJson.write(session);
    AtomicFiles.writeString(file, text);
    AtomicFiles.writeString(lastGoodOf(name), text);
  }

  /**
   * Loads the named session. A corrupt or unreadable file is renamed aside to {@code
   * NAME.session.json.corrupt-YYYYMMDD-HHMMSS}, reported in the warnings, and the last good copy is
   * loaded and written back in its place.
   *
   * @throws NoSuchFileException if there is neither a session file nor a last good copy
   * @throws IOException if the file is broken and there is no readable last good copy
   */
  public Loaded load(String name) throws IOException {
    Path file = fileOf(name);
    tidyOnce();
    Path lastGood = lastGoodOf(name);
    String text;
    String problem;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
      SessionJson.Read read = SessionJson.read(text, file.toString());
      keepLastGood(lastGood, text);
      return new Loaded(read.session(), read.warnings(), false);
    } catch (NoSuchFileException e) {
      if (!Files.exists(lastGood)) {
        throw new NoSuchFileException(file.toString(), null, "no session '" + name + "'");
      }
      problem = file + " is missing";
    } catch (IOException e) {
      // Corrupt JSON, bad UTF-8, no permission, a folder in the file's place: all keep it aside.
      Path aside = keepAside(file);
      problem =
          oneLine(e, file)
              + "; kept as "
              + aside.getFileName()
              + (Files.exists(lastGood) ? "" : " and there is no last good copy");
      if (!Files.exists(lastGood)) {
        throw new SessionFormatException(problem);
      }
    }
    String goodText;
    SessionJson.Read read;
    try {
      goodText = Files.readString(lastGood, StandardCharsets.UTF_8);
      read = SessionJson.read(goodText, lastGood.toString());
    } catch (IOException e) {
      throw new SessionFormatException(
          problem + "; the last good copy is broken too: " + oneLine(e, lastGood));
    }
    AtomicFiles.writeString(file, goodText);
    List<String> warnings = new ArrayList<>();
    warnings.add(problem + "; loaded the last good copy " + lastGood.getFileName());
    warnings.addAll(read.warnings());
    return new Loaded(read.session(), warnings, true);
  }

  /** Returns the names of the stored sessions, sorted. */
  public List<String> list() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    tidyOnce();
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          // A session whose file was lost but whose last good copy is there still exists.
          .map(
              n ->
                  n.endsWith(SUFFIX + LAST_GOOD)
                      ? n.substring(0, n.length() - LAST_GOOD.length())
                      : n)
          .filter(n -> n.endsWith(SUFFIX))
          .map(n -> n.substring(0, n.length() - SUFFIX.length()))
          .filter(n -> NAME.matcher(n).matches())
          .distinct()
          .sorted()
          .toList();
    }
  }

  /** Tells whether the named session has a file or a last good copy in the store. */
  public boolean exists(String name) {
    return Files.exists(fileOf(name)) || Files.exists(lastGoodOf(name));
  }

  /** Returns when the named session's file was last written. */
  public Instant modified(String name) throws IOException {
    Path file = fileOf(name);
    return Files.getLastModifiedTime(Files.exists(file) ? file : lastGoodOf(name)).toInstant();
  }

  /**
   * Saves the session in place of a stored one, first copying the stored file (and its last good
   * copy, when that differs) aside to {@code NAME.session.json.replaced-YYYYMMDD-HHMMSS}, so that
   * nothing is lost; returns the copies made, none when there was no session of that name.
   */
  public List<Path> replace(String name, Session session) throws IOException {
    Path file = fileOf(name);
    Path lastGood = lastGoodOf(name);
    List<Path> kept = new ArrayList<>();
    byte[] current = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    if (current != null) {
      kept.add(copyAside(file, current));
    }
    if (Files.isRegularFile(lastGood)) {
      byte[] good = Files.readAllBytes(lastGood);
      if (current == null || !Arrays.equals(current, good)) {
        kept.add(copyAside(lastGood, good));
      }
    }
    save(name, session);
    return kept;
  }

  /**
   * Removes the temporary files that writes of this store left behind when their process died
   * (older than {@link #STALE_TEMPORARY_AGE} by this store's clock); returns the files removed.
   */
  public List<Path> removeStaleTemporaries() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    Instant before = clock.instant().minus(STALE_TEMPORARY_AGE);
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path p : files) {
        if (TEMPORARY.matcher(p.getFileName().toString()).matches()
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(p).toInstant().isBefore(before)
            && Files.deleteIfExists(p)) {
          removed.add(p);
        }
      }
    }
    return removed;
  }

  /** Removes stale temporary files once, at this store's first use; a failure never blocks it. */
  private void tidyOnce() {
    if (tidied) {
      return;
    }
    tidied = true;
    try {
      removeStaleTemporaries();
    } catch (IOException e) {
      // Best effort: a leftover temporary file takes space but costs no session.
    }
  }

  private Path copyAside(Path file, byte[] content) throws IOException {
    String stamp = LocalDateTime.now(clock).format(STAMP);
    Path aside = file.resolveSibling(file.getFileName() + ".replaced-" + stamp);
    for (int n = 2; Files.exists(aside); n++) {
      aside = file.resolveSibling(file.getFileName() + ".replaced-" + stamp + "-" + n);
    }
    Path temporary = AtomicFiles.temporaryBeside(aside);
    try {
      try (FileChannel ch =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.move(temporary, aside, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.syncFolder(aside);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return aside;
  }

  private void keepLastGood(Path lastGood, String text) throws IOException {
    try {
      if (Files.readString(lastGood, StandardCharsets.UTF_8).equals(text)) {
        return;
      }
    } catch (IOException e) {
      // missing or unreadable: write it afresh
    }
    AtomicFiles.writeString(lastGood, text);
  }

  private Path keepAside(Path file) throws IOException {
    String stamp = LocalDateTime.now(clock).format(STAMP);
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
    for (int n = 2; Files.exists(aside); n++) {
      aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + n);
    }
    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.syncFolder(aside);
    return aside;
  }

  private static String oneLine(IOException e, Path file) {
    if (e instanceof SessionFormatException) {
      return e.getMessage();
    }
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (!why.contains(file.toString())) {
      why = file + ": " + why;
    }
    return why.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
