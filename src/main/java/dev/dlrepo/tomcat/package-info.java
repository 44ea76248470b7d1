/**
 * Code that runs in Tomcat itself, not in the application, packed into
 * {@code dlrepo-ee-tomcat.jar}: {@code JsonErrorValve}, the Host's error report for what the
 * connector refuses before the application sees it, as {@code {"error": "..."}} without a stack
 * trace. It may use the JDK and {@code dev.dlrepo.error}'s JDK-only writer, nothing else.
 */
package dev.dlrepo.tomcat;
