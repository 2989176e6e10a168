package org.swiftline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.knowledge.Article;
import org.swiftline.gateway.knowledge.ArticleText;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.knowledge.KnowledgeBaseLoader;

/** The sample knowledge base and its evaluation set are complete and consistent. */
class SampleKnowledgeBaseTest {
  static final Set<String> ALL = Set.of("en", "zh", "ru", "ko", "ja", "fr", "es", "ar");
  static KnowledgeBase kb;
  static EvalSet eval;

  @BeforeAll
  static void load() {
    kb = new KnowledgeBaseLoader().load(TestGateway.repositoryKnowledgeBase());
    eval = EvalSet.load(TestGateway.repositoryKnowledgeBase().resolve("eval"));
  }

  @Test
  void hasAtLeast45ArticlesAllInEnglishAndChinese() {
    assertTrue(kb.articles().size() >= 45, "articles: " + kb.articles().size());
    for (Article a : kb.list()) {
      assertTrue(a.texts().keySet().containsAll(Set.of("en", "zh")), a.id() + " lacks en or zh");
    }
  }

  @Test
  void twentyArticlesAreInAllEightLanguages() {
    long full = kb.list().stream().filter(a -> a.texts().keySet().containsAll(ALL)).count();
    assertTrue(full >= 20, "articles in all eight languages: " + full);
  }

  @Test
  void everyLanguageFileHasAtLeastEightSampleQuestions() {
    for (Article a : kb.list()) {
      for (ArticleText t : a.texts().values()) {
        assertTrue(t.questions().size() >= 8, a.id() + "/" + t.language() + ".md has " + t.questions().size());
      }
    }
  }

  @Test
  void everyArticleNamesItsDepartmentCategorySourceAndReviewDate() {
    for (Article a : kb.list()) {
      assertNotNull(a.department(), a.id() + ": department");
      assertNotNull(a.category(), a.id() + ": category");
      assertNotNull(a.source(), a.id() + ": source");
      assertNotNull(a.updated(), a.id() + ": updated");
      assertTrue(kb.departments().containsKey(a.department()), a.id() + ": unknown department " + a.department());
      assertTrue(kb.categories().containsKey(a.category()), a.id() + ": unknown category " + a.category());
    }
  }

  @Test
  void everyCategoryRoutesToAnExistingDepartmentAndHasExamples() {
    assertTrue(kb.categories().size() >= 20);
    for (Category c : kb.categories().values()) {
      assertTrue(kb.departments().containsKey(c.department()), c.id() + " routes to " + c.department());
      c.districts().values().forEach(d -> assertTrue(kb.departments().containsKey(d), c.id() + " district route " + d));
      assertTrue(c.examples().size() >= 5, c.id() + " needs examples for the classifier");
    }
  }

  @Test
  void noTwoArticlesShareASampleQuestion() {
    Map<String, String> seen = new HashMap<>();
    for (Article a : kb.list()) {
      for (ArticleText t : a.texts().values()) {
        for (String q : t.questions()) {
          String key = q.strip().toLowerCase(java.util.Locale.ROOT);
          String other = seen.put(key, a.id());
          assertTrue(other == null || other.equals(a.id()), "'" + q + "' is in " + other + " and " + a.id());
        }
      }
    }
  }

  @Test
  void theEvaluationSetIsLargeEnoughAndLabelledWithExistingArticles() {
    List<EvalSet.Item> items = eval.items();
    long answerable = items.stream().filter(EvalSet.Item::inScope).count();
    long outOfScope = items.size() - answerable;
    assertTrue(answerable >= 400, "answerable: " + answerable);
    assertTrue(outOfScope >= 150, "out of scope: " + outOfScope);
    assertEquals(ALL, items.stream().map(EvalSet.Item::language).collect(java.util.stream.Collectors.toSet()));
    for (EvalSet.Item item : items) {
      if (!item.inScope()) continue;
      Article a = kb.article(item.article()).orElse(null);
      assertNotNull(a, "eval label " + item.article() + " is no article");
      assertTrue(a.texts().containsKey(item.language()), item.article() + " has no " + item.language() + " text");
    }
  }

  @Test
  void evaluationQuestionsAreNotCopiesOfSampleQuestions() {
    Set<String> samples = new java.util.HashSet<>();
    kb.list().forEach(a -> a.texts().values().forEach(t -> t.questions().forEach(q -> samples.add(comparable(q)))));
    for (EvalSet.Item item : eval.items()) {
      assertTrue(!samples.contains(comparable(item.text())), "eval copies a sample question: " + item.text());
    }
  }

  /** Case, width, punctuation and spacing do not make a copy a different question. */
  private static String comparable(String text) {
    String folded = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    return folded.replaceAll("[\\p{Punct}\\p{IsPunctuation}\\s]+", " ").strip();
  }
}
