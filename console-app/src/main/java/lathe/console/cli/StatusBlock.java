package lathe.console.cli;

import java.util.List;
import java.util.Locale;
import lathe.console.engine.EngineStats;
import lathe.console.engine.ReferenceMonitor;
import lathe.console.engine.stream.FilePlayer;
import lathe.controller.engine.PickupHint;
import lathe.dsp.meter.MeterBank;

/**
 * Formats the console's status: loudness, true peak, gain reduction, DSP load, xruns and the last
 * parameter touched. On a terminal it is a block of lines redrawn in place; elsewhere it is one
 * plain log line per report.
 */
final class StatusBlock {
  private int drawnLines;

  /** Returns the status as the lines of the in-place block. */
  static String[] lines(
      EngineStats s, double[] meters, List<String> dynamics, String lastTouched, String lastValue) {
    return new String[] {
      String.format(
          Locale.ROOT,
          "loudness   M %s   S %s   I %s LUFS   LRA %s LU",
          lufs(meters[MeterBank.MOMENTARY]),
          lufs(meters[MeterBank.SHORT_TERM]),
          lufs(meters[MeterBank.INTEGRATED]),
          number(meters[MeterBank.LOUDNESS_RANGE], 4)),
      String.format(
          Locale.ROOT,
          "peak       TP %s dBTP   max %s dBTP   corr %s",
          number(meters[MeterBank.TRUE_PEAK], 6),
          number(meters[MeterBank.TRUE_PEAK_MAX], 6),
          number(meters[MeterBank.CORRELATION], 5)),
      "reduction  " + reductions(meters, dynamics),
      String.format(
          Locale.ROOT,
          "engine     %s, %.0f Hz, block %d, latency %.1f ms   DSP %3.0f %% (max %s)   xruns %d",
          s.backend(),
          s.sampleRate(),
          s.block(),
          s.latency().totalMs(),
          100 * s.dspLoad(),
          maxLoad(s),
          s.xruns()),
      "last       " + (lastTouched.isEmpty() ? "-" : lastTouched + " = " + lastValue)
    };
  }

  /**
   * Returns the line telling which way to turn each knob that is away from its parameter, e.g.
   * {@code Slider 7 up to 45 % (limiter.gain)}, or "-" when every knob has its parameter. Knobs not
   * moved since the console started (so their position is unknown) are only counted.
   */
  static String pickupLine(List<PickupHint> hints) {
    StringBuilder b = new StringBuilder();
    int shown = 0;
    int unknown = 0;
    for (PickupHint h : hints) {
      if (h.direction() == 0) {
        unknown++;
        continue;
      }
      if (shown == 4) {
        b.append(", ...");
        break;
      }
      if (shown++ > 0) {
        b.append(", ");
      }
      b.append(h.control())
          .append(h.direction() > 0 ? " up" : " down")
          .append(String.format(Locale.ROOT, " to %.0f %%", 100 * h.target()))
          .append(" (")
          .append(h.paramId())
          .append(')');
    }
    if (unknown > 0) {
      b.append(b.length() > 0 ? "; " : "")
          .append(unknown)
          .append(unknown == 1 ? " control" : " controls")
          .append(" not moved yet");
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  /** Returns the reference line: what is heard, the track, and the loudness offset matched away. */
  static String referenceLine(ReferenceMonitor r) {
    double offset = r.offsetLu();
    String match =
        Double.isFinite(offset)
            ? String.format(
                Locale.ROOT,
                "master %+.1f LU vs reference, reference played at %+.1f dB%s",
                offset,
                r.gainDb(),
                r.limitedLu() > 0.05
                    ? String.format(Locale.ROOT, " (%.1f LU short: headroom)", r.limitedLu())
                    : "")
            : "measuring loudness";
    return String.format(
        Locale.ROOT,
        "reference  %s  %s, %s: %s",
        r.isActive() ? "HEARD" : "not heard",
        r.referencePath().getFileName(),
        r.mode().jsonName(),
        match);
  }

  /** Returns the file player's line: file, position, length, state. */
  static String playerLine(FilePlayer p) {
    double rate = p.sampleRate();
    return String.format(
        Locale.ROOT,
        "player     %s  %s / %s  %s%s%s",
        p.file().getFileName(),
        clock(p.positionFrames() / rate),
        clock(p.lengthFrames() / rate),
        p.isPlaying() ? "playing" : p.isFinished() ? "finished" : "paused",
        p.isLooping() ? ", loop" : "",
        p.underruns() > 0 ? ", " + p.underruns() + " underruns" : "");
  }

  private static String clock(double seconds) {
    long s = (long) seconds;
    return String.format(Locale.ROOT, "%d:%02d.%d", s / 60, s % 60, (long) (seconds * 10) % 10);
  }

  /** Returns the status as one log line. */
  static String logLine(
      EngineStats s, double[] meters, List<String> dynamics, String lastTouched, String lastValue) {
    return String.format(
        Locale.ROOT,
        "M %s S %s I %s LUFS, TP %s dBTP, GR %s, DSP %.0f %% (max %s), xruns %d, last %s",
        lufs(meters[MeterBank.MOMENTARY]).trim(),
        lufs(meters[MeterBank.SHORT_TERM]).trim(),
        lufs(meters[MeterBank.INTEGRATED]).trim(),
        number(meters[MeterBank.TRUE_PEAK], 0).trim(),
        reductions(meters, dynamics).trim(),
        100 * s.dspLoad(),
        maxLoad(s),
        s.xruns(),
        lastTouched.isEmpty() ? "-" : lastTouched + "=" + lastValue);
  }

  /** Draws the block on a terminal, over the previous drawing. */
  String redraw(String[] lines) {
    StringBuilder b = new StringBuilder();
    if (drawnLines > 0) {
      b.append("\u001b[").append(drawnLines).append('F'); // to the start of the block's first line
    }
    for (String line : lines) {
      b.append("\u001b[2K").append(line).append('\n');
    }
    drawnLines = lines.length;
    return b.toString();
  }

  /** Returns the largest load once the measurement window is open, "settling" before. */
  private static String maxLoad(EngineStats s) {
    return s.measuredSeconds() > 0
        ? String.format(Locale.ROOT, "%.0f %%", 100 * s.maxDspLoad())
        : "settling";
  }

  private static String reductions(double[] meters, List<String> dynamics) {
    StringBuilder b = new StringBuilder();
    for (int i = MeterBank.GAIN_REDUCTION; i < meters.length; i++) {
      if (b.length() > 0) {
        b.append("  ");
      }
      int k = i - MeterBank.GAIN_REDUCTION;
      b.append(k < dynamics.size() ? dynamics.get(k) : "gr").append(' ');
      b.append(number(meters[i], 4).trim()).append(" dB");
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  private static String lufs(double v) {
    return number(v, 6);
  }

  private static String number(double v, int width) {
    String text = Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    return String.format(Locale.ROOT, "%" + Math.max(width, 1) + "s", text);
  }
}
