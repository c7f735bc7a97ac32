package lathe.console.audio.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads header fields at absolute offsets of an open file, for the WAV and AIFF parsers. */
final class HeaderBytes {
  static final int MIN_SAMPLE_RATE = 8_000;
  static final int MAX_SAMPLE_RATE = 768_000;

  final Path file;
  final FileChannel channel;
  final long size;

  HeaderBytes(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
  }

  /** Reads exactly {@code length} bytes at {@code position}, or fails as a truncated file. */
  ByteBuffer read(long position, int length, ByteOrder order) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(order);
    while (b.hasRemaining()) {
      int n = channel.read(b, position + b.position());
      if (n < 0) {
        throw new EOFException();
      }
    }
    return b.flip();
  }

  /** Fails with "truncated" when a chunk declares more bytes than the file still holds. */
  void requireWithin(String id, long declared, long available) throws AudioFileException {
    if (declared > available) {
      throw problem(
          "truncated: "
              + id.strip()
              + " chunk declares "
              + declared
              + " bytes but the file ends after "
              + available);
    }
  }

  AudioFileException problem(String text) {
    return new AudioFileException(file, text);
  }

  static String fourCc(ByteBuffer b, int index) {
    byte[] id = new byte[4];
    for (int i = 0; i < 4; i++) {
      id[i] = b.get(index + i);
    }
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  static long u32(ByteBuffer b, int index) {
    return Integer.toUnsignedLong(b.getInt(index));
  }

  static int u16(ByteBuffer b, int index) {
    return Short.toUnsignedInt(b.getShort(index));
  }

  /** Checks the channel count and sample rate that both formats share. */
  void checkChannelsAndRate(int channels, double sampleRate) throws AudioFileException {
    if (channels > 2) {
      throw problem(channels + " channels not supported (mono or stereo only)");
    }
    if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE)) {
      throw problem("unsupported sample rate: " + hertz(sampleRate) + " Hz");
    }
  }

  static String hertz(double rate) {
    if (rate == Math.rint(rate) && Math.abs(rate) < 1e15) {
      return Long.toString((long) rate);
    }
    return Double.toString(rate);
  }

  /** Returns the frames a data region holds, failing on an empty one. */
  long frames(long dataBytes, int frameBytes) throws AudioFileException {
    long frames = dataBytes / frameBytes;
    if (frames <= 0) {
      throw problem("no audio frames");
    }
    return frames;
  }
}
