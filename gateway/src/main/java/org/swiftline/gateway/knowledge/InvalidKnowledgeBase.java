package org.swiftline.gateway.knowledge;

import java.nio.file.Path;

/** A knowledge-base file that cannot be used; the message names the file and the problem. */
public final class InvalidKnowledgeBase extends RuntimeException {
  public InvalidKnowledgeBase(Path file, String problem) {
    super(file + ": " + problem);
  }

  public InvalidKnowledgeBase(String problem) {
    super(problem);
  }
}
