package org.swiftline.gateway.retrieval;

/**
 * One indexed text: a sample question, a title or an answer body of one language version of an article.
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
