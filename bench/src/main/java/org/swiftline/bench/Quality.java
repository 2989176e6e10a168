package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an evaluation set through the chat API, one fresh conversation per message and no language hint,
 * and measures per language: top-1 accuracy on answerable questions (the turn's {@code match} is the
 * right article, whether answered or clarified, or the item's alternative outcome), answer precision and rate, clarify rate, out-of-scope
 * recall and precision (an out-of-scope message is handled right when the bot neither answers nor offers
 * articles), and language-detection accuracy.
 */
public final class Quality {
  /** Counts for one language (or all). */
  public static final class Score {
    public int inScope, top1, answered, answeredRight, clarified, outOfScope, outRejected, rejectedTotal, languageRight, total;
    public final List<String> wrongAnswers = new ArrayList<>();
    public final List<String> wrongLanguages = new ArrayList<>();
    public final List<String> missed = new ArrayList<>();
    public final List<String> outOfScopeOffered = new ArrayList<>();

    void add(EvalSet.Item item, JsonObject turn) {
      total++;
      String outcome = turn.getString("outcome");
      JsonObject match = turn.getJsonObject("match");
      String article = match == null ? null : match.getString("articleId");
      boolean offersArticle = outcome.equals("answered") || outcome.equals("clarify");
      if (item.language().equals(turn.getString("language"))) languageRight++;
      else wrongLanguages.add(item.language() + ": '" + item.text() + "' -> " + turn.getString("language"));
      if (!offersArticle) rejectedTotal++;
      if (item.inScope()) {
        inScope++;
        if ((item.article().equals(article) && offersArticle) || outcome.equals(item.orOutcome())) top1++;
        else missed.add(item.language() + ": '" + item.text() + "' -> " + outcome + " " + article + " (expected " + item.article() + ")");
        if (outcome.equals("answered")) {
          answered++;
          if (item.article().equals(article)) answeredRight++;
          else wrongAnswers.add(item.language() + ": '" + item.text() + "' -> " + article + " (expected " + item.article() + ")");
        }
        if (outcome.equals("clarify")) clarified++;
      } else {
        outOfScope++;
        if (!offersArticle) outRejected++;
        else outOfScopeOffered.add(item.language() + ": '" + item.text() + "' -> " + outcome + " " + article);
        if (outcome.equals("answered")) {
          answered++;
          wrongAnswers.add(item.language() + ": '" + item.text() + "' -> " + article + " (expected no answer)");
        }
      }
    }

    public double top1Accuracy() {
      return ratio(top1, inScope);
    }

    public double precision() {
      return ratio(answeredRight, answered);
    }

    public double outOfScopeRecall() {
      return ratio(outRejected, outOfScope);
    }

    public double outOfScopePrecision() {
      return ratio(outRejected, rejectedTotal);
    }

    public double languageAccuracy() {
      return ratio(languageRight, total);
    }

    public double answerRate() {
      return ratio(answered, inScope + outOfScope);
    }

    public double clarifyRate() {
      return ratio(clarified, inScope);
    }

    private static double ratio(int a, int b) {
      return b == 0 ? Double.NaN : a / (double) b;
    }
  }

  /** Runs every item through the gateway at {@code port} and returns scores by language plus "all". */
  public static Map<String, Score> run(Vertx vertx, int port, EvalSet set, int concurrency) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(concurrency));
    JsonObject[] turns = new JsonObject[set.items().size()];
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) workers.add(loop(client, set, turns, next));
    Future.all(workers).await();
    client.close();
    Map<String, Score> scores = new TreeMap<>();
    for (int i = 0; i < turns.length; i++) {
      EvalSet.Item item = set.items().get(i);
      scores.computeIfAbsent(item.language(), k -> new Score()).add(item, turns[i]);
      scores.computeIfAbsent("all", k -> new Score()).add(item, turns[i]);
    }
    return scores;
  }

  private static Future<Void> loop(WebClient client, EvalSet set, JsonObject[] turns, AtomicInteger next) {
    int i = next.getAndIncrement();
    if (i >= turns.length) return Future.succeededFuture();
    EvalSet.Item item = set.items().get(i);
    JsonObject body = new JsonObject().put("userId", "eval-" + i).put("text", item.text());
    return client.post("/api/v1/chat").sendJsonObject(body).compose(response -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture("HTTP " + response.statusCode() + " for '" + item.text() + "': " + response.bodyAsString());
      }
      turns[i] = response.bodyAsJsonObject();
      return loop(client, set, turns, next);
    });
  }

  /** A table of the scores, one line per language. */
  public static String table(Map<String, Score> scores) {
    StringBuilder out = new StringBuilder(String.format(
        "%-5s %6s %7s %9s %8s %8s %7s %7s %7s%n", "lang", "items", "top1", "precision", "answered", "clarify",
        "oosRec", "oosPrec", "langDet"));
    scores.forEach((lang, s) -> out.append(String.format("%-5s %6d %6.1f%% %8.1f%% %7.1f%% %7.1f%% %6.1f%% %6.1f%% %6.1f%%%n",
        lang, s.total, 100 * s.top1Accuracy(), 100 * s.precision(), 100 * s.answerRate(), 100 * s.clarifyRate(),
        100 * s.outOfScopeRecall(), 100 * s.outOfScopePrecision(), 100 * s.languageAccuracy())));
    return out.toString();
  }
}
