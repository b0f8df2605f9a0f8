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

import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.TestApplication;
import dev.reuseport.testsupport.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code restart} write operation of the {@code reuseport} endpoint, with
 * access opened.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class ReusePortEndpointWriteOperationTests {

	private ConfigurableApplicationContext context;

	private int managementPort;

	@BeforeEach
	void start() {
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "management.server.port=0", "reuseport.workers=2",
					"reuseport.restart-delay=10ms", "management.endpoints.web.exposure.include=reuseport",
					"management.endpoint.reuseport.access=unrestricted", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		this.managementPort = Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	private String post(String json) {
		return post("restart", json);
	}

	private String post(String action, String json) {
		return TestClients.postJson(TestClients.http(this.managementPort), "/actuator/reuseport/" + action, json);
	}

	private ReusePortWorker worker(int index) {
		return this.context.getBean(WorkerGroup.class)
			.getWorkers()
			.stream()
			.filter((worker) -> worker.getIndex() == index)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void restartOneWorker() {
		assertThat(post("{\"worker\":1}")).startsWith("202 ").contains("\"restarting\":[1]");
		await().atMost(Duration.ofSeconds(15)).until(() -> worker(1).getGeneration() == 1);
		assertThat(worker(1).getThreadNames()).containsExactly("reuseport-1r1-epoll-1");
		assertThat(worker(0).getGeneration()).isZero();
	}

	@Test
	void restartEveryWorker() {
		assertThat(post("{}")).startsWith("202 ").contains("\"restarting\":[0,1]");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> worker(0).getGeneration() == 1 && worker(1).getGeneration() == 1);
	}

	@Test
	void unknownWorkerIs404AndChangesNothing() {
		assertThat(post("{\"worker\":7}")).startsWith("404 ").contains("No worker with index 7");
		assertThat(worker(0).getGeneration()).isZero();
		assertThat(worker(1).getGeneration()).isZero();
	}

	@Test
	void negativeWorkerIs400() {
		assertThat(post("{\"worker\":-1}")).startsWith("400 ").contains("'worker' must not be negative but was -1");
	}

	@Test
	void scaleToThreeWorkers() {
		assertThat(post("scale", "{\"workers\":3}")).startsWith("202 ").contains("\"scalingTo\":3");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.context.getBean(WorkerGroup.class).getWorkers().size() == 3);
	}

	@Test
	void scaleToZeroIs400AndChangesNothing() {
		assertThat(post("scale", "{\"workers\":0}")).startsWith("400 ").contains("'workers' must be between 1 and 256");
		assertThat(post("scale", "{}")).startsWith("400 ");
		assertThat(this.context.getBean(WorkerGroup.class).getWorkers()).hasSize(2);
	}

	@Test
	void unknownActionIs404() {
		assertThat(post("explode", "{}")).startsWith("404 ").contains("Unknown action 'explode'");
	}

	@Test
	void workerThatIsNotANumberIs400() {
		assertThat(post("{\"worker\":\"first\"}")).startsWith("400 ");
		assertThat(worker(0).getGeneration()).isZero();
	}

	@Test
	void changeWhileAnotherRunsIs409() {
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		try (RawHttpConnection idle = RawHttpConnection.open(port)) {
			// an idle keep-alive connection: its worker's drain keeps it open for the
			// drain
			// window (1 s), so the restart is still running when the next change is asked
			// for
			idle.request("/worker", true);
			assertThat(post("{}")).startsWith("202 ");
			assertThat(post("{\"worker\":0}")).startsWith("409 ")
				.contains("Another change of the workers is in progress");
			assertThat(post("scale", "{\"workers\":3}")).startsWith("409 ");
		}
		await().atMost(Duration.ofSeconds(15))
			.until(() -> worker(0).getGeneration() == 1 && worker(1).getGeneration() == 1);
		assertThat(post("{\"worker\":0}")).as("accepted again once the change is done").startsWith("202 ");
	}

}
