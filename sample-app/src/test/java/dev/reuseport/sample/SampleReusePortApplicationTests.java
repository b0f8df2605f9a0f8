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

package dev.reuseport.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.reuseport.server.ReusePortWebServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Smoke tests for the sample application, with Actuator on a separate management port.
 *
 * @author reuseport team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "reuseport.workers=2", "management.server.port=0" })
class SampleReusePortApplicationTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private WebServerApplicationContext context;

	private static String get(int port, String path) {
		return HttpClient.newConnection()
			.port(port)
			.get()
			.uri(path)
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
	}

	@Test
	void helloIsServedByEveryWorker() {
		assertThat(this.context.getWebServer()).isInstanceOf(ReusePortWebServer.class);
		assertThat(get(this.port, "/hello")).isEqualTo("hello");
		Set<String> workers = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> workers.add(get(this.port, "/worker")) && workers.size() == 2);
		assertThat(workers).allMatch((name) -> name.startsWith("reuseport-"));
	}

	@Test
	void cpuWorkRunsInlineOffloadedAndAnnotated() {
		assertThat(get(this.port, "/cpu?ms=1")).isEqualTo("1");
		assertThat(get(this.port, "/cpu/offload?ms=1")).isEqualTo("1");
		assertThat(get(this.port, "/cpu/annotated?ms=1")).isEqualTo("1");
	}

	@Test
	void webSocketEchoes() {
		AtomicReference<String> echoed = new AtomicReference<>();
		new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://127.0.0.1:" + this.port + "/ws/echo"),
					(session) -> session.send(Mono.just(session.textMessage("hi")))
						.thenMany(session.receive().take(1).map(WebSocketMessage::getPayloadAsText))
						.doOnNext(echoed::set)
						.then())
			.block(Duration.ofSeconds(10));
		assertThat(echoed).hasValue("hi");
	}

	@Test
	void actuatorAnswersOnTheManagementPort() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(get(this.managementPort, "/actuator/health")).contains("\"status\":\"UP\"");
		assertThat(get(this.managementPort, "/actuator/health/readiness")).contains("reuseportReadiness");
		assertThat(get(this.managementPort, "/actuator/reuseport")).contains("\"runningWorkers\":2");
		assertThat(get(this.managementPort, "/actuator/prometheus"))
			.contains("reuseport_worker_requests_total{worker=\"0\"}")
			.contains("executor_rejected_tasks_total{name=\"reuseport-offload\"}");
	}

}
