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

package dev.reuseport.server.supervision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.connection.DrainingConnections;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import dev.reuseport.testsupport.TestClients;
import dev.reuseport.testsupport.TestHandlers;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.HttpProtocol;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for how a draining worker treats each kind of connection
 * ({@link ReusePortWorker#drain(Duration)}, {@link DrainingConnections}).
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class WorkerDrainTests {

	private static final Duration WINDOW = Duration.ofSeconds(3);

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private ReusePortWebServer start(HttpHandler handler, boolean http2) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setDrainWindow(WINDOW);
		if (http2) {
			Http2 enabled = new Http2();
			enabled.setEnabled(true);
			factory.setHttp2(enabled);
		}
		return this.servers.start(factory, handler);
	}

	@Test
	void idleKeepAliveConnectionIsAnsweredWithConnectionCloseDuringTheWindow() throws Exception {
		ReusePortWebServer server = start(TestHandlers.threadName(), false);
		try (RawHttpConnection connection = RawHttpConnection.open(server.getPort())) {
			assertThat(connection.request("/", true)).isEqualTo("reuseport-0-epoll-1");
			CompletableFuture<WorkerGroup.WorkerRestart> restart = restartAndAwaitDrain(server);
			assertThat(connection.request("/", true)).isEqualTo("reuseport-0-epoll-1");
			assertThat(connection.lastHead()).containsIgnoringCase("connection: close");
			assertThat(connection.isClosedByServer(2000)).isTrue();
			WorkerGroup.WorkerRestart done = restart.get(10, TimeUnit.SECONDS);
			assertThat(done.drained()).isTrue();
			assertThat(done.drainTime()).as("the drain ends when its last connection closes").isLessThan(WINDOW);
		}
	}

	@Test
	void responsesPassNoDrainingHandlerUntilTheDrainStarts() throws Exception {
		ReusePortWebServer server = start(pipelineNames(), false);
		try (RawHttpConnection connection = RawHttpConnection.open(server.getPort())) {
			assertThat(connection.request("/", true)).doesNotContain("reuseport.drainingResponse");
			CompletableFuture<WorkerGroup.WorkerRestart> restart = restartAndAwaitDrain(server);
			assertThat(connection.request("/", true)).contains("reuseport.drainingResponse");
			assertThat(restart.get(10, TimeUnit.SECONDS).drained()).isTrue();
		}
	}

	/**
	 * Restart worker 0 in the background and wait until it drains.
	 * @param server the server
	 * @return the restart, done when the drain and the replacement are
	 */
	private static CompletableFuture<WorkerGroup.WorkerRestart> restartAndAwaitDrain(ReusePortWebServer server) {
		ReusePortWorker old = server.getWorkerGroup().getWorkers().get(0);
		CompletableFuture<WorkerGroup.WorkerRestart> restart = CompletableFuture
			.supplyAsync(() -> server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(10)));
		await().atMost(Duration.ofSeconds(5)).until(() -> old.getState() == WorkerState.DRAINING);
		return restart;
	}

	/**
	 * A handler that answers with the names of its connection's pipeline handlers.
	 * @return the handler
	 */
	private static HttpHandler pipelineNames() {
		return (request, response) -> {
			Channel channel = ((ChannelOperations<?, ?>) ServerHttpRequestDecorator.getNativeRequest(request))
				.channel();
			byte[] names = String.join(",", channel.pipeline().names()).getBytes(StandardCharsets.UTF_8);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(names)));
		};
	}

	@Test
	void connectionIdleForTheWholeWindowIsClosedAtItsEnd() throws Exception {
		ReusePortWebServer server = start(TestHandlers.threadName(), false);
		try (RawHttpConnection connection = RawHttpConnection.open(server.getPort())) {
			assertThat(connection.request("/", true)).isEqualTo("reuseport-0-epoll-1");
			WorkerGroup.WorkerRestart restart = server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(10));
			assertThat(restart.drained()).isTrue();
			assertThat(restart.drainTime()).isGreaterThanOrEqualTo(WINDOW);
			assertThat(connection.isClosedByServer(2000)).isTrue();
		}
	}

	@Test
	void http2ConnectionGetsGoAwayWhenTheDrainStarts() throws Exception {
		ReusePortWebServer server = start(TestHandlers.threadName(), true);
		ReusePortWorker old = server.getWorkerGroup().getWorkers().get(0);
		ConnectionProvider pool = ConnectionProvider.create("drain", 2);
		try {
			reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(pool)
				.port(server.getPort())
				.protocol(HttpProtocol.H2C)
				.disableRetry(true);
			assertThat(TestClients.get(client, "/")).isEqualTo("200 HTTP/2.0 reuseport-0-epoll-1");
			CompletableFuture<WorkerGroup.WorkerRestart> restart = CompletableFuture
				.supplyAsync(() -> server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(10)));
			await().atMost(Duration.ofSeconds(5)).until(() -> old.getState() == WorkerState.DRAINING);
			await().atMost(WINDOW.dividedBy(2))
				.alias("after the GOAWAY the client takes its next request to the replacement")
				.until(() -> TestClients.get(client, "/").equals("200 HTTP/2.0 reuseport-0r1-epoll-1"));
			WorkerGroup.WorkerRestart done = restart.get(10, TimeUnit.SECONDS);
			assertThat(done.drained()).isTrue();
		}
		finally {
			pool.dispose();
		}
	}

	@Test
	void webSocketGetsGoingAwayAtTheEndOfTheWindow() throws Exception {
		HandshakeWebSocketService service = new HandshakeWebSocketService();
		WebSocketHandler hold = (session) -> session.receive().then();
		ReusePortWebServer server = start(
				WebHttpHandlerBuilder.webHandler((exchange) -> service.handleRequest(exchange, hold)).build(), false);
		CompletableFuture<Integer> closeCode = new CompletableFuture<>();
		WebSocket.Listener listener = new WebSocket.Listener() {

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				closeCode.complete(statusCode);
				return null;
			}

		};
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/ws"), listener)
			.get(10, TimeUnit.SECONDS);
		try {
			WorkerGroup.WorkerRestart restart = server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(10));
			assertThat(closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
			assertThat(restart.drained()).isTrue();
		}
		finally {
			socket.abort();
		}
	}

	@Test
	void gracefulShutdownDrainsEveryWorkerAtOnce() throws Exception {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(3);
		factory.setDrainWindow(WINDOW);
		factory.setShutdown(Shutdown.GRACEFUL);
		ReusePortWebServer server = this.servers.start(factory);
		List<RawHttpConnection> idle = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				RawHttpConnection connection = RawHttpConnection.open(server.getPort());
				connection.request("/", true);
				idle.add(connection);
			}
			CompletableFuture<GracefulShutdownResult> result = new CompletableFuture<>();
			server.shutDownGracefully(result::complete);
			await().atMost(Duration.ofSeconds(5))
				.alias("every worker drains at the same time")
				.until(() -> server.getWorkerGroup()
					.getWorkers()
					.stream()
					.allMatch((worker) -> worker.getState() == WorkerState.DRAINING));
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
			assertThat(idle).allSatisfy((connection) -> assertThat(connection.isClosedByServer(1000)).isTrue());
		}
		finally {
			idle.forEach(RawHttpConnection::close);
		}
	}

}
