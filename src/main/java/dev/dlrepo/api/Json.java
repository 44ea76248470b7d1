package dev.dlrepo.api;

/** A JSON answer, written as upstream lays JSON out ({@code {"a": 1, "b": [2, 3]}}, ASCII only). */
record Json(Object value) {
}
