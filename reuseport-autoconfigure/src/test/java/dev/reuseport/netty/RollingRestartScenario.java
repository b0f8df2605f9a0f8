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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;

/**
 * Restarts every worker of a 2-worker server, {@code rounds} times, while clients keep
 * sending requests: some on a new connection each, some on keep-alive connections. Run by
 * {@link RollingRestartUnderLoadTests} in a private network namespace; prints
 * {@code RESULT fresh-ok=… fresh-failed=… keepalive-ok=… keepalive-failed=…
 * keepalive-retried=… restarts=…}.
 * <p>
 * Keep-alive clients behave as HTTP clients do (RFC 9110 §9.2.2): a GET on a connection
 * the server closed before any byte of the response arrived is retried once on a new
 * connection and counted as retried; anything else is a failure.
 *
 * @author reuseport team
 */
public final class RollingRestartScenario {

	private static final AtomicBoolean running = new AtomicBoolean(true);

	private static final AtomicLong freshOk = new AtomicLong();

	private static final AtomicLong freshFailed = new AtomicLong();

	private static final AtomicLong keepAliveOk = new AtomicLong();

	private static final AtomicLong keepAliveFailed = new AtomicLong();

	private static final AtomicLong keepAliveRetried = new AtomicLong();

	private RollingRestartScenario() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = Integer.parseInt(args[0]);
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		StartedServers servers = new StartedServers();
		ReusePortWebServer server = servers.start(factory);
		int port = server.getPort();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			clients.add(start(() -> freshConnections(port)));
		}
		for (int i = 0; i < 2; i++) {
			clients.add(start(() -> keepAlive(port)));
		}
		Thread.sleep(500);
		int restarts = 0;
		for (int round = 0; round < rounds; round++) {
			restarts += server.restartAll(Duration.ofMillis(200), Duration.ofSeconds(5)).size();
			Thread.sleep(200);
		}
		running.set(false);
		for (Thread client : clients) {
			client.join(10_000);
		}
		System.out.println("RESULT fresh-ok=" + freshOk + " fresh-failed=" + freshFailed + " keepalive-ok="
				+ keepAliveOk + " keepalive-failed=" + keepAliveFailed + " keepalive-retried=" + keepAliveRetried
				+ " restarts=" + restarts);
		server.stop();
		System.exit(0);
	}

	private static Thread start(Runnable client) {
		Thread thread = new Thread(client);
		thread.start();
		return thread;
	}

	private static void freshConnections(int port) {
		while (running.get()) {
			try {
				RawHttpConnection.get(port, "/");
				freshOk.incrementAndGet();
			}
			catch (RuntimeException ex) {
				freshFailed.incrementAndGet();
				System.out.println("fresh failure: " + ex);
			}
		}
	}

	private static void keepAlive(int port) {
		RawHttpConnection connection = RawHttpConnection.open(port);
		while (running.get()) {
			try {
				connection.request("/", true);
				keepAliveOk.incrementAndGet();
			}
			catch (RuntimeException ex) {
				boolean retryable = !connection.responseStarted();
				connection.close();
				connection = RawHttpConnection.open(port);
				if (!retryable || !retry(connection)) {
					keepAliveFailed.incrementAndGet();
					System.out.println("keep-alive failure: " + ex);
				}
				continue;
			}
			if (connection.lastHead().toLowerCase(java.util.Locale.ROOT).contains("connection: close")) {
				connection.close();
				connection = RawHttpConnection.open(port);
			}
		}
		connection.close();
	}

	private static boolean retry(RawHttpConnection connection) {
		try {
			connection.request("/", true);
			keepAliveRetried.incrementAndGet();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
