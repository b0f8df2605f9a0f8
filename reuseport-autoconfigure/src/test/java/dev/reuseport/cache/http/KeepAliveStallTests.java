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

package dev.reuseport.cache.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.testsupport.RawHttpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a keep-alive connection keeps being read when a request that arrived while
 * the previous response was still completing is answered synchronously (Reactor Netty
 * issue 4361, fixed in 1.3.8): a stored miss whose body is a {@code Flux} with a
 * {@code Content-Length} followed at once by a hit on the same connection, and the
 * upstream reproducer's shape.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class KeepAliveStallTests {

	private static final int CLIENTS = 25;

	private static final Duration RUN = Duration.ofSeconds(8);

	private static final int STUCK_AFTER_MILLIS = 3000;

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private int start(boolean reusePort) {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class, FluxRoute.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.enabled=" + reusePort, "reuseport.workers=2",
					"reuseport.cache.http.enabled=true", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	@ParameterizedTest(name = "reuseport.enabled={0}")
	@ValueSource(booleans = { true, false })
	void queuedRequestAnsweredSynchronouslyKeepsTheConnectionReadable(boolean reusePort) throws Exception {
		int port = start(reusePort);
		String hit = "/echo?cc=max-age=60&q=" + UUID.randomUUID();
		String slowMiss = "/echo?cc=max-age=60&delay=50&q=" + UUID.randomUUID();
		try (RawHttpConnection connection = RawHttpConnection.open(port, STUCK_AFTER_MILLIS)) {
			assertThat(connection.request(hit, true)).isEqualTo("v1");
			connection.send("GET " + slowMiss + " HTTP/1.1\r\nHost: localhost\r\n\r\nGET " + hit
					+ " HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(connection.readResponse()).isEqualTo("v1");
			assertThat(connection.readResponse()).isEqualTo("v1");
			assertThat(connection.lastHead()).contains("Cache-Status: reuseport; hit");
			assertThat(connection.request(hit, true)).isEqualTo("v1");
		}
	}

	@ParameterizedTest(name = "reuseport.enabled={0}")
	@ValueSource(booleans = { true, false })
	void missThenHitOnEveryKeepAliveConnectionNeverStalls(boolean reusePort) throws Exception {
		int port = start(reusePort);
		AtomicInteger requests = new AtomicInteger();
		AtomicInteger stuck = new AtomicInteger();
		List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		long end = System.nanoTime() + RUN.toNanos();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				running.add(clients.submit(() -> {
					RawHttpConnection connection = RawHttpConnection.open(port, STUCK_AFTER_MILLIS);
					try {
						while (System.nanoTime() < end) {
							String path = "/flux?t=" + UUID.randomUUID();
							assertThat(connection.request(path, true)).isEqualTo("ab");
							requests.incrementAndGet();
							assertThat(connection.request(path, true)).isEqualTo("ab");
							assertThat(connection.lastHead()).contains("Cache-Status: reuseport; hit");
							requests.incrementAndGet();
						}
					}
					catch (IllegalStateException ex) {
						if (ex.getCause() instanceof java.net.SocketTimeoutException) {
							stuck.incrementAndGet();
						}
						failures.add(String.valueOf(ex));
					}
					finally {
						connection.close();
					}
				}));
			}
			for (Future<?> client : running) {
				client.get(RUN.toSeconds() + 30, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		System.out.println("KeepAliveStallTests (reuseport.enabled=" + reusePort + "): " + requests + " requests, "
				+ stuck + " stuck");
		assertThat(requests.get()).isGreaterThan(CLIENTS * 10);
		assertThat(stuck).as("requests unanswered for %d ms", STUCK_AFTER_MILLIS).hasValue(0);
		assertThat(failures).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class FluxRoute {

		@Bean
		RouterFunction<ServerResponse> fluxRoute() {
			return RouterFunctions.route()
				.GET("/flux",
						(request) -> ServerResponse.ok()
							.header("Cache-Control", "max-age=60")
							.contentLength(2)
							.body(Flux.just("a", "b").delayElements(Duration.ofMillis(1)), String.class))
				.build();
		}

	}

}
