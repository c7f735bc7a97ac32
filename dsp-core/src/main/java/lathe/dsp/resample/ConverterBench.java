package lathe.dsp.resample;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures how many times faster than real time a stereo converter runs, on seeded noise in blocks
 * of 4096 input frames.
 */
public final class ConverterBench {
  private static final int BLOCK_FRAMES = 4096;

  private ConverterBench() {}

  /**
   * Converts {@code seconds} of stereo noise after a warm-up and returns the audio seconds made per
   * second of wall time.
   *
   * @param inputRateHertz the input's rate, in hertz
   * @param outputRateHertz the output's rate, in hertz
   * @param seconds the length of input measured, in seconds of audio
   */
  public static double realTimeFactor(
      double inputRateHertz, double outputRateHertz, double seconds) {
    SampleRateConverter src =
        new SampleRateConverter(inputRateHertz, outputRateHertz, 2, BLOCK_FRAMES);
    SplittableRandom random = new SplittableRandom(1);
    double[][] in = new double[2][BLOCK_FRAMES];
    for (double[] channel : in) {
      for (int i = 0; i < BLOCK_FRAMES; i++) {
        channel[i] = 2 * random.nextDouble() - 1;
      }
    }
    double[][] out = new double[2][BLOCK_FRAMES * 8];
    long warm = (long) (inputRateHertz * Math.min(seconds, 5));
    run(src, in, out, warm);
    long frames = (long) (inputRateHertz * seconds);
    long start = System.nanoTime();
    run(src, in, out, frames);
    double wall = (System.nanoTime() - start) * 1e-9;
    return frames / inputRateHertz / wall;
  }

  private static void run(SampleRateConverter src, double[][] in, double[][] out, long frames) {
    for (long done = 0; done < frames; ) {
      done += src.push(in, 0, (int) Math.min(BLOCK_FRAMES, frames - done));
      while (src.pull(out, 0, out[0].length) > 0) {
        // drain what the block allows
      }
    }
  }

  /** Prints one line per common conversion: the ratio, the taps per phase and the speed. */
  public static void main(String[] args) {
    double[][] pairs = {
      {44_100, 48_000}, {48_000, 44_100}, {44_100, 96_000}, {192_000, 48_000}, {88_200, 48_000}
    };
    for (double[] p : pairs) {
      SampleRateConverter src = new SampleRateConverter(p[0], p[1], 2, BLOCK_FRAMES);
      System.out.println(
          String.format(
              Locale.ROOT,
              "%6.0f -> %6.0f Hz stereo: L/M %d/%d, %d taps per phase (%d coefficients),"
                  + " look-ahead %d output frames, %.0fx real time",
              p[0],
              p[1],
              src.upFactor(),
              src.downFactor(),
              src.tapsPerPhase(),
              src.tapsPerPhase() * src.upFactor(),
              src.latencyFrames(),
              realTimeFactor(p[0], p[1], 20)));
    }
  }
}
