package lathe.console.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.api.Test;

class SessionJsonTest {
  /** Returns a session in which every field differs from the defaults. */
  static Session everyFieldSet() {
    Map<String, Double> a = new LinkedHashMap<>(Session.defaultParameters());
    a.put("trim.gain", -3.25);
    a.put("trim.bypass", 1.0);
    Map<String, Double> b = new LinkedHashMap<>(a);
    b.put("trim.gain", 1.0 / 3.0);
    Session s =
        Session.defaults()
            .withParameters(a)
            .withSlot(0, Optional.of(b))
            .withSlot(7, Optional.of(a))
            .withAb(new Session.AbState(Session.Side.B, b))
            .withReference(
                new Session.Reference(Path.of("/refs/ref track.wav"), Session.MatchMode.INTEGRATED))
            .withFiles(new Session.AudioFiles(Path.of("mix.wav"), Path.of("/prints/master.wav")))
            .withDevice(new Session.Device("jack:studio", 96000, 128, 4))
            .withControllerMap("xone-k2");
    return s;
  }

  @Test
  void defaultsHoldEveryParameterOfTheStandardChainIncludingBypasses() {
    List<String> ids = StandardChain.create().params().stream().map(ParamSpec::id).toList();
    Session s = Session.defaults();
    assertEquals(ids, List.copyOf(s.parameters().keySet()));
    assertTrue(s.parameters().containsKey("trim.bypass"));
    assertEquals(0.0, s.parameters().get("trim.bypass"));
    assertEquals(Session.SLOT_COUNT, s.slots().size());
    assertTrue(s.slots().stream().allMatch(Optional::isEmpty));
    assertEquals(Session.Side.A, s.ab().active());
    assertEquals(s.parameters(), s.ab().other());
    assertEquals(null, s.reference().track());
    assertEquals(Session.MatchMode.SHORT_TERM, s.reference().mode());
  }

  @Test
  void roundTripKeepsEveryField() throws Exception {
    Session s = everyFieldSet();
    String text = SessionJson.write(s);
    assertTrue(text.contains("\"schemaVersion\" : 2"), text);
    SessionJson.Read read = SessionJson.read(text, "x.session.json");
    assertEquals(List.of(), read.warnings());
    Session back = read.session();
    assertEquals(s, back);
    assertEquals(s.parameters(), back.parameters());
    assertEquals(s.slots(), back.slots());
    assertEquals(s.ab(), back.ab());
    assertEquals(s.reference(), back.reference());
    assertEquals(s.files(), back.files());
    assertEquals(s.device(), back.device());
    assertEquals(s.controllerMap(), back.controllerMap());
    assertEquals(1.0 / 3.0, back.slots().get(0).orElseThrow().get("trim.gain"));
    assertEquals(text, SessionJson.write(back));
  }

  @Test
  void defaultsRoundTrip() throws Exception {
    Session s = Session.defaults();
    assertEquals(s, SessionJson.read(SessionJson.write(s), "d").session());
  }

  private static final String VERSION_1 =
      """
      {
        "schemaVersion": 1,
        "values": { "trim.gain": -2.5, "trim.bypass": 1, "retired.knob": 0.5 },
        "slots": [ null, { "trim.gain": 6 }, null, null, null, null, null, null ],
        "files": { "input": "song.wav", "print": null },
        "device": { "backend": "null", "sampleRateHertz": 44100, "blockFrames": 512, "buffers": 2 },
        "controllerMap": "generic"
      }
      """;

