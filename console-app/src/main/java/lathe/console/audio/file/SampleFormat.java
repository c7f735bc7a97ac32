package lathe.console.audio.file;

import java.util.Locale;

/** Names the sample formats the writer produces. */
public enum SampleFormat {
  /** 16-bit integer PCM, written as WAV format 1. */
  PCM_16("16", SampleEncoding.PCM_16),
  /** 24-bit integer PCM, written as WAV format 1. */
  PCM_24("24", SampleEncoding.PCM_24),
  /** 32-bit IEEE float, written as WAV format 3 with a {@code fact} chunk. */
  FLOAT_32("32f", SampleEncoding.FLOAT_32);

  private final String label;
  private final SampleEncoding encoding;

  SampleFormat(String label, SampleEncoding encoding) {
    this.label = label;
    this.encoding = encoding;
  }

  /**
   * Parses {@code 16}, {@code 24} or {@code 32f} (case and surrounding spaces ignored).
   *
   * @throws IllegalArgumentException for any other text, with a message listing the choices
   */
  public static SampleFormat parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    for (SampleFormat f : values()) {
      if (f.label.equals(t)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown sample format '" + text + "' (use 16, 24 or 32f)");
  }

  /** Returns the text {@link #parse} accepts for this format. */
  public String label() {
    return label;
  }

  /** Returns the encoding of the samples in the file. */
  public SampleEncoding encoding() {
    return encoding;
  }

  /** Returns the size of one sample, in bits. */
  public int bits() {
    return encoding.bits();
  }

  /** Returns the size of one sample, in bytes. */
  public int bytes() {
    return encoding.bytes();
  }

  /** Returns whether the samples are IEEE floats rather than integers. */
  public boolean isFloat() {
    return encoding.isFloat();
  }
}
