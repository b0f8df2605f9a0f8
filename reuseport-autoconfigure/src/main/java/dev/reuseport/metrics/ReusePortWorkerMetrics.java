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

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.reuseport.netty.ReusePortWebServer;
import dev.reuseport.netty.ReusePortWorker;
import dev.reuseport.netty.WorkerState;

/**
 * Binds per-worker meters, tagged {@code worker} with the worker index, read from the
 * running workers at each scrape: {@code reuseport.worker.connections.active},
 * {@code reuseport.worker.connections.accepted}, {@code reuseport.worker.requests},
 * {@code reuseport.worker.eventloop.lag}, {@code reuseport.worker.eventloop.utilization},
 * plus {@code reuseport.workers.running}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ReusePortWorkerMetrics implements MeterBinder {

	/**
	 * Workers running now.
	 */
	public static final String RUNNING = "reuseport.workers.running";

	/**
	 * TCP connections open on a worker now.
	 */
	public static final String ACTIVE_CONNECTIONS = "reuseport.worker.connections.active";

	/**
	 * TCP connections a worker accepted.
	 */
	public static final String ACCEPTED_CONNECTIONS = "reuseport.worker.connections.accepted";

	/**
	 * Requests (HTTP/1.1 requests and HTTP/2 streams) a worker received.
	 */
	public static final String REQUESTS = "reuseport.worker.requests";

	/**
	 * Recent maximum event-loop lag of a worker.
	 */
	public static final String EVENT_LOOP_LAG = "reuseport.worker.eventloop.lag";

	/**
	 * Event-loop utilization of a worker, 0 to 1.
	 */
	public static final String EVENT_LOOP_UTILIZATION = "reuseport.worker.eventloop.utilization";

	/**
	 * Times the watchdog found a worker's event loop stalled.
	 */
	public static final String STALLS = "reuseport.worker.stalls";

	private final Supplier<@Nullable ReusePortWebServer> webServer;

	private final int workers;

	/**
	 * Create a new instance.
	 * @param webServer supplies the running server
	 * @param workers the configured number of workers, whose indexes get meters
	 */
	public ReusePortWorkerMetrics(Supplier<@Nullable ReusePortWebServer> webServer, int workers) {
		this.webServer = webServer;
		this.workers = workers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(RUNNING, this, ReusePortWorkerMetrics::running)
			.description("Workers running now")
			.register(registry);
		for (int index = 0; index < this.workers; index++) {
			int worker = index;
			String tag = Integer.toString(worker);
			Gauge
				.builder(ACTIVE_CONNECTIONS, this,
						(m) -> m.value(worker, (w) -> w.getStatistics().getActiveConnections()))
				.tag("worker", tag)
				.description("TCP connections open on the worker")
				.register(registry);
			FunctionCounter
				.builder(ACCEPTED_CONNECTIONS, this,
						(m) -> m.value(worker, (w) -> w.getStatistics().getAcceptedConnections()))
				.tag("worker", tag)
				.description("TCP connections the worker accepted")
				.register(registry);
			FunctionCounter.builder(REQUESTS, this, (m) -> m.value(worker, (w) -> w.getStatistics().getRequests()))
				.tag("worker", tag)
				.description("Requests the worker received")
				.register(registry);
			FunctionCounter.builder(STALLS, this, (m) -> m.value(worker, (w) -> w.getStatistics().getStalls()))
				.tag("worker", tag)
				.description("Times the watchdog found the worker's event loop stalled")
				.register(registry);
			TimeGauge
				.builder(EVENT_LOOP_LAG, this, TimeUnit.NANOSECONDS,
						(m) -> m.value(worker, (w) -> w.getEventLoopLag().toNanos()))
				.tag("worker", tag)
				.description("Recent maximum event-loop lag of the worker")
				.register(registry);
			Gauge
				.builder(EVENT_LOOP_UTILIZATION, this, (m) -> m.value(worker, ReusePortWorker::getEventLoopUtilization))
				.tag("worker", tag)
				.description("Event-loop CPU time over wall time of the worker, 0 to 1")
				.register(registry);
		}
	}

	private double running() {
		ReusePortWebServer server = this.webServer.get();
		return (server != null)
				? server.getWorkers().stream().filter((worker) -> worker.getState() == WorkerState.RUNNING).count() : 0;
	}

	private double value(int index, ToDoubleFunction<ReusePortWorker> value) {
		return worker(index).map(value::applyAsDouble).orElse(Double.NaN);
	}

	private Optional<ReusePortWorker> worker(int index) {
		ReusePortWebServer server = this.webServer.get();
		if (server == null) {
			return Optional.empty();
		}
		return server.getWorkers().stream().filter((worker) -> worker.getIndex() == index).findFirst();
	}

}
