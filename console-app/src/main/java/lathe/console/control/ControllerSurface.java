package lathe.console.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sound.midi.MidiMessage;
import lathe.controller.map.BundledMaps;
import lathe.controller.map.ControllerMap;
import lathe.controller.map.MapException;
import lathe.controller.map.MapLoader;
import lathe.controller.port.ControlScript;
import lathe.controller.port.ControlScriptException;
import lathe.controller.port.ControlScriptPlayer;
import lathe.controller.port.MidiInputListener;
import lathe.controller.port.MidiPortWatcher;
import lathe.controller.port.PortMatcher;

/**
 * Connects MIDI controllers to the control thread: watches the ports for controllers with a map
 * (auto-detected by port name, or the one map given), attaches each to the {@link ControlLoop} as
 * it appears (which sends its whole feedback state) and detaches it when it vanishes; and plays a
 * control script through a map as if its controller had sent it.
 */
public final class ControllerSurface implements AutoCloseable {
  /** The {@code --map} value that turns controllers off. */
  public static final String NONE = "none";

  private final ControlLoop control;
  private final Consumer<String> say;
  private final Map<String, ControllerMap> maps = new ConcurrentHashMap<>();
  private final Map<String, String> connected = new ConcurrentHashMap<>();
  private final ControllerMap chosen;
  private MidiPortWatcher watcher;
  private ControlScriptPlayer script;

  private ControllerSurface(ControlLoop control, Consumer<String> say, ControllerMap chosen) {
    this.control = control;
    this.say = say;
    this.chosen = chosen;
  }

  /**
   * Starts watching the MIDI ports and, when given, playing a control script.
   *
   * @param mapOption {@code null} to auto-detect bundled maps by port name, {@value #NONE} for no
   *     controllers, or a bundled map (by name or part of its device's name) or a map file
   * @param scriptFile a control script to play through the chosen map, or {@code null}
   * @param control the control thread the commands go to
   * @param say receives one line per event (controller connected, gone, unusable)
   * @throws MapException when the map file is broken (one line per problem)
   * @throws ControlScriptException when the script is broken (one line per problem)
   * @throws IOException when a file cannot be read, or the map option names nothing
   */
  public static ControllerSurface start(
      String mapOption, Path scriptFile, ControlLoop control, Consumer<String> say)
      throws MapException, ControlScriptException, IOException {
    ControllerMap chosen = null;
    if (mapOption != null && !mapOption.equals(NONE)) {
      chosen = resolve(mapOption);
    }
    if (scriptFile != null && chosen == null) {
      throw new IOException(
          "--control-script " + scriptFile + ": needs --map NAME, the controller it speaks for");
    }
    ControlScript parsed = scriptFile == null ? null : ControlScript.read(scriptFile);
    ControllerSurface surface = new ControllerSurface(control, say, chosen);
    if (!NONE.equals(mapOption)) {
      PortMatcher matcher =
          chosen == null ? PortMatcher.bundled() : PortMatcher.of(chosen.file(), chosen.device());
      surface.watcher = new MidiPortWatcher(matcher, surface.listener());
      surface.watcher.start();
    }
    if (parsed != null) {
      String port = ControlScriptPlayer.DEFAULT_PORT;
      surface.connected.put(port, chosen.device().name());
      control.attach(port, chosen, message -> {});
      surface.script = new ControlScriptPlayer(parsed, port, surface.listener());
      surface.script.start();
    }
    return surface;
  }

  /** Returns the controllers connected now: port name to device name. */
  public Map<String, String> connected() {
    return new LinkedHashMap<>(connected);
  }

  /** Tells whether the control script, if any, has been played to its end. */
  public boolean scriptDone() {
    return script == null || script.completion().isDone();
  }

  @Override
  public void close() {
    if (script != null) {
      script.close();
    }
    if (watcher != null) {
      watcher.close();
    }
  }

  private MidiInputListener listener() {
    return new MidiInputListener() {
      @Override
      public void onMessage(String portName, MidiMessage message, long arrivalNanos) {
        control.midi(portName, message, arrivalNanos);
      }

      @Override
      public void onConnected(String portName, String mapName) {
        ControllerMap map;
        try {
          map = mapNamed(mapName);
        } catch (MapException e) {
          say.accept("controller on " + portName + ": map " + mapName + " does not load");
          return;
        }
        connected.put(portName, map.device().name());
        control.attach(portName, map, message -> watcher.send(portName, message));
        say.accept("controller " + map.device().name() + " connected on " + portName);
      }

      @Override
      public void onDisconnected(String portName) {
        connected.remove(portName);
        control.detach(portName);
        say.accept("controller on " + portName + " gone; waiting for it to come back");
      }

      @Override
      public void onPortError(String portName, String problem) {
        say.accept("controller on " + portName + ": " + problem);
      }
    };
  }

  private ControllerMap mapNamed(String mapName) throws MapException {
    if (chosen != null && chosen.file().equals(mapName)) {
      return chosen;
    }
    ControllerMap map = maps.get(mapName);
    if (map == null) {
      map = BundledMaps.load(mapName);
      maps.put(mapName, map);
    }
    return map;
  }

  private static ControllerMap resolve(String option) throws MapException, IOException {
    Path file = Path.of(option);
    if (option.endsWith(".yaml") || option.endsWith(".yml") || Files.isRegularFile(file)) {
      if (!Files.isRegularFile(file)) {
        throw new IOException("--map " + option + ": no such file");
      }
      return MapLoader.load(file);
    }
    Optional<String> name = BundledMaps.find(option);
    if (name.isEmpty()) {
      throw new IOException(
          "--map " + option + ": no bundled map matches (see 'lathe maps list'), and no such file");
    }
    return BundledMaps.load(name.get());
  }
}
