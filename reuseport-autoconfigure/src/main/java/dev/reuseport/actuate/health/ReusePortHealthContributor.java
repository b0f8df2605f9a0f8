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

package dev.reuseport.actuate.health;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the reuseport workers: one entry per worker ({@code worker-0},
 * {@code worker-1}, …), read from the running workers on each call. A running worker is
 * {@code UP}; a stalled or stopped one {@code DOWN}; one starting or draining
 * {@code OUT_OF_SERVICE}. Details: state, event-loop lag and utilization, active
 * connections.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ReusePortHealthContributor implements CompositeHealthContributor {

	private static final String PREFIX = "worker-";

	private final WorkerGroup workerGroup;

	/**
	 * Create a new instance.
	 * @param workerGroup the workers of the web server
	 */
	public ReusePortHealthContributor(WorkerGroup workerGroup) {
		this.workerGroup = workerGroup;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return stream().filter((entry) -> entry.name().equals(name)).findFirst().map(Entry::contributor).orElse(null);
	}

	/**
	 * One entry per worker: {@code worker-<index>} for the current worker of an index,
	 * {@code worker-<index>-g<generation>} for one being replaced (draining, or stalled
	 * and waiting to be stopped).
	 */
	@Override
	public Stream<Entry> stream() {
		Set<Integer> seen = new HashSet<>();
		List<Entry> entries = new ArrayList<>();
		for (ReusePortWorker worker : this.workerGroup.getWorkers()) {
			String name = seen.add(worker.getIndex()) ? PREFIX + worker.getIndex()
					: PREFIX + worker.getIndex() + "-g" + worker.getGeneration();
			entries.add(new Entry(name, indicator(worker)));
		}
		return entries.stream();
	}

	private static HealthIndicator indicator(ReusePortWorker worker) {
		return () -> Health.status(status(worker))
			.withDetail("state", worker.getState().name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("generation", worker.getGeneration())
			.withDetail("eventLoopLagMs", worker.getEventLoopLag().toMillis())
			.withDetail("eventLoopUtilization", worker.getEventLoopUtilization())
			.withDetail("activeConnections", worker.getStatistics().getActiveConnections())
			.build();
	}

	private static Status status(ReusePortWorker worker) {
		return switch (worker.getState()) {
			case RUNNING -> Status.UP;
			case STALLED, STOPPED -> Status.DOWN;
			case STARTING, DRAINING -> Status.OUT_OF_SERVICE;
		};
	}

}
