package lathe.console.engine.stream;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import lathe.console.audio.file.AudioFileException;
import lathe.console.audio.file.AudioFileReader;
import lathe.dsp.resample.SampleRateConverter;

/**
 * Plays a WAV or AIFF file into the engine: an io thread reads ahead into a lock-free ring, and the
 * audio thread copies frames out of it without blocking, allocating, locking or doing I/O.
 *
 * <p>A file at the engine's rate arrives exactly as {@link AudioFileReader#read} decodes it. A file
 * at another rate is converted to the engine's on the io thread by a {@link SampleRateConverter}
 * (never on the audio thread), and length, position and seeks are all in engine frames: file frame
 * 0 is engine frame 0, and a seek lands on the same samples as playing through. A mono file is
 * played on both channels. Transport (play, pause, seek, loop) is called from one control thread. A
 * seek starts a new generation: the io thread reads from the new position, and the audio thread
 * drops every frame still in the ring from an older generation, so no frame from before a seek is
 * played after it. Until the first frame of the new position is in the ring the player delivers
 * silence, which is not counted as an underrun; running dry at any other time while playing is.
 */
public final class FilePlayer implements AutoCloseable {
  /** The read-ahead, in seconds of audio at the engine rate. */
  static final double RING_SECONDS = 2.0;

  private static final int CHUNK_FRAMES = 4096;
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long SEEK_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

  /** A seek request: the generation that the audio thread plays and where it starts. */
  private record Seek(long generation, long frame) {}

  private final Path file;
  private final AudioFileReader reader;
  private final long length;
  private final long fileLength;
  private final double rate;
  private final double fileRate;
  private final SampleRateConverter converter;
  private final double[][] fileChunk;
  private final int maxBlock;
  private final SpscRing ring;
  private final SegmentQueue segments;
  private final double[][] chunk;
  private final double[][] writeSource;
  private final int chunkFrames;
  private final long pollNanos;
  private final Thread io;

  // Written by the control thread.
  private volatile Seek seek = new Seek(0, 0);
  private volatile boolean playing;
  private volatile boolean loop;
  private volatile boolean running = true;

  // Written by the io thread.
  private volatile AudioFileException failure;
  private long ioGeneration = -1;
  private long ioPosition;
  private long ioInput;
  private boolean ioSeekPending;
  private boolean ioEndMarked;

  // Written by the audio thread.
  private volatile long underruns;
  private volatile long finishedGeneration = -1;
  private volatile long deliveredPosition;
  private volatile long deliveredGeneration = -1;
  private long segmentGeneration = -1;
  private long segmentPosition;
  private int segmentRemaining;
  private long seenGeneration = -1;

  private FilePlayer(Path file, AudioFileReader reader, double rate, int maxBlock, int ringFrames) {
    this.file = file;
    this.reader = reader;
    this.fileLength = reader.frames();
    this.rate = rate;
    this.fileRate = reader.sampleRate();
    this.maxBlock = maxBlock;
    this.ring = new SpscRing(2, ringFrames);
    this.segments = new SegmentQueue(ringFrames / 64 + 16);
    this.chunkFrames = Math.min(CHUNK_FRAMES, ringFrames);
    this.chunk = new double[2][chunkFrames];
    if (fileRate == rate) {
      this.converter = null;
      this.fileChunk = null;
      this.length = fileLength;
    } else {
      this.converter = new SampleRateConverter(fileRate, rate, reader.channels(), chunkFrames);
      this.fileChunk = new double[reader.channels()][chunkFrames];
      this.length = converter.outputLength(fileLength);
    }
    this.writeSource = reader.channels() == 1 ? new double[][] {chunk[0], chunk[0]} : chunk;
    this.pollNanos =
        Math.max(
            TimeUnit.MICROSECONDS.toNanos(200),
            Math.min(MAX_POLL_NANOS, (long) (ringFrames / rate / 8 * 1e9)));
    this.io = new Thread(this::runIo, "lathe-player-io");
    io.setDaemon(true);
  }

  /**
   * Opens a file for playback at the engine's rate, paused at its first frame, and reads the first
   * part of it before returning.
   *
   * @param engineRate the engine's sample rate, in hertz; a file at another rate (44.1, 48, 88.2,
   *     96, 176.4 or 192 kHz, or any whole-hertz rate {@link SampleRateConverter#isSupported}
   *     takes) is converted to it
   * @param maxBlock the largest block the audio thread will ask for, in frames
   * @throws AudioFileException if the file cannot be read (missing, not audio, truncated), has more
   *     than two channels, or a rate that cannot be converted to the engine's, with a one-line
   *     message naming it
   */
  public static FilePlayer open(Path file, double engineRate, int maxBlock)
      throws AudioFileException {
    int ring = (int) Math.ceil(engineRate * RING_SECONDS);
    return open(file, engineRate, maxBlock, Math.max(ring, 8 * maxBlock));
  }

