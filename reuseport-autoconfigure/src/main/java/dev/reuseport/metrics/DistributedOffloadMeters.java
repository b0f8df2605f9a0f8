/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters of the distributed offload queue: what this instance's worker did, and the
 * state of the queue in Redis (read every 5 seconds by the worker, the same on every
 * instance).
 *
 * @author reuseport team
 * @since 0.1.0
 */
public enum DistributedOffloadMeters implements MeterDocumentation {

	/**
	 * Tasks run here whose result was recorded.
	 */
	COMPLETED("reuseport.offload.distributed.completed", Meter.Type.COUNTER),

	/**
	 * Tasks run here that threw and were queued again for their next attempt.
	 */
	RETRIED("reuseport.offload.distributed.retried", Meter.Type.COUNTER),

	/**
	 * Entries this worker sent to the dead letter: failed on their last attempt,
	 * delivered too often, foreign, unknown, unbindable or unsigned.
	 */
	DEAD_LETTERED("reuseport.offload.distributed.dead-lettered", Meter.Type.COUNTER),

	/**
	 * Entries not run because their caller's deadline had passed.
	 */
	EXPIRED("reuseport.offload.distributed.expired", Meter.Type.COUNTER),

	/**
	 * Entries given back to the queue because the offload pool got busy after they were
	 * read.
	 */
	REQUEUED("reuseport.offload.distributed.requeued", Meter.Type.COUNTER),

	/**
	 * Outcomes not recorded because another worker had taken the entry over.
	 */
	FENCED("reuseport.offload.distributed.fenced", Meter.Type.COUNTER),

	/**
	 * Entries of silent consumers claimed by this worker.
	 */
	CLAIMED("reuseport.offload.distributed.claimed", Meter.Type.COUNTER),

	/**
	 * Callers on this instance waiting for a result.
	 */
	WAITING("reuseport.offload.distributed.waiting", Meter.Type.GAUGE),

	/**
	 * Entries in the task stream: waiting, or read and not finished.
	 */
	QUEUE_LENGTH("reuseport.offload.distributed.queue.length", Meter.Type.GAUGE),

	/**
	 * Entries read by a worker and not finished.
	 */
	QUEUE_PENDING("reuseport.offload.distributed.queue.pending", Meter.Type.GAUGE),

	/**
	 * Entries no worker has read yet.
	 */
	QUEUE_LAG("reuseport.offload.distributed.queue.lag", Meter.Type.GAUGE),

	/**
	 * Retries waiting for their backoff.
	 */
	QUEUE_DELAYED("reuseport.offload.distributed.queue.delayed", Meter.Type.GAUGE),

	/**
	 * Entries in the dead-letter stream.
	 */
	DEAD_LETTERS("reuseport.offload.distributed.queue.dead-letters", Meter.Type.GAUGE);

	private final String name;

	private final Meter.Type type;

	DistributedOffloadMeters(String name, Meter.Type type) {
		this.name = name;
		this.type = type;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Meter.Type getType() {
		return this.type;
	}

}
