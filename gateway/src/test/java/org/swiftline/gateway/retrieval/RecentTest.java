package org.swiftline.gateway.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentTest {
  @Test
  void computesEachKeyOnceWhileItIsAmongTheMostRecentlyUsed() {
    List<String> computed = new ArrayList<>();
    Recent<String, String> recent = new Recent<>(2);
    for (String key : List.of("a", "b", "a", "c", "a", "b")) {
      assertEquals(key.toUpperCase(), recent.get(key, k -> {
        computed.add(k);
        return k.toUpperCase();
      }));
    }
    // "a" stays (used again before "c" came in); "b" was the least recently used when "c" came, so it is computed again
    assertEquals(List.of("a", "b", "c", "b"), computed);
  }
}
