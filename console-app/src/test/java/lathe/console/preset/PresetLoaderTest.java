package lathe.console.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.chain.StandardChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresetLoaderTest {
  @ParameterizedTest
  @ValueSource(strings = {"transparent", "gentle", "loud"})
  void everyBuiltInPresetNamesOnlyRealParametersWithValuesInRange(String name) throws Exception {
    Preset preset = PresetLoader.load(name);
    assertEquals(name, preset.name());
    PresetLoader.apply(preset, StandardChain.create());
  }

  @Test
  void valuesAreAppliedAsWrittenWithChoiceLabels() throws Exception {
    MasteringChain chain = StandardChain.create();
    PresetLoader.apply(PresetLoader.load("loud"), chain);
    assertEquals(6.0, chain.get("trim.gain"));
    assertEquals("24", chain.spec("hpf.slope").format(chain.get("hpf.slope")));
    assertEquals("shaped", chain.spec("dither.mode").format(chain.get("dither.mode")));
    assertEquals(-1.0, chain.get("limiter.ceiling"));
  }

  @Test
  void aBadValueLeavesTheChainUntouched() {
    MasteringChain chain = StandardChain.create();
    String json =
        """
        {"format": "lathe-preset", "version": 1, "parameters": {
          "trim.gain": 5,
          "hpf.slope": "steep"
        }}
        """;
    PresetException e =
        assertThrows(
            PresetException.class,
            () ->
                PresetLoader.apply(
                    PresetLoader.parse(
                        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "x.json"),
                    chain));
    assertEquals(
        "x.json:3: hpf.slope: 'steep' is not a choice of [off, 6, 12, 18, 24, 30, 36, 42, 48]",
        e.getMessage());
    assertEquals(0.0, chain.get("trim.gain"));
  }

  @Test
  void anUnknownNameListsTheBuiltIns() {
    PresetException e = assertThrows(PresetException.class, () -> PresetLoader.load("warm"));
    assertEquals("unknown preset 'warm' (built in: transparent, gentle, loud)", e.getMessage());
  }
}
