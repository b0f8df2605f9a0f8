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

package dev.reuseport.server;

import java.io.IOException;
import java.time.Duration;

import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the idle timeout and request header deadline that workers apply to slow
 * clients.
 *
 * @author reuseport team
 */
class SlowClientTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private ReusePortWebServer webServer;

	private int start(Duration idleTimeout, Duration headerTimeout) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		factory.setIdleTimeout(idleTimeout);
		factory.setRequestHeaderTimeout(headerTimeout);
		this.webServer = this.servers.start(factory);
		return this.webServer.getPort();
	}

	private long headerTimeouts() {
		return this.webServer.getWorkerGroup()
			.getWorkers()
			.stream()
			.mapToLong((worker) -> worker.getStatistics().getRequestHeaderTimeouts())
			.sum();
	}

	@Test
	void clientTricklingHeadersIsClosedWhileOthersAreServed() throws IOException {
		int port = start(Duration.ofSeconds(60), Duration.ofSeconds(1));
		try (RawHttpConnection slow = RawHttpConnection.open(port)) {
			slow.send("GET / HTTP/1.1\r\n");
			boolean closed = false;
			for (int i = 0; i < 50 && !closed; i++) {
				slow.send("X");
				assertThat(RawHttpConnection.get(port, "/")).startsWith("reuseport-");
				closed = slow.isClosedByServer(200);
			}
			assertThat(closed).as("slow client closed before it finished trickling for 10 s").isTrue();
		}
		assertThat(headerTimeouts()).isEqualTo(1);
	}

	@Test
	void keepAliveConnectionIdleLongerThanHeaderTimeoutIsKept() {
		int port = start(Duration.ofSeconds(60), Duration.ofMillis(500));
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			assertThat(connection.request("/", true)).startsWith("reuseport-");
			assertThat(connection.isClosedByServer(1500)).isFalse();
			assertThat(connection.request("/", true)).startsWith("reuseport-");
		}
		assertThat(headerTimeouts()).isZero();
	}

	@Test
	void slowSecondRequestOnKeepAliveConnectionIsClosed() throws IOException {
		int port = start(Duration.ofSeconds(60), Duration.ofMillis(500));
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			assertThat(connection.request("/", true)).startsWith("reuseport-");
			connection.send("GET / HTTP/1.1\r\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.isClosedByServer(100));
		}
		assertThat(headerTimeouts()).isEqualTo(1);
	}

	@Test
	void idleConnectionIsClosedAfterIdleTimeout() {
		int port = start(Duration.ofMillis(500), Duration.ZERO);
		try (RawHttpConnection connection = RawHttpConnection.open(port)) {
			assertThat(connection.request("/", true)).startsWith("reuseport-");
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.isClosedByServer(100));
		}
		assertThat(this.webServer.getWorkerGroup()
			.getWorkers()
			.stream()
			.mapToLong((w) -> w.getStatistics().getIdleTimeouts())
			.sum()).isEqualTo(1);
	}

	@Test
	void serverNettyIdleTimeoutWinsOverReusePortDefault() {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(1);
		factory.setIdleTimeout(Duration.ofMillis(300));
		factory.addServerCustomizers((server) -> server.idleTimeout(Duration.ofMinutes(5)));
		try (RawHttpConnection connection = RawHttpConnection.open(this.servers.start(factory).getPort())) {
			assertThat(connection.request("/", true)).startsWith("reuseport-");
			assertThat(connection.isClosedByServer(1500)).isFalse();
		}
	}

}
