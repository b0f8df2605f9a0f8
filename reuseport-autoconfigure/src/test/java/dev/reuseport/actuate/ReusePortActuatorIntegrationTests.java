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

package dev.reuseport.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.reuseport.server.supervision.EventLoops;
import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.TestApplication;
import dev.reuseport.testsupport.TestClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the {@code reuseport} endpoint, the per-worker health, the worker
 * meters and the worker context, with Actuator on a separate management port.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class ReusePortActuatorIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private ConfigurableApplicationContext context;

	private int port;

	private int managementPort;

	@BeforeEach
	void start() {
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "management.server.port=0", "reuseport.workers=2",
					"reuseport.watchdog.interval=50ms", "reuseport.watchdog.stall-threshold=500ms",
					"reuseport.watchdog.recovery=false", "management.endpoints.web.exposure.include=health,reuseport",
					"management.endpoint.health.show-details=always", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.managementPort = Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	private String management(String path) {
		return TestClients.get(TestClients.http(this.managementPort), path);
	}

	private Map<String, Object> json(String response) {
		return JsonParserFactory.getJsonParser().parseMap(response.substring(response.indexOf('{')));
	}

	private ReusePortWorker worker(int index) {
		return this.context.getBean(WorkerGroup.class).getWorkers().get(index);
	}

	@Test
	@SuppressWarnings("unchecked")
	void endpointDescribesWorkersAfterTraffic() {
		for (int i = 0; i < 20; i++) {
			RawHttpConnection.get(this.port, "/big");
		}
		Map<String, Object> body = json(management("/actuator/reuseport"));
		assertThat(body).containsEntry("configuredWorkers", 2)
			.containsEntry("runningWorkers", 2)
			.containsEntry("transport", "epoll")
			.containsEntry("port", this.port)
			.containsEntry("foreignListeners", 0)
			.containsKey("offload");
		assertThat(body.get("tcpMigrateReq")).as("the value itself: ReusePortActuatorTcpMigrateReqTests")
			.isIn("enabled", "disabled");
		List<Map<String, Object>> workers = (List<Map<String, Object>>) body.get("workers");
		assertThat(workers).hasSize(2);
		assertThat(workers.get(0)).containsEntry("index", 0)
			.containsEntry("state", "running")
			.containsEntry("eventLoopThreads", List.of("reuseport-0-epoll-1"))
			.containsKeys("activeConnections", "eventLoopLagMs", "startedAt");
		long accepted = workers.stream().mapToLong((w) -> ((Number) w.get("acceptedConnections")).longValue()).sum();
		long requests = workers.stream().mapToLong((w) -> ((Number) w.get("requests")).longValue()).sum();
		assertThat(accepted).isEqualTo(20);
		assertThat(requests).isEqualTo(20);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					((List<Map<String, Object>>) json(management("/actuator/reuseport")).get("workers")).get(0))
				.containsKey("eventLoopUtilization"));
	}

	@Test
	void workerSelector() {
		assertThat(json(management("/actuator/reuseport/1"))).containsEntry("index", 1)
			.containsEntry("state", "running");
		assertThat(management("/actuator/reuseport/7")).startsWith("404 ");
	}

	@Test
	void writeOperationsAreOffByDefault() {
		assertThat(TestClients.postJson(TestClients.http(this.managementPort), "/actuator/reuseport/restart",
				"{\"worker\":0}"))
			.matches("40[45] .*");
		assertThat(worker(0).getGeneration()).isZero();
	}

	@Test
	void healthShowsEveryWorkerAndReadiness() {
		assertThat(management("/actuator/health/reuseport")).startsWith("200 ")
			.contains("\"worker-0\"")
			.contains("\"worker-1\"");
		assertThat(management("/actuator/health/reuseportReadiness")).startsWith("200 ")
			.contains("\"acceptingWorkers\":2")
			.containsPattern("\"tcpMigrateReq\":\"(enabled|disabled)\"");
	}

	@Test
	void blockedWorkerIsReportedDownThenUpAgainWhileTheOtherKeepsTheInstanceReady() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		EventLoops.execute(worker(1), () -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(management("/actuator/health/reuseport/worker-1")).startsWith("503 ")
				.contains("\"state\":\"stalled\""));
		assertThat(management("/actuator/health/reuseport/worker-0")).startsWith("200 ");
		assertThat(management("/actuator/health/reuseportReadiness")).startsWith("200 ")
			.contains("\"acceptingWorkers\":1");
		release.countDown();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(management("/actuator/health/reuseport/worker-1")).startsWith("200 "));
	}

	@Test
	void metersExistWithWorkerTagsAndMove() {
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		for (int i = 0; i < 20; i++) {
			RawHttpConnection.get(this.port, "/big");
		}
		assertThat(registry.get("reuseport.workers.running").gauge().value()).isEqualTo(2);
		double requests = registry.get("reuseport.worker.requests").tag("worker", "0").functionCounter().count()
				+ registry.get("reuseport.worker.requests").tag("worker", "1").functionCounter().count();
		assertThat(requests).isEqualTo(20);
		assertThat(registry.get("reuseport.worker.connections.accepted").functionCounters()).hasSize(2);
		assertThat(registry.get("reuseport.worker.connections.active").tag("worker", "1").gauge().value())
			.isNotNegative();
		assertThat(registry.get("reuseport.worker.eventloop.lag").tag("worker", "0").timeGauge().value())
			.isNotNegative();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(
					registry.get("reuseport.worker.eventloop.utilization").tag("worker", "0").gauge().value())
				.isBetween(0.0, 1.0));
		assertThat(registry.find("http.server.requests")
			.tag("worker", "0")
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum()
				+ registry.find("http.server.requests")
					.tag("worker", "1")
					.timers()
					.stream()
					.mapToLong((timer) -> timer.count())
					.sum())
			.isEqualTo(20);
	}

	@Test
	void kernelSpreadsFreshConnectionsOverBothWorkers() {
		int connections = 400;
		for (int i = 0; i < connections; i++) {
			RawHttpConnection.get(this.port, "/big");
		}
		Map<String, Object> worker0 = json(management("/actuator/reuseport/0"));
		Map<String, Object> worker1 = json(management("/actuator/reuseport/1"));
		long accepted0 = ((Number) worker0.get("acceptedConnections")).longValue();
		long accepted1 = ((Number) worker1.get("acceptedConnections")).longValue();
		assertThat(accepted0 + accepted1).isEqualTo(connections);
		System.out.println("Kernel balancing over " + connections + " fresh connections: worker 0 " + accepted0
				+ ", worker 1 " + accepted1);
		assertThat(accepted0).isBetween((long) (connections * 0.35), (long) (connections * 0.65));
	}

	@Test
	void workerIsVisibleToRequestHandling() {
		String response = TestClients.get(TestClients.http(this.port), "/context");
		String[] parts = response.split(" ");
		String worker = parts[2];
		assertThat(worker).as("WorkerRequests").isIn("0", "1");
		assertThat(parts[3]).as("no exchange attribute: nothing is written per request").isEqualTo("-");
		assertThat(parts[4]).as("no Reactor context entry").isEqualTo("-");
		assertThat(parts[5]).as("MDC").isEqualTo(worker);
		assertThat(parts[6]).startsWith("reuseport-" + worker + "-");
	}

}