  @Test
  void migratesAVersion1Document() throws Exception {
    SessionJson.Read read = SessionJson.read(VERSION_1, "old.session.json");
    Session s = read.session();
    Map<String, Double> expected = new LinkedHashMap<>(Session.defaultParameters());
    expected.put("trim.gain", -2.5);
    expected.put("trim.bypass", 1.0);
    assertEquals(expected, s.parameters());
    assertEquals(Session.Side.A, s.ab().active());
    assertEquals(expected, s.ab().other());
    assertEquals(new Session.Reference(null, Session.MatchMode.SHORT_TERM), s.reference());
    Map<String, Double> slot2 = new LinkedHashMap<>(Session.defaultParameters());
    slot2.put("trim.gain", 6.0);
    assertEquals(Optional.of(slot2), s.slots().get(1));
    assertTrue(s.slots().get(0).isEmpty());
    assertEquals(new Session.AudioFiles(Path.of("song.wav"), null), s.files());
    assertEquals(new Session.Device("null", 44100, 512, 2), s.device());
    assertEquals("generic", s.controllerMap());
    assertTrue(
        read.warnings().stream()
            .anyMatch(
                w ->
                    w.contains("old.session.json")
                        && w.contains("unknown parameter 'retired.knob'")),
        read.warnings().toString());
    // Written back, it is a version 2 document with the new fields.
    String text = SessionJson.write(s);
    assertTrue(text.contains("\"schemaVersion\" : 2"));
    assertTrue(text.contains("\"parameters\""));
    assertFalse(text.contains("\"values\""));
    assertTrue(text.contains("\"mode\" : \"short-term\""));
  }

  @Test
  void migrationStepRenamesValuesAndAddsAbAndReference() throws Exception {
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(VERSION_1);
    var v2 = SessionJson.migrate(tree, "old");
    assertEquals(2, v2.get("schemaVersion").intValue());
    assertFalse(v2.has("values"));
    assertEquals(-2.5, v2.get("parameters").get("trim.gain").doubleValue());
    assertEquals("A", v2.get("ab").get("active").textValue());
    assertEquals(v2.get("parameters"), v2.get("ab").get("other"));
    assertTrue(v2.get("reference").get("track").isNull());
    assertEquals("short-term", v2.get("reference").get("mode").textValue());
    assertEquals(1, tree.get("schemaVersion").intValue(), "the input is left alone");
  }

  @Test
  void unknownParametersAreWarningsNotErrors() throws Exception {
    String text =
        SessionJson.write(Session.defaults())
            .replaceFirst("\"parameters\" : \\{", "\"parameters\" : { \"eq.band9.gain\" : 3.0,");
    SessionJson.Read read = SessionJson.read(text, "s.session.json");
    assertEquals(Session.defaults(), read.session());
    assertEquals(
        List.of("s.session.json: unknown parameter 'eq.band9.gain' in parameters ignored"),
        read.warnings());
  }

  @Test
  void malformedJsonNamesTheFileLineAndColumnOnOneLine() {
    String broken = "{\n  \"schemaVersion\": 2,\n  \"parameters\": { \"trim.gain\": , }\n}\n";
    SessionFormatException e =
        assertThrows(
            SessionFormatException.class, () -> SessionJson.read(broken, "/s/a.session.json"));
    assertTrue(e.getMessage().startsWith("/s/a.session.json: line 3, column "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void truncatedDocumentIsMalformed() {
    String text = SessionJson.write(Session.defaults());
    String half = text.substring(0, text.length() / 2);
    SessionFormatException e =
        assertThrows(SessionFormatException.class, () -> SessionJson.read(half, "t.session.json"));
    assertTrue(e.getMessage().startsWith("t.session.json: line "), e.getMessage());
  }

  @Test
  void wrongShapesAndVersionsAreNamed() {
    assertEquals(
        "e: empty document, not a session",
        assertThrows(SessionFormatException.class, () -> SessionJson.read("", "e")).getMessage());
    assertEquals(
        "n: schema version 3 is newer than this Lathe reads (2)",
        assertThrows(
                SessionFormatException.class, () -> SessionJson.read("{\"schemaVersion\": 3}", "n"))
            .getMessage());
    String badValue =
        SessionJson.write(Session.defaults())
            .replace("\"trim.gain\" : 0.0", "\"trim.gain\" : \"x\"");
    assertEquals(
        "b: 'parameters.trim.gain' must be a number, not \"x\"",
        assertThrows(SessionFormatException.class, () -> SessionJson.read(badValue, "b"))
            .getMessage());
  }
}
