package lathe.console.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Builds and dissects WAV files byte by byte, independently of the code under test. */
final class WavBytes {
  private WavBytes() {}

  /** Writes an IEEE float 32-bit WAV (format 3) of interleaved samples. */
  static void writeFloat32(Path file, int rate, int channels, float[] interleaved)
      throws IOException {
    int dataBytes = interleaved.length * 4;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) channels);
    b.putInt(rate)
        .putInt(rate * channels * 4)
        .putShort((short) (channels * 4))
        .putShort((short) 32);
    b.put("data".getBytes()).putInt(dataBytes);
    for (float v : interleaved) {
      b.putFloat(v);
    }
    Files.write(file, b.array());
  }

  /** Writes a 24-bit PCM WAV of interleaved integer sample values. */
  static void writePcm24(Path file, int rate, int channels, int[] interleaved) throws IOException {
    int dataBytes = interleaved.length * 3;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
    b.putInt(rate)
        .putInt(rate * channels * 3)
        .putShort((short) (channels * 3))
        .putShort((short) 24);
    b.put("data".getBytes()).putInt(dataBytes);
    for (int v : interleaved) {
      b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }
    Files.write(file, b.array());
  }

  /** Returns the bytes of the data chunk of a RIFF WAV file. */
  static byte[] dataChunk(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (pos + 8 <= all.length) {
      String id = new String(all, pos, 4);
      int size = b.getInt(pos + 4);
      if (id.equals("data")) {
        return Arrays.copyOfRange(all, pos + 8, pos + 8 + size);
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException("no data chunk in " + file);
  }

  /** Returns the format tag and bits per sample of a WAV file's fmt chunk. */
  static int[] formatAndBits(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (pos + 8 <= all.length) {
      String id = new String(all, pos, 4);
      int size = b.getInt(pos + 4);
      if (id.equals("fmt ")) {
        return new int[] {b.getShort(pos + 8) & 0xffff, b.getShort(pos + 22) & 0xffff};
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException("no fmt chunk in " + file);
  }
}
