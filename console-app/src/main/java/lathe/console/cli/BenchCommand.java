package lathe.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import lathe.dsp.bench.BenchChains;
import lathe.dsp.chain.MasteringChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures how fast the chain, the light chain and each module run, in x-real-time. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the speed of the full chain (every module working), the light chain (trim,"
          + " high-pass, two EQ bells, bus compressor, true-peak limiter) and each module alone,"
          + " on one thread, stereo, in x-real-time.",
      "The JMH benchmarks in benchmarks/ measure the same chains with JMH's rigour."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print the figures as one JSON object.")
  boolean json;

  @Option(
      names = "--rate",
      paramLabel = "HZ",
      defaultValue = "48000",
      description = "Sample rate (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--seconds",
      paramLabel = "SEC",
      defaultValue = "10",
      description =
          "Seconds of audio per timed run; the best of three runs counts (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String fma = lathe.console.engine.CpuFeatures.fmaWarning();
    if (fma != null) {
      spec.commandLine().getErr().println("lathe: " + fma);
    }
    String vectors = lathe.dsp.VectorSupport.note();
    if (vectors != null) {
      spec.commandLine().getErr().println("lathe: " + vectors);
    }
    if (!json) {
      out.printf(
          Locale.ROOT,
          "lathe bench: %.0f Hz stereo, %d-frame blocks, best of 3 runs of %.0f s, one thread%n",
          rate,
          BenchChains.BLOCK_FRAMES,
          seconds);
      out.flush();
    }
    double chain = measure(out, "chain", BenchChains::full);
    double light = measure(out, "light", BenchChains::light);
    Map<String, Object> modules = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<MasteringChain>> e : BenchChains.modules().entrySet()) {
      modules.put(
          e.getKey(), Map.of("xRealtime", round(measure(out, "  " + e.getKey(), e.getValue()))));
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("sampleRate", (long) rate);
      doc.put("chain", Map.of("xRealtime", round(chain)));
      doc.put("light", Map.of("xRealtime", round(light)));
      doc.put("modules", modules);
      out.println(new ObjectMapper().writeValueAsString(doc));
      out.flush();
    }
    return 0;
  }

  private double measure(PrintWriter out, String label, Supplier<MasteringChain> chain) {
    double x = BenchChains.xRealtime(chain.get(), rate, seconds);
    if (!json) {
      out.printf(
          Locale.ROOT,
          "%-12s %8.0fx real time  (%.2f ms per second of audio)%n",
          label,
          x,
          1000 / x);
      out.flush();
    }
    return x;
  }

  private static double round(double v) {
    return Math.rint(v * 10) / 10;
  }
}
