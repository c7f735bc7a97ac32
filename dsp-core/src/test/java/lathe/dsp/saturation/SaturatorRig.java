package lathe.dsp.saturation;

import java.util.Arrays;
import java.util.function.Consumer;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;

/** Holds what the saturator's tests share: parameter indices, set-up, signals and measurements. */
final class SaturatorRig {
  static final int CURVE = 0;
  static final int DRIVE = 1;
  static final int OUTPUT = 2;
  static final int MIX = 3;
  static final int OVERSAMPLING = 4;
  static final int PHASE = 5;

  /** The value of {@code sat.phase} for linear-phase oversampling. */
  static final int LINEAR = 0;

  /** The value of {@code sat.phase} for minimum-phase oversampling. */
  static final int MINIMUM = 1;

  static final SaturationCurve[] CURVES = {
    SaturationCurve.TAPE, SaturationCurve.TUBE, SaturationCurve.SOFT_CLIP
  };

  private SaturatorRig() {}

  /** Returns a prepared saturator with the given oversampling phase, set up before prepare. */
  static SaturatorModule prepared(
      int phase, double rate, int maxFrames, int channels, Consumer<SaturatorModule> setup) {
    SaturatorModule m = new SaturatorModule();
    m.setParameter(PHASE, phase);
    setup.accept(m);
    m.prepare(new ProcessSpec(rate, maxFrames, channels));
    return m;
  }

  static double[] sine(int frames, double amplitude, double hertz, double rate) {
    double[] x = new double[frames];
    for (int i = 0; i < frames; i++) {
      x[i] = amplitude * Math.sin(2 * Math.PI * hertz * i / rate);
    }
    return x;
  }

  static double[] runMono(SaturatorModule m, double[] in, int block) {
    return BlockRunner.run(m, new double[][] {in}, new int[] {block})[0];
  }

  static double[][] slice(double[][] x, int from, int to) {
    double[][] r = new double[x.length][];
    for (int c = 0; c < x.length; c++) {
      r[c] = Arrays.copyOfRange(x[c], from, to);
    }
    return r;
  }

  static double[] concat(double[] a, double[] b) {
    double[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** Returns the largest aliased component, in dBFS, of a 0 dBFS tone near 5 kHz driven +12 dB. */
  static double largestAliasDbfs(int phase, SaturationCurve curve, int factorIndex) {
    int n = 65536;
    int toneBin = 6827; // 5000.24 Hz at 48 kHz: on a bin, coprime with n, so no two parts collide
    double hertz = toneBin * 48000.0 / n;
    int settle = 32768;
    SaturatorModule m =
        prepared(
            phase,
            48000,
            4096,
            1,
            s -> {
              s.setParameter(CURVE, curve.ordinal());
              s.setParameter(DRIVE, 12);
              s.setParameter(OVERSAMPLING, factorIndex);
            });
    double[] out = runMono(m, sine(settle + n, 1.0, hertz, 48000), 4096);
    double[] record = Arrays.copyOfRange(out, settle, settle + n);
    return AliasSpectrum.largestAliasDbfs(AliasSpectrum.amplitudes(record), toneBin);
  }
}
