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

package dev.reuseport.offload.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.testsupport.RawHttpConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the offload scheduler behind a real server and client: saturation,
 * deadlines, cancellation, {@code @Offload} methods and metrics.
 *
 * @author reuseport team
 */
class OffloadWebIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private ConfigurableApplicationContext context;

	private int port;

	@AfterEach
	void close() {
		if (this.context != null) {
			gate().open();
			this.context.close();
		}
	}

	private void run(String... properties) {
		this.context = new SpringApplicationBuilder(OffloadTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=1", "reuseport.offload.threads=1",
					"reuseport.offload.queue-capacity=1", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.properties(properties)
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private OffloadTestApplication.Gate gate() {
		return this.context.getBean(OffloadTestApplication.Gate.class);
	}

	private OffloadScheduler scheduler() {
		return this.context.getBean(OffloadScheduler.class);
	}

	private String get(String path) {
		return HttpClient.newConnection()
			.port(this.port)
			.responseTimeout(WAIT)
			.get()
			.uri(path)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + response.responseHeaders().get("Retry-After", "-") + " "
						+ text))
			.block(WAIT);
	}

	private CompletableFuture<String> getAsync(String path) {
		return CompletableFuture.supplyAsync(() -> get(path));
	}

	private void saturate(String path) {
		getAsync(path);
		await().atMost(WAIT).until(() -> scheduler().getStatistics().busyThreads() == 1);
		getAsync(path);
		await().atMost(WAIT).until(() -> scheduler().getStatistics().queued() == 1);
	}

	@Test
	void saturationAnswers503WithRetryAfterWhileTheEventLoopKeepsServing() {
		run();
		saturate("/submit/gate");
		assertThat(get("/submit/gate")).startsWith("503 1 ")
			.contains("\"reason\":\"queue_full\"")
			.contains("are busy and its queue of 1 is full");
		assertThat(get("/worker")).startsWith("200 - reuseport-0-");
		assertThat(scheduler().getStatistics().rejected()).isOne();
	}

	@Test
	void saturatedPoolAcceptsWorkAgainOnceItDrains() {
		run();
		saturate("/submit/gate");
		gate().open();
		await().atMost(WAIT)
			.until(() -> scheduler().getStatistics().busyThreads() == 0 && scheduler().getStatistics().queued() == 0);
		assertThat(get("/submit/gate")).isEqualTo("200 - passed");
	}

	@Test
	void retryAfterIsConfigurable() {
		run("reuseport.offload.retry-after=2500ms");
		saturate("/submit/gate");
		assertThat(get("/submit/gate")).startsWith("503 3 ");
	}

	@Test
	void taskPastQueueTimeoutGets503AndNeverRuns() {
		run("reuseport.offload.queue-timeout=300ms");
		getAsync("/submit/gate");
		await().atMost(WAIT).until(() -> gate().entered() == 1);
		assertThat(get("/submit/gate")).startsWith("503 1 ").contains("\"reason\":\"queue_timeout\"");
		gate().open();
		await().atMost(WAIT).until(() -> scheduler().getStatistics().busyThreads() == 0);
		assertThat(gate().entered()).isOne();
	}

	@Test
	void taskPastRunTimeoutGets503AndIsInterrupted() {
		run("reuseport.offload.timeout=300ms");
		assertThat(get("/submit/spin?ms=10000")).startsWith("503 1 ").contains("\"reason\":\"run_timeout\"");
		await().atMost(WAIT).until(() -> gate().interrupted() == 1);
	}

	@Test
	void queuedTaskOfDisconnectedClientNeverRuns() throws IOException {
		assertQueuedTaskOfDisconnectedClientNeverRuns("/submit/gate");
	}

	private void assertQueuedTaskOfDisconnectedClientNeverRuns(String path) throws IOException {
		run("reuseport.offload.queue-timeout=0");
		getAsync(path);
		await().atMost(WAIT).until(() -> gate().entered() == 1);
		try (RawHttpConnection client = RawHttpConnection.open(this.port)) {
			client.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
			await().atMost(WAIT).until(() -> scheduler().getStatistics().queued() == 1);
		}
		await().atMost(WAIT).until(() -> scheduler().getStatistics().cancelledQueued() == 1);
		assertThat(scheduler().getStatistics().queued()).isZero();
		gate().open();
		await().atMost(WAIT).until(() -> scheduler().getStatistics().busyThreads() == 0);
		assertThat(gate().entered()).isOne();
	}

	@Test
	void annotatedMethodRunsOnTheOffloadPool() {
		run();
		assertThat(get("/annotated/thread")).isEqualTo("200 - reuseport-offload-1");
	}

	@Test
	void annotatedMethodAnswers503WhenSaturated() {
		run();
		saturate("/annotated/gate");
		assertThat(get("/annotated/gate")).startsWith("503 1 ").contains("\"reason\":\"queue_full\"");
	}

	@Test
	void annotatedMethodPastQueueTimeoutIsNotInvoked() {
		run("reuseport.offload.queue-timeout=300ms");
		getAsync("/annotated/gate");
		await().atMost(WAIT).until(() -> gate().entered() == 1);
		assertThat(get("/annotated/gate")).startsWith("503 1 ").contains("\"reason\":\"queue_timeout\"");
		gate().open();
		await().atMost(WAIT).until(() -> scheduler().getStatistics().busyThreads() == 0);
		assertThat(gate().entered()).isOne();
	}

	@Test
	void annotatedMethodPastRunTimeoutIsInterruptedAndAnswers503() {
		run("reuseport.offload.timeout=300ms");
		assertThat(get("/annotated/spin?ms=10000")).startsWith("503 1 ").contains("\"reason\":\"run_timeout\"");
		assertThat(gate().interrupted()).isOne();
	}

	@Test
	void annotatedMethodOfDisconnectedClientNeverRuns() throws IOException {
		assertQueuedTaskOfDisconnectedClientNeverRuns("/annotated/gate");
	}

	@Test
	void metricsArePresentAndMove() {
		run();
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		assertThat(get("/submit/spin?ms=1")).isEqualTo("200 - spun");
		saturate("/submit/gate");
		assertThat(get("/submit/gate")).startsWith("503");
		String name = "reuseport-offload";
		assertThat(registry.get("executor.completed").tag("name", name).functionCounter().count()).isPositive();
		assertThat(registry.get("executor.rejected").tag("name", name).functionCounter().count()).isOne();
		assertThat(registry.get("executor.queued").tag("name", name).gauge().value()).isOne();
		assertThat(registry.get("reuseport.offload.utilization").tag("name", name).gauge().value()).isOne();
		assertThat(registry.get("reuseport.offload.queue.wait").tag("name", name).timer().count()).isGreaterThan(1);
		assertThat(registry.get("reuseport.offload.run").tag("name", name).timer().count()).isPositive();
		assertThat(registry.get("reuseport.offload.timeouts").tags("name", name, "phase", "queue").functionCounter())
			.isNotNull();
	}

}
