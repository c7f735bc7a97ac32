package lathe.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import lathe.console.io.AtomicFiles;
import lathe.console.session.RecallSheet;
import lathe.console.session.Session;
import lathe.console.session.SessionDiff;
import lathe.console.session.SessionFormatException;
import lathe.console.session.SessionJson;
import lathe.console.session.SessionStore;
import lathe.dsp.param.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists, shows, exports, imports, compares and prints the stored sessions. */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = "List, show, export, import and compare sessions; print a recall sheet.",
    subcommands = {
      SessionCommand.ListSessions.class,
      SessionCommand.Show.class,
      SessionCommand.Export.class,
      SessionCommand.Import.class,
      SessionCommand.Sheet.class,
      SessionCommand.Diff.class
    })
final class SessionCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Holds the {@code --state-dir} option every command that reads or writes sessions takes. */
  static final class StateDir {
    @Option(
        names = "--state-dir",
        paramLabel = "DIR",
        description =
            "Where sessions live (default: $STATE_DIRECTORY under systemd, else"
                + " $XDG_STATE_HOME/lathe, else ~/.local/state/lathe).")
    Path dir;

    SessionStore store() {
      return new SessionStore(
          SessionStore.resolveFolder(
              dir, System.getenv(), Path.of(System.getProperty("user.home"))));
    }
  }

  /** Lists every stored session. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the stored sessions: name, modified time, filled slots, active A/B side.")
  static final class ListSessions implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StateDir stateDir;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      SessionStore store = stateDir.store();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> names = store.list();
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      int width = Math.max(4, names.stream().mapToInt(String::length).max().orElse(0));
      if (!json) {
        if (names.isEmpty()) {
          out.println("no sessions in " + store.folder());
        } else {
          out.printf("%-" + width + "s  %-19s  %-5s  %s%n", "NAME", "MODIFIED", "SLOTS", "A/B");
        }
      }
      for (String name : names) {
        Instant modified = store.modified(name);
        // Read-only: listing never renames a corrupt file aside; opening the session does.
        Session session;
        try {
          session =
              SessionJson.read(
                      Files.readString(store.fileOf(name), StandardCharsets.UTF_8),
                      store.fileOf(name).toString())
                  .session();
        } catch (IOException e) {
          err.println("lathe: " + oneLine(e));
          session = null;
        }
        int filled =
            session == null
                ? -1
                : (int) session.slots().stream().filter(Optional::isPresent).count();
        if (json) {
          ObjectNode o = array.addObject();
          o.put("name", name);
          o.put("file", store.fileOf(name).toString());
          o.put("modified", modified.toString());
          o.put("readable", session != null);
          if (session != null) {
            o.put("slotsFilled", filled);
            o.put("abActive", session.ab().active().name());
          }
        } else {
          out.printf(
              "%-" + width + "s  %-19s  %-5s  %s%n",
              name,
              TIME.format(modified.atZone(ZoneId.systemDefault())),
              session == null ? "?" : filled + "/" + Session.SLOT_COUNT,
              session == null ? "unreadable" : session.ab().active().name());
        }
      }
      if (json) {
        out.print(MAPPER.writeValueAsString(array) + "\n");
      }
      out.flush();
      err.flush();
      return 0;
    }
  }

  /** Shows a session's summary and the parameters that differ from the defaults. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a session: its settings and every parameter changed from the default.")
  static final class Show implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StateDir stateDir;

    @Parameters(paramLabel = "NAME", description = "The session's name.")
    String name;

    @Option(names = "--json", description = "Print the stored session JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      SessionStore store = stateDir.store();
      Session session = load(store, name, spec.commandLine().getErr());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.print(Files.readString(store.fileOf(name), StandardCharsets.UTF_8));
        out.flush();
        return 0;
      }
      out.println("Session    " + name);
      out.println("File       " + store.fileOf(name));
      out.println("Modified   " + TIME.format(store.modified(name).atZone(ZoneId.systemDefault())));
      RecallSheet.settingsLines(session).forEach(out::println);
      List<String> changed = changedFromDefaults(session.parameters());
      if (changed.isEmpty()) {
        out.println("Every parameter is at its default.");
      } else {
        out.println("Changed from the defaults (" + changed.size() + "):");
        changed.forEach(out::println);
      }
      out.flush();
      return 0;
    }

    private static List<String> changedFromDefaults(Map<String, Double> values) {
      List<SessionDiff.Change> changes = SessionDiff.between(Session.defaultParameters(), values);
      int width = changes.stream().mapToInt(c -> c.spec().id().length()).max().orElse(0);
      return changes.stream()
          .map(
              c -> {
                ParamSpec p = c.spec();
                return String.format(
                    "  %-" + width + "s  %s  (default %s)", p.id(), c.toText(), c.fromText());
              })
          .toList();
    }
  }

  /** Writes a session's JSON to a file. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write a session's JSON to a file, atomically.")
  static final class Export implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StateDir stateDir;

    @Parameters(index = "0", paramLabel = "NAME", description = "The session's name.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file to write.")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
      SessionStore store = stateDir.store();
      Session session = load(store, name, spec.commandLine().getErr());
      if (Files.exists(file) && !force) {
        throw new IOException(file + " exists; --force replaces it");
      }
      if (Files.isDirectory(file)) {
        throw new IOException(file + " is a folder, not a file");
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new IOException(file + ": folder " + parent + " does not exist");
      }
      AtomicFiles.writeString(file, SessionJson.write(session));
      PrintWriter out = spec.commandLine().getOut();
      out.println("session " + name + " written to " + file);
      out.flush();
      return 0;
    }
  }

  /** Reads a session file, checks it and stores it. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Check a session file and store it under its name or --as NAME.")
  static final class Import implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StateDir stateDir;

    @Parameters(paramLabel = "FILE", description = "A session JSON file.")
    Path file;

    @Option(
        names = "--as",
        paramLabel = "NAME",
        description = "Store it under this name (default: the file name without .session.json).")
    String as;

    @Option(
        names = "--force",
        description = "Replace a stored session of that name; the old one is kept beside it.")
    boolean force;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      SessionStore store = stateDir.store();
      String name = as != null ? as : nameOf(file);
      try {
        store.fileOf(name);
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage() + (as == null ? "; give one with --as NAME" : ""));
      }
      SessionJson.Read read = SessionJson.read(readText(file), file.toString());
      read.warnings().forEach(w -> err.println("lathe: " + w));
      err.flush();
      if (store.exists(name)) {
        if (!force) {
          throw new IOException(
              "session '"
                  + name
                  + "' exists ("
                  + store.fileOf(name)
                  + "); --force replaces it and keeps the old one beside it");
        }
        List<Path> kept = store.replace(name, read.session());
        out.println(
            "session "
                + name
                + " replaced from "
                + file
                + (kept.isEmpty()
                    ? ""
                    : "; the previous one kept as "
                        + String.join(
                            ", ", kept.stream().map(p -> p.getFileName().toString()).toList())));
      } else {
        store.save(name, read.session());
        out.println("session " + name + " imported from " + file + " to " + store.fileOf(name));
      }
      out.flush();
      return 0;
    }

    private static String nameOf(Path file) {
      String n = file.getFileName().toString();
      for (String suffix : List.of(SessionStore.SUFFIX, ".json")) {
        if (n.endsWith(suffix) && n.length() > suffix.length()) {
          return n.substring(0, n.length() - suffix.length());
        }
      }
      return n;
    }
  }

  /** Prints a recall sheet. */
  @Command(
      name = "sheet",
      mixinStandardHelpOptions = true,
      description =
          "Print a recall sheet: every control and its value, module by module, the slots, A/B,"
              + " reference, files, device and map.")
  static final class Sheet implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StateDir stateDir;

    @Parameters(paramLabel = "NAME", description = "The session's name.")
    String name;

    @Option(names = "--json", description = "Print the sheet as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      SessionStore store = stateDir.store();
      Session session = load(store, name, spec.commandLine().getErr());
      RecallSheet sheet =
          new RecallSheet(
              name, session, store.fileOf(name), store.modified(name), ZoneId.systemDefault());
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? sheet.json() : sheet.text());
      out.flush();
      return 0;
    }
  }

  /** Lists what differs between two states. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description = {
        "List the parameters that differ between two states, one per line: ID  VALUE1 -> VALUE2.",
        "A state is NAME (a session's working state), NAME:A or NAME:B (its A/B working states),"
            + " NAME:N (its slot N, 1-8) or a file ending in .json (also FILE.json:A, :B, :N); A, B"
            + " and N alone mean those of"
            + " the --session."
      })
  static final class Diff implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin StateDir stateDir;

    @Parameters(index = "0", paramLabel = "STATE1", description = "The first state.")
    String first;

    @Parameters(index = "1", paramLabel = "STATE2", description = "The second state.")
    String second;

    @Option(
        names = "--session",
        paramLabel = "NAME",
        defaultValue = "default",
        description = "The session that A, B and slot numbers alone refer to (default: default).")
    String session;

    @Override
    public Integer call() throws IOException {
      SessionStore store = stateDir.store();
      PrintWriter err = spec.commandLine().getErr();
      Map<String, Double> a = state(store, first, err);
      Map<String, Double> b = state(store, second, err);
      List<SessionDiff.Change> changes = SessionDiff.between(a, b);
      PrintWriter out = spec.commandLine().getOut();
      if (changes.isEmpty()) {
        out.println("no differences");
      } else {
        SessionDiff.lines(changes, "").forEach(out::println);
      }
      out.flush();
      return 0;
    }

    private Map<String, Double> state(SessionStore store, String text, PrintWriter err)
        throws IOException {
      String name;
      String which;
      if (text.matches("[AaBb]|[0-9]+")) {
        name = session;
        which = text;
      } else {
        int colon = text.lastIndexOf(':');
        name = colon < 0 ? text : text.substring(0, colon);
        which = colon < 0 ? null : text.substring(colon + 1);
      }
      if (which != null && !which.matches("[AaBb]|[0-9]+")) {
        throw new IOException(
            "state '" + text + "': after the colon comes A, B or a slot number 1-8");
      }
      Session s;
      if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
        Path file = Path.of(name); // a session file, also as FILE.json:B or FILE.json:3
        SessionJson.Read read = SessionJson.read(readText(file), file.toString());
        read.warnings().forEach(w -> err.println("lathe: " + w));
        s = read.session();
      } else {
        s = load(store, name, err);
      }
      if (which == null) {
        return s.parameters();
      }
      if (which.equalsIgnoreCase("A") || which.equalsIgnoreCase("B")) {
        return SessionDiff.side(s, Session.Side.valueOf(which.toUpperCase(Locale.ROOT)));
      }
      int slot;
      try {
        slot = Integer.parseInt(which);
      } catch (NumberFormatException e) {
        slot = 0;
      }
      if (slot < 1 || slot > Session.SLOT_COUNT) {
        throw new IOException(
            "state '" + text + "': slot " + which + " does not exist; slots are 1-8");
      }
      return s.slots()
          .get(slot - 1)
          .orElseThrow(
              () ->
                  new IOException(
                      "state '" + text + "': slot " + which + " of " + name + " is empty"));
    }
  }

  /**
   * Loads a stored session, saying on {@code err} what the store had to repair.
   *
   * @throws IOException naming the session and the ones that exist when there is no such session
   */
  static Session load(SessionStore store, String name, PrintWriter err) throws IOException {
    boolean exists;
    try {
      exists = store.exists(name);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
    if (!exists) {
      throw unknown(store, name);
    }
    SessionStore.Loaded loaded;
    try {
      loaded = store.load(name);
    } catch (NoSuchFileException e) {
      throw unknown(store, name);
    }
    loaded.warnings().forEach(w -> err.println("lathe: " + w));
    err.flush();
    return loaded.session();
  }

  private static IOException unknown(SessionStore store, String name) throws IOException {
    List<String> names = store.list();
    return new IOException(
        "no session '"
            + name
            + "' in "
            + store.folder()
            + (names.isEmpty()
                ? "; there are no sessions there"
                : "; sessions there: " + String.join(", ", names)));
  }

  /** Reads a file as UTF-8, with one line naming it when it cannot be read. */
  static String readText(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new SessionFormatException(file + ": not UTF-8 text, not a session");
    } catch (IOException e) {
      String why = oneLine(e);
      throw new IOException(
          why.equals(file.toString())
              ? file + ": cannot be read (" + e.getClass().getSimpleName() + ")"
              : why.contains(file.toString()) ? why : file + ": " + why);
    }
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
