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

package dev.reuseport.autoconfigure;

import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.server.supervision.WorkerGroup;
import dev.reuseport.testsupport.TestApplication;
import dev.reuseport.testsupport.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End-to-end tests that Spring Boot's {@code server.*} settings reach every worker.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class ServerPropertiesIntegrationTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private int run(String... properties) {
		return run(new SpringApplicationBuilder(TestApplication.class), properties);
	}

	private int run(SpringApplicationBuilder builder, String... properties) {
		this.context = builder.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.properties(properties)
			.run();
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private static String worker(String response) {
		return response.substring(response.lastIndexOf(' ') + 1);
	}

	private void assertBothWorkersAnswer(Supplier<HttpClient> client) {
		assertThat(TestClients.untilEveryWorkerAnswered(() -> worker(TestClients.get(client.get(), "/worker")), 2))
			.containsExactlyInAnyOrder("reuseport-0-epoll-1", "reuseport-1-epoll-1");
	}

	@Test
	void portZeroIsSharedAndReportedByTheInitializedEvent() {
		AtomicInteger eventPort = new AtomicInteger();
		int port = run(new SpringApplicationBuilder(TestApplication.class).listeners((event) -> {
			if (event instanceof ReactiveWebServerInitializedEvent initialized) {
				eventPort.set(initialized.getWebServer().getPort());
			}
		}));
		assertThat(eventPort).hasValue(port);
		assertThat(PortListeners.forPort(port).ownedByThisProcess()).isEqualTo(2);
		assertThat(((WebServerApplicationContext) this.context).getWebServer()).isInstanceOf(ReusePortWebServer.class);
		assertBothWorkersAnswer(() -> TestClients.http(port));
	}

	@Test
	void theWorkerGroupBeanIsTheGroupOfTheWebServer() {
		int port = run(new SpringApplicationBuilder(TestApplication.class));
		ReusePortWebServer server = (ReusePortWebServer) ((WebServerApplicationContext) this.context).getWebServer();
		WorkerGroup workerGroup = this.context.getBean(WorkerGroup.class);
		assertThat(server.getWorkerGroup()).isSameAs(workerGroup);
		assertThat(workerGroup.getPort()).isEqualTo(port);
		assertThat(workerGroup.getSettings()).isNotNull()
			.satisfies((settings) -> assertThat(settings.initialWorkers()).isEqualTo(2));
	}

	@Test
	void serverAddressIsUsedByEveryWorker() throws Exception {
		int port = run("server.address=127.0.0.1");
		assertBothWorkersAnswer(() -> TestClients.http(port).host("127.0.0.1"));
		InetAddress ipv6Loopback = InetAddress.getByName("::1");
		if (ipv6Loopback instanceof Inet6Address && NetworkInterface.getByInetAddress(ipv6Loopback) != null) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket(ipv6Loopback, port).close());
		}
	}

	@Test
	void sslKeyStore() {
		int port = run("server.ssl.key-store=classpath:test.p12", "server.ssl.key-store-password=secret",
				"server.ssl.key-store-type=PKCS12");
		assertBothWorkersAnswer(() -> TestClients.https(port));
	}

	@Test
	void sslBundle() {
		int port = run("spring.ssl.bundle.jks.web.keystore.location=classpath:test.p12",
				"spring.ssl.bundle.jks.web.keystore.password=secret", "spring.ssl.bundle.jks.web.keystore.type=PKCS12",
				"server.ssl.bundle=web");
		assertBothWorkersAnswer(() -> TestClients.https(port));
	}

	@Test
	void http2OverTls() {
		int port = run("server.http2.enabled=true", "server.ssl.key-store=classpath:test.p12",
				"server.ssl.key-store-password=secret");
		assertThat(TestClients.get(TestClients.h2(port), "/worker")).startsWith("200 HTTP/2.0 reuseport-");
		assertBothWorkersAnswer(() -> TestClients.h2(port));
	}

	@Test
	void http2Cleartext() {
		int port = run("server.http2.enabled=true");
		assertThat(TestClients.get(TestClients.h2c(port), "/worker")).startsWith("200 HTTP/2.0 reuseport-");
		assertBothWorkersAnswer(() -> TestClients.h2c(port));
	}

	@Test
	void compression() {
		int port = run("server.compression.enabled=true", "server.compression.min-response-size=1KB");
		List<String> encodings = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 6; i++) {
			TestClients.http(port)
				.headers((headers) -> headers.set("Accept-Encoding", "gzip"))
				.get()
				.uri("/big")
				.response()
				.doOnNext((response) -> encodings.add(response.responseHeaders().get("Content-Encoding")))
				.block(Duration.ofSeconds(10));
		}
		assertThat(encodings).hasSize(6).containsOnly("gzip");
	}

	@Test
	void webSocketRoundTrip() {
		int port = run();
		AtomicReference<String> echoed = new AtomicReference<>();
		new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://127.0.0.1:" + port + "/ws"),
					(session) -> session.send(Mono.just(session.textMessage("ping")))
						.thenMany(session.receive().take(1).map(WebSocketMessage::getPayloadAsText))
						.doOnNext(echoed::set)
						.then())
			.block(Duration.ofSeconds(10));
		assertThat(echoed).hasValue("ping");
	}

	@Test
	void gracefulShutdownLetsInFlightRequestFinish() throws Exception {
		int port = run("server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=10s");
		CompletableFuture<String> slow = CompletableFuture
			.supplyAsync(() -> TestClients.get(TestClients.http(port), "/slow"));
		ReusePortWebServer server = (ReusePortWebServer) ((WebServerApplicationContext) this.context).getWebServer();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> server.getWorkerGroup()
				.getWorkers()
				.stream()
				.anyMatch((w) -> w.getStatistics().getActiveConnections() > 0));
		this.context.close();
		assertThat(slow.get()).isEqualTo("200 HTTP/1.1 slow");
		assertThat(PortListeners.forPort(port).total()).isZero();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	@Test
	void serverNettySettingsReachEveryWorker() {
		int port = run("server.netty.max-initial-line-length=64");
		String longPath = "/worker?" + "x".repeat(100);
		for (int i = 0; i < 6; i++) {
			assertThat(TestClients.get(TestClients.http(port), longPath)).startsWith("414 ");
		}
		assertThat(TestClients.get(TestClients.http(port), "/worker")).startsWith("200 ");
	}

	@Test
	void userNettyServerCustomizerBeanIsAppliedOnceAndReachesEveryWorker() {
		AtomicInteger applied = new AtomicInteger();
		List<String> accessLogThreads = new CopyOnWriteArrayList<>();
		NettyServerCustomizer customizer = (server) -> {
			applied.incrementAndGet();
			return server.accessLog(true, (args) -> {
				accessLogThreads.add(Thread.currentThread().getName());
				return null;
			});
		};
		int port = run(new SpringApplicationBuilder(TestApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("accessLogCustomizer", customizer)));
		assertThat(applied).hasValue(1);
		assertBothWorkersAnswer(() -> TestClients.http(port));
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(accessLogThreads).contains("reuseport-0-epoll-1", "reuseport-1-epoll-1"));
	}

}
