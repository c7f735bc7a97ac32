package lathe.dsp.meter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lathe.dsp.filter.Biquad;

/**
 * Computes BS.1770-4 / Tech 3342 readings of a whole 48 kHz signal the slow, obvious way: the
 * standard's published 48 kHz coefficients in two generic biquads, every block summed from the
 * samples, gating over the list of all block loudnesses, percentiles by sorting.
 */
final class ReferenceLoudness {
  static final double FS = 48000;

  final double[] blockLufs; // 400 ms blocks every 100 ms
  final double[] shortTermLufs; // 3 s windows every 100 ms
  final double maxMomentaryLufs; // 400 ms windows every 10 ms
  final double maxShortTermLufs; // 3 s windows every 10 ms

  ReferenceLoudness(double[][] x) {
    int n = x[0].length;
    double[] squares = new double[n];
    for (double[] channel : x) {
      double[] y = channel.clone();
      Biquad shelf = new Biquad(1);
      shelf.setCoefficients(
          1.53512485958697,
          -2.69169618940638,
          1.19839281085285,
          -1.69065929318241,
          0.73248077421585);
      Biquad highPass = new Biquad(1);
      highPass.setCoefficients(1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621);
      shelf.process(y, 0, n, 0);
      highPass.process(y, 0, n, 0);
      for (int i = 0; i < n; i++) {
        squares[i] += y[i] * y[i];
      }
    }
    blockLufs = windows(squares, 19200, 4800);
    shortTermLufs = windows(squares, 144000, 4800);
    maxMomentaryLufs = max(windows(squares, 19200, 480));
    maxShortTermLufs = max(windows(squares, 144000, 480));
  }

  private static double[] windows(double[] squares, int length, int hop) {
    List<Double> out = new ArrayList<>();
    for (int end = length; end <= squares.length; end += hop) {
      double sum = 0;
      for (int i = end - length; i < end; i++) {
        sum += squares[i];
      }
      out.add(LoudnessMath.energyToLufs(sum / length));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NEGATIVE_INFINITY);
  }

  /** Returns the energy mean, as loudness, of the values above {@code threshold}. */
  static double meanAbove(double[] lufs, double threshold) {
    double sum = 0;
    int n = 0;
    for (double l : lufs) {
      if (l > threshold) {
        sum += LoudnessMath.lufsToEnergy(l);
        n++;
      }
    }
    return n == 0 ? Double.NEGATIVE_INFINITY : LoudnessMath.energyToLufs(sum / n);
  }

  /** Returns the relative gate of the integrated loudness: 10 LU below the abs-gated mean. */
  double integratedThreshold() {
    return meanAbove(blockLufs, -70) - 10;
  }

  /** Returns the integrated loudness with the relative gate at {@code threshold}. */
  double integratedWithGateAt(double threshold) {
    return meanAbove(blockLufs, Math.max(-70, threshold));
  }

  /** Returns the loudness range with nearest-rank 10th and 95th percentiles. */
  double loudnessRange() {
    double gate = meanAbove(shortTermLufs, -70) - 20;
    double[] kept =
        Arrays.stream(shortTermLufs).filter(l -> l > -70 && l > gate).sorted().toArray();
    if (kept.length == 0) {
      return Double.NaN;
    }
    int n = kept.length;
    return kept[(int) ((n - 1) * 0.95 + 0.5)] - kept[(int) ((n - 1) * 0.10 + 0.5)];
  }
}
