package org.swiftline.gateway.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.swiftline.gateway.knowledge.Article;
import org.swiftline.gateway.knowledge.ArticleText;
import org.swiftline.gateway.knowledge.KnowledgeBase;

/**
 * Hybrid retrieval over one knowledge-base snapshot: BM25 over words and character n-grams (Lucene) and
 * dense similarity (in-process embeddings where the language has a model), each aggregated per article
 * as the best-matching text, then fused linearly with per-language weights. Immutable; thread-safe;
 * blocking.
 */
public final class HybridRetriever {
  static final int LEXICAL_HITS = 200;
  /** Answer bodies are long and general; a match there counts half as much as a match on a question. */
  static final double BODY_WEIGHT = 0.5;

  final List<IndexedText> texts;
  private final LuceneIndex lucene;
  private final Map<String, EmbeddingIndex> dense;
  private final Set<String> languages;

  /**
   * The evidence of every component for one query in one language.
   *
   * @param terms the query's distinct word terms, for {@link #coverage}
   */
  record Evidence(
      String language, LuceneIndex.Hits words, LuceneIndex.Hits grams, float[] cosines, EmbeddingIndex dense,
      List<String> terms, Borrowed borrowed) {
    Evidence with(Borrowed other) {
      return new Evidence(language, words, grams, cosines, dense, terms, other);
    }
  }

  /**
   * The Latin-script words of a query in a language written in another script ("sim card" in Arabic,
   * "visa 延期"), which that language's texts never use, searched in the knowledge base's main
   * Latin-script language. Their scores add to the query's own, in proportion to the share of the query's
   * weight those words carry ({@code wordShare}, {@code gramShare}): as if the article's own texts had
   * used them. {@link #coverage} and {@link #matched} look them up in that language too.
   *
   * @param terms each borrowed word term, with its terms as the partner language analyses it
   */
  record Borrowed(
      String language, Map<String, List<String>> terms, LuceneIndex.Hits words, LuceneIndex.Hits grams,
      double wordShare, double gramShare) {
    static final Borrowed NONE = new Borrowed(null, Map.of(), LuceneIndex.Hits.NONE, LuceneIndex.Hits.NONE, 0, 0);
  }

  /** Languages written mostly in another script than Latin, each with the Latin-script language their borrowed words are searched in. */
  private final Map<String, String> latinPartner;

  /**
   * How often each word term occurs per language: in how many texts, and in how many texts of each
   * article.
   */
  private record Vocabulary(int texts, Map<String, Integer> textFrequency, Map<String, Map<String, Integer>> articles) {}

  private final Map<String, Vocabulary> vocabularies;

  private HybridRetriever(List<IndexedText> texts, LuceneIndex lucene, Map<String, EmbeddingIndex> dense) {
    this.texts = texts;
    this.lucene = lucene;
    this.dense = dense;
    Set<String> langs = new TreeSet<>();
    texts.forEach(t -> langs.add(t.language()));
    this.languages = Set.copyOf(langs);
    Map<String, Vocabulary> vocabularies = new HashMap<>();
    for (IndexedText t : texts) {
      Vocabulary v = vocabularies.computeIfAbsent(t.language(), k -> new Vocabulary(0, new HashMap<>(), new HashMap<>()));
      for (String term : lucene.words(t.language(), t.text())) {
        v.textFrequency().merge(term, 1, Integer::sum);
        v.articles().computeIfAbsent(term, k -> new HashMap<>()).merge(t.articleId(), 1, Integer::sum);
      }
    }
    Map<String, Long> counts = new HashMap<>();
    texts.forEach(t -> counts.merge(t.language(), 1L, Long::sum));
    vocabularies.replaceAll((lang, v) -> new Vocabulary(counts.get(lang).intValue(), v.textFrequency(), v.articles()));
    this.vocabularies = Map.copyOf(vocabularies);
    this.latinPartner = latinPartners(texts);
  }

