package lathe.console.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import lathe.console.delivery.DeliveryTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Lists the named delivery targets. */
@Command(
    name = "targets",
    mixinStandardHelpOptions = true,
    description = "List the named delivery targets for 'lathe master --target NAME'.")
final class TargetsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-10s %9s %9s  %s%n", "NAME", "LUFS", "dBTP", "FOR");
    for (DeliveryTarget t : DeliveryTarget.NAMED) {
      out.printf(
          Locale.ROOT,
          "%-10s %9.1f %9.1f  %s%n",
          t.name(),
          t.integratedLufs(),
          t.truePeakDbtp(),
          t.description());
    }
    out.flush();
    return 0;
  }
}
