package lathe.dsp.chain;

/** Delays every channel by a fixed number of frames; bit-exact. */
public final class DelayLine {
  private final int delayFrames;
  private final double[][] ring;
  private int writeIndex;

  /** Creates a delay of {@code delayFrames} frames for {@code channels} channels. */
  public DelayLine(int channels, int delayFrames) {
    this.delayFrames = delayFrames;
    this.ring = new double[channels][Math.max(1, delayFrames)];
  }

  /** Returns the delay in frames. */
  public int delayFrames() {
    return delayFrames;
  }

  /** Delays {@code frames} frames of every channel in place. */
  public void process(double[][] channels, int frames) {
    if (delayFrames == 0) {
      return;
    }
    int w = 0;
    for (int c = 0; c < ring.length; c++) {
      double[] r = ring[c];
      double[] x = channels[c];
      w = writeIndex;
      for (int i = 0; i < frames; i++) {
        double delayed = r[w];
        r[w] = x[i];
        x[i] = delayed;
        if (++w == delayFrames) {
          w = 0;
        }
      }
    }
    writeIndex = w;
  }

  /**
   * Takes {@code frames} frames of every channel into the delay without producing its output, in at
   * most two copies per channel: afterwards the delay holds what {@link #process} would have left
   * in it. For a path that only needs the delayed signal later (the dry path of a module that is
   * not crossfading).
   */
  public void push(double[][] channels, int frames) {
    if (delayFrames == 0) {
      return;
    }
    int skip = Math.max(0, frames - delayFrames); // older frames would leave the delay anyway
    int start = (int) ((writeIndex + (long) skip) % delayFrames);
    int count = frames - skip;
    int first = Math.min(count, delayFrames - start);
    for (int c = 0; c < ring.length; c++) {
      double[] r = ring[c];
      double[] x = channels[c];
      System.arraycopy(x, skip, r, start, first);
      System.arraycopy(x, skip + first, r, 0, count - first);
    }
    writeIndex = (int) ((writeIndex + (long) frames) % delayFrames);
  }

  /** Fills the delay with silence. */
  public void reset() {
    for (double[] r : ring) {
      java.util.Arrays.fill(r, 0.0);
    }
    writeIndex = 0;
  }
}
