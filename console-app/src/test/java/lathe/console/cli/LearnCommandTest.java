package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;
import lathe.controller.map.Binding;
import lathe.controller.map.Control;
import lathe.controller.map.ControllerMap;
import lathe.controller.map.MapLoader;
import lathe.controller.map.MidiType;
import lathe.controller.map.ValueMode;
import lathe.controller.port.MidiPortSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives {@code lathe learn} through fake MIDI ports built on javax.sound.midi's own types. */
class LearnCommandTest {
  @TempDir Path dir;

  /** Runs the command on the given ports, in the background, capturing what it prints. */
  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<Integer> exit;

    Run(MidiPortSource ports, String... args) {
      CommandLine cli = new CommandLine(new LearnCommand(ports));
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
    }

    /** Waits until the output contains the text (the command is waiting for a control). */
    void awaitOut(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!out.toString().contains(text)) {
        if (System.nanoTime() > deadline || exit.isDone()) {
          throw new AssertionError("no '" + text + "' in:\n" + out + err);
        }
        Thread.sleep(5);
      }
    }

    int exitCode() throws Exception {
      return exit.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void learnsKnobEncoderAndButtonAndWritesAValidMap() throws Exception {
    FakePort box = new FakePort("Learn Box [hw:1,0,0]", -1, 0);
    FakePort boxOut = new FakePort("Learn Box [hw:1,0,0]", 0, -1); // the output half: not an input
    Path file = dir.resolve("box.yaml");
    Run run =
        new Run(
            () -> List.of(boxOut, box),
            "--out",
            file.toString(),
            "--timeout",
            "1",
            "--params",
            "trim.gain,eq.band2.gain,comp.ratio,toggle-bypass eq");

    run.awaitOut("Move the control for trim.gain");
    box.send(cc(16, 40), cc(16, 42), cc(16, 45));
    run.awaitOut("Move the control for eq.band2.gain");
    box.send(cc(16, 46), cc(16, 47), cc(16, 48)); // the knob already learned: ignored
    box.send(cc(21, 65), cc(21, 65), cc(21, 63));
    run.awaitOut("Move the control for comp.ratio");
    // nothing moves: skipped after the timeout
    run.awaitOut("Press and release the button for toggle-bypass eq");
    box.send(noteOn(36, 100), noteOn(36, 0));

    assertEquals(0, run.exitCode(), run.err.toString());
    String out = run.out.toString();
    assertTrue(out.contains("learned: CC 16, absolute"), out);
    assertTrue(out.contains("learned: CC 21, relative-offset64"), out);
    assertTrue(out.contains("skipped: nothing moved in 1 s"), out);
    assertTrue(out.contains("wrote " + file + ": 3 controls learned, 1 skipped (comp.ratio)"), out);
    assertTrue(out.contains(file + ": valid"), out);
    assertFalse(box.isOpen(), "the port is closed again");

    ControllerMap map = MapLoader.load(file);
    assertEquals("Learn Box", map.device().name());
    assertTrue(map.device().source().startsWith("learned with lathe learn on "));
    List<Control> controls = map.pages().get(0).controls();
    assertEquals(3, controls.size());
    Control encoder = find(controls, 21);
    assertEquals(ValueMode.RELATIVE_OFFSET64, ((Binding.Param) encoder.binding()).mode());
    assertEquals("eq.band2.gain", ((Binding.Param) encoder.binding()).id());
    assertEquals(MidiType.NOTE, find(controls, 36).input().type());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void picksTheNamedPortAmongSeveral() throws Exception {
    FakePort a = new FakePort("Alpha Keys", -1, 0);
    FakePort b = new FakePort("Beta Knobs", -1, 0);
    Path file = dir.resolve("beta.yaml");
    Run run =
        new Run(
            () -> List.of(a, b),
            "--device",
            "beta",
            "--params",
            "stereo.width",
            "--out",
            file.toString());
    run.awaitOut("Move the control for stereo.width");
    a.send(cc(1, 1), cc(1, 2), cc(1, 3)); // the other port is not listened to
    b.send(cc(7, 100), cc(7, 90), cc(7, 80));
    assertEquals(0, run.exitCode(), run.err.toString());
    assertEquals(7, MapLoader.load(file).pages().get(0).controls().get(0).input().number());
  }

  @Test
  void noPortsIsAOneLineError() throws Exception {
    Run run = new Run(List::of, "--out", dir.resolve("x.yaml").toString());
    assertEquals(2, run.exitCode());
    assertEquals("lathe learn: no MIDI input port found; plug in a controller\n", lines(run.err));
  }

  @Test
  void severalPortsWithoutDeviceListsThem() throws Exception {
    Run run =
        new Run(
            () -> List.of(new FakePort("Alpha Keys", -1, 0), new FakePort("Beta Knobs", -1, 0)));
    assertEquals(2, run.exitCode());
    assertEquals(
        "lathe learn: several MIDI inputs, choose one with --device NAME: Alpha Keys, Beta Knobs\n",
        lines(run.err));
  }

  @Test
  void deviceMatchingNothingListsThePorts() throws Exception {
    Run run = new Run(() -> List.of(new FakePort("Alpha Keys", -1, 0)), "--device", "gamma");
    assertEquals(2, run.exitCode());
    assertEquals("lathe learn: no MIDI input matches 'gamma': Alpha Keys\n", lines(run.err));
  }

  @Test
  void unknownParameterIsBadInput() throws Exception {
    Run run = new Run(() -> List.of(new FakePort("Alpha Keys", -1, 0)), "--params", "eq.gain");
    assertEquals(2, run.exitCode());
    assertTrue(
        lines(run.err).startsWith("lathe learn: eq.gain: unknown parameter id"), lines(run.err));
  }

  @Test
  void nothingLearnedWritesNothing() throws Exception {
    Path file = dir.resolve("none.yaml");
    Run run =
        new Run(
            () -> List.of(new FakePort("Alpha Keys", -1, 0)),
            "--params",
            "trim.gain",
            "--timeout",
            "0.2",
            "--out",
            file.toString());
    assertEquals(2, run.exitCode());
    assertEquals("lathe learn: nothing was learned; no map written\n", lines(run.err));
    assertFalse(Files.exists(file));
  }

  private static String lines(StringWriter w) {
    return w.toString().replace(System.lineSeparator(), "\n");
  }

  private static Control find(List<Control> controls, int number) {
    return controls.stream().filter(c -> c.input().number() == number).findFirst().orElseThrow();
  }

  private static ShortMessage cc(int number, int value) {
    return msg(ShortMessage.CONTROL_CHANGE, number, value);
  }

  private static ShortMessage noteOn(int note, int velocity) {
    return msg(ShortMessage.NOTE_ON, note, velocity);
  }

  private static ShortMessage msg(int command, int d1, int d2) {
    try {
      return new ShortMessage(command, 0, d1, d2);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A MIDI port as javax.sound.midi shows one: an input (transmitters) or an output (receivers);
   * messages flow only while it is open. A small copy of the controller tests' fake ports.
   */
  private static final class FakePort implements MidiDevice {
    private final Info info;
    private final int maxTransmitters;
    private final int maxReceivers;
    private final List<FakeTransmitter> transmitters = new CopyOnWriteArrayList<>();
    private volatile boolean open;

    FakePort(String name, int maxTransmitters, int maxReceivers) {
      this.info = new Info(name, "Lathe tests", "a fake MIDI port", "1.0") {};
      this.maxTransmitters = maxTransmitters;
      this.maxReceivers = maxReceivers;
    }

    /** Sends messages from the controller to the computer, as moving a control does. */
    void send(MidiMessage... messages) {
      for (MidiMessage m : messages) {
        if (open) {
          transmitters.forEach(t -> t.transmit(m));
        }
      }
    }

    @Override
    public Info getDeviceInfo() {
      return info;
    }

    @Override
    public void open() {
      open = true;
    }

    @Override
    public void close() {
      open = false;
      transmitters.forEach(FakeTransmitter::close);
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public long getMicrosecondPosition() {
      return -1;
    }

    @Override
    public int getMaxReceivers() {
      return maxReceivers;
    }

    @Override
    public int getMaxTransmitters() {
      return maxTransmitters;
    }

    @Override
    public Receiver getReceiver() throws MidiUnavailableException {
      throw new MidiUnavailableException(info.getName() + " takes no messages in these tests");
    }

    @Override
    public List<Receiver> getReceivers() {
      return List.of();
    }

    @Override
    public Transmitter getTransmitter() throws MidiUnavailableException {
      if (maxTransmitters == 0) {
        throw new MidiUnavailableException(info.getName() + " has no transmitters");
      }
      FakeTransmitter t = new FakeTransmitter();
      transmitters.add(t);
      return t;
    }

    @Override
    public List<Transmitter> getTransmitters() {
      return List.copyOf(transmitters);
    }
  }

  /** The computer's end of an input port. */
  private static final class FakeTransmitter implements Transmitter {
    private volatile Receiver receiver;
    private volatile boolean closed;

    void transmit(MidiMessage message) {
      Receiver r = receiver;
      if (!closed && r != null) {
        r.send(message, -1);
      }
    }

    @Override
    public void setReceiver(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public Receiver getReceiver() {
      return receiver;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
