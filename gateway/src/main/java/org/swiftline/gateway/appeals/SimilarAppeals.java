package org.swiftline.gateway.appeals;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.swiftline.gateway.retrieval.TextSimilarity;
import org.swiftline.gateway.store.AppealQuery;
import org.swiftline.gateway.store.AppealStore;

/**
 * Links a new appeal to the open appeals that report the same thing, so that "many people report the same
 * problem" shows: same category, filed in the last {@link #WINDOW}, and textually alike
 * ({@link TextSimilarity}): at least {@link #SAME_DISTRICT} when the districts agree or one is unknown, at
 * least {@link #OTHER_DISTRICT} across districts (the eldercare stations that many districts lacked). The
 * group is named by the number of its first appeal; a new appeal joins the group of the open appeal it is
 * most alike.
 */
public final class SimilarAppeals {
  private static final System.Logger LOG = System.getLogger("swiftline.appeals");
  static final Duration WINDOW = Duration.ofDays(60);
  static final double SAME_DISTRICT = 0.35;
  static final double OTHER_DISTRICT = 0.45;
  private static final int CANDIDATES = 500;
  private static final Set<AppealStatus> OPEN = EnumSet.of(
      AppealStatus.RECEIVED, AppealStatus.DISPATCHED, AppealStatus.IN_PROGRESS, AppealStatus.REOPENED);

  private final AppealStore store;
  private final WorkerExecutor workers;
  private final TextSimilarity similarity;

  public SimilarAppeals(AppealStore store, WorkerExecutor workers, TextSimilarity similarity) {
    this.store = store;
    this.workers = workers;
    this.similarity = similarity;
  }

  /**
   * Links a newly stored appeal to its group of similar open appeals, if there is one.
   *
   * @return a future that succeeds with the numbers in its group, oldest first (just its own when it is
   *     alone); never fails: linking is advice, and a failure leaves the appeal alone
   */
  public Future<List<String>> link(Appeal appeal) {
    if (appeal.category() == null) return Future.succeededFuture(List.of(appeal.number()));
    AppealQuery query = new AppealQuery(null, null, false, OPEN, Set.of(appeal.category()),
        appeal.createdAt().minus(WINDOW), appeal.createdAt().plusMillis(1), CANDIDATES);
    return store.search(query)
        .compose(candidates -> workers.executeBlocking(() -> mostAlike(appeal, candidates), false))
        .compose(best -> {
          if (best == null) return Future.succeededFuture(List.of(appeal.number()));
          return store.fact(best.number()).compose(fact -> {
            String cluster = fact.map(f -> f.cluster()).orElse(null);
            Future<Void> rooted = cluster != null ? Future.succeededFuture() : store.link(best.number(), best.number());
            String group = cluster != null ? cluster : best.number();
            return rooted.compose(v -> store.link(appeal.number(), group)).compose(v -> store.cluster(group));
          });
        })
        .onSuccess(group -> {
          if (group.size() > 1) LOG.log(System.Logger.Level.INFO, "appeals.linked number={0} cluster={1} size={2}",
              appeal.number(), group.get(0), group.size());
        })
        .recover(e -> {
          LOG.log(System.Logger.Level.WARNING, "appeals.link.failed number=" + appeal.number(), e);
          return Future.succeededFuture(List.of(appeal.number()));
        });
  }

  /** The open appeal most alike {@code appeal} above the threshold for its district, or {@code null}. Blocking. */
  Appeal mostAlike(Appeal appeal, List<Appeal> candidates) {
    List<Appeal> others = candidates.stream().filter(c -> !c.number().equals(appeal.number())).toList();
    if (others.isEmpty()) return null;
    List<String> texts = new ArrayList<>();
    List<String> languages = new ArrayList<>();
    texts.add(text(appeal));
    languages.add(appeal.language());
    for (Appeal c : others) {
      texts.add(text(c));
      languages.add(c.language());
    }
    List<TextSimilarity.Vector> vectors = similarity.vectors(texts, languages);
    Appeal best = null;
    double bestScore = 0;
    for (int i = 0; i < others.size(); i++) {
      Appeal c = others.get(i);
      double score = vectors.get(0).cosine(vectors.get(i + 1));
      boolean sameDistrict = appeal.district() == null || c.district() == null || Objects.equals(appeal.district(), c.district());
      double threshold = sameDistrict ? SAME_DISTRICT : OTHER_DISTRICT;
      if (score >= threshold && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }

  /** What is compared: what happened (the address and time say where and when, not what). */
  private static String text(Appeal a) {
    return a.what();
  }
}
