package lathe.dsp.multiband;

import lathe.dsp.ProcessSpec;
import lathe.dsp.param.ParamSpec;

/** Sets up multiband compressors and measures them the slow, obvious way for the tests. */
final class Mbc {
  private Mbc() {}

  /** Returns the index of a parameter by its id. */
  static int index(String id) {
    java.util.List<ParamSpec> specs = MultibandCompressor.specs();
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException(id);
  }

  /** Sets a parameter by id, clamped as the chain would. */
  static void set(MultibandCompressor m, String id, double value) {
    int i = index(id);
    m.setParameter(i, m.params().get(i).clamp(value));
  }

  /** Sets a band's parameter ({@code threshold}, {@code ratio}...) by its short name. */
  static void band(MultibandCompressor m, int band, String name, double value) {
    set(m, "mbc.band" + band + "." + name, value);
  }

  /** Sets the band count (2..4) and the three crossovers. */
  static void layout(MultibandCompressor m, int bands, double c1, double c2, double c3) {
    set(m, "mbc.bands", bands - 2);
    set(m, "mbc.crossover1", c1);
    set(m, "mbc.crossover2", c2);
    set(m, "mbc.crossover3", c3);
  }

  /** Returns the mono impulse response of a module already set up, prepared at the given rate. */
  static double[] impulseResponse(MultibandCompressor m, double rate, int frames) {
    m.prepare(new ProcessSpec(rate, 4096, 1));
    double[] h = new double[frames];
    h[0] = 1.0;
    double[][] block = new double[1][4096];
    for (int pos = 0; pos < frames; pos += 4096) {
      int len = Math.min(4096, frames - pos);
      System.arraycopy(h, pos, block[0], 0, len);
      m.process(block, len);
      System.arraycopy(block[0], 0, h, pos, len);
    }
    return h;
  }

  /** Returns |DFT of h| at a frequency in dB, by a rotating phasor. */
  static double magnitudeDb(double[] h, double hertz, double rate) {
    double w = 2 * Math.PI * hertz / rate;
    double cr = Math.cos(w);
    double ci = -Math.sin(w);
    double pr = 1;
    double pi = 0;
    double re = 0;
    double im = 0;
    for (double v : h) {
      re += v * pr;
      im += v * pi;
      double t = pr * cr - pi * ci;
      pi = pr * ci + pi * cr;
      pr = t;
    }
    return 10 * Math.log10(re * re + im * im);
  }

  /** Returns the amplitude of the component at a frequency over a whole number of its cycles. */
  static double amplitude(double[] x, int from, int to, double hertz, double rate) {
    double re = 0;
    double im = 0;
    for (int i = from; i < to; i++) {
      double ph = 2 * Math.PI * hertz * i / rate;
      re += x[i] * Math.cos(ph);
      im += x[i] * Math.sin(ph);
    }
    return 2 * Math.hypot(re, im) / (to - from);
  }

  /** Returns the textbook soft-knee static gain in dB (Giannoulis, Massberg, Reiss 2012). */
  static double textbookGainDb(double levelDb, double threshold, double ratio, double knee) {
    double y;
    if (2 * (levelDb - threshold) < -knee) {
      y = levelDb;
    } else if (2 * Math.abs(levelDb - threshold) <= knee) {
      double d = levelDb - threshold + knee / 2;
      y = levelDb + (1 / ratio - 1) * d * d / (2 * knee);
    } else {
      y = threshold + (levelDb - threshold) / ratio;
    }
    return y - levelDb;
  }

  /** Returns |H| in dB of a Linkwitz-Riley 24 dB/oct side at the bilinear-prewarped frequency. */
  static double linkwitzRileyDb(boolean high, double hertz, double crossover, double rate) {
    double r = Math.tan(Math.PI * hertz / rate) / Math.tan(Math.PI * crossover / rate);
    double r4 = Math.pow(r, 4);
    return 20 * Math.log10(high ? r4 / (1 + r4) : 1 / (1 + r4));
  }
}
