package lathe.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import lathe.console.audio.file.AudioFileWriter;
import lathe.console.audio.file.SampleFormat;
import lathe.console.engine.AudioEngine;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.NullBackend;
import lathe.console.engine.stream.FilePlayer;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import lathe.dsp.command.TransportAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleStateTransportTest {
  @Test
  void transportCommandsDriveTheFilePlayer(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mix.wav");
    double[][] ramp = new double[2][48000 * 4];
    for (int i = 0; i < ramp[0].length; i++) {
      ramp[0][i] = ramp[1][i] = (i % 1000) / 2000.0;
    }
    try (AudioFileWriter w = AudioFileWriter.create(file, 48000, 2, SampleFormat.FLOAT_32)) {
      w.write(ramp, 0, ramp[0].length);
      w.commit();
    }
    AudioEngine engine =
        AudioEngine.open(
            new NullBackend(), new AudioSettings(48000, 256, 2, 0, 2), StandardChain.create(), 1);
    try (FilePlayer player = FilePlayer.open(file, 48000, AudioSettings.MAX_BLOCK)) {
      ConsoleState state = new ConsoleState(engine, player);
      assertFalse(player.isPlaying());
      state.apply(new Command.Transport(TransportAction.TOGGLE, 0));
      assertTrue(player.isPlaying());
      state.apply(new Command.Transport(TransportAction.FORWARD, 2.5));
      assertEquals(2.5 * 48000, player.positionFrames(), 0.0, "seeked 2.5 s from the start");
      state.apply(new Command.Transport(TransportAction.REWIND, 1.0));
      assertEquals(1.5 * 48000, player.positionFrames(), 0.0);
      state.apply(new Command.Transport(TransportAction.TOGGLE_LOOP, 0));
      assertTrue(player.isLooping());
      state.apply(new Command.Transport(TransportAction.PAUSE, 0));
      assertFalse(player.isPlaying());
      state.apply(new Command.Transport(TransportAction.RESTART, 0));
      assertEquals(0, player.positionFrames());
    }
    ConsoleState noFile = new ConsoleState(engine, null);
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> noFile.apply(new Command.Transport(TransportAction.PLAY, 0)));
    assertTrue(e.getMessage().contains("--input FILE"), e.getMessage());
  }
}
