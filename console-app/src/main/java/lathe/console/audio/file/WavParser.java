package lathe.console.audio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parses RIFF/WAVE and RF64 headers: PCM (format 1), IEEE float (format 3) and
 * WAVE_FORMAT_EXTENSIBLE with the PCM or IEEE float subformat.
 *
 * <p>Chunks other than {@code fmt }, {@code ds64} and {@code data} are skipped with their pad byte.
 * A {@code data} chunk whose declared size runs past the end of the file is an error ("truncated"),
 * with two exceptions for files whose header was never finished: a size of 0xFFFFFFFF, and a size
 * of 0 when the RIFF size also says nothing follows the header (0, 0xFFFFFFFF, or not beyond the
 * data chunk header). Those are read to the end of the file.
 */
final class WavParser {
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_IEEE_FLOAT = 0x0003;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long PLACEHOLDER = 0xFFFFFFFFL;

  /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE GUIDs, after the 16-bit format tag. */
  private static final byte[] GUID_TAIL = {
    0x00,
    0x00,
    0x00,
    0x00,
    0x10,
    0x00,
    (byte) 0x80,
    0x00,
    0x00,
    (byte) 0xAA,
    0x00,
    0x38,
    (byte) 0x9B,
    0x71
  };

  private WavParser() {}

  private record Fmt(int channels, double sampleRate, SampleEncoding encoding) {}

  static StreamLayout parse(HeaderBytes in, boolean rf64, long riffSize) throws IOException {
    Fmt fmt = null;
    long ds64DataSize = -1;
    long pos = 12;
    while (pos + 8 <= in.size) {
      ByteBuffer h = in.read(pos, 8, ByteOrder.LITTLE_ENDIAN);
      String id = HeaderBytes.fourCc(h, 0);
      long declared = HeaderBytes.u32(h, 4);
      long body = pos + 8;
      long available = in.size - body;
      switch (id) {
        case "ds64" -> {
          if (declared < 24) {
            throw in.problem("broken header: ds64 chunk too short");
          }
          in.requireWithin(id, declared, available);
          ds64DataSize = in.read(body, 24, ByteOrder.LITTLE_ENDIAN).getLong(8);
        }
        case "fmt " -> {
          if (declared < 16) {
            throw in.problem("broken header: fmt chunk too short");
          }
          in.requireWithin(id, declared, available);
          int length = (int) Math.min(declared, 64);
          fmt = parseFmt(in, in.read(body, length, ByteOrder.LITTLE_ENDIAN));
        }
        case "data" -> {
          if (fmt == null) {
            throw in.problem("broken header: data chunk before fmt chunk");
          }
          long dataBytes = declared;
          if (rf64 && declared == PLACEHOLDER && ds64DataSize >= 0) {
            dataBytes = ds64DataSize;
          } else if (declared == PLACEHOLDER
              || (declared == 0
                  && (riffSize == 0 || riffSize == PLACEHOLDER || riffSize <= body - 8))) {
            dataBytes = available;
          }
          if (dataBytes > available) {
            throw in.problem(
                "truncated: data chunk declares "
                    + dataBytes
                    + " bytes but the file ends after "
                    + available);
          }
          int frameBytes = fmt.channels * fmt.encoding.bytes();
          return new StreamLayout(
              rf64 ? "RF64" : "WAV",
              fmt.sampleRate,
              fmt.channels,
              fmt.encoding,
              ByteOrder.LITTLE_ENDIAN,
              true,
              body,
              in.frames(dataBytes, frameBytes));
        }
        default -> in.requireWithin(id, declared, available);
      }
      pos = body + declared + (declared & 1);
    }
    throw in.problem(fmt == null ? "broken header: no fmt chunk" : "broken header: no data chunk");
  }

  private static Fmt parseFmt(HeaderBytes in, ByteBuffer f) throws AudioFileException {
    int tag = HeaderBytes.u16(f, 0);
    int channels = HeaderBytes.u16(f, 2);
    long rate = HeaderBytes.u32(f, 4);
    int blockAlign = HeaderBytes.u16(f, 12);
    int bits = HeaderBytes.u16(f, 14);
    if (tag == FORMAT_EXTENSIBLE) {
      if (f.limit() < 40) {
        throw in.problem("broken header: fmt chunk too short for WAVE_FORMAT_EXTENSIBLE");
      }
      if (!hasStandardGuidTail(f)) {
        throw in.problem("unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat " + guid(f, 24));
      }
      tag = HeaderBytes.u16(f, 24);
    }
    if (channels == 0) {
      throw in.problem("broken header: 0 channels");
    }
    SampleEncoding encoding =
        switch (tag) {
          case FORMAT_PCM -> SampleEncoding.pcm(bits);
          case FORMAT_IEEE_FLOAT -> SampleEncoding.ieeeFloat(bits);
          default -> throw in.problem("unsupported encoding: WAV format tag " + describeTag(tag));
        };
    if (encoding == null) {
      throw in.problem(
          "unsupported encoding: " + bits + (tag == FORMAT_PCM ? "-bit PCM" : "-bit float"));
    }
    in.checkChannelsAndRate(channels, rate);
    if (blockAlign != channels * encoding.bytes()) {
      throw in.problem(
          "broken header: block align "
              + blockAlign
              + " does not match "
              + channels
              + " channel(s) of "
              + encoding.describe());
    }
    return new Fmt(channels, rate, encoding);
  }

  private static boolean hasStandardGuidTail(ByteBuffer f) {
    for (int i = 0; i < GUID_TAIL.length; i++) {
      if (f.get(26 + i) != GUID_TAIL[i]) {
        return false;
      }
    }
    return true;
  }

  private static String guid(ByteBuffer f, int at) {
    return String.format(
        "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
        f.getInt(at),
        f.getShort(at + 4),
        f.getShort(at + 6),
        f.get(at + 8),
        f.get(at + 9),
        f.get(at + 10),
        f.get(at + 11),
        f.get(at + 12),
        f.get(at + 13),
        f.get(at + 14),
        f.get(at + 15));
  }

  private static String describeTag(int tag) {
    String name =
        switch (tag) {
          case 0x0002 -> " (Microsoft ADPCM)";
          case 0x0006 -> " (A-law)";
          case 0x0007 -> " (mu-law)";
          case 0x0011 -> " (IMA ADPCM)";
          case 0x0050, 0x0055 -> " (MPEG)";
          default -> "";
        };
    return String.format("0x%04X", tag) + name;
  }
}
