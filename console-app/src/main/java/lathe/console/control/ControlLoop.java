package lathe.console.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sound.midi.MidiMessage;
import lathe.controller.engine.MappingEngine;
import lathe.controller.engine.PickupHint;
import lathe.controller.map.ControllerMap;
import lathe.dsp.command.Command;

/**
 * Is the console's control thread: it takes commands from every surface and raw MIDI messages from
 * the controllers' input threads, runs each controller's mapping engine, applies the resulting
 * commands to the {@link ConsoleState}, and sends every controller the feedback for what changed.
 * Input threads only enqueue; everything that reads or changes the console state happens here.
 */
public final class ControlLoop implements AutoCloseable {
  private static final int LATENCY_SLOTS = 1 << 14;

  /** The longest the control thread sleeps between ticks, in milliseconds. */
  public static final int TICK_MILLIS = 20;

  private final ConsoleState state;
  private final Consumer<String> log;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Map<String, Controller> controllers = new LinkedHashMap<>();
  private final long[] latencies = new long[LATENCY_SLOTS];
  private final List<LongConsumer> tickers = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile List<PickupHint> hints = List.of();
  private long latencyCount;
  private long applied;

  private record CommandEvent(Command command) {}

  private record MidiEvent(String port, MidiMessage message, long arrivalNanos) {}

  private record Attach(String port, ControllerMap map, Consumer<MidiMessage> out) {}

  private record Detach(String port) {}

  private record Sync(Runnable done) {}

  private record Ticker(LongConsumer tick) {}

  private record Controller(MappingEngine engine, Consumer<MidiMessage> out) {}

  /**
   * Starts the control thread.
   *
   * @param state the console state the commands change
   * @param log receives one line per problem (an unknown parameter, a feature not there yet)
   */
  public ControlLoop(ConsoleState state, Consumer<String> log) {
    this.state = state;
    this.log = log;
    thread = new Thread(this::run, "lathe-control");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a command from any surface. */
  public void submit(Command command) {
    queue.add(new CommandEvent(command));
  }

  /**
   * Queues a MIDI message as a controller's input thread received it.
   *
   * @param port the input port's name, as given to {@link #attach}
   * @param message the message
   * @param arrivalNanos when it arrived, by {@link System#nanoTime}
   */
  public void midi(String port, MidiMessage message, long arrivalNanos) {
    queue.add(new MidiEvent(port, message, arrivalNanos));
  }

  /**
   * Attaches a controller: its messages are mapped through {@code map}, and its whole feedback
   * state is sent to {@code out} at once (also when a controller comes back after an unplug).
   */
  public void attach(String port, ControllerMap map, Consumer<MidiMessage> out) {
    queue.add(new Attach(port, map, out));
  }

  /** Detaches a controller that has gone. */
  public void detach(String port) {
    queue.add(new Detach(port));
  }

  /**
   * Runs {@code tick} on the control thread at least every {@value #TICK_MILLIS} ms, with the time
   * by {@link System#nanoTime} (the session keeper saves from there).
   */
  public void addTicker(LongConsumer tick) {
    queue.add(new Ticker(tick));
  }

  /** Runs a task on the control thread, after everything queued before it. */
  public void execute(Runnable task) {
    queue.add(new Sync(task));
  }

  /** Waits until everything queued before this call has been applied (at most 5 s). */
  public void sync() throws InterruptedException {
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    queue.add(new Sync(latch::countDown));
    latch.await(5, TimeUnit.SECONDS);
  }

  /** Returns how many commands have been applied. */
  public synchronized long appliedCommands() {
    return applied;
  }

  /**
   * Returns, for the most recent MIDI messages that moved a parameter, the nanoseconds from the
   * message's arrival to its new target being published to the audio thread, sorted.
   */
  public synchronized long[] midiToTargetNanos() {
    int n = (int) Math.min(latencyCount, LATENCY_SLOTS);
    long[] out = Arrays.copyOf(latencies, n);
    Arrays.sort(out);
    return out;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Command> commands = new ArrayList<>();
    long nextTick = System.nanoTime();
    while (running) {
      Object event;
      try {
        event = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event != null) {
        // Events first: a release that arrived while this thread was held up must end its button's
        // hold before a tick at a later time takes the hold for a long press.
        handle(event, commands);
      }
      long now = System.nanoTime();
      // Ticks wait for queued events, but never more than 100 ms behind.
      if (now - nextTick >= 0 && (queue.isEmpty() || now - nextTick > 100_000_000L)) {
        nextTick = now + TICK_MILLIS * 1_000_000L;
        tick(now);
      }
    }
  }

  private void handle(Object event, List<Command> commands) {
    switch (event) {
      case CommandEvent c -> apply(c.command(), -1);
      case MidiEvent m -> {
        Controller controller = controllers.get(m.port());
        if (controller == null) {
          return;
        }
        commands.clear();
        controller
            .engine()
            .onMessage(m.message(), m.arrivalNanos() / 1000, commands::add, controller.out());
        for (Command c : commands) {
          apply(c, m.arrivalNanos());
        }
        publishHints();
      }
      case Attach a -> {
        MappingEngine engine = new MappingEngine(a.map(), state);
        controllers.put(a.port(), new Controller(engine, a.out()));
        send(a.out(), engine.feedbackAll());
      }
      case Detach d -> {
        controllers.remove(d.port());
        publishHints();
      }
      case Sync s -> s.done().run();
      case Ticker t -> tickers.add(t.tick());
      default -> throw new IllegalStateException("unknown event " + event);
    }
  }

  private void tick(long nowNanos) {
    List<Command> commands = new ArrayList<>();
    for (Controller c : controllers.values()) {
      // Long presses on slot buttons become saves here, and lamps blink.
      c.engine().tick(nowNanos / 1000, commands::add, c.out()::accept);
      for (Command command : commands) {
        apply(command, -1);
      }
      commands.clear();
    }
    for (LongConsumer t : tickers) {
      t.accept(nowNanos);
    }
  }

  /**
   * Returns, for every knob or fader that is away from its parameter (after a recall, an undo or an
   * A/B switch), which way to turn it to pick the parameter up; safe from any thread.
   */
  public List<PickupHint> pickupHints() {
    return hints;
  }

  private void publishHints() {
    List<PickupHint> all = new ArrayList<>();
    for (Controller c : controllers.values()) {
      all.addAll(c.engine().pickupHints());
    }
    if (!all.equals(hints)) {
      hints = List.copyOf(all);
    }
  }

  private void apply(Command command, long arrivalNanos) {
    List<String> changed;
    try {
      changed = state.apply(command);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.accept(e.getMessage());
      return;
    }
    long published = System.nanoTime();
    synchronized (this) {
      applied++;
      if (!changed.isEmpty() && arrivalNanos >= 0) {
        latencies[(int) (latencyCount++ % LATENCY_SLOTS)] = published - arrivalNanos;
      }
    }
    boolean lamps =
        switch (command) {
          case Command.RecallSlot r -> true;
          case Command.SaveSlot s -> true;
          case Command.ToggleAb a -> true;
          case Command.ToggleReference r -> true;
          case Command.Undo u -> true;
          case Command.Redo r -> true;
          default -> false;
        };
    for (Controller c : controllers.values()) {
      for (String id : changed) {
        send(c.out(), c.engine().feedbackFor(id));
      }
      if (lamps) {
        send(c.out(), c.engine().feedbackActions());
      }
    }
    if (!changed.isEmpty()) {
      publishHints();
    }
  }

  private static void send(Consumer<MidiMessage> out, List<MidiMessage> messages) {
    for (MidiMessage m : messages) {
      out.accept(m);
    }
  }
}
