package org.swiftline.gateway.llm;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.swiftline.gateway.knowledge.Article;
import org.swiftline.gateway.knowledge.ArticleText;

/**
 * Grounded answers: the model writes the reply from the retrieved articles only, in the person's language,
 * citing the ids of the articles it used, or says that they do not hold the answer. {@link GroundingCheck}
 * then rejects an answer that cites no retrieved article or holds a fact the articles lack.
 */
public final class GroundedAnswers {
  /** What the model made of the articles. */
  public sealed interface Result permits Written, NotInArticles {}

  /** An answer that passed the check, and the articles it cites (retrieved ones only, at least one). */
  public record Written(String text, List<String> cited) implements Result {
    public Written {
      cited = List.copyOf(cited);
    }
  }

  /** The model says the articles do not contain the answer. */
  public record NotInArticles() implements Result {}

  private final ModelClient client;
  private final Prompts prompts;
  private final PersonalData personal;

  public GroundedAnswers(ModelClient client, Prompts prompts, PersonalData personal) {
    this.client = client;
    this.prompts = prompts;
    this.personal = personal;
  }

  /**
   * Asks the model to answer {@code question} from {@code articles}.
   *
   * @param language the person's language, which the answer is written in
   * @param searchLanguage the language the articles were found in, whose text is given when the article has
   *     none in the person's language
   * @return a future that succeeds with the answer or "not in the articles", or fails with
   *     {@link ModelUnavailable} (no call possible, timeout, error, malformed or rejected answer): then the
   *     caller uses the article text
   */
  public Future<Result> answer(String question, String language, String searchLanguage, List<Article> articles, long timeoutMs) {
    StringBuilder given = new StringBuilder();
    List<GroundingCheck.Source> sources = new ArrayList<>();
    for (Article a : articles) {
      ArticleText t = a.text(language).or(() -> a.text(searchLanguage))
          .orElseGet(() -> a.texts().values().iterator().next());
      given.append(Delimited.article(a.id(), t.language(), t.title(), t.body())).append("\n");
      StringBuilder all = new StringBuilder();
      a.texts().values().forEach(x -> all.append(x.title()).append('\n').append(x.body()).append('\n'));
      sources.add(new GroundingCheck.Source(a.id(), all.toString()));
    }
    PromptTemplate.Rendered prompt = prompts.get(Prompts.GROUNDED_ANSWER).render(Map.of(
        "language", Languages.describe(language),
        "articles", given.toString().strip(),
        "question", Delimited.userText(personal.mask(question).text())));
    return client.call(prompt, true, timeoutMs).map(text -> {
      JsonObject json;
      try {
        json = ModelJson.parse(text);
      } catch (ModelUnavailable e) {
        client.unusable(prompt.name(), ModelUnavailable.Reason.MALFORMED, "not JSON");
        throw e;
      }
      Object found = json.getValue("found");
      if (Boolean.FALSE.equals(found)) return new NotInArticles();
      if (!Boolean.TRUE.equals(found) || !(json.getValue("answer") instanceof String)) {
        client.unusable(prompt.name(), ModelUnavailable.Reason.MALFORMED, "no found/answer");
        throw new ModelUnavailable(ModelUnavailable.Reason.MALFORMED, "no found/answer");
      }
      String answer = json.getString("answer").strip();
      List<String> cited = new ArrayList<>();
      if (json.getValue("cited") instanceof JsonArray ids) {
        for (Object id : ids) if (id instanceof String s && !cited.contains(s.strip())) cited.add(s.strip());
      }
      Optional<String> problem = GroundingCheck.problem(answer, cited, sources);
      if (problem.isPresent()) {
        client.unusable(prompt.name(), ModelUnavailable.Reason.REJECTED, problem.get().replace(' ', '_'));
        throw new ModelUnavailable(ModelUnavailable.Reason.REJECTED, problem.get());
      }
      return new Written(answer, cited);
    });
  }
}
