package org.swiftline.gateway.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How long the appeals of one {@link AppealGroup} waited: the seconds (rounded down) from filing to the
 * first staff response ({@link AppealFact#firstResponseAt()}) and to the first resolution
 * ({@link AppealFact#resolvedAt()}) of those that have one, each list in ascending order.
 */
public record AppealTimes(AppealGroup group, List<Long> firstResponseSeconds, List<Long> resolutionSeconds) {
  public AppealTimes {
    Objects.requireNonNull(group, "group");
    firstResponseSeconds = List.copyOf(firstResponseSeconds);
    resolutionSeconds = List.copyOf(resolutionSeconds);
  }

  /** The times of these facts for the query, in {@link AppealGroup#ORDER}: what a store without a query language gathers. */
  public static List<AppealTimes> of(TallyQuery query, List<AppealFact> facts) {
    Gathering times = new Gathering();
    for (AppealFact f : facts) {
      AppealGroup group = AppealGroup.of(query, f);
      if (group == null) continue;
      long at = f.createdAt().toEpochMilli();
      times.add(group, f.firstResponseAt() == null ? null : f.firstResponseAt().toEpochMilli() - at,
          f.resolvedAt() == null ? null : f.resolvedAt().toEpochMilli() - at);
    }
    return times.times();
  }

  /** Gathers the times appeal by appeal; groups of appeals that have neither time are left out. */
  public static final class Gathering {
    private final Map<AppealGroup, Seconds[]> groups = new HashMap<>();

    /**
     * @param firstResponseMillis milliseconds from filing to the first staff response, or {@code null}
     * @param resolutionMillis milliseconds from filing to the first resolution, or {@code null}
     */
    public void add(AppealGroup group, Long firstResponseMillis, Long resolutionMillis) {
      if (firstResponseMillis == null && resolutionMillis == null) return;
      Seconds[] s = groups.computeIfAbsent(group, g -> new Seconds[] {new Seconds(), new Seconds()});
      if (firstResponseMillis != null) s[0].add(Math.floorDiv(firstResponseMillis, 1000L));
      if (resolutionMillis != null) s[1].add(Math.floorDiv(resolutionMillis, 1000L));
    }

    public List<AppealTimes> times() {
      List<AppealTimes> result = new ArrayList<>(groups.size());
      groups.forEach((group, s) -> result.add(new AppealTimes(group, s[0].sorted(), s[1].sorted())));
      result.sort((a, b) -> AppealGroup.ORDER.compare(a.group(), b.group()));
      return result;
    }
  }

  /** A growing list of seconds. */
  private static final class Seconds {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    List<Long> sorted() {
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      return Arrays.stream(sorted).boxed().toList();
    }
  }
}
