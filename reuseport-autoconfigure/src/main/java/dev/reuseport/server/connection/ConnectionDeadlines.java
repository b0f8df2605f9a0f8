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
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one event loop that are subject to reuseport's idle and request
 * header deadlines, kept in an intrusive list and checked by one periodic sweep.
 * <p>
 * A request costs two field writes: no timer is scheduled or cancelled per connection or
 * per request, unlike Netty's timeout handlers, and no clock is read. Deadlines are
 * counted in sweeps, which run with a fixed delay of an eighth of the shorter timeout
 * (between 10 ms and 1 s) while the loop has connections; a deadline is enforced no
 * earlier than its timeout after the phase started and at most two sweep intervals later
 * (later still if the loop is busy). Used only from its event loop.
 *
 * @author reuseport team
 */
public final class ConnectionDeadlines {

	private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final EventExecutor loop;

	private final long tickNanos;

	private final long idleTicks;

	private final long headerTicks;

	private long ticks;

	private @Nullable ConnectionDeadlineHandler head;

	private @Nullable ScheduledFuture<?> sweep;

	ConnectionDeadlines(EventExecutor loop, @Nullable Duration idleTimeout, @Nullable Duration headerTimeout) {
		this.loop = loop;
		long idleNanos = (idleTimeout != null) ? idleTimeout.toNanos() : 0;
		long headerNanos = (headerTimeout != null) ? headerTimeout.toNanos() : 0;
		long shortest = Math.min((idleNanos > 0) ? idleNanos : Long.MAX_VALUE,
				(headerNanos > 0) ? headerNanos : Long.MAX_VALUE);
		this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortest / 8));
		this.idleTicks = ticks(idleNanos, this.tickNanos);
		this.headerTicks = ticks(headerNanos, this.tickNanos);
	}

	/**
	 * Return how many sweep intervals cover a timeout, rounded up.
	 * @param timeoutNanos the timeout, 0 for none
	 * @param tickNanos the sweep interval
	 * @return the intervals, 0 for none
	 */
	private static long ticks(long timeoutNanos, long tickNanos) {
		return (timeoutNanos > 0) ? (timeoutNanos + tickNanos - 1) / tickNanos : 0;
	}

	/**
	 * Return the idle deadline for a connection that starts waiting now, or 0 for none.
	 * @return the deadline, in sweeps
	 */
	long idleDeadline() {
		return deadline(this.idleTicks);
	}

	/**
	 * Return the header deadline for a request whose first byte arrives now, or 0 for
	 * none.
	 * @return the deadline, in sweeps
	 */
	long headerDeadline() {
		return deadline(this.headerTicks);
	}

	/**
	 * Return the sweep from which a phase starting now has lasted a timeout: the phase
	 * started after sweep {@code ticks} and before the next one, and sweeps are at least
	 * one interval apart.
	 * @param timeoutTicks the timeout in sweep intervals, 0 for none
	 * @return the deadline, in sweeps, or 0 for none
	 */
	private long deadline(long timeoutTicks) {
		return (timeoutTicks > 0) ? this.ticks + 1 + timeoutTicks : 0;
	}

	void add(ConnectionDeadlineHandler handler) {
		handler.next = this.head;
		if (this.head != null) {
			this.head.previous = handler;
		}
		this.head = handler;
		if (this.sweep == null) {
			this.sweep = this.loop.scheduleWithFixedDelay(this::sweep, this.tickNanos, this.tickNanos,
					TimeUnit.NANOSECONDS);
		}
	}

	void remove(ConnectionDeadlineHandler handler) {
		if (handler.previous != null) {
			handler.previous.next = handler.next;
		}
		else if (this.head == handler) {
			this.head = handler.next;
		}
		if (handler.next != null) {
			handler.next.previous = handler.previous;
		}
		handler.previous = null;
		handler.next = null;
	}

	private void sweep() {
		long now = ++this.ticks;
		ConnectionDeadlineHandler handler = this.head;
		while (handler != null) {
			ConnectionDeadlineHandler next = handler.next;
			handler.checkDeadline(now);
			handler = next;
		}
		if (this.head == null && this.sweep != null) {
			this.sweep.cancel(false);
			this.sweep = null;
		}
	}

}
