package lathe.controller.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MapValidatorTest {
  private static final String HEAD =
      """
      device:
        name: Test box
        ports: ["Test*"]
        source: a test
      controls:
      """;

  private static List<MapProblem> problems(String controls) {
    return MapValidator.validate("t.yaml", HEAD + controls);
  }

  private static void assertOne(String controls, int line, String fragment) {
    List<MapProblem> p = problems(controls);
    assertEquals(1, p.size(), p.toString());
    assertEquals(line, p.get(0).line(), p.toString());
    assertTrue(p.get(0).message().contains(fragment), p.toString());
    assertTrue(p.get(0).toString().startsWith("t.yaml:" + line + ": "), p.toString());
  }

  @Test
  void everyBundledMapIsValid() throws MapException {
    assertTrue(BundledMaps.names().size() >= 6);
    for (String name : BundledMaps.names()) {
      assertEquals(List.of(), MapValidator.validate(name, BundledMaps.text(name)), name);
      ControllerMap map = BundledMaps.load(name);
      assertTrue(map.device().source().length() > 10, name);
      assertTrue(BundledMaps.text(name).startsWith("# "), name + " starts with its source header");
    }
  }

  @Test
  void readmeExampleIsValid() throws java.io.IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
    String example = readme.substring(start, readme.indexOf("```", start));
    assertEquals(List.of(), MapValidator.validate("README.md", example));
  }

  @Test
  void validMapHasNoProblems() {
    assertEquals(List.of(), problems("  - {name: K, type: cc, number: 16, param: trim.gain}\n"));
  }

  @Test
  void unknownParameterIdNamesItsLine() {
    assertOne("  - {name: K, type: cc, number: 16, param: trim.gian}\n", 6, "unknown parameter id");
  }

  @Test
  void duplicateControlOnTheSamePageAndLayer() {
    assertOne(
        """
          - {name: A, type: cc, number: 16, param: trim.gain}
          - {name: B, type: cc, number: 16, param: eq.band1.gain}
        """,
        7,
        "duplicate control");
  }

  @Test
  void sameControlOnTheShiftLayerIsNoDuplicate() {
    assertEquals(
        List.of(),
        problems(
            """
              - {name: A, type: cc, number: 16, param: trim.gain}
              - {name: A, type: cc, number: 16, param: eq.band1.gain, layer: shift}
              - {name: S, type: note, number: 1, action: shift}
            """));
  }

  @Test
  void shiftLayerWithoutAShiftButtonIsAProblem() {
    assertOne(
        "  - {name: A, type: cc, number: 16, param: trim.gain, layer: shift}\n",
        6,
        "no control has the shift action");
  }

  @Test
  void sameNumberOnTwoPagesIsNoDuplicate() {
    String text =
        HEAD
            + """
              - {name: N, type: note, number: 1, action: page next}
            pages:
              - name: One
                controls:
                  - {name: K, type: cc, number: 16, param: trim.gain}
              - name: Two
                controls:
                  - {name: K, type: cc, number: 16, param: eq.band1.gain}
            """;
    assertEquals(List.of(), MapValidator.validate("t.yaml", text));
  }

  @Test
  void rangeOutsideTheParameterIsBad() {
    assertOne(
        "  - {name: K, type: cc, number: 16, param: trim.gain, range: {min: -30, max: 6}}\n",
        6,
        "bad range");
  }

  @Test
  void rangeUpsideDownIsBad() {
    assertOne(
        "  - {name: K, type: cc, number: 16, param: trim.gain, range: {min: 6, max: -6}}\n",
        6,
        "bad range");
  }

  @Test
  void unknownKeyIsNamed() {
    assertOne(
        "  - {name: K, type: cc, number: 16, param: trim.gain, smoothing: 3}\n",
        6,
        "unknown key 'smoothing'");
  }

  @Test
  void unknownOptionValueIsNamed() {
    assertOne(
        "  - {name: K, type: cc, number: 16, param: trim.gain, mode: relative-binary}\n",
        6,
        "unknown mode");
  }

  @Test
  void midiNumberAbove127IsBad() {
    assertOne("  - {name: K, type: cc, number: 128, param: trim.gain}\n", 6, "bad MIDI number");
  }

  @Test
  void nrpnNumbersReach16383() {
    assertEquals(
        List.of(), problems("  - {name: K, type: nrpn, number: 16383, param: trim.gain}\n"));
    assertOne("  - {name: K, type: nrpn, number: 16384, param: trim.gain}\n", 6, "bad MIDI number");
  }

  @Test
  void channelOutside1To16IsBad() {
    assertOne(
        "  - {name: K, type: cc, channel: 17, number: 1, param: trim.gain}\n", 6, "MIDI channel");
  }

  @Test
  void unknownModuleInAnActionIsBad() {
    assertOne("  - {name: B, type: note, number: 1, action: bypass reverb}\n", 6, "needs a module");
  }

  @Test
  void validatorReturnsEveryProblem() {
    List<MapProblem> p =
        problems(
            """
              - {name: A, type: cc, number: 200, param: trim.gain}
              - {name: B, type: cc, number: 17, param: nope.gain}
              - {name: C, type: cc, number: 18, param: trim.gain, colour: red}
            """);
    assertEquals(3, p.size(), p.toString());
    assertEquals(List.of(6, 7, 8), p.stream().map(MapProblem::line).toList());
  }

  @Test
  void brokenYamlNamesItsLine() {
    List<MapProblem> p = MapValidator.validate("t.yaml", HEAD + "  - {name: A, type: cc\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).message().startsWith("not valid YAML"), p.toString());
    assertTrue(p.get(0).line() >= 6, p.toString());
  }

  @Test
  void loaderThrowsWithOneLinePerProblem() {
    MapException e =
        assertThrows(
            MapException.class,
            () ->
                MapLoader.load(
                    "t.yaml",
                    HEAD
                        + "  - {name: A, type: cc, number: 16, param: trim.gian}\n"
                        + "  - {name: B, type: cc, number: 160, param: trim.gain}\n"));
    assertEquals(2, e.problems().size());
    assertEquals(
        "t.yaml:6: unknown parameter id 'trim.gian' (see 'lathe params')",
        e.getMessage().lines().findFirst().orElseThrow());
  }

  @Test
  void portPatternsMatchCaseInsensitively() throws MapException {
    Device d = BundledMaps.load("korg-nanokontrol2").device();
    assertTrue(d.matchesPort("nanoKONTROL2 [hw:2,0,0]"));
    assertTrue(d.matchesPort("NANOKONTROL2 MIDI 1"));
    assertTrue(!d.matchesPort("nanoKEY2"));
    assertEquals("akai-midimix", BundledMaps.forPort("MIDI Mix [hw:1,0,0]").orElseThrow());
  }
}
