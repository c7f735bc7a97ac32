package lathe.controller.map;

/**
 * Describes the message that shows a control's state on the device (an LED ring, a lamp, a motor
 * fader): a template of two or three bytes where one data byte carries the value.
 *
 * @param template the message bytes; the byte at {@code valueIndex} is replaced by the value
 * @param valueIndex which byte carries the value (1 or 2)
 * @param min the value sent for the bottom of the control's travel (or a lamp's off)
 * @param max the value sent for the top of the control's travel (or a lamp's on)
 */
public record Feedback(byte[] template, int valueIndex, int min, int max) {

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
    return s + " " + min + ".." + max;
  }
}