  /**
   * For every language written mostly in another script than Latin, the Latin-script language with the
   * most texts (none when the knowledge base has no Latin-script language).
   */
  private static Map<String, String> latinPartners(List<IndexedText> texts) {
    Map<String, long[]> letters = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    for (IndexedText t : texts) {
      long[] c = letters.computeIfAbsent(t.language(), k -> new long[2]);
      sizes.merge(t.language(), 1, Integer::sum);
      t.text().codePoints().filter(Character::isLetter).forEach(cp -> c[isLatin(cp) ? 0 : 1]++);
    }
    String partner = null;
    for (var e : letters.entrySet()) {
      boolean latin = e.getValue()[0] > e.getValue()[1];
      if (latin && (partner == null || sizes.get(e.getKey()) > sizes.get(partner)
          || (sizes.get(e.getKey()).equals(sizes.get(partner)) && e.getKey().compareTo(partner) < 0))) {
        partner = e.getKey();
      }
    }
    Map<String, String> result = new HashMap<>();
    for (var e : letters.entrySet()) {
      if (partner != null && e.getValue()[0] <= e.getValue()[1]) result.put(e.getKey(), partner);
    }
    return Map.copyOf(result);
  }

  private static boolean isLatin(int codePoint) {
    return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.LATIN;
  }

  /** A word term made of Latin letters (and perhaps digits), with at least two letters. */
  private static boolean isLatinWord(String term) {
    int letters = 0;
    for (int i = 0; i < term.length(); i++) {
      char ch = term.charAt(i);
      if (Character.isLetter(ch)) {
        if (!isLatin(ch)) return false;
        letters++;
      } else if (!Character.isDigit(ch)) {
        return false;
      }
    }
    return letters >= 2;
  }

  /**
   * The query's Latin-script words that {@code language}'s texts never use, searched in its Latin partner.
   * Calibration holds texts out as in {@link #coverage}: their words do not make a word known.
   */
  Borrowed borrowed(String text, String language, List<String> terms, List<String> heldOutText, String heldOutArticle) {
    String partner = latinPartner.get(language);
    Vocabulary v = vocabularies.get(language);
    if (partner == null || v == null) return Borrowed.NONE;
    List<String> latin = terms.stream()
        .filter(HybridRetriever::isLatinWord)
        .filter(term -> !known(v, term, heldOutText, heldOutArticle))
        .toList();
    if (latin.isEmpty()) return Borrowed.NONE;
    String part = String.join(" ", latin);
    Map<String, List<String>> partnerTerms = new HashMap<>();
    for (String term : latin) partnerTerms.put(term, lucene.words(partner, term));
    return new Borrowed(
        partner,
        Map.copyOf(partnerTerms),
        lucene.search(partner, part, LuceneIndex.Field.WORDS, LEXICAL_HITS),
        lucene.search(partner, part, LuceneIndex.Field.GRAMS, LEXICAL_HITS),
        lucene.share(language, text, part, LuceneIndex.Field.WORDS),
        lucene.share(language, text, part, LuceneIndex.Field.GRAMS));
  }

  /**
   * The IDF-weighted share of the query's words that the knowledge base knows in this language: low for
   * questions about things it never mentions ("peking duck restaurant"). Calibration holds texts out, so
   * it can ask the same of the knowledge base without one question or without one article.
   *
   * @param heldOutText the words of one held-out text (they count once less), or empty
   * @param heldOutArticle an article whose words do not count, or {@code null}
   */
  double coverage(Evidence evidence, List<String> heldOutText, String heldOutArticle) {
    Vocabulary v = vocabularies.get(evidence.language());
    return share(evidence, (term, borrowed) -> borrowed == null
        ? known(v, term, heldOutText, heldOutArticle)
        : borrowed.stream().anyMatch(b -> known(vocabularies.get(evidence.borrowed().language()), b, List.of(), heldOutArticle)));
  }

