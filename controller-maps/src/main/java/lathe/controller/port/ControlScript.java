package lathe.controller.port;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;

/**
 * Holds a control script: MIDI messages with the time each one is due, read from a text file.
 *
 * <p>One message per line: the time in seconds from the start (a decimal number), then the message
 * bytes in hex, e.g. {@code 0.250 B0 07 64}. {@code #} starts a comment; blank lines are ignored.
 * Times never go backwards. A line may leave out the status byte when it repeats the previous
 * line's channel message (running status); a system-exclusive line ({@code F0 ... F7}) is checked
 * and skipped; real-time bytes ({@code F8}..{@code FF}) are messages of their own.
 */
public final class ControlScript {
  private static final Pattern TIME = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
  private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,2}");

  private final String file;
  private final List<TimedMidiMessage> messages;

  private ControlScript(String file, List<TimedMidiMessage> messages) {
    this.file = file;
    this.messages = List.copyOf(messages);
  }

  /**
   * Reads and parses a script file.
   *
   * @throws IOException when the file cannot be read
   * @throws ControlScriptException when a line is wrong, with every problem found
   */
  public static ControlScript read(Path file) throws IOException, ControlScriptException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses a script's text.
   *
   * @param file the name to give in problems
   * @param text the script
   * @throws ControlScriptException when a line is wrong, with every problem found
   */
  public static ControlScript parse(String file, String text) throws ControlScriptException {
    List<String> problems = new ArrayList<>();
    List<TimedMidiMessage> messages = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    long previous = 0;
    int running = 0;
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line = lines[i];
      int hash = line.indexOf('#');
      String[] tokens = (hash >= 0 ? line.substring(0, hash) : line).strip().split("\\s+");
      if (tokens.length == 1 && tokens[0].isEmpty()) {
        continue;
      }
      Line parsed = new Line(file, lineNumber, problems);
      long nanos = parsed.time(tokens[0]);
      if (nanos >= 0) {
        if (nanos < previous) {
          parsed.problem(
              "time "
                  + tokens[0]
                  + " goes backwards (the line before is at "
                  + seconds(previous)
                  + " s)");
        } else {
          previous = nanos;
        }
      }
      int[] bytes = parsed.bytes(tokens);
      if (bytes == null) {
        continue;
      }
      if (bytes.length == 0) {
        parsed.problem("no message bytes after the time");
        continue;
      }
      int status = bytes[0] >= 0x80 ? bytes[0] : running;
      if (bytes[0] >= 0x80 && bytes[0] < 0xF8) {
        running = bytes[0] < 0xF0 ? bytes[0] : 0;
      }
      ShortMessage message = parsed.message(status, bytes);
      if (message != null && parsed.ok() && nanos >= 0) {
        messages.add(new TimedMidiMessage(nanos, message, lineNumber));
      }
    }
    if (!problems.isEmpty()) {
      throw new ControlScriptException(problems);
    }
    return new ControlScript(file, messages);
  }

  /** Returns the file the script was read from, as given. */
  public String file() {
    return file;
  }

  /** Returns the messages in time order. */
  public List<TimedMidiMessage> messages() {
    return messages;
  }

  /** Returns the time of the last message, in nanoseconds from the start. */
  public long durationNanos() {
    return messages.isEmpty() ? 0 : messages.getLast().nanos();
  }

  private static String seconds(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }

  private static String hex(int b) {
    return String.format(Locale.ROOT, "%02X", b);
  }

  /** Data bytes a status byte takes, or -1 when it is not a message that can be played. */
  private static int dataLength(int status) {
    if (status < 0xF0) {
      int kind = status & 0xF0;
      return kind == ShortMessage.PROGRAM_CHANGE || kind == ShortMessage.CHANNEL_PRESSURE ? 1 : 2;
    }
    return switch (status) {
      case 0xF1, 0xF3 -> 1;
      case 0xF2 -> 2;
      case 0xF6, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF -> 0;
      default -> -1;
    };
  }

  /** Parses the parts of one line and collects its problems. */
  private static final class Line {
    private final String file;
    private final int number;
    private final List<String> problems;
    private boolean ok = true;

    Line(String file, int number, List<String> problems) {
      this.file = file;
      this.number = number;
      this.problems = problems;
    }

    void problem(String problem) {
      problems.add(file + ":" + number + ": " + problem);
      ok = false;
    }

    boolean ok() {
      return ok;
    }

    /** Returns the time in nanoseconds, or -1 after reporting a bad one. */
    long time(String token) {
      if (!TIME.matcher(token).matches()) {
        problem("bad time '" + token + "': expected seconds such as 0.250");
        return -1;
      }
      try {
        return new BigDecimal(token)
            .movePointRight(9)
            .setScale(0, RoundingMode.HALF_EVEN)
            .longValueExact();
      } catch (ArithmeticException e) {
        problem("time " + token + " is too large");
        return -1;
      }
    }

    /** Returns the bytes after the time, or null after reporting a bad one. */
    int[] bytes(String[] tokens) {
      int[] bytes = new int[tokens.length - 1];
      boolean good = true;
      for (int t = 1; t < tokens.length; t++) {
        if (HEX.matcher(tokens[t]).matches()) {
          bytes[t - 1] = Integer.parseInt(tokens[t], 16);
        } else {
          problem("bad hex byte '" + tokens[t] + "': expected a byte in hex such as B0");
          good = false;
        }
      }
      return good ? bytes : null;
    }

    /** Returns the message the bytes make, or null (SysEx, which is skipped, or a problem). */
    ShortMessage message(int status, int[] bytes) {
      int first = bytes[0] >= 0x80 ? 1 : 0;
      if (status == 0) {
        problem("data byte " + hex(bytes[0]) + " without a status byte before it");
        return null;
      }
      if (status == 0xF0) {
        sysex(bytes);
        return null;
      }
      if (status == 0xF7) {
        problem("F7 ends a SysEx that did not start (F0)");
        return null;
      }
      int length = dataLength(status);
      if (length < 0) {
        problem("unknown status byte " + hex(status));
        return null;
      }
      int count = bytes.length - first;
      for (int b = first; b < bytes.length; b++) {
        if (bytes[b] >= 0x80) {
          problem(
              "status byte "
                  + hex(bytes[b])
                  + " where a data byte of "
                  + hex(status)
                  + " belongs (one message per line)");
          return null;
        }
      }
      if (count < length) {
        problem(
            "incomplete message: "
                + hex(status)
                + " takes "
                + length
                + " data byte"
                + (length == 1 ? "" : "s")
                + ", got "
                + count);
        return null;
      }
      if (count > length) {
        problem("more bytes than one " + hex(status) + " message takes (one message per line)");
        return null;
      }
      int d1 = length > 0 ? bytes[first] : 0;
      int d2 = length > 1 ? bytes[first + 1] : 0;
      try {
        return length == 0 ? new ShortMessage(status) : new ShortMessage(status, d1, d2);
      } catch (InvalidMidiDataException e) {
        problem("bad message: " + e.getMessage());
        return null;
      }
    }

    private void sysex(int[] bytes) {
      for (int b = 1; b < bytes.length; b++) {
        if (bytes[b] == 0xF7) {
          if (b != bytes.length - 1) {
            problem("bytes after the SysEx's F7 (one message per line)");
          }
          return;
        }
        if (bytes[b] >= 0x80) {
          problem("status byte " + hex(bytes[b]) + " inside a SysEx");
          return;
        }
      }
      problem("incomplete message: SysEx without its closing F7");
    }
  }
}
