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

import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.reuseport.netty.ReusePortWebServer;
import dev.reuseport.netty.ReusePortWorker;

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

	private final Supplier<@Nullable ReusePortWebServer> webServer;

	public ReusePortHealthContributor(Supplier<@Nullable ReusePortWebServer> webServer) {
		this.webServer = webServer;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return workers().filter((worker) -> name.equals(PREFIX + worker.getIndex()))
			.findFirst()
			.map(ReusePortHealthContributor::indicator)
			.orElse(null);
	}

	@Override
	public Stream<Entry> stream() {
		return workers().map((worker) -> new Entry(PREFIX + worker.getIndex(), indicator(worker)));
	}

	private Stream<ReusePortWorker> workers() {
		ReusePortWebServer server = this.webServer.get();
		return (server != null) ? server.getWorkers().stream() : Stream.empty();
	}

	private static HealthIndicator indicator(ReusePortWorker worker) {
		return () -> Health.status(status(worker))
			.withDetail("state", worker.getState().name().toLowerCase(java.util.Locale.ROOT))
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
