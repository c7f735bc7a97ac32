package lathe.console.audio.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads files built byte by byte from the format specifications. */
class HandBuiltFilesTest {
  @TempDir Path dir;

  private Path save(String name, byte[] bytes) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static final float[] FLOATS = {0.5f, -1.25f, 2.0f, 1e-3f, -0.0f, 0.75f};

  @Test
  void float32WavKeepsValuesAboveFullScale() throws Exception {
    Bytes data = Bytes.le();
    for (float f : FLOATS) {
      data.f32(f);
    }
    Path file =
        save(
            "f32.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.fmt(3, 2, 48_000, 32))
                    .chunk("fact", Bytes.le().u32(3).toArray())
                    .chunk("data", data.toArray())
                    .toArray()));
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals(SampleEncoding.FLOAT_32, r.encoding());
      assertEquals(3, r.frames());
    }
    double[][] x = Signals.readAll(file);
    assertArrayEquals(new double[] {0.5, 2.0, -0.0}, x[0]);
    assertArrayEquals(new double[] {-1.25, (double) 1e-3f, 0.75}, x[1]);
  }

  @Test
  void float64WavIsExact() throws Exception {
    double[] values = {Math.PI / 4, -1.0 / 3, 1.5};
    Bytes data = Bytes.le();
    for (double v : values) {
      data.f64(v);
    }
    Path file =
        save(
            "f64.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.le().raw(Bytes.fmt(3, 1, 96_000, 64)).u16(0).toArray())
                    .chunk("data", data.toArray())
                    .toArray()));
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals(SampleEncoding.FLOAT_64, r.encoding());
      assertEquals(96_000.0, r.sampleRate());
    }
    assertArrayEquals(values, Signals.readAll(file)[0]);
  }

  @Test
  void extensiblePcm24AndFloatUseTheirSubformat() throws Exception {
    Path pcm =
        save(
            "ext24.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.fmtExtensible(2, 192_000, 24, 24, 1))
                    .chunk(
                        "data", Bytes.le().i24(-8_388_608).i24(8_388_607).i24(1).i24(-2).toArray())
                    .toArray()));
    try (AudioFileReader r = AudioFileReader.open(pcm)) {
      assertEquals(SampleEncoding.PCM_24, r.encoding());
      assertEquals(192_000.0, r.sampleRate());
    }
    double[][] x = Signals.readAll(pcm);
    assertArrayEquals(new double[] {-1.0, 1.0 / 8_388_608}, x[0]);
    assertArrayEquals(new double[] {1 - 1.0 / 8_388_608, -2.0 / 8_388_608}, x[1]);

    Path flt =
        save(
            "extf.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.fmtExtensible(1, 44_100, 32, 32, 3))
                    .chunk("data", Bytes.le().f32(-0.5f).f32(1.75f).toArray())
                    .toArray()));
    assertArrayEquals(new double[] {-0.5, 1.75}, Signals.readAll(flt)[0]);
  }

  @Test
  void twentyBitsInA24BitContainerAreScaledByTheContainer() throws Exception {
    // Valid bits 20 are left-justified, so the container scale gives the right level.
    Path file =
        save(
            "ext20.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.fmtExtensible(1, 48_000, 24, 20, 1))
                    .chunk("data", Bytes.le().i24(0x40000 << 4).toArray())
                    .toArray()));
    assertArrayEquals(new double[] {0.5}, Signals.readAll(file)[0]);
  }

  @Test
  void unknownChunksWithOddSizesAreSkippedWithTheirPadByte() throws Exception {
    Path file =
        save(
            "chunks.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("JUNK", new byte[3])
                    .chunk("fmt ", Bytes.fmt(1, 1, 44_100, 16))
                    .chunk(
                        "LIST",
                        "INFOISFT\5\0\0\0abcde"
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                    .chunk("bext", new byte[7])
                    .chunk("data", Bytes.le().u16(0x8000).u16(0x4000).u16(0xFFFF).toArray())
                    .chunk("id3 ", new byte[5])
                    .toArray()));
    assertArrayEquals(new double[] {-1.0, 0.5, -1.0 / 32768}, Signals.readAll(file)[0]);
  }

  @Test
  void eightBitWavIsUnsignedAndEightBitAiffIsSigned() throws Exception {
    Path wav =
        save(
            "u8.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.fmt(1, 1, 22_050, 8))
                    .chunk("data", new byte[] {0, (byte) 128, (byte) 255})
                    .toArray()));
    assertArrayEquals(new double[] {-1.0, 0.0, 127.0 / 128}, Signals.readAll(wav)[0]);
    Path aiff =
        save(
            "s8.aif",
            Bytes.form(
                "AIFF",
                Bytes.be()
                    .chunk("COMM", Bytes.be().u16(1).u32(3).u16(8).hex(Bytes.RATE_44100).toArray())
                    .chunk("SSND", Bytes.be().u32(0).u32(0).u8(0x80).u8(0).u8(0x7F).toArray())
                    .toArray()));
    assertArrayEquals(new double[] {-1.0, 0.0, 127.0 / 128}, Signals.readAll(aiff)[0]);
  }

  private static byte[] aifc(String compression, int bits, byte[] samples, int frames) {
    return Bytes.form(
        "AIFC",
        Bytes.be()
            .chunk("FVER", Bytes.be().u32(0xA2805140L).toArray())
            .chunk(
                "COMM",
                Bytes.be()
                    .u16(1)
                    .u32(frames)
                    .u16(bits)
                    .hex(Bytes.RATE_48000)
                    .ascii(compression)
                    .u8(3)
                    .ascii("abc")
                    .toArray())
            .chunk("SSND", Bytes.be().u32(0).u32(0).raw(samples).toArray())
            .toArray());
  }

  @Test
  void aiffcSowtIsLittleEndianPcm() throws Exception {
    Path file =
        save("sowt.aifc", aifc("sowt", 16, Bytes.le().u16(0x8000).u16(0x2000).toArray(), 2));
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals("AIFF-C", r.formatName());
      assertEquals(48_000.0, r.sampleRate());
      assertEquals(SampleEncoding.PCM_16, r.encoding());
    }
    assertArrayEquals(new double[] {-1.0, 0.25}, Signals.readAll(file)[0]);
  }

  @Test
  void aiffcFl32AndFl64AreBigEndianFloats() throws Exception {
    Path f32 = save("fl32.aifc", aifc("fl32", 32, Bytes.be().f32(1.5f).f32(-0.125f).toArray(), 2));
    assertArrayEquals(new double[] {1.5, -0.125}, Signals.readAll(f32)[0]);
    Path f64 = save("fl64.aifc", aifc("fl64", 64, Bytes.be().f64(0.1).f64(-3.0).toArray(), 2));
    assertArrayEquals(new double[] {0.1, -3.0}, Signals.readAll(f64)[0]);
    Path none = save("none.aifc", aifc("NONE", 24, Bytes.be().i24(0x400000).i24(-1).toArray(), 2));
    assertArrayEquals(new double[] {0.5, -1.0 / 8_388_608}, Signals.readAll(none)[0]);
  }

  @Test
  void aiffChunksMayComeInAnyOrderAndSsndOffsetIsHonoured() throws Exception {
    Path file =
        save(
            "order.aif",
            Bytes.form(
                "AIFF",
                Bytes.be()
                    .chunk(
                        "SSND",
                        Bytes.be().u32(3).u32(0).raw(new byte[3]).u16(0x4000).u16(0xC000).toArray())
                    .chunk("ANNO", "odd".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .chunk("COMM", Bytes.be().u16(1).u32(2).u16(16).hex(Bytes.RATE_44100).toArray())
                    .toArray()));
    assertArrayEquals(new double[] {0.5, -0.5}, Signals.readAll(file)[0]);
  }

  @Test
  void extendedSampleRatesDecodeFromTheirBits() {
    var b =
        java.nio.ByteBuffer.wrap(
            java.util.HexFormat.of()
                .parseHex("400FBB800000000000003FFF800000000000000000000000000000000000"));
    assertEquals(96_000.0, AiffParser.extended(b, 0));
    assertEquals(1.0, AiffParser.extended(b, 10), "exponent 0x3FFF, mantissa 0x8000...: one");
    assertEquals(0.0, AiffParser.extended(b, 20));
  }

  @Test
  void rf64TakesTheDataSizeFromDs64() throws Exception {
    byte[] data = Bytes.le().u16(0x4000).u16(0xC000).u16(0x2000).toArray();
    byte[] body =
        Bytes.le()
            .chunk("ds64", Bytes.le().u64(0).u64(4).u64(2).u32(0).toArray())
            .chunk("fmt ", Bytes.fmt(1, 1, 48_000, 16))
            .chunk("data", 0xFFFFFFFFL, data)
            .toArray();
    Path file =
        save("rf.wav", Bytes.le().ascii("RF64").u32(0xFFFFFFFFL).ascii("WAVE").raw(body).toArray());
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals("RF64", r.formatName());
      assertEquals(2, r.frames(), "ds64 says 4 bytes, the third sample is trailing junk");
    }
    assertArrayEquals(new double[] {0.5, -0.5}, Signals.readAll(file)[0]);
  }

  @Test
  void streamingPlaceholderSizesAreReadToTheEndOfTheFile() throws Exception {
    byte[] fmt = Bytes.le().chunk("fmt ", Bytes.fmt(1, 2, 48_000, 16)).toArray();
    byte[] samples = Bytes.le().u16(0x4000).u16(0xC000).u16(0x2000).u16(0xE000).u8(7).toArray();
    Path ff =
        save(
            "ff.wav",
            Bytes.le()
                .ascii("RIFF")
                .u32(0xFFFFFFFFL)
                .ascii("WAVE")
                .raw(fmt)
                .ascii("data")
                .u32(0xFFFFFFFFL)
                .raw(samples)
                .toArray());
    double[][] x = Signals.readAll(ff);
    assertArrayEquals(new double[] {0.5, 0.25}, x[0], "the partial last frame is dropped");
    assertArrayEquals(new double[] {-0.5, -0.25}, x[1]);
    Path zero =
        save(
            "zero.wav",
            Bytes.le()
                .ascii("RIFF")
                .u32(36)
                .ascii("WAVE")
                .raw(fmt)
                .ascii("data")
                .u32(0)
                .raw(samples)
                .toArray());
    assertArrayEquals(new double[] {0.5, 0.25}, Signals.readAll(zero)[0]);
  }

  @Test
  void seekFrameMovesTheReadPosition() throws Exception {
    Bytes data = Bytes.le();
    for (int i = 0; i < 100; i++) {
      data.u16(i * 100);
    }
    Path file =
        save(
            "seek.wav",
            Bytes.riff(
                Bytes.le()
                    .chunk("fmt ", Bytes.fmt(1, 1, 44_100, 16))
                    .chunk("data", data.toArray())
                    .toArray()));
    try (AudioFileReader r = AudioFileReader.open(file)) {
      double[][] x = new double[1][3];
      r.seekFrame(97);
      assertEquals(3, r.read(x, 3));
      assertArrayEquals(new double[] {9700 / 32768.0, 9800 / 32768.0, 9900 / 32768.0}, x[0]);
      assertEquals(0, r.read(x, 3));
      r.seekFrame(10);
      assertEquals(2, r.read(x, 2));
      assertEquals(1000 / 32768.0, x[0][0]);
      assertEquals(12, r.position());
    }
  }

  @Test
  void anHourAt96kStereoOpensAndSeeksInConstantMemory() throws Exception {
    // A sparse file: 345,600,000 frames of 24-bit stereo (about 2 GB) that takes no disk space.
    long frames = 3600L * 96_000;
    long dataBytes = frames * 6;
    byte[] header =
        Bytes.riff(
            Bytes.le()
                .chunk("fmt ", Bytes.fmt(1, 2, 96_000, 24))
                .ascii("data")
                .u32(dataBytes)
                .toArray());
    header =
        Bytes.le()
            .ascii("RIFF")
            .u32(36 + dataBytes)
            .raw(java.util.Arrays.copyOfRange(header, 8, header.length))
            .toArray();
    Path file = save("hour.wav", header);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(header.length + dataBytes);
      f.seek(header.length + dataBytes - 6);
      f.write(new byte[] {0, 0, 0x40, 0, 0, (byte) 0xC0});
    }
    try (AudioFileReader r = AudioFileReader.open(file)) {
      assertEquals(frames, r.frames());
      r.seekFrame(frames - 4096);
      double[][] x = new double[2][8192];
      assertEquals(4096, r.read(x, 8192));
      assertEquals(0.5, x[0][4095]);
      assertEquals(-0.5, x[1][4095]);
      assertEquals(0.0, x[0][0]);
    }
  }
}
