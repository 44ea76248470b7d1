/**
 * The HTTP API (Jersey, at the context root): resources turn path segments into the storage's
 * value types, call the feature's facade ({@code storage.Repository}, {@code lifecycle.Lifecycle},
 * {@code auth.Tokens}, the cleanup and scrub), and map the result to HTTP: the JSON views
 * ({@code Views}, written as upstream's {@code json.dumps} by {@code JsonWriter}), downloads with
 * ranges and conditions ({@code Downloads}, {@code ByteRange}), tar archives, redirects to
 * canonical URLs, upstream's success bodies ({@code SuccessBodies}) and, through
 * {@code ErrorMapper}, its errors. {@code UserSpace} serves {@code /~user/} with the same
 * resources; {@code Visible} hides what the caller's ACLs do not let them read. No file-system
 * code lives here.
 */
package dev.dlrepo.api;
