package org.swiftline.gateway.analytics;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.swiftline.bots.LanguageTags;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealDesk;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.retrieval.TextSimilarity;
import org.swiftline.gateway.store.AppealRow;
import org.swiftline.gateway.store.AppealStore;
import org.swiftline.gateway.store.AppealTally;
import org.swiftline.gateway.store.FeedbackStore;

/**
 * The analytics API for supervisors, JSON under {@code /api/v1/analytics/}, behind a guard handler given by
 * the wiring (the admin token now; a supervisor's session too once operators sign in). Every route takes
 * the period as {@code from} and {@code to} (ISO dates, days of the configured time zone, both included;
 * the last 30 days by default) and {@code lang} for the names of categories, departments and districts
 * (default {@code en}):
 *
 * <ul>
 *   <li>{@code GET appeals-per-day}: appeals filed per day by category;
 *   <li>{@code GET breakdown?by=category|department|district|status|language}: appeals counted by one of them;
 *   <li>{@code GET rates}: resolution and satisfaction rates, for the period and per day;
 *   <li>{@code GET response-times}: time to first response and to resolution, median and 90th percentile;
 *   <li>{@code GET pain-points?limit=n}: the category and district pairs and the groups of similar appeals
 *       with the most appeals, with their growth against the previous period of the same length;
 *   <li>{@code GET knowledge-gaps?limit=n}: the questions the bot could not answer, grouped by similarity;
 *   <li>{@code GET appeals.csv}: the period's appeals as CSV, without personal data unless an administrator
 *       adds {@code personal=true} ({@link AppealCsv}).
 * </ul>
 *
 * Bad parameters get 400; the figures are computed on worker threads (see {@link AppealFigures} for what
 * each one means).
 */
