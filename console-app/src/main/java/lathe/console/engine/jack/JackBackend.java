package lathe.console.engine.jack;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import lathe.console.engine.AudioBackend;
import lathe.console.engine.AudioCycle;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.DeviceFormat;

/**
 * Streams through a JACK server by calling libjack directly (FFM, no per-callback objects): two
 * output ports, two input ports when input is requested, auto-connected to the server's physical
 * ports; rate and block are the server's.
 */
public final class JackBackend implements AudioBackend {
  /** The failure reported when the server stops while the client runs. */
  public static final String SERVER_GONE = "JACK server went away";

  private static final int CHANNELS = 2;
  private static final String PROBE_CLIENT = "lathe-probe";
  private static final int EEXIST = 17; // jack_connect: the connection exists already

  private final String serverName;
  private final String clientName;
  private final boolean autoConnect;
  private final MethodHandle processTarget;
  private final MethodHandle xrunTarget;
  private final MethodHandle shutdownTarget;

  private Arena arena;
  private MemorySegment client = MemorySegment.NULL;
  private boolean active;
  private DeviceFormat format;
  private final MemorySegment[] inputPorts = new MemorySegment[CHANNELS];
  private final MemorySegment[] outputPorts = new MemorySegment[CHANNELS];

  // read by the audio thread; written before activation
  private final long[] inputPortAddresses = new long[CHANNELS];
  private final long[] outputPortAddresses = new long[CHANNELS];
  private int inputChannels;
  private int blockFrames;
  private double[][] in = new double[CHANNELS][0];
  private double[][] out = new double[CHANNELS][0];
  private volatile AudioCycle cycle;
  private volatile boolean running;

  private volatile String failure;
  private volatile long callbacks;
  private volatile long audioThreadId = -1;
  private final AtomicLong xruns = new AtomicLong();

  /**
   * Creates a back-end that will open a client named {@code clientName} on the server {@code
   * serverName} ({@code null}: the default server).
   */
  public JackBackend(String serverName, String clientName) {
    this(serverName, clientName, true);
  }

