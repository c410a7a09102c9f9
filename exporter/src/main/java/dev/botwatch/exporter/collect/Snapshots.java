package dev.botwatch.exporter.collect;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Merges metric families that several sources export under the same name: {@code bot_trades_total}
 * comes from pushed events for one bot and from the Freqtrade API for another, {@code
 * bot_data_updated_timestamp_seconds} from a state snapshot or a file's mtime. client_java refuses
 * two families of one name in a scrape, so the sources are merged here: the first family of a name
 * keeps its metadata, later ones contribute their data points, and a label set already present is
 * dropped (reported to {@code onConflict}) rather than emitted twice.
 */
public final class Snapshots {
  private Snapshots() {}

  public static MetricSnapshots merge(
      Iterable<MetricSnapshots> sources, Consumer<String> onConflict) {
    Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
    for (MetricSnapshots s : sources) {
      for (MetricSnapshot m : s) {
        byName.computeIfAbsent(m.getMetadata().getPrometheusName(), k -> new ArrayList<>()).add(m);
      }
    }
    List<MetricSnapshot> out = new ArrayList<>(byName.size());
    for (List<MetricSnapshot> family : byName.values()) {
      out.add(family.size() == 1 ? family.get(0) : mergeFamily(family, onConflict));
    }
    return new MetricSnapshots(out);
  }

  /**
   * Keeps, across {@code parts} taken in order, only the first series per {@code bot} label value
   * of the gauge family {@code name}: for info-style gauges (bot_info) whose other labels differ
   * between sources, where two series for one bot would break {@code group_left} joins. Call it
   * before {@link #merge}, which sorts data points and so forgets which source came first.
   */
  public static List<MetricSnapshots> oneSeriesPerBot(String name, List<MetricSnapshots> parts) {
    Set<String> bots = new HashSet<>();
    List<MetricSnapshots> out = new ArrayList<>(parts.size());
    for (MetricSnapshots part : parts) {
      List<MetricSnapshot> families = new ArrayList<>(part.size());
      for (MetricSnapshot m : part) {
        if (m instanceof GaugeSnapshot g && m.getMetadata().getPrometheusName().equals(name)) {
          List<GaugeDataPointSnapshot> kept = new ArrayList<>();
          for (GaugeDataPointSnapshot dp : g.getDataPoints()) {
            if (bots.add(String.valueOf(dp.getLabels().get("bot")))) {
              kept.add(dp);
            }
          }
          m =
              kept.size() == g.getDataPoints().size()
                  ? g
                  : new GaugeSnapshot(g.getMetadata(), kept);
        }
        families.add(m);
      }
      out.add(new MetricSnapshots(families));
    }
    return out;
  }

  private static MetricSnapshot mergeFamily(
      List<MetricSnapshot> family, Consumer<String> onConflict) {
    MetricSnapshot first = family.get(0);
    Set<Labels> seen = new HashSet<>();
    List<DataPointSnapshot> points = new ArrayList<>();
    for (MetricSnapshot m : family) {
      if (m.getClass() != first.getClass()) {
        onConflict.accept(first.getMetadata().getName() + " exported with two different types");
        continue;
      }
      for (DataPointSnapshot dp : m.getDataPoints()) {
        if (seen.add(dp.getLabels())) {
          points.add(dp);
        } else {
          onConflict.accept(first.getMetadata().getName() + dp.getLabels() + " exported twice");
        }
      }
    }
    var meta = first.getMetadata();
    if (first instanceof GaugeSnapshot) {
      return new GaugeSnapshot(meta, cast(points, GaugeDataPointSnapshot.class));
    } else if (first instanceof CounterSnapshot) {
      return new CounterSnapshot(meta, cast(points, CounterDataPointSnapshot.class));
    } else if (first instanceof HistogramSnapshot h) {
      return new HistogramSnapshot(
          h.isGaugeHistogram(), meta, cast(points, HistogramDataPointSnapshot.class));
    } else if (first instanceof SummarySnapshot) {
      return new SummarySnapshot(meta, cast(points, SummaryDataPointSnapshot.class));
    } else if (first instanceof InfoSnapshot) {
      return new InfoSnapshot(meta, cast(points, InfoDataPointSnapshot.class));
    } else if (first instanceof StateSetSnapshot) {
      return new StateSetSnapshot(meta, cast(points, StateSetDataPointSnapshot.class));
    }
    return new UnknownSnapshot(meta, cast(points, UnknownDataPointSnapshot.class));
  }

  private static <T> List<T> cast(List<DataPointSnapshot> points, Class<T> type) {
    return points.stream().map(type::cast).toList();
  }
}
