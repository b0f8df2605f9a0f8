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
 * A request costs a clock read and two field writes: no timer is scheduled or cancelled
 * per connection or per request, unlike Netty's timeout handlers. A deadline is enforced
 * at the next sweep after it passes; sweeps run every eighth of the shorter timeout
 * (between 10 ms and 1 s) while the loop has connections. Used only from its event loop.
 *
 * @author reuseport team
 */
public final class ConnectionDeadlines {

	private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final EventExecutor loop;

	private final long idleNanos;

	private final long headerNanos;

	private final long tickNanos;

	private @Nullable ConnectionDeadlineHandler head;

	private @Nullable ScheduledFuture<?> sweep;

	ConnectionDeadlines(EventExecutor loop, @Nullable Duration idleTimeout, @Nullable Duration headerTimeout) {
		this.loop = loop;
		this.idleNanos = (idleTimeout != null) ? idleTimeout.toNanos() : 0;
		this.headerNanos = (headerTimeout != null) ? headerTimeout.toNanos() : 0;
		long shortest = Math.min((this.idleNanos > 0) ? this.idleNanos : Long.MAX_VALUE,
				(this.headerNanos > 0) ? this.headerNanos : Long.MAX_VALUE);
		this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortest / 8));
	}

	/**
	 * Return the idle deadline for a connection that starts waiting now, or 0 for none.
	 * @return the deadline in {@link System#nanoTime()} terms
	 */
	long idleDeadline() {
		return (this.idleNanos > 0) ? System.nanoTime() + this.idleNanos : 0;
	}

	/**
	 * Return the header deadline for a request whose first byte arrives now, or 0 for
	 * none.
	 * @return the deadline in {@link System#nanoTime()} terms
	 */
	long headerDeadline() {
		return (this.headerNanos > 0) ? System.nanoTime() + this.headerNanos : 0;
	}

	void add(ConnectionDeadlineHandler handler) {
		handler.next = this.head;
		if (this.head != null) {
			this.head.previous = handler;
		}
		this.head = handler;
		if (this.sweep == null) {
			this.sweep = this.loop.scheduleAtFixedRate(this::sweep, this.tickNanos, this.tickNanos,
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
		long now = System.nanoTime();
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
