package lathe.console.audio.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Deinterleaves encoded frames into 64-bit channels: integers scaled by 1 / 2^(bits-1), floats kept
 * as they are (values beyond 0 dBFS are not clipped).
 */
final class SampleDecoder {
  private static final double SCALE_8 = 1.0 / 128;
  private static final double SCALE_16 = 1.0 / 32_768;
  private static final double SCALE_24 = 1.0 / 8_388_608;
  private static final double SCALE_32 = 1.0 / 2_147_483_648.0;

  private SampleDecoder() {}

  /** Decodes {@code frames} frames from byte 0 of {@code src} into {@code dest[c][at..]}. */
  static void decode(ByteBuffer src, StreamLayout layout, double[][] dest, int at, int frames) {
    int channels = layout.channels();
    int p = 0;
    switch (layout.encoding()) {
      case PCM_8 -> {
        int bias = layout.unsignedBytes() ? 128 : 0;
        int mask = layout.unsignedBytes() ? 0xFF : -1;
        for (int i = at; i < at + frames; i++) {
          for (int c = 0; c < channels; c++) {
            dest[c][i] = ((src.get(p++) & mask) - bias) * SCALE_8;
          }
        }
      }
      case PCM_16 -> {
        for (int i = at; i < at + frames; i++) {
          for (int c = 0; c < channels; c++) {
            dest[c][i] = src.getShort(p) * SCALE_16;
            p += 2;
          }
        }
      }
      case PCM_24 -> {
        boolean little = layout.order() == ByteOrder.LITTLE_ENDIAN;
        for (int i = at; i < at + frames; i++) {
          for (int c = 0; c < channels; c++) {
            int b0 = src.get(p);
            int b1 = src.get(p + 1);
            int b2 = src.get(p + 2);
            int v =
                little
                    ? (b2 << 16) | ((b1 & 0xFF) << 8) | (b0 & 0xFF)
                    : (b0 << 16) | ((b1 & 0xFF) << 8) | (b2 & 0xFF);
            dest[c][i] = v * SCALE_24;
            p += 3;
          }
        }
      }
      case PCM_32 -> {
        for (int i = at; i < at + frames; i++) {
          for (int c = 0; c < channels; c++) {
            dest[c][i] = src.getInt(p) * SCALE_32;
            p += 4;
          }
        }
      }
      case FLOAT_32 -> {
        for (int i = at; i < at + frames; i++) {
          for (int c = 0; c < channels; c++) {
            dest[c][i] = src.getFloat(p);
            p += 4;
          }
        }
      }
      case FLOAT_64 -> {
        for (int i = at; i < at + frames; i++) {
          for (int c = 0; c < channels; c++) {
            dest[c][i] = src.getDouble(p);
            p += 8;
          }
        }
      }
    }
  }
}
