package lathe.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import lathe.console.audio.file.AudioFileException;
import lathe.console.audio.file.AudioFileReader;
import lathe.console.audio.file.SampleFormat;
import lathe.console.control.ConsoleState;
import lathe.console.control.ControlLoop;
import lathe.console.control.ControllerSurface;
import lathe.console.control.SessionKeeper;
import lathe.console.engine.AudioBackend;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioEngine;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.Backends;
import lathe.console.engine.CpuFeatures;
import lathe.console.engine.EngineStats;
import lathe.console.engine.Latency;
import lathe.console.engine.LiveSource;
import lathe.console.engine.ReferenceMonitor;
import lathe.console.engine.stream.FilePlayer;
import lathe.console.engine.stream.PrintRecorder;
import lathe.console.engine.stream.PrintSummary;
import lathe.console.master.DemoMix;
import lathe.console.master.MasterJob;
import lathe.console.session.Session;
import lathe.console.session.Session.MatchMode;
import lathe.console.session.SessionStore;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.dither.DitherModule;
import lathe.dsp.meter.MeterBank;
import lathe.dsp.param.ParamSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      description =
          "What to play: a WAV/AIFF file (the mix or a reference), or 'live' for the interface"
              + " input; default: the built-in demo mix.")
  String input;

  @Option(names = "--loop", description = "Loop the --input file.")
  boolean loop;

  @Option(
      names = "--print",
      paramLabel = "FILE",
      description = "Also print the output to this WAV file (written atomically at the end).")
  Path printFile;

  @Option(
      names = "--print-bits",
      paramLabel = "16|24|32f",
      defaultValue = "24",
      description =
          "Sample format of the print (default: ${DEFAULT-VALUE}); dithered by dither.mode.")
  String printBits;

  @Option(
      names = "--rate",
      paramLabel = "HZ",
      description = "Sample rate (default: the --input file's, else 48000).")
  Double rate;

  @Option(
      names = "--block",
      paramLabel = "N",
      defaultValue = "256",
      description = "Frames per block, 32..2048 (default: ${DEFAULT-VALUE}; JACK uses its own).")
  int block;

  @Option(
      names = "--bits",
      paramLabel = "16|24|32",
      defaultValue = "0",
      description = "Java Sound sample size (default: 24, else 16, else 32, as the device takes).")
  int bits;

  @Option(
      names = "--buffers",
      paramLabel = "N",
      defaultValue = "3",
      description = "Device buffers of one block (Java Sound; default: ${DEFAULT-VALUE}).")
  int buffers;

  @Mixin ChainOptions chainOptions;

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

  @Option(
      names = "--map",
      paramLabel = "NAME|FILE|none",
      description =
          "Controller map: a bundled map (see 'lathe maps list') or a map file; default: detect"
              + " controllers by port name; 'none' turns controllers off.")
  String map;

  @Option(
      names = "--control-script",
      paramLabel = "FILE",
      description =
          "Replay timed MIDI messages (lines 'SECONDS HEX BYTES', e.g. '0.250 B0 07 64') through"
              + " --map as if the controller had sent them.")
  Path controlScript;

  @Option(
      names = "--session",
      paramLabel = "NAME|none",
      defaultValue = "default",
      description =
          "The session whose parameters are restored at start and saved within 2 s of any change"
              + " and at exit (default: ${DEFAULT-VALUE}); 'none' keeps nothing.")
  String sessionName;

  @Mixin SessionCommand.StateDir stateDir;

  @Option(names = "--json", description = "At exit, print one JSON object with the figures.")
  boolean json;

  @Option(
      names = "--reference",
      paramLabel = "FILE",
      description =
          "Load a reference track (WAV/AIFF at any common rate) for reference A/B: it loops"
              + " unheard, and switching to it plays it at the master's loudness.")
  Path referenceFile;

  @Option(
      names = "--match",
      paramLabel = "short-term|integrated",
      defaultValue = "short-term",
      description =
          "How the reference's loudness is matched to the master's (default: ${DEFAULT-VALUE}).")
  String match;

  /** The rate a device runs at when a file's own rate does not suit it, in hertz. */
  private static final double DEVICE_RATE = 48000;

  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private FilePlayer player;
  private ReferenceMonitor reference;
  private SessionKeeper keeper;
  private ControllerSurface controllers;
  private ControlLoop controlLoop;
  private ConsoleState consoleState;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter status = json ? spec.commandLine().getErr() : out;
    MasteringChain chain = StandardChain.create();
    String fma = CpuFeatures.fmaWarning();
    if (fma != null) {
      status.println("lathe: " + fma);
    }
    if (!"none".equals(sessionName)) {
      SessionStore store = stateDir.store();
      keeper =
          SessionKeeper.open(
              store,
              sessionName,
              chain,
              line -> {
                status.println("lathe: " + line);
                status.flush();
              });
    }
    MasterJob.configure(chain, chainOptions.preset, chainOptions.sets);
    boolean liveInput = "live".equals(input);
    Path inputFile = input == null || liveInput ? null : Path.of(input);
    double sampleRate = rate != null ? rate : inputFile != null ? fileRate(inputFile) : 48000;
    ReferenceMonitor reference = openReference(sampleRate, status);
    SampleFormat printFormat = null;
    if (printFile != null) {
      try {
        printFormat = SampleFormat.parse(printBits);
      } catch (IllegalArgumentException e) {
        throw new AudioDeviceException("--print-bits " + printBits + ": expected 16, 24 or 32f");
      }
      ((DitherModule) chain.module("dither"))
          .setOutputBits(printFormat.isFloat() ? 0 : printFormat.bits());
    }
    if (bits != 0 && bits != 16 && bits != 24 && bits != 32) {
      throw new AudioDeviceException("--bits " + bits + ": expected 16, 24 or 32");
    }
    AudioSettings settings;
    try {
      settings = new AudioSettings(sampleRate, block, buffers, liveInput ? 2 : 0, 2);
    } catch (IllegalArgumentException e) {
      throw new AudioDeviceException(e.getMessage());
    }
    double settleSeconds = seconds == null ? settle : Math.min(settle, seconds / 2);
    Backends.Choice choice = Backends.choose(audio, settings, bits, line -> status.println(line));
    AudioBackend backend = choice.backend();
    AudioEngine engine;
    try {
      engine = AudioEngine.open(backend, settings, chain, settleSeconds);
    } catch (AudioDeviceException e) {
      if (rate == null && inputFile != null && sampleRate != DEVICE_RATE) {
        // The file chose the rate and the device will not run at it: run the device at its usual
        // rate and convert the file as it is read.
        status.println(
            "lathe: "
                + e.getMessage()
                + "; running at "
                + (int) DEVICE_RATE
                + " Hz and converting "
                + inputFile.getFileName());
        sampleRate = DEVICE_RATE;
        settings = new AudioSettings(sampleRate, block, buffers, liveInput ? 2 : 0, 2);
        if (reference != null) {
          reference.close();
          reference = openReference(sampleRate, status);
        }
      } else if (audio != null) {
        throw e;
      }
      try {
        engine = AudioEngine.open(backend, settings, chain, settleSeconds);
      } catch (AudioDeviceException again) {
        if (audio != null) {
          throw again;
        }
        status.println("lathe: " + again.getMessage() + "; using the null back-end instead");
        backend = Backends.nullBackend();
        engine = AudioEngine.open(backend, settings, chain, settleSeconds);
      }
    }
    engine.onEvent(
        message -> {
          status.println("lathe: " + message);
          status.flush();
        });
    double engineRate = engine.format().sampleRate();
    FilePlayer player = null;
    LiveSource warmSource = null;
    String sourceName;
    if (inputFile != null) {
      player = FilePlayer.open(inputFile, engineRate, AudioSettings.MAX_BLOCK);
      player.setLoop(loop);
      engine.setSource(player::read);
      warmSource = new DemoMix(engineRate, 1e7)::read;
      sourceName = inputFile.getFileName() + (loop ? " (loop)" : "");
    } else if (!liveInput) {
      engine.setSource(new DemoMix(engineRate, 1e7)::read);
      warmSource = new DemoMix(engineRate, 1e7)::read;
      sourceName = "built-in demo mix";
    } else {
      sourceName = "interface input";
    }
    this.player = player;
    if (keeper != null) {
      String backendName = audio != null ? audio : Session.Device.DEFAULT.backend();
      keeper.describe(
          s ->
              s.withFiles(new Session.AudioFiles(inputFile, printFile))
                  .withDevice(new Session.Device(backendName, engineRate, block, buffers))
                  .withControllerMap(map));
    }
    PrintRecorder print = null;
    if (printFile != null) {
      print = PrintRecorder.start(printFile, engineRate, printFormat, AudioSettings.MAX_BLOCK);
      engine.setPrint(print::write);
    }
    Latency latency = engine.latency();
    status.printf(
        Locale.ROOT,
        "lathe console: %s, %.0f Hz, block %d; source %s; latency %.1f ms"
            + " (block %.1f + device %.1f + chain look-ahead %.1f)%n",
        backend.description(),
        engine.format().sampleRate(),
        engine.format().blockFrames(),
        sourceName,
        latency.totalMs(),
        latency.ms(latency.blockFrames()),
        latency.ms(latency.inputFrames() + latency.outputFrames()),
        latency.ms(latency.chainFrames()));
    // Said once the device is open, so that a command that fails still says one line.
    String vectors = lathe.dsp.VectorSupport.note();
    if (vectors != null) {
      status.println("lathe: " + vectors);
    }
    long warm =
        engine.warmUp(3.0, liveInput ? null : new DemoMix(engine.format().sampleRate(), 1e7)::read);
    if (reference != null) {
      ReferenceMonitor.warmUp(engineRate, engine.format().blockFrames(), AudioEngine.WARM_BLOCKS);
      engine.setReference(reference);
    }
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
      PrintSummary printed = null;
      ConsoleState state = new ConsoleState(engine, player);
      this.consoleState = state;
      if (reference != null) {
        ReferenceMonitor monitor = reference;
        state.setReference(
            new ConsoleState.ReferenceSwitch() {
              @Override
              public boolean toggle() {
                monitor.toggle();
                return monitor.isActive();
              }

              @Override
              public boolean isActive() {
                return monitor.isActive();
              }
            });
      }
      ControlLoop control =
          new ControlLoop(
              state,
              problem -> {
                status.println("lathe: " + problem);
                status.flush();
              });
      this.controlLoop = control;
      if (keeper != null) {
        SessionKeeper k = keeper;
        control.execute(() -> k.follow(state)); // the state belongs to the control thread
        control.addTicker(k::tick);
      }
      ControllerSurface controllers = null;
      try {
        controllers =
            ControllerSurface.start(
                map,
                controlScript,
                control,
                line -> {
                  status.println("lathe: " + line);
                  status.flush();
                });
        this.controllers = controllers;
        if (player != null) {
          player.play();
        }
        engine.start();
        run(engine, status, control);
      } finally {
        if (controllers != null) {
          controllers.close();
        }
        control.close();
        if (keeper != null) {
          keeper.flush(); // the last moves, before anything else can fail
        }
        engine.stop();
        engine.setPrint(null);
        engine.setReference(null);
        if (reference != null) {
          reference.close();
        }
        if (player != null) {
          player.close();
        }
        if (print != null) {
          try {
            printed = print.stop();
          } finally {
            print.abort(); // a no-op after a successful stop; otherwise removes the temporary file
          }
        }
      }
      EngineStats stats = engine.stats();
      if (printed != null) {
        status.printf(
            Locale.ROOT,
            "printed %s: %d frames (%.1f s), %d dropped, %d clipped samples%s%n",
            printed.file(),
            printed.framesWritten(),
            printed.framesWritten() / engineRate,
            printed.droppedFrames(),
            printed.clippedSamples(),
            printed.problem() == null ? "" : "; " + printed.problem());
      }
      if (json) {
        out.println(summary(engine, stats, printed));
      } else {
        String allocation =
            stats.allocatedBytesAfterWarmup() < 0
                ? "allocation not measured (the run was shorter than --settle)"
                : String.format(
                    Locale.ROOT,
                    "%d bytes allocated on the audio thread over the last %.1f s",
                    stats.allocatedBytesAfterWarmup(),
                    stats.measuredSeconds());
        status.printf(
            Locale.ROOT,
            "stopped: %d callbacks, %d xruns, max DSP load %.1f %%, %s%n",
            stats.callbacks(),
            stats.xruns(),
            100 * stats.maxDspLoad(),
            allocation);
      }
      out.flush();
      status.flush();
    } finally {
      // Also on an error: the hook must never wait for a session that has ended.
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it waits for 'finished', which is now open.
      }
    }
    return 0;
  }

  private void run(AudioEngine engine, PrintWriter status, ControlLoop control)
      throws InterruptedException {
    boolean terminal = System.console() != null && System.console().isTerminal() && !json;
    TerminalKeys keys = terminal ? TerminalKeys.start(control) : null;
    try {
      StatusBlock block = new StatusBlock();
      double[] meters = new double[engine.meterCount()];
      long start = System.nanoTime();
      long nextReport = start;
      long reportEvery = terminal ? 100_000_000L : 1_000_000_000L;
      String lastEvent = "";
      String lastPickup = "-";
      while (!stopRequested.get() && (keys == null || !keys.quitRequested())) {
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
          String event = consoleState.lastEvent();
          if (terminal) {
            List<String> lines =
                new ArrayList<>(
                    List.of(StatusBlock.lines(engine.stats(), meters, dynamics, last, value)));
            lines.add("session    " + consoleState.summary() + "   " + event);
            lines.add("pick up    " + StatusBlock.pickupLine(control.pickupHints()));
            if (this.reference != null) {
              lines.add(StatusBlock.referenceLine(this.reference));
            }
            if (player != null) {
              lines.add(StatusBlock.playerLine(player));
            }
            lines.add(keys != null ? TerminalKeys.HELP : "");
            status.print(block.redraw(lines.toArray(String[]::new)));
          } else if (!json) {
            if (!event.equals(lastEvent)) {
              status.println("lathe: " + event + " (" + consoleState.summary().trim() + ")");
            }
            String pickup = StatusBlock.pickupLine(control.pickupHints());
            if (!pickup.equals(lastPickup)) {
              status.println("lathe: pick up: " + pickup);
              lastPickup = pickup;
            }
            status.println(StatusBlock.logLine(engine.stats(), meters, dynamics, last, value));
          }
          lastEvent = event;
          status.flush();
        }
        Thread.sleep(20);
      }
      engine.supervise();
    } finally {
      if (keys != null) {
        keys.close();
      }
    }
  }

  /**
   * Loads the {@code --reference} track matched as {@code --match} asks, or returns null without
   * one.
   */
  private ReferenceMonitor openReference(double engineRate, PrintWriter status) throws Exception {
    MatchMode mode;
    try {
      mode = MatchMode.fromJson(match);
    } catch (IllegalArgumentException e) {
      throw new AudioDeviceException("--match " + match + ": expected short-term or integrated");
    }
    Path track = referenceFile;
    if (track == null && keeper != null) {
      // A session remembers its reference track: a rack box comes back with it after a restart.
      Session.Reference kept = keeper.session().reference();
      if (kept.track() != null && java.nio.file.Files.isReadable(kept.track())) {
        track = kept.track();
        mode = kept.mode();
        status.println(
            "lathe: reference " + track + " (" + mode.jsonName() + ") from session " + sessionName);
      }
    }
    if (track == null) {
      return null;
    }
    reference = ReferenceMonitor.open(track, engineRate, AudioSettings.MAX_BLOCK, mode);
    if (keeper != null) {
      Session.Reference chosen = new Session.Reference(track.toAbsolutePath(), mode);
      keeper.describe(s -> s.withReference(chosen));
    }
    return reference;
  }

  /** Returns the reference monitor, or null when no {@code --reference} was given. */
  ReferenceMonitor reference() {
    return reference;
  }

  private static double fileRate(Path file) throws AudioFileException {
    try (AudioFileReader r = AudioFileReader.open(file)) {
      return r.sampleRate();
    }
  }

  private String summary(AudioEngine engine, EngineStats s, PrintSummary printed) throws Exception {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("backend", s.backend());
    o.put("sampleRate", s.sampleRate());
    o.put("block", s.block());
    o.put("callbacks", s.callbacks());
    o.put("xruns", s.xruns());
    o.put("xrunsAfterWarmup", s.xrunsAfterWarmup());
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
    if (player != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("file", player.file().toString());
      p.put("positionFrames", player.positionFrames());
      p.put("lengthFrames", player.lengthFrames());
      p.put("underruns", player.underruns());
      o.put("player", p);
    }
    if (reference != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("path", reference.referencePath().toString());
      r.put("mode", reference.mode().jsonName());
      r.put("offsetLu", finite(reference.offsetLu()));
      r.put("active", reference.isActive());
      o.put("reference", r);
    }
    if (printed != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("file", printed.file().toString());
      p.put("framesWritten", printed.framesWritten());
      p.put("droppedFrames", printed.droppedFrames());
      p.put("clippedSamples", printed.clippedSamples());
      o.put("print", p);
    }
    if (controllers != null) {
      o.put("controllers", controllers.connected());
    }
    if (keeper != null) {
      Map<String, Object> session = new LinkedHashMap<>();
      session.put("name", sessionName);
      session.put("file", keeper.file().toString());
      session.put("saves", keeper.saves());
      if (consoleState != null) {
        session.put("slots", consoleState.summary().trim());
        session.put("side", consoleState.side().name());
      }
      o.put("session", session);
    }
    if (controlLoop != null) {
      long[] toTarget = controlLoop.midiToTargetNanos();
      Map<String, Object> midi = new LinkedHashMap<>();
      midi.put("commands", controlLoop.appliedCommands());
      midi.put("moves", toTarget.length);
      if (toTarget.length > 0) {
        midi.put("toTargetMedianMs", toTarget[toTarget.length / 2] / 1e6);
        midi.put("toTargetP99Ms", toTarget[(int) Math.ceil(0.99 * toTarget.length) - 1] / 1e6);
      }
      o.put("midi", midi);
    }
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
