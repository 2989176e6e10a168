package org.swiftline.gateway.retrieval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The values of the last {@code capacity} keys asked for, least recently used first out. A hotline hears
 * the same short questions ("visa extension", "护照丢了") all day; what they cost is paid once per snapshot
 * of the knowledge base. Thread-safe; the value is computed outside the lock, so two threads asking for
 * the same new key at once may both compute it (the values must be equal).
 */
final class Recent<K, V> {
  private final Map<K, V> values;

  Recent(int capacity) {
    this.values = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  V get(K key, Function<K, V> compute) {
    synchronized (values) {
      V known = values.get(key);
      if (known != null) return known;
    }
    V computed = compute.apply(key);
    synchronized (values) {
      values.put(key, computed);
    }
    return computed;
  }
}
