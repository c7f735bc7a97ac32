package lathe.controller.map;

/**
 * Describes the message that shows a control's state on the device (an LED ring, a lamp, a motor
 * fader): a template of two or three bytes where one data byte carries the value.
 *
 * @param template the message bytes; the byte at {@code valueIndex} is replaced by the value
 * @param valueIndex which byte carries the value (1 or 2)
 * @param min the value sent for the bottom of the control's travel (or a lamp's off)
 * @param max the value sent for the top of the control's travel (or a lamp's on)
 * @param empty the value a slot lamp shows for an empty slot, or -1 for {@code min}
 * @param filled the value a slot lamp shows for a filled slot, or -1 for {@code max}
 * @param active the value a slot lamp shows for the active slot, or -1 to blink between the filled
 *     and empty values
 */
public record Feedback(
    byte[] template, int valueIndex, int min, int max, int empty, int filled, int active) {

  /** Creates feedback without values of its own for slot states. */
  public Feedback(byte[] template, int valueIndex, int min, int max) {
    this(template, valueIndex, min, max, -1, -1, -1);
  }

  /** Builds the message bytes for a value already scaled into min..max. */
  public byte[] bytes(int value) {
    byte[] b = template.clone();
    b[valueIndex] = (byte) value;
    return b;
  }

  /** Returns the value for a position 0..1 along the control's travel, rounded. */
  public int scale(double position) {
    double p = Math.clamp(position, 0.0, 1.0);
    return (int) Math.round(min + p * (max - min));
  }

  /** Returns the value a slot lamp shows for an empty slot. */
  public int emptyValue() {
    return empty >= 0 ? empty : min;
  }

  /** Returns the value a slot lamp shows for a filled slot. */
  public int filledValue() {
    return filled >= 0 ? filled : max;
  }

  /** Tells whether the active slot's lamp is blinked by the engine (no value of its own). */
  public boolean blinksActive() {
    return active < 0;
  }

  /** Describes the template, e.g. {@code B0 10 {v} 0..127}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < template.length; i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(i == valueIndex ? "{v}" : String.format("%02X", template[i] & 0xFF));
    }
    s.append(' ').append(min).append("..").append(max);
    if (empty >= 0 || filled >= 0 || active >= 0) {
      s.append(" empty ").append(emptyValue()).append(" filled ").append(filledValue());
      s.append(" active ").append(active >= 0 ? Integer.toString(active) : "blink");
    }
    return s.toString();
  }
}
