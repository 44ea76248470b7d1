package dev.dlrepo.storage;

/** A lock being held; closing it releases it. */
@FunctionalInterface
public interface Held extends AutoCloseable {
    @Override
    void close();
}
