package org.swiftline.gateway.store;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract starts from: a fresh Vert.x and fresh, empty stores of the implementation
 * under test for each test, closed after it. A contract extends this class; an implementation's test
 * extends the contract and opens its stores in {@link #open}.
 */
public abstract class StoresUnderTest {
  protected Vertx vertx;
  protected Stores stores;

  /** Opens empty stores of the implementation under test. */
  protected abstract Stores open(Vertx vertx);

  @BeforeEach
  void openStores() {
    vertx = Vertx.vertx();
    stores = open(vertx);
  }

  @AfterEach
  void closeStores() {
    stores.close().get().await();
    vertx.close().await();
  }
}
