package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Test signals, reading whole files through both readers, and folder listings. */
final class Signals {
  private Signals() {}

  /** Returns {@code amplitude * sin(2 pi f n / rate + phase)} for n in 0..frames. */
  static double[] sine(double rate, double hertz, double amplitude, double phase, int frames) {
    double[] x = new double[frames];
    for (int n = 0; n < frames; n++) {
      x[n] = amplitude * Math.sin(2 * Math.PI * hertz * n / rate + phase);
    }
    return x;
  }

  /** Reads a whole file with the reader under test, in blocks of an odd size. */
  static double[][] readAll(Path file) throws IOException {
    try (AudioFileReader r = AudioFileReader.open(file)) {
      int total = Math.toIntExact(r.frames());
      double[][] all = new double[r.channels()][total];
      double[][] block = new double[r.channels()][999];
      int at = 0;
      int n;
      while ((n = r.read(block, 999)) > 0) {
        for (int c = 0; c < r.channels(); c++) {
          System.arraycopy(block[c], 0, all[c], at, n);
        }
        at += n;
      }
      assertEquals(total, at, "frames read");
      return all;
    }
  }

  /** Decoded output of the JDK's own parser, with its format. */
  record Jdk(AudioFormat format, long[][] integers, double[][] floats) {}

  /**
   * Reads a file with javax.sound.sampled and decodes its bytes here: integer PCM as raw integers,
   * PCM_FLOAT as floats.
   */
  static Jdk readWithJdk(Path file) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
      AudioFormat f = in.getFormat();
      byte[] data = in.readAllBytes();
      int ch = f.getChannels();
      int bytes = f.getSampleSizeInBits() / 8;
      int frames = data.length / (ch * bytes);
      ByteBuffer b =
          ByteBuffer.wrap(data)
              .order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      boolean isFloat = f.getEncoding() == AudioFormat.Encoding.PCM_FLOAT;
      long[][] ints = new long[ch][frames];
      double[][] floats = new double[ch][frames];
      for (int i = 0; i < frames; i++) {
        for (int c = 0; c < ch; c++) {
          int p = (i * ch + c) * bytes;
          if (isFloat) {
            floats[c][i] = bytes == 4 ? b.getFloat(p) : b.getDouble(p);
          } else {
            long v = 0;
            for (int k = 0; k < bytes; k++) {
              int idx = f.isBigEndian() ? p + k : p + bytes - 1 - k;
              v = (v << 8) | (data[idx] & 0xFF);
            }
            ints[c][i] = (v << (64 - 8 * bytes)) >> (64 - 8 * bytes);
          }
        }
      }
      return new Jdk(f, ints, floats);
    }
  }

  /** Writes interleaved signed big- or little-endian PCM through javax.sound.sampled. */
  static void writeWithJdk(
      Path file, AudioFileFormatType type, float rate, int bits, int[][] samples, boolean bigEndian)
      throws IOException {
    int ch = samples.length;
    int frames = samples[0].length;
    int bytes = bits / 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < ch; c++) {
        int v = samples[c][i];
        for (int k = 0; k < bytes; k++) {
          int shift = 8 * (bigEndian ? bytes - 1 - k : k);
          out.write((v >> shift) & 0xFF);
        }
      }
    }
    AudioFormat f = new AudioFormat(rate, bits, ch, true, bigEndian);
    try (AudioInputStream in =
        new AudioInputStream(new java.io.ByteArrayInputStream(out.toByteArray()), f, frames)) {
      AudioSystem.write(in, type.jdk, file.toFile());
    }
  }

  /** The two file types the JDK writes. */
  enum AudioFileFormatType {
    WAVE(javax.sound.sampled.AudioFileFormat.Type.WAVE),
    AIFF(javax.sound.sampled.AudioFileFormat.Type.AIFF);

    final javax.sound.sampled.AudioFileFormat.Type jdk;

    AudioFileFormatType(javax.sound.sampled.AudioFileFormat.Type jdk) {
      this.jdk = jdk;
    }
  }

  /** Lists the names in a folder, hidden ones included. */
  static List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
