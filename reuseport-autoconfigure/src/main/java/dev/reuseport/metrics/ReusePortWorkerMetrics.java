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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.reuseport.server.connection.WorkerStatistics;
import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.server.supervision.WorkerState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the {@link WorkerMeters}: {@code reuseport.workers.running}, and per-worker
 * meters tagged {@code worker} with the worker index, read from the running workers at
 * each scrape. Meters of an index are registered when the group first creates a worker of
 * that index, so that workers added by scaling have them too (see
 * {@link #workerCreated}); a series whose worker is gone reads {@code NaN}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ReusePortWorkerMetrics implements MeterBinder {

	private final WorkerGroup workerGroup;

	private final Set<Integer> indexes = new TreeSet<>();

	private @Nullable MeterRegistry registry;

	/**
	 * Create a new instance. Register {@link #workerCreated} as a worker listener of the
	 * group.
	 * @param workerGroup the workers of the web server
	 */
	public ReusePortWorkerMetrics(WorkerGroup workerGroup) {
		this.workerGroup = workerGroup;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder(WorkerMeters.RUNNING.getName(), this, ReusePortWorkerMetrics::running)
			.description("Workers running now")
			.register(registry);
		this.indexes.forEach((index) -> register(registry, index));
	}

	/**
	 * Make sure the meters of a worker's index exist. Called for each worker the server
	 * creates.
	 * @param worker the worker
	 */
	public synchronized void workerCreated(ReusePortWorker worker) {
		if (this.indexes.add(worker.getIndex()) && this.registry != null) {
			register(this.registry, worker.getIndex());
		}
	}

	private void register(MeterRegistry registry, int index) {
		Tags tags = Tags.of(WorkerMeters.Tags.WORKER.asString(), Integer.toString(index));
		Gauge
			.builder(WorkerMeters.ACTIVE_CONNECTIONS.getName(), this,
					(m) -> m.statistic(index, WorkerStatistics::getActiveConnections))
			.tags(tags)
			.description("TCP connections open on the worker")
			.register(registry);
		counter(registry, WorkerMeters.ACCEPTED_CONNECTIONS, tags, index, WorkerStatistics::getAcceptedConnections,
				"TCP connections the worker served");
		counter(registry, WorkerMeters.HANDED_OFF_CONNECTIONS, tags, index, WorkerStatistics::getHandedOffConnections,
				"TCP connections the worker's listener handed to the worker serving the fewest");
		counter(registry, WorkerMeters.REQUESTS, tags, index, WorkerStatistics::getRequests,
				"Requests the worker received");
		counter(registry, WorkerMeters.STALLS, tags, index, WorkerStatistics::getStalls,
				"Times the watchdog found the worker's event loop stalled");
		TimeGauge
			.builder(WorkerMeters.EVENT_LOOP_LAG.getName(), this, TimeUnit.NANOSECONDS,
					(m) -> m.value(index, (w) -> w.getEventLoopLag().toNanos()))
			.tags(tags)
			.description("Recent maximum event-loop lag of the worker")
			.register(registry);
		Gauge
			.builder(WorkerMeters.EVENT_LOOP_UTILIZATION.getName(), this,
					(m) -> m.value(index, ReusePortWorker::getEventLoopUtilization))
			.tags(tags)
			.description("Event-loop CPU time over wall time of the worker, 0 to 1")
			.register(registry);
	}

	private void counter(MeterRegistry registry, WorkerMeters meter, Tags tags, int index,
			ToDoubleFunction<WorkerStatistics> statistic, String description) {
		FunctionCounter.builder(meter.getName(), this, (m) -> m.statistic(index, statistic))
			.tags(tags)
			.description(description)
			.register(registry);
	}

	private double running() {
		return this.workerGroup.getWorkers()
			.stream()
			.filter((worker) -> worker.getState() == WorkerState.RUNNING)
			.count();
	}

	private double statistic(int index, ToDoubleFunction<WorkerStatistics> statistic) {
		return value(index, (worker) -> statistic.applyAsDouble(worker.getStatistics()));
	}

	private double value(int index, ToDoubleFunction<ReusePortWorker> value) {
		return worker(index).map(value::applyAsDouble).orElse(Double.NaN);
	}

	private Optional<ReusePortWorker> worker(int index) {
		return this.workerGroup.getWorkers().stream().filter((worker) -> worker.getIndex() == index).findFirst();
	}

}
