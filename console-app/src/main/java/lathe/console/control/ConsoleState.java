package lathe.console.control;

import lathe.console.engine.AudioEngine;
import lathe.console.engine.stream.FilePlayer;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.command.Command;
import lathe.dsp.param.ParamSpec;

/**
 * Holds what the console is doing and applies commands to it, on the control thread only: parameter
 * moves and bypasses go to the engine's lock-free targets, transport commands to the file player.
 * The chain's targets are the single source of truth for parameter values; reading them here is
 * consistent because this thread is their only writer.
 */
public final class ConsoleState {
  private final AudioEngine engine;
  private final MasteringChain chain;
  private final FilePlayer player;
  private String lastTouched = "";

  /**
   * Creates the state of a running console.
   *
   * @param engine the engine whose chain the commands move
   * @param player the file player, or {@code null} when the console plays no file
   */
  public ConsoleState(AudioEngine engine, FilePlayer player) {
    this.engine = engine;
    this.chain = engine.chain();
    this.player = player;
  }

  /** Returns a parameter's position along its taper, 0..1, or NaN for an unknown id. */
  public double normalized(String id) {
    if (!chain.has(id)) {
      return Double.NaN;
    }
    return chain.spec(id).toNormalized(chain.get(id));
  }

  /** Returns the id of the last parameter a command moved, or an empty string. */
  public String lastTouched() {
    return lastTouched;
  }

  /**
   * Applies one command.
   *
   * @return the id of the parameter it changed (a bypass switch counts), or {@code null} when it
   *     changed none
   * @throws IllegalArgumentException when it names an unknown parameter or module
   * @throws UnsupportedOperationException for commands of features the console does not have yet
   *     (slots, A/B, reference, undo)
   */
  public String apply(Command command) {
    return switch (command) {
      case Command.SetNormalized c -> move(c.id(), c.normalized());
      case Command.Nudge c -> move(c.id(), clamp01(normalized(known(c.id())) + c.delta()));
      case Command.SetBypass c -> bypass(c.module(), c.bypassed());
      case Command.ToggleBypass c -> bypass(c.module(), chain.get(bypassId(c.module())) < 0.5);
      case Command.Transport c -> transport(c);
      case Command.RecallSlot c -> unsupported("recall slot " + c.slot());
      case Command.SaveSlot c -> unsupported("save slot " + c.slot());
      case Command.ToggleAb c -> unsupported("A/B");
      case Command.ToggleReference c -> unsupported("reference A/B");
      case Command.Undo c -> unsupported("undo");
      case Command.Redo c -> unsupported("redo");
    };
  }

  private String move(String id, double normalized) {
    ParamSpec spec = chain.spec(known(id));
    double plain = spec.toPlain(clamp01(normalized));
    if (plain != chain.get(id)) {
      engine.set(id, plain);
    }
    lastTouched = id;
    return id;
  }

  private String bypass(String module, boolean bypassed) {
    String id = bypassId(module);
    engine.set(id, bypassed ? 1.0 : 0.0);
    lastTouched = id;
    return id;
  }

  private String bypassId(String module) {
    return known(module + ".bypass");
  }

  private String known(String id) {
    if (!chain.has(id)) {
      throw new IllegalArgumentException("unknown parameter " + id);
    }
    return id;
  }

  private String transport(Command.Transport t) {
    if (player == null) {
      throw new UnsupportedOperationException("transport: no file is playing (use --input FILE)");
    }
    double position = player.positionFrames() / player.sampleRate();
    switch (t.action()) {
      case PLAY -> player.play();
      case PAUSE -> player.pause();
      case TOGGLE -> {
        if (player.isPlaying()) {
          player.pause();
        } else {
          player.play();
        }
      }
      case RESTART -> player.seekFrame(0);
      case REWIND -> player.seekSeconds(Math.max(0, position - t.seconds()));
      case FORWARD -> player.seekSeconds(position + t.seconds());
      case TOGGLE_LOOP -> player.setLoop(!player.isLooping());
    }
    return null;
  }

  private static String unsupported(String what) {
    throw new UnsupportedOperationException(what + " comes with sessions (not available yet)");
  }

  private static double clamp01(double v) {
    return Double.isNaN(v) ? 0.0 : Math.max(0.0, Math.min(1.0, v));
  }
}
