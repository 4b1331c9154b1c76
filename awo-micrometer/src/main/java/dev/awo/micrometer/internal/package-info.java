/**
 * The Micrometer listener's implementation: the hand-off queue, the per-work-order state and the
 * meters. No compatibility promise.
 */
package dev.awo.micrometer.internal;