  JackBackend(String serverName, String clientName, boolean autoConnect) {
    if (clientName == null || clientName.isBlank()) {
      throw new IllegalArgumentException("JACK client name must not be empty");
    }
    this.serverName = serverName;
    this.clientName = clientName;
    this.autoConnect = autoConnect;
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Callbacks callbacks = new Callbacks(this);
      processTarget =
          lookup
              .findVirtual(
                  Callbacks.class,
                  "onProcess",
                  MethodType.methodType(int.class, int.class, long.class))
              .bindTo(callbacks);
      xrunTarget =
          lookup
              .findVirtual(Callbacks.class, "onXrun", MethodType.methodType(int.class, long.class))
              .bindTo(callbacks);
      shutdownTarget =
          lookup
              .findVirtual(
                  Callbacks.class, "onShutdown", MethodType.methodType(void.class, long.class))
              .bindTo(callbacks);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns whether libjack loads and the default server accepts clients. */
  public static boolean available() {
    return available(null);
  }

  /** Returns whether libjack loads and the named server ({@code null}: default) accepts clients. */
  public static boolean available(String serverName) {
    return unavailableReason(serverName) == null;
  }

  /**
   * Returns in one line why no client can be opened on the named server ({@code null}: default), or
   * {@code null} when one can.
   */
  public static String unavailableReason(String serverName) {
    if (LibJack.PROBLEM != null) {
      return LibJack.PROBLEM;
    }
    try (Arena probe = Arena.ofConfined()) {
      MemorySegment c = openClient(probe, serverName, PROBE_CLIENT);
      closeClient(c);
      return null;
    } catch (AudioDeviceException e) {
      return e.getMessage();
    }
  }

  /**
   * Lists the physical audio ports of the named server ({@code null}: default), e.g. {@code
   * system:capture_1}; empty when JACK is absent or the server does not run (see {@link
   * #unavailableReason}).
   */
  public static List<String> systemPorts(String serverName) {
    if (LibJack.PROBLEM != null) {
      return List.of();
    }
    try (Arena probe = Arena.ofConfined()) {
      MemorySegment c = openClient(probe, serverName, PROBE_CLIENT);
      try {
        List<String> ports = new ArrayList<>();
        ports.addAll(ports(probe, c, LibJack.PORT_IS_PHYSICAL | LibJack.PORT_IS_OUTPUT));
        ports.addAll(ports(probe, c, LibJack.PORT_IS_PHYSICAL | LibJack.PORT_IS_INPUT));
        return List.copyOf(ports);
      } finally {
        closeClient(c);
      }
    } catch (AudioDeviceException e) {
      return List.of();
    }
  }

  @Override
  public String description() {
    return "jack (server " + (serverName == null ? "default" : serverName) + ")";
  }

  @Override
  public synchronized DeviceFormat open(AudioSettings requested) throws AudioDeviceException {
    if (arena != null) {
      throw new IllegalStateException("the JACK client is already open; close it first");
    }
    LibJack.require();
    failure = null;
    callbacks = 0;
    xruns.set(0);
    arena = Arena.ofShared();
    try {
      client = openClient(arena, serverName, clientName);
      int rate = (int) LibJack.GET_SAMPLE_RATE.invokeExact(client);
      int period = (int) LibJack.GET_BUFFER_SIZE.invokeExact(client);
      if (rate != requested.sampleRate()) {
        throw new AudioDeviceException(
            "JACK server "
                + serverLabel(serverName)
                + " runs at "
                + rate
                + " Hz, not the requested "
                + formatRate(requested.sampleRate())
                + " Hz");
      }
      inputChannels = requested.inputChannels();
      for (int c = 0; c < CHANNELS; c++) {
        outputPorts[c] = register("out_" + (c + 1), LibJack.PORT_IS_OUTPUT);
        outputPortAddresses[c] = outputPorts[c].address();
        if (inputChannels > 0) {
          inputPorts[c] = register("in_" + (c + 1), LibJack.PORT_IS_INPUT);
          inputPortAddresses[c] = inputPorts[c].address();
        }
      }
      blockFrames = period;
      in = new double[CHANNELS][period];
      out = new double[CHANNELS][period];
      int inputLatency = inputChannels > 0 ? physicalLatency(LibJack.PORT_IS_OUTPUT, period) : 0;
      int outputLatency = physicalLatency(LibJack.PORT_IS_INPUT, period);
      format = new DeviceFormat(rate, period, inputChannels, CHANNELS, inputLatency, outputLatency);
      return format;
    } catch (AudioDeviceException e) {
      close();
      throw e;
    } catch (Throwable e) {
      close();
      throw new AudioDeviceException("JACK client could not be set up: " + e, e);
    }
  }

  @Override
  public synchronized void start(AudioCycle cycle) throws AudioDeviceException {
    if (arena == null) {
      throw new IllegalStateException("open the JACK client before starting it");
    }
    if (active) {
      throw new IllegalStateException("the JACK client is already running");
    }
    this.cycle = cycle;
    try {
      MemorySegment process = LibJack.upcall(processTarget, LibJack.PROCESS_SHAPE, arena);
      MemorySegment xrun = LibJack.upcall(xrunTarget, LibJack.XRUN_SHAPE, arena);
      MemorySegment shutdown = LibJack.upcall(shutdownTarget, LibJack.SHUTDOWN_SHAPE, arena);
      check(
          (int) LibJack.SET_PROCESS_CALLBACK.invokeExact(client, process, MemorySegment.NULL),
          "set the process callback");
      check(
          (int) LibJack.SET_XRUN_CALLBACK.invokeExact(client, xrun, MemorySegment.NULL),
          "set the xrun callback");
      LibJack.ON_SHUTDOWN.invokeExact(client, shutdown, MemorySegment.NULL);
      running = true;
      check((int) LibJack.ACTIVATE.invokeExact(client), "activate the client");
      active = true;
      if (autoConnect) {
        connectPhysical();
      }
    } catch (AudioDeviceException e) {
      close();
      throw e;
    } catch (Throwable e) {
      close();
      throw new AudioDeviceException("JACK client could not start: " + e, e);
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    if (arena == null) {
      return;
    }
    try {
      if (!client.equals(MemorySegment.NULL)) {
        if (active) {
          int ignored = (int) LibJack.DEACTIVATE.invokeExact(client); // waits for the cycle
        }
        closeClient(client);
      }
    } catch (Throwable e) {
      // the client is abandoned either way; nothing more can be done for it
    } finally {
      active = false;
      client = MemorySegment.NULL;
      cycle = null;
      Arrays.fill(inputPorts, null);
      Arrays.fill(outputPorts, null);
      Arrays.fill(inputPortAddresses, 0);
      Arrays.fill(outputPortAddresses, 0);
      arena.close();
      arena = null;
    }
  }

  @Override
  public long xruns() {
    return xruns.get();
  }

  @Override
  public String failure() {
    return failure;
  }

  /** Returns the process callbacks received since the last {@link #open}. */
  public long callbacks() {
    return callbacks;
  }

  /** Returns the id of the Java thread that runs the process callback, or -1 before the first. */
  public long audioThreadId() {
    return audioThreadId;
  }

  /** Returns what {@link #open} granted, or {@code null} before it. */
  public synchronized DeviceFormat format() {
    return format;
  }

  /** Returns the full names of this client's output ports (e.g. {@code lathe:out_1}). */
  public synchronized List<String> outputPortNames() {
    return portNames(outputPorts);
  }

  /** Returns the full names of this client's input ports; empty when input is not in use. */
  public synchronized List<String> inputPortNames() {
    return inputChannels == 0 ? List.of() : portNames(inputPorts);
  }

  /** Connects two ports by their full names (the client must be running). */
  synchronized void connect(String source, String destination) throws AudioDeviceException {
    if (!active) {
      throw new IllegalStateException("start the JACK client before connecting ports");
    }
    try (Arena names = Arena.ofConfined()) {
      int result =
          (int)
              LibJack.CONNECT.invokeExact(
                  client, names.allocateFrom(source), names.allocateFrom(destination));
      if (result != 0 && result != EEXIST) {
        throw new AudioDeviceException(
            "JACK could not connect " + source + " to " + destination + " (error " + result + ")");
      }
    } catch (AudioDeviceException e) {
      throw e;
    } catch (Throwable e) {
      throw new AudioDeviceException("JACK could not connect " + source + ": " + e, e);
    }
  }

  // ---- audio thread ----

  /**
   * Holds the JACK thread's callbacks, in a class of their own with no string constants: HotSpot
   * resolves every string constant of a method's class on the thread that queues the method for the
   * optimising compiler, and with long periods the callbacks reach that point minutes into a
   * session, on the JACK thread. Messages are built by the back-end.
   */
  private static final class Callbacks {
    private final JackBackend b;

    Callbacks(JackBackend b) {
      this.b = b;
    }

    private int onProcess(int frames, long arg) {
      long thread = Thread.currentThread().threadId();
      if (thread != b.audioThreadId) {
        b.audioThreadId = thread;
      }
      b.callbacks++;
      try {
        AudioCycle current = b.cycle;
        if (!b.running || current == null) {
          silence(frames);
          return 0;
        }
        for (int offset = 0; offset < frames; offset += b.blockFrames) {
          int n = Math.min(b.blockFrames, frames - offset);
          readInputs(offset, n);
          current.process(b.in, b.out, n);
          writeOutputs(offset, n);
        }
      } catch (Throwable e) {
        b.cycleFailed(e);
        b.running = false;
        try {
          silence(frames);
        } catch (Throwable ignored) {
          // an exception must not leave an upcall
        }
      }
      return 0;
    }

    private void readInputs(int offset, int frames) throws Throwable {
      for (int c = 0; c < CHANNELS; c++) {
        double[] to = b.in[c];
        if (b.inputChannels == 0) {
          Arrays.fill(to, 0, frames, 0.0);
          continue;
        }
        long from =
            (long) LibJack.PORT_GET_BUFFER.invokeExact(b.inputPortAddresses[c], offset + frames);
        from += 4L * offset;
        for (int i = 0; i < frames; i++) {
          float v = LibJack.ALL.get(JAVA_FLOAT, from + 4L * i);
          to[i] = v == v ? v : 0.0;
        }
      }
    }

    private void writeOutputs(int offset, int frames) throws Throwable {
      for (int c = 0; c < CHANNELS; c++) {
        double[] from = b.out[c];
        long to =
            (long) LibJack.PORT_GET_BUFFER.invokeExact(b.outputPortAddresses[c], offset + frames);
        to += 4L * offset;
        for (int i = 0; i < frames; i++) {
          float v = (float) from[i];
          LibJack.ALL.set(JAVA_FLOAT, to + 4L * i, v == v ? v : 0.0f);
        }
      }
    }

    private void silence(int frames) throws Throwable {
      for (int c = 0; c < CHANNELS; c++) {
        long to = (long) LibJack.PORT_GET_BUFFER.invokeExact(b.outputPortAddresses[c], frames);
        for (int i = 0; to != 0 && i < frames; i++) {
          LibJack.ALL.set(JAVA_FLOAT, to + 4L * i, 0.0f);
        }
      }
    }

    private int onXrun(long arg) {
      b.xruns.incrementAndGet();
      return 0;
    }

    private void onShutdown(long arg) {
      b.serverGone();
    }
  }

  private void cycleFailed(Throwable e) {
    if (failure == null) {
      failure = "audio cycle failed: " + e;
    }
  }

  private void serverGone() {
    running = false;
    if (failure == null) {
      failure = SERVER_GONE;
    }
  }

  // ---- set-up helpers ----

  private static MemorySegment openClient(Arena arena, String serverName, String clientName)
      throws AudioDeviceException {
    LibJack.require();
    MemorySegment status = arena.allocate(JAVA_INT);
    MemorySegment name = arena.allocateFrom(clientName);
    MemorySegment c;
    try {
      if (serverName == null) {
        c = (MemorySegment) LibJack.CLIENT_OPEN.invokeExact(name, LibJack.NO_START_SERVER, status);
      } else {
        c =
            (MemorySegment)
                LibJack.CLIENT_OPEN_NAMED.invokeExact(
                    name,
                    LibJack.NO_START_SERVER | LibJack.SERVER_NAME,
                    status,
                    arena.allocateFrom(serverName));
      }
    } catch (Throwable e) {
      throw new AudioDeviceException("JACK client could not be opened: " + e, e);
    }
    if (c.equals(MemorySegment.NULL)) {
      throw new AudioDeviceException(openProblem(serverName, status.get(JAVA_INT, 0)));
    }
    return c;
  }

  private static String openProblem(String serverName, int status) {
    String server = "JACK server " + serverLabel(serverName);
    String hex = " (status 0x" + Integer.toHexString(status) + ")";
    if ((status & LibJack.STATUS_SERVER_FAILED) != 0) {
      return server + " is not running" + hex;
    }
    if ((status & LibJack.STATUS_VERSION_ERROR) != 0) {
      return server + " speaks another protocol version than this libjack" + hex;
    }
    if ((status & LibJack.STATUS_SHM_FAILURE) != 0) {
      return server + " could not share memory with this process" + hex;
    }
    if ((status & LibJack.STATUS_SERVER_ERROR) != 0) {
      return server + " refused the client" + hex;
    }
    return server + " did not accept a client" + hex;
  }

  private static void closeClient(MemorySegment c) {
    try {
      int ignored = (int) LibJack.CLIENT_CLOSE.invokeExact(c);
    } catch (Throwable e) {
      // closing is best effort
    }
  }

  private static List<String> ports(Arena arena, MemorySegment c, long flags) {
    List<String> names = new ArrayList<>();
    try {
      MemorySegment list =
          (MemorySegment)
              LibJack.GET_PORTS.invokeExact(
                  c, MemorySegment.NULL, arena.allocateFrom(LibJack.AUDIO_TYPE), flags);
      if (list.equals(MemorySegment.NULL)) {
        return names;
      }
      MemorySegment entries = list.reinterpret(Long.MAX_VALUE);
      for (long i = 0; ; i++) {
        MemorySegment entry = entries.getAtIndex(ADDRESS, i);
        if (entry.equals(MemorySegment.NULL)) {
          break;
        }
        names.add(LibJack.string(entry));
      }
      LibJack.FREE.invokeExact(list);
    } catch (Throwable e) {
      // an unreadable list is an empty one
    }
    return names;
  }

  private MemorySegment register(String shortName, long direction) throws Throwable {
    MemorySegment port =
        (MemorySegment)
            LibJack.PORT_REGISTER.invokeExact(
                client,
                arena.allocateFrom(shortName),
                arena.allocateFrom(LibJack.AUDIO_TYPE),
                direction,
                0L);
    if (port.equals(MemorySegment.NULL)) {
      throw new AudioDeviceException("JACK refused to register the port " + shortName);
    }
    return port;
  }

  /**
   * Returns the latency of the first physical port in the given direction (playback latency for the
   * server's inputs, capture latency for its outputs), or the period when it reports none.
   */
  private int physicalLatency(long direction, int period) throws Throwable {
    List<String> physical = ports(arena, client, LibJack.PORT_IS_PHYSICAL | direction);
    if (physical.isEmpty() || LibJack.PORT_GET_LATENCY_RANGE == null) {
      return period;
    }
    MemorySegment port =
        (MemorySegment)
            LibJack.PORT_BY_NAME.invokeExact(client, arena.allocateFrom(physical.get(0)));
    if (port.equals(MemorySegment.NULL)) {
      return period;
    }
    MemorySegment range = arena.allocate(JAVA_INT, 2);
    int mode =
        direction == LibJack.PORT_IS_INPUT ? LibJack.PLAYBACK_LATENCY : LibJack.CAPTURE_LATENCY;
    LibJack.PORT_GET_LATENCY_RANGE.invokeExact(port, mode, range);
    int max = range.getAtIndex(JAVA_INT, 1);
    return max > 0 ? max : period;
  }

  private void connectPhysical() throws AudioDeviceException {
    List<String> playback = ports(arena, client, LibJack.PORT_IS_PHYSICAL | LibJack.PORT_IS_INPUT);
    List<String> mine = portNames(outputPorts);
    for (int c = 0; c < Math.min(CHANNELS, playback.size()); c++) {
      connect(mine.get(c), playback.get(c));
    }
    if (inputChannels > 0) {
      List<String> capture =
          ports(arena, client, LibJack.PORT_IS_PHYSICAL | LibJack.PORT_IS_OUTPUT);
      List<String> inputs = portNames(inputPorts);
      for (int c = 0; c < Math.min(CHANNELS, capture.size()); c++) {
        connect(capture.get(c), inputs.get(c));
      }
    }
  }

  private List<String> portNames(MemorySegment[] ports) {
    List<String> names = new ArrayList<>();
    for (MemorySegment port : ports) {
      if (port == null) {
        return List.of();
      }
      try {
        names.add(LibJack.string((MemorySegment) LibJack.PORT_NAME.invokeExact(port)));
      } catch (Throwable e) {
        return List.of();
      }
    }
    return List.copyOf(names);
  }

  private static void check(int result, String what) throws AudioDeviceException {
    if (result != 0) {
      throw new AudioDeviceException("JACK could not " + what + " (error " + result + ")");
    }
  }

  private static String serverLabel(String serverName) {
    return serverName == null ? "(default)" : "'" + serverName + "'";
  }

  private static String formatRate(double hertz) {
    return hertz == Math.rint(hertz) ? Long.toString((long) hertz) : Double.toString(hertz);
  }
}
