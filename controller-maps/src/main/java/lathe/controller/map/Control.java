package lathe.controller.map;

/**
 * Describes one physical control on one page and layer: what it sends, what it drives and how its
 * state is shown.
 *
 * @param name the label printed on the device, e.g. {@code Knob 1}
 * @param input the messages it sends
 * @param layer the layer the binding lives on
 * @param binding what it drives
 * @param feedback the message that shows its state, or null
 * @param line the line in the map file
 */
public record Control(
    String name, MidiInput input, Layer layer, Binding binding, Feedback feedback, int line) {}
