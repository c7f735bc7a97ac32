package lathe.dsp.filter;

import java.util.function.Consumer;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;

/** Evaluates filters the slow, obvious way for the tests. */
final class Responses {
  private Responses() {}

  /** Returns |H(e^jw)| in dB of a cascade, by complex evaluation of each section's polynomials. */
  static double cascadeDb(double w, Biquad... sections) {
    double db = 0;
    for (Biquad s : sections) {
      db += sectionDb(w, s.b0(), s.b1(), s.b2(), s.a1(), s.a2());
    }
    return db;
  }

  static double sectionDb(double w, double b0, double b1, double b2, double a1, double a2) {
    double c1 = Math.cos(w);
    double s1 = -Math.sin(w);
    double c2 = Math.cos(2 * w);
    double s2 = -Math.sin(2 * w);
    double nr = b0 + b1 * c1 + b2 * c2;
    double ni = b1 * s1 + b2 * s2;
    double dr = 1 + a1 * c1 + a2 * c2;
    double di = a1 * s1 + a2 * s2;
    return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
  }

  /** Returns |H(jW)| in dB of a rational analog transfer function given by complex evaluation. */
  static double analogDb(double[] num, double[] den, double x) {
    return 20 * Math.log10(polyAbs(num, x) / polyAbs(den, x));
  }

  /** Returns |p(jx)| for p = c[0] s^2 + c[1] s + c[2]. */
  private static double polyAbs(double[] c, double x) {
    double re = c[2] - c[0] * x * x;
    double im = c[1] * x;
    return Math.hypot(re, im);
  }

  /** Returns the steady-state gain in dB of a module for a sine, measured by RMS. */
  static double sineGainDb(Module m, double sampleRate, double hertz, Consumer<Module> setup) {
    int settle = (int) sampleRate;
    int measure = (int) sampleRate / 2;
    ProcessSpec spec = new ProcessSpec(sampleRate, 4096, 1);
    m.prepare(spec);
    setup.accept(m);
    double[][] buf = new double[1][4096];
    double in2 = 0;
    double out2 = 0;
    long n = 0;
    int total = settle + measure;
    while (n < total) {
      int len = (int) Math.min(4096, total - n);
      double[] x = new double[len];
      for (int i = 0; i < len; i++) {
        x[i] = Math.sin(2 * Math.PI * hertz * (n + i) / sampleRate);
        buf[0][i] = x[i];
      }
      m.process(buf, len);
      for (int i = 0; i < len; i++) {
        if (n + i >= settle) {
          in2 += x[i] * x[i];
          out2 += buf[0][i] * buf[0][i];
        }
      }
      n += len;
    }
    return 10 * Math.log10(out2 / in2);
  }

  /** Returns stereo white noise, reproducible. */
  static double[][] noise(int frames, long seed) {
    return BlockRunner.noise(2, frames, seed);
  }

  /** Runs a module over a signal cut into blocks of the given repeating sizes; returns the copy. */
  static double[][] runSplit(Module m, double[][] in, int[] sizes, Consumer<Module> setup) {
    m.prepare(new ProcessSpec(48000, BlockRunner.largest(sizes), 2));
    setup.accept(m);
    return BlockRunner.run(m, in, sizes);
  }
}
