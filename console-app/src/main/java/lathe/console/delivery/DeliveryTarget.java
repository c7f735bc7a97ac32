package lathe.console.delivery;

import java.util.List;
import java.util.Locale;

/**
 * Is a loudness and true-peak specification a master is delivered to.
 *
 * @param name short name typed on the command line
 * @param integratedLufs the integrated loudness to land on, in LUFS (LKFS)
 * @param truePeakDbtp the highest true peak allowed, in dBTP
 * @param description who asks for it
 */
public record DeliveryTarget(
    String name, double integratedLufs, double truePeakDbtp, String description) {

  /** Tolerance of the integrated loudness for a pass, in LU. */
  public static final double TOLERANCE_LU = 0.2;

  /** The named targets, loudest last. */
  public static final List<DeliveryTarget> NAMED =
      List.of(
          new DeliveryTarget("atsc-a85", -24, -2, "US television, ATSC A/85 (-24 LKFS, -2 dBTP)"),
          new DeliveryTarget(
              "ebu-r128", -23, -1, "European broadcast, EBU R 128 (-23 LUFS, -1 dBTP)"),
          new DeliveryTarget(
              "podcast", -16, -1, "podcasts and spoken word, AES TD1004 (-16 LUFS, -1 dBTP)"),
          new DeliveryTarget(
              "streaming", -14, -1, "music streaming services' playback level (-14 LUFS, -1 dBTP)"),
          new DeliveryTarget("club", -9, -0.3, "loud masters for club play (-9 LUFS, -0.3 dBTP)"));

  /** Returns the named target, or throws listing the names. */
  public static DeliveryTarget named(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (DeliveryTarget t : NAMED) {
      if (t.name.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown target '"
            + name
            + "' (known: "
            + String.join(", ", NAMED.stream().map(DeliveryTarget::name).toList())
            + ")");
  }

  /**
   * Tells whether measured figures meet this target: loudness within ±0.2 LU, peak at most the
   * limit.
   */
  public boolean passes(double integratedLufs, double truePeakDbtp) {
    return Math.abs(integratedLufs - this.integratedLufs) <= TOLERANCE_LU
        && truePeakDbtp <= this.truePeakDbtp;
  }
}
