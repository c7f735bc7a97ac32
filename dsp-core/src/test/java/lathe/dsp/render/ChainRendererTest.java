package lathe.dsp.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.DelayLine;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.Module;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainRendererTest {
  /** A module that is only a delay, so the compensated render must equal the input. */
  static final class Delay extends Module {
    private final int frames;
    private DelayLine line;

    Delay(int frames) {
      super("delay", List.of());
      this.frames = frames;
    }

    @Override
    public void setParameter(int index, double value) {}

    @Override
    public void prepare(ProcessSpec spec) {
      line = new DelayLine(spec.channels(), frames);
    }

    @Override
    public void process(double[][] channels, int n) {
      line.process(channels, n);
    }

    @Override
    public void reset() {
      line.reset();
    }

    @Override
    public int latencyFrames() {
      return frames;
    }
  }

  @ParameterizedTest
  @CsvSource({"0,512,1000", "72,512,1000", "72,64,1", "600,256,5000", "72,512,512", "3,1,17"})
  void compensatedRenderEqualsTheInputFrameForFrame(int latency, int block, int length)
      throws Exception {
    MasteringChain chain = new MasteringChain(List.of(new Delay(latency)));
    chain.prepare(new ProcessSpec(44100, block, 2));
    Random r = new Random(latency * 31L + length);
    double[][] in = new double[2][length];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < length; i++) {
        in[c][i] = r.nextGaussian();
      }
    }
    int[] pos = {0};
    // The source hands out ragged reads (at most 37 frames) to exercise the block filling.
    FrameSource source =
        (dest, max) -> {
          int n = Math.min(Math.min(max, 37), length - pos[0]);
          for (int c = 0; c < 2; c++) {
            System.arraycopy(in[c], pos[0], dest[c], 0, n);
          }
          pos[0] += n;
          return n;
        };
    List<double[]> out = new ArrayList<>();
    FrameSink sink =
        (src, off, n) -> {
          for (int i = 0; i < n; i++) {
            out.add(new double[] {src[0][off + i], src[1][off + i]});
          }
        };
    long written = new ChainRenderer(chain, 2, block).render(source, sink, length, null);
    assertEquals(length, written);
    assertEquals(length, out.size());
    double[] left = out.stream().mapToDouble(f -> f[0]).toArray();
    double[] right = out.stream().mapToDouble(f -> f[1]).toArray();
    assertArrayEquals(in[0], left);
    assertArrayEquals(in[1], right);
  }
}
