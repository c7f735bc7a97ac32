package lathe.console.engine;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import lathe.dsp.ProcessSpec;
import lathe.dsp.bench.BenchChains;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.Module;
import lathe.dsp.dynamics.GainReducing;
import lathe.dsp.meter.MeterBank;
import lathe.dsp.param.ParamSpec;

/**
 * Runs the mastering chain live on a back-end's audio thread.
 *
 * <p>Each block, the audio thread takes the programme from the device input or from a {@link
 * LiveSource} (the file player, the demo mix), runs the chain and the meters, hands the result to
 * an optional {@link LiveSink} (the print) and to the device. It reads parameter targets from the
 * chain's lock-free slots and publishes meters through the lock-free {@link MeterBank} snapshot; it
 * allocates nothing once warm. Everything else happens on the control thread, which calls {@link
 * #supervise} about ten times a second: it opens the allocation measurement window once the audio
 * thread has settled, and when the device fails (a USB interface unplugged, the JACK server gone)
 * it reports the loss, closes the back-end, and reopens it every second until it is back, without
 * restarting anything else.
 */
public final class AudioEngine {
  /** Seconds between attempts to reopen a device that failed. */
  public static final double RETRY_SECONDS = 1.0;

  /** Least number of blocks each warm-up phase runs: past the JIT's compile thresholds. */
  public static final int WARM_BLOCKS = 20_000;

  /** Frames per warm-up block (the device's block if smaller). */
  private static final int WARM_BLOCK_FRAMES = 64;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final AudioBackend backend;
  private final AudioSettings requested;
  private final MasteringChain chain;
  private final MeterBank meters;
  private final DeviceFormat format;
  private final Latency latency;
  private final int chunk;
  private final double[][] work;
  private final Cycle cycle = new Cycle();
  private final double settleSeconds;
  private Consumer<String> events = message -> {};

  private volatile LiveSource source;
  private volatile LiveSink print;
  private volatile ReferenceMonitor reference;
  private volatile String lastTouched = "";

  // Written by the audio thread only.
  private volatile long callbacks;
  private volatile double dspLoad;
  private volatile double maxDspLoad;
  private volatile long audioThreadId = -1;
  // Written by the control thread only.
  private volatile boolean measuring;

  private boolean running;
  private boolean retrying;
  private long nextRetryNanos;
  private long lostAtNanos;
  private long deviceLosses;
  private long xrunsBefore;
  private long windowCallbacks = -1;
  private long windowThread = -1;
  private long windowBaseline;
  private long allocatedBefore;
  private long allocatedNow;
  private long windowStartNanos;
  private double measuredBefore;
  private long xrunsAtWindow = -1;
  private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
  private long jitTime = -1;
  private long jitQuietSince;

  /** How long the JIT must have been idle before the measurement window opens. */
  private static final long JIT_QUIET_NANOS = 300_000_000L;

  private AudioEngine(
      AudioBackend backend,
      AudioSettings requested,
      DeviceFormat format,
      MasteringChain chain,
      double settleSeconds) {
    this.backend = backend;
    this.requested = requested;
    this.format = format;
    this.chain = chain;
    this.settleSeconds = settleSeconds;
    this.chunk = Math.max(format.blockFrames(), requested.blockFrames());
    chain.prepare(new ProcessSpec(format.sampleRate(), chunk, 2));
    chain.setTimeline(-1);
    List<GainReducing> dynamics = new ArrayList<>();
    for (Module m : chain.modules()) {
      if (m instanceof GainReducing g) {
        dynamics.add(g);
      }
    }
    meters = new MeterBank(2, format.sampleRate(), dynamics);
    work = new double[2][chunk];
    latency =
        new Latency(
            format.sampleRate(),
            format.blockFrames(),
            format.inputLatencyFrames(),
            format.outputLatencyFrames(),
            chain.latencyFrames());
  }

