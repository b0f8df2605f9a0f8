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

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.reuseport.server.ConnectionBalance;

/**
 * Counters of one worker index. A replacement worker continues the counters of the worker
 * it replaces, so they stay monotonic across restarts (while both run, active connections
 * are their sum). Thread-safe; updated from the event loops and read from any thread.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class WorkerStatistics {

	private final LongAdder accepted = new LongAdder();

	private final AtomicLong active = new AtomicLong();

	private final LongAdder requests = new LongAdder();

	private final LongAdder headerTimeouts = new LongAdder();

	private final LongAdder idleTimeouts = new LongAdder();

	private final LongAdder stalls = new LongAdder();

	private final LongAdder handedOff = new LongAdder();

	void connectionOpened() {
		this.accepted.increment();
		this.active.incrementAndGet();
	}

	void connectionClosed() {
		this.active.decrementAndGet();
	}

	void requestReceived() {
		this.requests.increment();
	}

	void requestHeaderTimedOut() {
		this.headerTimeouts.increment();
	}

	void idleTimedOut() {
		this.idleTimeouts.increment();
	}

	public void stalled() {
		this.stalls.increment();
	}

	void connectionHandedOff() {
		this.handedOff.increment();
	}

	/**
	 * Return the number of TCP connections this worker served since it started: those its
	 * listener accepted and kept, and those other workers' listeners handed to it
	 * ({@link ConnectionBalance#LEAST_CONNECTIONS}).
	 * @return the served connections
	 */
	public long getAcceptedConnections() {
		return this.accepted.sum();
	}

	/**
	 * Return the number of TCP connections this worker's listener accepted and handed to
	 * the worker serving the fewest connections
	 * ({@link ConnectionBalance#LEAST_CONNECTIONS}).
	 * @return the handed-off connections
	 */
	public long getHandedOffConnections() {
		return this.handedOff.sum();
	}

	/**
	 * Return the number of TCP connections open on this worker now.
	 * @return the active connections
	 */
	public long getActiveConnections() {
		return this.active.get();
	}

	/**
	 * Return the number of requests (HTTP/1.1 requests and HTTP/2 streams) whose headers
	 * this worker received.
	 * @return the requests
	 */
	public long getRequests() {
		return this.requests.sum();
	}

	/**
	 * Return the number of connections closed because a request's headers did not arrive
	 * within {@code reuseport.request-header-timeout}.
	 * @return the connections closed for slow headers
	 */
	public long getRequestHeaderTimeouts() {
		return this.headerTimeouts.sum();
	}

	/**
	 * Return the number of connections closed because they waited longer than
	 * {@code reuseport.idle-timeout} for a request.
	 * @return the connections closed for idleness
	 */
	public long getIdleTimeouts() {
		return this.idleTimeouts.sum();
	}

	/**
	 * Return the number of times the watchdog found this worker's event loop stalled.
	 * @return the stalls
	 */
	public long getStalls() {
		return this.stalls.sum();
	}

}