  /**
   * The IDF-weighted share of the query's words for which {@code counts} holds; it is given the word and,
   * for a word borrowed from another script, its words in the language it is searched in (else {@code null}).
   */
  private double share(Evidence evidence, java.util.function.BiPredicate<String, List<String>> counts) {
    Vocabulary v = vocabularies.get(evidence.language());
    if (v == null || evidence.terms().isEmpty()) return 0;
    double known = 0;
    double total = 0;
    for (String term : evidence.terms()) {
      int df = v.textFrequency().getOrDefault(term, 0);
      double idf = Math.log(1 + (v.texts() - df + 0.5) / (df + 0.5));
      total += idf;
      if (counts.test(term, evidence.borrowed().terms().get(term))) known += idf;
    }
    return total == 0 ? 0 : known / total;
  }

  /** Whether some text of the vocabulary's language uses {@code term}, apart from the held-out text or article. */
  private static boolean known(Vocabulary v, String term, List<String> heldOutText, String heldOutArticle) {
    if (heldOutArticle != null) {
      Map<String, Integer> in = v.articles().getOrDefault(term, Map.of());
      return in.size() > 1 || (in.size() == 1 && !in.containsKey(heldOutArticle));
    }
    return v.textFrequency().getOrDefault(term, 0) - (heldOutText.contains(term) ? 1 : 0) > 0;
  }

  /**
   * The IDF-weighted share of the query's words that one article's texts (questions, title, answer)
   * contain, in any of them: high when the article speaks of everything the query asks, low when it
   * matches one word of it. Calibration holds the query's own text out of its article.
   *
   * @param heldOutText the words of one held-out text of {@code articleId} (they count once less), or empty
   */
  double matched(Evidence evidence, String articleId, List<String> heldOutText) {
    Vocabulary v = vocabularies.get(evidence.language());
    return share(evidence, (term, borrowed) -> {
      if (borrowed != null) {
        Vocabulary partner = vocabularies.get(evidence.borrowed().language());
        return borrowed.stream().anyMatch(b -> partner.articles().getOrDefault(b, Map.of()).containsKey(articleId));
      }
      int inArticle = v.articles().getOrDefault(term, Map.of()).getOrDefault(articleId, 0);
      return inArticle - (heldOutText.contains(term) ? 1 : 0) > 0;
    });
  }

  /** Indexes a knowledge base; embeds questions and titles through the embedders' disk cache. */
  public static HybridRetriever build(KnowledgeBase kb, Embedders embedders) {
    List<IndexedText> texts = new ArrayList<>();
    for (Article article : kb.list()) {
      for (ArticleText text : article.texts().values()) {
        texts.add(new IndexedText(texts.size(), article.id(), text.language(), IndexedText.Kind.TITLE, text.title()));
        for (String q : text.questions()) {
          texts.add(new IndexedText(texts.size(), article.id(), text.language(), IndexedText.Kind.QUESTION, q));
        }
        // Title and answer together, so that words spread over both add up. Sample questions stay out of
        // it: calibration holds each question out, and a copy here would leak it back in.
        String whole = text.title() + "\n" + text.body();
        texts.add(new IndexedText(texts.size(), article.id(), text.language(), IndexedText.Kind.BODY, whole));
      }
    }
    LuceneIndex lucene = new LuceneIndex(texts);
    embedders.load(kb.languages());
    Map<String, EmbeddingIndex> dense = new HashMap<>();
    for (String lang : kb.languages()) {
      Embedder embedder = embedders.forLanguage(lang);
      if (embedder == null) continue;
      List<IndexedText> rows = texts.stream()
          .filter(t -> t.language().equals(lang) && t.kind() != IndexedText.Kind.BODY)
          .toList();
      List<float[]> vectors = embedders.embedAll(embedder, rows.stream().map(IndexedText::text).toList());
      dense.put(lang, new EmbeddingIndex(
          embedder, rows.stream().mapToInt(IndexedText::ord).toArray(), vectors.toArray(new float[0][])));
    }
    return new HybridRetriever(List.copyOf(texts), lucene, Map.copyOf(dense));
  }

  /** The languages the knowledge base is written in. */
  public Set<String> languages() {
    return languages;
  }

  /** Gathers evidence for a query; embeds it when the language has a model. */
  Evidence evidence(String text, String language) {
    EmbeddingIndex index = dense.get(language);
    float[] cosines = index == null ? null : index.cosines(index.embedder.embed(Passages.clip(text, Passages.EMBEDDED_CHARS)));
    return evidence(text, language, cosines);
  }

