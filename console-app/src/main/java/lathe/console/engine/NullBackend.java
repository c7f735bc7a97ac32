package lathe.console.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs the engine on a real-time-paced clock with no device: the embedded default when no audio
 * interface is present. Its thread calls the cycle once per block period, sleeping until each
 * block's deadline; the input is silence and the output is discarded. Like a sound card's clock, it
 * keeps its schedule: a block that starts more than one period late counts as an xrun and the
 * following blocks catch up, so the count of blocks follows the wall clock; only after falling a
 * whole second behind (a suspended machine) does it start its schedule afresh.
 */
public final class NullBackend implements AudioBackend {
  private volatile boolean running;
  private volatile long xruns;
  private Thread thread;
  private DeviceFormat format;
  private double[][] in;
  private double[][] out;

  @Override
  public String description() {
    return "null (paced clock, no device)";
  }

  @Override
  public DeviceFormat open(AudioSettings requested) {
    int block = requested.blockFrames();
    format = new DeviceFormat(requested.sampleRate(), block, 0, 2, 0, block);
    in = new double[2][block];
    out = new double[2][block];
    xruns = 0;
    return format;
  }

  @Override
  public void start(AudioCycle cycle) {
    if (format == null) {
      throw new IllegalStateException("start before open");
    }
    running = true;
    final long period = Math.round(format.blockFrames() * 1e9 / format.sampleRate());
    final int block = format.blockFrames();
    thread =
        new Thread(
            () -> {
              long deadline = System.nanoTime();
              long late = 0;
              while (running) {
                cycle.process(in, out, block);
                deadline += period;
                long now = System.nanoTime();
                if (now - deadline > period) {
                  late++;
                  xruns = late;
                  if (now - deadline > 1_000_000_000L) {
                    deadline = now;
                  }
                }
                long wait;
                while (running && (wait = deadline - System.nanoTime()) > 0) {
                  LockSupport.parkNanos(wait);
                }
              }
            },
            "lathe-audio-null");
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    thread = null;
  }

  @Override
  public long xruns() {
    return xruns;
  }

  @Override
  public String failure() {
    return null;
  }
}
