/** Listening to work orders: {@link dev.awo.spi.event.WorkOrderListener} and the events it hears. */
package dev.awo.spi.event;
