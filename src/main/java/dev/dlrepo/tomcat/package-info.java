/**
 * Code that runs in Tomcat itself, not in the application, packed into
 * {@code dlrepo-ee-tomcat.jar}: {@code ErrorValve}, the Host's error report valve, which answers
 * what the connector refuses before the application sees it as upstream answers an error
 * ({@code <status>: <reason>}, no stack trace), and hands the application a response that sends
 * media types as upstream spells them ({@code UpstreamSpelling}: {@code text/plain; charset=utf-8}).
 * It may use the JDK, Tomcat and {@code dev.dlrepo.error}'s JDK-only writer, nothing else.
 */
package dev.dlrepo.tomcat;
