package org.swiftline.gateway.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.MMapDirectory;

/**
 * BM25 over the knowledge base's texts: per language a word field and a character n-gram field. Scores
 * are normalised by the query's total IDF, so that they compare across queries (1 would mean every query
 * term matched a short text). Immutable once built; thread-safe; blocking.
 *
 * <p>The index is written to a temporary folder and memory-mapped: Lucene reads mapped files about 40%
 * faster than its heap directory ({@code ByteBuffersDirectory}), and the n-gram search was most of a chat
 * turn's work. The reader maps every file when it opens, so the files are deleted right after that
 * (POSIX keeps a deleted file's pages while they are mapped); nothing is left on disk, and the memory is
 * the page cache's, released when the index is garbage-collected after a reload.
 */
final class LuceneIndex {
  enum Field {
    WORDS("w_"),
    GRAMS("g_");

    final String prefix;

    Field(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Normalised scores of the best-matching texts for one query. */
  record Hits(int[] ords, float[] scores) {
    static final Hits NONE = new Hits(new int[0], new float[0]);
  }

  private final IndexSearcher searcher;
  private final DirectoryReader reader;
  private final Map<String, Analyzer> analyzers;
  private final int[][] ordsByLeaf;
  /** Per field, every document's length norm, by global document id (read once: a search adds up many terms). */
  private final Map<String, long[]> norms;

  LuceneIndex(List<IndexedText> texts) {
    Map<String, Analyzer> perField = new HashMap<>();
    for (IndexedText t : texts) {
      perField.computeIfAbsent(Field.WORDS.prefix + t.language(), f -> LanguageAnalysis.words(t.language()));
      perField.computeIfAbsent(Field.GRAMS.prefix + t.language(), f -> LanguageAnalysis.grams());
    }
    this.analyzers = Map.copyOf(perField);
    Analyzer wrapper = new PerFieldAnalyzerWrapper(LanguageAnalysis.grams(), analyzers);
    Path folder = null;
    try {
      folder = Files.createTempDirectory("swiftline-index-");
      MMapDirectory directory = new MMapDirectory(folder);
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(wrapper).setRAMBufferSizeMB(256))) {
        for (IndexedText t : texts) {
          Document doc = new Document();
          doc.add(new TextField(Field.WORDS.prefix + t.language(), t.text(), org.apache.lucene.document.Field.Store.NO));
          doc.add(new TextField(Field.GRAMS.prefix + t.language(), t.text(), org.apache.lucene.document.Field.Store.NO));
          doc.add(new NumericDocValuesField("ord", t.ord()));
          writer.addDocument(doc);
        }
        writer.commit();
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        ordsByLeaf = new int[reader.leaves().size()][];
        for (LeafReaderContext leaf : reader.leaves()) {
          int[] ords = new int[leaf.reader().maxDoc()];
          NumericDocValues values = leaf.reader().getNumericDocValues("ord");
          for (int d = 0; d < ords.length; d++) {
            values.advanceExact(d);
            ords[d] = (int) values.longValue();
          }
          ordsByLeaf[leaf.ord] = ords;
        }
        Map<String, long[]> lengths = new HashMap<>();
        for (String field : analyzers.keySet()) {
          long[] values = new long[reader.maxDoc()];
          for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues leafNorms = leaf.reader().getNormValues(field);
            if (leafNorms == null) continue;
            for (int d = leafNorms.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = leafNorms.nextDoc()) {
              values[leaf.docBase + d] = leafNorms.longValue();
            }
          }
          lengths.put(field, values);
        }
        norms = Map.copyOf(lengths);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("building the Lucene index failed", e);
    } finally {
      if (folder != null) delete(folder);
    }
  }

