package lathe.dsp.meter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Publishes a fixed-size tuple of meter readings from the audio thread to any number of reader
 * threads without locks or allocation: a sequence lock over a preallocated array.
 *
 * <p>One thread (the audio thread) calls {@link #publish}; it never blocks. Readers call {@link
 * #read}, which copies the tuple and retries if a publication overlapped the copy, so a reader
 * always gets one whole publication, never a mix of two. The sequence is odd while a publication is
 * in progress; the release store that ends it and the acquire fence before a reader's check order
 * the plain array accesses around it, as {@link java.util.concurrent.locks.StampedLock}'s
 * optimistic reads do.
 */
public final class MeterSnapshot {
  private static final VarHandle SEQUENCE;

  static {
    try {
      SEQUENCE = MethodHandles.lookup().findVarHandle(MeterSnapshot.class, "sequence", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final double[] values;

  @SuppressWarnings("unused") // accessed through SEQUENCE
  private volatile long sequence;

  /**
   * Creates a snapshot of {@code size} values, all zero.
   *
   * @param size number of values in a tuple, at least 1
   */
  public MeterSnapshot(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + size);
    }
    values = new double[size];
  }

  /** Returns the number of values in a tuple. */
  public int size() {
    return values.length;
  }

  /**
   * Publishes a new tuple; call from one thread only. Neither blocks nor allocates.
   *
   * @param source at least {@link #size()} values; the first {@link #size()} are copied
   */
  public void publish(double[] source) {
    long s = (long) SEQUENCE.getOpaque(this);
    SEQUENCE.setOpaque(this, s + 1);
    // The odd sequence must be visible before any of the new values.
    VarHandle.storeStoreFence();
    System.arraycopy(source, 0, values, 0, values.length);
    SEQUENCE.setRelease(this, s + 2);
  }

  /**
   * Copies the latest whole tuple into {@code dest}, retrying while a publication overlaps.
   *
   * @param dest at least {@link #size()} long
   * @return the number of publications so far (0 before the first one)
   */
  public long read(double[] dest) {
    while (true) {
      long before = (long) SEQUENCE.getAcquire(this);
      if ((before & 1L) != 0) {
        Thread.onSpinWait();
        continue;
      }
      System.arraycopy(values, 0, dest, 0, values.length);
      // The copy's loads must complete before the sequence is checked again.
      VarHandle.acquireFence();
      long after = (long) SEQUENCE.getOpaque(this);
      if (before == after) {
        return before >>> 1;
      }
      Thread.onSpinWait();
    }
  }
}
