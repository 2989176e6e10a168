package org.swiftline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a synthetic knowledge base of {@code articles} English articles with {@code questions} sample
 * questions each, in the CONTRACT §2 layout, for start-up and latency benchmarks at scale. Each article
 * has its own topic words mixed with words shared by all, so that retrieval has real work to do.
 */
public final class GeneratedKnowledgeBase {
  private static final String[] COMMON = ("how do i can you tell me where what when is the a my for to get need help please "
      + "with about in on apply office form fee time days documents问题").split(" ");
  private static final String[] STARTS = {"how do i", "where can i", "what about", "i need", "can you help with",
      "question about", "is it possible to", "what is the fee for", "how long does", "who handles"};

  private GeneratedKnowledgeBase() {}

  public static List<String> write(Path root, int articles, int questions) throws IOException {
    Random random = new Random(7);
    List<String> sample = new ArrayList<>();
    for (int a = 0; a < articles; a++) {
      String[] topic = new String[6];
      for (int i = 0; i < topic.length; i++) topic[i] = word(random);
      StringBuilder md = new StringBuilder("---\ntitle: \"Topic " + a + " " + topic[0] + " " + topic[1] + "\"\nquestions:\n");
      for (int q = 0; q < questions; q++) {
        String text = STARTS[random.nextInt(STARTS.length)] + " " + topic[random.nextInt(6)] + " "
            + COMMON[random.nextInt(COMMON.length)] + " " + topic[random.nextInt(6)] + " " + q;
        md.append("  - \"").append(text).append("\"\n");
        if (q == 0) sample.add(text.replace(" 0", ""));
      }
      md.append("---\nAnswer for topic ").append(a).append(": bring your ").append(topic[2]).append(" to the ")
          .append(topic[3]).append(" office.\n");
      Path dir = Files.createDirectories(root.resolve("articles").resolve("topic-" + a));
      Files.writeString(dir.resolve("en.md"), md, StandardCharsets.UTF_8);
    }
    return sample;
  }

  private static String word(Random random) {
    String letters = "abcdefghijklmnoprstuvwy";
    StringBuilder w = new StringBuilder();
    int length = 4 + random.nextInt(5);
    for (int i = 0; i < length; i++) w.append(letters.charAt(random.nextInt(letters.length())));
    return w.toString();
  }
}
