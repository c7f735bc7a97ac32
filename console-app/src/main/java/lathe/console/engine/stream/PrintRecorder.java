package lathe.console.engine.stream;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import lathe.console.audio.file.AudioFileException;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;

/**
 * Prints the engine's output to a stereo WAV file while it plays: the audio thread copies each
 * block into a lock-free ring, and an io thread drains the ring into an {@link AudioFileWriter}.
 *
 * <p>The audio thread never blocks: when the ring is full (the disk fell behind for longer than the
 * ring holds) the block's frames that do not fit are dropped and counted, and the count is in the
 * {@link PrintSummary}. The file replaces its target atomically only on {@link #stop}; {@link
 * #abort} keeps any older file. {@link #start}, {@link #stop} and {@link #abort} are called from
 * one control thread, {@link #write} from the audio thread.
 */
public final class PrintRecorder {
  /**
   * The ring, in seconds of audio: longer than the player's read-ahead, because writes to an SD
   * card or a busy disk stall for longer than reads from the page cache.
   */
  static final double RING_SECONDS = 4.0;

  private static final int CHUNK_FRAMES = 4096;
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Path file;
  private final AudioFileWriter writer;
  private final int maxBlock;
  private final SpscRing ring;
  private final double[][] chunk;
  private final long pollNanos;
  private final Thread io;

  // Written by the control thread.
  private volatile boolean accepting = true;
  private volatile boolean running = true;
  private boolean ended;

  // Written by the audio thread.
  private volatile boolean inWrite;
  private volatile long dropped;

  // Written by the io thread.
  private volatile long written;
  private volatile long discarded;
  private volatile AudioFileException failure;

  private PrintRecorder(Path file, AudioFileWriter writer, double rate, int maxBlock, int ring) {
    this.file = file;
    this.writer = writer;
    this.maxBlock = maxBlock;
    this.ring = new SpscRing(2, ring);
    this.chunk = new double[2][Math.min(CHUNK_FRAMES, ring)];
    this.pollNanos =
        Math.max(
            TimeUnit.MICROSECONDS.toNanos(200),
            Math.min(MAX_POLL_NANOS, (long) (ring / rate / 8 * 1e9)));
    this.io = new Thread(this::runIo, "lathe-print-io");
    io.setDaemon(true);
  }

  /**
   * Creates the print's temporary file and starts its io thread.
   *
   * @param rate the engine's sample rate, in hertz (a whole number)
   * @param format the file's sample format
   * @param maxBlock the largest block the audio thread will write, in frames
   * @throws AudioFileException if the file cannot be created or the rate is unsupported, with a
   *     one-line message naming it
   */
  public static PrintRecorder start(Path file, double rate, SampleFormat format, int maxBlock)
      throws AudioFileException {
    int ring = (int) Math.ceil(Math.max(1, rate) * RING_SECONDS);
    return start(file, rate, format, maxBlock, Math.max(ring, 8 * maxBlock));
  }

  static PrintRecorder start(
      Path file, double rate, SampleFormat format, int maxBlock, int ringFrames)
      throws AudioFileException {
    if (maxBlock < 1 || ringFrames < maxBlock) {
      throw new IllegalArgumentException(
          "bad print settings: block " + maxBlock + ", ring " + ringFrames);
    }
    AudioFileWriter writer = AudioFileWriter.create(file, rate, 2, format);
    PrintRecorder recorder = new PrintRecorder(file, writer, rate, maxBlock, ringFrames);
    recorder.io.start();
    return recorder;
  }

  /**
   * Copies {@code src[0..1][0..frames)} into the print (audio thread; never blocks): frames that do
   * not fit in the ring are dropped and counted, and frames after {@link #stop} or {@link #abort}
   * are ignored.
   *
   * @param frames at most the {@code maxBlock} given to {@link #start}
   */
  public void write(double[][] src, int frames) {
    if (frames < 0 || frames > maxBlock) {
      throw new IllegalArgumentException("frames must be 0.." + maxBlock);
    }
    inWrite = true;
    if (accepting) {
      int n = ring.write(src, 0, frames);
      if (n < frames) {
        dropped += frames - n;
      }
    }
    inWrite = false;
  }

  /** Returns the file being printed. */
  public Path file() {
    return file;
  }

  /** Returns the frames dropped so far because the ring was full or the io thread had failed. */
  public long droppedFrames() {
    return dropped + discarded;
  }

  /** Returns the frames handed to the file so far. */
  public long framesWritten() {
    return written;
  }

  /** Returns why the io thread stopped writing, or {@code null} while healthy. */
  public String failure() {
    AudioFileException e = failure;
    return e == null ? null : e.getMessage();
  }

  /**
   * Stops accepting frames, writes what is left in the ring, and commits the file atomically.
   *
   * @return the frames written and dropped, the clipped samples and the path
   * @throws AudioFileException if the file cannot be finished (the temporary file is then deleted
   *     and any older file kept)
   */
  public PrintSummary stop() throws AudioFileException {
    finishIo();
    AudioFileException problem = failure;
    try {
      writer.commit();
    } catch (AudioFileException e) {
      writer.close();
      throw e;
    }
    return new PrintSummary(
        file,
        writer.framesWritten(),
        dropped + discarded,
        writer.clippedSamples(),
        problem == null ? null : problem.getMessage());
  }

  /**
   * Stops accepting frames and deletes the temporary file, keeping any older file untouched; does
   * nothing after {@link #stop} or an earlier abort, so it is safe in a cleanup path.
   */
  public void abort() {
    if (ended) {
      return;
    }
    finishIo();
    writer.close();
  }

  /**
   * Stops the audio thread's writes and waits for any write in progress, then lets the io thread
   * drain the ring and end (control thread).
   */
  private void finishIo() {
    if (ended) {
      throw new IllegalStateException("print of " + file + " already stopped");
    }
    ended = true;
    accepting = false;
    while (inWrite) {
      Thread.onSpinWait();
    }
    running = false;
    IoThreads.wakeAndJoin(io);
  }

  private void runIo() {
    while (true) {
      boolean last = !running;
      drain();
      if (last) {
        return;
      }
      LockSupport.parkNanos(this, pollNanos);
    }
  }

  /** Moves everything in the ring to the writer, or discards it after a failure (io thread). */
  private void drain() {
    int n;
    while ((n = ring.read(chunk, 0, chunk[0].length)) > 0) {
      if (failure == null) {
        try {
          writer.write(chunk, 0, n);
          written += n;
          continue;
        } catch (AudioFileException e) {
          failure = e;
        }
      }
      discarded += n;
    }
  }
}
