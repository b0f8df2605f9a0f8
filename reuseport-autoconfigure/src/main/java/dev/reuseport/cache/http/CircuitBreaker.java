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

package dev.reuseport.cache.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Skips a failing dependency: {@code failures} failures in a row open it, and while open
 * every call is skipped at once, with no timeout paid; after {@code openForNanos} one
 * trial call is let through (half-open), whose success closes it and whose failure opens
 * it again. Thread-safe, lock-free.
 *
 * @author reuseport team
 */
final class CircuitBreaker {

	/**
	 * The states, as the breaker's meter shows them.
	 */
	enum State {

		/**
		 * Calls go through.
		 */
		CLOSED,

		/**
		 * Calls are skipped.
		 */
		OPEN,

		/**
		 * One trial call is under way; the others are skipped.
		 */
		HALF_OPEN

	}

	private final int failures;

	private final long openForNanos;

	private final LongSupplier nanoTime;

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);

	private volatile long openedAt;

	CircuitBreaker(int failures, long openForNanos, LongSupplier nanoTime) {
		this.failures = failures;
		this.openForNanos = openForNanos;
		this.nanoTime = nanoTime;
	}

	/**
	 * Return whether a call may go through now; an open breaker whose time is up lets one
	 * caller through as its trial.
	 * @return whether to call
	 */
	boolean allow() {
		State state = this.state.get();
		if (state == State.CLOSED) {
			return true;
		}
		if (state == State.OPEN && this.nanoTime.getAsLong() - this.openedAt >= this.openForNanos) {
			return this.state.compareAndSet(State.OPEN, State.HALF_OPEN);
		}
		return false;
	}

	/**
	 * Record a call that worked.
	 * @return whether this closed the breaker
	 */
	boolean succeeded() {
		this.consecutiveFailures.set(0);
		State state = this.state.get();
		return state != State.CLOSED && this.state.compareAndSet(state, State.CLOSED);
	}

	/**
	 * Record a call that failed or timed out.
	 * @return whether this opened the breaker
	 */
	boolean failed() {
		if (this.state.get() == State.HALF_OPEN || this.consecutiveFailures.incrementAndGet() >= this.failures) {
			State previous = this.state.getAndSet(State.OPEN);
			this.openedAt = this.nanoTime.getAsLong();
			return previous != State.OPEN;
		}
		return false;
	}

	/**
	 * Open the breaker now, as when the connection is known to be gone.
	 */
	void open() {
		this.state.set(State.OPEN);
		this.openedAt = this.nanoTime.getAsLong();
	}

	State getState() {
		return this.state.get();
	}

}
