package lathe.controller.port;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a control script in real time on its own thread, handing each message at its time to a
 * {@link MidiInputListener} as if a controller on the given port had sent it.
 */
public final class ControlScriptPlayer implements AutoCloseable {
  /** The port name messages come from when none is given. */
  public static final String DEFAULT_PORT = "control-script";

  /** Below this much time left, the player spins instead of sleeping, for accuracy. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

  private final ControlScript script;
  private final String portName;
  private final MidiInputListener listener;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread thread;
  private volatile long startNanos;
  private volatile boolean stopped;

  /**
   * Creates a player; nothing is played before {@link #start()}.
   *
   * @param script the messages and their times
   * @param portName the port the messages seem to come from, e.g. a port pattern of the map
   * @param listener who receives them, as from a controller
   */
  public ControlScriptPlayer(ControlScript script, String portName, MidiInputListener listener) {
    this.script = script;
    this.portName = portName;
    this.listener = listener;
    this.thread = new Thread(this::play, "lathe-control-script");
    this.thread.setDaemon(true);
  }

  /** Starts playing; the script's time zero is when its thread begins, right after this call. */
  public void start() {
    thread.start();
  }

  /**
   * Returns the script's time zero in {@link System#nanoTime()} units, or 0 before the thread
   * began.
   */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Returns a future completed after the last message was handed on, completed exceptionally with
   * the listener's exception if it threw, and cancelled when the player is closed first.
   */
  public CompletableFuture<Void> completion() {
    return done;
  }

  /** Stops playing; the messages not yet due are dropped. */
  @Override
  public void close() {
    stopped = true;
    done.cancel(false);
    LockSupport.unpark(thread);
    if (thread.isAlive() && thread != Thread.currentThread()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void play() {
    startNanos = System.nanoTime();
    try {
      for (TimedMidiMessage timed : script.messages()) {
        long due = startNanos + timed.nanos();
        if (!waitUntil(due)) {
          return;
        }
        listener.onMessage(portName, timed.message(), System.nanoTime());
      }
      done.complete(null);
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
      throw e;
    }
  }

  /** Waits until a System.nanoTime instant; returns false when stopped first. */
  private boolean waitUntil(long due) {
    while (!stopped) {
      long left = due - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      if (left > SPIN_NANOS) {
        LockSupport.parkNanos(left - SPIN_NANOS);
      } else {
        Thread.onSpinWait();
      }
    }
    return false;
  }
}
