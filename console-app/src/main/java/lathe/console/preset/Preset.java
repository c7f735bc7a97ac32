package lathe.console.preset;

import java.util.List;

/**
 * Is a named set of parameter values, applied on top of the chain's defaults.
 *
 * @param name the preset's name
 * @param description one sentence for people
 * @param source where it came from (a resource name or a file path), for messages
 * @param values the parameter values in file order
 */
public record Preset(String name, String description, String source, List<Value> values) {
  /**
   * Is one parameter value as written in the preset.
   *
   * @param id the parameter id
   * @param text the value as written (a number or a choice label)
   * @param line the line of the file it was written on
   */
  public record Value(String id, String text, int line) {}
}
