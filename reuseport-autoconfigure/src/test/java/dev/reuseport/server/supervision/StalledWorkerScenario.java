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

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import dev.reuseport.server.ReusePortWebServer;
import dev.reuseport.testsupport.LoadClients;
import dev.reuseport.testsupport.StartedServers;

/**
 * Blocks one worker's event loop for 5 s while 3 clients open new connections and 2 use
 * keep-alive connections, with the watchdog's recovery on. Run by
 * {@link StalledWorkerRecoveryTests} in a private network namespace; prints
 * {@code RESULT <LoadClients counts> detection-ms=… stalls=… replacement-served=… stalled-stopped=…
 * replacement-served=…}.
 *
 * @author reuseport team
 */
public final class StalledWorkerScenario {

	private static final long LIMIT = Duration.ofSeconds(10).toNanos();

	private StalledWorkerScenario() {
	}

	public static void main(String[] args) throws Exception {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		factory.setProbeInterval(Duration.ofMillis(100));
		factory.setStallThreshold(Duration.ofMillis(500));
		ReusePortWebServer server = new StartedServers().start(factory);
		LoadClients clients = LoadClients.start(server.getPort(), "/", 3, 2);
		clients.awaitRequests(100);
		ReusePortWorker stalled = server.getWorkerGroup().getWorkers().get(0);
		long blockedAt = System.nanoTime();
		stalled.executeOnEventLoop(() -> sleep(5000));
		while (stalled.getStatistics().getStalls() == 0 && System.nanoTime() - blockedAt < LIMIT) {
			Thread.sleep(5);
		}
		long detection = (System.nanoTime() - blockedAt) / 1_000_000;
		while (server.getWorkerGroup().getWorkers().get(0).getGeneration() == 0
				&& System.nanoTime() - blockedAt < LIMIT) {
			Thread.sleep(5);
		}
		clients.clearAnswers();
		while (stalled.getState() != WorkerState.STOPPED && System.nanoTime() - blockedAt < LIMIT) {
			Thread.sleep(5);
		}
		clients.awaitRequests(100);
		String counts = clients.stop();
		boolean served = clients.answers().contains("reuseport-0r1-epoll-1");
		boolean stopped = stalled.getState() == WorkerState.STOPPED;
		System.out.println(
				"RESULT " + counts + " detection-ms=" + detection + " stalls=" + stalled.getStatistics().getStalls()
						+ " replacement-served=" + (served ? 1 : 0) + " stalled-stopped=" + (stopped ? 1 : 0));
		server.stop();
		System.exit(0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