public final class AnalyticsApi {
  public static final String BASE = "/api/v1/analytics";
  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 100;
  /** The most unanswered questions grouped at once (the newest of the period). */
  static final int MAX_QUESTIONS = 5000;
  private static final int CSV_PAGE = 500;
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d ()-]{5,20}\\d");

  private final AppealDesk desk;
  private final FeedbackStore feedback;
  private final Handler<RoutingContext> guard;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final ZoneId zone;
  private final KnowledgeGaps gaps = new KnowledgeGaps(new TextSimilarity());

  /**
   * @param guard lets a request through ({@code ctx.next()}) or fails it with 401 or 403
   * @param workers where the figures are computed
   * @param zone whose days the figures count by ({@code SWIFTLINE_TIME_ZONE})
   */
  public AnalyticsApi(AppealDesk desk, FeedbackStore feedback, Handler<RoutingContext> guard, WorkerExecutor workers, Clock clock,
      ZoneId zone) {
    this.desk = desk;
    this.feedback = feedback;
    this.guard = guard;
    this.workers = workers;
    this.clock = clock;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.route(BASE + "/*").handler(guard);
    router.get(BASE + "/appeals-per-day").handler(ctx -> figures(ctx, f -> store().tally(f.perDayQuery()), AppealFigures::perDay));
    router.get(BASE + "/rates").handler(ctx -> figures(ctx, f -> store().tally(f.ratesQuery()), AppealFigures::rates));
    router.get(BASE + "/response-times")
        .handler(ctx -> figures(ctx, f -> store().times(f.responseTimesQuery()), AppealFigures::responseTimes));
    router.get(BASE + "/breakdown").handler(ctx -> {
      AppealFigures.Dimension by;
      try {
        by = AppealFigures.Dimension.fromWire(ctx.request().getParam("by", "category"));
      } catch (IllegalArgumentException e) {
        ctx.fail(400, e);
        return;
      }
      figures(ctx, f -> store().tally(f.breakdownQuery(by)), (f, tallies) -> f.breakdown(by, tallies));
    });
    router.get(BASE + "/pain-points").handler(this::painPoints);
    router.get(BASE + "/knowledge-gaps").handler(this::knowledgeGaps);
    router.get(BASE + "/appeals.csv").handler(this::csv);
  }

  /** The request's parameters, validated together before anything is read. */
  private record Query(Period period, int limit, String language) {}

  private Query query(RoutingContext ctx) {
    Period period = Period.parse(ctx.request().getParam("from"), ctx.request().getParam("to"), clock, zone);
    String limitParam = ctx.request().getParam("limit");
    int limit = DEFAULT_LIMIT;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    String language = ctx.request().getParam("lang", "en");
    if (!LanguageTags.isWellFormed(language)) throw new IllegalArgumentException("lang must be a language tag such as en or zh");
    return new Query(period, limit, LanguageTags.primary(language));
  }

  /** The query, or {@code null} after failing the request with 400 (or 503 while the knowledge base loads). */
  private Query validQuery(RoutingContext ctx) {
    try {
      Query q = query(ctx);
      desk.knowledgeBase();
      return q;
    } catch (IllegalArgumentException e) {
      ctx.fail(400, e);
    } catch (IllegalStateException loading) {
      ctx.fail(503, loading);
    }
    return null;
  }

  private AppealFigures.Names names(String language) {
    KnowledgeBase kb = desk.knowledgeBase();
    return new AppealFigures.Names() {
      @Override
      public String category(String id) {
        return AppealDesk.categoryName(kb, id, language);
      }

      @Override
      public String district(String id) {
        return desk.districtName(id, language);
      }

      @Override
      public String department(String id) {
        return AppealDesk.departmentName(kb, id, language);
      }
    };
  }

  private AppealStore store() {
    return desk.store();
  }

  /** Reads what a figure is computed from, then computes it on a worker. */
  private <T> void figures(RoutingContext ctx, Function<AppealFigures, Future<T>> read, BiFunction<AppealFigures, T, JsonObject> figure) {
    Query q = validQuery(ctx);
    if (q == null) return;
    AppealFigures figures = new AppealFigures(q.period(), names(q.language()));
    read.apply(figures)
        .compose(data -> workers.executeBlocking(() -> figure.apply(figures, data), false))
        .onSuccess(json -> json(ctx, json))
        .onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, JsonObject json) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(json);
  }

  private void painPoints(RoutingContext ctx) {
    Query q = validQuery(ctx);
    if (q == null) return;
    AppealFigures.Names names = names(q.language());
    AppealFigures figures = new AppealFigures(q.period(), names);
    Period previous = q.period().previous();
    Future<List<AppealTally>> places = store().tally(AppealFigures.placesQuery(q.period()));
    Future<List<AppealTally>> placesBefore = store().tally(AppealFigures.placesQuery(previous));
    Future<List<AppealTally>> clusters = store().tally(AppealFigures.clustersQuery(q.period()));
    Future<List<AppealTally>> clustersBefore = store().tally(AppealFigures.clustersQuery(previous));
    Future.all(places, placesBefore, clusters, clustersBefore).compose(read -> workers.executeBlocking(() -> new Top(
        figures.topPlaces(places.result(), placesBefore.result(), q.limit()),
        figures.topClusters(clusters.result(), clustersBefore.result(), q.limit())), false)).compose(top -> {
      JsonArray list = top.places();
      return describe(top.clusters(), clusters.result(), names).map(described -> new JsonObject()
          .put("from", q.period().from().toString()).put("to", q.period().to().toString())
          .put("previousFrom", previous.from().toString()).put("previousTo", previous.to().toString())
          .put("places", list).put("clusters", described));
    }).onSuccess(json -> json(ctx, json)).onFailure(ctx::fail);
  }

  /** The top places and groups of similar appeals of a period. */
  private record Top(JsonArray places, List<AppealFigures.ClusterCount> clusters) {}

  /**
   * Each group with its size overall, its first appeal's text, category and the districts it spans.
   *
   * @param tallies the period's appeals in groups by group, district and status
   */
  private Future<JsonArray> describe(List<AppealFigures.ClusterCount> clusters, List<AppealTally> tallies, AppealFigures.Names names) {
    Map<String, TreeSet<String>> districts = new HashMap<>();
    Map<String, Integer> open = new HashMap<>();
    for (AppealTally t : tallies) {
      String cluster = t.group().cluster();
      if (cluster == null) continue;
      if (t.group().district() != null) districts.computeIfAbsent(cluster, k -> new TreeSet<>()).add(t.group().district());
      if (t.group().status().isOpen()) open.merge(cluster, t.filed(), Integer::sum);
    }
    List<Future<JsonObject>> described = new ArrayList<>();
    for (AppealFigures.ClusterCount c : clusters) {
      described.add(store().cluster(c.cluster()).compose(members -> store().find(c.cluster()).map(first -> {
        Appeal a = first.orElse(null);
        JsonArray spans = new JsonArray();
        for (String d : districts.getOrDefault(c.cluster(), new TreeSet<>())) {
          spans.add(new JsonObject().put("district", d).put("name", names.district(d)));
        }
        return new JsonObject().put("cluster", c.cluster()).put("size", members.size()).put("count", c.count())
            .put("previous", c.previous()).put("growth", AppealFigures.growth(c.count(), c.previous()))
            .put("open", open.getOrDefault(c.cluster(), 0))
            .put("category", a == null ? null : a.category())
            .put("categoryName", a == null || a.category() == null ? null : names.category(a.category()))
            .put("what", a == null ? null : PHONE_LIKE.matcher(a.what()).replaceAll("[number removed]"))
            .put("districts", spans);
      })));
    }
    return Future.all(described).map(done -> {
      JsonArray list = new JsonArray();
      described.forEach(f -> list.add(f.result()));
      return list;
    });
  }

  private void knowledgeGaps(RoutingContext ctx) {
    Query q = validQuery(ctx);
    if (q == null) return;
    feedback.unanswered(q.period().start(), q.period().end(), MAX_QUESTIONS)
        .compose(questions -> workers.executeBlocking(() -> new JsonObject()
            .put("from", q.period().from().toString()).put("to", q.period().to().toString())
            .put("questions", questions.size()).put("truncated", questions.size() >= MAX_QUESTIONS)
            .put("groups", gaps.group(questions, q.limit())), false))
        .onSuccess(json -> json(ctx, json)).onFailure(ctx::fail);
  }

  private void csv(RoutingContext ctx) {
    Query q = validQuery(ctx);
    if (q == null) return;
    // personal data only when an administrator asks for it explicitly
    boolean personal = "true".equals(ctx.request().getParam("personal"));
    if (personal && !Boolean.TRUE.equals(ctx.get(org.swiftline.gateway.http.BearerTokenGuard.ADMIN_CALLER))) {
      ctx.fail(403, new IllegalStateException("personal=true is for administrators (the admin token or an admin's session)"));
      return;
    }
    AppealCsv csv = new AppealCsv(names(q.language()), personal);
    Period p = q.period();
    // the first page before the headers, so that a store that fails fails the request
    store().page(p.start(), p.end(), null, CSV_PAGE).onFailure(ctx::fail).onSuccess(first -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"appeals-" + p.from() + "-" + p.to() + ".csv\"")
          .putHeader("Cache-Control", "no-store")
          .putHeader("X-Content-Type-Options", "nosniff");
      // a byte order mark, so that spreadsheets read the file as UTF-8
      response.write(Buffer.buffer("\uFEFF" + csv.header()))
          .compose(v -> rows(response, csv, p, first))
          .onSuccess(v -> response.end())
          .onFailure(ctx::fail);
    });
  }

  /**
   * Writes the appeals page by page: while one page is formatted and written, the next is read (by key,
   * after the last row of this one), and the one after that only once this write is done, so a slow client
   * slows the reading and at most one page waits in memory.
   */
  private Future<Void> rows(HttpServerResponse response, AppealCsv csv, Period p, List<AppealRow> page) {
    if (page.isEmpty()) return Future.succeededFuture();
    Future<List<AppealRow>> next = page.size() < CSV_PAGE ? Future.succeededFuture(List.of())
        : store().page(p.start(), p.end(), page.get(page.size() - 1), CSV_PAGE);
    StringBuilder chunk = new StringBuilder();
    for (AppealRow row : page) chunk.append(csv.row(row.appeal(), row.fact()));
    return response.write(Buffer.buffer(chunk.toString())).compose(v -> next).compose(rows -> rows(response, csv, p, rows));
  }
}