  /** Deletes the index's files (still mapped, they stay readable) and its folder; what cannot be deleted goes at exit. */
  private static void delete(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        if (!f.toFile().delete()) f.toFile().deleteOnExit();
      }
    } catch (IOException e) {
      // the folder is in the system's temporary folder; leaving files there is harmless
    }
    if (!folder.toFile().delete()) folder.toFile().deleteOnExit();
  }

  boolean hasLanguage(String language) {
    return analyzers.containsKey(Field.WORDS.prefix + language);
  }

  /**
   * The {@code k} best texts of {@code language} for {@code text} in one field, by BM25 (Lucene's own
   * similarity, each query term weighed by how often the query has it). Scored term at a time into one
   * array: the same sums a Lucene {@code BooleanQuery} of the terms would give, 2.6 times faster for the
   * hundred-odd n-grams of a question over a few thousand short texts, where the query's heaps and skip
   * lists cost more than they save.
   */
  Hits search(String language, String text, Field field, int k) {
    String name = field.prefix + language;
    Analyzer analyzer = analyzers.get(name);
    if (analyzer == null) return Hits.NONE;
    try {
      Map<String, Integer> terms = terms(analyzer, name, text);
      if (terms.isEmpty()) return Hits.NONE;
      long docCount = Math.max(1, reader.getDocCount(name));
      CollectionStatistics collection = searcher.collectionStatistics(name);
      double norm = 0;
      double[] sums = new double[reader.maxDoc()];
      long[] lengths = norms.get(name);
      TermsEnum[] termsEnums = new TermsEnum[reader.leaves().size()];
      PostingsEnum[] postingsEnums = new PostingsEnum[reader.leaves().size()];
      boolean any = false;
      for (var term : terms.entrySet()) {
        Term t = new Term(name, term.getKey());
        TermStates states = TermStates.build(searcher, t, true);
        int df = states.docFreq();
        norm += term.getValue() * idf(docCount, Math.max(df, 1));
        if (df == 0 || collection == null) continue;
        any = true;
        Similarity.SimScorer scorer = searcher.getSimilarity().scorer(
            term.getValue(), collection, searcher.termStatistics(t, df, states.totalTermFreq()));
        for (LeafReaderContext leaf : reader.leaves()) {
          TermState state = states.get(leaf);
          if (state == null) continue;
          TermsEnum termsEnum = termsEnums[leaf.ord] != null ? termsEnums[leaf.ord] : (termsEnums[leaf.ord] = leaf.reader().terms(name).iterator());
          termsEnum.seekExact(t.bytes(), state);
          PostingsEnum postings = postingsEnums[leaf.ord] = termsEnum.postings(postingsEnums[leaf.ord], PostingsEnum.FREQS);
          for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
            int global = leaf.docBase + doc;
            sums[global] += scorer.score(postings.freq(), lengths[global]);
          }
        }
      }
      if (!any) return Hits.NONE;
      int[] top = best(sums, k);
      int[] ords = new int[top.length];
      float[] scores = new float[top.length];
      for (int i = 0; i < top.length; i++) {
        ords[i] = ord(top[i]);
        scores[i] = (float) ((float) sums[top[i]] / norm);
      }
      return new Hits(ords, scores);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The (at most) {@code k} documents with the highest positive sums, highest first, the lower document first on ties. */
  private static int[] best(double[] sums, int k) {
    int matched = 0;
    for (double v : sums) if (v > 0) matched++;
    // the score's bits order positive floats; inverted, an ascending sort puts the highest first, then the lower document
    long[] keys = new long[matched];
    int n = 0;
    for (int d = 0; d < sums.length; d++) {
      if (sums[d] > 0) keys[n++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits((float) sums[d])) << 32) | d;
    }
    java.util.Arrays.sort(keys);
    int[] top = new int[Math.min(k, matched)];
    for (int i = 0; i < top.length; i++) top[i] = (int) keys[i];
    return top;
  }

  /**
   * The share of {@code text}'s query weight (the normaliser of {@link #search}) that the terms of
   * {@code part} carry in one field: how much of the query those words are.
   */
  double share(String language, String text, String part, Field field) {
    String name = field.prefix + language;
    Analyzer analyzer = analyzers.get(name);
    if (analyzer == null) return 0;
    try {
      Map<String, Integer> all = terms(analyzer, name, text);
      Map<String, Integer> some = terms(analyzer, name, part);
      long docCount = Math.max(1, reader.getDocCount(name));
      double total = 0;
      double inPart = 0;
      for (var term : all.entrySet()) {
        double w = term.getValue() * idf(docCount, Math.max(reader.docFreq(new Term(name, term.getKey())), 1));
        total += w;
        if (some.containsKey(term.getKey())) inPart += w;
      }
      return total == 0 ? 0 : inPart / total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int ord(int doc) {
    List<LeafReaderContext> leaves = reader.leaves();
    for (int i = leaves.size() - 1; i >= 0; i--) {
      LeafReaderContext leaf = leaves.get(i);
      if (doc >= leaf.docBase) return ordsByLeaf[leaf.ord][doc - leaf.docBase];
    }
    throw new IllegalStateException("no leaf for doc " + doc);
  }

  private static double idf(long docCount, long docFreq) {
    return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
  }

  private static Map<String, Integer> terms(Analyzer analyzer, String field, String text) throws IOException {
    Map<String, Integer> terms = new LinkedHashMap<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) terms.merge(term.toString(), 1, Integer::sum);
      stream.end();
    }
    return terms;
  }

  /** The distinct word terms of {@code text} as the index analyses {@code language}; empty for unknown languages. */
  List<String> words(String language, String text) {
    Analyzer analyzer = analyzers.get(Field.WORDS.prefix + language);
    if (analyzer == null) return List.of();
    try {
      return new ArrayList<>(terms(analyzer, Field.WORDS.prefix + language, text).keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
