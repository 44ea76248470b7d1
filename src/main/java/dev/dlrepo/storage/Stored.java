package dev.dlrepo.storage;

/** The outcome of an upload or link: the digest now recorded for the path, and the file's size. */
public record Stored(Digest digest, long size) {
}
