/**
 * Who a request is and what it may do: the authentication modes ({@link dev.dlrepo.auth.AuthMode}),
 * the auth file, LDAP, trusted headers, the container's principal, personal tokens, the ACL files
 * (compiled once per load, and per login for {@code $user}), and the two filters that decide before
 * any resource runs. Routes and spellings come from {@link dev.dlrepo.request.Target}.
 */
package dev.dlrepo.auth;
