package lathe.controller.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;

/**
 * Turns a raw MIDI byte stream into channel and real-time messages, honouring running status (a
 * status byte left out when it repeats), real-time bytes in the middle of a message and system
 * exclusive blocks, which are skipped.
 */
public final class MidiStreamParser {
  private int running;
  private int first = -1;
  private boolean inSysex;

  /** Parses bytes and returns the complete messages they finish. */
  public List<ShortMessage> parse(byte[] bytes) {
    List<ShortMessage> out = new ArrayList<>();
    feed(bytes, out::add);
    return out;
  }

  /** Parses bytes and hands each complete message to the consumer. */
  public void feed(byte[] bytes, Consumer<ShortMessage> out) {
    for (byte raw : bytes) {
      int b = raw & 0xFF;
      if (b >= 0xF8) {
        out.accept(message(b, 0, 0));
      } else if (b == 0xF0) {
        inSysex = true;
        running = 0;
      } else if (b == 0xF7) {
        inSysex = false;
      } else if (b >= 0xF1) {
        running = 0;
        first = -1;
        inSysex = false;
      } else if (b >= 0x80) {
        running = b;
        first = -1;
        inSysex = false;
      } else if (!inSysex && running != 0) {
        int kind = running & 0xF0;
        boolean oneByte =
            kind == ShortMessage.PROGRAM_CHANGE || kind == ShortMessage.CHANNEL_PRESSURE;
        if (oneByte) {
          out.accept(message(running, b, 0));
        } else if (first < 0) {
          first = b;
        } else {
          out.accept(message(running, first, b));
          first = -1;
        }
      }
    }
  }

  private static ShortMessage message(int status, int d1, int d2) {
    try {
      return status >= 0xF8 ? new ShortMessage(status) : new ShortMessage(status, d1, d2);
    } catch (InvalidMidiDataException e) {
      throw new IllegalStateException(e);
    }
  }
}
