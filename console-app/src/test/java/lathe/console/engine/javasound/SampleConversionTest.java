package lathe.console.engine.javasound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleConversionTest {
  /** Returns the signed little-endian integer the format holds at sample {@code index}. */
  private static long sampleAt(byte[] bytes, int bytesPerSample, int index) {
    long v = 0;
    for (int b = bytesPerSample - 1; b >= 0; b--) {
      v = (v << 8) | (bytes[index * bytesPerSample + b] & 0xff);
    }
    long sign = 1L << (8 * bytesPerSample - 1);
    return (v ^ sign) - sign;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void encodesRoundedClampedInterleavedLittleEndian(int bytesPerSample) {
    double scale = Math.pow(2, 8 * bytesPerSample - 1);
    long max = (long) scale - 1;
    double[] left = {0.0, 0.5, -1.0, 1.0, 1.5, -1.5, 1.4 / scale, 1.6 / scale, -2.6 / scale};
    double[] right = {Double.NaN, -0.25, 0.75, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0};
    long[] expectedLeft = {0, (long) (scale / 2), -(long) scale, max, max, -(long) scale, 1, 2, -3};
    long[] expectedRight = {0, -(long) (scale / 4), (long) (scale * 3 / 4), max, 0, 0, 0, 0, 0};
    int frames = left.length;
    byte[] bytes = new byte[frames * 2 * bytesPerSample];

    JavaSoundBackend.encode(new double[][] {left, right}, frames, bytes, bytesPerSample);

    long[] gotLeft = new long[frames];
    long[] gotRight = new long[frames];
    for (int f = 0; f < frames; f++) {
      gotLeft[f] = sampleAt(bytes, bytesPerSample, 2 * f);
      gotRight[f] = sampleAt(bytes, bytesPerSample, 2 * f + 1);
    }
    assertArrayEquals(expectedLeft, gotLeft);
    assertArrayEquals(expectedRight, gotRight);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void decodeInvertsEncodeToTheNearestStep(int bytesPerSample) {
    double scale = Math.pow(2, 8 * bytesPerSample - 1);
    int frames = 999;
    double[][] planes = new double[2][frames];
    for (int f = 0; f < frames; f++) {
      planes[0][f] = Math.sin(f * 0.013) * 0.999;
      planes[1][f] = (f - 500) / 500.0;
    }
    byte[] bytes = new byte[frames * 2 * bytesPerSample];
    double[][] back = new double[2][frames];

    JavaSoundBackend.encode(planes, frames, bytes, bytesPerSample);
    JavaSoundBackend.decode(bytes, bytesPerSample, back, frames);

    for (int c = 0; c < 2; c++) {
      for (int f = 0; f < frames; f++) {
        double expected = Math.min(Math.round(planes[c][f] * scale), scale - 1) / scale;
        assertEquals(expected, back[c][f], 0.0, "channel " + c + " frame " + f);
      }
    }
  }
}
