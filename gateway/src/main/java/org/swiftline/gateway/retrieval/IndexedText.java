package org.swiftline.gateway.retrieval;

/**
 * One indexed text of one language version of an article: a sample question, its title, or its title and
 * answer body as one text (kind {@code BODY}).
 *
 * @param ord its position in the index, shared by the lexical and the embedding index
 */
record IndexedText(int ord, String articleId, String language, Kind kind, String text) {
  enum Kind {
    QUESTION,
    TITLE,
    BODY
  }
}
