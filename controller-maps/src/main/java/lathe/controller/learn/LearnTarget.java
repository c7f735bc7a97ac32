package lathe.controller.learn;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import lathe.controller.map.MapProblem;
import lathe.controller.map.MapValidator;
import lathe.dsp.param.ParamSpec;

/**
 * Names one thing a control is learned for: a parameter id such as {@code eq.band2.gain}, or a
 * button's action as a map file writes it, such as {@code toggle-bypass eq}.
 *
 * @param text the parameter id or the action
 * @param action whether it is an action (learned from a button) rather than a parameter
 */
public record LearnTarget(String text, boolean action) {
  private static final Set<String> ACTION_VERBS =
      Set.of(
          "bypass",
          "toggle-bypass",
          "recall",
          "save",
          "ab",
          "reference",
          "transport",
          "page",
          "shift",
          "undo",
          "redo");

  /** Reads a target: an action when it starts with an action's verb, otherwise a parameter id. */
  public static LearnTarget parse(String text) {
    String t = text.strip().replaceAll("\\s+", " ");
    String verb = t.isEmpty() ? "" : t.split(" ")[0];
    return new LearnTarget(t, ACTION_VERBS.contains(verb));
  }

  /**
   * Checks the target with the map validator's own rules, on a one-control map.
   *
   * @param params the parameters a map may drive
   * @return what is wrong, or empty when a map may use the target
   */
  public Optional<String> problem(List<ParamSpec> params) {
    if (text.isEmpty()) {
      return Optional.of("an empty parameter id");
    }
    String control =
        action
            ? "{name: x, type: note, number: 0, action: " + LearnedMapWriter.quote(text) + "}"
            : "{name: x, type: cc, number: 0, param: " + LearnedMapWriter.quote(text) + "}";
    String yaml = "device: {name: x, ports: [x], source: x}\ncontrols:\n  - " + control + "\n";
    List<MapProblem> problems = MapValidator.validate(text, yaml, params);
    return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0).message());
  }

  /** Returns the parameter id or the action. */
  @Override
  public String toString() {
    return text;
  }
}
