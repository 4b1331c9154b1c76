/**
 * Implementation of the Claude Code executor: locating the CLI, building its command, collecting
 * its stream and judging the outcome. No compatibility promise.
 */
package dev.awo.claude.internal;
