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

import java.util.List;

import dev.reuseport.server.linux.KernelSettings;
import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.server.supervision.WorkerState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness of the reuseport workers: {@code UP} while at least one worker accepts
 * connections, so one worker being replaced or stalled does not take the instance out of
 * a load balancer. Meant for the readiness group, never for liveness. Its details also
 * say whether {@code net.ipv4.tcp_migrate_req} is on, which decides whether restarts and
 * stall recovery can reset queued connections.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class ReusePortReadinessHealthIndicator extends AbstractHealthIndicator {

	private final @Nullable WorkerGroup workerGroup;

	/**
	 * Create a new instance.
	 * @param workerGroup the workers of the web server
	 */
	public ReusePortReadinessHealthIndicator(WorkerGroup workerGroup) {
		super("reuseport readiness check failed");
		this.workerGroup = workerGroup;
	}

	private ReusePortReadinessHealthIndicator() {
		super("reuseport readiness check failed");
		this.workerGroup = null;
	}

	/**
	 * Return an indicator for an application that does not run reuseport workers
	 * ({@code reuseport.enabled=false}): always up.
	 * @return the indicator
	 */
	public static ReusePortReadinessHealthIndicator withoutWorkers() {
		return new ReusePortReadinessHealthIndicator();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.workerGroup == null) {
			builder.up().withDetail("reuseport", "disabled");
			return;
		}
		List<ReusePortWorker> workers = this.workerGroup.getWorkers();
		long accepting = workers.stream().filter((worker) -> worker.getState() == WorkerState.RUNNING).count();
		builder.status((accepting > 0) ? Status.UP : Status.DOWN)
			.withDetail("acceptingWorkers", accepting)
			.withDetail("workers", workers.size())
			.withDetail("tcpMigrateReq",
					KernelSettings.tcpMigrateReq().map((on) -> on ? "enabled" : "disabled").orElse("unknown"));
	}

}
