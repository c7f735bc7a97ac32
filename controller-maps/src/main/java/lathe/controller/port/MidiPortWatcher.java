package lathe.controller.port;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;

/**
 * Opens the MIDI controllers that have a map and follows them as they are plugged in and out.
 *
 * <p>javax.sound.midi has no hot-plug event, so a daemon thread lists the ports every interval (two
 * seconds by default). An input port whose name the {@link PortMatcher} gives a map is opened, and
 * every message it sends goes to the {@link MidiInputListener} with its arrival time, unmapped. The
 * output port of the same name, when there is one, is opened for feedback ({@link #send}). A port
 * that vanishes is closed and reported; when it comes back it is opened again and reported as
 * connected, so the console can send its whole feedback state. A port that cannot be opened is
 * reported once per appearance and tried again at every poll; nothing is thrown on the polling
 * thread.
 */
public final class MidiPortWatcher implements AutoCloseable {
  /** The polling interval used unless another is given. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private static final String SYSTEM = "(MIDI system)";

  private final MidiPortSource source;
  private final PortMatcher matcher;
  private final MidiInputListener listener;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean running;
  private volatile boolean closed;

  // Touched only under the lock of this watcher (the polling thread, pollNow and close).
  private final Map<String, OpenInput> inputs = new LinkedHashMap<>();
  private final Map<String, MidiDevice> outputDevices = new LinkedHashMap<>();
  private final Set<String> unmapped = new HashSet<>();
  private final Set<String> reported = new HashSet<>();

  // Read by any thread.
  private final Map<String, Receiver> outputs = new ConcurrentHashMap<>();
  private final Map<String, String> connected = new ConcurrentHashMap<>();

  private record OpenInput(MidiDevice device, Transmitter transmitter) {}

  /**
   * Creates a watcher; nothing is listed or opened before {@link #start()} or {@link #pollNow()}.
   *
   * @param source where the ports are listed
   * @param matcher which ports to open, and with which map
   * @param listener who receives the messages and the port events
   * @param interval the time between two polls
   */
  public MidiPortWatcher(
      MidiPortSource source, PortMatcher matcher, MidiInputListener listener, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the polling interval must be positive: " + interval);
    }
    this.source = source;
    this.matcher = matcher;
    this.listener = listener;
    this.interval = interval;
    this.thread = new Thread(this::run, "lathe-midi-ports");
    this.thread.setDaemon(true);
  }

  /** Creates a watcher of the system's ports, polled every two seconds. */
  public MidiPortWatcher(PortMatcher matcher, MidiInputListener listener) {
    this(MidiPortSource.system(), matcher, listener, DEFAULT_INTERVAL);
  }

  /** Starts the polling thread, which polls at once and then every interval. */
  public void start() {
    running = true;
    thread.start();
  }

  /** Polls the ports once on the caller's thread, opening and closing what changed. */
  public synchronized void pollNow() {
    if (closed) {
      return;
    }
    try {
      poll();
    } catch (RuntimeException | LinkageError e) {
      report(SYSTEM, "polling failed: " + describe(e));
    }
  }

  /**
   * Sends a message to the output port of a connected controller.
   *
   * @param portName the controller's port, as given to {@link MidiInputListener#onConnected}
   * @return whether the message went out (false when the port has no open output)
   */
  public boolean send(String portName, MidiMessage message) {
    Receiver receiver = outputs.get(portName);
    if (receiver == null) {
      return false;
    }
    try {
      receiver.send(message, -1);
      return true;
    } catch (IllegalStateException e) {
      return false; // closed under our feet: the next poll notices
    }
  }

  /** Returns the connected input ports and the name of the map each one matched. */
  public Map<String, String> connectedPorts() {
    return Map.copyOf(connected);
  }

  /** Tells whether a connected controller's port has an open output for feedback. */
  public boolean hasOutput(String portName) {
    return outputs.containsKey(portName);
  }

  /** Stops the polling thread and closes every port, without reporting them as disconnected. */
  @Override
  public void close() {
    closed = true;
    running = false;
    thread.interrupt();
    if (thread.isAlive() && thread != Thread.currentThread()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      for (String name : List.copyOf(inputs.keySet())) {
        closeInput(name);
      }
      for (String name : List.copyOf(outputDevices.keySet())) {
        closeOutput(name);
      }
    }
  }

  private void run() {
    while (running) {
      pollNow();
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void poll() {
    List<MidiDevice> devices;
    try {
      devices = source.devices();
      reported.remove(SYSTEM);
    } catch (MidiUnavailableException | RuntimeException e) {
      report(SYSTEM, "cannot list the ports: " + describe(e));
      return;
    }
    Map<String, MidiDevice> ins = new LinkedHashMap<>();
    Map<String, MidiDevice> outs = new LinkedHashMap<>();
    for (MidiDevice device : devices) {
      try {
        String name = device.getDeviceInfo().getName();
        if (device.getMaxTransmitters() != 0) {
          ins.putIfAbsent(name, device);
        }
        if (device.getMaxReceivers() != 0) {
          outs.putIfAbsent(name, device);
        }
      } catch (RuntimeException e) {
        // A device that cannot even describe itself is left out of this poll.
      }
    }

    for (String name : List.copyOf(inputs.keySet())) {
      if (!ins.containsKey(name)) {
        closeInput(name);
        closeOutput(name);
        tell(() -> listener.onDisconnected(name));
      }
    }
    for (String name : List.copyOf(outputDevices.keySet())) {
      if (!outs.containsKey(name)) {
        closeOutput(name);
      }
    }
    unmapped.retainAll(ins.keySet());
    reported.removeIf(
        key ->
            !key.equals(SYSTEM) && !ins.containsKey(portOf(key)) && !outs.containsKey(portOf(key)));

    for (Map.Entry<String, MidiDevice> in : ins.entrySet()) {
      String name = in.getKey();
      if (inputs.containsKey(name)) {
        if (!outputDevices.containsKey(name) && outs.containsKey(name)) {
          openOutput(name, outs.get(name));
        }
      } else if (!unmapped.contains(name)) {
        Optional<String> map;
        try {
          map = matcher.mapFor(name);
        } catch (RuntimeException e) {
          report("in:" + name, "cannot choose a map: " + describe(e));
          continue;
        }
        if (map.isEmpty()) {
          unmapped.add(name);
        } else {
          openInput(name, in.getValue(), outs.get(name), map.get());
        }
      }
    }
  }

  private void openInput(String name, MidiDevice device, MidiDevice output, String mapName) {
    Transmitter transmitter;
    try {
      if (!device.isOpen()) {
        device.open();
      }
      transmitter = device.getTransmitter();
      // Listening starts before the connection is reported, so nothing sent after it is lost.
      transmitter.setReceiver(new PortReceiver(name));
    } catch (MidiUnavailableException | RuntimeException e) {
      closeQuietly(device);
      report("in:" + name, "cannot open the input: " + describe(e));
      return;
    }
    inputs.put(name, new OpenInput(device, transmitter));
    connected.put(name, mapName);
    if (output != null) {
      openOutput(name, output);
    }
    reported.remove("in:" + name);
    tell(() -> listener.onConnected(name, mapName));
  }

  private void openOutput(String name, MidiDevice device) {
    try {
      if (!device.isOpen()) {
        device.open();
      }
      Receiver receiver = device.getReceiver();
      outputDevices.put(name, device);
      outputs.put(name, receiver);
      reported.remove("out:" + name);
    } catch (MidiUnavailableException | RuntimeException e) {
      if (!inputs.containsKey(name) || !device.equals(inputs.get(name).device())) {
        closeQuietly(device);
      }
      report("out:" + name, "cannot open the output, no feedback: " + describe(e));
    }
  }

  private void closeInput(String name) {
    OpenInput open = inputs.remove(name);
    connected.remove(name);
    if (open != null) {
      try {
        open.transmitter().close();
      } catch (RuntimeException e) {
        // The device is going away; closing it below is what matters.
      }
      if (!open.device().equals(outputDevices.get(name))) {
        closeQuietly(open.device());
      }
    }
  }

  private void closeOutput(String name) {
    outputs.remove(name);
    MidiDevice device = outputDevices.remove(name);
    if (device != null) {
      closeQuietly(device);
    }
  }

  private static void closeQuietly(MidiDevice device) {
    try {
      device.close();
    } catch (RuntimeException e) {
      // A device that fails to close is gone anyway.
    }
  }

  /** Reports a problem once until the port concerned vanishes (or the problem goes away). */
  private void report(String key, String problem) {
    if (reported.add(key)) {
      tell(() -> listener.onPortError(portOf(key), problem));
    }
  }

  private static String portOf(String key) {
    int colon = key.indexOf(':');
    return key.startsWith("in:") || key.startsWith("out:") ? key.substring(colon + 1) : key;
  }

  /** Calls the listener; its failure is shown as an uncaught exception but stops nothing. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      Thread current = Thread.currentThread();
      current.getUncaughtExceptionHandler().uncaughtException(current, e);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : message.strip().replace('\n', ' ');
  }

  /** Hands each message from one input port to the listener with its arrival time. */
  private final class PortReceiver implements Receiver {
    private final String portName;

    PortReceiver(String portName) {
      this.portName = portName;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
      long now = System.nanoTime();
      try {
        listener.onMessage(portName, message, now);
      } catch (RuntimeException e) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, e);
      }
    }

    @Override
    public void close() {}
  }
}
