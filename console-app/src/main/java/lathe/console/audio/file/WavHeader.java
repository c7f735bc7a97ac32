package lathe.console.audio.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds the header the writer puts before the audio: plain format 1 for 16/24-bit PCM (44 bytes),
 * format 3 with a {@code fact} chunk for 32-bit float (58 bytes).
 */
final class WavHeader {
  private WavHeader() {}

  static int length(SampleFormat format) {
    return format.isFloat() ? 58 : 44;
  }

  /** Writes the header for {@code dataBytes} bytes of audio (before any pad byte) into a buffer. */
  static ByteBuffer build(
      SampleFormat format, int sampleRate, int channels, long frames, long dataBytes) {
    int length = length(format);
    ByteBuffer h = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    int blockAlign = channels * format.bytes();
    long riffSize = length - 8 + dataBytes + (dataBytes & 1);
    h.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    h.putInt((int) riffSize);
    h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
    h.putInt(format.isFloat() ? 18 : 16);
    h.putShort((short) (format.isFloat() ? 3 : 1));
    h.putShort((short) channels);
    h.putInt(sampleRate);
    h.putInt(sampleRate * blockAlign);
    h.putShort((short) blockAlign);
    h.putShort((short) format.bits());
    if (format.isFloat()) {
      h.putShort((short) 0);
      h.put("fact".getBytes(StandardCharsets.US_ASCII));
      h.putInt(4);
      h.putInt((int) frames);
    }
    h.put("data".getBytes(StandardCharsets.US_ASCII));
    h.putInt((int) dataBytes);
    return h.flip();
  }
}
