package lathe.console.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lathe.controller.map.Binding;
import lathe.controller.map.BundledMaps;
import lathe.controller.map.Control;
import lathe.controller.map.ControllerMap;
import lathe.controller.map.Layer;
import lathe.controller.map.MapException;
import lathe.controller.map.MapLoader;
import lathe.controller.map.MapProblem;
import lathe.controller.map.MapValidator;
import lathe.controller.map.MeterOutput;
import lathe.controller.map.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists, shows and validates controller maps. */
@Command(
    name = "maps",
    mixinStandardHelpOptions = true,
    description = "List the bundled controller maps, show one, or validate a map file.",
    subcommands = {MapsCommand.ListMaps.class, MapsCommand.Show.class, MapsCommand.Validate.class})
final class MapsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Lists the bundled maps and the devices they cover. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the bundled maps and the devices they cover.")
  static final class ListMaps implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws MapException {
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-28s %-28s %-6s %s%n", "NAME", "DEVICE", "PAGES", "PORTS");
      for (String name : BundledMaps.names()) {
        ControllerMap m = BundledMaps.load(name);
        out.printf(
            "%-28s %-28s %-6d %s%n",
            name, m.device().name(), m.pages().size(), String.join(", ", m.device().ports()));
      }
      out.flush();
      return 0;
    }
  }

  /** Shows a map's controls and what they drive. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a map's controls, page by page, and what each drives.")
  static final class Show implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "NAME",
        description = "A bundled map's name or part of its device name, or a map file.")
    String name;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      ControllerMap m;
      try {
        Path file = Path.of(name);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          m = MapLoader.load(file);
        } else {
          String found = BundledMaps.find(name).orElse(null);
          if (found == null) {
            err.println("no single bundled map matches '" + name + "'; see 'lathe maps list'");
            err.flush();
            return 2;
          }
          m = BundledMaps.load(found);
        }
      } catch (MapException e) {
        err.println(e.getMessage());
        err.flush();
        return 2;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(m.device().name());
      out.println("  ports:  " + String.join(", ", m.device().ports()));
      out.println("  source: " + m.device().source());
      for (int i = 0; i < m.pages().size(); i++) {
        Page p = m.pages().get(i);
        out.printf("%nPage %d: %s%n", i + 1, p.name());
        for (Control c : p.controls()) {
          out.printf(
              "  %-26s %-22s %s%s%n",
              c.name(), c.input(), (c.layer() == Layer.SHIFT ? "shift: " : ""), describe(c));
        }
      }
      if (!m.meters().isEmpty()) {
        out.printf("%nMeters%n");
        for (MeterOutput mo : m.meters()) {
          out.printf("  %-14s %s .. %s -> %s%n", mo.meter(), mo.from(), mo.to(), mo.feedback());
        }
      }
      out.flush();
      return 0;
    }

    private static String describe(Control c) {
      String fb = c.feedback() == null ? "" : "  [feedback " + c.feedback() + "]";
      return switch (c.binding()) {
        case Binding.Act a -> a.action() + fb;
        case Binding.Param p -> {
          StringBuilder s = new StringBuilder(p.id());
          if (p.hasRange()) {
            s.append(" ").append(num(p.min())).append(" .. ").append(num(p.max()));
          }
          if (p.curve() == Binding.Curve.LINEAR) {
            s.append(" linear");
          }
          if (p.invert()) {
            s.append(" inverted");
          }
          s.append(", ").append(p.mode().key());
          if (!p.mode().isRelative()) {
            s.append(", ").append(p.takeover().key());
          }
          yield s + fb;
        }
      };
    }

    private static String num(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /** Validates a map file and prints its problems. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check a map file: prints each problem as FILE:LINE: problem and exits 2, or prints"
              + " 'valid' and exits 0.")
  static final class Validate implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The map file (YAML).")
    Path file;

    @Override
    public Integer call() {
      List<MapProblem> problems = MapValidator.validate(file);
      if (problems.isEmpty()) {
        spec.commandLine().getOut().println(file + ": valid");
        spec.commandLine().getOut().flush();
        return 0;
      }
      PrintWriter out = spec.commandLine().getOut();
      problems.forEach(out::println);
      out.flush();
      return 2;
    }
  }
}
