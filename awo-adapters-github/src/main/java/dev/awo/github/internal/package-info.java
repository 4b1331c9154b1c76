/**
 * Implementation of the gh adapter: running gh, mapping its failures, reading its JSON, rendering
 * progress comments. No compatibility promise.
 */
package dev.awo.github.internal;
