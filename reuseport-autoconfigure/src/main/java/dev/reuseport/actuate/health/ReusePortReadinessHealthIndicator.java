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
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.reuseport.netty.KernelSettings;
import dev.reuseport.netty.ReusePortWebServer;
import dev.reuseport.netty.ReusePortWorker;
import dev.reuseport.netty.WorkerState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

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

	private final @Nullable Supplier<@Nullable ReusePortWebServer> webServer;

	public ReusePortReadinessHealthIndicator(Supplier<@Nullable ReusePortWebServer> webServer) {
		super("reuseport readiness check failed");
		this.webServer = webServer;
	}

	private ReusePortReadinessHealthIndicator() {
		super("reuseport readiness check failed");
		this.webServer = null;
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
		if (this.webServer == null) {
			builder.up().withDetail("reuseport", "disabled");
			return;
		}
		ReusePortWebServer server = this.webServer.get();
		List<ReusePortWorker> workers = (server != null) ? server.getWorkers() : List.of();
		long accepting = workers.stream().filter((worker) -> worker.getState() == WorkerState.RUNNING).count();
		builder
			.status((accepting > 0) ? org.springframework.boot.health.contributor.Status.UP
					: org.springframework.boot.health.contributor.Status.DOWN)
			.withDetail("acceptingWorkers", accepting)
			.withDetail("workers", workers.size())
			.withDetail("tcpMigrateReq",
					KernelSettings.tcpMigrateReq().map((on) -> on ? "enabled" : "disabled").orElse("unknown"));
	}

}