  /**
   * Opens the back-end and builds an engine around the format it granted; the chain is prepared at
   * that rate.
   *
   * @param settleSeconds seconds of audio after start before the allocation and load measurement
   *     window opens (the JIT compiles the device's own callback path meanwhile)
   * @throws AudioDeviceException when the device cannot be opened as asked
   */
  public static AudioEngine open(
      AudioBackend backend, AudioSettings requested, MasteringChain chain, double settleSeconds)
      throws AudioDeviceException {
    DeviceFormat format = backend.open(requested);
    if (format.sampleRate() != requested.sampleRate()) {
      backend.close();
      throw new AudioDeviceException(
          backend.description()
              + " runs at "
              + (int) format.sampleRate()
              + " Hz, not the "
              + (int) requested.sampleRate()
              + " Hz asked for");
    }
    return new AudioEngine(backend, requested, format, chain, settleSeconds);
  }

  /** Sets where loss and recovery of the device are reported (the control thread calls it). */
  public void onEvent(Consumer<String> listener) {
    this.events = listener;
  }

  /** Returns the format the device granted. */
  public DeviceFormat format() {
    return format;
  }

  /** Returns the delays from input to output. */
  public Latency latency() {
    return latency;
  }

  /** Returns the chain this engine runs. */
  public MasteringChain chain() {
    return chain;
  }

  /** Feeds the chain from {@code s} instead of the device input; {@code null} selects the input. */
  public void setSource(LiveSource s) {
    source = s;
  }

  /** Sends the output also to {@code sink} (the print); {@code null} stops sending. */
  public void setPrint(LiveSink sink) {
    print = sink;
  }

  /**
   * Routes what is heard through {@code monitor} (reference A/B) after the meters and the print;
   * {@code null} detaches it. The print and the meters keep the master. Attach it after {@link
   * #warmUp}, which would otherwise feed it the warm-up's noise.
   */
  public void setReference(ReferenceMonitor monitor) {
    reference = monitor;
  }

  /** Sets a parameter by id (parsed value in its unit) and remembers it as the last one touched. */
  public void set(String id, double value) {
    chain.set(id, value);
    lastTouched = id;
  }

  /** Returns the id of the last parameter set through {@link #set}, or an empty string. */
  public String lastTouched() {
    return lastTouched;
  }

  /**
   * Copies the latest meter readings (indices of {@link MeterBank}) into {@code dest}.
   *
   * @return the number of blocks metered so far
   */
  public long readMeters(double[] dest) {
    return meters.read(dest);
  }

  /** Returns how many values {@link #readMeters} fills. */
  public int meterCount() {
    return meters.size();
  }

  /** Returns the ids of the dynamics modules whose gain reduction the meters carry, in order. */
  public List<String> gainReductionIds() {
    return meters.dynamicsIds();
  }

