package lathe.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.Test;

class SessionDiffTest {
  private static ParamSpec spec(String id) {
    return Session.standardParams().stream().filter(p -> p.id().equals(id)).findFirst().get();
  }

  @Test
  void valuesShowWithTheirUnitsAsTheConsoleShowsThem() {
    assertEquals("2.5 dB", SessionDiff.value(spec("eq.band2.gain"), 2.5));
    assertEquals("-3.25 dB", SessionDiff.value(spec("trim.gain"), -3.25));
    assertEquals("1235 Hz", SessionDiff.value(spec("eq.band3.frequency"), 1234.5678));
    assertEquals("0.707", SessionDiff.value(spec("eq.band1.q"), 0.707));
    assertEquals("4:1", SessionDiff.value(spec("comp.ratio"), 4));
    assertEquals("-1 dBTP", SessionDiff.value(spec("limiter.ceiling"), -1));
    assertEquals("shaped", SessionDiff.value(spec("dither.mode"), 2));
    assertEquals("on", SessionDiff.value(spec("eq.bypass"), 1));
  }

  @Test
  void aValueThatRoundsToAWholeThousandKeepsItsZeros() {
    // Four significant digits of 1000.4 Hz are 1000 Hz, and of 12000.3 Hz 12000 Hz, never "1 Hz".
    assertEquals("1000 Hz", SessionDiff.value(spec("eq.band3.frequency"), 1000.4));
    assertEquals("12000 Hz", SessionDiff.value(spec("eq.band5.frequency"), 12000.3));
    assertEquals("20 Hz", SessionDiff.value(spec("eq.band1.frequency"), 20.0001));
  }

  @Test
  void exactIsTheShortestDecimalThatReadsBack() {
    assertEquals("1000.4", SessionDiff.exact(1000.4));
    assertEquals("0.1", SessionDiff.exact(0.1));
    assertEquals("0.3333333333333333", SessionDiff.exact(1.0 / 3.0));
    assertEquals("96000", SessionDiff.exact(96000));
    assertEquals("0", SessionDiff.exact(-0.0));
  }

  @Test
  void changesComeInChainOrderWithMissingValuesAtTheirDefaults() {
    Map<String, Double> a = new LinkedHashMap<>();
    a.put("limiter.ceiling", -0.5);
    a.put("trim.gain", 1.0);
    Map<String, Double> b = new LinkedHashMap<>(Session.defaultParameters());
    List<SessionDiff.Change> changes = SessionDiff.between(a, b);
    assertEquals(
        List.of("trim.gain", "limiter.ceiling"), changes.stream().map(c -> c.spec().id()).toList());
    assertEquals(
        List.of("  trim.gain        1 dB -> 0 dB", "  limiter.ceiling  -0.5 dBTP -> -1 dBTP"),
        SessionDiff.lines(changes, "  "));
    assertEquals(List.of(), SessionDiff.between(b, Session.defaultParameters()));
  }

  @Test
  void valuesThatDisplayAlikeAreShownInFull() {
    List<SessionDiff.Change> changes =
        SessionDiff.between(Map.of("stereo.width", 100.0), Map.of("stereo.width", 100.00001));
    assertEquals(List.of("stereo.width  100 % -> 100.00001 %"), SessionDiff.lines(changes, ""));
  }

  @Test
  void sidesOfTheAbState() {
    Map<String, Double> other = new LinkedHashMap<>(Session.defaultParameters());
    other.put("trim.gain", 2.0);
    Session s = Session.defaults().withAb(new Session.AbState(Session.Side.B, other));
    assertEquals(s.parameters(), SessionDiff.side(s, Session.Side.B));
    assertEquals(other, SessionDiff.side(s, Session.Side.A));
  }
}
