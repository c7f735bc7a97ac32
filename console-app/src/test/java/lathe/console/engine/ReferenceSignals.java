package lathe.console.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import lathe.dsp.meter.LoudnessMeter;

/** Makes the test signals of the reference A/B tests and writes them as 24-bit PCM WAV files. */
final class ReferenceSignals {
  private ReferenceSignals() {}

  /** Returns stereo pink noise (independent channels, -3 dB/octave by a 7-pole filter). */
  static double[][] pink(long seed, int frames) {
    Random random = new Random(seed);
    double[][] x = new double[2][frames];
    for (int c = 0; c < 2; c++) {
      double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
      for (int i = 0; i < frames; i++) {
        double w = random.nextGaussian();
        b0 = 0.99886 * b0 + w * 0.0555179;
        b1 = 0.99332 * b1 + w * 0.0750759;
        b2 = 0.96900 * b2 + w * 0.1538520;
        b3 = 0.86650 * b3 + w * 0.3104856;
        b4 = 0.55000 * b4 + w * 0.5329522;
        b5 = -0.7616 * b5 - w * 0.0168980;
        x[c][i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
        b6 = w * 0.115926;
      }
    }
    return x;
  }

  /** Returns stereo white noise through a one-pole low-pass at {@code hertz}: a darker spectrum. */
  static double[][] lowPassedNoise(long seed, int frames, double rate, double hertz) {
    Random random = new Random(seed);
    double a = Math.exp(-2 * Math.PI * hertz / rate);
    double[][] x = new double[2][frames];
    for (int c = 0; c < 2; c++) {
      double y = 0;
      for (int i = 0; i < frames; i++) {
        y = (1 - a) * random.nextGaussian() + a * y;
        x[c][i] = y;
      }
    }
    return x;
  }

  /** Returns the gated integrated loudness of a whole signal, in LUFS. */
  static double integratedLufs(double[][] x, double rate) {
    LoudnessMeter m = new LoudnessMeter(2, rate);
    m.addFrames(x, x[0].length);
    return m.integratedLufs();
  }

  /** Scales a signal in place to about {@code lufs}, then clips it to the 24-bit range. */
  static void scaleTo(double[][] x, double rate, double lufs) {
    double g = Math.pow(10, (lufs - integratedLufs(x, rate)) / 20);
    double max = 1.0 - 1.0 / (1 << 23);
    for (double[] channel : x) {
      for (int i = 0; i < channel.length; i++) {
        channel[i] = Math.max(-max, Math.min(max, channel[i] * g));
      }
    }
  }

  /** Writes a stereo 24-bit PCM WAV file byte by byte, independently of the code under test. */
  static void writePcm24(Path file, int rate, double[][] x) throws IOException {
    int frames = x[0].length;
    int dataBytes = frames * 2 * 3;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2);
    b.putInt(rate).putInt(rate * 6).putShort((short) 6).putShort((short) 24);
    b.put("data".getBytes()).putInt(dataBytes);
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < 2; c++) {
        int v = (int) Math.round(x[c][i] * (1 << 23));
        v = Math.max(-(1 << 23), Math.min((1 << 23) - 1, v));
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
      }
    }
    Files.write(file, b.array());
  }

  /** Plays an in-memory signal in a loop (audio thread; allocates nothing). */
  static final class Loop implements LiveSource {
    private final double[][] data;
    private int position;

    Loop(double[][] data) {
      this.data = data;
    }

    @Override
    public int read(double[][] dest, int frames) {
      int length = data[0].length;
      for (int i = 0; i < frames; i++) {
        dest[0][i] = data[0][position];
        dest[1][i] = data[1][position];
        if (++position == length) {
          position = 0;
        }
      }
      return frames;
    }
  }
}
