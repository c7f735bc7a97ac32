package lathe.console.cli;

import java.io.IOException;
import java.io.PrintWriter;
import lathe.console.preset.PresetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Is the {@code lathe} command: the entry point of every way to run the console. */
@Command(
    name = "lathe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lathe: a hands-on mastering console.",
    subcommands = {
      ConsoleCommand.class,
      DevicesCommand.class,
      MapsCommand.class,
      LearnCommand.class,
      MasterCommand.class,
      AnalyzeCommand.class,
      BenchCommand.class,
      ParamsCommand.class,
      TargetsCommand.class,
      SessionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "From the source tree, './lathe test' runs the whole test suite.",
      "Exit codes: 0 done, 1 internal error, 2 bad input (file, preset, value),",
      "3 master written but its delivery target missed."
    })
public final class LatheCommand implements Runnable {
  /** Exit code for bad input: a broken file, an unknown parameter, an out-of-range value. */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with Lathe's error handling: one line per problem on stderr. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LatheCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof IOException
              || e instanceof PresetException
              || e instanceof lathe.console.engine.AudioDeviceException
              || e instanceof lathe.controller.map.MapException
              || e instanceof lathe.controller.port.ControlScriptException) {
            err.println("lathe: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
          }
          err.println("lathe: internal error: " + e);
          e.printStackTrace(err);
          err.flush();
          return 1;
        });
    return cli;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
