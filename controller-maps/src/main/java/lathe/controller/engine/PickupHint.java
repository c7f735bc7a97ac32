package lathe.controller.engine;

/**
 * Tells which way to turn an absolute control that is away from its parameter, so that it picks the
 * parameter up (after a recall, an undo or a page change).
 *
 * @param control the control's name in the map
 * @param paramId the parameter it drives
 * @param knob the control's last known position along its travel, 0..1, or NaN if it has not moved
 *     since the engine started
 * @param target where along its travel, 0..1, the control picks the parameter up
 * @param direction +1 to turn up (clockwise), -1 to turn down, 0 when the position is unknown
 */
public record PickupHint(
    String control, String paramId, double knob, double target, int direction) {}