  /**
   * Compiles the audio path before the device starts, so the first seconds of a session do not
   * glitch and the audio thread allocates nothing later: first a chain with every module working
   * runs on noise while its knobs move (so the code of modules that are neutral now is compiled
   * too, for when a knob brings them in), then this engine's own cycle runs with {@code warmSource}
   * (or quiet noise as input); each phase runs at least {@value #WARM_BLOCKS} blocks and then until
   * the JIT has been idle for a moment. The chain's and meters' state is then cleared.
   *
   * <p>Why it matters beyond glitches: when a method is queued for the optimising compiler, HotSpot
   * first resolves every string constant of its class on the thread that made the request. Were
   * that the audio thread, it would allocate those strings there; warmed up here, the requests come
   * from this thread.
   *
   * @param maxWallSeconds the longest the warm-up may take
   * @param warmSource a throw-away source of the same kind as the session's, or {@code null}
   * @return the blocks run
   */
  public long warmUp(double maxWallSeconds, LiveSource warmSource) {
    int frames = Math.min(WARM_BLOCK_FRAMES, format.blockFrames());
    double[][] in = new double[2][frames];
    double[][] out = new double[2][frames];
    Random random = new Random(1);
    long deadline = System.nanoTime() + (long) (maxWallSeconds * 1e9);
    MasteringChain busy = BenchChains.full();
    busy.prepare(new ProcessSpec(format.sampleRate(), frames, 2));
    List<ParamSpec> moving = new ArrayList<>();
    for (ParamSpec p : busy.params()) {
      if (!p.isChoice() && !p.id().endsWith(".bypass")) {
        moving.add(p);
      }
    }
    long[] count = {0};
    Runnable busyBlock =
        () -> {
          if (count[0] % 16 == 0) {
            // Knobs move during a session: compile the smoothing paths too.
            ParamSpec p = moving.get(random.nextInt(moving.size()));
            busy.setNormalized(p.id(), 0.2 + 0.6 * random.nextDouble());
          }
          if (count[0]++ % 256 == 128) {
            // So do snapshot recalls, undo and A/B: compile the glide of a whole state.
            Map<String, Double> state = new HashMap<>();
            for (ParamSpec p : moving) {
              state.put(p.id(), p.toPlain(0.2 + 0.6 * random.nextDouble()));
            }
            busy.recall(state, 0.050);
          }
          for (int c = 0; c < 2; c++) {
            for (int i = 0; i < frames; i++) {
              out[c][i] = 0.1 * random.nextGaussian();
            }
          }
          busy.process(out, frames);
        };
    long blocks = runUntilCompiled(busyBlock, deadline);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < frames; i++) {
        in[c][i] = 0.05 * random.nextGaussian();
      }
    }
    LiveSource keep = source;
    LiveSink keepPrint = print;
    source = warmSource;
    print = null;
    blocks += runUntilCompiled(() -> cycle.process(in, out, frames), deadline);
    chain.reset();
    meters.reset();
    source = keep;
    print = keepPrint;
    callbacks = 0;
    maxDspLoad = 0;
    dspLoad = 0;
    audioThreadId = -1;
    return blocks;
  }

  /**
   * Runs {@code block} at least {@value #WARM_BLOCKS} times, then until the JIT's total compilation
   * time has not moved for 200 ms, or until the deadline.
   */
  private static long runUntilCompiled(Runnable block, long deadline) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long runs = 0;
    long lastTime = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 256; i++) {
        block.run();
      }
      runs += 256;
      if (runs < WARM_BLOCKS) {
        continue;
      }
      if (!timed) {
        break;
      }
      long now = System.nanoTime();
      long t = jit.getTotalCompilationTime();
      if (t != lastTime) {
        lastTime = t;
        quietSince = now;
      } else if (now - quietSince > 200_000_000L) {
        break;
      }
    }
    return runs;
  }

  /** Starts the device calling the chain. */
  public void start() throws AudioDeviceException {
    backend.start(cycle);
    running = true;
  }

  /**
   * Does the control thread's share of the engine; call about ten times a second: watches the
   * device, retries a lost one every {@value #RETRY_SECONDS} s, and keeps the measurement window.
   */
  public void supervise() {
    long now = System.nanoTime();
    if (running && !retrying) {
      String failure = backend.failure();
      if (failure != null) {
        closeWindow();
        deviceLosses++;
        xrunsBefore += backend.xruns();
        backend.close();
        retrying = true;
        lostAtNanos = now;
        nextRetryNanos = now + (long) (RETRY_SECONDS * 1e9);
        events.accept("audio device lost: " + failure + "; retrying every " + RETRY_SECONDS + " s");
        return;
      }
    }
    if (retrying && now >= nextRetryNanos) {
      try {
        DeviceFormat again = backend.open(requested);
        if (again.sampleRate() != format.sampleRate() || again.blockFrames() > chunk) {
          backend.close();
          throw new AudioDeviceException(
              "device came back at "
                  + (int) again.sampleRate()
                  + " Hz, block "
                  + again.blockFrames()
                  + "; expected "
                  + (int) format.sampleRate()
                  + " Hz, block up to "
                  + chunk);
        }
        audioThreadId = -1;
        backend.start(cycle);
        retrying = false;
        events.accept(
            String.format(
                "audio device back after %.1f s (%s)", (now - lostAtNanos) / 1e9, describe()));
      } catch (AudioDeviceException e) {
        nextRetryNanos = now + (long) (RETRY_SECONDS * 1e9);
      }
      return;
    }
    updateWindow(now);
  }

  private void updateWindow(long now) {
    long id = audioThreadId;
    if (retrying || id < 0) {
      return;
    }
    if (windowThread != id) {
      if (windowThread >= 0) {
        closeWindow();
      }
      windowThread = id;
      windowCallbacks = callbacks;
      windowBaseline = -1;
    }
    if (windowBaseline < 0) {
      double settled =
          (callbacks - windowCallbacks) * (double) format.blockFrames() / format.sampleRate();
      if (settled >= settleSeconds && (jitQuiet(now) || settled >= 3 * settleSeconds)) {
        windowBaseline = THREADS.getThreadAllocatedBytes(id);
        allocatedNow = windowBaseline;
        windowStartNanos = now;
        xrunsAtWindow = xrunsBefore + backend.xruns();
        maxDspLoad = 0;
        measuring = true;
      }
      return;
    }
    long bytes = THREADS.getThreadAllocatedBytes(id);
    if (bytes >= 0) {
      allocatedNow = bytes;
    }
  }

  /**
   * Tells whether the JIT has compiled nothing for {@value #JIT_QUIET_NANOS} ns: a method compiled
   * for the first time at the request of the audio thread makes HotSpot resolve its class's string
   * constants there, so the window waits until compilation has settled (on a starved machine it
   * goes on well after the warm-up).
   */
  private boolean jitQuiet(long now) {
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return true;
    }
    long t = jit.getTotalCompilationTime();
    if (t != jitTime) {
      jitTime = t;
      jitQuietSince = now;
      return false;
    }
    return now - jitQuietSince >= JIT_QUIET_NANOS;
  }

  private void closeWindow() {
    if (windowBaseline >= 0 && windowThread >= 0) {
      allocatedBefore += allocatedNow - windowBaseline;
      measuredBefore += (System.nanoTime() - windowStartNanos) / 1e9;
    }
    windowThread = -1;
    windowBaseline = -1;
    measuring = false;
  }

  /** Stops the device and closes it. */
  public void stop() {
    if (running) {
      updateWindow(System.nanoTime());
      closeWindow();
      if (!retrying) {
        xrunsBefore += backend.xruns();
      }
      backend.close();
      running = false;
      retrying = false;
    }
  }

  /** Tells whether the device is lost and the engine is waiting for it to come back. */
  public boolean isRetrying() {
    return retrying;
  }

  /** Returns the running figures. */
  public EngineStats stats() {
    boolean inWindow = windowBaseline >= 0 && windowThread >= 0;
    long allocated = allocatedBefore + (inWindow ? allocatedNow - windowBaseline : 0);
    double measured =
        measuredBefore + (inWindow ? (System.nanoTime() - windowStartNanos) / 1e9 : 0);
    boolean anyWindow = inWindow || measuredBefore > 0;
    long xruns = xrunsBefore + (running && !retrying ? backend.xruns() : 0);
    return new EngineStats(
        describe(),
        format.sampleRate(),
        format.blockFrames(),
        callbacks,
        xruns,
        xrunsAtWindow < 0 ? -1 : xruns - xrunsAtWindow,
        dspLoad,
        maxDspLoad,
        latency,
        anyWindow ? allocated : -1,
        measured,
        deviceLosses);
  }

  private String describe() {
    return backend.description();
  }

  /** Is the work the audio thread does per block. */
  private final class Cycle implements AudioCycle {
    @Override
    public void process(double[][] in, double[][] out, int frames) {
      long start = System.nanoTime();
      long id = Thread.currentThread().threadId();
      if (audioThreadId != id) {
        audioThreadId = id;
      }
      LiveSource s = source;
      LiveSink p = print;
      ReferenceMonitor r = reference;
      double[][] w = work;
      for (int off = 0; off < frames; off += chunk) {
        int n = Math.min(chunk, frames - off);
        if (s != null) {
          int got = Math.max(0, s.read(w, n));
          if (got < n) {
            for (int c = 0; c < 2; c++) {
              java.util.Arrays.fill(w[c], got, n, 0.0);
            }
          }
        } else {
          for (int c = 0; c < 2; c++) {
            System.arraycopy(in[c], off, w[c], 0, n);
          }
        }
        chain.process(w, n);
        meters.process(w, n);
        if (p != null) {
          p.write(w, n);
        }
        if (r != null) {
          r.process(w, n);
        }
        for (int c = 0; c < 2; c++) {
          System.arraycopy(w[c], 0, out[c], off, n);
        }
      }
      callbacks++;
      double load = (System.nanoTime() - start) * format.sampleRate() / (frames * 1e9);
      dspLoad = load;
      if (measuring && load > maxDspLoad) {
        maxDspLoad = load;
      }
    }
  }
}
