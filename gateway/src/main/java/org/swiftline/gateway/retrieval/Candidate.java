package org.swiftline.gateway.retrieval;

/**
 * An article as a candidate answer to one query, with the evidence of each retrieval component.
 *
 * @param score the fused score that ranks candidates
 * @param words normalised BM25 over words
 * @param grams normalised BM25 over character n-grams
 * @param cosine best cosine similarity of the query to the article's questions (0 without embeddings)
 */
public record Candidate(String articleId, double score, double words, double grams, double cosine) {}
