package lathe.console.audio.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams the audio of a WAV, RF64, AIFF or AIFF-C file as 64-bit samples, one small reusable
 * buffer at a time, so any length of file is read in constant memory.
 *
 * <p>Integer samples are scaled by 1 / 2^(bits-1) (16-bit -32768 reads as -1.0); float samples are
 * returned unchanged, including values beyond 0 dBFS. Every problem with the file is an {@link
 * AudioFileException} with a one-line message naming the file. Not thread-safe.
 *
 * <p>A data chunk whose declared size runs past the end of the file (a recorder that crashed) is an
 * error, "truncated", rather than silently shorter audio. The exceptions are the streaming
 * placeholders of headers that were never finished: a WAV data size of 0xFFFFFFFF, or of 0 when the
 * RIFF size also ends at the data chunk; those are read to the end of the file, dropping a partial
 * last frame. RF64 takes the data size from its {@code ds64} chunk.
 */
public final class AudioFileReader implements AutoCloseable {
  private static final int BUFFER_FRAMES = 4096;

  private final Path file;
  private final FileChannel channel;
  private final StreamLayout layout;
  private final int frameBytes;
  private final ByteBuffer buffer;
  private long position;
  private boolean closed;

  private AudioFileReader(Path file, FileChannel channel, StreamLayout layout) {
    this.file = file;
    this.channel = channel;
    this.layout = layout;
    this.frameBytes = layout.frameBytes();
    this.buffer = ByteBuffer.allocateDirect(BUFFER_FRAMES * frameBytes).order(layout.order());
  }

  /**
   * Opens a file and parses its header.
   *
   * @throws AudioFileException if the file is missing, unreadable, not WAV or AIFF, uses an
   *     unsupported encoding, channel count or rate, is truncated, or holds no frames
   */
  public static AudioFileReader open(Path file) throws AudioFileException {
    if (Files.isDirectory(file)) {
      throw new AudioFileException(file, "is a folder, not an audio file");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new AudioFileException(file, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new AudioFileException(file, "permission denied", e);
    } catch (IOException e) {
      throw new AudioFileException(file, "cannot open: " + e.getMessage(), e);
    }
    try {
      return new AudioFileReader(file, channel, parse(new HeaderBytes(file, channel)));
    } catch (AudioFileException e) {
      closeQuietly(channel);
      throw e;
    } catch (EOFException e) {
      closeQuietly(channel);
      throw new AudioFileException(file, "truncated: the file ends inside its header", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw new AudioFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static StreamLayout parse(HeaderBytes in) throws IOException {
    if (in.size >= 12) {
      ByteBuffer head = in.read(0, 12, ByteOrder.LITTLE_ENDIAN);
      String id = HeaderBytes.fourCc(head, 0);
      String form = HeaderBytes.fourCc(head, 8);
      if ((id.equals("RIFF") || id.equals("RF64")) && form.equals("WAVE")) {
        return WavParser.parse(in, id.equals("RF64"), HeaderBytes.u32(head, 4));
      }
      if (id.equals("FORM") && (form.equals("AIFF") || form.equals("AIFC"))) {
        return AiffParser.parse(in, form.equals("AIFC"));
      }
    }
    throw in.problem(in.size == 0 ? "not a WAV or AIFF file (empty)" : "not a WAV or AIFF file");
  }

  /** Returns the sample rate, in hertz. */
  public double sampleRate() {
    return layout.sampleRate();
  }

  /** Returns the number of channels, 1 or 2. */
  public int channels() {
    return layout.channels();
  }

  /** Returns the length of the audio, in frames. */
  public long frames() {
    return layout.frames();
  }

  /** Returns how the samples are stored in the file. */
  public SampleEncoding encoding() {
    return layout.encoding();
  }

  /** Returns the container format: {@code WAV}, {@code RF64}, {@code AIFF} or {@code AIFF-C}. */
  public String formatName() {
    return layout.formatName();
  }

  /** Returns the index of the next frame {@link #read} returns. */
  public long position() {
    return position;
  }

  /**
   * Reads up to {@code maxFrames} frames into {@code dest[c][0..n)} without allocating.
   *
   * @param dest one array per channel, each at least {@code maxFrames} long
   * @return the number of frames read, 0 at the end of the audio
   * @throws AudioFileException if the file cannot be read or became shorter since it was opened
   */
  public int read(double[][] dest, int maxFrames) throws AudioFileException {
    if (closed) {
      throw new IllegalStateException("reader closed");
    }
    if (maxFrames < 0 || dest.length < layout.channels()) {
      throw new IllegalArgumentException("need " + layout.channels() + " channel arrays");
    }
    for (int c = 0; c < layout.channels(); c++) {
      if (dest[c].length < maxFrames) {
        throw new IllegalArgumentException("channel array shorter than maxFrames");
      }
    }
    int total = (int) Math.min(maxFrames, layout.frames() - position);
    int done = 0;
    while (done < total) {
      int n = Math.min(total - done, BUFFER_FRAMES);
      fill(layout.dataOffset() + position * frameBytes, n * frameBytes);
      SampleDecoder.decode(buffer, layout, dest, done, n);
      position += n;
      done += n;
    }
    return total;
  }

  private void fill(long filePosition, int bytes) throws AudioFileException {
    buffer.clear().limit(bytes);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, filePosition + buffer.position()) < 0) {
          throw new AudioFileException(
              file,
              "truncated: the file ends after frame "
                  + (position + buffer.position() / frameBytes)
                  + " of "
                  + layout.frames());
        }
      }
    } catch (AudioFileException e) {
      throw e;
    } catch (IOException e) {
      throw new AudioFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Moves the read position to the given frame, 0 to {@link #frames()}. */
  public void seekFrame(long frame) {
    if (frame < 0 || frame > layout.frames()) {
      throw new IllegalArgumentException("frame " + frame + " outside 0.." + layout.frames());
    }
    position = frame;
  }

  /** Closes the file. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written; a failed close of a read-only channel loses nothing.
    }
  }
}
