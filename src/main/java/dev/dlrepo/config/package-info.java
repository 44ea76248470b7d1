/**
 * The settings, by upstream's {@code DLREPO_*} names: {@code SettingsProducer} looks each known
 * name up once at deployment (JNDI, context parameters, system properties, environment) and
 * {@code Settings} is the validated, immutable snapshot every bean is given; a bad value fails the
 * deployment naming the setting. {@code Banner} says at start-up where the server answers, what
 * data directory it serves and how it authenticates.
 */
package dev.dlrepo.config;
