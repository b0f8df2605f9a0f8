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

package dev.reuseport.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client threads that keep sending {@code GET /} to a port until stopped: some on a new
 * connection per request, some on keep-alive connections. Bounded by the caller, which
 * stops them.
 * <p>
 * No client ever retries, as wrk, load balancers with retries off and any client sending
 * a POST: a request on a keep-alive connection that the server closed, even before any
 * byte of the response, is a failure: {@code keepalive-failed} when the connection had
 * served requests before, {@code keepalive-first-failed} when it was the connection's
 * first (a new connection, which a closing listener can reset as it can a fresh
 * client's). A response with {@code Connection: close} makes a keep-alive client open a
 * new connection.
 *
 * @author reuseport team
 */
public final class LoadClients {

	/**
	 * Pause of the keep-alive clients that think between requests.
	 */
	private static final long THINK_TIME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong freshOk = new AtomicLong();

	private final AtomicLong freshFailed = new AtomicLong();

	private final AtomicLong keepAliveOk = new AtomicLong();

	private final AtomicLong keepAliveFailed = new AtomicLong();

	private final AtomicLong keepAliveFirstFailed = new AtomicLong();

	private final AtomicLong keepAliveConnectFailed = new AtomicLong();

	private final AtomicLong slow = new AtomicLong();

	private final AtomicLong maxLatency = new AtomicLong();

	private final Set<String> answers = ConcurrentHashMap.newKeySet();

	private final List<Thread> threads = new ArrayList<>();

	private final int port;

	private final String path;

	private LoadClients(int port, String path) {
		this.port = port;
		this.path = path;
	}

	/**
	 * Assert that a scenario's clients all got answers: requests on new connections and
	 * on keep-alive connections were served, and none failed in any way.
	 * @param result the counts a scenario reported, those of {@link #stop()} among them
	 */
	public static void assertNoRequestFailed(Map<String, Long> result) {
		assertThat(result.get("fresh-ok")).isPositive();
		assertThat(result.get("keepalive-ok")).isPositive();
		assertThat(result.get("fresh-failed")).isZero();
		assertThat(result.get("keepalive-failed")).isZero();
		assertThat(result.get("keepalive-first-failed")).isZero();
		assertThat(result.get("keepalive-connect-failed")).isZero();
	}

	/**
	 * Start clients.
	 * @param port the port on 127.0.0.1
	 * @param path the path to GET
	 * @param fresh the number of threads that open a new connection per request
	 * @param keepAlive the number of threads that reuse connections; every second one
	 * pauses between requests, so that its connection is often idle when a drain begins
	 * @return the running clients
	 */
	public static LoadClients start(int port, String path, int fresh, int keepAlive) {
		LoadClients clients = new LoadClients(port, path);
		for (int i = 0; i < fresh; i++) {
			clients.thread(clients::freshConnections);
		}
		for (int i = 0; i < keepAlive; i++) {
			long thinkNanos = (i % 2 == 0) ? 0 : THINK_TIME_NANOS;
			clients.thread(() -> clients.keepAlive(thinkNanos));
		}
		return clients;
	}

	private void thread(Runnable client) {
		Thread thread = new Thread(client);
		thread.start();
		this.threads.add(thread);
	}

	/**
	 * Stop the clients and wait for them, at most 15 s each.
	 * @return {@code key=value} pairs of the counts
	 * @throws InterruptedException if interrupted while waiting
	 */
	public String stop() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(15_000);
		}
		return counts();
	}

	/**
	 * Wait until the clients have completed more requests, successfully or not, polling
	 * every 5 ms. Scenarios use it for "let traffic flow for a while" instead of a fixed
	 * sleep.
	 * @param requests how many more requests to wait for
	 * @throws InterruptedException if interrupted while waiting
	 * @throws AssertionError if fewer were completed within 30 s: the traffic stopped
	 */
	public void awaitRequests(long requests) throws InterruptedException {
		long start = completed();
		long target = start + requests;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (completed() < target) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Only " + (completed() - start) + " of " + requests
						+ " requests completed within 30 s: " + counts());
			}
			Thread.sleep(5);
		}
	}

	private String counts() {
		return "fresh-ok=" + this.freshOk + " fresh-failed=" + this.freshFailed + " keepalive-ok=" + this.keepAliveOk
				+ " keepalive-failed=" + this.keepAliveFailed + " keepalive-first-failed=" + this.keepAliveFirstFailed
				+ " keepalive-connect-failed=" + this.keepAliveConnectFailed + " slow=" + this.slow + " max-latency-ms="
				+ this.maxLatency;
	}

	private long completed() {
		return this.freshOk.get() + this.freshFailed.get() + this.keepAliveOk.get() + this.keepAliveFailed.get()
				+ this.keepAliveFirstFailed.get() + this.keepAliveConnectFailed.get();
	}

	/**
	 * Forget the answers seen so far; {@link #answers()} then holds only later ones.
	 */
	public void clearAnswers() {
		this.answers.clear();
	}

	/**
	 * Return the response bodies seen (the serving thread names for the test handlers).
	 * @return the answers
	 */
	public Set<String> answers() {
		return this.answers;
	}

	private void freshConnections() {
		while (this.running.get()) {
			long start = System.nanoTime();
			try {
				this.answers.add(RawHttpConnection.get(this.port, this.path));
				this.freshOk.incrementAndGet();
			}
			catch (RuntimeException ex) {
				this.freshFailed.incrementAndGet();
				System.out.println("fresh failure: " + ex);
			}
			long millis = (System.nanoTime() - start) / 1_000_000;
			this.maxLatency.accumulateAndGet(millis, Math::max);
			if (millis > 1000) {
				this.slow.incrementAndGet();
			}
		}
	}

	private void keepAlive(long thinkNanos) {
		RawHttpConnection connection = null;
		long served = 0;
		while (this.running.get()) {
			if (connection == null) {
				connection = open();
				served = 0;
				if (connection == null) {
					continue;
				}
			}
			try {
				this.answers.add(connection.request(this.path, true));
				this.keepAliveOk.incrementAndGet();
				served++;
			}
			catch (RuntimeException ex) {
				connection.close();
				((served > 0) ? this.keepAliveFailed : this.keepAliveFirstFailed).incrementAndGet();
				System.out.println("keep-alive failure" + (connection.responseStarted() ? "" : " before the response")
						+ ": " + ex);
				connection = null;
				continue;
			}
			if (connection.lastHead().toLowerCase(Locale.ROOT).contains("connection: close")) {
				connection.close();
				connection = null;
			}
			if (thinkNanos > 0) {
				LockSupport.parkNanos(thinkNanos);
			}
		}
		if (connection != null) {
			connection.close();
		}
	}

	/**
	 * Open a keep-alive connection; a connection that cannot be opened is counted
	 * ({@code keepalive-connect-failed}), so that no client thread ends unseen, apart
	 * from requests that fail on an open connection ({@code keepalive-failed}).
	 */
	private RawHttpConnection open() {
		try {
			return RawHttpConnection.open(this.port);
		}
		catch (RuntimeException ex) {
			this.keepAliveConnectFailed.incrementAndGet();
			// back off a little, so that a refusing port does not make the client spin
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			System.out.println("keep-alive connect failure: " + ex);
			return null;
		}
	}

}
