package lathe.dsp.saturation;

import static lathe.dsp.saturation.SaturatorRig.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Consumer;
import lathe.dsp.Allocations;
import lathe.dsp.BlockRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests what both oversampling phases of the saturator must do alike. */
class SaturatorBothPhasesTest {
  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void curveOffIsTheInputDelayedBitForBit(int phase) {
    for (int f = 0; f < 3; f++) {
      int factor = f;
      SaturatorModule m =
          SaturatorRig.prepared(phase, 48000, 999, 2, s -> s.setParameter(OVERSAMPLING, factor));
      double[][] in = BlockRunner.noise(2, 10000, 3);
      in[0][5] = 1e-310;
      in[1][7] = -0.0;
      double[][] out = BlockRunner.run(m, in, new int[] {999, 1, 64});
      int lat = m.latencyFrames();
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < in[c].length; i++) {
          double expected = i < lat ? 0.0 : in[c][i - lat];
          assertEquals(
              Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(out[c][i]),
              "at " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void outputDoesNotDependOnBlockSizes(int phase) {
    double[][] in = BlockRunner.noise(2, 20000, 7);
    Consumer<SaturatorModule> setup =
        s -> {
          s.setParameter(CURVE, SaturationCurve.TUBE.ordinal());
          s.setParameter(MIX, 70);
        };
    int[][] splits = {
      {20000}, {1}, {2}, {31}, {64}, {65}, {999}, {4095}, {1, 2, 31, 64, 65, 999, 4095}
    };
    double[][] ref = null;
    for (int[] sizes : splits) {
      SaturatorModule m = SaturatorRig.prepared(phase, 48000, BlockRunner.largest(sizes), 2, setup);
      m.setParameter(DRIVE, 18);
      m.setParameter(OUTPUT, -6);
      double[][] first = BlockRunner.run(m, slice(in, 0, 8000), sizes);
      m.setParameter(CURVE, SaturationCurve.TAPE.ordinal());
      m.setParameter(MIX, 100);
      double[][] second = BlockRunner.run(m, slice(in, 8000, 16000), sizes);
      m.setParameter(CURVE, SaturationCurve.OFF.ordinal());
      double[][] third = BlockRunner.run(m, slice(in, 16000, 20000), sizes);
      double[][] out = new double[2][];
      for (int c = 0; c < 2; c++) {
        out[c] = concat(concat(first[c], second[c]), third[c]);
      }
      if (ref == null) {
        ref = out;
      } else {
        for (int c = 0; c < 2; c++) {
          assertArrayEquals(ref[c], out[c], "split " + sizes[0] + " channel " + c);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void nanAndInfinityInputRecoverWithFiniteOutput(int phase) {
    for (SaturationCurve curve : CURVES) {
      SaturatorModule m =
          SaturatorRig.prepared(
              phase,
              48000,
              512,
              2,
              s -> {
                s.setParameter(CURVE, curve.ordinal());
                s.setParameter(DRIVE, 24);
                s.setParameter(MIX, 60);
              });
      double[][] x = new double[2][512];
      for (int b = 0; b < 20; b++) {
        for (int i = 0; i < 512; i++) {
          x[0][i] = b == 6 ? 1e-310 : Math.sin(i * 0.1);
          x[1][i] =
              b == 3 && i == 7
                  ? Double.NaN
                  : b == 4 ? Double.POSITIVE_INFINITY : b == 5 ? -1e300 : 0.5;
        }
        m.process(x, 512);
        for (int c = 0; c < 2; c++) {
          for (double v : x[c]) {
            assertTrue(Double.isFinite(v) && Math.abs(v) < 10, curve + " block " + b + ": " + v);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void impulseThenTenSecondsOfSilenceGiveExactZeros(int phase) {
    for (SaturationCurve curve : CURVES) {
      for (int f = 0; f < 3; f++) {
        int factor = f;
        SaturatorModule m =
            SaturatorRig.prepared(
                phase,
                48000,
                4800,
                2,
                s -> {
                  s.setParameter(CURVE, curve.ordinal());
                  s.setParameter(OVERSAMPLING, factor);
                  s.setParameter(MIX, 50);
                });
        double[][] x = new double[2][4800];
        x[0][0] = 1;
        x[1][0] = -1;
        m.process(x, 4800);
        for (int b = 0; b < 100; b++) {
          java.util.Arrays.fill(x[0], 0);
          java.util.Arrays.fill(x[1], 0);
          m.process(x, 4800);
        }
        for (int c = 0; c < 2; c++) {
          for (double v : x[c]) {
            assertEquals(0.0, v, 0.0, curve + " " + (2 << f) + "x");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void tubeOutputHasNoDc(int phase) {
    SaturatorModule m =
        SaturatorRig.prepared(
            phase,
            48000,
            1000,
            1,
            s -> {
              s.setParameter(CURVE, SaturationCurve.TUBE.ordinal());
              s.setParameter(DRIVE, 12);
            });
    double[] out = runMono(m, sine(96000, 1.0, 1000, 48000), 1000);
    double mean = 0;
    for (int i = 48000; i < 96000; i++) {
      mean += out[i];
    }
    mean /= 48000;
    assertTrue(Math.abs(mean) < 1e-6, "mean " + mean);
  }

  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void processingAllocatesNothingWhileParametersMove(int phase) {
    SaturatorModule m =
        SaturatorRig.prepared(
            phase, 48000, 512, 2, s -> s.setParameter(CURVE, SaturationCurve.TUBE.ordinal()));
    double[][] x = BlockRunner.noise(2, 512, 1);
    int[] call = {0};
    long bytes =
        Allocations.steadyState(
            200,
            () -> {
              int k = call[0]++;
              m.setParameter(DRIVE, k % 25);
              m.setParameter(OUTPUT, -(k % 7));
              m.setParameter(MIX, k % 101);
              if (k % 40 == 0) {
                m.setParameter(CURVE, (k / 40) % 4);
              }
              m.process(x, 512);
            });
    assertEquals(0, bytes);
  }

  /** Steps each parameter while a low sine plays; the largest jump stays near the steady one's. */
  @ParameterizedTest
  @ValueSource(ints = {LINEAR, MINIMUM})
  void parameterStepsDoNotClick(int phase) {
    double rate = 48000;
    double[] tone = sine(48000, 0.5, 100, rate);
    for (int param : new int[] {DRIVE, OUTPUT, MIX, CURVE, -1}) {
      SaturatorModule m =
          SaturatorRig.prepared(
              phase,
              rate,
              480,
              1,
              s -> {
                s.setParameter(CURVE, SaturationCurve.TAPE.ordinal());
                s.setParameter(DRIVE, param == DRIVE ? 0 : 12);
                s.setParameter(OUTPUT, param == OUTPUT ? -24 : 0);
                s.setParameter(MIX, param == MIX ? 0 : 100);
              });
      double[][] buf = new double[1][480];
      double[] out = new double[tone.length];
      for (int b = 0; b < 100; b++) {
        if (b == 40) {
          switch (param) {
            case DRIVE -> m.setParameter(DRIVE, 24);
            case OUTPUT -> m.setParameter(OUTPUT, 6);
            case MIX -> m.setParameter(MIX, 100);
            case CURVE -> m.setParameter(CURVE, SaturationCurve.TUBE.ordinal());
            default -> m.setParameter(CURVE, SaturationCurve.OFF.ordinal());
          }
        }
        System.arraycopy(tone, b * 480, buf[0], 0, 480);
        m.process(buf, 480);
        System.arraycopy(buf[0], 0, out, b * 480, 480);
      }
      double during = maxJump(out, 19000, 24000);
      double settled = Math.max(maxJump(out, 8000, 19000), maxJump(out, 30000, 48000));
      assertTrue(
          during <= 1.1 * settled,
          String.format(
              Locale.ROOT, "param %d: jump %.4f vs settled %.4f", param, during, settled));
    }
  }

  private static double maxJump(double[] y, int from, int to) {
    double worst = 0;
    for (int i = from + 1; i < to; i++) {
      worst = Math.max(worst, Math.abs(y[i] - y[i - 1]));
    }
    return worst;
  }
}
