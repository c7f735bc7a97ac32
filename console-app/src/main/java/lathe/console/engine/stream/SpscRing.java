package lathe.console.engine.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes planar 64-bit frames from one producer thread to one consumer thread without locks or
 * allocation, through a ring whose capacity is fixed at construction.
 *
 * <p>Each side owns one position counter and publishes it with release ordering; the other side
 * reads it with acquire ordering, so frames copied in before a {@link #write} returns are visible
 * to the {@link #read} that counts them. Only one thread may call the producer methods ({@link
 * #write}, {@link #writable}) and only one the consumer methods ({@link #read}, {@link #skip},
 * {@link #readable}). Samples pass through unchanged, bit for bit.
 */
public final class SpscRing {
  private final double[][] data;
  private final int channels;
  private final int capacity;
  private final AtomicLong writePosition = new AtomicLong();
  private final AtomicLong readPosition = new AtomicLong();

  /**
   * Creates a ring of {@code capacityFrames} frames of {@code channels} channels.
   *
   * @throws IllegalArgumentException if either count is below 1
   */
  public SpscRing(int channels, int capacityFrames) {
    if (channels < 1 || capacityFrames < 1) {
      throw new IllegalArgumentException(
          "need at least 1 channel and 1 frame, got " + channels + " and " + capacityFrames);
    }
    this.channels = channels;
    this.capacity = capacityFrames;
    this.data = new double[channels][capacityFrames];
  }

  /** Returns the number of channels of every frame. */
  public int channels() {
    return channels;
  }

  /** Returns the capacity, in frames. */
  public int capacity() {
    return capacity;
  }

  /** Returns how many frames the producer can write now (producer thread). */
  public int writable() {
    return capacity - (int) (writePosition.getPlain() - readPosition.getAcquire());
  }

  /** Returns how many frames the consumer can read now (consumer thread). */
  public int readable() {
    return (int) (writePosition.getAcquire() - readPosition.getPlain());
  }

  /**
   * Copies up to {@code frames} frames from {@code src[c][offset..)} into the ring (producer
   * thread).
   *
   * @return the frames copied: fewer than asked when the ring is full, never blocking
   */
  public int write(double[][] src, int offset, int frames) {
    check(src, offset, frames);
    long w = writePosition.getPlain();
    int n = Math.min(frames, capacity - (int) (w - readPosition.getAcquire()));
    if (n <= 0) {
      return 0;
    }
    int start = (int) (w % capacity);
    int first = Math.min(n, capacity - start);
    for (int c = 0; c < channels; c++) {
      System.arraycopy(src[c], offset, data[c], start, first);
      System.arraycopy(src[c], offset + first, data[c], 0, n - first);
    }
    writePosition.setRelease(w + n);
    return n;
  }

  /**
   * Copies up to {@code frames} frames out of the ring into {@code dest[c][offset..)} (consumer
   * thread).
   *
   * @return the frames copied: fewer than asked when the ring holds fewer, never blocking
   */
  public int read(double[][] dest, int offset, int frames) {
    check(dest, offset, frames);
    long r = readPosition.getPlain();
    int n = Math.min(frames, (int) (writePosition.getAcquire() - r));
    if (n <= 0) {
      return 0;
    }
    int start = (int) (r % capacity);
    int first = Math.min(n, capacity - start);
    for (int c = 0; c < channels; c++) {
      System.arraycopy(data[c], start, dest[c], offset, first);
      System.arraycopy(data[c], 0, dest[c], offset + first, n - first);
    }
    readPosition.setRelease(r + n);
    return n;
  }

  /**
   * Discards up to {@code frames} frames without copying them (consumer thread).
   *
   * @return the frames discarded
   */
  public int skip(int frames) {
    if (frames < 0) {
      throw new IllegalArgumentException("frames " + frames + " is negative");
    }
    long r = readPosition.getPlain();
    int n = Math.min(frames, (int) (writePosition.getAcquire() - r));
    if (n <= 0) {
      return 0;
    }
    readPosition.setRelease(r + n);
    return n;
  }

  private void check(double[][] arrays, int offset, int frames) {
    if (frames < 0 || offset < 0 || arrays.length < channels) {
      throw new IllegalArgumentException(
          "need " + channels + " channel arrays, a frame count and an offset of 0 or more");
    }
    for (int c = 0; c < channels; c++) {
      if (arrays[c].length - frames < offset) {
        throw new IllegalArgumentException("channel array shorter than offset + frames");
      }
    }
  }
}
