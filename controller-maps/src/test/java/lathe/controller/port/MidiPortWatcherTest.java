package lathe.controller.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import lathe.controller.map.BundledMaps;
import lathe.controller.port.FakeMidiPorts.FakeController;
import lathe.controller.port.FakeMidiPorts.FakeDevice;
import lathe.controller.port.RecordingListener.Connected;
import lathe.controller.port.RecordingListener.Disconnected;
import lathe.controller.port.RecordingListener.Event;
import lathe.controller.port.RecordingListener.Message;
import lathe.controller.port.RecordingListener.PortError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hot-plug of controllers, against fake ports made of real javax.sound.midi objects. */
class MidiPortWatcherTest {
  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String NANO = "nanoKONTROL2 [hw:1,0,0]";
  private static final String NANO_MAP = "korg-nanokontrol2";

  private final FakeMidiPorts ports = new FakeMidiPorts();
  private final RecordingListener listener = new RecordingListener();
  private MidiPortWatcher watcher;

  @AfterEach
  void closeWatcher() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private void start(PortMatcher matcher) {
    watcher = new MidiPortWatcher(ports, matcher, listener, INTERVAL);
    watcher.start();
  }

  private <T extends Event> T expect(Class<T> type) throws InterruptedException {
    Event event = listener.next(TIMEOUT);
    assertInstanceOf(type, event, "expected " + type.getSimpleName() + ", got " + event);
    return type.cast(event);
  }

  /** Waits until the ports have been listed a number of times more, so that many polls ran. */
  private void awaitPolls(int more) throws InterruptedException {
    int target = ports.listings() + more;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (ports.listings() < target) {
      if (System.nanoTime() > deadline) {
        fail("the watcher stopped polling");
      }
      Thread.sleep(1);
    }
  }

