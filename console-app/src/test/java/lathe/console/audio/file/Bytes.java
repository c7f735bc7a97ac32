package lathe.console.audio.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds the bytes of hand-made WAV and AIFF files, field by field, in either byte order. */
final class Bytes {
  /** 48000 Hz as an 80-bit extended float: exponent 0x400E, mantissa 0xBB80 << 48. */
  static final String RATE_48000 = "400EBB80000000000000";

  /** 44100 Hz as an 80-bit extended float: exponent 0x400E, mantissa 0xAC44 << 48. */
  static final String RATE_44100 = "400EAC44000000000000";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final boolean little;

  private Bytes(boolean little) {
    this.little = little;
  }

  static Bytes le() {
    return new Bytes(true);
  }

  static Bytes be() {
    return new Bytes(false);
  }

  Bytes ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  Bytes hex(String h) {
    out.writeBytes(HexFormat.of().parseHex(h));
    return this;
  }

  Bytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  Bytes u8(int v) {
    out.write(v);
    return this;
  }

  Bytes n(long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      int shift = 8 * (little ? i : bytes - 1 - i);
      out.write((int) (v >>> shift) & 0xFF);
    }
    return this;
  }

  Bytes u16(int v) {
    return n(v, 2);
  }

  Bytes i24(int v) {
    return n(v, 3);
  }

  Bytes u32(long v) {
    return n(v, 4);
  }

  Bytes u64(long v) {
    return n(v, 8);
  }

  Bytes f32(float v) {
    return n(Float.floatToRawIntBits(v), 4);
  }

  Bytes f64(double v) {
    return n(Double.doubleToRawLongBits(v), 8);
  }

  Bytes chunk(String id, byte[] body) {
    return chunk(id, body.length, body);
  }

  /** Appends a chunk header with a declared size, the body, and a pad byte if the body is odd. */
  Bytes chunk(String id, long declared, byte[] body) {
    ascii(id).u32(declared).raw(body);
    if ((body.length & 1) != 0) {
      u8(0);
    }
    return this;
  }

  byte[] toArray() {
    return out.toByteArray();
  }

  /** Wraps chunks in a little-endian RIFF/WAVE container with the correct RIFF size. */
  static byte[] riff(byte[] chunks) {
    return le().ascii("RIFF").u32(4 + chunks.length).ascii("WAVE").raw(chunks).toArray();
  }

  /** Wraps chunks in a big-endian FORM container of the given type (AIFF or AIFC). */
  static byte[] form(String type, byte[] chunks) {
    return be().ascii("FORM").u32(4 + chunks.length).ascii(type).raw(chunks).toArray();
  }

  /** Returns a 16-byte WAVEFORMAT body. */
  static byte[] fmt(int tag, int channels, int rate, int bits) {
    int align = channels * ((bits + 7) / 8);
    return le().u16(tag)
        .u16(channels)
        .u32(rate)
        .u32((long) rate * align)
        .u16(align)
        .u16(bits)
        .toArray();
  }

  /** Returns a 40-byte WAVE_FORMAT_EXTENSIBLE body whose subformat GUID starts with subTag. */
  static byte[] fmtExtensible(int channels, int rate, int bits, int validBits, int subTag) {
    return le().raw(fmt(0xFFFE, channels, rate, bits))
        .u16(22)
        .u16(validBits)
        .u32(channels == 1 ? 0x4 : 0x3)
        .u16(subTag)
        .hex("000000001000800000AA00389B71")
        .toArray();
  }
}
