package lathe.dsp.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamSpecTest {
  private static final ParamSpec FREQ =
      ParamSpec.number("eq.band1.frequency", "Freq", "Hz", 20, 20000, 1000, Taper.LOGARITHMIC);
  private static final ParamSpec GAIN =
      ParamSpec.number("trim.gain", "Trim", "dB", -24, 24, 0, Taper.LINEAR);

  @Test
  void logarithmicTaperPutsTheGeometricMeanAtMidTravel() {
    // 20 Hz .. 20 kHz spans three decades, so half travel is sqrt(20 * 20000) = 632.455... Hz.
    assertEquals(Math.sqrt(20.0 * 20000.0), FREQ.toPlain(0.5), 1e-9);
    assertEquals(200.0, FREQ.toPlain(1.0 / 3.0), 1e-9);
    assertEquals(2.0 / 3.0, FREQ.toNormalized(2000.0), 1e-12);
  }

  @Test
  void linearTaperIsAStraightLine() {
    assertEquals(-24.0, GAIN.toPlain(0.0));
    assertEquals(0.0, GAIN.toPlain(0.5));
    assertEquals(12.0, GAIN.toPlain(0.75));
    assertEquals(0.25, GAIN.toNormalized(-12.0));
  }

  @Test
  void decibelTaperGivesMoreTravelToTheTopOfTheRange() {
    ParamSpec fader = ParamSpec.number("trim.fader", "Fader", "dB", -60, 0, 0, Taper.DECIBEL);
    // value = min + (max - min) * (1 - (1 - p)^2): p = 0.5 gives -60 + 60 * 0.75 = -15 dB.
    assertEquals(-15.0, fader.toPlain(0.5), 1e-12);
    for (double p = 0; p <= 1.0; p += 0.01) {
      assertEquals(p, fader.toNormalized(fader.toPlain(p)), 1e-9);
    }
  }

  @Test
  void choicesParseByLabelAndStepToWholeIndices() {
    ParamSpec mode = ParamSpec.choice("dither.mode", "Mode", 1, "off", "tpdf", "shaped");
    assertEquals(2.0, mode.parse("shaped"));
    assertEquals(0.0, mode.parse("OFF"));
    assertEquals(1.0, mode.parse("1"));
    assertEquals(1.0, mode.toPlain(0.4));
    assertEquals("shaped", mode.format(2));
  }

  @Test
  void numbersShowFourSignificantDigitsButNeverLoseTheWholePart() {
    ParamSpec f =
        ParamSpec.number("eq.band1.freq", "Freq", "Hz", 20, 20000, 1000, Taper.LOGARITHMIC);
    assertEquals("1000", f.format(1000.4));
    assertEquals("12000", f.format(12000.3));
    assertEquals("1235", f.format(1234.56));
    assertEquals("12.35", f.format(12.3456));
    assertEquals("2.5", f.format(2.5));
    assertEquals("-3.25", f.format(-3.25));
    assertEquals("0.00012", f.format(0.00012));
    assertEquals("-0.00001", f.format(-0.00001));
    assertEquals("440", f.format(440));
  }

  @Test
  void outOfRangeAndGarbageNameTheIdAndTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GAIN.parse("30"));
    assertEquals("trim.gain: 30 is out of range -24 .. 24 dB", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GAIN.parse("loud"));
    assertTrue(e.getMessage().startsWith("trim.gain: 'loud'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GAIN.parse("NaN"));
  }

  @Test
  void idsMustBeDottedLowerCase() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ParamSpec.number("Trim", "x", "", 0, 1, 0, Taper.LINEAR));
    assertThrows(
        IllegalArgumentException.class,
        () -> ParamSpec.number("eq.f", "x", "Hz", 0, 1, 0.5, Taper.LOGARITHMIC));
  }
}
