/**
 * Servlet-level pieces outside Jersey: {@code ErrorServlet}, the application's error page, so
 * that the container's own errors (a request refused before our code ran, an exception that
 * escaped) answer in the API's JSON shape, without a stack trace.
 */
package dev.dlrepo.web;
