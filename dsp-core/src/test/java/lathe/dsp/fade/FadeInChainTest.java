package lathe.dsp.fade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.gain.TrimModule;
import org.junit.jupiter.api.Test;

class FadeInChainTest {
  @Test
  void chainDeliversParametersAndTimeline() {
    MasteringChain chain = new MasteringChain(List.of(new TrimModule(), new FadeModule()));
    chain.set("fade.in", 0.5);
    chain.set("fade.in.curve", FadeModule.IN_CURVE.parse("linear"));
    chain.set("fade.out", 0.25);
    chain.set("fade.out.curve", FadeModule.OUT_CURVE.parse("linear"));
    chain.prepare(new ProcessSpec(48000, 512, 1));
    long program = 48000;
    chain.setTimeline(program);
    double[] g = new double[(int) program + 1000];
    double[][] buf = new double[1][512];
    for (int done = 0; done < g.length; done += 512) {
      int n = Math.min(512, g.length - done);
      Arrays.fill(buf[0], 0, n, 1.0);
      chain.process(buf, n);
      System.arraycopy(buf[0], 0, g, done, n);
    }
    assertEquals(0.0, g[0]);
    assertEquals(0.5, g[12000], 1e-15, "linear fade-in of 24000 frames, half way");
    assertEquals(1.0, g[30000]);
    assertEquals(0.5, g[47999 - 6000], 1e-15, "linear fade-out of 12000 frames, half way");
    assertEquals(0.0, g[47999]);
    assertEquals(0.0, g[48500]);
  }
}
