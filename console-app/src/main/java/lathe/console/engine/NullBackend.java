package lathe.console.engine;

import java.util.Objects;
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
    Objects.requireNonNull(format);
    running = true;
    thread = new Thread(new Clock(this, cycle), "lathe-audio-null");
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Is the clock's loop, in a class of its own with no string constants: HotSpot resolves every
   * string constant of a method's class on the thread that queues the method for the optimising
   * compiler, and this loop is compiled (on-stack replacement) on the audio thread, minutes into a
   * session at small block rates.
   */
  private static final class Clock implements Runnable {
    private final NullBackend owner;
    private final AudioCycle cycle;

    Clock(NullBackend owner, AudioCycle cycle) {
      this.owner = owner;
      this.cycle = cycle;
    }

    @Override
    public void run() {
      DeviceFormat f = owner.format;
      long period = Math.round(f.blockFrames() * 1e9 / f.sampleRate());
      int block = f.blockFrames();
      double[][] in = owner.in;
      double[][] out = owner.out;
      long deadline = System.nanoTime();
      long late = 0;
      while (owner.running) {
        cycle.process(in, out, block);
        deadline += period;
        long now = System.nanoTime();
        if (now - deadline > period) {
          late++;
          owner.xruns = late;
          if (now - deadline > 1_000_000_000L) {
            deadline = now;
          }
        }
        long wait;
        while (owner.running && (wait = deadline - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
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
