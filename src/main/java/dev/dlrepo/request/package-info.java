/**
 * What a request addresses: {@link dev.dlrepo.request.Target}, parsed once per request (strict
 * percent-decoding, path parameters refused) and kept on it, with the container's view and the
 * view as sent ({@link dev.dlrepo.request.Address}: space, route, segments) and every spelling the
 * ACLs must allow. The filters (audit, auth, quota) and the API's user space and alias redirect
 * read it; nobody else splits a request path.
 */
package dev.dlrepo.request;
