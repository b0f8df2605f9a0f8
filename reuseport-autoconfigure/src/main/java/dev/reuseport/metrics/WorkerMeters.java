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

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters of the workers, registered by {@link ReusePortWorkerMetrics}. Every meter
 * but {@link #RUNNING} has one series per worker index that ever ran, scaled-up ones
 * included, tagged {@code worker}.
 *
 * @author reuseport team
 * @since 0.2.0
 */
public enum WorkerMeters implements MeterDocumentation {

	/**
	 * Workers running now.
	 */
	RUNNING("reuseport.workers.running", Meter.Type.GAUGE) {
		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[0];
		}
	},

	/**
	 * TCP connections open on a worker now.
	 */
	ACTIVE_CONNECTIONS("reuseport.worker.connections.active", Meter.Type.GAUGE),

	/**
	 * TCP connections a worker served: those its listener accepted and kept, and those
	 * other workers' listeners handed to it.
	 */
	ACCEPTED_CONNECTIONS("reuseport.worker.connections.accepted", Meter.Type.COUNTER),

	/**
	 * TCP connections a worker's listener accepted and handed to the worker serving the
	 * fewest connections ({@code reuseport.balance=least-connections}).
	 */
	HANDED_OFF_CONNECTIONS("reuseport.worker.connections.handed-off", Meter.Type.COUNTER),

	/**
	 * Requests (HTTP/1.1 requests and HTTP/2 streams) a worker received.
	 */
	REQUESTS("reuseport.worker.requests", Meter.Type.COUNTER),

	/**
	 * Recent maximum event-loop lag of a worker.
	 */
	EVENT_LOOP_LAG("reuseport.worker.eventloop.lag", Meter.Type.GAUGE),

	/**
	 * Event-loop utilization of a worker: CPU time of its loop threads over wall time, 0
	 * to 1.
	 */
	EVENT_LOOP_UTILIZATION("reuseport.worker.eventloop.utilization", Meter.Type.GAUGE),

	/**
	 * Times the watchdog found a worker's event loop stalled.
	 */
	STALLS("reuseport.worker.stalls", Meter.Type.COUNTER);

	private final String name;

	private final Meter.Type type;

	WorkerMeters(String name, Meter.Type type) {
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

	@Override
	public KeyName[] getKeyNames() {
		return Tags.values();
	}

	/**
	 * The tags of the per-worker meters.
	 */
	public enum Tags implements KeyName {

		/**
		 * The worker's index, from 0.
		 */
		WORKER {
			@Override
			public String asString() {
				return "worker";
			}
		}

	}

}
