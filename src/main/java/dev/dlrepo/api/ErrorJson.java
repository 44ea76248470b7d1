package dev.dlrepo.api;

/** An error answer's body, already written by {@link dev.dlrepo.error.ErrorBody}. */
record ErrorJson(String text) {
}