  static FilePlayer open(Path file, double engineRate, int maxBlock, int ringFrames)
      throws AudioFileException {
    if (!(engineRate > 0) || maxBlock < 1 || ringFrames < maxBlock) {
      throw new IllegalArgumentException(
          "bad player settings: rate " + engineRate + " Hz, block " + maxBlock);
    }
    AudioFileReader reader = AudioFileReader.open(file);
    try {
      if (reader.channels() > 2) {
        throw new AudioFileException(
            file, reader.channels() + " channels not supported (mono or stereo only)");
      }
      if (reader.sampleRate() != engineRate
          && !SampleRateConverter.isSupported(reader.sampleRate(), engineRate)) {
        throw new AudioFileException(
            file,
            "sample rate "
                + hertz(reader.sampleRate())
                + " Hz cannot be converted to the engine's "
                + hertz(engineRate)
                + " Hz (convert the file or run the engine at its rate)");
      }
      FilePlayer player = new FilePlayer(file, reader, engineRate, maxBlock, ringFrames);
      player.fill();
      if (player.failure != null) {
        throw player.failure;
      }
      player.io.start();
      return player;
    } catch (AudioFileException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static String hertz(double hz) {
    return hz == Math.rint(hz) ? Long.toString((long) hz) : Double.toString(hz);
  }

  /**
   * Fills {@code dest[0..1][0..frames)} with the next frames while playing, and with silence while
   * paused, after the end, or where the ring ran dry (audio thread; never blocks).
   *
   * @param frames at most the {@code maxBlock} given to {@link #open}
   * @return the frames of the file delivered, at the start of {@code dest}
   */
  public int read(double[][] dest, int frames) {
    if (frames < 0 || frames > maxBlock || dest.length < 2) {
      throw new IllegalArgumentException("need 2 channel arrays and 0.." + maxBlock + " frames");
    }
    long want = seek.generation();
    int done = 0;
    boolean ready = nextSegment(want);
    if (playing && finishedGeneration != want) {
      while (ready && done < frames) {
        int n = ring.read(dest, done, Math.min(frames - done, segmentRemaining));
        if (n == 0) {
          break;
        }
        segmentRemaining -= n;
        segmentPosition += n;
        done += n;
        ready = nextSegment(want);
      }
      if (done > 0) {
        deliveredPosition = segmentPosition;
        deliveredGeneration = want;
      }
      if (done < frames && seenGeneration == want) {
        if (segmentRemaining == 0 && segmentPosition == length && !loop) {
          finishedGeneration = want;
        } else {
          underruns++;
        }
      }
    }
    for (int c = 0; c < 2; c++) {
      Arrays.fill(dest[c], done, frames, 0.0);
    }
    return done;
  }

  /**
   * Makes the current segment one of generation {@code want} with frames left, dropping the frames
   * of older generations on the way (audio thread).
   *
   * @return false when no such frames are in the ring yet
   */
  private boolean nextSegment(long want) {
    while (segmentRemaining == 0 || segmentGeneration != want) {
      if (segmentRemaining > 0) {
        ring.skip(segmentRemaining);
        segmentRemaining = 0;
      }
      if (segments.isEmpty()) {
        return false;
      }
      segmentGeneration = segments.headGeneration();
      segmentPosition = segments.headStart();
      segmentRemaining = segments.headFrames();
      segments.pop();
      if (segmentGeneration == want) {
        seenGeneration = want;
      }
    }
    return true;
  }

  /** Starts or resumes playback; at the end of a file that does not loop, restarts it. */
  public void play() {
    if (isFinished()) {
      seekFrame(0);
    }
    playing = true;
    LockSupport.unpark(io);
  }

  /** Pauses playback: the audio thread delivers silence and keeps its place. */
  public void pause() {
    playing = false;
  }

  /** Returns whether the player is playing (rather than paused). */
  public boolean isPlaying() {
    return playing;
  }

  /**
   * Moves playback to the frame nearest {@code seconds} from the start, clamped to the file.
   *
   * @throws IllegalArgumentException if {@code seconds} is not a number
   */
  public void seekSeconds(double seconds) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException("seek position is not a number");
    }
    seekFrame((long) Math.rint(Math.max(0, Math.min(length, seconds * rate))));
  }

  /** Moves playback to a frame, clamped to 0 .. {@link #lengthFrames()}. */
  public void seekFrame(long frame) {
    Seek now = seek;
    seek = new Seek(now.generation() + 1, Math.max(0, Math.min(length, frame)));
    LockSupport.unpark(io);
  }

  /** Sets whether playback wraps from the end of the file to its start, sample-exact. */
  public void setLoop(boolean on) {
    loop = on;
    LockSupport.unpark(io);
  }

  /** Returns whether playback loops. */
  public boolean isLooping() {
    return loop;
  }

