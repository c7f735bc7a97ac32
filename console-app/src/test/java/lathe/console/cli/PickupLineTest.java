package lathe.console.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lathe.controller.engine.PickupHint;
import org.junit.jupiter.api.Test;

/** Checks the status line that tells which way to turn each knob after a recall. */
class PickupLineTest {
  @Test
  void knownKnobsGetAWayToTurnAndUnknownOnesAreCounted() {
    assertEquals("-", StatusBlock.pickupLine(List.of()));
    List<PickupHint> hints =
        List.of(
            new PickupHint("Knob 1", "trim.gain", 0.5, 1.0, 1),
            new PickupHint("Slider 7", "limiter.gain", 0.9, 0.25, -1),
            new PickupHint("Slider 1", "hpf.frequency", Double.NaN, 0.32, 0));
    assertEquals(
        "Knob 1 up to 100 % (trim.gain), Slider 7 down to 25 % (limiter.gain);"
            + " 1 control not moved yet",
        StatusBlock.pickupLine(hints));
  }
}
