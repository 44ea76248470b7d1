/**
 * The audit trail: {@code AuditFilter}, the outermost filter, appends one JSON line per write and
 * per refused request to {@code DLREPO_AUDIT_LOG} ({@code AuditLog}: kept open, rotated by size,
 * following a rotation by another server) and one line per write to the container's log
 * ({@code dev.dlrepo.writes}). What a write stored reaches it from the resource as {@code Written}.
 */
package dev.dlrepo.audit;
