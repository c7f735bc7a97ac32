package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GainComputerTest {
  /** The textbook soft-knee curve, written out region by region as published. */
  private static double textbook(double x, double t, double r, double w) {
    if (2 * (x - t) < -w) {
      return 0;
    }
    if (2 * Math.abs(x - t) <= w) {
      return (1 / r - 1) * Math.pow(x - t + w / 2, 2) / (2 * w);
    }
    return (1 / r - 1) * (x - t);
  }

  @Test
  void curveEqualsTheTextbookFormulaEverywhere() {
    double worst = 0;
    for (double t : new double[] {-60, -40, -18, -6, 0}) {
      for (double r : new double[] {1, 1.5, 2, 3, 4, 8, 20}) {
        for (double w : new double[] {0, 0.5, 3, 6, 12, 24}) {
          for (int k = 0; k <= 2000; k++) {
            double x = -100 + k * 0.06;
            double expected = w == 0 ? (x <= t ? 0 : (1 / r - 1) * (x - t)) : textbook(x, t, r, w);
            double got = GainComputer.gainDb(x, t, r, w);
            worst = Math.max(worst, Math.abs(got - expected));
          }
        }
      }
    }
    assertTrue(worst < 1e-12, "worst deviation " + worst + " dB");
  }

  @Test
  void kneeJoinsBothLinesWithEqualValueAndSlope() {
    double t = -20;
    double r = 4;
    double w = 10;
    double h = 1e-6;
    double top = t + w / 2;
    assertEquals(0.0, GainComputer.gainDb(t - w / 2, t, r, w), 1e-15);
    assertEquals((1 / r - 1) * (w / 2), GainComputer.gainDb(top, t, r, w), 1e-12);
    double slopeInside =
        (GainComputer.gainDb(top, t, r, w) - GainComputer.gainDb(top - h, t, r, w));
    assertEquals((1 / r - 1) * h, slopeInside, 1e-10);
    // Halfway into the knee, at the threshold: a quarter of the ratio's full reduction at W/2.
    assertEquals((1 / r - 1) * w / 8, GainComputer.gainDb(t, t, r, w), 1e-12);
  }

  @Test
  void ratioOneNeverReduces() {
    for (int k = 0; k <= 200; k++) {
      assertEquals(0.0, GainComputer.gainDb(-100 + k, -30, 1, 6));
    }
  }

  @Test
  void levelInDecibelsIsWithinABillionthOfADecibelOfTheLogarithm() {
    Random r = new Random(3);
    double worst = 0;
    for (int i = 0; i < 200000; i++) {
      double level = Math.pow(10, -300 + 310 * r.nextDouble());
      worst = Math.max(worst, Math.abs(GainComputer.levelDb(level) - 20 * Math.log10(level)));
    }
    for (double level : new double[] {1, 2, Math.sqrt(2), 0.5, 0.1, 1e-4, Double.MIN_NORMAL}) {
      worst = Math.max(worst, Math.abs(GainComputer.levelDb(level) - 20 * Math.log10(level)));
    }
    assertTrue(worst < 1e-8, "worst " + worst + " dB");
    assertEquals(0.0, GainComputer.levelDb(1.0));
  }

  @Test
  void gainFromDecibelsIsWithinThreeTenBillionthsOfThePowerOfTen() {
    Random r = new Random(4);
    double worst = 0;
    for (int i = 0; i < 200000; i++) {
      double db = -200 * r.nextDouble();
      worst = Math.max(worst, Math.abs(GainComputer.dbGain(db) / Math.pow(10, db / 20) - 1));
    }
    assertTrue(worst < 3e-10, "worst relative error " + worst);
    assertEquals(1.0, GainComputer.dbGain(0.0));
    assertEquals(1.0, GainComputer.dbGain(-0.0));
    assertEquals(0.0, GainComputer.dbGain(-7000));
  }

  @Test
  void kneeScaleFormAgreesWithTheSlopeForm() {
    double worst = 0;
    for (double t : new double[] {-60, -24, 0}) {
      for (double r : new double[] {1, 2, 3, 20}) {
        for (double w : new double[] {0, 0.5, 6, 24}) {
          double slope = GainComputer.slopeOf(r);
          double scale = GainComputer.kneeScaleOf(slope, w);
          for (int k = 0; k <= 2000; k++) {
            double x = -100 + k * 0.06;
            double exact = GainComputer.gainDbForSlope(x, t, slope, w);
            worst =
                Math.max(
                    worst,
                    Math.abs(GainComputer.gainDbForKneeScale(x, t, slope, w, scale) - exact));
          }
        }
      }
    }
    assertTrue(worst < 1e-12, "worst deviation " + worst + " dB");
  }

  @Test
  void rowFormsGiveTheSameBitsAsTheSingleValueForms() {
    Random r = new Random(5);
    int n = 4099;
    double[] levels = new double[n];
    double[] db = new double[n];
    for (int i = 0; i < n; i++) {
      levels[i] = Math.pow(10, -300 + 310 * r.nextDouble());
      db[i] = -250 * r.nextDouble();
    }
    double[] edgeLevels = {1, 2, Math.sqrt(2), Math.nextUp(Math.sqrt(2)), 0.5, Double.MIN_NORMAL};
    System.arraycopy(edgeLevels, 0, levels, 0, edgeLevels.length);
    double[] edgeDb = {0.0, -0.0, -6020.0, -6030.0, -7000, Double.NEGATIVE_INFINITY, 12.0};
    System.arraycopy(edgeDb, 0, db, 0, edgeDb.length);
    double[] out = new double[n];
    long[] bits = new long[n];
    double[] mantissas = new double[n];
    GainComputer.levelsDb(levels, out, 3, n, bits, mantissas);
    for (int i = 3; i < n; i++) {
      assertEquals(GainComputer.levelDb(levels[i]), out[i], "level " + levels[i]);
    }
    GainComputer.dbGains(db, out, 0, n, bits);
    for (int i = 0; i < n; i++) {
      assertEquals(GainComputer.dbGain(db[i]), out[i], "gain of " + db[i] + " dB");
    }
  }

  /**
   * The row forms of the curve (in vector lanes in the build) give what the curve gives frame by
   * frame, bit for bit: across the knee, exactly at its edges, at 0 and -infinity dB, for NaN and
   * for rows of every length mod 4.
   */
  @Test
  void curveRowsMatchTheCurveFrameByFrameBitForBit() {
    Random r = new Random(9);
    double threshold = -24;
    double ratio = 3;
    double knee = 6;
    double slope = GainComputer.slopeOf(ratio);
    double scale = GainComputer.kneeScaleOf(slope, knee);
    for (int n = 0; n < 40; n++) {
      double[] db = new double[n + 3];
      double[] level = new double[n + 3];
      for (int i = 0; i < db.length; i++) {
        db[i] =
            switch (i % 9) {
              case 0 -> threshold - 3; // the knee's lower edge
              case 1 -> threshold + 3; // its upper edge
              case 2 -> Double.NEGATIVE_INFINITY;
              case 3 -> Double.NaN;
              case 4 -> 0.0;
              default -> -60 + 70 * r.nextDouble();
            };
        level[i] = r.nextDouble() < 0.3 ? 0.01 : r.nextDouble();
      }
      double[] row = db.clone();
      GainComputer.curveRow(row, 3, n + 3, threshold, slope, knee, scale);
      double[] gated = new double[db.length];
      GainComputer.curveRowAboveKnee(
          level, db, gated, 3, n + 3, 0.05, threshold, slope, knee, scale);
      for (int i = 3; i < n + 3; i++) {
        double expected = GainComputer.gainDbForKneeScale(db[i], threshold, slope, knee, scale);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(row[i]));
        double g = level[i] > 0.05 ? expected : 0.0;
        assertEquals(Double.doubleToRawLongBits(g), Double.doubleToRawLongBits(gated[i]));
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(db[i], row[i], 0.0, "untouched before from");
      }
    }
  }
}
