package lathe.console.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Holds the options of every command that runs the chain: a preset and parameter settings. */
final class ChainOptions {
  @Option(
      names = "--preset",
      paramLabel = "NAME|FILE",
      description = "A built-in preset (transparent, gentle, loud) or a preset JSON file.")
  String preset;

  @Option(
      names = "--set",
      paramLabel = "ID=VALUE",
      description = "Set any parameter after the preset (see 'lathe params'); repeatable.")
  List<String> sets = new ArrayList<>();
}
