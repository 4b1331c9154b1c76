/**
 * awo on Temporal: {@link dev.awo.temporal.TemporalWorkOrders} (the client facade, a {@link
 * dev.awo.core.WorkOrderService}), {@link dev.awo.temporal.AwoWorkers} (registers the workflow and
 * the activities on a Temporal worker with the host's ports), {@link
 * dev.awo.temporal.TemporalOptions}, and the Temporal types they register: the deterministic
 * {@link dev.awo.temporal.AwoWorkflow} and the {@link dev.awo.temporal.WorkOrderActivities}.
 */
package dev.awo.temporal;
