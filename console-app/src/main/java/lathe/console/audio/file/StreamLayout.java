package lathe.console.audio.file;

import java.nio.ByteOrder;

/**
 * Describes where the audio of a parsed file lies and how its samples are stored.
 *
 * @param formatName {@code WAV}, {@code RF64}, {@code AIFF} or {@code AIFF-C}
 * @param sampleRate the sample rate, in hertz
 * @param channels 1 or 2
 * @param encoding the sample encoding
 * @param order the byte order of multi-byte samples
 * @param unsignedBytes whether 8-bit samples are offset binary (WAV) rather than signed (AIFF)
 * @param dataOffset the file offset of the first frame, in bytes
 * @param frames the number of whole frames in the file
 */
record StreamLayout(
    String formatName,
    double sampleRate,
    int channels,
    SampleEncoding encoding,
    ByteOrder order,
    boolean unsignedBytes,
    long dataOffset,
    long frames) {

  int frameBytes() {
    return channels * encoding.bytes();
  }
}
