package lathe.console.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;
import lathe.console.io.AtomicFiles;
import lathe.controller.learn.LearnSession;
import lathe.controller.learn.LearnTarget;
import lathe.controller.learn.LearnedControl;
import lathe.controller.learn.LearnedMapWriter;
import lathe.controller.map.MapProblem;
import lathe.controller.map.MapValidator;
import lathe.controller.port.MidiPortSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Learns a controller's map: asks for each parameter, records the control moved, writes the map.
 */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description = {
      "Learn a map for a MIDI controller: move the control asked for, one parameter after the"
          + " other; knobs and faders are told from encoders by what they send.",
      "Turn encoders both ways, press and release buttons. A parameter skipped (nothing moved"
          + " in time) is left out of the map."
    })
final class LearnCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      description = "Part of the MIDI input port's name (default: the only input).")
  String device;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the map (default: ./DEVICE.yaml).")
  Path out;

  @Option(
      names = "--params",
      paramLabel = "ID",
      split = ",",
      description =
          "The parameters (or button actions, e.g. 'toggle-bypass eq') to learn, in order"
              + " (default: trim, EQ gains, compressor, limiter, width).")
  List<String> params;

  @Option(
      names = "--timeout",
      paramLabel = "SEC",
      defaultValue = "20",
      description =
          "Seconds to wait for each control before skipping it (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  private final MidiPortSource ports;

  /** Creates the command on the system's MIDI ports. */
  LearnCommand() {
    this(MidiPortSource.system());
  }

  /** Creates the command on the given MIDI ports. */
  LearnCommand(MidiPortSource ports) {
    this.ports = ports;
  }

  private record Arrival(MidiMessage message, long nanos) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (!(timeoutSeconds > 0)) {
      return fail("--timeout must be above 0 seconds");
    }
    LearnSession session;
    try {
      List<LearnTarget> targets =
          params == null
              ? LearnSession.defaultTargets()
              : params.stream().filter(p -> !p.isBlank()).map(LearnTarget::parse).toList();
      session = new LearnSession(targets);
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage());
    }
    List<MidiDevice> inputs = new ArrayList<>();
    try {
      for (MidiDevice d : ports.devices()) {
        if (d.getMaxTransmitters() != 0) {
          inputs.add(d);
        }
      }
    } catch (MidiUnavailableException e) {
      return fail("cannot list the MIDI ports: " + e.getMessage());
    }
    if (inputs.isEmpty()) {
      return fail("no MIDI input port found; plug in a controller");
    }
    MidiDevice port;
    try {
      port = choose(inputs);
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage());
    }
    String portName = port.getDeviceInfo().getName();

    BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    Transmitter transmitter = null;
    try {
      port.open();
      transmitter = port.getTransmitter();
      transmitter.setReceiver(
          new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
              arrivals.add(new Arrival((MidiMessage) message.clone(), System.nanoTime()));
            }

            @Override
            public void close() {}
          });
      stdout.printf(
          "Learning on %s. Move each control when asked: turn encoders both ways, press and"
              + " release buttons; nothing moved in %s s skips it.%n",
          portName, seconds(timeoutSeconds));
      stdout.flush();
      if (!learn(session, arrivals, stdout)) {
        return 1;
      }
    } catch (MidiUnavailableException e) {
      return fail("cannot open " + portName + ": " + e.getMessage());
    } finally {
      if (transmitter != null) {
        transmitter.close();
      }
      port.close();
    }

    List<LearnedControl> learned = session.learned();
    if (learned.isEmpty()) {
      return fail("nothing was learned; no map written");
    }
    Path file = out != null ? out : Path.of(LearnedMapWriter.fileName(portName));
    AtomicFiles.writeString(file, LearnedMapWriter.write(portName, learned, LocalDate.now()));
    List<LearnTarget> skipped = session.skipped();
    stdout.printf(
        "wrote %s: %d control%s learned%s%n",
        file,
        learned.size(),
        learned.size() == 1 ? "" : "s",
        skipped.isEmpty()
            ? ""
            : ", " + skipped.size() + " skipped (" + String.join(", ", names(skipped)) + ")");
    List<MapProblem> problems = MapValidator.validate(file);
    if (problems.isEmpty()) {
      stdout.println(file + ": valid");
      stdout.flush();
      return 0;
    }
    problems.forEach(stdout::println);
    stdout.flush();
    return LatheCommand.EXIT_BAD_INPUT;
  }

  /** Prompts for each target and feeds the port's messages to the session; false if interrupted. */
  private boolean learn(LearnSession session, BlockingQueue<Arrival> arrivals, PrintWriter stdout) {
    long timeoutNanos = (long) (timeoutSeconds * 1e9);
    int total = session.targets().size();
    for (int i = 1; !session.done(); i++) {
      LearnTarget target = session.current().orElseThrow();
      stdout.printf(
          "[%d/%d] %s for %s ...%n",
          i, total, target.action() ? "Press and release the button" : "Move the control", target);
      stdout.flush();
      long deadline = System.nanoTime() + timeoutNanos;
      Optional<LearnedControl> found = Optional.empty();
      while (found.isEmpty()) {
        long left = deadline - System.nanoTime();
        Arrival a;
        try {
          a = left > 0 ? arrivals.poll(left, TimeUnit.NANOSECONDS) : null;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        if (a == null) {
          break;
        }
        found = session.offer(a.message(), a.nanos() / 1000);
      }
      if (found.isPresent()) {
        stdout.println("  learned: " + found.get().describe());
      } else {
        session.skip();
        stdout.println("  skipped: nothing moved in " + seconds(timeoutSeconds) + " s");
      }
      stdout.flush();
    }
    return true;
  }

  /** Picks the input port: the one whose name contains --device, or the only one. */
  private MidiDevice choose(List<MidiDevice> inputs) {
    if (device == null) {
      if (inputs.size() == 1) {
        return inputs.get(0);
      }
      throw new IllegalArgumentException(
          "several MIDI inputs, choose one with --device NAME: " + list(inputs));
    }
    String wanted = device.toLowerCase(Locale.ROOT);
    List<MidiDevice> matches = new ArrayList<>();
    for (MidiDevice d : inputs) {
      String name = d.getDeviceInfo().getName().toLowerCase(Locale.ROOT);
      if (name.equals(wanted)) {
        return d;
      }
      if (name.contains(wanted)) {
        matches.add(d);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new IllegalArgumentException(
        (matches.isEmpty() ? "no MIDI input matches '" : "several MIDI inputs match '")
            + device
            + "': "
            + list(matches.isEmpty() ? inputs : matches));
  }

  private static String list(List<MidiDevice> devices) {
    return String.join(", ", devices.stream().map(d -> d.getDeviceInfo().getName()).toList());
  }

  private static List<String> names(List<LearnTarget> targets) {
    return targets.stream().map(LearnTarget::text).toList();
  }

  private static String seconds(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  private int fail(String problem) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("lathe learn: " + problem);
    err.flush();
    return LatheCommand.EXIT_BAD_INPUT;
  }
}
