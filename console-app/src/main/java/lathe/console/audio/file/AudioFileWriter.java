package lathe.console.audio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import lathe.console.io.AtomicFiles;

/**
 * Writes a WAV file through a temporary file in the target's folder, which replaces the target
 * atomically only on {@link #commit()}; {@link #close()} without a commit deletes it and leaves any
 * existing target untouched.
 *
 * <p>Integer output is {@code round(x * 2^(bits-1))} clamped to the integer range; clamped samples
 * are counted in {@link #clippedSamples()}. Float output keeps values beyond 0 dBFS; NaN is written
 * as 0 and infinities as the largest finite float, both counted as clipped. A WAV file holds at
 * most 4 GiB; a write that would pass that limit fails before writing anything (what was written
 * before can still be committed). After a failed disk write, commit refuses. Not thread-safe.
 */
public final class AudioFileWriter implements AutoCloseable {
  /** The largest WAV file, in bytes: the 32-bit RIFF size plus its 8-byte chunk header. */
  static final long WAV_MAX_FILE_BYTES = 0xFFFFFFFFL + 8;

  private static final int BUFFER_BYTES = 1 << 16;

  private enum State {
    OPEN,
    COMMITTED,
    CLOSED
  }

  private final Path target;
  private final Path temporary;
  private final FileChannel channel;
  private final SampleFormat format;
  private final int sampleRate;
  private final int channels;
  private final int frameBytes;
  private final long maxFileBytes;
  private final ByteBuffer buffer;
  private long written;
  private long clipped;
  private State state = State.OPEN;
  private boolean broken;

  private AudioFileWriter(
      Path target,
      Path temporary,
      FileChannel channel,
      SampleFormat format,
      int sampleRate,
      int channels,
      long maxFileBytes) {
    this.target = target;
    this.temporary = temporary;
    this.channel = channel;
    this.format = format;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.frameBytes = channels * format.bytes();
    this.maxFileBytes = maxFileBytes;
    this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Creates the temporary file {@code .NAME.tmp-<random>} next to {@code target}.
   *
   * @param sampleRate the sample rate, in hertz: a whole number from 8000 to 768000
   * @param channels 1 or 2
   * @throws AudioFileException if the rate or channel count is unsupported or the folder is not
   *     writable
   */
  public static AudioFileWriter create(
      Path target, double sampleRate, int channels, SampleFormat format) throws AudioFileException {
    return create(target, sampleRate, channels, format, WAV_MAX_FILE_BYTES);
  }

  static AudioFileWriter create(
      Path target, double sampleRate, int channels, SampleFormat format, long maxFileBytes)
      throws AudioFileException {
    if (format == null) {
      throw new IllegalArgumentException("format is null");
    }
    if (channels < 1 || channels > 2) {
      throw new AudioFileException(
          target, channels + " channels not supported (mono or stereo only)");
    }
    if (!(sampleRate >= HeaderBytes.MIN_SAMPLE_RATE
        && sampleRate <= HeaderBytes.MAX_SAMPLE_RATE
        && sampleRate == Math.rint(sampleRate))) {
      throw new AudioFileException(
          target, "unsupported sample rate: " + HeaderBytes.hertz(sampleRate) + " Hz");
    }
    Path absolute = target.toAbsolutePath();
    Path folder = absolute.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new AudioFileException(target, "no such folder: " + folder);
    }
    if (Files.isDirectory(absolute)) {
      throw new AudioFileException(target, "is a folder");
    }
    Path temporary = AtomicFiles.temporaryBeside(absolute);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (AccessDeniedException e) {
      throw new AudioFileException(target, "permission denied in " + folder, e);
    } catch (IOException e) {
      throw new AudioFileException(target, "cannot create a file in " + folder + ": " + e, e);
    }
    AudioFileWriter writer =
        new AudioFileWriter(
            target, temporary, channel, format, (int) sampleRate, channels, maxFileBytes);
    try {
      writer.buffer.put(WavHeader.build(format, (int) sampleRate, channels, 0, 0));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    return writer;
  }

  /** Returns the number of samples (over all channels) clamped or replaced so far. */
  public long clippedSamples() {
    return clipped;
  }

  /** Returns the number of frames written so far. */
  public long framesWritten() {
    return written;
  }

  /** Returns the temporary file the audio goes to until {@link #commit()}. */
  Path temporaryFile() {
    return temporary;
  }

  /**
   * Appends {@code frames} frames from {@code src[c][offset..offset+frames)} without allocating.
   *
   * @throws AudioFileException if the disk fails or the file would pass the 4 GiB WAV limit
   */
  public void write(double[][] src, int offset, int frames) throws AudioFileException {
    requireOpen();
    if (src.length < channels || offset < 0 || frames < 0) {
      throw new IllegalArgumentException("need " + channels + " channels and a valid range");
    }
    for (int c = 0; c < channels; c++) {
      if (src[c].length - frames < offset) {
        throw new IllegalArgumentException("range beyond channel array");
      }
    }
    long dataBytes = (written + frames) * frameBytes;
    if (WavHeader.length(format) + dataBytes + (dataBytes & 1) > maxFileBytes) {
      throw new AudioFileException(
          target,
          "too large: a WAV file holds at most 4 GiB; stopped after " + written + " frames");
    }
    for (int i = offset; i < offset + frames; i++) {
      if (buffer.remaining() < frameBytes) {
        flush();
      }
      for (int c = 0; c < channels; c++) {
        encode(src[c][i]);
      }
    }
    written += frames;
  }

  private void encode(double x) {
    switch (format) {
      case PCM_16 -> buffer.putShort((short) toInteger(x, 32_768.0, 32_767));
      case PCM_24 -> {
        int v = toInteger(x, 8_388_608.0, 8_388_607);
        buffer.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
      }
      case FLOAT_32 -> {
        float f = (float) x;
        if (Float.isFinite(f)) {
          buffer.putFloat(f);
        } else {
          clipped++;
          buffer.putFloat(Float.isNaN(f) ? 0f : Math.copySign(Float.MAX_VALUE, f));
        }
      }
    }
  }

  private int toInteger(double x, double scale, int max) {
    if (Double.isNaN(x)) {
      clipped++;
      return 0;
    }
    long v = Math.round(x * scale);
    if (v > max) {
      clipped++;
      return max;
    }
    if (v < -max - 1) {
      clipped++;
      return -max - 1;
    }
    return (int) v;
  }

  private void flush() throws AudioFileException {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      broken = true;
      throw new AudioFileException(target, "cannot write: " + e.getMessage(), e);
    } finally {
      buffer.clear();
    }
  }

