package lathe.dsp.saturation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AliasSpectrumTest {
  @Test
  void readsAKnownToneAndAKnownAliasAtTheirLevels() {
    int n = 65536;
    int tone = 6827;
    int alias = 1234; // not near any multiple of the tone
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          0.9 * Math.sin(2 * Math.PI * tone * i / n)
              + 0.1 * Math.sin(2 * Math.PI * 2 * tone * i / n + 1)
              + 1e-5 * Math.cos(2 * Math.PI * alias * i / n);
    }
    double[] a = AliasSpectrum.amplitudes(x);
    assertEquals(0.9, a[tone], 1e-12);
    assertEquals(0.1, a[2 * tone], 1e-12);
    assertEquals(-100.0, AliasSpectrum.largestAliasDbfs(a, tone), 1e-6);
  }

  @Test
  void windowLeavesNoLeakageBeyondThreeBinsOfACoherentTone() {
    int n = 4096;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(2 * Math.PI * 300 * i / n);
    }
    double worst = AliasSpectrum.largestAliasDbfs(AliasSpectrum.amplitudes(x), 300);
    assertEquals(true, worst < -250, "floor " + worst);
  }
}
