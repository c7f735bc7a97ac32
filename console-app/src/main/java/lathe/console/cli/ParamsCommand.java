package lathe.console.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists every parameter id of the chain with its unit, range and default. */
@Command(
    name = "params",
    mixinStandardHelpOptions = true,
    description = "List every parameter id of the mastering chain with unit, range and default.")
final class ParamsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--module",
      paramLabel = "ID",
      description =
          "Only the parameters of this module (trim, hpf, lpf, eq, mbc, comp, exp, sat, stereo,"
              + " limiter, fade, dither).")
  String module;

  @Override
  public Integer call() {
    MasteringChain chain = StandardChain.create();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-22s %-6s %-32s %s%n", "ID", "UNIT", "RANGE", "DEFAULT");
    for (ParamSpec p : chain.params()) {
      if (module != null && !p.id().startsWith(module + ".")) {
        continue;
      }
      String range =
          p.isChoice()
              ? String.join("|", p.choices())
              : p.format(p.min()) + " .. " + p.format(p.max()) + taperNote(p);
      out.printf("%-22s %-6s %-32s %s%n", p.id(), p.unit(), range, p.format(p.defaultValue()));
    }
    out.flush();
    return 0;
  }

  private static String taperNote(ParamSpec p) {
    return switch (p.taper()) {
      case LINEAR -> "";
      case LOGARITHMIC -> " (log)";
      case DECIBEL -> " (fader)";
    };
  }
}
