package org.swiftline.gateway.operators;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.swiftline.gateway.knowledge.Article;
import org.swiftline.gateway.knowledge.ArticleText;
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.retrieval.Candidate;

/**
 * Agent assist: for the person's latest message, the best knowledge-base articles, each in the person's
 * language and in the operator's languages where it has them, and the canned replies in those languages.
 * Retrieval runs on the engine's worker pool.
 */
public final class Assist {
  private static final int ARTICLES = 3;

  private final Supplier<AnswerEngine> engines;
  private final WorkerExecutor workers;
  private volatile CannedReplies canned;

  public Assist(Supplier<AnswerEngine> engines, WorkerExecutor workers, CannedReplies canned) {
    this.engines = engines;
    this.workers = workers;
    this.canned = canned;
  }

  /** Uses {@code replies} from now on (after the file changed). */
  public void cannedReplies(CannedReplies replies) {
    this.canned = replies;
  }

  /**
   * @param latest the person's latest message, or {@code null} when they wrote nothing yet
   * @return a future that succeeds with {@code {"articles": [...], "canned": [...]}}
   */
  public Future<JsonObject> suggest(String latest, String personLanguage, List<String> operatorLanguages) {
    Set<String> languages = new LinkedHashSet<>();
    if (personLanguage != null) languages.add(personLanguage);
    languages.addAll(operatorLanguages);
    JsonArray cannedJson = new JsonArray();
    for (CannedReply r : canned.in(List.copyOf(languages))) {
      cannedJson.add(new JsonObject().put("id", r.id()).put("language", r.language()).put("text", r.text()));
    }
    AnswerEngine engine = engines.get();
    if (latest == null || engine == null) {
      return Future.succeededFuture(new JsonObject().put("articles", new JsonArray()).put("canned", cannedJson));
    }
    String searched = engine.searchLanguage(personLanguage == null ? "en" : personLanguage);
    return workers.executeBlocking(() -> {
      List<Candidate> best = engine.rank(latest, searched, ARTICLES);
      JsonArray articles = new JsonArray();
      for (Candidate c : best) {
        Article article = engine.knowledgeBase().article(c.articleId()).orElse(null);
        if (article == null) continue;
        List<String> shown = new ArrayList<>(languages);
        if (!shown.contains(searched)) shown.add(searched);
        for (String language : shown) {
          ArticleText text = article.text(language).orElse(null);
          if (text == null) continue;
          articles.add(new JsonObject().put("articleId", article.id()).put("title", text.title()).put("language", language)
              .put("text", text.body()).put("score", Math.round(c.score() * 1000) / 1000.0));
        }
      }
      return new JsonObject().put("articles", articles).put("canned", cannedJson);
    }, false);
  }
}