  /**
   * Finishes the header, syncs the file, renames it over the target atomically and syncs the
   * folder.
   *
   * @throws AudioFileException if any step fails; the temporary file is then deleted and an
   *     existing target left untouched
   */
  public void commit() throws AudioFileException {
    requireOpen();
    if (broken) {
      close();
      throw new AudioFileException(target, "not written: an earlier write failed");
    }
    try {
      long dataBytes = written * frameBytes;
      if ((dataBytes & 1) != 0) {
        buffer.put((byte) 0);
      }
      flush();
      ByteBuffer header = WavHeader.build(format, sampleRate, channels, written, dataBytes);
      while (header.hasRemaining()) {
        channel.write(header, header.position());
      }
      channel.force(true);
      channel.close();
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      state = State.COMMITTED;
    } catch (AudioFileException e) {
      close();
      throw e;
    } catch (IOException e) {
      close();
      throw new AudioFileException(target, "cannot finish the file: " + e.getMessage(), e);
    }
    syncFolder();
  }

  private void syncFolder() throws AudioFileException {
    try {
      AtomicFiles.syncFolder(target);
    } catch (IOException e) {
      throw new AudioFileException(
          target, "written, but the folder could not be synced: " + e.getMessage(), e);
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("writer already " + state.name().toLowerCase());
    }
  }

  /** Aborts the file unless it was committed: deletes the temporary file, keeps the target. */
  @Override
  public void close() {
    if (state != State.OPEN) {
      return;
    }
    state = State.CLOSED;
    try {
      channel.close();
    } catch (IOException ignored) {
      // The file is deleted next; nothing in it is kept.
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // A leftover hidden temporary file is harmless and never replaces the target.
    }
  }
}
