package org.swiftline.gateway.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many appeals of one {@link AppealGroup} were filed and, when the query asks for them
 * ({@link TallyQuery#outcomes()}), how they went: counts only, for analytics (which turn them into rates).
 *
 * @param outcomes {@code null} when the query did not ask for them
 */
public record AppealTally(AppealGroup group, int filed, Outcomes outcomes) {
  public AppealTally {
    Objects.requireNonNull(group, "group");
  }

  /**
   * How the appeals of a group went.
   *
   * @param resolved those with a resolution recorded ({@link AppealFact#resolvedAt()})
   * @param verdicts those whose citizen said whether the resolution solved the problem
   * @param solved those whose citizen's latest verdict was "solved"
   * @param ratings how many were rated 1, 2, 3, 4 and 5 ({@code ratings.get(r - 1)} for rating {@code r})
   */
  public record Outcomes(int resolved, int verdicts, int solved, List<Integer> ratings) {
    public Outcomes {
      ratings = List.copyOf(ratings);
      if (ratings.size() != 5) throw new IllegalArgumentException("ratings must count the ratings 1 to 5");
    }
  }

  /** The tallies of these facts for the query, in {@link AppealGroup#ORDER}: what a store without a query language counts. */
  public static List<AppealTally> count(TallyQuery query, List<AppealFact> facts) {
    Map<AppealGroup, int[]> counts = new HashMap<>();
    for (AppealFact f : facts) {
      AppealGroup group = AppealGroup.of(query, f);
      if (group == null) continue;
      int[] c = counts.computeIfAbsent(group, g -> new int[9]);
      c[0]++;
      if (f.resolvedAt() != null) c[1]++;
      if (f.solved() != null) {
        c[2]++;
        if (f.solved()) c[3]++;
      }
      if (f.satisfaction() != null) c[3 + f.satisfaction()]++;
    }
    List<AppealTally> tallies = new ArrayList<>(counts.size());
    counts.forEach((group, c) -> tallies.add(new AppealTally(group, c[0],
        query.outcomes() ? new Outcomes(c[1], c[2], c[3], List.of(c[4], c[5], c[6], c[7], c[8])) : null)));
    tallies.sort((a, b) -> AppealGroup.ORDER.compare(a.group(), b.group()));
    return tallies;
  }
}
