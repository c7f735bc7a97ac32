package lathe.console.audio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parses AIFF and AIFF-C headers: integer PCM of 1 to 32 bits (left-justified in whole bytes), and
 * the AIFF-C compression types {@code NONE}, {@code twos}, {@code sowt}, {@code in24}, {@code
 * in32}, {@code raw }, {@code fl32} and {@code fl64}.
 *
 * <p>The {@code COMM} and {@code SSND} chunks may come in any order; other chunks are skipped with
 * their pad byte. An {@code SSND} chunk that runs past the end of the file, or that holds fewer
 * frames than {@code COMM} declares, is an error ("truncated").
 */
final class AiffParser {
  private AiffParser() {}

  private record Comm(
      int channels,
      long frames,
      double sampleRate,
      SampleEncoding encoding,
      ByteOrder order,
      boolean unsignedBytes) {}

  static StreamLayout parse(HeaderBytes in, boolean aifc) throws IOException {
    Comm comm = null;
    long ssndBody = -1;
    long ssndSize = 0;
    long pos = 12;
    while (pos + 8 <= in.size) {
      ByteBuffer h = in.read(pos, 8, ByteOrder.BIG_ENDIAN);
      String id = HeaderBytes.fourCc(h, 0);
      long declared = HeaderBytes.u32(h, 4);
      long body = pos + 8;
      long available = in.size - body;
      in.requireWithin(id, declared, available);
      switch (id) {
        case "COMM" -> {
          if (declared < (aifc ? 22 : 18)) {
            throw in.problem("broken header: COMM chunk too short");
          }
          comm = parseComm(in, in.read(body, aifc ? 22 : 18, ByteOrder.BIG_ENDIAN), aifc);
        }
        case "SSND" -> {
          if (declared < 8) {
            throw in.problem("broken header: SSND chunk too short");
          }
          ssndBody = body;
          ssndSize = declared;
        }
        default -> {}
      }
      pos = body + declared + (declared & 1);
    }
    if (comm == null) {
      throw in.problem("broken header: no COMM chunk");
    }
    if (comm.frames == 0) {
      throw in.problem("no audio frames");
    }
    if (ssndBody < 0) {
      throw in.problem("broken header: no SSND chunk");
    }
    long offset = HeaderBytes.u32(in.read(ssndBody, 4, ByteOrder.BIG_ENDIAN), 0);
    if (offset > ssndSize - 8) {
      throw in.problem("broken header: SSND offset " + offset + " beyond its chunk");
    }
    int frameBytes = comm.channels * comm.encoding.bytes();
    long held = (ssndSize - 8 - offset) / frameBytes;
    if (held < comm.frames) {
      throw in.problem(
          "truncated: COMM chunk declares "
              + comm.frames
              + " frames but the SSND chunk holds "
              + held);
    }
    return new StreamLayout(
        aifc ? "AIFF-C" : "AIFF",
        comm.sampleRate,
        comm.channels,
        comm.encoding,
        comm.order,
        comm.unsignedBytes,
        ssndBody + 8 + offset,
        comm.frames);
  }

  private static Comm parseComm(HeaderBytes in, ByteBuffer c, boolean aifc)
      throws AudioFileException {
    int channels = c.getShort(0);
    long frames = HeaderBytes.u32(c, 2);
    int bits = c.getShort(6);
    double rate = extended(c, 8);
    String compression = aifc ? HeaderBytes.fourCc(c, 18) : "NONE";
    ByteOrder order = ByteOrder.BIG_ENDIAN;
    boolean unsignedBytes = false;
    SampleEncoding encoding;
    switch (compression) {
      case "NONE", "twos" -> encoding = pcmContainer(bits);
      case "sowt" -> {
        encoding = pcmContainer(bits);
        order = ByteOrder.LITTLE_ENDIAN;
      }
      case "raw " -> {
        encoding = bits == 8 ? SampleEncoding.PCM_8 : null;
        unsignedBytes = true;
      }
      case "in24" -> encoding = SampleEncoding.PCM_24;
      case "in32" -> encoding = SampleEncoding.PCM_32;
      case "fl32", "FL32" -> encoding = SampleEncoding.FLOAT_32;
      case "fl64", "FL64" -> encoding = SampleEncoding.FLOAT_64;
      default ->
          throw in.problem(
              "unsupported encoding: AIFF-C compression '" + printable(compression) + "'");
    }
    if (channels <= 0) {
      throw in.problem("broken header: " + channels + " channels");
    }
    if (encoding == null) {
      throw in.problem("unsupported encoding: " + bits + "-bit PCM");
    }
    in.checkChannelsAndRate(channels, rate);
    return new Comm(channels, frames, rate, encoding, order, unsignedBytes);
  }

  /** Maps a sample size of 1..32 bits to the whole-byte container it is stored in. */
  private static SampleEncoding pcmContainer(int bits) {
    if (bits < 1 || bits > 32) {
      return null;
    }
    return SampleEncoding.pcm((bits + 7) / 8 * 8);
  }

  /** Decodes an 80-bit IEEE 754 extended-precision number (the AIFF sample rate). */
  static double extended(ByteBuffer b, int at) {
    int signAndExponent = Short.toUnsignedInt(b.getShort(at));
    long mantissa = b.getLong(at + 2);
    int exponent = signAndExponent & 0x7FFF;
    if (exponent == 0 && mantissa == 0) {
      return 0;
    }
    if (exponent == 0x7FFF) {
      return Double.NaN;
    }
    double magnitude = Math.scalb((double) (mantissa >>> 11), exponent - 16383 - 52);
    return (signAndExponent & 0x8000) != 0 ? -magnitude : magnitude;
  }

  private static String printable(String id) {
    StringBuilder s = new StringBuilder();
    for (char ch : id.toCharArray()) {
      s.append(ch >= 0x20 && ch < 0x7F ? ch : '?');
    }
    return s.toString();
  }
}
