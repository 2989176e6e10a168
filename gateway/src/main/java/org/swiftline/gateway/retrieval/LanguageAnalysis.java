package org.swiftline.gateway.retrieval;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ne.NepaliAnalyzer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sr.SerbianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.ta.TamilAnalyzer;
import org.apache.lucene.analysis.te.TeluguAnalyzer;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * The text analysis used for each language: a word analyzer (stemming for European languages, smartcn
 * for Chinese, CJK bigrams for Japanese, particle-stripped words for Korean) and a language-neutral character n-gram analyzer that
 * tolerates typos and missing accents. Unknown languages get Lucene's standard analyzer.
 *
 * <p>To support a language better, add its Lucene analyzer to {@link #WORDS}.
 */
public final class LanguageAnalysis {
  private static final Map<String, Supplier<Analyzer>> WORDS = Map.ofEntries(
      Map.entry("en", EnglishAnalyzer::new), Map.entry("zh", SmartChineseAnalyzer::new),
      Map.entry("ja", CJKAnalyzer::new), Map.entry("ko", LanguageAnalysis::korean), Map.entry("ru", RussianAnalyzer::new),
      Map.entry("fr", FrenchAnalyzer::new), Map.entry("es", SpanishAnalyzer::new),
      Map.entry("ar", ArabicAnalyzer::new), Map.entry("de", GermanAnalyzer::new),
      Map.entry("it", ItalianAnalyzer::new), Map.entry("pt", PortugueseAnalyzer::new),
      Map.entry("nl", DutchAnalyzer::new), Map.entry("sv", SwedishAnalyzer::new),
      Map.entry("da", DanishAnalyzer::new), Map.entry("no", NorwegianAnalyzer::new),
      Map.entry("nb", NorwegianAnalyzer::new), Map.entry("fi", FinnishAnalyzer::new),
      Map.entry("tr", TurkishAnalyzer::new), Map.entry("hi", HindiAnalyzer::new),
      Map.entry("th", ThaiAnalyzer::new), Map.entry("fa", PersianAnalyzer::new),
      Map.entry("id", IndonesianAnalyzer::new), Map.entry("ms", IndonesianAnalyzer::new),
      Map.entry("el", GreekAnalyzer::new), Map.entry("cs", CzechAnalyzer::new),
      Map.entry("hu", HungarianAnalyzer::new), Map.entry("ro", RomanianAnalyzer::new),
      Map.entry("bg", BulgarianAnalyzer::new), Map.entry("ca", CatalanAnalyzer::new),
      Map.entry("hy", ArmenianAnalyzer::new), Map.entry("lv", LatvianAnalyzer::new),
      Map.entry("lt", LithuanianAnalyzer::new), Map.entry("bn", BengaliAnalyzer::new),
      Map.entry("ne", NepaliAnalyzer::new), Map.entry("ta", TamilAnalyzer::new),
      Map.entry("te", TeluguAnalyzer::new), Map.entry("sr", SerbianAnalyzer::new));

  private LanguageAnalysis() {}

  /** A new word analyzer for {@code language}. */
  public static Analyzer words(String language) {
    return WORDS.getOrDefault(language.toLowerCase(Locale.ROOT), StandardAnalyzer::new).get();
  }

  /**
   * A new character n-gram analyzer: 2 to 4 characters of lowercased, accent-folded words, with full- and
   * half-width forms unified and Arabic spelling variants (alef forms, taa marbuta, alef maksura,
   * diacritics) normalised, so that the same word typed differently shares its n-grams.
   */
  public static Analyzer grams() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new ArabicNormalizationFilter(stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new NGramTokenFilter(stream, 2, 4, true);
        return new TokenStreamComponents(source, stream);
      }
    };
  }

  /**
   * Korean: words (Korean separates them with spaces) without their particles and polite endings (see
   * {@link KoreanParticleFilter}); the n-gram field covers what the light stemming misses.
   */
  static Analyzer korean() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        stream = new KoreanParticleFilter(stream);
        return new TokenStreamComponents(source, stream);
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(new CJKWidthFilter(in));
      }
    };
  }
}