  /** Evidence for several texts at once (the passages of a long message); embeds them in one batch. */
  List<Evidence> evidenceAll(List<String> texts, String language) {
    EmbeddingIndex index = dense.get(language);
    List<float[]> vectors = index == null || texts.isEmpty() ? null
        : index.embedder.embedAll(texts.stream().map(t -> Passages.clip(t, Passages.EMBEDDED_CHARS)).toList());
    List<Evidence> result = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      result.add(evidence(texts.get(i), language, vectors == null ? null : index.cosines(vectors.get(i))));
    }
    return result;
  }

  Evidence evidence(String text, String language, float[] cosines) {
    List<String> terms = lucene.words(language, text);
    return new Evidence(
        language,
        lucene.search(language, text, LuceneIndex.Field.WORDS, LEXICAL_HITS),
        lucene.search(language, text, LuceneIndex.Field.GRAMS, LEXICAL_HITS),
        cosines,
        dense.get(language),
        terms,
        borrowed(text, language, terms, List.of(), null));
  }

  EmbeddingIndex dense(String language) {
    return dense.get(language);
  }

  /**
   * Per article, the best evidence of each component: {@code [words, grams, cosine]}.
   *
   * @param skip texts to leave out (used by calibration to hold out questions and whole articles)
   */
  Map<String, double[]> aggregate(Evidence evidence, IntPredicate skip) {
    Map<String, double[]> byArticle = new LinkedHashMap<>();
    lexical(evidence.words(), 0, skip, byArticle);
    lexical(evidence.grams(), 1, skip, byArticle);
    Borrowed borrowed = evidence.borrowed();
    if (borrowed.wordShare() > 0 || borrowed.gramShare() > 0) {
      Map<String, double[]> other = new LinkedHashMap<>();
      lexical(borrowed.words(), 0, skip, other);
      lexical(borrowed.grams(), 1, skip, other);
      for (var e : other.entrySet()) {
        double[] f = byArticle.computeIfAbsent(e.getKey(), k -> new double[] {0, 0, -1});
        f[0] += borrowed.wordShare() * e.getValue()[0];
        f[1] += borrowed.gramShare() * e.getValue()[1];
      }
    }
    if (evidence.cosines() != null) {
      int[] ords = evidence.dense().ords;
      for (int r = 0; r < ords.length; r++) {
        if (skip.test(ords[r])) continue;
        double[] f = byArticle.computeIfAbsent(texts.get(ords[r]).articleId(), k -> new double[] {0, 0, -1});
        f[2] = Math.max(f[2], evidence.cosines()[r]);
      }
    }
    for (double[] f : byArticle.values()) if (f[2] < 0) f[2] = 0;
    return byArticle;
  }

  private void lexical(LuceneIndex.Hits hits, int slot, IntPredicate skip, Map<String, double[]> byArticle) {
    for (int i = 0; i < hits.ords().length; i++) {
      int ord = hits.ords()[i];
      if (skip.test(ord)) continue;
      IndexedText t = texts.get(ord);
      double s = hits.scores()[i] * (t.kind() == IndexedText.Kind.BODY ? BODY_WEIGHT : 1);
      double[] f = byArticle.computeIfAbsent(t.articleId(), k -> new double[] {0, 0, -1});
      f[slot] = Math.max(f[slot], s);
    }
  }

  /** Ranks articles by the fused score {@code w·words + g·grams + c·cosine}, best first. */
  static List<Candidate> rank(Map<String, double[]> byArticle, double[] weights, int limit) {
    List<Candidate> all = new ArrayList<>(byArticle.size());
    for (var e : byArticle.entrySet()) {
      double[] f = e.getValue();
      double s = weights[0] * f[0] + weights[1] * f[1] + weights[2] * f[2];
      all.add(new Candidate(e.getKey(), s, f[0], f[1], f[2]));
    }
    all.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::articleId));
    return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
  }
}
