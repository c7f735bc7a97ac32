package lathe.dsp.multiband;

import lathe.dsp.filter.Biquad;

/**
 * Splits a signal into 2 to 4 bands whose sum is an all-pass of flat magnitude.
 *
 * <p>The standard tree: crossover k splits what lies above crossover k - 1 into band k and the
 * rest; band k then passes the all-pass of every later crossover, so all bands carry the same phase
 * and sum to the product of the crossovers' all-passes.
 */
final class CrossoverTree {
  private final Biquad[][] low = new Biquad[MultibandCompressor.MAX_BANDS - 1][2];
  private final Biquad[][] high = new Biquad[MultibandCompressor.MAX_BANDS - 1][2];
  // allPass[k][j]: band k's copy of crossover j's all-pass, for j > k.
  private final Biquad[][] allPass =
      new Biquad[MultibandCompressor.MAX_BANDS - 1][MultibandCompressor.MAX_BANDS - 1];
  private int bands = 2;

  CrossoverTree(int channels) {
    for (int k = 0; k < low.length; k++) {
      for (int s = 0; s < 2; s++) {
        low[k][s] = new Biquad(channels);
        high[k][s] = new Biquad(channels);
      }
      for (int j = 0; j < allPass[k].length; j++) {
        allPass[k][j] = new Biquad(channels);
      }
    }
  }

  /** Sets the number of bands, 2 to 4. */
  void setBands(int count) {
    bands = count;
  }

  /** Sets every section from the crossover frequencies in hertz, already ordered. */
  void design(double[] hertz, double sampleRate) {
    for (int k = 0; k < bands - 1; k++) {
      LinkwitzRileyDesign.lowPass(hertz[k], sampleRate, low[k][0], low[k][1]);
      LinkwitzRileyDesign.highPass(hertz[k], sampleRate, high[k][0], high[k][1]);
      for (int j = k + 1; j < bands - 1; j++) {
        LinkwitzRileyDesign.allPass(hertz[j], sampleRate, allPass[k][j]);
      }
    }
  }

  /**
   * Splits {@code in[from..to)} of one channel into {@code out[band][0..to-from)}.
   *
   * @param out one buffer per band, each at least {@code to - from} long
   */
  void split(double[] in, int from, int to, int channel, double[][] out) {
    int len = to - from;
    double[] rest = out[bands - 1];
    System.arraycopy(in, from, rest, 0, len);
    for (int k = 0; k < bands - 1; k++) {
      double[] band = out[k];
      System.arraycopy(rest, 0, band, 0, len);
      low[k][0].process(band, 0, len, channel);
      low[k][1].process(band, 0, len, channel);
      high[k][0].process(rest, 0, len, channel);
      high[k][1].process(rest, 0, len, channel);
      for (int j = k + 1; j < bands - 1; j++) {
        allPass[k][j].process(band, 0, len, channel);
      }
    }
  }

  /** Clears every section's state. */
  void reset() {
    forEach(Biquad::reset);
  }

  /** Snaps tiny state to zero in every section. */
  void snapDenormals() {
    forEach(Biquad::snapDenormals);
  }

  /** Tells whether every section's state is exactly zero. */
  boolean isSilent() {
    for (int k = 0; k < low.length; k++) {
      for (int s = 0; s < 2; s++) {
        if (!low[k][s].isSilent() || !high[k][s].isSilent()) {
          return false;
        }
      }
      for (Biquad b : allPass[k]) {
        if (!b.isSilent()) {
          return false;
        }
      }
    }
    return true;
  }

  private void forEach(java.util.function.Consumer<Biquad> action) {
    for (int k = 0; k < low.length; k++) {
      for (int s = 0; s < 2; s++) {
        action.accept(low[k][s]);
        action.accept(high[k][s]);
      }
      for (Biquad b : allPass[k]) {
        action.accept(b);
      }
    }
  }
}
