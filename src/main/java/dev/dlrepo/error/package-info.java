/**
 * Failures and their answers: the unchecked exceptions carrying upstream's status and reason, and
 * the one writer of error bodies ({@link dev.dlrepo.error.ErrorBody}: upstream's text
 * {@code <status>: <reason>}, the registry's JSON under {@code /v2/});
 * {@link dev.dlrepo.error.ErrorResponse} for servlet code; {@link dev.dlrepo.error.Reasons} for
 * statuses nobody gave a reason. {@code ErrorBody} and {@code Reasons} depend on the JDK only:
 * they ship in the Tomcat valve's jar too.
 */
package dev.dlrepo.error;
