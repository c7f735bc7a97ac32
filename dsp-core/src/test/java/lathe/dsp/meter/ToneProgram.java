package lathe.dsp.meter;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates the test signals of EBU Tech 3341 and 3342: a sine whose peak level (dBFS, per channel)
 * steps through a list of segments, identical on every channel, streamed block by block into
 * meters. The phase runs on across segments; a level of negative infinity is silence.
 */
final class ToneProgram {
  private final double sampleRate;
  private final double hertz;
  private final List<double[]> segments = new ArrayList<>(); // {amplitude, first frame, end frame}
  private long totalFrames;

  ToneProgram(double sampleRate, double hertz) {
    this.sampleRate = sampleRate;
    this.hertz = hertz;
  }

  /** Appends {@code seconds} of the sine at {@code dbfs} peak level (rounded to whole frames). */
  ToneProgram then(double dbfs, double seconds) {
    long frames = Math.round(seconds * sampleRate);
    return thenFrames(dbfs, frames);
  }

  /** Appends {@code frames} frames of the sine at {@code dbfs} peak level. */
  ToneProgram thenFrames(double dbfs, long frames) {
    double amplitude = dbfs == Double.NEGATIVE_INFINITY ? 0.0 : Math.pow(10.0, dbfs / 20.0);
    segments.add(new double[] {amplitude, totalFrames, totalFrames + frames});
    totalFrames += frames;
    return this;
  }

  /** Appends the segments {@code times} times over. */
  ToneProgram repeat(int times, double dbfsA, double secondsA, double dbfsB, double secondsB) {
    for (int i = 0; i < times; i++) {
      then(dbfsA, secondsA);
      then(dbfsB, secondsB);
    }
    return this;
  }

  long totalFrames() {
    return totalFrames;
  }

  /** Writes frames {@code [start, start + n)} of the signal into {@code out[0..n)}. */
  void render(long start, double[] out, int n) {
    double w = 2.0 * Math.PI * hertz / sampleRate;
    long second = Math.round(sampleRate);
    int s = 0;
    for (int i = 0; i < n; i++) {
      long f = start + i;
      while (s < segments.size() - 1 && f >= (long) segments.get(s)[2]) {
        s++;
      }
      double a = f < totalFrames ? segments.get(s)[0] : 0.0;
      // Whole seconds hold whole cycles of an integer frequency, so the phase is reduced exactly.
      out[i] = a * Math.sin(w * (f % second));
    }
  }

  /** Streams the whole signal, identical on {@code channels} channels, into the consumer. */
  void stream(int channels, int blockFrames, FrameConsumer consumer) {
    double[] block = new double[blockFrames];
    double[][] x = new double[channels][];
    for (int c = 0; c < channels; c++) {
      x[c] = block;
    }
    for (long start = 0; start < totalFrames; start += blockFrames) {
      int n = (int) Math.min(blockFrames, totalFrames - start);
      render(start, block, n);
      consumer.accept(x, n, start);
    }
  }

  /** Receives one block of a streamed signal. */
  interface FrameConsumer {
    void accept(double[][] x, int frames, long startFrame);
  }
}
