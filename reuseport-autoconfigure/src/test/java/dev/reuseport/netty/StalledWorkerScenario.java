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

package dev.reuseport.netty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;

/**
 * Blocks one worker's event loop for 5 s while clients open new connections, with the
 * watchdog's recovery on. Run by {@link StalledWorkerRecoveryTests} in a private network
 * namespace; prints {@code RESULT ok=… failed=… slow=… max-latency-ms=… detection-ms=…
 * stalls=… replacement-served=…}, where {@code slow} counts requests over 1 s.
 *
 * @author reuseport team
 */
public final class StalledWorkerScenario {

	private static final AtomicBoolean running = new AtomicBoolean(true);

	private static final AtomicLong ok = new AtomicLong();

	private static final AtomicLong failed = new AtomicLong();

	private static final AtomicLong slow = new AtomicLong();

	private static final AtomicLong maxLatency = new AtomicLong();

	private static final Set<String> threadsAfterRecovery = ConcurrentHashMap.newKeySet();

	private static volatile boolean recovered;

	private StalledWorkerScenario() {
	}

	public static void main(String[] args) throws Exception {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		factory.setProbeInterval(Duration.ofMillis(100));
		factory.setStallThreshold(Duration.ofMillis(500));
		ReusePortWebServer server = new StartedServers().start(factory);
		int port = server.getPort();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Thread client = new Thread(() -> requests(port));
			client.start();
			clients.add(client);
		}
		Thread.sleep(500);
		ReusePortWorker stalled = server.getWorkers().get(0);
		long blockedAt = System.nanoTime();
		stalled.executeOnEventLoop(() -> sleep(5000));
		while (stalled.getStatistics().getStalls() == 0 && System.nanoTime() - blockedAt < 10_000_000_000L) {
			Thread.sleep(5);
		}
		long detection = (System.nanoTime() - blockedAt) / 1_000_000;
		while (server.getWorkers().get(0).getGeneration() == 0 && System.nanoTime() - blockedAt < 10_000_000_000L) {
			Thread.sleep(5);
		}
		recovered = true;
		Thread.sleep(6000);
		running.set(false);
		for (Thread client : clients) {
			client.join(15_000);
		}
		System.out.println("RESULT ok=" + ok + " failed=" + failed + " slow=" + slow + " max-latency-ms=" + maxLatency
				+ " detection-ms=" + detection + " stalls=" + stalled.getStatistics().getStalls()
				+ " replacement-served=" + (threadsAfterRecovery.contains("reuseport-0r1-epoll-1") ? 1 : 0));
		server.stop();
		System.exit(0);
	}

	private static void requests(int port) {
		while (running.get()) {
			long start = System.nanoTime();
			try {
				String thread = RawHttpConnection.get(port, "/");
				ok.incrementAndGet();
				if (recovered) {
					threadsAfterRecovery.add(thread);
				}
			}
			catch (RuntimeException ex) {
				failed.incrementAndGet();
				System.out.println("failure: " + ex);
			}
			long millis = (System.nanoTime() - start) / 1_000_000;
			maxLatency.accumulateAndGet(millis, Math::max);
			if (millis > 1000) {
				slow.incrementAndGet();
			}
		}
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
