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

import java.time.Duration;

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReusePortWorkerMetrics}.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class ReusePortWorkerMetricsTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	@Test
	void workersAddedByScalingGetMeters() {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(1);
		WorkerGroup workerGroup = new WorkerGroup();
		factory.setWorkerGroup(workerGroup);
		ReusePortWorkerMetrics metrics = new ReusePortWorkerMetrics(workerGroup);
		workerGroup.addWorkerListener(metrics::workerCreated);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics.bindTo(registry);
		ReusePortWebServer server = this.servers.start(factory);
		server.getWorkerGroup().scaleTo(3, Duration.ofSeconds(5));
		for (int i = 0; i < 30; i++) {
			RawHttpConnection.get(server.getPort(), "/");
		}
		assertThat(registry.get(WorkerMeters.REQUESTS.getName()).functionCounters()).hasSize(3);
		double requests = registry.get(WorkerMeters.REQUESTS.getName())
			.functionCounters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
		assertThat(requests).isEqualTo(30);
		assertThat(registry.get(WorkerMeters.ACTIVE_CONNECTIONS.getName()).tag("worker", "2").gauge().value())
			.isNotNaN();
		assertThat(registry.get(WorkerMeters.RUNNING.getName()).gauge().value()).isEqualTo(3);
	}

}
