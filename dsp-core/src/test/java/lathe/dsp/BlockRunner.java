package lathe.dsp;

import java.util.Random;

/** Feeds test signals through processors in blocks of chosen sizes, as a host would. */
public final class BlockRunner {
  private BlockRunner() {}

  /** Returns reproducible white noise, uniform in -1..1, one array per channel. */
  public static double[][] noise(int channels, int frames, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[channels][frames];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < frames; i++) {
        x[c][i] = r.nextDouble() * 2 - 1;
      }
    }
    return x;
  }

  /** Returns the largest of the block sizes, the {@code maxFrames} a processor must be given. */
  public static int largest(int[] sizes) {
    int max = 1;
    for (int size : sizes) {
      max = Math.max(max, size);
    }
    return max;
  }

  /**
   * Runs a prepared processor over a copy of {@code in}, cut into blocks whose sizes repeat the
   * given pattern, and returns the processed copy.
   */
  public static double[][] run(Processor p, double[][] in, int[] sizes) {
    int channels = in.length;
    int frames = in[0].length;
    double[][] out = new double[channels][];
    for (int c = 0; c < channels; c++) {
      out[c] = in[c].clone();
    }
    double[][] block = new double[channels][largest(sizes)];
    int pos = 0;
    int k = 0;
    while (pos < frames) {
      int len = Math.min(sizes[k++ % sizes.length], frames - pos);
      for (int c = 0; c < channels; c++) {
        System.arraycopy(out[c], pos, block[c], 0, len);
      }
      p.process(block, len);
      for (int c = 0; c < channels; c++) {
        System.arraycopy(block[c], 0, out[c], pos, len);
      }
      pos += len;
    }
    return out;
  }
}
