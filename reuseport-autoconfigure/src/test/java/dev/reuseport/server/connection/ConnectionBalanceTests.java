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

package dev.reuseport.server.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.reuseport.actuate.endpoint.ReusePortEndpoint;
import dev.reuseport.actuate.endpoint.ReusePortEndpoint.WorkerDescriptor;
import dev.reuseport.server.ConnectionBalance;
import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.server.supervision.ReusePortWorker;
import dev.reuseport.server.supervision.WorkerState;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConnectionBalance#LEAST_CONNECTIONS}: keep-alive connections spread
 * evenly over the workers whatever listener the kernel chose for each.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT balancing between listeners is Linux behaviour")
class ConnectionBalanceTests {

	private static final int WORKERS = 4;

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private final List<RawHttpConnection> connections = new ArrayList<>();

	@AfterEach
	void closeConnections() {
		this.connections.forEach(RawHttpConnection::close);
	}

	private ReusePortWebServer start(ConnectionBalance balance) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(WORKERS);
		factory.setBalance(balance);
		return this.servers.start(factory);
	}

	/**
	 * Open connections one by one, each answering one request, and return the serving
	 * thread of each.
	 */
	private List<String> open(int port, int count) {
		List<String> threads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			RawHttpConnection connection = RawHttpConnection.open(port);
			this.connections.add(connection);
			threads.add(connection.request("/", true));
		}
		return threads;
	}

	@Test
	void keepAliveConnectionsOpenedOneByOneSpreadEvenly() {
		ReusePortWebServer server = start(ConnectionBalance.LEAST_CONNECTIONS);
		List<String> threads = open(server.getPort(), 96);
		Map<String, Long> served = countBy(threads);
		List<WorkerDescriptor> workers = new ReusePortEndpoint(server.getWorkerGroup(), () -> null).reuseport()
			.workers();
		assertThat(workers).hasSize(WORKERS)
			.allSatisfy((worker) -> assertThat(worker.activeConnections())
				.as("worker %d's active connections, as /actuator/reuseport shows them", worker.index())
				.isEqualTo(served.getOrDefault(worker.eventLoopThreads().get(0), 0L)));
		List<Long> active = workers.stream().map(WorkerDescriptor::activeConnections).toList();
		assertThat(active.stream().mapToLong(Long::longValue).sum()).isEqualTo(96);
		assertThat(Collections.max(active) / 24.0).as("max/mean over %s", active).isLessThanOrEqualTo(1.08);
		assertThat(Collections.max(active) - Collections.min(active)).as("spread over %s", active)
			.isLessThanOrEqualTo(ConnectionBalancer.TOLERANCE + 1);
		for (int i = 0; i < this.connections.size(); i++) {
			assertThat(this.connections.get(i).request("/", true)).as("connection %d still works", i)
				.isEqualTo(threads.get(i));
		}
	}

	@Test
	void connectionsClosedOnOneWorkerAreReplacedThere() {
		ReusePortWebServer server = start(ConnectionBalance.LEAST_CONNECTIONS);
		List<String> threads = open(server.getPort(), 40);
		String first = threads.get(0);
		int closed = 0;
		for (int i = 0; i < threads.size(); i++) {
			if (threads.get(i).equals(first)) {
				this.connections.get(i).close();
				closed++;
			}
		}
		ReusePortWorker emptied = server.getWorkerGroup()
			.getWorkers()
			.stream()
			.filter((worker) -> worker.getThreadNames().contains(first))
			.findFirst()
			.orElseThrow();
		await().until(() -> emptied.getStatistics().getActiveConnections() == 0);
		int reopened = 0;
		while (emptied.getStatistics().getActiveConnections() + ConnectionBalancer.TOLERANCE < fewestOnOthers(server,
				emptied)) {
			assertThat(open(server.getPort(), 1)).as("connection %d while every other worker serves two more", reopened)
				.containsOnly(first);
			reopened++;
		}
		assertThat(reopened).as("connections replaced on the emptied worker of %d closed", closed)
			.isGreaterThanOrEqualTo(closed - 3);
	}

	private static long fewestOnOthers(ReusePortWebServer server, ReusePortWorker emptied) {
		return server.getWorkerGroup()
			.getWorkers()
			.stream()
			.filter((worker) -> worker != emptied)
			.mapToLong((worker) -> worker.getStatistics().getActiveConnections())
			.min()
			.orElseThrow();
	}

	@Test
	void drainingWorkerIsGivenNoConnections() throws Exception {
		ReusePortWebServer server = start(ConnectionBalance.LEAST_CONNECTIONS);
		open(server.getPort(), 8);
		ReusePortWorker draining = server.getWorkerGroup().getWorkers().get(0);
		CompletableFuture<?> restart = CompletableFuture
			.runAsync(() -> server.getWorkerGroup().restartWorker(0, Duration.ofSeconds(10)));
		await().until(() -> draining.getState() == WorkerState.DRAINING);
		assertThat(open(server.getPort(), 24)).doesNotContain("reuseport-0-epoll-1");
		this.connections.forEach(RawHttpConnection::close);
		restart.get(10, TimeUnit.SECONDS);
	}

	@Test
	void kernelBalanceServesEachConnectionOnTheAcceptingWorker() {
		ReusePortWebServer server = start(ConnectionBalance.KERNEL);
		open(server.getPort(), 32);
		assertThat(server.getWorkerGroup().getWorkers())
			.allSatisfy((worker) -> assertThat(worker.getStatistics().getHandedOffConnections()).isZero());
	}

	private static Map<String, Long> countBy(List<String> threads) {
		return threads.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
