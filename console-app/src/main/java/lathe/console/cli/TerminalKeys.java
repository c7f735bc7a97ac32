package lathe.console.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import lathe.console.control.ControlLoop;
import lathe.dsp.command.Command;
import lathe.dsp.command.TransportAction;

/**
 * Is the terminal as a control surface: single key presses, read in the terminal's raw mode, become
 * commands — space plays or pauses, the left and right arrows seek 5 s, {@code l} loops, {@code r}
 * goes back to the start, {@code 1}-{@code 8} recall a slot and shift+digit ({@code !@#$%^&*}) save
 * into it, {@code u} undoes and {@code U} redoes, {@code a} switches A/B, {@code f} switches to the
 * reference and back, {@code q} quits. The terminal's settings are restored on close.
 */
final class TerminalKeys implements AutoCloseable {
  /** Describes the keys in one line for the status display. */
  static final String HELP =
      "keys: space play/pause, \u2190/\u2192 5 s, l loop, r restart, 1-8 recall, shift+1-8 save,"
          + " u/U undo/redo, a A/B, f reference, q quit";

  /** The characters shift+1 to shift+8 type on a US keyboard, in slot order. */
  private static final String SHIFTED_DIGITS = "!@#$%^&*";

  private static final double SEEK_SECONDS = 5;

  private final String saved;
  private final Thread thread;
  private volatile boolean quit;

  private TerminalKeys(String saved, ControlLoop loop, InputStream in) {
    this.saved = saved;
    thread = new Thread(() -> read(loop, in), "lathe-terminal-keys");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Puts the terminal into raw mode and starts reading keys, or returns {@code null} when the
   * terminal cannot be switched (no {@code stty}, no terminal).
   */
  static TerminalKeys start(ControlLoop loop) {
    String saved = stty("-g");
    if (saved == null || stty("-icanon", "-echo", "min", "1") == null) {
      return null;
    }
    return new TerminalKeys(saved.strip(), loop, System.in);
  }

  /** Tells whether {@code q} was pressed. */
  boolean quitRequested() {
    return quit;
  }

  @Override
  public void close() {
    stty(saved);
  }

  private void read(ControlLoop loop, InputStream in) {
    try {
      int escape = 0;
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (escape == 2) {
          escape = 0;
          if (c == 'C') {
            loop.submit(new Command.Transport(TransportAction.FORWARD, SEEK_SECONDS));
          } else if (c == 'D') {
            loop.submit(new Command.Transport(TransportAction.REWIND, SEEK_SECONDS));
          }
          continue;
        }
        if (escape == 1) {
          escape = c == '[' ? 2 : 0;
          continue;
        }
        switch (c) {
          case 27 -> escape = 1;
          case ' ' -> loop.submit(new Command.Transport(TransportAction.TOGGLE, 0));
          case 'l' -> loop.submit(new Command.Transport(TransportAction.TOGGLE_LOOP, 0));
          case 'r' -> loop.submit(new Command.Transport(TransportAction.RESTART, 0));
          case 'u' -> loop.submit(new Command.Undo());
          case 'U' -> loop.submit(new Command.Redo());
          case 'a' -> loop.submit(new Command.ToggleAb());
          case 'f' -> loop.submit(new Command.ToggleReference());
          case 'q' -> quit = true;
          default -> {
            if (c >= '1' && c <= '8') {
              loop.submit(new Command.RecallSlot(c - '0'));
            } else if (SHIFTED_DIGITS.indexOf(c) >= 0) {
              loop.submit(new Command.SaveSlot(SHIFTED_DIGITS.indexOf(c) + 1));
            } // other keys do nothing
          }
        }
      }
    } catch (IOException e) {
      // The terminal went away: no more keys.
    }
  }

  private static String stty(String... arguments) {
    String[] command = new String[arguments.length + 1];
    command[0] = "stty";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.INHERIT)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
