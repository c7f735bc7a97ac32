package lathe.console.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JackServerTest {
  @RegisterExtension static final JackServer JACK = new JackServer(48000, 64);

  @Test
  void privateServerListsTheDummySystemPorts() throws Exception {
    Process p = new ProcessBuilder("jack_lsp", "-s", JACK.name()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    assertTrue(out.contains("system:capture_1") && out.contains("system:playback_2"), out);
  }
}
