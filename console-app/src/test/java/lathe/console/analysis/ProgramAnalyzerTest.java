package lathe.console.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Random;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramAnalyzerTest {
  @TempDir Path dir;

  private static double[][] sine(int channels, double rate, double hertz, double dbfs, int n) {
    double a = Math.pow(10, dbfs / 20);
    double[][] x = new double[channels][n];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        x[c][i] = a * Math.sin(2 * Math.PI * hertz * i / rate);
      }
    }
    return x;
  }

  private static double[][] noise(int channels, int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[channels][n];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        // A slow swell so the loudness range and the maxima are not trivial.
        double level = 0.05 + 0.2 * (1 + Math.sin(2 * Math.PI * i / (7.3 * 48000)));
        x[c][i] = level * r.nextGaussian();
      }
    }
    return x;
  }

  /**
   * EBU Tech 3341 case 1: a 1 kHz sine at -23 dBFS in both channels reads -23 LUFS; its true peak
   * is its amplitude, so PLR is 0 dB. The maxima of a steady tone equal the integrated loudness.
   */
  @Test
  void stereoSineAtMinus23DbfsReadsMinus23Lufs() {
    ProgramAnalyzer a = new ProgramAnalyzer(2, 48000);
    double[][] x = sine(2, 48000, 1000, -23, 20 * 48000);
    a.add(x, 0, x[0].length);
    LoudnessStats s = a.stats();
    assertEquals(-23.0, s.integratedLufs(), 0.1);
    assertEquals(0.0, s.loudnessRangeLu(), 0.1);
    assertEquals(-23.0, s.truePeakDbtp(), 0.05);
    assertEquals(-23.0, s.samplePeakDbfs(), 0.01);
    assertEquals(-23.0, s.maxMomentaryLufs(), 0.1);
    assertEquals(-23.0, s.maxShortTermLufs(), 0.1);
    assertEquals(s.truePeakDbtp() - s.integratedLufs(), s.plrDb(), 1e-12);
    assertEquals(0.0, s.plrDb(), 0.15);
  }

  /** A mono channel has weight 1 (BS.1770-4), so the same sine in mono reads 3.01 LU lower. */
  @Test
  void monoSineReadsThreeDecibelsBelowStereo() {
    ProgramAnalyzer a = new ProgramAnalyzer(1, 44100);
    double[][] x = sine(1, 44100, 1000, -23, 10 * 44100);
    a.add(x, 0, x[0].length);
    assertEquals(-23.0 - 10 * Math.log10(2), a.stats().integratedLufs(), 0.1);
    assertEquals(10 * Math.log10(2), a.stats().plrDb(), 0.15);
  }

  @Test
  void silenceGivesNullsNotInfinities() {
    ProgramAnalyzer a = new ProgramAnalyzer(2, 48000);
    a.add(new double[2][48000 * 5], 0, 48000 * 5);
    assertEquals(new LoudnessStats(null, null, null, null, null, null, null), a.stats());
    assertEquals(
        new LoudnessStats(null, null, null, null, null, null, null),
        new ProgramAnalyzer(1, 48000).stats(),
        "nothing added at all");
  }

  @Test
  void plrIsNullWhenEitherSideIsMissing() {
    LoudnessStats s =
        LoudnessStats.of(
            Double.NEGATIVE_INFINITY, Double.NaN, -1.0, -1.5, -50.0, Double.NEGATIVE_INFINITY);
    assertNull(s.integratedLufs());
    assertNull(s.loudnessRangeLu());
    assertNull(s.maxShortTermLufs());
    assertNull(s.plrDb());
    assertEquals(-1.0, s.truePeakDbtp());
    assertEquals(15.5, LoudnessStats.of(-14, 5, 1.5, 1, -10, -12).plrDb());
  }

  /** Frames handed over at offsets and in odd splits give exactly what one whole block gives. */
  @Test
  void offsetsAndBlockSplitsDoNotChangeTheFigures() {
    int n = 12 * 48000;
    double[][] x = noise(2, n, 3);
    ProgramAnalyzer whole = new ProgramAnalyzer(2, 48000);
    whole.add(x, 0, n);
    int[] splits = {1, 2, 31, 64, 65, 999, 4095, 4096, 4097, 20000};
    ProgramAnalyzer split = new ProgramAnalyzer(2, 48000);
    int pos = 0;
    for (int k = 0; pos < n; k++) {
      int m = Math.min(splits[k % splits.length], n - pos);
      split.add(x, pos, m);
      pos += m;
    }
    assertEquals(whole.stats(), split.stats());
    assertTrue(whole.stats().loudnessRangeLu() > 1, "the swell gives a real range");
  }

  /** The analyzer may sit on a render's audio path: after warm-up, add() allocates nothing. */
  @Test
  void addAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[][] x = noise(2, 48000, 5);
    ProgramAnalyzer a = new ProgramAnalyzer(2, 48000);
    for (int i = 0; i < 200; i++) {
      a.add(x, 1 + i % 7, 4000);
      a.add(x, 0, 512);
    }
    long id = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 2000; i++) {
      a.add(x, 1 + i % 7, 4000);
      a.add(x, 0, 512);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertEquals(0, allocated, "bytes allocated by 4000 add() calls");
  }

  /** The file convenience streams the file and agrees with the samples added by hand. */
  @Test
  void analyzeFileAgreesWithTheSamples() throws Exception {
    int n = 6 * 44100 + 123;
    double[][] x = noise(2, n, 9);
    Path file = dir.resolve("noise.wav");
    try (AudioFileWriter w = AudioFileWriter.create(file, 44100, 2, SampleFormat.FLOAT_32)) {
      w.write(x, 0, n);
      w.commit();
    }
    ProgramAnalyzer a = new ProgramAnalyzer(2, 44100);
    for (double[] ch : x) {
      for (int i = 0; i < n; i++) {
        ch[i] = (float) ch[i];
      }
    }
    a.add(x, 0, n);
    assertEquals(a.stats(), ProgramAnalyzer.analyze(file));
  }
}
