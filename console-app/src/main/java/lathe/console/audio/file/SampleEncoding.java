package lathe.console.audio.file;

/** Names how the samples of a file are stored, independent of byte order. */
public enum SampleEncoding {
  /** 8-bit integer (unsigned in WAV, signed in AIFF). */
  PCM_8(8, false),
  /** 16-bit two's-complement integer. */
  PCM_16(16, false),
  /** 24-bit two's-complement integer. */
  PCM_24(24, false),
  /** 32-bit two's-complement integer. */
  PCM_32(32, false),
  /** 32-bit IEEE 754 float. */
  FLOAT_32(32, true),
  /** 64-bit IEEE 754 float. */
  FLOAT_64(64, true);

  private final int bits;
  private final boolean floatingPoint;

  SampleEncoding(int bits, boolean floatingPoint) {
    this.bits = bits;
    this.floatingPoint = floatingPoint;
  }

  /** Returns the size of one sample, in bits. */
  public int bits() {
    return bits;
  }

  /** Returns the size of one sample, in bytes. */
  public int bytes() {
    return bits / 8;
  }

  /** Returns whether the samples are IEEE floats rather than integers. */
  public boolean isFloat() {
    return floatingPoint;
  }

  /** Returns a short description such as {@code 24-bit PCM} or {@code 32-bit float}. */
  public String describe() {
    return bits + (floatingPoint ? "-bit float" : "-bit PCM");
  }

  static SampleEncoding pcm(int bits) {
    return switch (bits) {
      case 8 -> PCM_8;
      case 16 -> PCM_16;
      case 24 -> PCM_24;
      case 32 -> PCM_32;
      default -> null;
    };
  }

  static SampleEncoding ieeeFloat(int bits) {
    return switch (bits) {
      case 32 -> FLOAT_32;
      case 64 -> FLOAT_64;
      default -> null;
    };
  }
}
