package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GainComputerSeriesTest {
  @Test
  void fusedSeriesStaysWithinThreeTenBillionthsOverTheWholeGainRange() {
    // Every remainder of an octave, swept finely, and random gains from -200 dB to +48 dB.
    double worst = 0;
    for (int i = 0; i <= 400000; i++) {
      double db = -6.03 + 12.06 * i / 400000.0;
      worst = Math.max(worst, Math.abs(GainComputer.dbGain(db) / Math.pow(10, db / 20) - 1));
    }
    Random r = new Random(11);
    for (int i = 0; i < 200000; i++) {
      double db = -200 + 248 * r.nextDouble();
      worst = Math.max(worst, Math.abs(GainComputer.dbGain(db) / Math.pow(10, db / 20) - 1));
    }
    assertTrue(worst < 3e-10, "worst relative error " + worst);
  }

  @Test
  void rowFormSilencesExactlyBelowAThousandOctaves() {
    double edge = -1000.0 * 20 * Math.log10(2.0);
    double[] db = {
      Math.nextUp(edge), edge, Math.nextDown(edge), edge - 1, edge + 1, -6020.0, -6021.0, 24.0
    };
    double[] out = new double[db.length];
    GainComputer.dbGains(db, out, 0, db.length, new long[db.length]);
    for (int i = 0; i < db.length; i++) {
      assertEquals(GainComputer.dbGain(db[i]), out[i], "gain of " + db[i] + " dB");
    }
  }
}