  /**
   * Returns the file frame after the last one the audio thread delivered (the seek target until the
   * first frame from it is delivered).
   */
  public long positionFrames() {
    Seek s = seek;
    long generation = deliveredGeneration;
    long position = deliveredPosition;
    return generation == s.generation() ? position : s.frame();
  }

  /** Returns the length of the file, in frames at the engine's rate. */
  public long lengthFrames() {
    return length;
  }

  /** Returns the rate that positions and lengths count in: the engine's, in hertz. */
  public double sampleRate() {
    return rate;
  }

  /** Returns the file's own sample rate, in hertz. */
  public double fileSampleRate() {
    return fileRate;
  }

  /** Returns whether the file is converted from another rate on the io thread. */
  public boolean isConverting() {
    return converter != null;
  }

  /** Returns the file being played. */
  public Path file() {
    return file;
  }

  /** Returns whether the audio thread has delivered the last frame of a file that does not loop. */
  public boolean isFinished() {
    return finishedGeneration == seek.generation();
  }

  /** Returns how many blocks ran short because the read-ahead had not kept up. */
  public long underruns() {
    return underruns;
  }

  /** Returns why the io thread stopped reading (the file failed), or {@code null} while healthy. */
  public String failure() {
    AudioFileException e = failure;
    return e == null ? null : e.getMessage();
  }

  /** Stops the io thread and closes the file; {@link #read} then delivers silence. */
  @Override
  public void close() {
    playing = false;
    if (!running) {
      return;
    }
    running = false;
    IoThreads.wakeAndJoin(io);
    reader.close();
  }

  private void runIo() {
    while (running && failure == null) {
      fill();
      // A seek waits for the audio thread to drop the stale frames: look again soon.
      LockSupport.parkNanos(this, ioSeekPending ? SEEK_POLL_NANOS : pollNanos);
    }
  }

  /**
   * Applies a new seek, then tops the ring up when it is below half full (or a seek just emptied
   * it), wrapping to the start at the end of the file while looping (io thread). Positions are in
   * engine frames; when converting, the file is read from the input frame the converter needs.
   */
  private void fill() {
    try {
      Seek s = seek;
      if (s.generation() != ioGeneration) {
        ioGeneration = s.generation();
        ioPosition = s.frame();
        startReading(ioPosition);
        ioSeekPending = true;
        ioEndMarked = false;
      }
      if (!ioSeekPending && ring.readable() >= ring.capacity() / 2) {
        return;
      }
      while (running && seek == s && segments.hasRoom()) {
        if (ioPosition == length) {
          if (!loop || finishedGeneration == ioGeneration) {
            if (!ioEndMarked) {
              // An empty segment at the end tells the audio thread the file ended in this
              // generation even when no frame of it was read (a seek to the end).
              segments.offer(ioGeneration, length, 0);
              ioEndMarked = true;
              ioSeekPending = false;
            }
            return;
          }
          ioPosition = 0;
          startReading(0);
          ioEndMarked = false;
        }
        int n = (int) Math.min(Math.min(chunkFrames, ring.writable()), length - ioPosition);
        if (n == 0) {
          return;
        }
        if (converter == null) {
          readFile(chunk, n);
        } else {
          convert(n);
        }
        ring.write(writeSource, 0, n);
        segments.offer(ioGeneration, ioPosition, n);
        ioPosition += n;
        ioSeekPending = false;
      }
    } catch (AudioFileException e) {
      failure = e;
    }
  }

  /** Positions the file (and the converter) so the next frame made is engine frame {@code at}. */
  private void startReading(long at) {
    if (converter == null) {
      ioInput = at;
    } else {
      converter.reset(at);
      ioInput = Math.min(converter.nextInputFrame(), fileLength);
    }
    reader.seekFrame(ioInput);
  }

  /** Reads exactly {@code n} file frames into {@code dest}. */
  private void readFile(double[][] dest, int n) throws AudioFileException {
    int got = reader.read(dest, n);
    if (got != n) {
      throw new AudioFileException(
          file, "read " + got + " of " + n + " frames at frame " + ioInput);
    }
    ioInput += n;
  }

  /**
   * Makes the next {@code n} engine frames in {@link #chunk}, feeding the converter from the file
   * and, past its end, with silence that drains the converter's look-ahead.
   */
  private void convert(int n) throws AudioFileException {
    int done = 0;
    while (done < n) {
      int got = converter.pull(chunk, done, n - done);
      done += got;
      if (got == 0) {
        int k = (int) Math.min(chunkFrames, fileLength - ioInput);
        if (k > 0) {
          readFile(fileChunk, k);
          if (converter.push(fileChunk, 0, k) != k) {
            throw new IllegalStateException("converter refused input it has room for");
          }
        } else {
          converter.pushSilence(chunkFrames);
        }
      }
    }
  }
}
