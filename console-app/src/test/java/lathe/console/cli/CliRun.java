package lathe.console.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
  /** Runs {@code lathe console} on the null back-end without a session, with more arguments. */
  static CliRun nullConsole(String... args) {
    String[] all = new String[args.length + 5];
    System.arraycopy(
        new String[] {"console", "--session", "none", "--audio", "null"}, 0, all, 0, 5);
    System.arraycopy(args, 0, all, 5, args.length);
    return of(all);
  }

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LatheCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
