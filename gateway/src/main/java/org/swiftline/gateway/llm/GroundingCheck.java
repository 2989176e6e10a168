package org.swiftline.gateway.llm;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a model-written answer against the articles it was given: it must cite at least one of them and
 * no other, and every fact that can be checked must be in them: each number (fees, phone numbers, dates,
 * house numbers, deadlines; {@code 1,000} and {@code 1000} count as the same), each e-mail address and web
 * address, and each English or Chinese street name. Numbers written as words and street names in other
 * languages are not checked. The corpus is every language version of the given articles, so a German
 * answer from English articles is checked against the English digits. Pure and thread-safe.
 */
public final class GroundingCheck {
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern LIST_MARKER = Pattern.compile("(?m)^\\s*\\d{1,2}[.)]\\s");
  private static final Pattern CITATION = Pattern.compile("\\[[a-z0-9]+(?:-[a-z0-9]+)*]|\\[(?:PHONE|ID|EMAIL)_\\d+]");
  private static final Pattern EMAIL_OR_URL = Pattern.compile("(?i)[\\w.+-]+@[\\w.-]+\\.[a-z]{2,}|https?://[^\\s)\\]]+|www\\.[^\\s)\\]]+");
  private static final Pattern EN_STREET = Pattern.compile(
      "((?:\\p{Lu}[\\p{L}'-]*\\s+){1,4}(?:Street|Road|Avenue|Lane|Hutong|Boulevard|Alley|Bridge|Square))\\b");
  private static final Pattern ZH_STREET = Pattern.compile("([\\p{IsHan}]{2,10}(?:大街|路|街|胡同|巷|桥|广场))");

  /** The articles the answer was written from: id and the text of every language version, joined. */
  public record Source(String articleId, String text) {}

  private GroundingCheck() {}

  /** The reason to reject {@code answer}, or empty when it passes. */
  public static Optional<String> problem(String answer, List<String> cited, List<Source> sources) {
    if (answer == null || answer.isBlank()) return Optional.of("empty answer");
    if (cited == null || cited.isEmpty()) return Optional.of("cites no article");
    Set<String> ids = new HashSet<>();
    sources.forEach(s -> ids.add(s.articleId()));
    for (String id : cited) if (!ids.contains(id)) return Optional.of("cites an article that was not retrieved");
    String corpus = normalise(String.join("\n", sources.stream().map(Source::text).toList()));
    String text = normalise(CITATION.matcher(answer).replaceAll(" "));
    Set<String> known = new HashSet<>();
    Matcher all = NUMBER.matcher(corpus);
    while (all.find()) known.addAll(forms(all.group()));
    Matcher mine = NUMBER.matcher(LIST_MARKER.matcher(text).replaceAll(" "));
    while (mine.find()) {
      if (forms(mine.group()).stream().noneMatch(known::contains)) return Optional.of("a number that is not in the articles");
    }
    String lowerCorpus = corpus.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    for (Pattern p : List.of(EMAIL_OR_URL, EN_STREET, ZH_STREET)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        String fact = m.group().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.,;:]+$", "");
        if (!lowerCorpus.contains(fact)) return Optional.of("an address that is not in the articles");
      }
    }
    return Optional.empty();
  }

  /** The ways a number may be written: "1,000" = "1000" = "1.000", "2.5" = "2,5", "05" = "5". */
  private static Set<String> forms(String number) {
    return new HashSet<>(List.of(number.replace(",", "").replaceFirst("^0+(?=\\d)", ""),
        number.replace(",", ".").replaceFirst("^0+(?=\\d)", ""),
        number.replace(".", "").replace(",", "").replaceFirst("^0+(?=\\d)", "")));
  }

  private static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC);
  }
}
