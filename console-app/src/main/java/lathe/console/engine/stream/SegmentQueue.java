package lathe.console.engine.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Labels the frames in the player's ring: a single-producer single-consumer queue of segments, each
 * a run of frames that the io thread wrote in one piece, with the seek generation it was read for
 * and the file frame it starts at.
 *
 * <p>The io thread writes a segment's frames to the ring before it offers the segment, so a
 * consumer that sees the segment finds its frames in the ring. Every frame in the ring belongs to
 * exactly one segment, which lets the audio thread drop the frames of an old generation exactly.
 */
final class SegmentQueue {
  private final long[] generations;
  private final long[] starts;
  private final int[] lengths;
  private final int capacity;
  private final AtomicLong tail = new AtomicLong();
  private final AtomicLong head = new AtomicLong();

  SegmentQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is below 1");
    }
    this.capacity = capacity;
    this.generations = new long[capacity];
    this.starts = new long[capacity];
    this.lengths = new int[capacity];
  }

  /** Returns whether another segment fits (producer thread). */
  boolean hasRoom() {
    return tail.getPlain() - head.getAcquire() < capacity;
  }

  /** Appends a segment; returns false when the queue is full (producer thread). */
  boolean offer(long generation, long startFrame, int frames) {
    long t = tail.getPlain();
    if (t - head.getAcquire() >= capacity) {
      return false;
    }
    int i = (int) (t % capacity);
    generations[i] = generation;
    starts[i] = startFrame;
    lengths[i] = frames;
    tail.setRelease(t + 1);
    return true;
  }

  /** Returns whether no segment is waiting (consumer thread). */
  boolean isEmpty() {
    return tail.getAcquire() == head.getPlain();
  }

  /** Returns the generation of the oldest segment; only when not empty (consumer thread). */
  long headGeneration() {
    return generations[(int) (head.getPlain() % capacity)];
  }

  /** Returns the file frame the oldest segment starts at (consumer thread). */
  long headStart() {
    return starts[(int) (head.getPlain() % capacity)];
  }

  /** Returns the number of frames in the oldest segment (consumer thread). */
  int headFrames() {
    return lengths[(int) (head.getPlain() % capacity)];
  }

  /** Removes the oldest segment (consumer thread). */
  void pop() {
    head.setRelease(head.getPlain() + 1);
  }
}
