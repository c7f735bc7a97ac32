package lathe.console.cli;

import java.io.PrintStream;
import java.util.Locale;
import lathe.dsp.render.ChainRenderer;

/** Draws a one-line progress bar with the render speed on a terminal. */
final class ProgressBar implements ChainRenderer.Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final double sampleRate;
  private final long start = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintStream out, double sampleRate) {
    this.out = out;
    this.sampleRate = sampleRate;
  }

  /** Returns a bar when stderr is a terminal, otherwise null (piped output prints only results). */
  static ProgressBar forTerminal(double sampleRate) {
    java.io.Console console = System.console();
    return console != null && console.isTerminal() ? new ProgressBar(System.err, sampleRate) : null;
  }

  @Override
  public void update(long framesDone, long framesTotal) {
    long now = System.nanoTime();
    boolean done = framesTotal > 0 && framesDone >= framesTotal;
    if (!done && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    double elapsed = Math.max(1e-9, (now - start) / 1e9);
    double speed = framesDone / sampleRate / elapsed;
    double fraction = framesTotal > 0 ? Math.min(1.0, (double) framesDone / framesTotal) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    out.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %3.0f%%  %.0fx real time ",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            fraction * 100,
            speed));
    if (done) {
      out.print("\r" + " ".repeat(WIDTH + 30) + "\r");
    }
    out.flush();
  }
}
