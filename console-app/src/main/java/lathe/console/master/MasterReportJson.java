package lathe.console.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import lathe.console.analysis.LoudnessStats;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.param.ParamSpec;

/** Writes a master's report as the JSON document kept beside the master. */
final class MasterReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MasterReportJson() {}

  static String write(MasterReport r, MasteringChain chain) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "lathe-master-report");
    doc.put("version", 1);
    doc.put("input", stats(r.input() == null ? "demo mix" : r.input().toString(), r.in()));
    doc.put("output", stats(r.output().toString(), r.out()));
    if (r.target() != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", r.target().name());
      t.put("integratedLufs", r.target().integratedLufs());
      t.put("truePeakDbtp", r.target().truePeakDbtp());
      t.put("pass", r.passesTarget());
      if (r.targeting() != null) {
        t.put("shortfallLu", round(r.targeting().shortfallLu()));
        t.put("stoppedBy", r.targeting().reason().isEmpty() ? null : r.targeting().reason());
        t.put("passes", r.targeting().passes());
      }
      doc.put("target", t);
    } else {
      doc.put("target", null);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("preset", r.presetName());
    settings.put("sampleFormat", r.format());
    settings.put("sampleRate", r.sampleRate());
    settings.put("channels", r.channels());
    settings.put("ceilingDbtp", round(r.ceilingDbtp()));
    settings.put("limiterCeilingDbtp", r.limiterCeilingDbtp());
    settings.put("limiterGainDb", round(r.limiterGainDb()));
    settings.put("latencyFrames", r.latencyFrames());
    Map<String, Object> params = new LinkedHashMap<>();
    for (ParamSpec p : chain.params()) {
      double v = chain.get(p.id());
      params.put(p.id(), p.isChoice() ? p.format(v) : v);
    }
    settings.put("parameters", params);
    doc.put("settings", settings);
    Map<String, Object> render = new LinkedHashMap<>();
    render.put("frames", r.frames());
    render.put("seconds", round(r.seconds()));
    render.put("xRealtime", round(r.xRealtime()));
    render.put("maxGainReductionDb", round(r.maxGainReductionDb()));
    render.put("clippedSamples", r.clippedSamples());
    doc.put("render", render);
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report not serializable", e);
    }
  }

  private static Map<String, Object> stats(String file, LoudnessStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("integratedLufs", s.integratedLufs());
    m.put("loudnessRangeLu", s.loudnessRangeLu());
    m.put("truePeakDbtp", s.truePeakDbtp());
    m.put("samplePeakDbfs", s.samplePeakDbfs());
    m.put("maxMomentaryLufs", s.maxMomentaryLufs());
    m.put("maxShortTermLufs", s.maxShortTermLufs());
    m.put("plrDb", s.plrDb());
    return m;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.rint(v * 1000) / 1000 : v;
  }
}
