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

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import dev.reuseport.testsupport.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for replacing workers one at a time ({@link ReusePortWebServer#restartWorker}).
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class WorkerRestartTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private ReusePortWebServer start(int workers) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(workers);
		return this.servers.start(factory);
	}

	@Test
	void restartReplacesTheWorkerOnTheSamePort() {
		ReusePortWebServer server = start(2);
		WorkerGroup.WorkerRestart restart = server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(5));
		assertThat(restart.generation()).isOne();
		assertThat(restart.drained()).isTrue();
		assertThat(server.getWorkerGroup().getWorkers()).hasSize(2).allSatisfy((worker) -> {
			assertThat(worker.getState()).isEqualTo(WorkerState.RUNNING);
			assertThat(worker.getPort()).isEqualTo(server.getPort());
		});
		assertThat(server.getWorkerGroup().getWorkers().get(0).getThreadNames())
			.containsExactly("reuseport-0r1-epoll-1");
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(2);
		Set<String> threads = TestClients.untilEveryWorkerAnswered(() -> RawHttpConnection.get(server.getPort(), "/"),
				2);
		assertThat(threads).containsExactlyInAnyOrder("reuseport-0r1-epoll-1", "reuseport-1-epoll-1");
	}

	@Test
	void inFlightRequestCompletesWithConnectionCloseAndIdleConnectionIsClosed() throws Exception {
		ReusePortWebServer server = start(1);
		int port = server.getPort();
		try (RawHttpConnection idle = RawHttpConnection.open(port);
				RawHttpConnection busy = RawHttpConnection.open(port)) {
			assertThat(idle.request("/", true)).isEqualTo("reuseport-0-epoll-1");
			CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> busy.request("/slow", true));
			ReusePortWorker old = server.getWorkerGroup().getWorkers().get(0);
			await().atMost(Duration.ofSeconds(5)).until(() -> old.getStatistics().getRequests() == 2);
			WorkerGroup.WorkerRestart restart = server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(10));
			assertThat(slow.get()).isEqualTo("slow");
			assertThat(busy.lastHead()).containsIgnoringCase("connection: close");
			assertThat(idle.isClosedByServer(2000)).isTrue();
			assertThat(restart.drained()).isTrue();
			assertThat(old.getState()).isEqualTo(WorkerState.STOPPED);
		}
		assertThat(RawHttpConnection.get(port, "/")).isEqualTo("reuseport-0r1-epoll-1");
	}

	@Test
	void replacementContinuesTheCountersOfItsIndex() {
		ReusePortWebServer server = start(1);
		for (int i = 0; i < 5; i++) {
			RawHttpConnection.get(server.getPort(), "/");
		}
		server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(5));
		RawHttpConnection.get(server.getPort(), "/");
		assertThat(server.getWorkerGroup().getWorkers().get(0).getStatistics().getRequests()).isEqualTo(6);
		assertThat(server.getWorkerGroup().getWorkers().get(0).getStatistics().getAcceptedConnections()).isEqualTo(6);
	}

	@Test
	void drainTimeoutBoundsTheWaitForInFlightRequests() throws Exception {
		ReusePortWebServer server = start(1);
		try (RawHttpConnection busy = RawHttpConnection.open(server.getPort())) {
			busy.send("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n");
			ReusePortWorker old = server.getWorkerGroup().getWorkers().get(0);
			await().atMost(Duration.ofSeconds(5)).until(() -> old.getStatistics().getRequests() == 1);
			WorkerGroup.WorkerRestart restart = server.getWorkerGroup().restartWorker(0, Duration.ofMillis(100));
			assertThat(restart.drained()).isFalse();
			assertThat(old.getState()).isEqualTo(WorkerState.STOPPED);
		}
	}

	@Test
	void restartAllReplacesEveryWorkerOnce() {
		ReusePortWebServer server = start(3);
		assertThat(server.getWorkerGroup().restartAll(Duration.ofMillis(10), Duration.ofSeconds(5)))
			.extracting(WorkerGroup.WorkerRestart::index)
			.containsExactly(0, 1, 2);
		assertThat(server.getWorkerGroup().getWorkers()).extracting(ReusePortWorker::getGeneration).containsOnly(1);
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(3);
	}

	@Test
	void unknownWorkerIsRejected() {
		ReusePortWebServer server = start(2);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> server.getWorkerGroup().restartWorker(5, Duration.ofSeconds(1)))
			.withMessage("No worker with index 5");
		assertThat(server.getWorkerGroup().getWorkers()).hasSize(2);
	}

}
