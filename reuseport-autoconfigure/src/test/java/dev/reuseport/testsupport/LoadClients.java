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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads that keep sending {@code GET /} to a port until stopped: some on a new
 * connection per request, some on keep-alive connections. Bounded by the caller, which
 * stops them.
 * <p>
 * Keep-alive clients behave as HTTP clients do (RFC 9110 §9.2.2): a GET on a connection
 * the server closed before any byte of the response arrived is retried once on a new
 * connection and counted as retried; anything else is a failure. A response with
 * {@code Connection: close} makes them reconnect.
 *
 * @author reuseport team
 */
public final class LoadClients {

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong freshOk = new AtomicLong();

	private final AtomicLong freshFailed = new AtomicLong();

	private final AtomicLong keepAliveOk = new AtomicLong();

	private final AtomicLong keepAliveFailed = new AtomicLong();

	private final AtomicLong keepAliveRetried = new AtomicLong();

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
	 * Start clients.
	 * @param port the port on 127.0.0.1
	 * @param path the path to GET
	 * @param fresh the number of threads that open a new connection per request
	 * @param keepAlive the number of threads that reuse connections
	 * @return the running clients
	 */
	public static LoadClients start(int port, String path, int fresh, int keepAlive) {
		LoadClients clients = new LoadClients(port, path);
		for (int i = 0; i < fresh; i++) {
			clients.thread(clients::freshConnections);
		}
		for (int i = 0; i < keepAlive; i++) {
			clients.thread(clients::keepAlive);
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
		return "fresh-ok=" + this.freshOk + " fresh-failed=" + this.freshFailed + " keepalive-ok=" + this.keepAliveOk
				+ " keepalive-failed=" + this.keepAliveFailed + " keepalive-retried=" + this.keepAliveRetried
				+ " keepalive-connect-failed=" + this.keepAliveConnectFailed + " slow=" + this.slow + " max-latency-ms="
				+ this.maxLatency;
	}

	/**
	 * Wait until the clients have completed more requests, successfully or not, polling
	 * every 5 ms for at most 30 s. Scenarios use it for "let traffic flow for a while"
	 * instead of a fixed sleep.
	 * @param requests how many more requests to wait for
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void awaitRequests(long requests) throws InterruptedException {
		long target = completed() + requests;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (completed() < target && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
	}

	private long completed() {
		return this.freshOk.get() + this.freshFailed.get() + this.keepAliveOk.get() + this.keepAliveFailed.get()
				+ this.keepAliveConnectFailed.get();
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

	private void keepAlive() {
		RawHttpConnection connection = null;
		while (this.running.get()) {
			if (connection == null) {
				connection = open();
				if (connection == null) {
					continue;
				}
			}
			try {
				this.answers.add(connection.request(this.path, true));
				this.keepAliveOk.incrementAndGet();
			}
			catch (RuntimeException ex) {
				boolean retryable = !connection.responseStarted();
				connection.close();
				connection = retryable ? retry() : null;
				if (!retryable) {
					this.keepAliveFailed.incrementAndGet();
					System.out.println("keep-alive failure: " + ex);
				}
				continue;
			}
			if (connection.lastHead().toLowerCase(Locale.ROOT).contains("connection: close")) {
				connection.close();
				connection = null;
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
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			System.out.println("keep-alive connect failure: " + ex);
			return null;
		}
	}

	/**
	 * Retry a request whose connection closed before any byte of the response, once, on a
	 * new connection, which is kept if it answers. A new connection that cannot be opened
	 * counts as {@code keepalive-connect-failed}; a retry that fails on it, as
	 * {@code keepalive-failed}.
	 */
	private RawHttpConnection retry() {
		RawHttpConnection connection = open();
		if (connection == null) {
			return null;
		}
		try {
			this.answers.add(connection.request(this.path, true));
			this.keepAliveRetried.incrementAndGet();
			return connection;
		}
		catch (RuntimeException ex) {
			connection.close();
			this.keepAliveFailed.incrementAndGet();
			System.out.println("keep-alive failure on retry: " + ex);
			return null;
		}
	}

}
