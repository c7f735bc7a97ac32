package lathe.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import lathe.console.engine.AudioBackend;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioEngine;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.Backends;
import lathe.console.engine.EngineStats;
import lathe.console.engine.Latency;
import lathe.console.master.DemoMix;
import lathe.console.master.MasterJob;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.meter.MeterBank;
import lathe.dsp.param.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the console live: a device (or the embedded null clock), the chain, meters and status. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Run the mastering chain live through an audio interface, JACK, or the embedded null"
          + " back-end, with a status display.",
      "Without --audio it uses the default Java Sound device, or the null back-end when there is"
          + " none (and says so). Without --input it plays the built-in demo mix.",
      "Ctrl-C or SIGTERM stops cleanly."
    })
final class ConsoleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--audio",
      paramLabel = "NAME",
      description =
          "Audio back-end: 'null', 'jack', or a Java Sound device (a part of its name, or"
              + " 'default'); see 'lathe devices'.")
  String audio;

  @Option(
      names = "--input",
      paramLabel = "FILE|live",
      description = "What to play: 'live' for the interface input; default: the built-in demo mix.")
  String input;

  @Option(
      names = "--rate",
      paramLabel = "HZ",
      defaultValue = "48000",
      description = "Sample rate (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--block",
      paramLabel = "N",
      defaultValue = "256",
      description = "Frames per block, 32..2048 (default: ${DEFAULT-VALUE}; JACK uses its own).")
  int block;

  @Option(
      names = "--buffers",
      paramLabel = "N",
      defaultValue = "3",
      description = "Device buffers of one block (Java Sound; default: ${DEFAULT-VALUE}).")
  int buffers;

  @Option(
      names = "--preset",
      paramLabel = "NAME|FILE",
      description = "A built-in preset (transparent, gentle, loud) or a preset JSON file.")
  String preset;

  @Option(
      names = "--set",
      paramLabel = "ID=VALUE",
      description = "Set a parameter after the preset (see 'lathe params'); repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--seconds",
      paramLabel = "N",
      description = "Stop after N seconds (default: run until Ctrl-C).")
  Double seconds;

  @Option(
      names = "--settle",
      paramLabel = "SEC",
      defaultValue = "10",
      description =
          "Seconds of audio before allocation and DSP load are measured, while the JIT compiles"
              + " the device's callback path (default: ${DEFAULT-VALUE}; at most half of --seconds).")
  double settle;

  @Option(names = "--json", description = "At exit, print one JSON object with the figures.")
  boolean json;

  private final AtomicBoolean stopRequested = new AtomicBoolean();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter status = json ? spec.commandLine().getErr() : out;
    MasteringChain chain = MasterJob.configure(preset, sets);
    boolean liveInput = "live".equals(input);
    if (input != null && !liveInput) {
      throw new AudioDeviceException(
          "--input " + input + ": playing files live is not available yet; use 'live' or the demo");
    }
    AudioSettings settings;
    try {
      settings = new AudioSettings(rate, block, buffers, liveInput ? 2 : 0, 2);
    } catch (IllegalArgumentException e) {
      throw new AudioDeviceException(e.getMessage());
    }
    double settleSeconds = seconds == null ? settle : Math.min(settle, seconds / 2);
    Backends.Choice choice = Backends.choose(audio, settings, line -> status.println(line));
    AudioBackend backend = choice.backend();
    AudioEngine engine;
    try {
      engine = AudioEngine.open(backend, settings, chain, settleSeconds);
    } catch (AudioDeviceException e) {
      if (audio != null) {
        throw e;
      }
      status.println("lathe: " + e.getMessage() + "; using the null back-end instead");
      backend = Backends.nullBackend();
      engine = AudioEngine.open(backend, settings, chain, settleSeconds);
    }
    engine.onEvent(
        message -> {
          status.println("lathe: " + message);
          status.flush();
        });
    if (!liveInput) {
      DemoMix demo = new DemoMix(engine.format().sampleRate(), 1e7);
      engine.setSource(demo::read);
    }
    Latency latency = engine.latency();
    status.printf(
        Locale.ROOT,
        "lathe console: %s, %.0f Hz, block %d; source %s; latency %.1f ms"
            + " (block %.1f + device %.1f + chain look-ahead %.1f)%n",
        backend.description(),
        engine.format().sampleRate(),
        engine.format().blockFrames(),
        liveInput ? "interface input" : "built-in demo mix",
        latency.totalMs(),
        latency.ms(latency.blockFrames()),
        latency.ms(latency.inputFrames() + latency.outputFrames()),
        latency.ms(latency.chainFrames()));
    long warm =
        engine.warmUp(3.0, liveInput ? null : new DemoMix(engine.format().sampleRate(), 1e7)::read);
    status.printf(Locale.ROOT, "warmed up the chain on %d blocks; running%n", warm);
    status.flush();

    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopRequested.set(true);
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lathe-console-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      engine.start();
      run(engine, status);
    } finally {
      engine.stop();
    }
    EngineStats stats = engine.stats();
    if (json) {
      out.println(summary(engine, stats));
    } else {
      status.printf(
          Locale.ROOT,
          "stopped: %d callbacks, %d xruns, max DSP load %.1f %%, %d bytes allocated on the"
              + " audio thread over the last %.1f s%n",
          stats.callbacks(),
          stats.xruns(),
          100 * stats.maxDspLoad(),
          stats.allocatedBytesAfterWarmup(),
          stats.measuredSeconds());
    }
    out.flush();
    status.flush();
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it waits for 'finished', which is now open.
    }
    return 0;
  }

  private void run(AudioEngine engine, PrintWriter status) throws InterruptedException {
    boolean terminal = System.console() != null && System.console().isTerminal() && !json;
    StatusBlock block = new StatusBlock();
    double[] meters = new double[engine.meterCount()];
    long start = System.nanoTime();
    long nextReport = start;
    long reportEvery = terminal ? 100_000_000L : 1_000_000_000L;
    while (!stopRequested.get()) {
      long now = System.nanoTime();
      if (seconds != null && now - start >= seconds * 1e9) {
        break;
      }
      engine.supervise();
      if (now >= nextReport) {
        nextReport += reportEvery;
        engine.readMeters(meters);
        String last = engine.lastTouched();
        String value =
            last.isEmpty() ? "" : engine.chain().spec(last).format(engine.chain().get(last));
        List<String> dynamics = engine.gainReductionIds();
        if (terminal) {
          status.print(
              block.redraw(StatusBlock.lines(engine.stats(), meters, dynamics, last, value)));
        } else if (!json) {
          status.println(StatusBlock.logLine(engine.stats(), meters, dynamics, last, value));
        }
        status.flush();
      }
      Thread.sleep(20);
    }
    engine.supervise();
  }

  private static String summary(AudioEngine engine, EngineStats s) throws Exception {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("backend", s.backend());
    o.put("sampleRate", s.sampleRate());
    o.put("block", s.block());
    o.put("callbacks", s.callbacks());
    o.put("xruns", s.xruns());
    o.put("maxDspLoad", s.maxDspLoad());
    o.put("latencyMs", s.latency().totalMs());
    Map<String, Object> lat = new LinkedHashMap<>();
    lat.put("blockMs", s.latency().ms(s.latency().blockFrames()));
    lat.put("inputMs", s.latency().ms(s.latency().inputFrames()));
    lat.put("outputMs", s.latency().ms(s.latency().outputFrames()));
    lat.put("chainMs", s.latency().ms(s.latency().chainFrames()));
    o.put("latency", lat);
    o.put("allocatedBytesAfterWarmup", s.allocatedBytesAfterWarmup());
    o.put("measuredSeconds", s.measuredSeconds());
    o.put("deviceLosses", s.deviceLosses());
    double[] m = new double[engine.meterCount()];
    engine.readMeters(m);
    Map<String, Object> meters = new LinkedHashMap<>();
    meters.put("integratedLufs", finite(m[MeterBank.INTEGRATED]));
    meters.put("truePeakMaxDbtp", finite(m[MeterBank.TRUE_PEAK_MAX]));
    o.put("meters", meters);
    Map<String, Object> params = new LinkedHashMap<>();
    MasteringChain chain = engine.chain();
    for (ParamSpec p : chain.params()) {
      params.put(p.id(), chain.get(p.id()));
    }
    o.put("params", params);
    return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
