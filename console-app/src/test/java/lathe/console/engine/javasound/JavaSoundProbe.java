package lathe.console.engine.javasound;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import lathe.console.engine.AudioCycle;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.DeviceFormat;

/**
 * Runs {@link JavaSoundBackend} in its own JVM (the ALSA configuration and the JACK server name
 * must be in the environment before the JVM starts) and prints one line of figures for the test.
 *
 * <p>Arguments: device rate block buffers inputChannels warmupSeconds measureSeconds [jackclock
 * [stallBlocks]]; with {@code jackclock} it also reads the JACK server's frame clock, and with
 * {@code stallBlocks} above 0 the cycle busy-waits that many blocks' time once a second, so the
 * device underruns. Prints {@code RESULT key=value ...} or {@code ERROR message}.
 */
public final class JavaSoundProbe {
  private JavaSoundProbe() {}

  /** Counts blocks and writes a quiet sine; runs on the audio thread without allocating. */
  static final class Cycle implements AudioCycle {
    private final long stallNanos;
    private final long stallEvery;
    volatile long callbacks;
    volatile long frames;
    volatile long threadId = -1;
    volatile double inputPeak;
    private double phase;

    /**
     * Creates a cycle that stalls for {@code stallBlocks} blocks' time once a second (0: never).
     */
    Cycle(double rate, int block, int stallBlocks) {
      this.stallNanos = (long) (stallBlocks * block * 1e9 / rate);
      this.stallEvery = Math.max(1, Math.round(rate / block));
    }

    @Override
    public void process(double[][] in, double[][] out, int n) {
      if (threadId < 0) {
        threadId = Thread.currentThread().threadId();
      }
      double peak = inputPeak;
      for (double[] plane : in) {
        for (int i = 0; i < n; i++) {
          peak = Math.max(peak, Math.abs(plane[i]));
        }
      }
      inputPeak = peak;
      double step = 2 * Math.PI * 1000.0 / 48000.0;
      for (int i = 0; i < n; i++) {
        double v = 0.25 * Math.sin(phase);
        phase += step;
        if (phase > 2 * Math.PI) {
          phase -= 2 * Math.PI;
        }
        for (double[] plane : out) {
          plane[i] = v;
        }
      }
      frames += n;
      long count = callbacks + 1;
      callbacks = count;
      if (stallNanos > 0 && count % stallEvery == 0) {
        // A cycle that overruns its deadline, as a heavy chain on a slow machine would.
        long until = System.nanoTime() + stallNanos;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
    }
  }

  /** Opens the device, runs the cycle, and prints the figures as one line. */
  public static void main(String[] args) throws Throwable {
    if (args[0].equals("--list")) {
      for (AudioDevices.Device d : AudioDevices.list()) {
        System.out.println("DEVICE " + d);
      }
      System.exit(0);
    }
    String device = args[0];
    double rate = Double.parseDouble(args[1]);
    int block = Integer.parseInt(args[2]);
    int buffers = Integer.parseInt(args[3]);
    int inputs = Integer.parseInt(args[4]);
    double warmup = Double.parseDouble(args[5]);
    double measure = Double.parseDouble(args[6]);
    JackClock clock =
        args.length > 7 && args[7].equals("jackclock") ? new JackClock("probe") : null;
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int stallBlocks = args.length > 8 ? Integer.parseInt(args[8]) : 0;
    JavaSoundBackend backend = new JavaSoundBackend(device);
    Cycle cycle = new Cycle(rate, block, stallBlocks);
    DeviceFormat format;
    try {
      format = backend.open(new AudioSettings(rate, block, buffers, inputs, 2));
      backend.start(cycle);
    } catch (AudioDeviceException e) {
      System.out.println("ERROR " + e.getMessage());
      System.exit(2);
      return;
    }
    long startNanos = System.nanoTime();
    Thread.sleep((long) (warmup * 1000));
    long j0 = clock != null ? clock.frames() : 0;
    long t0 = System.nanoTime();
    long f0 = cycle.frames;
    long c0 = cycle.callbacks;
    long x0 = backend.xruns();
    long a0 = cycle.threadId < 0 ? 0 : threads.getThreadAllocatedBytes(cycle.threadId);
    Thread.sleep((long) (measure * 1000));
    long a1 = cycle.threadId < 0 ? 0 : threads.getThreadAllocatedBytes(cycle.threadId);
    long t1 = System.nanoTime();
    long f1 = cycle.frames;
    long j1 = clock != null ? clock.frames() : 0;
    long c1 = cycle.callbacks;
    long x1 = backend.xruns();
    String failure = backend.failure();
    String description = backend.description();
    backend.close();
    // Open again to show the back-end can be reopened after close.
    boolean reopened;
    try {
      backend.open(new AudioSettings(rate, block, buffers, inputs, 2));
      reopened = true;
    } catch (AudioDeviceException e) {
      reopened = false;
    } finally {
      backend.close();
    }
    double seconds = (t1 - t0) / 1e9;
    long deviceFrames = clock != null ? (j1 - j0) & 0xffffffffL : -1;
    if (clock != null) {
      clock.close();
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT seconds=%.4f frames=%d deviceFrames=%d callbacks=%d totalFrames=%d totalSeconds=%.4f"
                + " xruns=%d totalXruns=%d allocatedBytes=%d outputLatency=%d inputLatency=%d"
                + " inputChannels=%d inputPeak=%.6f reopened=%b failure=%s device=%s",
            seconds,
            f1 - f0,
            deviceFrames,
            c1 - c0,
            f1,
            (t1 - startNanos) / 1e9,
            x1 - x0,
            x1,
            cycle.threadId < 0 ? -1 : a1 - a0,
            format.outputLatencyFrames(),
            format.inputLatencyFrames(),
            format.inputChannels(),
            cycle.inputPeak,
            reopened,
            failure == null ? "none" : failure.replace(' ', '_'),
            description.replace(' ', '_')));
    System.exit(0);
  }
}
