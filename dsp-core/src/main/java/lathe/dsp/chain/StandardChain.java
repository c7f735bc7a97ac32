package lathe.dsp.chain;

import java.util.List;
import lathe.dsp.dither.DitherModule;
import lathe.dsp.dynamics.BusCompressorModule;
import lathe.dsp.dynamics.TruePeakLimiter;
import lathe.dsp.expander.DownwardExpander;
import lathe.dsp.fade.FadeModule;
import lathe.dsp.filter.ParametricEqModule;
import lathe.dsp.filter.PassFilterModule;
import lathe.dsp.gain.TrimModule;
import lathe.dsp.multiband.MultibandCompressor;
import lathe.dsp.saturation.SaturatorModule;
import lathe.dsp.stereo.StereoModule;

/** Builds the mastering chain in the order a mastering engineer patches it. */
public final class StandardChain {
  private StandardChain() {}

  /**
   * Creates the chain: trim, high-pass, low-pass, EQ, true-peak limiter, fades, dither. Every
   * module sits at its default; the defaults are neutral except the limiter (-1 dBTP) and TPDF
   * dither (which acts only when the output has 16 or 24 bits).
   */
  public static MasteringChain create() {
    return new MasteringChain(
        List.of(
            new TrimModule(),
            new PassFilterModule(PassFilterModule.Kind.HIGH_PASS),
            new PassFilterModule(PassFilterModule.Kind.LOW_PASS),
            new ParametricEqModule(),
            new MultibandCompressor(),
            new BusCompressorModule(),
            new DownwardExpander(),
            new SaturatorModule(),
            new StereoModule(),
            new TruePeakLimiter(),
            new FadeModule(),
            new DitherModule()));
  }
}
