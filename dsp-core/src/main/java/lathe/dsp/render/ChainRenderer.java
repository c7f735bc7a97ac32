package lathe.dsp.render;

import java.io.IOException;
import lathe.dsp.chain.MasteringChain;

/**
 * Renders material through a prepared chain as fast as the CPU allows, with the chain's latency
 * compensated: the output has exactly as many frames as the input and is aligned with it.
 *
 * <p>The first {@link MasteringChain#latencyFrames()} frames that leave the chain are dropped, and
 * as many frames of silence are fed after the material to flush the look-ahead. Blocks are the size
 * the chain was prepared for, so the same chain gives the same samples live and offline.
 */
public final class ChainRenderer {
  /** Receives progress reports during a render. */
  @FunctionalInterface
  public interface Progress {
    /** Reports that {@code framesDone} of {@code framesTotal} input frames have been rendered. */
    void update(long framesDone, long framesTotal);
  }

  private final MasteringChain chain;
  private final int channels;
  private final int blockFrames;
  private final double[][] block;
  // Receives a short read when a source returns less than a block, before it joins the block.
  private final double[][] view;

  /**
   * Creates a renderer for a chain already prepared with the given channel count and block size.
   *
   * @param chain the prepared chain
   * @param channels number of channels of the material
   * @param blockFrames frames per block, at most the chain's prepared maximum
   */
  public ChainRenderer(MasteringChain chain, int channels, int blockFrames) {
    this.chain = chain;
    this.channels = channels;
    this.blockFrames = blockFrames;
    this.block = new double[channels][blockFrames];
    this.view = new double[channels][blockFrames];
  }

  /**
   * Renders all of {@code source} into {@code sink}.
   *
   * @param programFrames length of the material in frames (for fades and progress), or -1
   * @return the number of frames written, equal to the number read
   */
  public long render(FrameSource source, FrameSink sink, long programFrames, Progress progress)
      throws IOException {
    chain.setTimeline(programFrames);
    long toSkip = chain.latencyFrames();
    long read = 0;
    long written = 0;
    long sinceReport = 0;
    while (true) {
      int n = fill(source);
      boolean end = n < blockFrames;
      read += n;
      int frames = n;
      if (end) {
        // Pad the final block with silence; flushing continues below until the latency is out.
        zero(n, blockFrames);
        frames = blockFrames;
      }
      chain.process(block, frames);
      written += emit(sink, frames, read - written, toSkip);
      toSkip = Math.max(0, toSkip - frames);
      sinceReport += n;
      if (progress != null && (sinceReport >= 1 << 16 || end)) {
        progress.update(read, programFrames);
        sinceReport = 0;
      }
      if (end) {
        break;
      }
    }
    while (written < read) {
      zero(0, blockFrames);
      chain.process(block, blockFrames);
      written += emit(sink, blockFrames, read - written, toSkip);
      toSkip = Math.max(0, toSkip - blockFrames);
    }
    return written;
  }

  private int fill(FrameSource source) throws IOException {
    int n = 0;
    while (n < blockFrames) {
      int got = n == 0 ? source.read(block, blockFrames) : readInto(source, n);
      if (got <= 0) {
        break;
      }
      n += got;
    }
    return n;
  }

  private int readInto(FrameSource source, int offset) throws IOException {
    int got = Math.max(0, source.read(view, blockFrames - offset));
    for (int c = 0; c < channels; c++) {
      System.arraycopy(view[c], 0, block[c], offset, got);
    }
    return got;
  }

  private long emit(FrameSink sink, int frames, long pending, long toSkip) throws IOException {
    int skip = (int) Math.min(toSkip, frames);
    int count = (int) Math.min(frames - skip, pending);
    if (count > 0) {
      sink.write(block, skip, count);
    }
    return Math.max(count, 0);
  }

  private void zero(int from, int to) {
    for (int c = 0; c < channels; c++) {
      java.util.Arrays.fill(block[c], from, to, 0.0);
    }
  }
}
