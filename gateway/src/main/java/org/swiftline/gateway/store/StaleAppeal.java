package org.swiftline.gateway.store;

/** A change made to a version of an appeal that is no longer the stored one (or to an unknown appeal). */
public final class StaleAppeal extends RuntimeException {
  public StaleAppeal(String number) {
    super("appeal " + number + " was changed meanwhile, please retry", null, false, false);
  }
}
