package lathe.controller.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.ShortMessage;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import lathe.dsp.param.ParamSpec;

/**
 * Stands in for the console: parameter positions the engine reads, and commands applied to them,
 * and the slot, A/B and reference state its lamps show.
 */
final class FakeConsole implements ParameterView {
  static final List<ParamSpec> PARAMS = StandardChain.create().params();
  final Map<String, Double> values = new HashMap<>();
  final SlotState[] slots = new SlotState[9];
  boolean abIsB;
  boolean referenceOn;

  FakeConsole() {
    for (ParamSpec p : PARAMS) {
      values.put(p.id(), p.toNormalized(p.defaultValue()));
    }
    Arrays.fill(slots, SlotState.EMPTY);
  }

  @Override
  public SlotState slot(int number) {
    return slots[number];
  }

  @Override
  public boolean abIsB() {
    return abIsB;
  }

  @Override
  public boolean referenceOn() {
    return referenceOn;
  }

  @Override
  public double normalized(String id) {
    return values.getOrDefault(id, Double.NaN);
  }

  void set(String id, double normalized) {
    values.put(id, normalized);
  }

  void apply(List<Command> commands) {
    for (Command c : commands) {
      switch (c) {
        case Command.SetNormalized s -> values.put(s.id(), s.normalized());
        case Command.Nudge n ->
            values.put(n.id(), Math.clamp(values.get(n.id()) + n.delta(), 0.0, 1.0));
        default -> {}
      }
    }
  }

  static ParamSpec spec(String id) {
    return PARAMS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  static ShortMessage cc(int channel, int number, int value) {
    return msg(ShortMessage.CONTROL_CHANGE, channel, number, value);
  }

  static ShortMessage noteOn(int channel, int note, int velocity) {
    return msg(ShortMessage.NOTE_ON, channel, note, velocity);
  }

  static ShortMessage noteOff(int channel, int note) {
    return msg(ShortMessage.NOTE_OFF, channel, note, 0);
  }

  static ShortMessage msg(int command, int channel, int d1, int d2) {
    try {
      return new ShortMessage(command, channel - 1, d1, d2);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
