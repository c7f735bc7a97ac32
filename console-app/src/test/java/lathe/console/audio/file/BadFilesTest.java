package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds broken and unsupported files to an offline conversion and checks the one-line message and
 * that no output is left behind.
 */
class BadFilesTest {
  @TempDir Path in;
  @TempDir Path out;

  /** Converts a file the way offline mastering does: print target first, then stream through. */
  private void convert(Path source) throws Exception {
    try (AudioFileWriter w =
        AudioFileWriter.create(out.resolve("master.wav"), 48_000, 2, SampleFormat.PCM_24)) {
      try (AudioFileReader r = AudioFileReader.open(source)) {
        double[][] block = new double[2][256];
        int n;
        while ((n = r.read(block, 256)) > 0) {
          if (r.channels() == 1) {
            System.arraycopy(block[0], 0, block[1], 0, n);
          }
          w.write(block, 0, n);
        }
      }
      w.commit();
    }
  }

  private static byte[] wav(byte[] fmtBody, byte[] data) {
    return Bytes.riff(Bytes.le().chunk("fmt ", fmtBody).chunk("data", data).toArray());
  }

  private static final byte[] FMT_STEREO_16 = Bytes.fmt(1, 2, 48_000, 16);

  static Stream<Arguments> badFiles() {
    byte[] truncated =
        Bytes.le()
            .ascii("RIFF")
            .u32(36 + 960_000)
            .ascii("WAVE")
            .chunk("fmt ", FMT_STEREO_16)
            .ascii("data")
            .u32(960_000)
            .raw(new byte[4410])
            .toArray();
    byte[] emptyData =
        Bytes.le()
            .ascii("RIFF")
            .u32(36)
            .ascii("WAVE")
            .chunk("fmt ", FMT_STEREO_16)
            .ascii("data")
            .u32(0)
            .toArray();
    byte[] cutInFmt =
        Bytes.le()
            .ascii("RIFF")
            .u32(36)
            .ascii("WAVE")
            .ascii("fmt ")
            .u32(16)
            .u32(0x00020001)
            .toArray();
    byte[] aiffShortSsnd =
        Bytes.form(
            "AIFF",
            Bytes.be()
                .chunk("COMM", Bytes.be().u16(2).u32(1000).u16(16).hex(Bytes.RATE_44100).toArray())
                .chunk("SSND", Bytes.be().u32(0).u32(0).raw(new byte[400]).toArray())
                .toArray());
    byte[] ulaw =
        Bytes.form(
            "AIFC",
            Bytes.be()
                .chunk(
                    "COMM",
                    Bytes.be()
                        .u16(1)
                        .u32(1)
                        .u16(16)
                        .hex(Bytes.RATE_44100)
                        .ascii("ulaw")
                        .u8(0)
                        .u8(0)
                        .toArray())
                .chunk("SSND", Bytes.be().u32(0).u32(0).u16(0).toArray())
                .toArray());
    byte[] oddGuid = Bytes.fmtExtensible(2, 48_000, 16, 16, 1);
    oddGuid[39] = 0x72;
    return Stream.of(
        Arguments.of(
            "mix.wav",
            truncated,
            "mix.wav: truncated: data chunk declares 960000 bytes but the file ends after 4410"),
        Arguments.of(
            "notes.txt",
            "Notes for the master\n".getBytes(StandardCharsets.UTF_8),
            "notes.txt: not a WAV or AIFF file"),
        Arguments.of("nothing.wav", new byte[0], "nothing.wav: not a WAV or AIFF file (empty)"),
        Arguments.of(
            "avi.wav",
            Bytes.le().ascii("RIFF").u32(4).ascii("AVI ").toArray(),
            "avi.wav: not a WAV or AIFF file"),
        Arguments.of(
            "x.wav",
            wav(Bytes.fmt(1, 2, 48_000, 12), new byte[8]),
            "x.wav: unsupported encoding: 12-bit PCM"),
        Arguments.of(
            "f16.wav",
            wav(Bytes.fmt(3, 2, 48_000, 16), new byte[8]),
            "f16.wav: unsupported encoding: 16-bit float"),
        Arguments.of(
            "adpcm.wav",
            wav(Bytes.fmt(2, 2, 48_000, 4), new byte[8]),
            "adpcm.wav: unsupported encoding: WAV format tag 0x0002 (Microsoft ADPCM)"),
        Arguments.of(
            "guid.wav",
            wav(oddGuid, new byte[8]),
            "guid.wav: unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat 00000001-0000-0010-8000-00AA00389B72"),
        Arguments.of(
            "six.wav",
            wav(Bytes.fmt(1, 6, 48_000, 16), new byte[24]),
            "six.wav: 6 channels not supported (mono or stereo only)"),
        Arguments.of(
            "low.wav",
            wav(Bytes.fmt(1, 2, 4_000, 16), new byte[8]),
            "low.wav: unsupported sample rate: 4000 Hz"),
        Arguments.of(
            "high.wav",
            wav(Bytes.fmt(1, 2, 1_000_000, 16), new byte[8]),
            "high.wav: unsupported sample rate: 1000000 Hz"),
        Arguments.of("empty.wav", emptyData, "empty.wav: no audio frames"),
        Arguments.of(
            "short.wav",
            wav(new byte[14], new byte[8]),
            "short.wav: broken header: fmt chunk too short"),
        Arguments.of(
            "ext.wav",
            wav(Bytes.fmt(0xFFFE, 2, 48_000, 16), new byte[8]),
            "ext.wav: broken header: fmt chunk too short for WAVE_FORMAT_EXTENSIBLE"),
        Arguments.of(
            "cut.wav",
            cutInFmt,
            "cut.wav: truncated: fmt chunk declares 16 bytes but the file ends after 4"),
        Arguments.of(
            "align.wav",
            wav(
                Bytes.le().u16(1).u16(2).u32(48_000).u32(192_000).u16(6).u16(16).toArray(),
                new byte[12]),
            "align.wav: broken header: block align 6 does not match 2 channel(s) of 16-bit PCM"),
        Arguments.of(
            "nodata.wav",
            Bytes.riff(
                Bytes.le().chunk("fmt ", FMT_STEREO_16).chunk("LIST", new byte[4]).toArray()),
            "nodata.wav: broken header: no data chunk"),
        Arguments.of(
            "nofmt.wav",
            Bytes.riff(Bytes.le().chunk("LIST", new byte[4]).toArray()),
            "nofmt.wav: broken header: no fmt chunk"),
        Arguments.of(
            "order.wav",
            Bytes.riff(
                Bytes.le().chunk("data", new byte[4]).chunk("fmt ", FMT_STEREO_16).toArray()),
            "order.wav: broken header: data chunk before fmt chunk"),
        Arguments.of(
            "short.aif",
            aiffShortSsnd,
            "short.aif: truncated: COMM chunk declares 1000 frames but the SSND chunk holds 100"),
        Arguments.of(
            "ulaw.aifc", ulaw, "ulaw.aifc: unsupported encoding: AIFF-C compression 'ulaw'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void failsWithOneLineNamingTheFileAndLeavesNoOutput(String name, byte[] bytes, String message)
      throws Exception {
    Path source = in.resolve(name);
    Files.write(source, bytes);
    AudioFileException e = assertThrows(AudioFileException.class, () -> convert(source));
    assertEquals(message, e.getMessage());
    assertEquals(name, e.fileName());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals(List.of(), Signals.names(out));
  }

  @Test
  void missingFileIsNamed() throws Exception {
    AudioFileException e =
        assertThrows(AudioFileException.class, () -> convert(in.resolve("x.wav")));
    assertEquals("x.wav: no such file", e.getMessage());
    assertEquals(List.of(), Signals.names(out));
  }

  @Test
  void aFileCutShortWhileStreamingAbortsTheOutput() throws Exception {
    Path source = in.resolve("live.wav");
    Files.write(source, wav(FMT_STEREO_16, new byte[4 * 2000]));
    Files.writeString(out.resolve("master.wav"), "old master");
    AudioFileException e;
    try (AudioFileWriter w =
            AudioFileWriter.create(out.resolve("master.wav"), 48_000, 2, SampleFormat.PCM_24);
        AudioFileReader r = AudioFileReader.open(source)) {
      double[][] block = new double[2][256];
      w.write(block, 0, r.read(block, 256));
      try (FileChannel ch = FileChannel.open(source, StandardOpenOption.WRITE)) {
        ch.truncate(44 + 4 * 1000);
      }
      e =
          assertThrows(
              AudioFileException.class,
              () -> {
                while (r.read(block, 256) > 0) {
                  w.write(block, 0, 256);
                }
              });
    }
    assertEquals("live.wav: truncated: the file ends after frame 1000 of 2000", e.getMessage());
    assertEquals(List.of("master.wav"), Signals.names(out));
    assertEquals("old master", Files.readString(out.resolve("master.wav")));
  }
}
