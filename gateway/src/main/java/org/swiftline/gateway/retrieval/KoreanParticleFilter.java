package org.swiftline.gateway.retrieval;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Strips the commonest particles and polite endings from Korean words ("거류증을" -> "거류증",
 * "병원에서" -> "병원", "필요해요" -> "필요"), so that the same noun matches however it is attached
 * to the sentence. A light, dictionary-free stemmer: it removes at most one ending and keeps at least
 * two syllables.
 */
final class KoreanParticleFilter extends TokenFilter {
  /** Longest first. */
  private static final String[] ENDINGS = {
    "에서는", "에게서", "으로는", "이에요", "입니다", "습니다", "합니다", "해야지", "하려면", "하는데", "했는데",
    "에서", "에게", "한테", "으로", "까지", "부터", "처럼", "이랑", "하고", "해요", "해야", "예요", "이요", "인데",
    "하는", "하면", "했어", "려면",
    "은", "는", "이", "가", "을", "를", "에", "의", "도", "만", "로", "와", "과", "요", "랑"
  };

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  KoreanParticleFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) return false;
    int length = term.length();
    if (length < 3 || Character.UnicodeScript.of(term.charAt(length - 1)) != Character.UnicodeScript.HANGUL) return true;
    String word = term.toString();
    for (String ending : ENDINGS) {
      if (word.endsWith(ending) && length - ending.length() >= 2) {
        term.setLength(length - ending.length());
        break;
      }
    }
    return true;
  }
}
