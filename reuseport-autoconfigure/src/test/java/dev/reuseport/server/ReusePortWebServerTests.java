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
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.reuseport.server.linux.ForeignReusePortListenerException;
import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerState;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import dev.reuseport.testsupport.TestHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReusePortWebServer} built by
 * {@link ReusePortReactiveWebServerFactory}, on real sockets.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class ReusePortWebServerTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private ReusePortWebServer start(ReusePortReactiveWebServerFactory factory) {
		return this.servers.start(factory);
	}

	private static ReusePortReactiveWebServerFactory factory(int workers) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(workers);
		return factory;
	}

	@Test
	void everyWorkerListensOnTheSharedPortFromThisProcess() {
		ReusePortWebServer server = start(factory(4));
		PortListeners listeners = PortListeners.forPort(server.getPort());
		assertThat(listeners.total()).isEqualTo(4);
		assertThat(listeners.ownedByThisProcess()).isEqualTo(4);
		assertThat(server.getWorkerGroup().getWorkers()).extracting(ReusePortWorker::getPort)
			.containsOnly(server.getPort());
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void startUpLogsOneLineForTheGroupAndNoneForEachWorker(CapturedOutput output) {
		ReusePortWebServer server = start(factory(3));
		String started = "Started 3 SO_REUSEPORT worker(s) on port " + server.getPort();
		assertThat(output.getAll().lines().filter((line) -> line.contains(started))).hasSize(1);
		assertThat(output.getAll()).doesNotContain("Netty started");
	}

	@Test
	void groupKeepsOneNonDaemonThreadOfItsOwnAliveUntilStopped() {
		ReusePortWebServer server = start(factory(3));
		int port = server.getPort();
		assertThat(keepAliveThreads(port)).singleElement()
			.satisfies((thread) -> assertThat(thread.isDaemon()).isFalse());
		server.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> keepAliveThreads(port).isEmpty());
	}

	/**
	 * The live threads that keep a group on a port alive, found by name, whatever other
	 * tests' threads do meanwhile.
	 */
	private static List<Thread> keepAliveThreads(int port) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("reuseport-server-" + port) && thread.isAlive())
			.toList();
	}

	@Test
	void portZeroGivesAllWorkersOneEphemeralPort() {
		ReusePortWebServer server = start(factory(3));
		assertThat(server.getPort()).isPositive();
		assertThat(server.getWorkerGroup().getWorkers()).hasSize(3).allSatisfy((worker) -> {
			assertThat(worker.getPort()).isEqualTo(server.getPort());
			assertThat(worker.getState()).isEqualTo(WorkerState.RUNNING);
		});
	}

	@Test
	void everyWorkerServesNewConnections() {
		ReusePortWebServer server = start(factory(4));
		Set<String> threads = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> threads.add(RawHttpConnection.get(server.getPort(), "/")) && threads.size() == 4);
		assertThat(threads).containsExactlyInAnyOrder("reuseport-0-epoll-1", "reuseport-1-epoll-1",
				"reuseport-2-epoll-1", "reuseport-3-epoll-1");
		assertThat(server.getWorkerGroup().getWorkers()).allSatisfy((worker) -> {
			assertThat(worker.getStatistics().getAcceptedConnections()).isPositive();
			assertThat(worker.getStatistics().getRequests()).isPositive();
		});
	}

	@Test
	void userCustomizerIsAppliedOnceWhateverTheWorkersAndRestarts() {
		ReusePortReactiveWebServerFactory factory = factory(3);
		AtomicInteger applied = new AtomicInteger();
		factory.addServerCustomizers((server) -> {
			applied.incrementAndGet();
			return server;
		});
		ReusePortWebServer server = start(factory);
		server.getWorkerGroup().restartWorker(1, Duration.ofSeconds(5));
		assertThat(applied).hasValue(1);
		assertThat(factory.getServerCustomizers()).hasSize(1);
	}

	@Test
	void workerThreadsGivesEachWorkerThatManyLoops() {
		ReusePortReactiveWebServerFactory factory = factory(2);
		factory.setWorkerThreads(2);
		ReusePortWebServer server = start(factory);
		assertThat(server.getWorkerGroup().getWorkers().get(1).getThreadNames()).containsExactly("reuseport-1-epoll-1",
				"reuseport-1-epoll-2");
	}

	@Test
	void stopClosesEveryListenerAndReleasesTheLoops() {
		ReusePortWebServer server = start(factory(2));
		int port = server.getPort();
		var workers = server.getWorkerGroup().getWorkers();
		server.stop();
		assertThat(PortListeners.forPort(port).total()).isZero();
		assertThat(server.getPort()).isEqualTo(-1);
		assertThat(workers).allSatisfy((worker) -> assertThat(worker.getState()).isEqualTo(WorkerState.STOPPED));
		List<String> loopThreads = workers.stream().flatMap((worker) -> worker.getThreadNames().stream()).toList();
		assertThat(loopThreads).hasSize(2);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((t) -> loopThreads.contains(t.getName())));
	}

	@Test
	void startsAgainAfterStop() {
		ReusePortWebServer server = start(factory(2));
		int port = server.getPort();
		server.stop();
		server.start();
		assertThat(server.getWorkerGroup().getWorkers()).hasSize(2)
			.allSatisfy((worker) -> assertThat(worker.getState()).isEqualTo(WorkerState.RUNNING));
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(2);
		assertThat(RawHttpConnection.get(server.getPort(), "/")).startsWith("reuseport-");
		assertThat(server.getPort()).as("port 0 picks a new ephemeral port").isPositive().isNotEqualTo(-1);
		assertThat(port).isPositive();
	}

	@Test
	void gracefulShutdownCompletesInFlightRequestsThenRefusesConnections() throws Exception {
		ReusePortReactiveWebServerFactory factory = factory(2);
		factory.setShutdown(Shutdown.GRACEFUL);
		ReusePortWebServer server = start(factory);
		int port = server.getPort();
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> RawHttpConnection.get(port, "/slow"));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> server.getWorkerGroup()
				.getWorkers()
				.stream()
				.mapToLong((w) -> w.getStatistics().getRequests())
				.sum() == 1);
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		server.shutDownGracefully(result::set);
		assertThat(slow.get()).isEqualTo("slow");
		await().atMost(Duration.ofSeconds(10)).untilAtomic(result, org.hamcrest.Matchers.notNullValue());
		assertThat(result.get()).isEqualTo(GracefulShutdownResult.IDLE);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	@Test
	void gracefulShutdownWithImmediateShutdownCallsBackOnce() {
		ReusePortWebServer server = start(factory(3));
		AtomicInteger calls = new AtomicInteger();
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		server.shutDownGracefully((r) -> {
			calls.incrementAndGet();
			result.set(r);
		});
		assertThat(calls).hasValue(1);
		assertThat(result.get()).isEqualTo(GracefulShutdownResult.IMMEDIATE);
	}

	@Test
	void portHeldByPlainListenerGivesPortInUseException() throws IOException {
		try (ServerSocket other = new ServerSocket(0)) {
			ReusePortReactiveWebServerFactory factory = factory(2);
			factory.setPort(other.getLocalPort());
			WebServer server = factory.getWebServer(TestHandlers.threadName());
			assertThatExceptionOfType(PortInUseException.class).isThrownBy(server::start)
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(other.getLocalPort()));
			assertThat(PortListeners.forPort(other.getLocalPort()).total()).isEqualTo(1);
		}
	}

	@Test
	void portHeldByForeignReusePortListenerFailsStart() throws IOException {
		try (ServerSocketChannel foreign = reusePortListener()) {
			int port = ((InetSocketAddress) foreign.getLocalAddress()).getPort();
			ReusePortReactiveWebServerFactory factory = factory(2);
			factory.setPort(port);
			WebServer server = factory.getWebServer(TestHandlers.threadName());
			assertThatExceptionOfType(ForeignReusePortListenerException.class).isThrownBy(server::start)
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(port));
			assertThat(PortListeners.forPort(port).total()).isEqualTo(1);
		}
	}

	@Test
	void portHeldByForeignReusePortListenerIsJoinedWhenSharingIsAllowed() throws IOException {
		try (ServerSocketChannel foreign = reusePortListener()) {
			int port = ((InetSocketAddress) foreign.getLocalAddress()).getPort();
			ReusePortReactiveWebServerFactory factory = factory(2);
			factory.setPort(port);
			factory.setAllowSharedPort(true);
			start(factory);
			assertThat(PortListeners.forPort(port).total()).isEqualTo(3);
		}
	}

	private static ServerSocketChannel reusePortListener() throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open();
		channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		channel.bind(new InetSocketAddress(0));
		return channel;
	}

}
