package lathe.dsp.param;

/**
 * Counts frames from {@code prepare} and cuts each block at every {@value #FRAMES}-frame boundary,
 * where a module refreshes its coefficients from its smoothers.
 *
 * <p>Because the boundaries are counted in absolute frames, not from the start of each block, a
 * module gives the same samples whatever block sizes the host uses. A processing loop reads:
 *
 * <pre>{@code
 * for (int i = 0; i < frames; ) {
 *   if (grid.atPoint()) { refresh(); }
 *   int end = grid.segmentEnd(i, frames);
 *   ... process frames i .. end - 1 ...
 *   grid.advance(end - i);
 *   i = end;
 * }
 * }</pre>
 */
public final class UpdateGrid {
  /** Frames between two coefficient refreshes. */
  public static final int FRAMES = 32;

  private long frame;

  /** Starts counting again from frame 0, as after {@code prepare}. */
  public void reset() {
    frame = 0;
  }

  /** Tells whether the next frame to process is a grid point. */
  public boolean atPoint() {
    return (frame & (FRAMES - 1)) == 0;
  }

  /**
   * Returns the end (exclusive) of the segment starting at index {@code i} of a block of {@code
   * frames}: the block's end or the next grid point, whichever comes first.
   */
  public int segmentEnd(int i, int frames) {
    return Math.min(frames, i + FRAMES - (int) (frame & (FRAMES - 1)));
  }

  /** Counts {@code frames} processed frames. */
  public void advance(int frames) {
    frame += frames;
  }

  /** Returns the number of frames counted since the last reset. */
  public long frame() {
    return frame;
  }
}