  private static ShortMessage cc(int number, int value) throws InvalidMidiDataException {
    return new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, number, value);
  }

  @Test
  void portThatAppearsIsOpenedWithinOnePollAndMessagesFlowWithTheirArrivalTimes() throws Exception {
    AtomicInteger connectedAtPoll = new AtomicInteger();
    watcher =
        new MidiPortWatcher(
            ports,
            PortMatcher.bundled(),
            new MidiInputListener() {
              @Override
              public void onMessage(String port, javax.sound.midi.MidiMessage m, long nanos) {
                listener.onMessage(port, m, nanos);
              }

              @Override
              public void onConnected(String port, String map) {
                connectedAtPoll.set(ports.listings());
                listener.onConnected(port, map);
              }
            },
            INTERVAL);
    watcher.start();
    awaitPolls(2);

    int pollsBefore = ports.listings();
    FakeController nano = ports.plug(NANO);
    assertEquals(new Connected(NANO, NANO_MAP), expect(Connected.class));
    assertTrue(
        connectedAtPoll.get() <= pollsBefore + 1,
        "opened at poll " + connectedAtPoll.get() + ", plugged in after poll " + pollsBefore);
    assertTrue(nano.input().isOpen());
    assertTrue(nano.output().isOpen());
    assertEquals(Map.of(NANO, NANO_MAP), watcher.connectedPorts());

    for (int value : new int[] {0, 64, 127}) {
      ShortMessage sent = cc(0, value);
      long before = System.nanoTime();
      nano.turn(sent);
      long after = System.nanoTime();
      Message got = expect(Message.class);
      assertEquals(NANO, got.port());
      assertArrayEquals(sent.getMessage(), got.message().getMessage());
      assertTrue(
          got.nanos() >= before && got.nanos() <= after, "arrival time outside the send call");
    }

    ShortMessage lamp = new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 41, 127);
    assertTrue(watcher.send(NANO, lamp));
    assertTrue(watcher.hasOutput(NANO));
    assertEquals(List.of(lamp), nano.feedback());
  }

  @Test
  void portThatVanishesIsReportedAndClosed() throws Exception {
    start(PortMatcher.bundled());
    FakeController nano = ports.plug(NANO);
    expect(Connected.class);

    ports.unplug(nano);
    assertEquals(new Disconnected(NANO), expect(Disconnected.class));
    assertFalse(nano.input().isOpen());
    assertFalse(nano.output().isOpen());
    assertEquals(Map.of(), watcher.connectedPorts());
    assertFalse(watcher.send(NANO, cc(0, 1)), "feedback to a vanished port goes nowhere");
    nano.turn(cc(0, 1));
    awaitPolls(2);
    assertNull(listener.next(Duration.ZERO), "nothing after the disconnection");
  }

  @Test
  void portThatComesBackIsReopenedAndReportedConnected() throws Exception {
    start(PortMatcher.bundled());
    FakeController nano = ports.plug(NANO);
    expect(Connected.class);
    ports.unplug(nano);
    expect(Disconnected.class);

    ports.plug(nano);
    // The console answers this by sending the whole feedback state again.
    assertEquals(new Connected(NANO, NANO_MAP), expect(Connected.class));
    assertEquals(2, nano.input().opens());
    assertEquals(2, nano.output().opens());

    nano.turn(cc(16, 100));
    assertArrayEquals(cc(16, 100).getMessage(), expect(Message.class).message().getMessage());
    assertTrue(watcher.send(NANO, cc(32, 127)));
    assertEquals(1, nano.feedback().size());
  }

  @Test
  void feedbackSentWhenTheConnectionIsReportedReachesTheDevice() throws Exception {
    ShortMessage ring = cc(16, 64);
    watcher =
        new MidiPortWatcher(
            ports,
            PortMatcher.bundled(),
            new MidiInputListener() {
              @Override
              public void onMessage(String port, javax.sound.midi.MidiMessage m, long nanos) {}

              @Override
              public void onConnected(String port, String map) {
                // What the console does: send the whole feedback state, here one LED ring.
                if (watcher.send(port, ring)) {
                  listener.onConnected(port, map);
                }
              }

              @Override
              public void onDisconnected(String port) {
                listener.onDisconnected(port);
              }
            },
            INTERVAL);
    watcher.start();
    FakeController nano = ports.plug(NANO);
    expect(Connected.class);
    ports.unplug(nano);
    expect(Disconnected.class);
    ports.plug(nano);
    expect(Connected.class);
    assertEquals(List.of(ring, ring), nano.feedback(), "sent at each connection");
  }

  @Test
  void listenerFailureOnAMessageDoesNotStopThePort() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {});
    try {
      watcher =
          new MidiPortWatcher(
              ports,
              PortMatcher.bundled(),
              new MidiInputListener() {
                @Override
                public void onMessage(String port, javax.sound.midi.MidiMessage m, long nanos) {
                  if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("command queue full");
                  }
                  listener.onMessage(port, m, nanos);
                }

                @Override
                public void onConnected(String port, String map) {
                  listener.onConnected(port, map);
                }
              },
              INTERVAL);
      watcher.start();
      FakeController nano = ports.plug(NANO);
      expect(Connected.class);
      nano.turn(cc(0, 1));
      nano.turn(cc(0, 2));
      assertArrayEquals(cc(0, 2).getMessage(), expect(Message.class).message().getMessage());
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(old);
    }
  }

  @Test
  void portWhoseNameMatchesNoMapIsIgnoredUnderAutoDetect() throws Exception {
    start(PortMatcher.bundled());
    FakeController synth = ports.plug("Some Synth MIDI 1");
    FakeController nano = ports.plug(NANO);
    assertEquals(new Connected(NANO, NANO_MAP), expect(Connected.class));
    awaitPolls(3);

    assertNull(listener.next(Duration.ZERO), "the unmapped port is not reported");
    assertEquals(0, synth.input().opens());
    assertEquals(0, synth.output().opens());
    synth.turn(cc(7, 1));
    assertFalse(watcher.send("Some Synth MIDI 1", cc(7, 1)));
    assertEquals(Map.of(NANO, NANO_MAP), watcher.connectedPorts());
    assertTrue(nano.input().isOpen());
  }

  @Test
  void givenMapTakesOnlyThePortsItsPatternsMatch() throws Exception {
    start(PortMatcher.of("my-nano", BundledMaps.load(NANO_MAP).device()));
    FakeController mini = ports.plug("X-TOUCH MINI");
    ports.plug(NANO);
    assertEquals(new Connected(NANO, "my-nano"), expect(Connected.class));
    awaitPolls(2);
    assertNull(listener.next(Duration.ZERO));
    assertEquals(0, mini.input().opens());
  }

  @Test
  void pollingThreadSurvivesAnExceptionFromADevice() throws Exception {
    FakeDevice exploding =
        new FakeDevice("BCR2000 Port 1", 0, -1) {
          @Override
          public void open() {
            throw new IllegalStateException("the driver fell over");
          }
        };
    FakeDevice nameless =
        new FakeDevice("BeatStep", 0, -1) {
          @Override
          public int getMaxTransmitters() {
            throw new IllegalStateException("no descriptor");
          }
        };
    ports.plug(exploding);
    ports.plug(nameless);
    start(PortMatcher.bundled());

    PortError error = expect(PortError.class);
    assertEquals("BCR2000 Port 1", error.port());
    assertTrue(error.problem().contains("the driver fell over"), error.problem());
    awaitPolls(5);
    assertNull(listener.next(Duration.ZERO), "reported once per appearance, not per poll");

    ports.failListings(3);
    PortError down = expect(PortError.class);
    assertTrue(down.problem().contains("cannot list the ports"), down.problem());

    ports.plug(NANO);
    assertEquals(new Connected(NANO, NANO_MAP), expect(Connected.class));
    assertNull(listener.next(Duration.ZERO), "the failing listings were reported once");

    ports.unplug(exploding);
    awaitPolls(2);
    ports.plug(exploding);
    assertEquals("BCR2000 Port 1", expect(PortError.class).port());
  }

  @Test
  void inputWithoutAnOutputConnectsWithoutFeedback() throws Exception {
    start(PortMatcher.bundled());
    FakeDevice input = new FakeDevice("Arturia BeatStep", 0, -1);
    ports.plug(input);
    assertEquals(new Connected("Arturia BeatStep", "arturia-beatstep"), expect(Connected.class));
    assertFalse(watcher.hasOutput("Arturia BeatStep"));
    assertFalse(watcher.send("Arturia BeatStep", cc(1, 1)));
  }

  @Test
  void closingTheWatcherClosesThePortsWithoutReportingThem() throws Exception {
    start(PortMatcher.bundled());
    FakeController nano = ports.plug(NANO);
    expect(Connected.class);
    watcher.close();
    assertFalse(nano.input().isOpen());
    assertFalse(nano.output().isOpen());
    int polls = ports.listings();
    Thread.sleep(5 * INTERVAL.toMillis());
    assertEquals(polls, ports.listings(), "no polling after close");
    assertNull(listener.next(Duration.ZERO));
  }

  @Test
  void systemSourceListsNoSequencerOrSynthesizer() throws MidiUnavailableException {
    List<MidiDevice> devices = new ArrayList<>(MidiPortSource.system().devices());
    for (MidiDevice device : devices) {
      assertFalse(device instanceof Sequencer || device instanceof Synthesizer, device.toString());
    }
  }
}
