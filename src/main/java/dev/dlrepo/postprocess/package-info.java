/**
 * Running the configured post-process command ({@code DLREPO_POST_PROCESS_CMD}) on a format that
 * is finalized: filter, timeout, output tail, and the guarantee that no process of the command
 * outlives it or the server ({@code Launcher}: parent-death signal, process group, PID namespace;
 * {@code RunningCommands}: records of running commands, killed at start-up if a dead server left
 * them). It implements {@code storage.PostProcess}; storage alone hands it private copies.
 */
package dev.dlrepo.postprocess;
