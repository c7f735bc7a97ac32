package lathe.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lathe.console.analysis.LoudnessStats;
import lathe.console.analysis.ProgramAnalyzer;
import lathe.console.audio.file.AudioFileException;
import lathe.console.audio.file.AudioFileReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Measures the loudness and peaks of audio files to ITU-R BS.1770-4 and EBU R128. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Measure loudness and peaks (ITU-R BS.1770-4, EBU R128, EBU Tech 3342): integrated"
          + " loudness, loudness range, true peak, sample peak, maximum momentary and short-term"
          + " loudness, and PLR (true peak minus integrated loudness).",
      "Reads the same files as 'lathe master'. Figures that do not exist (silence) print as"
          + " n/a, and as null in JSON."
    },
    footer = {"", "Examples:", "  lathe analyze master.wav", "  lathe analyze *.wav --json"})
final class AnalyzeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files to measure.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--json",
      description =
          "Print JSON instead: one object per file (an array for several files), figures rounded"
              + " to 0.01.")
  boolean json;

  /** One file's figures, with what the format and speed lines need. */
  record Result(
      Path file,
      double sampleRate,
      int channels,
      long frames,
      String format,
      LoudnessStats stats,
      double seconds) {
    double durationSeconds() {
      return frames / sampleRate;
    }

    double xRealtime() {
      return seconds > 0 ? durationSeconds() / seconds : Double.POSITIVE_INFINITY;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Result> results = new ArrayList<>();
    boolean failed = false;
    for (Path file : files) {
      try {
        Result r = measure(file);
        results.add(r);
        if (!json) {
          if (results.size() > 1) {
            out.println();
          }
          print(out, r);
          out.flush();
        }
      } catch (AudioFileException e) {
        err.println("lathe: " + e.getMessage());
        err.flush();
        failed = true;
      }
    }
    boolean array = files.size() > 1;
    if (json && (array || !results.isEmpty())) {
      out.println(toJson(results, array));
    }
    out.flush();
    return failed ? LatheCommand.EXIT_BAD_INPUT : 0;
  }

  private static Result measure(Path file) throws AudioFileException {
    long start = System.nanoTime();
    try (AudioFileReader reader = AudioFileReader.open(file)) {
      LoudnessStats stats =
          ProgramAnalyzer.analyze(reader, ProgressBar.forTerminal(reader.sampleRate()));
      return new Result(
          file,
          reader.sampleRate(),
          reader.channels(),
          reader.frames(),
          reader.formatName() + " " + reader.encoding().describe(),
          stats,
          (System.nanoTime() - start) / 1e9);
    }
  }

  static void print(PrintWriter out, Result r) {
    LoudnessStats s = r.stats();
    out.printf(Locale.ROOT, "file            %s%n", r.file());
    out.printf(
        Locale.ROOT,
        "format          %.0f Hz, %s, %s, %.3f s%n",
        r.sampleRate(),
        r.channels() == 1 ? "mono" : "stereo",
        r.format(),
        r.durationSeconds());
    out.printf(Locale.ROOT, "integrated      %8s LUFS%n", figure(s.integratedLufs()));
    out.printf(Locale.ROOT, "loudness range  %8s LU%n", figure(s.loudnessRangeLu()));
    out.printf(Locale.ROOT, "true peak       %8s dBTP%n", figure(s.truePeakDbtp()));
    out.printf(Locale.ROOT, "sample peak     %8s dBFS%n", figure(s.samplePeakDbfs()));
    out.printf(Locale.ROOT, "max momentary   %8s LUFS%n", figure(s.maxMomentaryLufs()));
    out.printf(Locale.ROOT, "max short-term  %8s LUFS%n", figure(s.maxShortTermLufs()));
    out.printf(Locale.ROOT, "PLR             %8s dB%n", figure(s.plrDb()));
    out.printf(
        Locale.ROOT,
        "speed           %.0fx real time (%.2f s of audio in %.3f s)%n",
        r.xRealtime(),
        r.durationSeconds(),
        r.seconds());
  }

  private static String figure(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Returns the JSON text: one object, or an array of objects when several files were given. */
  static String toJson(List<Result> results, boolean array) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode all = mapper.createArrayNode();
    for (Result r : results) {
      LoudnessStats s = r.stats();
      ObjectNode o = all.addObject();
      o.put("file", r.file().toString());
      o.put("integratedLufs", rounded(s.integratedLufs()));
      o.put("loudnessRangeLu", rounded(s.loudnessRangeLu()));
      o.put("truePeakDbtp", rounded(s.truePeakDbtp()));
      o.put("samplePeakDbfs", rounded(s.samplePeakDbfs()));
      o.put("maxMomentaryLufs", rounded(s.maxMomentaryLufs()));
      o.put("maxShortTermLufs", rounded(s.maxShortTermLufs()));
      o.put("plrDb", rounded(s.plrDb()));
    }
    try {
      if (array) {
        return mapper.writeValueAsString(all);
      }
      return mapper.writeValueAsString(all.get(0));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Rounds to 0.01, the finest step any meter of the standard quotes; null stays null. */
  private static Double rounded(Double v) {
    return v == null ? null : Math.round(v * 100) / 100.0;
  }
}
