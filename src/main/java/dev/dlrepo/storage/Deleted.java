package dev.dlrepo.storage;

/**
 * CDI event fired after a branch, tag, job or format was deleted through the API ({@code url}
 * is its canonical URL): blobs may have lost their last link.
 */
public record Deleted(String url) {
}
