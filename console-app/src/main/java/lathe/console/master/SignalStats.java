package lathe.console.master;

import lathe.dsp.meter.TruePeakMeter;

/** Accumulates the peak and level figures of one side of a render (input or output). */
final class SignalStats {
  private final TruePeakMeter truePeak;
  private final int channels;
  private double sumSquares;
  private long frames;

  SignalStats(int channels, double sampleRate) {
    this.channels = channels;
    this.truePeak = new TruePeakMeter(channels, sampleRate);
  }

  void add(double[][] x, int offset, int n) {
    if (n <= 0) {
      return;
    }
    if (offset == 0) {
      truePeak.addFrames(x, n);
    } else {
      double[][] view = new double[channels][];
      for (int c = 0; c < channels; c++) {
        view[c] = java.util.Arrays.copyOfRange(x[c], offset, offset + n);
      }
      truePeak.addFrames(view, n);
    }
    double s = 0;
    for (int c = 0; c < channels; c++) {
      double[] ch = x[c];
      for (int i = offset; i < offset + n; i++) {
        s += ch[i] * ch[i];
      }
    }
    sumSquares += s;
    frames += n;
  }

  double truePeakDbtp() {
    return truePeak.truePeakDbtp();
  }

  double samplePeakDbfs() {
    return truePeak.samplePeakDbfs();
  }

  /** Returns the RMS level over all channels in dBFS, where a full-scale sine reads -3.01. */
  double rmsDbfs() {
    if (frames == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return 10 * Math.log10(sumSquares / ((double) frames * channels));
  }
}
